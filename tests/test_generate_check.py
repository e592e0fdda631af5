"""`xlidl generate --check` (CI's "generated code is up to date") and `--format`."""
from __future__ import annotations

import shutil

from conftest import ROOT, xlidl

EXAMPLE = ROOT / "examples" / "vmconfig.idl"


def test_check_passes_on_committed_output():
    r = xlidl("generate", "--check", str(EXAMPLE), "-o", str(ROOT / "output"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""


def test_check_fails_after_one_character_change(tmp_path):
    idl = tmp_path / "vmconfig.idl"
    text = EXAMPLE.read_text()
    assert '("bridge", string)' in text
    idl.write_text(text.replace('("bridge", string)', '("bridgf", string)'))
    out = tmp_path / "out"
    shutil.copytree(ROOT / "output", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    r = xlidl("generate", "--check", "--color", "never", str(idl), "-o", str(out))
    assert r.returncode == 3
    assert "-    free(p->bridge);\n+    free(p->bridgf);\n" in r.stdout
    assert "differ from what is on disk" in r.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before   # nothing written


def test_format_option_formats_and_check_understands_it(tmp_path):
    out = tmp_path / "out"
    xlidl("generate", "--format", str(EXAMPLE), "-o", str(out), check=True)
    plain = tmp_path / "plain"
    xlidl("generate", str(EXAMPLE), "-o", str(plain), check=True)
    assert (out / "_vmconfig.c").read_text() != (plain / "_vmconfig.c").read_text()
    assert xlidl("generate", "--check", "--format", str(EXAMPLE), "-o", str(out)).returncode == 0
    assert xlidl("generate", "--check", str(EXAMPLE), "-o", str(out)).returncode == 3
    # formatting what is already formatted changes nothing
    r = xlidl("fmt", "--check", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
