"""``xlidl schema``: the JSON Schema (draft 2020-12) of libxl's JSON form of an IDL's
types (gen/backend/json_schema.py).

    xlidl schema IDL... [--type TYPE] [--strict] [-o FILE]
"""
from .common import Session, add_command, add_type, check_outputs, write_out


def register(sub, common) -> None:
    p = add_command(
        sub, "schema", common,
        help="write the JSON Schema of libxl's JSON form of the IDL's types",
        description="Write a JSON Schema (draft 2020-12) with a $defs entry per type of "
                    "the IDLs (named as the C type) and TYPE as its root: what the generated "
                    "TYPE_from_json accepts (C integer ranges, enumeration names in any "
                    "case, keyed unions as \"KEY.case\" members, every builtin's format for "
                    "that IDL).  Members libxl does not know are allowed, as libxl ignores "
                    "them; --strict makes them errors, and members of a JSON type libxl "
                    "would ignore too.  See docs/json.md.")
    p.add_argument("idls", nargs="+", metavar="IDL",
                   help="the IDL, and its NAME_internal.idl if wanted")
    add_type(p)
    p.add_argument("--strict", action="store_true",
                   help="forbid unknown members and members libxl would ignore (for "
                        "checking configs)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the schema to FILE (atomically) instead of standard output")
    p.set_defaults(func=run)


def run(s: "Session") -> int:
    from ..backend.json_schema import dumps
    from ..tools.jsontypes import make_schema
    a = s.args
    if a.output:
        check_outputs(a.idls, [("-o", a.output)])
    doc, _ = make_schema(s.load_main_idl(a.idls), a.idls, a.type, a.strict, s.diags.sources)
    text = dumps(doc)
    if a.output:
        from ..backend.files import write_if_changed
        write_if_changed(a.output, text)
    else:
        write_out(text)
    return 0
