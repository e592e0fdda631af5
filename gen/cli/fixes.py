"""``xlidl fixes``: the upstream bugs ``--fix`` corrects, one line each."""
from ..errors import EXIT_INPUT
from .common import add_command, write_out


def register(sub, common) -> None:
    p = add_command(
        sub, "fixes", common, findings={EXIT_INPUT: None}, debug=False, werror=False,
        help="list the upstream bugs that --fix NAME corrects in the generated C",
        description="List the fixes gentypes, gentest, generate and check apply with --fix "
                    "NAME (repeatable) or --fix all.  By default xlidl writes exactly what "
                    "Xen's generators write, bugs included; each fix corrects one bug and "
                    "changes nothing else (docs/compat.md shows each bug and its fix).")
    p.set_defaults(func=run)


def run(s) -> int:
    from ..model.upstream_fixes import FIXES
    width = max(len(n) for n in FIXES)
    write_out("".join("%-*s  %s\n" % (width, name, text) for name, text in FIXES.items()))
    return 0
