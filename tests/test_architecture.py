"""The package's layout and its import contract (pyproject.toml [tool.importlinter]):
the pipeline's stages are layers, and no module imports in a cycle."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, need

STAGES = ("frontend", "model", "backend", "tools", "cli")


def test_stages_are_subpackages_described_in_the_architecture_doc():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    for stage in STAGES:
        assert (ROOT / "gen" / stage / "__init__.py").is_file(), stage
        assert "gen/%s/" % stage in doc, stage
    # nothing but the top-level helpers beside the stages
    top = sorted(p.name for p in (ROOT / "gen").glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "api.py", "buildtime.py", "compat.py",
                   "errors.py", "resources.py", "zipboot.py"]


def test_import_contract_holds():
    lint = Path(sys.executable).parent / "lint-imports"
    need(lint.is_file(), "import-linter is not installed (pip install 'xlidl[test]')")
    r = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 3 kept, 0 broken." in r.stdout
