# Prints, for every code object compiled from a few stdlib modules, its
# co_code and what dis says each instruction is. Runs on 2.7 and 3.6+.
import dis, json, sys, types, binascii
import os, argparse, inspect

def walk(co):
    yield co
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            for x in walk(c):
                yield x

def instructions(co):
    if not hasattr(dis, "get_instructions"):
        # 2.7: only jump targets are known to dis, through findlabels.
        return None, sorted(dis.findlabels(co.co_code))
    out = []
    for ins in dis.get_instructions(co):
        target = None
        if ins.opcode in dis.hasjrel or ins.opcode in dis.hasjabs:
            target = ins.argval
        out.append([ins.offset, ins.opname, ins.arg, target])
    return out, None

result = []
for mod in (os, argparse, inspect):
    src = open(mod.__file__.replace(".pyc", ".py")).read()
    top = compile(src, mod.__file__, "exec")
    for co in walk(top):
        ins, labels = instructions(co)
        result.append({"code": binascii.hexlify(co.co_code).decode(), "ins": ins, "labels": labels})
json.dump(result, sys.stdout)
