"""``xlidl diff OLD NEW``: what an IDL change does to the generated C (gen/tools/gendiff.py).

Exit status: 0 no difference, 1 differences, 2 errors."""
import sys

from .common import Session, add_command, test_seed, write_out

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_ERROR = 2


def run(s: "Session") -> int:
    from ..tools.gendiff import classify, compare, resolve
    from ..tools.textdiff import stat, use_color
    a = s.args
    color = use_color(a.color)
    try:
        old = classify(a.old)
        new = classify(a.new)
        resolve(old, new, lambda path, harness: s.load(path, harness=harness), json=a.json,
                testidl=a.testidl, seed=test_seed(a), argv0=a.argv0)
        diffs = compare(old, new, normalise=not a.no_format, color=color and not a.stat,
                        context=a.context)
    except OSError as e:
        s.report()
        where = " '%s'" % e.filename if getattr(e, "filename", None) else ""
        print("xlidl: error:%s %s" % (where, e.strerror or e), file=sys.stderr)
        return EXIT_ERROR
    if a.stat:
        write_out(stat(diffs, color))
    else:
        for _, d in diffs:
            write_out(d)
    return EXIT_DIFFERENT if diffs else EXIT_SAME


def register(sub, common) -> None:
    p = add_command(
        sub, "diff", common,
        help="show what an IDL change does to the generated C (unified diff)",
        description="Compare the generated C of OLD and NEW.  Each is an IDL file "
                    "(generated first, in memory, with Xen's file names), a folder of "
                    "generated C (its *.c and *.h files), a folder holding only .idl files "
                    "(each generated), or a single C file.  Both sides are normalised "
                    "with clang-format and xlidl's style (see xlidl fmt) so that only real "
                    "code changes show.  Two IDLs with different names are compared as if "
                    "NEW had OLD's name.  Exit status: 0 no difference, 1 differences, "
                    "2 errors.")
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
    p.set_defaults(func=run, input_error_status=EXIT_ERROR)
