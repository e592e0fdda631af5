"""Every command through every row of the exit-status table (gen/errors.py, README "Exit
status"): success, an error in the input, a file that cannot be read, a missing file,
wrong usage, the command's own findings, and an internal error.  No status means two
things in one command.

"Cannot be read" must hold when the tests run as root (CI does, where chmod 000 stops no
read): a folder is given where a file is expected, or, for fmt (to which a folder is a
valid argument), a symbolic link that points at itself.
"""
from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT, TESTS, have_program, need

from xlidl import cli
from xlidl.errors import (EXIT_FINDING, EXIT_FINDING_2, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK,
                          EXIT_USAGE)
from xlidl.backend import clang_format
from xlidl.tools import cbuild

EXAMPLE = ROOT / "examples" / "vmconfig.idl"
BASE = TESTS / "review" / "base.idl"
BREAKS = TESTS / "review" / "breaks" / "field-removed.idl"
DOC = TESTS / "doc"
BAD_IDL = 'namespace("t_")\nt_a = Struct("a", [("x", integr)])\n'
UNFORMATTED_C = "int  f(int a){return a;}\n"
COMMANDS = list(cli.COMMANDS)


# -- what the rows need ----------------------------------------------------------------------

def need_clang_format():
    try:
        clang_format.find_clang_format()
    except clang_format.FormatError as e:
        need(False, str(e))


def need_cc(cc="gcc"):
    need(have_program(cc), "%s is not installed" % cc)
    try:
        cbuild.backend_flags("yajl")
    except cbuild.CheckError as e:
        need(False, str(e))


def need_jsonschema():
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        need(False, "jsonschema is not installed (pip install 'xlidl[validate]')")


NEEDS = {"clang-format": need_clang_format, "gcc": need_cc, "clang": lambda: need_cc("clang"),
         "jsonschema": need_jsonschema}


class Files:
    """The files of the rows, in a temporary folder."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.good = tmp / "vmconfig.idl"
        self.good.write_text(EXAMPLE.read_text())
        self.bad = tmp / "bad.idl"
        self.bad.write_text(BAD_IDL)
        self.folder = tmp / "folder.idl"         # a folder where a file is expected
        self.folder.mkdir()
        self.folder_json = tmp / "folder.json"
        self.folder_json.mkdir()
        self.missing = tmp / "missing.idl"
        self.loop = tmp / "loop.c"               # cannot be read, even by root
        self.loop.symlink_to(self.loop.name)
        self.c = tmp / "x.c"
        self.c.write_text(UNFORMATTED_C)
        self.out = tmp / "out"
        self.doc = tmp / "vm.json"
        self.doc.write_text('{"name": "vm1", "memory_kib": 1024, "disks": [{"path": "/a"}]}')
        self.rejected = tmp / "rejected.json"       # (no such disk format)
        self.rejected.write_text('{"name": "vm1", "disks": [{"format": "vhdx"}]}')
        self.missing_json = tmp / "missing.json"

    def gentypes(self, idl):
        return ["gentypes", str(idl)] + [str(self.tmp / n) for n in ("a.h", "b.h", "c.h", "d.c")]


def crash_input(tmp, idl_path):
    """An input that makes vmconfig's parser abort, for fuzz --replay: two cases of the
    keyed union 'boot' of vmc_config (upstream's keyed-union-duplicate bug), with the
    first byte selecting vmc_config's target."""
    from xlidl import api
    from xlidl.backend.render import fuzz_targets
    targets = [t.typename for t in fuzz_targets(api.load(str(idl_path)))]
    i = targets.index("vmc_config")
    first = next(b for b in range(128, 256) if b % len(targets) == i)
    p = tmp / "crash.bin"
    p.write_bytes(bytes([first]) + b'{"mode.firmware": {}, "mode.network": {}}')
    return p


# -- the rows --------------------------------------------------------------------------------

def rows(f: "Files", name: str):
    """[(row, args, status, needs)] of command ``name``."""
    good, bad, folder, missing = str(f.good), str(f.bad), str(f.folder), str(f.missing)
    out = str(f.out)
    usage = [("usage: unknown option", [name, "--no-such-option"], EXIT_USAGE, None)]
    if name == "gentypes":
        return [("success", f.gentypes(good), EXIT_OK, None),
                ("input error", f.gentypes(bad), EXIT_INPUT, None),
                ("unreadable file", f.gentypes(folder), EXIT_INPUT, None),
                ("missing file", f.gentypes(missing), EXIT_INPUT, None),
                ("usage: an output that is the input",
                 ["gentypes", good, good, "b.h", "c.h", "d.c"], EXIT_USAGE, None),
                ("output cannot be written",
                 ["gentypes", good, "/proc/xlidl/a.h", "b.h", "c.h", "d.c"], EXIT_INPUT, None),
                ] + usage
    if name == "gentest":
        t = str(f.tmp / "testidl.c")
        return [("success", ["gentest", good, t], EXIT_OK, None),
                ("input error", ["gentest", bad, t], EXIT_INPUT, None),
                ("unreadable file", ["gentest", folder, t], EXIT_INPUT, None),
                ("missing file", ["gentest", missing, t], EXIT_INPUT, None),
                ("usage: missing argument", ["gentest", good], EXIT_USAGE, None)] + usage
    if name == "gengotypes":
        go = [str(f.tmp / "types.gen.go"), str(f.tmp / "helpers.gen.go")]
        return [("success", ["gengotypes", good] + go, EXIT_OK, None),
                ("input error", ["gengotypes", bad] + go, EXIT_INPUT, None),
                ("unreadable file", ["gengotypes", folder] + go, EXIT_INPUT, None),
                ("missing file", ["gengotypes", missing] + go, EXIT_INPUT, None),
                ("usage: two outputs the same", ["gengotypes", good, go[0], go[0]],
                 EXIT_USAGE, None),
                ("finding: --check, files that are not the IDL's",
                 ["gengotypes", "--check", good, str(f.tmp / "t.go"), str(f.tmp / "h.go")],
                 EXIT_FINDING, None)] + usage
    if name == "generate":
        return [("success", ["generate", good, "-o", out], EXIT_OK, None),
                ("input error", ["generate", bad, "-o", out], EXIT_INPUT, None),
                ("unreadable file", ["generate", folder, "-o", out], EXIT_INPUT, None),
                ("missing file", ["generate", missing, "-o", out], EXIT_INPUT, None),
                ("output cannot be written", ["generate", good, "-o", str(f.c)],
                 EXIT_INPUT, None),
                ("usage: --go with internal IDLs only",
                 ["generate", "--go", str(f.tmp / "x_internal.idl"), "-o", out],
                 EXIT_USAGE, None),
                ("finding: --check, stale files",
                 ["generate", "--check", good, "-o", str(f.tmp / "empty")], EXIT_FINDING,
                 None),
                ("--check, up to date",
                 ["generate", "--check", str(EXAMPLE), "-o", str(ROOT / "output")], EXIT_OK,
                 None)] + usage
    if name == "check":
        byvalue = f.tmp / "byvalue.idl"
        byvalue.write_text('namespace("x_")\nx_s = Struct("s", [("a", string)], '
                           'passby=PASS_BY_VALUE)\n')
        return [("success", ["check", good], EXIT_OK, "gcc"),
                ("input error", ["check", bad], EXIT_INPUT, None),
                ("unreadable file", ["check", folder], EXIT_INPUT, None),
                ("missing file", ["check", missing], EXIT_INPUT, None),
                ("usage: --sanitize with --valgrind", ["check", "--sanitize", "--valgrind",
                                                      good], EXIT_USAGE, None),
                ("usage: a compiler that is not installed",
                 ["check", "--cc", "no-such-cc", good], EXIT_USAGE, "gcc"),
                ("finding: the C does not compile", ["check", str(byvalue)], EXIT_FINDING,
                 "gcc")] + usage
    if name == "fmt":
        formatted = f.tmp / "formatted.c"
        formatted.write_text("int f(int a)\n{\n    return a;\n}\n")
        return [("success", ["fmt", str(f.c)], EXIT_OK, "clang-format"),
                ("--check, formatted", ["fmt", "--check", str(formatted)], EXIT_OK,
                 "clang-format"),
                ("input error: clang-format fails on the file", ["fmt", str(f.c)],
                 EXIT_INPUT, "failing clang-format"),
                ("unreadable file", ["fmt", str(f.loop)], EXIT_INPUT, "clang-format"),
                ("missing file", ["fmt", str(f.tmp / "missing.c")], EXIT_INPUT,
                 "clang-format"),
                ("usage: not a C file", ["fmt", good], EXIT_USAGE, None),
                ("usage: clang-format not installed", ["fmt", str(f.c)], EXIT_USAGE,
                 "no clang-format"),
                ("finding: --check, not formatted", ["fmt", "--check", str(f.c)],
                 EXIT_FINDING, "clang-format"),
                ("finding: --diff, not formatted", ["fmt", "--diff", str(f.c)],
                 EXIT_FINDING, "clang-format")] + usage
    if name == "diff":
        nf = ["diff", "--no-format"]
        return [("success", nf + [str(BASE), str(BASE)], EXIT_OK, None),
                ("success, formatted", ["diff", str(BASE), str(BASE)], EXIT_OK,
                 "clang-format"),
                ("input error", nf + [bad, str(BASE)], EXIT_INPUT, None),
                ("unreadable file", nf + [folder, str(BASE)], EXIT_INPUT, None),
                ("missing file", nf + [missing, str(BASE)], EXIT_INPUT, None),
                ("usage: one C file against a folder", nf + [str(f.c), str(ROOT / "output")],
                 EXIT_USAGE, None),
                ("usage: clang-format not installed", ["diff", str(BASE), str(BREAKS)],
                 EXIT_USAGE, "no clang-format"),
                ("finding: the generated code differs", nf + [str(BASE), str(BREAKS)],
                 EXIT_FINDING, None)] + usage
    if name == "api-diff":
        return [("success", ["api-diff", str(BASE), str(BASE)], EXIT_OK, None),
                ("--allow-breaking", ["api-diff", "--allow-breaking", str(BASE), str(BREAKS)],
                 EXIT_OK, None),
                ("input error", ["api-diff", str(BASE), bad], EXIT_INPUT, None),
                ("unreadable file", ["api-diff", str(BASE), folder], EXIT_INPUT, None),
                ("missing file", ["api-diff", str(BASE), missing], EXIT_INPUT, None),
                ("finding: breaking change", ["api-diff", str(BASE), str(BREAKS)],
                 EXIT_FINDING, None),
                ("--header: a feature without a define is a warning",
                 ["api-diff", "--header", str(DOC / "r3.h"), str(DOC / "head.h"),
                  str(DOC / "r3.idl"), str(DOC / "head.idl")], EXIT_OK, None),
                ("--header --werror: an error of the input",
                 ["api-diff", "--werror", "--header", str(DOC / "r3.h"), str(DOC / "head.h"),
                  str(DOC / "r3.idl"), str(DOC / "head.idl")], EXIT_INPUT, None),
                ("--header: missing header",
                 ["api-diff", "--header", missing, str(DOC / "head.h"), str(BASE), str(BASE)],
                 EXIT_INPUT, None)] + usage
    if name == "doc":
        hist = ["--release", "r1=%s" % (DOC / "r1.idl")]
        return [("success", ["doc", str(DOC / "head.idl")] + hist + ["-o",
                                                                    str(f.tmp / "t.html")],
                 EXIT_OK, None),
                ("input error", ["doc", bad], EXIT_INPUT, None),
                ("input error in a release", ["doc", good, "--release", "r1=" + bad],
                 EXIT_INPUT, None),
                ("unreadable file", ["doc", folder], EXIT_INPUT, None),
                ("missing file", ["doc", missing], EXIT_INPUT, None),
                ("output cannot be written", ["doc", good, "-o", "/proc/xlidl.html"],
                 EXIT_INPUT, None),
                ("usage: --tags without --git", ["doc", good, "--tags", "v*"], EXIT_USAGE,
                 None)] + usage
    if name == "fuzz":
        fine = f.tmp / "fine.json"
        fine.write_text('{"name": "vm1"}')
        return [("success: --replay", ["fuzz", "--cc", "clang", "--replay", str(fine), good],
                 EXIT_OK, "clang"),
                ("input error", ["fuzz", bad], EXIT_INPUT, None),
                ("unreadable file", ["fuzz", folder], EXIT_INPUT, None),
                ("missing file", ["fuzz", missing], EXIT_INPUT, None),
                ("missing --replay input", ["fuzz", "--replay", str(f.missing_json), good],
                 EXIT_INPUT, None),
                ("usage: two main IDLs", ["fuzz", good, str(BASE)], EXIT_USAGE, None),
                ("finding: an input that crashes",
                 ["fuzz", "--cc", "clang", "--replay", "CRASH", good], EXIT_FINDING,
                 "clang")] + usage
    if name == "fixes":
        return [("success", ["fixes"], EXIT_OK, None),
                ("usage: an argument", ["fixes", good], EXIT_USAGE, None)] + usage
    if name == "json":
        j = ["json", "--type", "vmc_config"]
        return [("success", j + [good, str(f.doc)], EXIT_OK, "gcc"),
                ("input error", j + [bad, str(f.doc)], EXIT_INPUT, None),
                ("unreadable file", j + [good, str(f.folder_json)], EXIT_INPUT, "gcc"),
                ("missing file", j + [good, str(f.missing_json)], EXIT_INPUT, "gcc"),
                ("missing IDL", j + [missing, str(f.doc)], EXIT_INPUT, None),
                ("usage: --allow-loss without --from/--to",
                 j + ["--allow-loss", good, str(f.doc)], EXIT_USAGE, None),
                ("usage: unknown --type", ["json", "--type", "vmc_nope", good, str(f.doc)],
                 EXIT_USAGE, None),
                ("finding: a document rejected", j + [good, str(f.rejected)],
                 EXIT_FINDING, "gcc"),
                ("second finding: data would be lost",
                 j + ["--from", good, "--to", "DROPPED", str(f.doc)], EXIT_FINDING_2,
                 "gcc")] + usage
    if name == "schema":
        return [("success", ["schema", good, "--type", "vmc_config", "-o",
                             str(f.tmp / "s.json")], EXIT_OK, None),
                ("input error", ["schema", bad], EXIT_INPUT, None),
                ("unreadable file", ["schema", folder], EXIT_INPUT, None),
                ("missing file", ["schema", missing], EXIT_INPUT, None),
                ("output cannot be written",
                 ["schema", good, "--type", "vmc_config", "-o", "/proc/xlidl.json"],
                 EXIT_INPUT, None),
                ("usage: unknown --type", ["schema", good, "--type", "vmc_nope"], EXIT_USAGE,
                 None)] + usage
    if name == "validate":
        t = ["--type", "vmc_config"]
        return [("success", ["validate", good, str(f.doc)] + t, EXIT_OK, "jsonschema"),
                ("input error", ["validate", bad, str(f.doc)], EXIT_INPUT, "jsonschema"),
                ("unreadable file", ["validate", good, str(f.folder_json)] + t, EXIT_INPUT,
                 "jsonschema"),
                ("missing file", ["validate", good, str(f.missing_json)] + t, EXIT_INPUT,
                 "jsonschema"),
                ("usage: no document", ["validate", good], EXIT_USAGE, None),
                ("finding: a document invalid", ["validate", good, str(f.rejected)] + t,
                 EXIT_FINDING, "jsonschema")] + usage
    raise AssertionError("no rows for command %s" % name)


def _row_ids():
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as d:
        f = Files(Path(d))
        return [(name, row) for name in COMMANDS for row, *_ in rows(f, name)]


ROWS = _row_ids()


@pytest.mark.parametrize("name,row", ROWS, ids=["%s: %s" % r for r in ROWS])
def test_row(name, row, tmp_path, monkeypatch, capsys):
    f = Files(tmp_path)
    ((_, args, status, needs),) = [r for r in rows(f, name) if r[0] == row]
    monkeypatch.chdir(tmp_path)
    if needs == "failing clang-format":
        need_clang_format()
        fake = tmp_path / "clang-format"
        fake.write_text("#!/bin/sh\necho 'broken' >&2\nexit 3\n")
        fake.chmod(0o755)
        monkeypatch.setenv("XLIDL_CLANG_FORMAT", str(fake))
    elif needs == "no clang-format":
        monkeypatch.setenv("XLIDL_CLANG_FORMAT", str(tmp_path / "no-clang-format"))
    elif needs is not None:
        NEEDS[needs]()
    if name == "json":
        monkeypatch.setenv("XLIDL_JSON_CACHE", str(tmp_path / "cache"))
        if "DROPPED" in args:
            # vmconfig without vmc_config's memory_kib: a document that sets it loses it
            dropped = tmp_path / "dropped.idl"
            text = f.good.read_text()
            assert '    ("memory_kib", MemKiB),\n' in text
            dropped.write_text(text.replace('    ("memory_kib", MemKiB),\n', ""))
            args = [str(dropped) if a == "DROPPED" else a for a in args]
    if "CRASH" in args:
        args = [str(crash_input(tmp_path, f.good)) if a == "CRASH" else a for a in args]
    before = {f.good: f.good.read_text(), f.bad: f.bad.read_text()}
    try:
        got = cli.main(args)
    except SystemExit as e:     # argparse's own errors
        got = e.code
    out, err = capsys.readouterr()
    assert got == status, "xlidl %s: status %d, not %d\n%s%s" % (
        " ".join(args), got, status, out, err[-3000:])
    assert "Traceback" not in err and "internal error" not in err
    if status in (EXIT_INPUT, EXIT_USAGE):
        # an error is a message that names the problem, on standard error
        assert re.search(r"(^xlidl: error: |: error: )", err, re.M), err
    assert {p: p.read_text() for p in before} == before, "an input was changed"


@pytest.mark.parametrize("name", COMMANDS)
def test_internal_error(name, monkeypatch, capsys, tmp_path):
    """A bug (any exception that is not an error of the input) is 70, whatever the
    command, with what to do."""
    import importlib
    module = importlib.import_module("xlidl.cli." + cli.COMMANDS[name])

    def broken(s):
        raise RuntimeError("a bug")
    monkeypatch.setattr(module, "run", broken)
    f = Files(tmp_path)
    args = [r for r in rows(f, name) if r[0].startswith("success")][0][1]
    assert cli.main(args) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "xlidl: internal error: RuntimeError: a bug (a bug in xlidl: " in err


def test_every_command_has_every_row():
    """Each command is driven through success, the errors of its input (including a file
    that cannot be read and one that is missing), wrong usage, and each of its
    findings."""
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as d:
        f = Files(Path(d))
        for name in COMMANDS:
            got = rows(f, name)
            statuses = {s for _, _, s, _ in got}
            names = [r for r, *_ in got]
            assert EXIT_OK in statuses and EXIT_USAGE in statuses, name
            if name != "fixes":
                for row in ("input error", "unreadable file", "missing file"):
                    assert any(n.startswith(row) for n in names), (name, row)
            assert statuses >= set(findings(name)), (name, statuses)


# -- the table: gen/errors.py, each command's --help, README ----------------------------------

def findings(name):
    """{status: text} of a command's own findings, as its --help states them."""
    import importlib
    module = importlib.import_module("xlidl.cli." + cli.COMMANDS[name])
    return {k: v for k, v in getattr(module, "FINDINGS", {}).items() if v is not None}


def test_help_states_each_commands_statuses():
    for name in COMMANDS:
        r = subprocess.run([__import__("sys").executable, "-m", "xlidl", name, "--help"],
                           capture_output=True, text=True, env=dict(
                               __import__("os").environ, COLUMNS="1000"))
        text = " ".join(r.stdout.split())
        m = re.search(r"Exit status: (.*)\.$", text)
        assert m, (name, r.stdout[-300:])
        stated = dict((int(k), v) for k, v in re.findall(r"(\d+) ([^;]+)(?:; |$)", m.group(1)))
        assert stated[EXIT_OK] == "success" and stated[EXIT_INTERNAL].startswith("internal")
        assert EXIT_USAGE in stated
        assert (EXIT_INPUT in stated) == (name != "fixes")
        for k, v in findings(name).items():
            assert stated[k] == v, (name, k)
        assert set(stated) - {EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL} == \
            set(findings(name)), name


def test_readme_table_is_the_commands():
    """README's table gives every command's own statuses, as its --help does."""
    text = (ROOT / "README.md").read_text()
    table = {}
    for line in text.splitlines():
        m = re.match(r"^\| `?([a-z-]+(?:`?, `?[a-z-]+)*)`? \| (.*) \| (.*) \|$", line)
        if m and m.group(1) not in ("command",):
            for name in re.split(r"`?, `?", m.group(1)):
                table[name] = {EXIT_FINDING: m.group(2), EXIT_FINDING_2: m.group(3)}
    assert set(table) == set(COMMANDS), set(COMMANDS) ^ set(table)
    for name in COMMANDS:
        want = findings(name)
        for k in (EXIT_FINDING, EXIT_FINDING_2):
            cell = table[name][k]
            if k in want:
                assert cell == want[k], (name, k, cell, want[k])
            else:
                assert cell == "", (name, k, cell)
    for status in (EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_FINDING, EXIT_FINDING_2,
                   EXIT_INTERNAL):
        assert re.search(r"^\| %d \| " % status, text, re.M), status
