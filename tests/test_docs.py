"""Documentation that must not drift from the code."""
from __future__ import annotations

import re

from conftest import ROOT


def test_every_compat_mark_is_documented_and_vice_versa():
    marks = set()
    for p in (ROOT / "templates").rglob("*.j2"):
        marks.update(re.findall(r"compat: ([a-z0-9-]+)", p.read_text()))
    doc = (ROOT / "docs" / "compat.md").read_text()
    table = set(re.findall(r"^\| ([a-z0-9-]+) \|", doc, re.M)) - {"id"}
    assert marks == table


def test_idl_reference_is_generated_from_the_model():
    from xlidl.tools import docgen
    assert (ROOT / "docs" / "idl.md").read_text() == docgen.render(), \
        "docs/idl.md is stale: run make docs"


def test_every_keyword_argument_is_documented():
    from xlidl.model import signatures as SIG
    for c in SIG.CONSTRUCTORS.values():
        assert c.doc
        for p in list(c.positional) + list(c.kwargs):
            assert p.doc and p.kind in SIG.KINDS, (c.name, p.name)
    for p in SIG.FIELD_KWARGS:
        assert p.doc
