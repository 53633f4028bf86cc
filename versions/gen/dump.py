# dump.py prints, as one JSON object on stdout, the opcode facts of the
# interpreter that runs it. It must run unchanged on CPython 2.7 and 3.6+.
# The Go side (versions.tableFromDump) turns the facts into an OpcodeTable;
# this script only reports what the interpreter's modules say.
from __future__ import print_function

import json
import marshal
import platform
import sys

import dis
import opcode


def names_of(numbers, bynum):
    # has* lists hold numbers; report the names of those opmap knows
    # (3.12's hasfree still lists 148, the removed LOAD_CLASSDEREF).
    out = []
    for n in numbers:
        if n in bynum:
            out.append(bynum[n])
    return sorted(set(out))


def magic_number():
    if sys.version_info[0] == 2:
        import imp
        raw = imp.get_magic()
        return ord(raw[0]) | (ord(raw[1]) << 8)
    import importlib.util
    raw = importlib.util.MAGIC_NUMBER
    return raw[0] | (raw[1] << 8)


# The arguments at which every opcode's stack effect is sampled: all one-byte
# values, every single bit up to 2**30 (the Go side fits per-bit weights to
# these) and a few mixed values to check the fit on. 2.7 has no
# dis.stack_effect; the Go side samples its hand-written table at the same
# arguments.
EFFECT_ARGS = (list(range(256)) + [1 << b for b in range(8, 31)] +
               [257, 258, 511, 515, 771, 1031, 4095, 0x1234, 65535, 65537,
                65793, 0x12345, (1 << 20) + 5, 0x7fffff, (1 << 24) - 1])


def takes_arg(op):
    # 3.13+ decide by hasarg (HAVE_ARGUMENT is WITH_EXCEPT_START there).
    if sys.version_info >= (3, 13):
        return op in opcode.hasarg
    return op >= opcode.HAVE_ARGUMENT


def effect(op, arg, jump):
    try:
        if jump is None:
            return dis.stack_effect(op, arg)
        return dis.stack_effect(op, arg, jump=jump)
    except ValueError:
        return None


def stack_effects(opmap):
    # name -> {"arg": takes an argument, "max"/"jump"/"nojump": effects at
    # EFFECT_ARGS (one value, at no argument, for an op without one); None
    # where the interpreter rejects the argument}. "jump"/"nojump" only from
    # 3.8, where dis.stack_effect has its jump parameter; "max" is jump=None,
    # the larger of the two (the only value 3.6 and 3.7 report).
    out = {}
    modes = [("max", None)]
    if sys.version_info >= (3, 8):
        modes += [("jump", True), ("nojump", False)]
    for name, op in opmap.items():
        if op >= 256:
            continue
        has = takes_arg(op)
        args = EFFECT_ARGS if has else [None]
        entry = {"arg": has}
        for key, jump in modes:
            entry[key] = [effect(op, a, jump) for a in args]
        out[name] = entry
    return out


def constant_name(value):
    # A common constant's name: a class's or builtin's __name__, the word
    # for None, True and False; "" for the rest ('' and -1), which have none.
    if value is None or value is True or value is False:
        return repr(value)
    if isinstance(value, (type, type(len))):
        return str(value.__name__)
    return ""


def arg_tables():
    # The tables in which the interpreter names the values of opcode
    # arguments, by the attribute's name; each a list of names by value
    # (bit number for the flag tables). Absent where the release has none.
    out = {}
    for attr in ("_intrinsic_1_descs", "_intrinsic_2_descs",
                 "_special_method_names", "MAKE_FUNCTION_FLAGS",
                 "FUNCTION_ATTR_FLAGS"):
        value = getattr(dis, attr, None)
        if value is None:
            value = getattr(opcode, attr, None)
        if value is not None:
            out[attr] = [str(n) for n in value]
    converters = getattr(dis, "FORMAT_VALUE_CONVERTERS", None)
    if converters is not None:
        out["FORMAT_VALUE_CONVERTERS"] = [str(name) for _, name in converters]
    constants = getattr(opcode, "_common_constants", None)
    if constants is not None:
        out["_common_constants"] = [constant_name(c) for c in constants]
    return out


def main():
    opmap = dict((str(k), int(v)) for k, v in opcode.opmap.items())
    bynum = dict((v, k) for k, v in opmap.items())

    facts = {
        "version": [sys.version_info[0], sys.version_info[1]],
        "full_version": platform.python_version(),
        "magic": magic_number(),
        "marshal_version": marshal.version,
        "opmap": opmap,
        "have_argument": opcode.HAVE_ARGUMENT,
        "extended_arg": opcode.EXTENDED_ARG,
        "cmp_op": [str(c) for c in opcode.cmp_op],
    }
    for attr in ("hasarg", "hasconst", "hasname", "haslocal", "hasfree",
                 "hascompare", "hasjrel", "hasjabs", "hasjump"):
        if hasattr(opcode, attr):
            facts[attr] = names_of(getattr(opcode, attr), bynum)

    # Inline cache entries (3.11+): a list indexed by opcode in 3.11/3.12,
    # a mapping by name from 3.13 (a frozendict in 3.15).
    caches = {}
    entries = getattr(opcode, "_inline_cache_entries", None)
    if entries is None:
        entries = getattr(dis, "_inline_cache_entries", None)
    if entries is not None:
        if isinstance(entries, (list, tuple)):
            for num, count in enumerate(entries):
                if count and num in bynum:
                    caches[bynum[num]] = int(count)
        else:
            for name in entries:
                count = entries[name]
                if count:
                    caches[str(name)] = int(count)
    facts["caches"] = caches

    # Specialized instruction names: a list in 3.11/3.12, a name->number
    # mapping from 3.13 (also in _opcode_metadata).
    specialized = set()
    for attr in ("_specialized_instructions", "_specialized_opmap"):
        value = getattr(opcode, attr, None)
        if value is not None:
            specialized.update(str(n) for n in value)
    try:
        import _opcode_metadata
        specialized.update(str(n) for n in getattr(_opcode_metadata, "_specialized_opmap", {}))
    except ImportError:
        pass
    facts["specialized"] = sorted(specialized)

    nb_ops = getattr(opcode, "_nb_ops", None)
    if nb_ops is None:
        nb_ops = getattr(dis, "_nb_ops", None)
    if nb_ops is not None:
        facts["nb_ops"] = [[str(name), str(symbol)] for name, symbol in nb_ops]

    facts["arg_tables"] = arg_tables()

    facts["effect_args"] = EFFECT_ARGS
    if hasattr(dis, "stack_effect"):
        facts["stack_effects"] = stack_effects(opmap)

    print(json.dumps(facts, sort_keys=True))


main()
