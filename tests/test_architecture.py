"""The package's layout, its import contract (pyproject.toml [tool.importlinter]: the
pipeline's stages are layers, and no module imports in a cycle) and its types
(pyproject.toml [tool.mypy])."""
from __future__ import annotations

import os
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


def test_mypy_finds_no_error(tmp_path):
    """mypy, with pyproject.toml's configuration (strict for frontend/, model/, backend/
    and the modules beside them, the default checks for tools/ and cli/), reports no
    error.  It reads gen/ as the package xlidl
    through a link, as `make typecheck` does."""
    mypy = Path(sys.executable).parent / "mypy"
    need(mypy.is_file(), "mypy is not installed (pip install 'xlidl[test]')")
    (tmp_path / "xlidl").symlink_to(ROOT / "gen")
    r = subprocess.run([str(mypy), "--config-file", str(ROOT / "pyproject.toml"),
                        "--cache-dir", str(tmp_path / "cache")], cwd=ROOT,
                       env=dict(os.environ, MYPYPATH=str(tmp_path)), capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("Success: no issues found"), r.stdout


def _gen_modules():
    return sorted(p for p in (ROOT / "gen").rglob("*.py")
                  if "compiled" not in p.parts and p.name != "lalr_tables.py")


def test_commands_import_no_other_command():
    """The command line only parses arguments and prints: a command's module imports
    what it shares with the others from cli/common.py, and its logic from the stages,
    never from another command's module."""
    import ast
    commands = {p.stem for p in (ROOT / "gen" / "cli").glob("*.py")} - {"__init__", "common"}
    for path in sorted((ROOT / "gen" / "cli").glob("*.py")):
        if path.stem == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
                assert not set(names) & commands, (path.name, names)


def test_exit_statuses_are_defined_in_errors_only():
    """One table of exit statuses: no module but gen/errors.py binds an EXIT_ name."""
    import ast
    for path in _gen_modules():
        if path.relative_to(ROOT / "gen").as_posix() == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets = [node.target]
            for t in targets:
                for n in ast.walk(t):
                    assert not (isinstance(n, ast.Name) and n.id.startswith("EXIT_")), \
                        (path, n.id)
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    assert not (a.asname or "").startswith("EXIT_"), (path, a.asname)


def test_no_two_modules_share_a_basename():
    """A module's name says what it is: no two modules of gen/ (but the packages'
    __init__.py) have the same file name, so that a name in a traceback, a doc or a
    review points at one file (cli/ modules are named after their commands; the
    stages' modules after what they hold)."""
    seen = {}
    for path in _gen_modules():
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(ROOT / "gen").as_posix()
        assert path.name not in seen, (seen.get(path.name), rel)
        seen[path.name] = rel
