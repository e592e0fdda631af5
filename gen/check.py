"""Checks on a whole built model: what idl.py accepts but Xen's generators cannot turn
into C (they crash, or write C that does not compile).  Each problem is reported at the
IDL node responsible."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import model as M

if TYPE_CHECKING:
    from .build import Builder


def check(idl: M.Idl, b: "Builder") -> None:
    from .errors import IdlError
    for t in idl.types:
        where = t.bound_name or t.typename
        if t.kind in ("type", "array"):
            b.diags.append(_err(t.loc, "'%s' is %s; only enumerations and aggregates can be "
                                "defined at top level" % (where, "an Array" if t.is_array
                                                          else "a plain Type")))
        elif t.is_keyed_union:
            b.diags.append(_err(t.loc, "KeyedUnion '%s' is defined at top level; a keyed union "
                                "can only be a member of a struct" % where))
        elif t.typename is None:
            b.diags.append(_err(t.loc, "'%s' is anonymous; a type defined at top level needs a "
                                "name" % where))
        elif t.namespace is None and t.json_parse_fn is not None:
            b.diags.append(_err(t.loc, "'%s' has namespace=None but a JSON parser; Xen's "
                                "generator names parsers NAMESPACE_NAME_parse_json and fails "
                                "without a namespace (give json_parse_fn=None or a namespace)"
                                % where))
    if b.diags:
        raise IdlError(b.diags)


def _err(loc, msg):
    from .errors import Diagnostic
    return Diagnostic(loc, "error", msg)
