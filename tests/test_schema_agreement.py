"""The schema agrees with the parser: what ``xlidl validate`` accepts is what the
generated TYPE_from_json accepts.

A hypothesis test mutates valid documents and compares two verdicts on each: the schema's
(``xlidl validate``'s reading and validator: gen/tools/schema_check.py) and the generated C
parser's, built with xlidl's runtime (``xlidl json``'s program, gen/tools/libxljson.py:
TYPE_from_json accepts, or rejects or aborts).  They must be equal, except for the kinds
of disagreement docs/json.md lists, each recognised by a predicate below
(:func:`disagreement`) and counted, never by loosening the comparison.  And --strict
never accepts what the parser rejects.

The valid documents are everything testidl prints for its types (seed 1), and for
stable-4.17 also the real xl 4.17 documents of tests/xl/.  The IDLs: stable-4.17 (the cpuid
policy in the map format), master, and tests/c/idl/features.idl (every builtin, the
legacy cpuid array).  A mutation (one or two per document) is one of: a value of the wrong
JSON type, an integer at or beyond a C range's ends, a number written 1e3 or 1.0, a bad or
re-cased enumeration name, a keyed-union case renamed, added, removed or made unknown, a
malformed builtin (defbool, uuid, mac, bitmap, hwcap, ms_vm_genid, string and key/value
lists, cpuid policy), or a member removed, renamed, repeated or unknown.

Hypothesis runs derandomized with a bounded number of examples (EXAMPLES), so a CI run is
reproducible.  The listed disagreements are also shown to be real by
test_listed_disagreements_are_real.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from conftest import ROOT, TESTS, have_program, need, xen_idl

from schemacheck import IdlSchemas, printed_values

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from xlidl.backend.json_schema import BITMAP_MAX_BIT  # noqa: E402
from xlidl.tools import jsondoc, libxljson  # noqa: E402
from xlidl.tools.jsondoc import Node  # noqa: E402
from xlidl.tools.jsonreport import read_view  # noqa: E402

pytestmark = pytest.mark.slow

#: examples per IDL
EXAMPLES = {"stable-4.17": 1200, "master": 600, "features": 600}
FEATURES = TESTS / "c" / "idl" / "features.idl"

LLONG_MIN, LLONG_MAX = -(1 << 63), (1 << 63) - 1
BOUNDARY_INTS = sorted({x for b in (8, 16, 31, 32, 63, 64) for x in
                        (1 << b, (1 << b) - 1, -(1 << b), -(1 << b) - 1)} | {0, 1, -1})
NUMBER_TEXTS = ["1e3", "1.0", "-0", "2E1", "0.5", "1.5e400", "-1e2", "100000000000000000000"]
ANY_VALUES = ['"x"', '""', "null", "true", "false", "0", "-3", "1.5", "{}", "[]", "[1]",
              '["a"]', '{"a": "b"}', '{"a": 1}', "[{}]"]
BUILTIN_VALUES = {
    "libxl__defbool_parse_json": ['"True"', '"False"', '"<default>"', '"Truex"', '"true"',
                                  '"TRUE"', '""', '"<def>"', '"Falsehood"', "true", "null"],
    "libxl__uuid_parse_json": ['"5a8f3c7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b"',
                               '"5A8F3C7E-1B2D-4E6F-8A9B-0C1D2E3F4A5B"',
                               '"5a8f3c7e-1b2d-4e6f-8a9b-0c1d2e3f4a5"',
                               '"5a8f3c7e-1b2d-4e6f-8a9b-0c1d2e3f4a5bb"',
                               '"5a8f3c7e1b2d-4e6f-8a9b-0c1d2e3f4a5b0"',
                               '"5a8f3c7e-1b2d-4e6f-8a9b-0c1d2e3f4a5g"',
                               '"5a8f3c7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b\\n"', '""'],
    "libxl__mac_parse_json": ['"00:16:3e:aa:bb:cc"', '"00:16:3E:AA:BB:CC"', '"00:16:3e:aa:bb"',
                              '"00:16:3e:aa:bb:cc:"', '"0:16:3e:aa:bb:cc"', '"00-16-3e-aa-bb-cc"',
                              '"00:16:3e:aa:bb:cg"', '"00:16:3e:aa:bb:cc\\n"', '""'],
    "libxl__bitmap_parse_json": ["[]", "[0]", "[3, 1]", "[1, -2]", "[-2, 1]", "[1, 2147483639]",
                                 "[1, 2147483640]", "[2147483640, 1]", '[1, "2"]', "[1.0]",
                                 "[1, 2.5]", "[9223372036854775808]", "[[1]]"],
    "libxl__string_list_parse_json": ['[]', '["a", "b"]', '["a", null]', '[1]', '[["a"]]'],
    "libxl__key_value_list_parse_json": ['{}', '{"a": "b"}', '{"a": null}', '{"a": 1}',
                                         '{"a": "b", "a": "c"}', '{"a": "b", "a": 1}',
                                         '{"a": {}}', '[]'],
    "libxl__hwcap_parse_json": ["[1, 2, 3, 4]", "[1, 2, 3]", "[1, 2, 3, 4, 5]",
                                '[1, 2, 3, "4"]', '[1, 2, 3, 4, "x"]', "[1, 2, 3, 4294967296]",
                                "[1, 2, 3, 9223372036854775808]", "[]", "{}"],
    "libxl__ms_vm_genid_parse_json": ["[%s]" % ", ".join(["7"] * n) for n in (15, 16, 17)] + [
        "[%s, 256]" % ", ".join(["7"] * 15), "[%s, -1]" % ", ".join(["7"] * 15),
        '[%s, "x"]' % ", ".join(["7"] * 15), "[]"],
    "libxl__cpuid_policy_list_parse_json": [
        "[]", "[{}]", '[{"leaf": 1, "ecx": "x"}]', "[1]", '[{"leaf": 1}, 2]',
        '{"cpuid": [], "msr": []}', '{"cpuid": []}', '{"msr": []}', '{"cpuid": {}, "msr": []}',
        '{"cpuid": [], "msr": [{"index": 1, "policy": "%s"}]}' % ("x" * 64),
        '{"cpuid": [], "msr": [{"index": 1, "policy": "%s"}]}' % ("x" * 63),
        '{"cpuid": [], "msr": [{"index": 1, "policy": "%s"}]}' % ("\u00e9" * 32),
        '{"cpuid": [], "msr": [{"index": 1.0, "policy": "%s"}]}' % ("x" * 64),
        '{"cpuid": [], "msr": [{"policy": "%s"}]}' % ("x" * 64),
        '{"cpuid": [], "msr": [5]}', "null", '"x"', "7"],
}


# -- the programs and the documents ---------------------------------------------------------

def idl_paths(name: str) -> List[str]:
    if name == "features":
        return [str(FEATURES)]
    return [str(xen_idl(name)), str(xen_idl(name, "libxl_types_internal.idl"))]


class Subject:
    """One IDL: its models, the compiled parser, the schemas and the valid documents."""

    def __init__(self, name: str, cache: Path, work: Path):
        self.name = name
        paths = idl_paths(name)
        self.schemas = IdlSchemas(paths)
        self.strict = IdlSchemas(paths, strict=True)
        models = self.schemas.models
        self.types = {t.typename: t for m in models for t in m.types if t.typename}
        self.conv = libxljson.converter(paths[0], models[0],
                                        paths[1] if len(paths) > 1 else None,
                                        models[1] if len(models) > 1 else None,
                                        cache=str(cache))
        r = subprocess.run([sys.executable, "-m", "xlidl", "check", "--seed", "1", "--keep",
                            str(work / name), paths[0]], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        out = (work / name / "testidl.out").read_text()
        self.docs: List[Tuple[str, str]] = [
            (t, text) for t, text in printed_values(out)
            if t in self.conv.types and self.types[t].kind != "enum"]
        self.docs += [(t, text) for t, text in printed_values(out)
                      if t in self.conv.types and self.types[t].kind == "enum"][:10]

    def c_accepts(self, typename: str, text: str) -> bool:
        return self.conv.convert([(typename, text)])[0].ok


@pytest.fixture(scope="module")
def subjects(json_cache, tmp_path_factory) -> Dict[str, Subject]:
    need(have_program("gcc") and have_program("pkg-config"), "gcc and pkg-config are needed")
    work = tmp_path_factory.mktemp("agreement")
    out = {name: Subject(name, json_cache, work) for name in EXAMPLES}
    # the real xl 4.17 documents, when xl is there (it is in CI)
    sys.path.insert(0, str(TESTS / "xl"))
    import xljson
    need(xljson.find_xl() is not None, "Debian's real xl 4.17 is not installed")
    d = tmp_path_factory.mktemp("xl")
    xljson.build_fake(d)
    for cfg in xljson.configs():
        out["stable-4.17"].docs.append(("libxl_domain_config", xljson.xl_json(cfg, d)))
    return out


# -- mutations ----------------------------------------------------------------------------------

def replace(root: Node, path: Tuple[int, ...], new: Node) -> Node:
    if not path:
        return new
    i, rest = path[0], path[1:]
    if root.kind == "object":
        members = list(root.value)
        key, child = members[i]
        members[i] = (key, replace(child, rest, new))
        return Node("object", members)
    items = list(root.value)
    items[i] = replace(items[i], rest, new)
    return Node("array", items)


def paths_of(root: Node) -> Dict[int, Tuple[int, ...]]:
    """id(node) -> its index path."""
    return {id(n): p for p, n in jsondoc.walk(root)}


def value(text: str) -> Node:
    return jsondoc.parse(text)


def recase(draw, name: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.upper() if f else c.lower() for c, f in zip(name, flips))


@st.composite
def mutation(draw, subject: Subject, typename: str, root: Node) -> Node:
    """One mutation of the document (see the module doc)."""
    ty = subject.types[typename]
    view = read_view(root, ty)
    where = paths_of(root)
    leaves = [leaf for leaf in view.values() if id(leaf.node) in where]
    kind = draw(st.sampled_from(["wrong type", "integer", "number text", "enum", "union",
                                 "builtin", "member"]))
    nodes = [(p, n) for p, n in jsondoc.walk(root) if p]

    def pick(cands):
        return draw(st.sampled_from(cands)) if cands else None

    if kind == "integer":
        leaf = pick([lf for lf in leaves if lf.status == "read" and lf.node.kind == "number"])
        if leaf is not None:
            n = draw(st.one_of(st.sampled_from(BOUNDARY_INTS), st.integers(-2 ** 66, 2 ** 66)))
            return replace(root, where[id(leaf.node)], value(str(n)))
    if kind == "number text":
        target = pick([p for p, n in nodes if n.kind == "number"])
        if target is not None:
            return replace(root, target, Node("number", draw(st.sampled_from(NUMBER_TEXTS))))
    if kind == "enum":
        leaf = pick([lf for lf in leaves if lf.status == "read" and lf.ty.kind == "enum"])
        if leaf is not None:
            names = [v.valuename.lower() for v in leaf.ty.values]
            name = draw(st.sampled_from(names))
            others = [v.valuename.lower() for t in subject.types.values() if t.kind == "enum"
                      for v in t.values]
            new = draw(st.sampled_from([
                recase(draw, name), name + draw(st.sampled_from(["x", "_", " ", "\n", "\0x"])),
                name[:-1], "", draw(st.sampled_from(others))]))
            return replace(root, where[id(leaf.node)], Node("string", new))
    if kind == "union":
        cases = [lf for lf in leaves if lf.status == "case"]
        leaf = pick(cases)
        if leaf is not None:
            parent_path = where[id(leaf.node)][:-1]
            parent = jsondoc.at(root, parent_path)
            key = leaf.keys[-1]
            kv = key.split(".", 1)[0]
            owner = view.get(jsondoc.pointer_of(leaf.keys[:-1]))
            sty = owner.ty if owner is not None else ty
            ku = next(f.type for f in sty.fields if f.type is not None
                      and f.type.kind == "keyed_union" and f.type.keyvar.name == kv)
            names = ["%s.%s" % (kv, c.name) for c in ku.fields] + [kv + ".nope"]
            op = draw(st.sampled_from(["rename", "add", "remove"]))
            members = list(parent.value)
            i = next(j for j, (k, _) in enumerate(members) if k == key)
            if op == "rename":
                members[i] = (draw(st.sampled_from(names)), members[i][1])
            elif op == "add":
                members.insert(draw(st.integers(0, len(members))),
                               (draw(st.sampled_from(names)), value(draw(st.sampled_from(
                                   ["{}", "1", "[]", '{"x": 1}'])))))
            else:
                del members[i]
            return replace(root, parent_path, Node("object", members))
    if kind == "builtin":
        leaf = pick([lf for lf in leaves if lf.status == "read" and lf.ty is not None
                     and lf.ty.json_parse_fn in BUILTIN_VALUES])
        if leaf is not None:
            new = draw(st.sampled_from(BUILTIN_VALUES[leaf.ty.json_parse_fn]))
            return replace(root, where[id(leaf.node)], value(new))
    if kind == "member":
        objs = [(p, n) for p, n in jsondoc.walk(root) if n.kind == "object"]
        target = pick(objs)
        if target is not None:
            p, n = target
            members = list(n.value)
            op = draw(st.sampled_from(["unknown", "remove", "rename", "repeat"]))
            if op == "unknown" or not members:
                members.insert(draw(st.integers(0, len(members))),
                               ("xlidl_unknown", value(draw(st.sampled_from(ANY_VALUES)))))
            else:
                i = draw(st.integers(0, len(members) - 1))
                k, v = members[i]
                if op == "remove":
                    del members[i]
                elif op == "rename":
                    members[i] = (k + "x", v)
                else:
                    members.append((k, value(draw(st.sampled_from(ANY_VALUES)))))
            return replace(root, p, Node("object", members))
    # "wrong type", or nothing of the kind drawn in this document
    target = pick([p for p, _ in nodes])
    if target is None:
        return value(draw(st.sampled_from(ANY_VALUES)))
    return replace(root, target, value(draw(st.sampled_from(ANY_VALUES))))


@st.composite
def mutated_document(draw, subject: Subject) -> Tuple[str, str]:
    typename, text = draw(st.sampled_from(subject.docs))
    root = jsondoc.parse(text)
    for _ in range(draw(st.integers(1, 2))):
        root = draw(mutation(subject, typename, root))
    return typename, jsondoc.dumps(root)


# -- the listed disagreements (docs/json.md) ---------------------------------------------------

def libxl_integer(n: Node) -> bool:
    return n.kind == "number" and "." not in n.value and \
        LLONG_MIN <= jsondoc.libxl_number(n.value) <= LLONG_MAX


def disagreement(subject: Subject, typename: str, root: Node) -> str:
    """The listed kind of disagreement this document falls in ("" for none)."""
    for leaf in read_view(root, subject.types[typename]).values():
        fn = leaf.ty.json_parse_fn if leaf.status == "read" and leaf.ty is not None else None
        n = leaf.node
        if fn == "libxl__bitmap_parse_json" and n.kind == "array":
            if any(libxl_integer(e) and not 0 <= jsondoc.libxl_number(e.value) <= BITMAP_MAX_BIT
                   for e in n.value[:-1]):
                return "bitmap index before the last out of range"
        if fn == "libxl__key_value_list_parse_json" and n.kind == "object":
            keys = [jsondoc.c_string(k) for k, _ in n.value]
            if len(keys) != len(set(keys)):
                return "repeated key in a key/value list"
        if fn == "libxl__cpuid_policy_list_parse_json":
            if any(s.kind == "string" and not s.value.isascii() for _, s in jsondoc.walk(n)):
                return "string length with non-ASCII characters"
    return ""


def check_agreement(subject: Subject, stats: Counter, typename: str, text: str) -> None:
    root = jsondoc.parse(text)
    c_ok = subject.c_accepts(typename, text)
    schema_ok = subject.schemas.validator(typename).is_valid(root)
    strict_ok = subject.strict.validator(typename).is_valid(root)
    stats["examples"] += 1
    stats["accepted by C" if c_ok else "rejected by C"] += 1
    kind = disagreement(subject, typename, root)
    if kind:
        stats["excluded: " + kind] += 1
        return
    assert not (strict_ok and not c_ok), \
        "--strict accepts what the parser rejects: %s %s" % (typename, text[:2000])
    assert schema_ok == c_ok, "schema says %s, C parser says %s, for %s:\n%s\n%s" % (
        "valid" if schema_ok else "invalid", "accepted" if c_ok else "rejected", typename,
        text[:3000], "\n".join(subject.schemas.problems(typename, text)))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_schema_agrees_with_the_parser(name, subjects):
    subject = subjects[name]
    stats: Counter = Counter()

    @settings(max_examples=EXAMPLES[name], derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutated_document(subject))
    def check(doc):
        check_agreement(subject, stats, *doc)

    check()
    print("\n%s: %s" % (name, dict(stats)))
    assert stats["examples"] >= EXAMPLES[name]
    # both verdicts are well represented
    assert stats["accepted by C"] > EXAMPLES[name] // 5, stats
    assert stats["rejected by C"] > EXAMPLES[name] // 5, stats


# -- each listed disagreement is real ---------------------------------------------------------

DISAGREEMENTS = [
    # (IDL, type, document, C parser accepts, schema valid)
    ("stable-4.17", "libxl_domain_config", '{"b_info": {"cpumap": [-1, 3]}}', True, False),
    ("stable-4.17", "libxl_domain_config", '{"b_info": {"cpumap": [2147483647, 3]}}', True,
     False),
    ("features", "ft_all", '{"labels": {"a": "b", "a": 1}}', False, True),
    ("stable-4.17", "libxl_domain_config",
     '{"b_info": {"cpuid": {"cpuid": [], "msr": [{"index": 1, "policy": "%s"}]}}}'
     % ("\u00e9" * 32), True, False),
]


def test_listed_disagreements_are_real(subjects):
    """The kinds of disagreement docs/json.md lists happen, as it says, and the
    predicate of the agreement test recognises each."""
    docs = (ROOT / "docs" / "json.md").read_text()
    for name, typename, text, c_ok, schema_ok in DISAGREEMENTS:
        s = subjects[name]
        root = jsondoc.parse(text)
        assert s.c_accepts(typename, text) == c_ok, text
        assert s.schemas.validator(typename).is_valid(root) == schema_ok, text
        kind = disagreement(s, typename, root)
        assert kind and kind in docs, (kind, text)
