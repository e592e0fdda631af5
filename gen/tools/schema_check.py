"""``xlidl validate``: documents checked against the JSON Schema of gen/backend/json_schema.py
with the ``jsonschema`` package (the optional extra ``xlidl[validate]``), reported like a
compiler: ``FILE.json:LINE:COL: /b_info/type.hvm/vga/kind: 'stdvgaa' is not one of
'unknown', 'cirrus', 'std', 'none', 'qxl'``.

What is validated is what libxl's parser reads (gen/tools/jsondoc.py ``libxl_view``):
the first of repeated keys, strings cut at a NUL, numbers read from their text as libxl
reads them (``1e3`` is the integer 1, ``1.0`` a double).  The validator is Draft 2020-12's
with two adjustments, so that its verdicts are the schema's as ECMA-262 and libxl see
it: "integer" is a number written without a fraction (jsonschema also takes 1.0), and a
pattern's ``$`` matches only at the end of the string (Python's ``re`` also matches
before a final newline).  docs/json.md lists where the schema and the C parser still
differ.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, Iterator, List, Optional, Tuple

from . import jsondoc


class MissingJsonschema(ImportError):
    """jsonschema is not installed."""


def _jsonschema():
    try:
        import jsonschema
        from jsonschema import validators
    except ImportError:
        raise MissingJsonschema("xlidl validate needs the Python package jsonschema "
                                "(pip install 'xlidl[validate]')") from None
    return jsonschema, validators


def ecma_pattern(pattern: str) -> str:
    """A pattern for Python's re with ECMA-262's meaning of ``$`` (end of the string)."""
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "$":
            c = r"\Z"
        out.append(c)
        i += 1
    return "".join(out)


_validator_class = None


def validator_class():
    """Draft202012Validator with libxl's integers and ECMA-262's ``$`` (module doc)."""
    global _validator_class
    if _validator_class is None:
        import re
        jsonschema, validators = _jsonschema()
        base = jsonschema.Draft202012Validator

        def is_integer(checker, instance):
            return isinstance(instance, int) and not isinstance(instance, bool)

        checker = base.TYPE_CHECKER.redefine("integer", is_integer)
        cache: Dict[str, Any] = {}

        def pattern(validator, patrn, instance, schema):
            if not validator.is_type(instance, "string"):
                return
            rx = cache.get(patrn)
            if rx is None:
                rx = cache[patrn] = re.compile(ecma_pattern(patrn))
            if not rx.search(instance):
                yield jsonschema.ValidationError("%r does not match %r" % (instance, patrn))

        _validator_class = validators.extend(base, {"pattern": pattern},
                                             type_checker=checker)
    return _validator_class


def check_schema(schema: "Dict[str, Any]") -> None:
    """Raise jsonschema's SchemaError if ``schema`` is not a valid Draft 2020-12 schema."""
    jsonschema, _ = _jsonschema()
    jsonschema.Draft202012Validator.check_schema(schema)


class Problem:
    """One message: where (keys; ``node`` when it is not the first of repeated keys),
    the text, and whether it is only a warning."""

    __slots__ = ("keys", "message", "warning", "node")

    def __init__(self, keys: "List[Any]", message: str, warning: bool = False,
                 node: "Optional[jsondoc.Node]" = None):
        self.keys, self.message, self.warning, self.node = keys, message, warning, node

    def where(self, root: "jsondoc.Node") -> "Optional[jsondoc.Node]":
        return self.node if self.node is not None else jsondoc.find(root, self.keys)


def short(value: "Any", limit: int = 60) -> str:
    import json
    if isinstance(value, str):
        s = repr(value)
    else:
        s = json.dumps(value, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit - 3] + "..."


def _message(e) -> "Tuple[List[Any], str]":
    """The path and the message of one jsonschema error, in libxl's terms where the
    schema says more than jsonschema's text does (enumerations, builtins, the keyed-union
    rule, unknown members)."""
    keys = list(e.absolute_path)
    schema = e.schema if isinstance(e.schema, dict) else {}
    v, inst = e.validator, e.instance
    if v == "pattern":
        names = schema.get("examples")
        if isinstance(names, list) and schema.get("pattern", "").startswith("^(?:") \
                and "title" not in schema:
            return keys, "%s is not one of %s" % (short(inst), ", ".join(repr(n) for n in names))
        if "title" in schema:
            return keys, "%s is not %s" % (short(inst), schema["title"])
    if v == "not" and isinstance(e.validator_value, dict) \
            and "description" in e.validator_value:
        return keys, e.validator_value["description"]
    if v == "additionalProperties" and isinstance(inst, dict):
        known = list(schema.get("properties", {}))
        extra = [k for k in inst if k not in known]
        owner = schema.get("title", "this object")
        if len(extra) == 1:
            return keys + extra, "not a member of %s (--strict)%s" % (
                owner, did_you_mean(extra[0], known))
        return keys, "not members of %s (--strict): %s" % (
            owner, ", ".join(repr(k) + did_you_mean(k, known, " (did you mean %r?)")
                             for k in extra))
    if v in ("anyOf", "oneOf") and e.context:
        jsonschema, _ = _jsonschema()
        best = jsonschema.exceptions.best_match(e.context)
        return _message(best)
    if v == "type":
        return keys, "%s is not of type %s" % (short(inst), " or ".join(
            repr(t) for t in (e.validator_value if isinstance(e.validator_value, list)
                              else [e.validator_value])))
    if v in ("minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength"):
        return keys, e.message
    return keys, e.message


def did_you_mean(key: str, known, form: str = "; did you mean %r?") -> str:
    from ..errors import close_match
    close = close_match(key, known)
    return form % close if close else ""


def reading_problems(root: "jsondoc.Node", ty, strict: bool) -> "List[Problem]":
    """What libxl's parser does not read in a document of type ``ty``
    (gen/tools/jsonreport.py): without ``strict``, a warning for each member it ignores
    (unknown, with "did you mean", or of a JSON type it does not read; with ``strict``
    the schema makes them errors); and an error when it reads nothing at the top level:
    the document matches nothing of the type (``{}``, another type's document ...)."""
    from .jsonreport import read_view, why_ignored
    view = read_view(root, ty)
    if any(len(leaf.keys) == 1 and leaf.status not in ("unknown", "wrongtype", "repeated")
           for leaf in view.values()):
        out = []
    else:
        if root.kind != "object":
            why = "it is %s, not an object" % jsondoc.text_of(root)
        elif not root.value:
            why = "it is an empty object"
        else:
            names = [jsondoc.c_string(k) for k, _ in root.value]
            why = "none of its members (%s) is one libxl reads there" % ", ".join(
                repr(n) for n in names[:6] + (["..."] if len(names) > 6 else []))
        out = [Problem([], "the document matches nothing of %s: %s" % (ty.typename, why),
                       False, root)]
    if strict:
        return out
    for leaf in view.values():
        if out and len(leaf.keys) <= 1:
            continue    # (the error above names them)
        if leaf.status == "unknown":
            why = why_ignored(leaf) if leaf.ty is not None else "not a member of %s" \
                % leaf.owner
            out.append(Problem(leaf.keys, "%s: libxl ignores it%s" % (
                why, did_you_mean(leaf.keys[-1], leaf.known)), True, leaf.node))
        elif leaf.status == "wrongtype":
            out.append(Problem(leaf.keys, why_ignored(leaf), True, leaf.node))
    return out


class SchemaValidator:
    """Validates documents against one schema."""

    def __init__(self, schema: "Dict[str, Any]"):
        self.validator = validator_class()(schema)

    def problems(self, root: "jsondoc.Node") -> "List[Problem]":
        """Every problem of a document: schema errors, and repeated keys (warnings:
        libxl reads the first)."""
        out = [Problem(*_message(e)) for e in self.validator.iter_errors(
            jsondoc.libxl_view(root))]
        out += [Problem(keys, "repeated member: libxl reads the first %r only" % keys[-1],
                        True, node) for keys, node in repeated_keys(root)]
        return out

    def is_valid(self, root: "jsondoc.Node") -> bool:
        return self.validator.is_valid(jsondoc.libxl_view(root))


def repeated_keys(root: "jsondoc.Node", keys: "Optional[List[Any]]" = None
                  ) -> "Iterator[Tuple[List[Any], jsondoc.Node]]":
    """(keys, node) of every member whose key repeats an earlier one of its object."""
    keys = keys or []
    if root.kind == "object":
        seen = set()
        for k, v in root.value:
            c = jsondoc.c_string(k)
            if c in seen:
                yield keys + [c], v
                continue
            seen.add(c)
            yield from repeated_keys(v, keys + [c])
    elif root.kind == "array":
        for i, v in enumerate(root.value):
            yield from repeated_keys(v, keys + [i])
