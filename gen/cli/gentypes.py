"""``xlidl gentypes``: gentypes.py's four files, with gentypes.py's arguments."""
from .common import add_command, add_fix, check_outputs


def register(sub, common) -> None:
    g = add_command(
        sub, "gentypes", common,
        help="write the four gentypes.py outputs (same arguments as gentypes.py)",
        description="Write the type header, the private header, the JSON header and the "
                    "implementation for IDL, exactly as Xen's gentypes.py does.  The banner "
                    "of each file records the invocation: --argv0 gentypes.py makes the "
                    "output byte-identical to gentypes.py run with the same arguments.")
    g.add_argument("--argv0", default="xlidl gentypes", metavar="NAME",
                   help="program name shown in the banner (default: %(default)s)")
    g.add_argument("--libjsonc", action="store_true",
                   help="generate JSON with json-c (TYPE_gen_jso) instead of yajl, like "
                        "gentypes.py --libjsonc")
    add_fix(g)
    g.add_argument("idl", metavar="IDL")
    g.add_argument("header", metavar="HEADER", help="e.g. __libxl_types.h")
    g.add_argument("header_private", metavar="HEADER_PRIVATE", help="e.g. __libxl_types_private.h")
    g.add_argument("header_json", metavar="HEADER_JSON", help="e.g. __libxl_types_json.h")
    g.add_argument("impl", metavar="IMPL", help="e.g. __libxl_types.c")
    g.set_defaults(func=run)


def run(s) -> int:
    from ..backend.files import write_all
    from ..backend.render import gentypes_outputs
    a = s.args
    check_outputs([a.idl], [("HEADER", a.header), ("HEADER_PRIVATE", a.header_private),
                            ("HEADER_JSON", a.header_json), ("IMPL", a.impl)])
    idl = s.load(a.idl)
    banner = " ".join([a.argv0, a.idl, a.header, a.header_private, a.header_json, a.impl])
    paths = dict(header=a.header, header_private=a.header_private,
                 header_json=a.header_json, impl=a.impl)
    files = gentypes_outputs(idl, banner, paths,
                             s.options(json="jsonc" if a.libjsonc else "yajl"))
    s.keep.append(files)
    write_all(files)
    return 0
