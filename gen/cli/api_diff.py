"""``xlidl api-diff OLD.idl NEW.idl``: what an IDL change does to the C API
(gen/tools/api_report.py).

Exit status (gen/errors.py): 0 nothing breaks, 3 breaking changes (EXIT_FINDING, unless
--allow-breaking), 1 errors in the input, 2 wrong usage.  --header's warnings (a feature
no new LIBXL_HAVE_* define covers) change the status only with --werror: then they are
errors in the input (1)."""
import os
import sys

from ..errors import EXIT_FINDING, EXIT_INPUT, Failure
from .common import Session, add_command, write_out

FINDINGS = {EXIT_FINDING: "breaking changes (unless --allow-breaking)"}


def run(s: "Session") -> int:
    from ..tools.api_report import BREAKING, compare
    a = s.args
    for p in (a.old, a.new):
        if not os.path.exists(p):
            raise Failure("'%s': no such file" % p, EXIT_INPUT)
    old = s.load(a.old)
    new = s.load(a.new)
    report = compare(old, new, a.old, a.new)
    header = check_headers(a, report, new) if a.header else None
    s.report()   # the warnings, before the report
    write_out(format_report(report, header, a.format))
    if header is not None and header.uncovered:
        word = "error" if a.werror else "warning"
        for w in header.warnings():
            print("xlidl: %s: %s" % (word, w), file=sys.stderr)
        if a.werror:
            return EXIT_INPUT
    if report.breaking and not a.allow_breaking:
        n = len(report.of(BREAKING))
        print("xlidl: %d breaking change%s (--allow-breaking accepts them)"
              % (n, "" if n == 1 else "s"), file=sys.stderr)
        return EXIT_FINDING
    return 0


def check_headers(a, report, new_idl):
    """--header OLD.h NEW.h: the LIBXL_HAVE_* defines NEW.h adds, matched to the report's
    features (gen/tools/apidiff.py, check_header)."""
    from ..tools.api_report import check_header
    texts = []
    for p in a.header:
        try:
            with open(p, "rb") as f:
                texts.append(f.read().decode("utf-8", "replace"))
        except OSError as e:
            raise Failure("cannot read '%s': %s" % (p, e.strerror or e), EXIT_INPUT)
    return check_header(report, texts[0], texts[1], a.header[0], a.header[1], new_idl)


def format_report(report, header, fmt: str) -> str:
    """The report in text or JSON, with --header's part when given."""
    from ..tools.api_report import format_header_text, format_json, format_text
    if fmt == "json":
        if header is None:
            return format_json(report)
        import json
        doc = json.loads(format_json(report))
        doc["header"] = header.to_json()
        return json.dumps(doc, indent=2) + "\n"
    text = format_text(report)
    return text if header is None else text + "\n" + format_header_text(header)


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
    p.add_argument("--header", nargs=2, metavar=("OLD.h", "NEW.h"),
                   help="the libxl.h of OLD and of NEW: list the LIBXL_HAVE_* defines NEW "
                        "adds, match each feature of the report to one, and warn for each "
                        "feature that none covers (with --werror: status 1)")
    p.add_argument("--allow-breaking", action="store_true",
                   help="exit 0 even when the change breaks the API/ABI")
    p.set_defaults(func=run)
