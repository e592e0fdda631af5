"""``xlidl fmt``: clang-format with xlidl's Xen-like style (gen/backend/clang_format.py).

Exit status (gen/errors.py): 0 done (or, with --check/--diff, already formatted), 1 a
file that cannot be read or written, 2 wrong usage or clang-format missing, 3 some file
would change (--check/--diff)."""
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict

from ..errors import EXIT_FINDING, EXIT_USAGE, Failure
from .common import Session, add_command, write_out

FINDINGS = {EXIT_FINDING: "--check/--diff: some file would be reformatted"}


def run(s: "Session") -> int:
    from ..backend.clang_format import (config_text, expand, format_c, format_many,
                                      read_text, version)
    a = s.args
    if a.print_config:
        sys.stdout.write(config_text())
        return 0
    if a.version:
        print(version())
        return 0
    if not a.files:
        raise Failure("no FILE given (xlidl fmt --help)", EXIT_USAGE)
    files = expand(a.files)
    if not files:
        raise Failure("no .c or .h file in %s" % ", ".join(a.files), EXIT_USAGE)
    if "-" in files:
        if len(files) > 1:
            raise Failure("'-' (standard input) cannot be mixed with other files", EXIT_USAGE)
        text = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        new = format_c(text, a.assume_filename)
        if a.check or a.diff:
            return _report({a.assume_filename: (text, new)}, a)
        sys.stdout.buffer.write(new.encode("utf-8", "surrogateescape"))
        return 0
    texts: Dict[str, str] = {p: read_text(p) for p in files}
    formatted = format_many([(texts[p], p) for p in files])
    results = {p: (texts[p], new) for p, new in zip(files, formatted)}
    if a.check or a.diff:
        return _report(results, a)
    import os

    from ..resources import replace_file
    changed = []
    for p, (old, new) in results.items():
        if old != new:
            # (undecodable bytes were kept as surrogates, and are written back as they
            # were; a symbolic link keeps pointing at the file, which is formatted)
            replace_file(os.path.realpath(p), new.encode("utf-8", "surrogateescape"))
            changed.append(p)
    if a.verbose:
        for p in changed:
            print("formatted %s" % p, file=sys.stderr)
        print("%d of %d file(s) reformatted" % (len(changed), len(results)), file=sys.stderr)
    return 0


def _report(results: "Dict[str, tuple[str, str]]", a) -> int:
    """--check / --diff: write nothing; EXIT_FINDING when some file is not formatted."""
    from ..tools.textdiff import unified_diff, use_color
    color = use_color(a.color)
    dirty = [p for p, (old, new) in results.items() if old != new]
    if a.diff:
        for p in dirty:
            old, new = results[p]
            write_out(unified_diff(old, new, p, p, color))
    else:
        for p in dirty:
            print("would reformat %s" % p, file=sys.stderr)
    if a.check or a.verbose:
        print("%d of %d file(s) would be reformatted" % (len(dirty), len(results)),
              file=sys.stderr)
    return EXIT_FINDING if dirty else 0


def register(sub, common) -> None:
    p = add_command(
        sub, "fmt", common, findings=FINDINGS, debug=False, werror=False,
        help="format C files with clang-format and xlidl's Xen-like style",
        description="Format C files in place with clang-format (from the clang-format "
                    "package on PyPI: pip install 'xlidl[format]') and the style shipped "
                    "with xlidl, an approximation of Xen's coding style for libxl: 4-space "
                    "indents, 80 columns, function braces on their own line.  Only C "
                    "sources and headers are touched: a FILE must end in .c or .h (anything "
                    "else is refused, and nothing is changed), a FOLDER stands for its *.c "
                    "and *.h files; '-' formats standard input to standard output.  Files are rewritten only when their text changes.",
        epilog="Generated code is never formatted unless asked: xlidl generate writes "
               "exactly what Xen's gentypes.py writes.")
    p.add_argument("files", nargs="*", metavar="FILE", help="C file, folder, or '-'")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; list the files that would change, exit 3 if any")
    mode.add_argument("--diff", action="store_true",
                      help="write nothing; show what would change as a unified diff, exit 3 "
                           "if anything would")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the --diff output (default: auto, on a terminal unless "
                        "NO_COLOR is set)")
    p.add_argument("--assume-filename", default="stdin.c", metavar="NAME",
                   help="file name used for standard input (default: %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="say what was done")
    p.add_argument("--print-config", action="store_true",
                   help="print the clang-format style xlidl uses (save it as .clang-format "
                        "for an editor) and exit")
    p.add_argument("--version", action="store_true",
                   help="print the version of the clang-format in use and exit")
    p.set_defaults(func=run)
