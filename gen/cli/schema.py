"""``xlidl schema``: the JSON Schema (draft 2020-12) of libxl's JSON form of an IDL's
types (gen/backend/schema.py).

    xlidl schema IDL... [--type TYPE] [--strict] [-o FILE]
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import List, Tuple

    from ..model.types import Type

from .common import Session, add_command, check_outputs, find_type, one_idl, write_out

DEFAULT_TYPE = "libxl_domain_config"


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


def add_type(p) -> None:
    p.add_argument("--type", metavar="TYPE",
                   help="the root type (default: %s when the IDL defines it)" % DEFAULT_TYPE)


def load_models(s: "Session", paths: "List[str]") -> list:
    """The checked models of a main IDL and its internal IDL (either order)."""
    main, internal = one_idl(paths)
    return [s.load(main)] + ([s.load(internal)] if internal else [])


def refuse_root(t) -> "str | None":
    """Why a type cannot be the schema's root (its $defs hold the other types)."""
    if t.private:
        return "is private: libxl has no JSON form of it"
    if t.kind == "array":
        return "is an Array: the schema's root is a named type"
    return None


def make_schema(s: "Session", paths: "List[str]", typename, strict: bool) -> "Tuple[dict, Type]":
    """The schema, and the root type."""
    from ..backend.schema import schema
    models = load_models(s, paths)
    root = find_type(models, typename, DEFAULT_TYPE, paths[0], "the root type", refuse_root)
    title = "%s (%s)" % (root.typename, ", ".join(os.path.basename(p) for p in paths))
    return schema(models, root.typename, strict, s.diags.sources, title), root


def run(s: "Session") -> int:
    from ..backend.schema import dumps
    a = s.args
    if a.output:
        check_outputs(a.idls, [("-o", a.output)])
    doc, _ = make_schema(s, a.idls, a.type, a.strict)
    text = dumps(doc)
    if a.output:
        from ..backend.files import write_if_changed
        write_if_changed(a.output, text)
    else:
        write_out(text)
    return 0
