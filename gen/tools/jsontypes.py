"""The type of the JSON documents a command works on (``--type``): which type of the
IDLs it is, and why a type will not do (``xlidl json``, ``schema``, ``validate``); the
schema rooted at it."""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, List, Optional, Tuple

    from ..model.types import Idl, Type

from ..errors import EXIT_USAGE, Failure, close_match
from ..model.types import Array, Builtin

#: the type of the documents when --type is not given, if the IDL defines it
DEFAULT_TYPE = "libxl_domain_config"


def find_type(models: "List[Idl]", typename: "Optional[str]", default: str, what: str,
              role: str, refuse: "Callable[[Type], Optional[str]]") -> "Type":
    """The type ``--type`` names (else ``default``) in the models of ``what`` (an IDL),
    for a command's ``role`` ("the documents' type" ...); Failure (wrong usage) when the
    IDLs lack it or ``refuse(type)`` gives why it will not do."""
    want = typename or default
    found = None
    for m in models:
        found = found or m.lookup(want)
    if found is not None:
        why = refuse(found)
        if why is None:
            return found
        raise Failure("%s: %s %s" % (what, want, why), EXIT_USAGE)
    if typename is None:
        raise Failure("%s does not define %s: give %s with --type" % (what, default, role),
                      EXIT_USAGE)
    close = close_match(want, [t.typename for m in models
                               for t in list(m.types) + list(m.builtins) if t.typename])
    raise Failure("%s: no type %s%s" % (what, want, "; did you mean %s?" % close
                                          if close else ""), EXIT_USAGE)


def refuse_document_type(t: "Type") -> "Optional[str]":
    """Why the documents of ``xlidl json`` cannot be of type ``t``."""
    if isinstance(t, Builtin):
        return ("is a builtin type: its JSON functions are libxl's own code, not generated "
                "from the IDL; give a type the IDL defines")
    return None


def refuse_root(t: "Type") -> "Optional[str]":
    """Why a type cannot be a schema's root (its $defs hold the other types)."""
    if t.private:
        return "is private: libxl has no JSON form of it"
    if isinstance(t, Array):
        return "is an Array: the schema's root is a named type"
    return None


def make_schema(models: "List[Idl]", paths: "List[str]", typename: "Optional[str]",
                strict: bool, sources: "Dict[str, str]") -> "Tuple[Dict[str, Any], Type]":
    """The JSON Schema of the models (gen/backend/json_schema.py) rooted at the type
    ``--type`` names (``paths``: the IDLs, for the title and messages; ``sources``: their
    texts, for the descriptions), and the root type."""
    import os

    from ..backend.json_schema import schema
    root = find_type(models, typename, DEFAULT_TYPE, paths[0], "the root type", refuse_root)
    title = "%s (%s)" % (root.typename, ", ".join(os.path.basename(p) for p in paths))
    return schema(models, str(root.typename), strict, sources, title), root
