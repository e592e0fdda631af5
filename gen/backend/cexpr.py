"""Small C-expression helpers, registered as Jinja globals.

They are idl.py's Type.make_arg / Type.pass_arg and the ``"%s" % value`` formatting that
Xen's generators apply to IDL values, written as pure functions of the model.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Optional

from ..model.types import PASS_BY_REFERENCE, PASS_BY_VALUE, Struct, Type

REF = PASS_BY_REFERENCE
VAL = PASS_BY_VALUE


def ctext(v: "Any") -> str:
    """An IDL value as Python's ``"%s" % v`` shows it (strings as they are, 5, True, None)."""
    return v if type(v) is str else "%s" % (v,)


def make_arg(ty: "Type", n: str, passby: "Optional[int]" = None) -> str:
    """A parameter declaration: ``TYPE n`` or ``TYPE *n`` by the pass-by convention."""
    if passby is None:
        passby = ty.passby
    if passby == REF:
        return "%s *%s" % (ty.typename, n)
    return "%s %s" % (ty.typename, n)


def pass_arg(ty: "Type", n: str, isref: "Optional[bool]" = None,
             passby: "Optional[int]" = None) -> str:
    """The expression that passes ``n`` (a pointer when ``isref``) by ``passby``."""
    if passby is None:
        passby = ty.passby
    if isref is None:
        isref = ty.passby == REF
    if passby == REF:
        return n if isref else "&" + n
    return "*" + n if isref else n


def header_guard(path: str) -> str:
    """The include guard Xen's gentypes.py derives from an output file's basename."""
    return path.split("/")[-1].upper().replace(".", "_")


def by_reference(ty: "Type") -> "Optional[int]":
    """--fix passby-value-struct: structs are passed by reference, whatever their passby
    (as their function definitions always take them); None for other types (their
    own passby)."""
    return REF if isinstance(ty, Struct) else None


def make_arg_fixed(ty: "Type", n: str, passby: "Optional[int]" = None) -> str:
    """make_arg() under --fix passby-value-struct."""
    if passby is None:
        passby = by_reference(ty)
    return make_arg(ty, n, passby)


def pass_arg_fixed(ty: "Type", n: str, isref: "Optional[bool]" = None,
                   passby: "Optional[int]" = None) -> str:
    """pass_arg() under --fix passby-value-struct."""
    own = by_reference(ty) or ty.passby
    if isref is None:
        isref = own == REF
    return pass_arg(ty, n, isref, own if passby is None else passby)
