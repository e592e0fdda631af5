#!/usr/bin/env python3
"""Write a large libxl IDL for benchmarks: an input IDL's definitions repeated N times.

Every top-level name and every type name is renamed in each copy (suffix ``_kN``), so the
copies define distinct C types and the generated code grows N-fold.  The IDL is treated as
text: names are found with regular expressions, nothing is executed.

    python3 bench/make_big_idl.py ../shared/xen-idl/master/libxl_types.idl 20 > big.idl
"""
import re
import sys

ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=", re.M)
# The first string argument of a constructor call names the type.
CTOR = re.compile(r"\b(Builtin|Enumeration|Struct|Union|KeyedUnion)\(\s*([\"'])([A-Za-z0-9_]+)\2")


def copy_of(text: str, names: list, k: int) -> str:
    suffix = "_k%d" % k
    text = re.sub(r"\b(%s)\b" % "|".join(map(re.escape, names)),
                  lambda m: m.group(1) + suffix, text)
    return CTOR.sub(lambda m: "%s(%s%s%s%s" % (m.group(1), m.group(2), m.group(3),
                                              suffix, m.group(2)), text)


def main(argv: list) -> int:
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    names = sorted(set(ASSIGN.findall(text)), key=len, reverse=True)
    out = [copy_of(text, names, k) for k in range(1, int(argv[2]) + 1)]
    sys.stdout.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
