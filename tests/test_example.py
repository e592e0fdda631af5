"""output/ holds the generated code of the bundled example and must be current: every
change to the tool shows up as a diff of output/ in the same commit (`make` refreshes it)."""
from __future__ import annotations

import os

from conftest import ROOT

from xlidl import api


def test_output_is_up_to_date():
    files = api.generate([str(ROOT / "examples" / "vmconfig.idl")], str(ROOT / "output"))
    for path, content in files.items():
        assert os.path.isfile(path), "%s is missing: run make" % path
        with open(path, encoding="utf-8") as f:
            assert f.read() == content, "%s is stale: run make" % path
    listed = {os.path.join(str(ROOT / "output"), n) for n in os.listdir(ROOT / "output")}
    assert listed == set(files), "output/ holds files the example does not generate"
