"""``xlidl api-diff OLD.idl NEW.idl``: what an IDL change does to the C API
(gen/tools/api_report.py).

Exit status (gen/errors.py): 0 nothing breaks, 3 breaking changes (EXIT_FINDING, unless
--allow-breaking), 1 errors in the input, 2 wrong usage."""
import os
import sys

from ..errors import EXIT_FINDING, EXIT_INPUT, Failure
from .common import Session, add_command, write_out

FINDINGS = {EXIT_FINDING: "breaking changes (unless --allow-breaking)"}


def run(s: "Session") -> int:
    from ..tools.api_report import BREAKING, compare, format_json, format_text
    a = s.args
    for p in (a.old, a.new):
        if not os.path.exists(p):
            raise Failure("'%s': no such file" % p, EXIT_INPUT)
    old = s.load(a.old)
    new = s.load(a.new)
    report = compare(old, new, a.old, a.new)
    s.report()   # the warnings, before the report
    write_out(format_json(report) if a.format == "json" else format_text(report))
    if report.breaking and not a.allow_breaking:
        n = len(report.of(BREAKING))
        print("xlidl: %d breaking change%s (--allow-breaking accepts them)"
              % (n, "" if n == 1 else "s"), file=sys.stderr)
        return EXIT_FINDING
    return 0


def register(sub, common) -> None:
    p = add_command(
        sub, "api-diff", common, findings=FINDINGS,
        help="report what an IDL change does to the C API (breaks, additions, LIBXL_HAVE_*)",
        description="Compare two versions of an IDL and report the changes of the C API "
                    "with C names and IDL locations: types, fields, keyed-union cases and "
                    "enumeration values added, removed, renamed (as it looks) or retyped, "
                    "values renumbered, fields reordered, passby changed.  Changes that "
                    "break existing users are flagged; additions are grouped into the "
                    "LIBXL_HAVE_* defines libxl.h should get.")
    p.add_argument("old", metavar="OLD.idl")
    p.add_argument("new", metavar="NEW.idl")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="report format (default: %(default)s)")
    p.add_argument("--allow-breaking", action="store_true",
                   help="exit 0 even when the change breaks the API/ABI")
    p.set_defaults(func=run)
