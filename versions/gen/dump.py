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

    print(json.dumps(facts, sort_keys=True))


main()
