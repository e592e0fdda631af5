"""A readable dump of a checked model, for the test cases' .out files (as QEMU's
tests/qapi-schema keeps one beside each schema): a change of the model shows in review
apart from the C it changes.

Every type bound at top level, in idl.py's order (builtins first), with its attributes,
the facts derived from them (shapes) and its members; anonymous types are shown inside
the member that holds them.  Locations are LINE:COL in the IDL.
"""
from __future__ import annotations

from typing import List, Optional

from xlidl.model.types import (DIR_BOTH, DIR_IN, DIR_NONE, DIR_OUT, PASS_BY_REFERENCE, Aggregate,
                               Array, Enumeration, Field, Idl, KeyedUnion, Member, Number, Type,
                               UInt)

_DIR = {DIR_NONE: "DIR_NONE", DIR_IN: "DIR_IN", DIR_OUT: "DIR_OUT", DIR_BOTH: "DIR_BOTH"}
#: the lines of a type's attributes: (title, ((label, attribute), ...))
_LINES = (
    ("functions", (("dispose", "dispose_fn"), ("copy", "copy_fn"), ("init", "init_fn"),
                   ("check_default", "check_default_fn"),
                   ("copy_deprecated", "copy_deprecated_fn"))),
    ("json", (("gen", "json_gen_fn"), ("jsonc", "jsonc_json_gen_fn"), ("gen_jso", "gen_jso_fn"),
              ("parse", "json_parse_fn"), ("parse_type", "json_parse_type"))),
)
#: autogenerate_* switches, shown by the name of what they switch
_SWITCHES = (("dispose", "autogenerate_dispose_fn"), ("copy", "autogenerate_copy_fn"),
             ("init", "autogenerate_init_fn"), ("json", "autogenerate_json"))
_SHAPES = ("dispose", "copy", "init", "gen_json", "gen_jso", "parse_json", "copy_deprecated")


def _v(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _at(loc) -> str:
    if loc is None or loc.line <= 0:
        return "<builtin>"
    return "%d:%d" % (loc.line, loc.col)


def _name(t: "Optional[Type]") -> str:
    if t is None:
        return "None"
    if t.typename is None:
        return "anonymous %s" % t.cls
    return t.typename


def dump(idl: "Idl") -> str:
    out: List[str] = []
    for t in list(idl.builtins) + list(idl.types):
        _type(t, out, "", "%s %s" % (t.cls, _name(t)))
    return "\n".join(out) + "\n"


def _type(t: "Type", out: "List[str]", ind: str, head: str) -> None:
    names = ", ".join("%s at %s" % (n, _at(loc)) for n, loc in t.bindings)
    out.append("%s%s at %s%s" % (ind, head, _at(t.loc), " (bound: %s)" % names if names else ""))
    ind += "    "
    out.append("%snamespace=%s rawname=%s hidden=%s dir=%s passby=%s private=%s" % (
        ind, _v(t.namespace), _v(t.rawname), _v(t.hidden_flag), _DIR.get(t.dir, _v(t.dir)),
        "PASS_BY_REFERENCE" if t.passby == PASS_BY_REFERENCE else "PASS_BY_VALUE",
        _v(t.private)))
    for title, attrs in _LINES:
        out.append("%s%s: %s" % (ind, title, " ".join("%s=%s" % (label, _v(getattr(t, a)))
                                                      for label, a in attrs)))
    out.append("%sautogenerate: %s; init_val=%s" % (
        ind, " ".join(label for label, a in _SWITCHES if getattr(t, a)) or "nothing",
        _v(t.init_val)))
    out.append("%sas a member: %s" % (ind, " ".join("%s=%s" % (k, getattr(t.nested, k))
                                                    for k in _SHAPES)))
    if t.kwargs:
        out.append("%skeywords given: %s" % (ind, ", ".join(sorted(t.kwargs))))
    if isinstance(t, Number):
        out.append("%ssigned=%s width=%s" % (ind, _v(t.signed), t.width if isinstance(t, UInt) else None))
    if isinstance(t, Enumeration):
        out.append("%svalue_namespace=%s" % (ind, _v(t.value_namespace)))
        for v in t.values:
            out.append("%svalue %s = %d ('%s') at %s" % (ind, v.name, v.value, v.given_name,
                                                         _at(v.loc)))
    if isinstance(t, Array):
        out.append("%selements %s, length %s" % (ind, _name(t.elem_type), _field(t.lenvar)))
    if isinstance(t, KeyedUnion):
        out.append("%skey %s" % (ind, _field(t.keyvar)))
        for f in t.fields:
            _member(f, out, ind, "case %s (%s)" % (f.name, f.enumname))
    elif isinstance(t, Aggregate):
        for f in t.fields:
            _member(f, out, ind, "member %s" % f.name)


def _field(f: "Field") -> str:
    """A key or length member: name, type and its keyword arguments."""
    extra = "".join(" %s=%s" % (k, _v(getattr(f, k))) for k in ("const", "init_val",
                                                                    "deprecated_by")
                    if getattr(f, k) not in (None, False))
    return "%s: %s%s at %s" % (f.name, _name(f.type), extra, _at(f.loc))


def _member(f: "Member", out: "List[str]", ind: str, head: str) -> None:
    extra = "".join(" %s=%s" % (k, _v(getattr(f, k))) for k in ("const", "init_val",
                                                                    "deprecated_by")
                    if getattr(f, k) not in (None, False))
    t = f.type
    if t is not None and t.typename is None:
        _type(t, out, ind, "%s:%s" % (head, extra) + (" %s" % _name(t)))
        return
    out.append("%s%s: %s%s at %s" % (ind, head, _name(t), extra, _at(f.loc)))
