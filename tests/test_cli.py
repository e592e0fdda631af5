"""The command line: help, exit statuses, file names, writing only what changed, and
nothing written when something fails."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, have_program, need, xlidl, xen_idl

from xlidl import __version__, cli

EXAMPLE = ROOT / "examples" / "vmconfig.idl"
BAD = "namespace('t_')\nt_x = Struct('x', [('a', integr)])\n"


def test_version_and_help():
    r = xlidl("--version", check=True)
    assert r.stdout.strip() == "xlidl %s" % __version__
    for cmd in ("gentypes", "gentest", "generate"):
        r = xlidl(cmd, "--help", check=True)
        assert r.stdout.startswith("usage: xlidl %s" % cmd)
    r = xlidl()
    assert r.returncode == 2 and "usage:" in r.stderr


def test_generate_names_and_banner(tmp_path):
    idl_dir = tmp_path / "src"
    idl_dir.mkdir()
    for name in ("libxl_types.idl", "libxl_types_internal.idl"):
        (idl_dir / name).write_text(xen_idl("master", name).read_text())
    out = tmp_path / "out"
    xlidl("generate", str(idl_dir / "libxl_types.idl"), str(idl_dir / "libxl_types_internal.idl"),
          "-o", str(out), check=True)
    assert sorted(os.listdir(out)) == sorted([
        "_libxl_types.h", "_libxl_types_private.h", "_libxl_types_json.h", "_libxl_types.c",
        "_libxl_types_internal.h", "_libxl_types_internal_private.h",
        "_libxl_types_internal_json.h", "_libxl_types_internal.c", "testidl.c"])
    head = (out / "_libxl_types_internal.h").read_text().splitlines()
    assert head[0] == "#ifndef __LIBXL_TYPES_INTERNAL_H"
    assert head[7] == (' * "xlidl libxl_types_internal.idl __libxl_types_internal.h '
                       '__libxl_types_internal_private.h __libxl_types_internal_json.h '
                       '__libxl_types_internal.c"')


def test_gentypes_banner_shows_invocation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.idl").write_text(EXAMPLE.read_text())
    assert cli.main(["gentypes", "v.idl", "a.h", "b.h", "c.h", "d.c"]) == 0
    assert ' * "xlidl gentypes v.idl a.h b.h c.h d.c"' in (tmp_path / "a.h").read_text()
    assert (tmp_path / "a.h").read_text().startswith("#ifndef A_H\n")
    # --libjsonc is not part of the banner, as with gentypes.py
    assert cli.main(["gentypes", "--argv0", "gentypes.py", "--libjsonc", "v.idl",
                     "a.h", "b.h", "c.h", "d.c"]) == 0
    assert ' * "gentypes.py v.idl a.h b.h c.h d.c"' in (tmp_path / "c.h").read_text()
    assert "_gen_jso(json_object **jso_r" in (tmp_path / "c.h").read_text()


def test_unchanged_files_are_not_rewritten(tmp_path):
    out = tmp_path / "out"
    xlidl("generate", str(EXAMPLE), "-o", str(out), check=True)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}
    xlidl("generate", str(EXAMPLE), "-o", str(out), check=True)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}
    assert before == after
    # a changed file is replaced, the others stay
    (out / "_vmconfig.h").write_text("stale\n")
    xlidl("generate", str(EXAMPLE), "-o", str(out), check=True)
    assert (out / "_vmconfig.h").read_text().startswith("#ifndef __VMCONFIG_H")
    assert (out / "_vmconfig.c").stat().st_mtime_ns == before["_vmconfig.c"][1]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_write_if_changed_compares_sizes_and_bytes(tmp_path):
    from xlidl.backend import files as output
    p = str(tmp_path / "f.c")
    assert output.write_if_changed(p, "abc")
    assert not output.write_if_changed(p, "abc")
    assert output.write_if_changed(p, "abd")          # same size, other bytes
    assert output.write_if_changed(p, "\u00e9")        # not ASCII: 2 bytes
    assert not output.write_if_changed(p, "\u00e9")
    assert output.unchanged(p, "\u00e9")
    assert not output.unchanged(p, "ab") and not output.unchanged(p, "\u00e9\u00e9")
    assert (tmp_path / "f.c").read_bytes() == b"\xc3\xa9"
    assert [f.name for f in tmp_path.iterdir()] == ["f.c"]


def test_error_writes_nothing_and_keeps_existing_files(tmp_path):
    good = tmp_path / "a.idl"
    good.write_text(EXAMPLE.read_text())
    bad = tmp_path / "b.idl"
    bad.write_text(BAD)
    out = tmp_path / "out"
    out.mkdir()
    (out / "_a.h").write_text("old\n")
    r = xlidl("generate", str(good), str(bad), "-o", str(out))
    assert r.returncode == 1
    assert r.stderr.startswith("%s:2:26: error: unknown name 'integr'" % bad)
    assert "Traceback" not in r.stderr
    assert sorted(os.listdir(out)) == ["_a.h"]
    assert (out / "_a.h").read_text() == "old\n"


def test_unwritable_output_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    r = xlidl("generate", str(EXAMPLE), "-o", str(blocker / "sub"))
    assert r.returncode == 1
    assert r.stderr.startswith("xlidl: error: cannot write")
    assert "Traceback" not in r.stderr


def test_missing_input_is_a_clean_error(tmp_path):
    r = xlidl("gentest", str(tmp_path / "nope.idl"), str(tmp_path / "t.c"))
    assert r.returncode == 1
    assert r.stderr.startswith("xlidl: error: cannot read '%s'" % (tmp_path / "nope.idl"))


def test_internal_error_is_reported_as_such(monkeypatch, capsys, tmp_path):
    from xlidl.backend import render

    def broken(*a, **k):
        raise KeyError("boom")
    monkeypatch.setattr(render, "gentypes_outputs", broken)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.idl").write_text(EXAMPLE.read_text())
    assert cli.main(["gentypes", "v.idl", "a.h", "b.h", "c.h", "d.c"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("xlidl: internal error: KeyError")
    # there is no issue tracker: the message says what to do that is real
    assert "run again with --debug and include the output" in err
    assert "tracker" not in err and "please report" not in err
    assert "Traceback" not in err
    assert cli.main(["gentypes", "--debug", "v.idl", "a.h", "b.h", "c.h", "d.c"]) == 70
    assert "Traceback" in capsys.readouterr().err
    assert not (tmp_path / "a.h").exists()


def test_gentest_seed_sources(tmp_path):
    def run(*args, seed_env=None):
        env = {k: v for k, v in os.environ.items() if k != "LIBXL_TESTIDL_SEED"}
        if seed_env is not None:
            env["LIBXL_TESTIDL_SEED"] = seed_env
        out = tmp_path / "t.c"
        r = subprocess.run([sys.executable, "-m", "xlidl", "gentest", *args, str(EXAMPLE),
                            str(out)], env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return out.read_text()

    default = run()
    assert run() == default                      # reproducible without a seed
    assert run("--seed", "xlidl") == default     # the documented default seed
    s1 = run(seed_env="1")
    assert run("--seed", "1") == s1
    assert run("--seed", "1", seed_env="2") == s1   # --seed wins
    assert run("--seed", "2") != s1


def test_default_seed_is_documented():
    from xlidl.backend.testidl import DEFAULT_SEED
    assert "'%s'" % DEFAULT_SEED in (ROOT / "README.md").read_text()


def test_generate_reports_types_the_harness_cannot_fill(tmp_path):
    idl = tmp_path / "h.idl"
    idl.write_text("namespace('t_')\nt_blob = Builtin('blob')\n"
                   "t_s = Struct('s', [('b', t_blob), ('c', Builtin('other'))])\n")
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert r.stderr.startswith("%s:2:10: error: testidl.c cannot randomly initialise "
                               "'t_blob': it is not a number" % idl)
    # a type that never gets a TYPE_rand_init() of its own is reported where it is used
    assert ("%s:3:35: error: testidl.c cannot randomly initialise 't_other' (member 'c' of "
            "'t_s')" % idl) in r.stderr
    assert not (tmp_path / "out").exists()
    xlidl("generate", "--no-testidl", str(idl), "-o", str(tmp_path / "out"), check=True)


@pytest.mark.slow
def test_pip_install_leaves_nothing_in_the_source_tree(tmp_path):
    """`pip install .` left build/ and xlidl.egg-info/ in the checkout: setup.py keeps
    them in a temporary folder."""
    import shutil
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        ".fuzz", "lalr_tables.py", "compiled", ".git"))
    before = sorted(str(p.relative_to(src)) for p in src.rglob("*"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(src)],
                       capture_output=True, text=True)
    need(r.returncode == 0, "pip install . failed (no package index?):\n" + r.stderr[-2000:])
    after = sorted(str(p.relative_to(src)) for p in src.rglob("*"))
    assert after == before, sorted(set(after) - set(before))[:10]
    r = subprocess.run([str(venv / "bin" / "xlidl"), "--version"], capture_output=True,
                       text=True)
    assert r.stdout.strip() == "xlidl %s" % __version__


@pytest.mark.slow
def test_pip_install_into_fresh_venv_and_run_elsewhere(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    r = subprocess.run(pip + [str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "vmconfig.idl").write_text(EXAMPLE.read_text())
    exe = str(venv / "bin" / "xlidl")
    r = subprocess.run([exe, "generate", "vmconfig.idl", "-o", "out"], cwd=work,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for name in os.listdir(ROOT / "output"):
        if name.startswith("_vmconfig") or name == "testidl.c":
            assert (work / "out" / name).read_text() == (ROOT / "output" / name).read_text()
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "xlidl", "--version"], cwd=work,
                       capture_output=True, text=True)
    assert r.stdout.strip() == "xlidl %s" % __version__
    # the C runtime ships in the package: xlidl check works from the installed copy
    need(have_program("cc") and subprocess.run(["pkg-config", "--exists", "yajl"]).returncode
         == 0, "a C compiler and yajl (libyajl-dev) are needed for xlidl check")
    r = subprocess.run([exe, "check", "vmconfig.idl"], cwd=work, capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != "XLIDL_RUNTIME"})
    assert r.returncode == 0, r.stdout + r.stderr


# -- commands that write files touch only the files they make -------------------------------

def test_outputs_named_on_the_command_line_never_replace_an_input(tmp_path):
    """gentypes takes one IDL and four outputs: an IDL given as an output (the internal
    IDL, say), an output that is the input, or one output named twice, is refused with
    status 2 before anything is written."""
    idl = tmp_path / "v.idl"
    idl.write_text(EXAMPLE.read_text())
    internal = tmp_path / "v_internal.idl"
    internal.write_text("namespace('v_')\n")
    cases = [
        (["gentypes", str(idl), str(internal), "b.h", "c.h", "d.c"],
         "HEADER '%s' is an IDL's name" % internal),
        (["gentypes", str(idl), "a.h", "b.h", "c.h", str(idl)], "IMPL '%s' is also an input" % idl),
        (["gentypes", str(idl), "a.h", "a.h", "c.h", "d.c"], "HEADER and HEADER_PRIVATE are the same"),
        (["gentest", str(idl), str(internal)], "OUT '%s' is an IDL's name" % internal),
        (["gengotypes", str(idl), "types.gen.go", str(idl)], "HELPERS_GO '%s' is also an input" % idl),
        (["schema", str(idl), "--type", "vmc_vm", "-o", str(idl)], "-o '%s' is also an input" % idl),
    ]
    for args, message in cases:
        r = xlidl(*args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr and "nothing was written" in r.stderr, r.stderr
    assert idl.read_text() == EXAMPLE.read_text()
    assert internal.read_text() == "namespace('v_')\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.idl", "v_internal.idl"]


def test_generate_refuses_two_idls_of_the_same_name_and_keeps_other_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "vmconfig.idl").write_text(EXAMPLE.read_text())
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    (out / "vmconfig.idl").write_text("mine too\n")
    r = xlidl("generate", str(tmp_path / "a" / "vmconfig.idl"),
              str(tmp_path / "b" / "vmconfig.idl"), "-o", str(out))
    assert r.returncode == 2 and "would write the same files" in r.stderr, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "vmconfig.idl"]
    # a folder holding other files: they stay as they were
    xlidl("generate", str(tmp_path / "a" / "vmconfig.idl"), "-o", str(out), check=True)
    assert (out / "notes.txt").read_text() == "mine\n"
    assert (out / "vmconfig.idl").read_text() == "mine too\n"


def test_keep_folder_is_new_empty_or_xlidls(tmp_path):
    """check --keep DIR builds in DIR: a folder holding files xlidl did not put there is
    refused (status 2), untouched."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "_vmconfig.c").write_text("my own work\n")
    r = xlidl("check", "--keep", str(mine), str(EXAMPLE))
    assert r.returncode == 2 and "xlidl did not make" in r.stderr, r.stderr
    assert [p.name for p in mine.iterdir()] == ["_vmconfig.c"]
    assert (mine / "_vmconfig.c").read_text() == "my own work\n"
    afile = tmp_path / "afile"
    afile.write_text("")
    r = xlidl("check", "--keep", str(afile), str(EXAMPLE))
    assert r.returncode == 2 and "is not a folder" in r.stderr


def test_output_path_through_a_file_says_it_is_not_a_folder(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x\n")
    for out in (afile, afile / "sub"):
        r = xlidl("generate", str(EXAMPLE), "-o", str(out))
        assert r.returncode == 1
        assert r.stderr == ("xlidl: error: cannot write into '%s': '%s' is not a folder\n"
                            % (out, afile)), r.stderr
    assert afile.read_text() == "x\n"


def test_write_errors_name_the_target_not_the_temporary_file(tmp_path, monkeypatch, capsys):
    # a folder where no file can be made (also as root): the target is named
    r = xlidl("schema", str(xen_idl("master")), "-o", "/proc/xlidl-test.json")
    assert r.returncode == 1
    assert r.stderr.startswith("xlidl: error: cannot write '/proc/xlidl-test.json': "), r.stderr
    # the rename fails
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.idl").write_text(EXAMPLE.read_text())

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", src)
    monkeypatch.setattr(os, "replace", refuse)
    assert cli.main(["gentest", "v.idl", "t.c"]) == 1
    err = capsys.readouterr().err
    assert err == "xlidl: error: cannot write 't.c': Permission denied\n", err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.idl"]   # no temporary file left


# -- options and help -----------------------------------------------------------------------

IDL_COMMANDS = ("gentypes", "gentest", "gengotypes", "generate", "check", "diff", "api-diff",
                "fuzz", "json", "schema", "validate", "doc")


def test_werror_and_debug_only_where_they_do_something():
    """--werror turns warnings about an IDL into errors, --debug shows the traceback of
    an internal error: commands that read no IDL (fmt, fixes) do not offer them."""
    assert set(IDL_COMMANDS) | {"fmt", "fixes"} == set(cli.COMMANDS)
    for cmd in IDL_COMMANDS:
        out = xlidl(cmd, "--help", check=True).stdout
        assert "--werror" in out and "--debug" in out, cmd
    for cmd in ("fmt", "fixes"):
        out = xlidl(cmd, "--help", check=True).stdout
        assert "--werror" not in out and "--debug" not in out, cmd
        r = xlidl(cmd, "--werror")
        assert r.returncode == 2 and "unrecognized arguments: --werror" in r.stderr


def test_usage_lines_show_required_arguments_as_required():
    for cmd in ("json", "validate"):
        usage = xlidl(cmd, "--help", check=True).stdout.split("\n\n")[0]
        assert "[IDL" not in usage and " IDL... FILE.json|- ..." in usage, usage
    usage = xlidl("json", "--help", check=True).stdout.split("\n\n")[0]
    assert "--from OLD.idl --to NEW.idl FILE.json|- ..." in usage


def test_internal_error_without_debug_option_shows_the_traceback(monkeypatch, capsys):
    """fmt has no --debug: an internal error there shows the traceback at once."""
    from xlidl.backend import clang_format

    def broken(paths):
        raise KeyError("boom")
    monkeypatch.setattr(clang_format, "expand", broken)
    assert cli.main(["fmt", "x.c"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback" in err and "xlidl: internal error: KeyError: 'boom'" in err
    assert "tracker" not in err


def test_build_step_prints_one_line(tmp_path):
    """make printed a line per file the build made: one summary line (-v lists them)."""
    for d in ("frontend", "backend"):
        (tmp_path / d).mkdir()
    r = subprocess.run([sys.executable, "-m", "xlidl.buildtime", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    assert re.fullmatch(r"xlidl build: \d+ files made from grammar/ and templates/ \(the LALR "
                        r"tables, the compiled templates\)", line), line
    assert (tmp_path / "frontend" / "lalr_tables.py").is_file()


@pytest.mark.slow
def test_make_prints_only_what_a_person_needs(tmp_path):
    """`make` in a fresh checkout: the virtual environment (pip's output in a log, shown
    only when pip fails), the build, the example: three lines."""
    import shutil
    need(have_program("make"), "make is not installed")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        ".fuzz", "lalr_tables.py", "compiled", ".git"))
    env = {k: v for k, v in os.environ.items()     # (not a make inside `make test`)
           if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "VENV")}
    r = subprocess.run(["make", "PYTHON=" + sys.executable], cwd=src, capture_output=True,
                       text=True, env=env)
    need(r.returncode == 0 or "pip failed" not in r.stdout,
         "pip install failed (no package index?):\n" + r.stdout[-2000:])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == [
        "make: installing xlidl and what it is built and tested with into .venv (pip's "
        "output: .venv/pip.log)",
        r.stdout.splitlines()[1],
        ".venv/bin/xlidl generate examples/vmconfig.idl -o output",
    ] and r.stdout.splitlines()[1].startswith("xlidl build: "), r.stdout
    assert r.stderr == "", r.stderr


FAST_LINES = [
    "gentypes a.idl h.h p.h j.h c.c",
    "gentypes --argv0 gentypes.py a.idl h.h p.h j.h c.c",
    "gentypes --argv0 gentypes.py --libjsonc a.idl h.h p.h j.h c.c",
    "gentypes a.idl --libjsonc h.h p.h --argv0 x j.h c.c --werror --debug",
    "gentypes --argv0 a --argv0 b a.idl h.h p.h j.h c.c",
    "gentest a.idl testidl.c",
    "gentest --seed 1 a.idl testidl.c",
    "gentest a.idl testidl.c --seed 2 --werror",
    "gengotypes a.idl t.go h.go",
    "gengotypes --argv0 gengotypes.py a.idl t.go h.go",
    "gengotypes --check --argv0 gengotypes.py a.idl t.go h.go --debug",
    "generate a.idl",
    "generate a.idl b_internal.idl -o out",
    "generate --output out --argv0 gentypes.py --seed 3 a.idl --no-testidl --go",
    "generate a.idl --go-argv0 g.py --format --check --werror --debug -o x -o y",
]

NOT_FAST_LINES = [
    "gentypes --help", "gentypes a.idl h.h p.h j.h", "gentypes --fix all a.idl h p j c",
    "gentypes --argv0=x a.idl h.h p.h j.h c.c", "gentypes --argv a.idl h.h p.h j.h c.c",
    "gentypes -- a.idl h.h p.h j.h c.c", "gentypes --argv0 -x a.idl h.h p.h j.h c.c",
    "gentypes a.idl h.h p.h j.h c.c extra", "gentest --seed", "gengotypes --color never a b c",
    "generate", "generate --json jsonc a.idl", "generate --color never a.idl",
    "generate -oout a.idl", "generate --fix all a.idl", "generate -o", "check a.idl",
    "--version x", "",
]


@pytest.mark.parametrize("line", FAST_LINES)
def test_fast_arguments_are_argparses(line):
    """The command lines Xen's build runs are read without argparse, into exactly what
    argparse would give (every attribute, the same function)."""
    words = line.split()
    fast = cli.fast_arguments(words)
    assert fast is not None, line
    parsed = cli.parse_arguments(words, words)
    assert vars(fast) == vars(parsed)


@pytest.mark.parametrize("line", NOT_FAST_LINES)
def test_other_command_lines_go_to_argparse(line):
    assert cli.fast_arguments(line.split()) is None


def test_version_without_a_parser(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == "xlidl %s\n" % __version__
