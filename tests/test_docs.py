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
