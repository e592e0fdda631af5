"""``xlidl diff OLD NEW``: what an IDL change does to the generated C (gen/tools/gendiff.py).

Exit status (gen/errors.py): 0 no difference, 3 differences (EXIT_FINDING), 1 errors in
the input, 2 wrong usage or clang-format missing."""
import sys

from ..errors import EXIT_FINDING, EXIT_INPUT
from .common import Session, add_command, os_error_message, write_out

FINDINGS = {EXIT_FINDING: "the generated code differs"}


def run(s: "Session") -> int:
    from ..tools.gendiff import classify, compare, resolve
    from ..tools.textdiff import stat, use_color
    a = s.args
    color = use_color(a.color)
    try:
        old = classify(a.old)
        new = classify(a.new)
        resolve(old, new, s.load_for, s.options(testidl=bool(a.testidl)), a.testidl)
        diffs = compare(old, new, normalise=not a.no_format, color=color and not a.stat,
                        context=a.context)
    except OSError as e:
        s.report()
        print("xlidl: error: %s" % os_error_message(e, "read"), file=sys.stderr)
        return EXIT_INPUT
    if a.stat:
        write_out(stat(diffs, color))
    else:
        for _, d in diffs:
            write_out(d)
    return EXIT_FINDING if diffs else 0


def register(sub, common) -> None:
    p = add_command(
        sub, "diff", common, findings=FINDINGS,
        help="show what an IDL change does to the generated C (unified diff)",
        description="Compare the generated C of OLD and NEW.  Each is an IDL file "
                    "(generated first, in memory, with Xen's file names), a folder of "
                    "generated C (its *.c and *.h files), a folder holding only .idl files "
                    "(each generated), or a single C file.  Both sides are normalised "
                    "with clang-format and xlidl's style (see xlidl fmt) so that only real "
                    "code changes show.  Two IDLs with different names are compared as if "
                    "NEW had OLD's name.  Without clang-format, --no-format compares the "
                    "text as it is.")
    p.add_argument("old", metavar="OLD", help="IDL file or folder")
    p.add_argument("new", metavar="NEW", help="IDL file or folder")
    p.add_argument("--stat", action="store_true",
                   help="show a summary (lines changed per file) instead of the diff")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the output (default: auto, on a terminal unless NO_COLOR "
                        "is set)")
    p.add_argument("-U", "--context", type=int, default=3, metavar="N",
                   help="lines of context (default: %(default)s)")
    p.add_argument("--no-format", action="store_true",
                   help="compare the text as it is, without clang-format")
    p.add_argument("--json", choices=("yajl", "jsonc"), default="yajl",
                   help="JSON backend used to generate IDLs (default: %(default)s)")
    p.add_argument("--testidl", dest="testidl", action="store_true", default=None,
                   help="also generate and compare the test harness of IDLs (default: only "
                        "when the other side is a folder that has one)")
    p.add_argument("--no-testidl", dest="testidl", action="store_false",
                   help="never generate test harnesses")
    p.add_argument("--seed", metavar="S",
                   help="test harness seed (default: LIBXL_TESTIDL_SEED, else 'xlidl')")
    p.add_argument("--argv0", metavar="NAME",
                   help="program name in the banners of generated IDLs (default: as xlidl "
                        "generate; 'gentypes.py' to compare with files from Xen's build)")
    p.set_defaults(func=run)
