"""The review tools: xlidl diff (generated-code diffs) and xlidl api-diff (API reports).

tests/review/base.idl is a small libxl-like IDL; breaks/*.idl and compatible/*.idl are
each base.idl with one change, and say in "# expect: KIND NAME" lines which changes
api-diff must report (and in "# define: NAME" the LIBXL_HAVE_* it must suggest).  The
stable-4.17 -> 4.18.0 report of the Xen corpus is a golden file (UPDATE_GOLDEN=1
rewrites it).
"""
from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest

from conftest import TESTS, check_golden, need, xen_idl, xen_idl_dir, xen_releases, xlidl

from xlidl import api
from xlidl.tools import api_report
from xlidl.backend import clang_format as fmt
from xlidl.tools import textdiff as review

REVIEW = TESTS / "review"
BASE = REVIEW / "base.idl"
BREAKS = sorted((REVIEW / "breaks").glob("*.idl"))
COMPATIBLE = sorted((REVIEW / "compatible").glob("*.idl"))
#: Xen releases, oldest first
ORDER = ["4.5.0", "4.6.0", "4.8.0", "4.10.0", "4.12.0", "4.14.0", "4.16.0", "stable-4.17",
         "4.18.0", "4.20.0", "4.22.0", "master"]


def need_clang_format() -> None:
    try:
        fmt.find_clang_format()
        ok = True
    except fmt.FormatError:
        ok = False
    need(ok, "clang-format is not installed (pip install 'xlidl[format]')")


def expectations(path: Path):
    text = path.read_text()
    expect = sorted(tuple(m.split()) for m in re.findall(r"^# expect: (.*)$", text, re.M))
    defines = re.findall(r"^# define: (\S+)$", text, re.M)
    return expect, defines


@functools.lru_cache(maxsize=None)
def load(path: str, display: str):
    return api.load(path, display=display)


# -- unified_diff ----------------------------------------------------------------------------

def test_unified_diff_basics():
    assert review.unified_diff("a\n", "a\n", "x", "y", color=False) == ""
    d = review.unified_diff("int f(void)\n{\n    return 0;\n}\n",
                            "int f(void)\n{\n    return 1;\n}\n", "a/f.c", "b/f.c",
                            color=False)
    assert d == ("--- a/f.c\n+++ b/f.c\n@@ -1,4 +1,4 @@\n int f(void)\n {\n"
                 "-    return 0;\n+    return 1;\n }\n")
    # the enclosing function goes into the hunk header, as with diff -p
    old = "".join("int f%d(void)\n{\n    a;\n    b;\n    c;\n    d;\n}\n" % i
                  for i in range(3))
    new = old.replace("int f2(void)\n{\n    a;\n", "int f2(void)\n{\n    a;\n    x;\n")
    d = review.unified_diff(old, new, "a", "b", color=False)
    # (git's rule: the closest line before the hunk that starts with a letter)
    assert "\n@@ -15,6 +15,7 @@ int f1(void)\n int f2(void)\n {\n     a;\n+    x;\n" in d
    # a missing final newline is marked, as diff -u does
    d = review.unified_diff("a\nb", "a\nc", "x", "y", color=False)
    assert d.endswith("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
    c = review.unified_diff("a\n", "b\n", "x", "y", color=True)
    assert "\033[31m-a\033[m\n" in c and "\033[32m+b\033[m\n" in c


def test_use_color(monkeypatch):
    assert review.use_color("always") and not review.use_color("never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not review.use_color("auto")


# -- xlidl diff ------------------------------------------------------------------------------

def test_diff_of_an_idl_with_itself_is_empty():
    r = xlidl("diff", str(BASE), str(BASE))
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_diff_shows_exactly_the_added_field():
    """base.idl vs. the same with ("device_tree", string) added to domain_build_info: the
    diff adds that member's lines, in each function that handles members, and nothing
    else (no removed line, no other file)."""
    need_clang_format()
    new = REVIEW / "compatible" / "field-added.idl"
    r = xlidl("diff", "--color", "never", str(BASE), str(new))
    assert r.returncode == 3, r.stderr
    out = r.stdout
    assert re.findall(r"^\+\+\+ (\S+)", out, re.M) == ["b/_base.c", "b/_base.h"]
    body = [l for l in out.splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert body and all(l.startswith("+") for l in body), "only additions expected"
    # each added line is about device_tree, or the JSON error check around it
    for line in body:
        assert ("device_tree" in line or line.strip() in (
            "+", "+}", "+    {", "+    }", "+        }", "+    if (s != yajl_gen_status_ok)",
            "+        if (s != yajl_gen_status_ok)", "+            goto out;",
            "+        if (x) {", "+            if (rc)", "+                goto out;")
                or "sizeof(\"device_tree\")" in line), line
    # one hunk per function that handles members: the struct, dispose, copy, gen_json,
    # parse_json
    hunks = re.findall(r"^@@ [^@]* @@ ?(.*)$", out, re.M)
    funcs = [h.split("(")[0].split()[-1] if "(" in h else h for h in hunks]
    assert funcs == ["libxl_domain_build_info_dispose", "libxl_domain_build_info_copy",
                     "libxl_domain_build_info_gen_json",
                     "libxl__domain_build_info_parse_json",
                     "typedef struct libxl_domain_build_info {"], hunks
    assert sum(1 for l in body if "device_tree" in l) >= 8
    r = xlidl("diff", "--stat", "--color", "never", str(BASE), str(new))
    assert r.returncode == 3
    assert r.stdout.splitlines()[-1] == " 2 files changed, 22 insertions(+), 0 deletions(-)"


def test_diff_folder_against_idl(tmp_path):
    """A folder written by xlidl generate (harness included) equals its IDL."""
    out = tmp_path / "out"
    xlidl("generate", "-o", str(out), str(BASE), check=True)
    r = xlidl("diff", str(out), str(BASE))
    assert (r.returncode, r.stdout) == (0, ""), r.stderr
    header = (out / "_base.h").read_text()
    assert header.count("    char * kernel;\n") == 1
    (out / "_base.h").write_text(header.replace("char * kernel;", "char * kernel2;"))
    r = xlidl("diff", "--no-format", "--color", "never", str(BASE), str(out))
    assert r.returncode == 3
    assert "-    char * kernel;\n+    char * kernel2;\n" in r.stdout   # as generated


def test_diff_errors(tmp_path):
    """Errors in the input exit 1, clang-format missing 2 (with the way out), and
    neither is 3, the status of a difference."""
    bad = tmp_path / "bad.idl"
    bad.write_text('namespace("libxl_")\nlibxl_x = Struct("x", [("a", nosuchtype)])\n')
    r = xlidl("diff", str(bad), str(BASE))
    assert r.returncode == 1
    assert "bad.idl:2:30: error: unknown name 'nosuchtype'" in r.stderr
    r = xlidl("diff", str(tmp_path / "missing.idl"), str(BASE))
    assert r.returncode == 1 and "no such file or folder" in r.stderr
    r = xlidl("diff", str(BASE), str(REVIEW / "compatible" / "field-added.idl"),
              env={"XLIDL_CLANG_FORMAT": str(tmp_path / "none")})
    assert r.returncode == 2 and "XLIDL_CLANG_FORMAT" in r.stderr
    assert "--no-format" in r.stderr


# -- xlidl api-diff: focused pairs ----------------------------------------------------------

@pytest.mark.parametrize("path", BREAKS + COMPATIBLE,
                         ids=lambda p: "%s/%s" % (p.parent.name, p.stem))
def test_api_diff_reports_each_change(path):
    expect, defines = expectations(path)
    assert expect, "%s has no '# expect:' line" % path
    report = api_report.compare(load(str(BASE), "base.idl"), load(str(path), path.name))
    got = sorted((c.kind, c.subject) for c in report.changes)
    assert got == expect
    assert report.breaking == (path.parent.name == "breaks")
    for c in report.changes:
        loc = c.loc()
        assert loc is not None and loc.line > 0
        assert loc.file == (path.name if c.new_loc is not None else "base.idl")
    assert [d.name for d in report.defines] == defines


def test_api_diff_cli_exit_status_and_json():
    r = xlidl("api-diff", str(BASE), str(REVIEW / "breaks" / "field-removed.idl"))
    assert r.returncode == 3
    assert "field removed: libxl_device_disk.readwrite (int)" in r.stdout
    assert "1 breaking change" in r.stderr
    r = xlidl("api-diff", "--allow-breaking", str(BASE),
              str(REVIEW / "breaks" / "field-removed.idl"))
    assert r.returncode == 0
    r = xlidl("api-diff", "--format", "json", str(BASE),
              str(REVIEW / "compatible" / "type-added.idl"))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["breaking"] is False and doc["summary"]["addition"] == 2
    assert doc["defines"] == [{"name": "LIBXL_HAVE_DOMAIN_CONFIG_VTPMS",
                               "for": ["libxl_domain_config.vtpms", "libxl_device_vtpm"],
                               "loc": doc["changes"][1]["new_loc"]}]
    kinds = {c["kind"]: c for c in doc["changes"]}
    assert kinds["type-added"]["define"] == "LIBXL_HAVE_DOMAIN_CONFIG_VTPMS"
    assert re.fullmatch(r".*type-added\.idl:\d+:\d+", kinds["type-added"]["new_loc"])


def test_api_diff_errors_exit_1(tmp_path):
    """Errors in the input are not 3, the status of a breaking change."""
    bad = tmp_path / "bad.idl"
    bad.write_text('namespace("libxl_")\nlibxl_x = Struct("x", [("a", nosuchtype)])\n')
    r = xlidl("api-diff", str(BASE), str(bad))
    assert r.returncode == 1 and "bad.idl:2:30: error: unknown name" in r.stderr
    r = xlidl("api-diff", str(BASE), str(tmp_path / "missing.idl"))
    assert r.returncode == 1 and "no such file" in r.stderr


# -- xlidl api-diff: the Xen corpus ----------------------------------------------------------

def corpus_pairs():
    rels = [r for r in ORDER if r in set(xen_releases())]
    return [(a, b) for a, b in zip(rels, rels[1:])] or [("<no corpus>", "<no corpus>")]


@pytest.mark.parametrize("name", ["libxl_types.idl", "libxl_types_internal.idl"])
def test_api_diff_runs_on_consecutive_releases(name):
    pairs = corpus_pairs()
    need(len(pairs) == len(ORDER) - 1, "the whole Xen IDL corpus is not at %s" % xen_idl_dir())
    for old, new in pairs:
        a = load(str(xen_idl(old, name)), "%s/%s" % (old, name))
        b = load(str(xen_idl(new, name)), "%s/%s" % (new, name))
        report = api_report.compare(a, b)
        text = api_report.format_text(report)
        assert text.startswith("API changes from %s/%s to %s/%s" % (old, name, new, name))
        json.loads(api_report.format_json(report))
        if name.endswith("_internal.idl"):
            assert not report.defines and not report.breaking
        for c in report.changes:
            assert c.loc() is not None, c
        # every addition is under exactly one suggested define
        adds = report.of(api_report.ADDITION)
        assert sorted(id(c) for d in report.defines for c in d.additions) == \
            sorted(id(c) for c in adds)


def test_api_diff_golden_4_17_to_4_18():
    old = load(str(xen_idl("stable-4.17")), "stable-4.17/libxl_types.idl")
    new = load(str(xen_idl("4.18.0")), "4.18.0/libxl_types.idl")
    report = api_report.compare(old, new)
    check_golden(REVIEW / "golden" / "api-diff-stable-4.17-4.18.0.txt",
                 api_report.format_text(report))
    assert not report.breaking
    # what the IDL diff shows (checked by hand), independently of the golden file
    added = {c.subject for c in report.of(api_report.ADDITION)}
    assert added == {
        "libxl_virtio_transport", "libxl_smbios_type", "libxl_smbios", "libxl_sve_type",
        "libxl_device_virtio", "LIBXL_TEE_TYPE_FFA",
        "libxl_domain_build_info.bootloader_restrict",
        "libxl_domain_build_info.bootloader_user", "libxl_domain_build_info.u.hvm.smbios",
        "libxl_domain_build_info.arch_arm.sve_vl", "libxl_domain_config.virtios",
        "libxl_physinfo.arch_capabilities"}
    names = {d.name for d in report.defines}
    # the ones Xen 4.18's libxl.h actually added
    assert {"LIBXL_HAVE_BUILDINFO_HVM_SMBIOS", "LIBXL_HAVE_BUILDINFO_ARCH_ARM_SVE_VL",
            "LIBXL_HAVE_PHYSINFO_ARCH_CAPABILITIES"} <= names


def test_api_diff_cli_on_the_corpus():
    old, new = xen_idl("4.8.0"), xen_idl("4.10.0")
    r = xlidl("api-diff", str(old), str(new))
    assert r.returncode == 3           # 4.10 removed create_info.pvh and more
    assert "field removed: libxl_domain_create_info.pvh (libxl_defbool)" in r.stdout
    assert "field moved: libxl_domain_sched_params.extratime" in r.stdout
    assert "#define LIBXL_HAVE_BUILDINFO_PVH 1" in r.stdout


WARN = TESTS / "warn" / "no-effect.idl"


@pytest.mark.parametrize("command", [["api-diff"], ["diff", "--no-format"]])
def test_review_commands_report_warnings_and_honour_werror(command):
    """diff and api-diff load IDLs like every command: their warnings are shown, and
    --werror makes them errors (exit status 1, nothing reported on stdout)."""
    r = xlidl(*command, str(WARN), str(WARN))
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("warning: statement has no effect") == 2
    r = xlidl(*command, "--werror", str(WARN), str(WARN))
    assert r.returncode == 1
    assert "error: statement has no effect" in r.stderr and "[-Werror]" in r.stderr
    assert "warning:" not in r.stderr and r.stdout == ""
