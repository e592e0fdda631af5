"""``xlidl gengotypes``: the Go package's types.gen.go and helpers.gen.go, with
gengotypes.py's arguments (gen/model/gocheck.py, gen/backend/golang.py)."""
from ..errors import EXIT_FINDING
from .common import add_color, add_command, check_files, check_outputs

FINDINGS = {EXIT_FINDING: "--check: TYPES_GO and HELPERS_GO are not what would be generated"}


def register(sub, common) -> None:
    g = add_command(
        sub, "gengotypes", common, findings=FINDINGS,
        help="write the Go bindings' types.gen.go and helpers.gen.go (as gengotypes.py)",
        description="Write types.gen.go and helpers.gen.go of Xen's Go package xenlight "
                    "for IDL, exactly as Xen's tools/golang/xenlight/gengotypes.py does.  "
                    "The banner names the program: --argv0 gengotypes.py makes the output "
                    "byte-identical to gengotypes.py run with the same arguments.  IDL that "
                    "gengotypes.py turns into Go that does not compile gets a warning; "
                    "where gengotypes.py stops, xlidl reports an error.")
    g.add_argument("--argv0", default="xlidl gengotypes", metavar="NAME",
                   help="program name shown in the banner (default: %(default)s)")
    g.add_argument("idl", metavar="IDL")
    g.add_argument("types", metavar="TYPES_GO", help="e.g. types.gen.go")
    g.add_argument("helpers", metavar="HELPERS_GO", help="e.g. helpers.gen.go")
    g.add_argument("--check", action="store_true",
                   help="write nothing; exit 3 and show the differences when TYPES_GO and "
                        "HELPERS_GO are not what would be generated (for CI: Xen commits "
                        "them)")
    add_color(g, "the --check diff")
    g.set_defaults(func=run)


def run(s) -> int:
    from ..backend import golang
    from ..backend.files import write_all
    a = s.args
    check_outputs([a.idl], [("TYPES_GO", a.types), ("HELPERS_GO", a.helpers)])
    idl = s.load(a.idl, go=True)
    out = golang.go_outputs(idl, a.argv0, a.idl)
    files = {a.types: out["types"], a.helpers: out["helpers"]}
    s.keep.append(files)
    if a.check:
        return check_files(files, color=a.color)
    write_all(files)
    return 0
