"""Helpers of the JSON Schema tests: the schema of an IDL, one validator per
type, and the JSON values a testidl run prints (tests/test_schema.py,
tests/test_libxenlight.py)."""
from __future__ import annotations

import json
import re
from typing import Dict, Iterator, List, Sequence, Tuple

from xlidl import api
from xlidl.backend import json_schema as S
from xlidl.errors import Diagnostics
from xlidl.tools import jsondoc
from xlidl.tools.schema_check import SchemaValidator

#: "<type>: <json>" (testidl's to/from_json part) and the enumerations' "to JSON" blocks
TYPE_LINE = re.compile(r"^([A-Za-z_]\w*): ", re.M)
TO_JSON_BLOCK = re.compile(r"^([A-Za-z_]\w*) -- to JSON:\n(.*?)\1 -- from string:", re.M | re.S)
ENUM_JSON = re.compile(r'\t\w+ = -?\d+ = ("(?:[^"\\]|\\.)*"|null)')


class IdlSchemas:
    """The schema of some IDLs (a main IDL and its internal IDL), and a validator for
    each of their types as the root."""

    def __init__(self, paths: Sequence[str], strict: bool = False):
        d = Diagnostics()
        self.models = [api.load(str(p), diags=d) for p in paths]
        self.sources = d.sources
        self.strict = strict
        root = next((n for n in ("libxl_domain_config",) for m in self.models
                     if m.lookup(n)), None) or self.some_type()
        self.schema = S.schema(self.models, root, strict, self.sources)
        self._validators: Dict[str, SchemaValidator] = {}

    def some_type(self) -> str:
        return [t for m in self.models for t in m.types
                if t.typename and t.kind == "struct" and not t.private][-1].typename

    def validator(self, typename: str) -> SchemaValidator:
        v = self._validators.get(typename)
        if v is None:
            name = S.def_name(next(t for m in self.models for t in list(m.types) + list(m.builtins)
                                   if t.typename == typename))
            doc = dict(self.schema)
            doc["$ref"] = "#/$defs/%s" % name
            v = self._validators[typename] = SchemaValidator(doc)
        return v

    def problems(self, typename: str, text: str) -> List[str]:
        root = jsondoc.parse(text)
        return ["%s: %s" % (jsondoc.pointer_of(p.keys) or "/", p.message)
                for p in self.validator(typename).problems(root) if not p.warning]


def printed_values(stdout: str) -> Iterator[Tuple[str, str]]:
    """(type, JSON text) of every value a testidl run prints: the "<type>: <json>" lines
    (yajl's or json-c's form) and the enumeration values of the "to JSON" blocks."""
    decoder = json.JSONDecoder()
    blocks = [(m.start(2), m.end(2)) for m in TO_JSON_BLOCK.finditer(stdout)]
    for m in TYPE_LINE.finditer(stdout):
        if any(a <= m.start() < b for a, b in blocks):
            continue
        try:
            _, end = decoder.raw_decode(stdout, m.end())
        except ValueError:
            continue    # a line of testidl's own text that looks alike
        yield m.group(1), stdout[m.end():end]
    for m in TO_JSON_BLOCK.finditer(stdout):
        for v in ENUM_JSON.finditer(m.group(2)):
            yield m.group(1), v.group(1)


def invalid_testidl_values(schemas: IdlSchemas, stdout: str) -> Tuple[int, List[str]]:
    """How many values testidl printed, and the problems of those that do not validate."""
    n = 0
    bad = []
    for typename, text in printed_values(stdout):
        n += 1
        for p in schemas.problems(typename, text):
            bad.append("%s %s: %s" % (typename, text[:80].replace("\n", " "), p))
    return n, bad
