"""``xlidl doc`` (issue 23): a reference of libxl's types with the release that added each.

* Since-versions with the 12 releases of ../shared/xen-idl given in order: every type,
  member, keyed-union case and enumeration value of the JSON is checked against what
  each release's IDL holds, computed here independently (a walk of each release's model
  written for this test), and a named sample makes sure the check covers members inside
  keyed-union cases, enumeration values, deprecations and removals (fast).
* tests/doc/: our own small IDL history (r1, r2, r3, HEAD) with a member removed and added
  again, a removed type, value and case, a deprecation, and libxl.h files (fast).
* --git: a repository made from the 12 releases (one commit and one RELEASE-* tag each,
  the IDL and libxl.h under tools/libxl/ before 4.15, tools/libs/light/ and tools/include/
  after) gives the same JSON as --release (slow).
* The formats: md, man (``MANWIDTH=80 man --warnings -l`` shows no warning), html (one
  self-contained page; opened in headless Chromium in tests/test_doc_browser.py).
* Usage errors and exit statuses.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, have_program, need, xen_idl, xen_idl_dir, xlidl

from xlidl import api

#: the releases of ../shared/xen-idl, oldest first (stable-4.17 is between 4.16 and 4.18)
RELEASES = ["4.5.0", "4.6.0", "4.8.0", "4.10.0", "4.12.0", "4.14.0", "4.16.0", "stable-4.17",
            "4.18.0", "4.20.0", "4.22.0", "master"]
DOC = TESTS / "doc"
OWN = ["r1", "r2", "r3"]


def release_args(releases=RELEASES, headers=False) -> list[str]:
    args = []
    for r in releases:
        args += ["--release", "%s=%s" % (r, xen_idl(r))]
        if headers:
            args += ["--header", "%s=%s" % (r, xen_idl(r, "libxl.h"))]
    return args


def run_doc(*args: str) -> dict:
    r = xlidl("doc", *args, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def xen_doc() -> dict:
    return run_doc(str(xen_idl("master")), *release_args(headers=True))


# -- an independent reading of each release -------------------------------------------------

def _walk(t, prefix, out, idl_types):
    for f in t.fields:
        path = prefix + (f.name,)
        out[path] = f
        ft = f.type
        if ft is not None and ft.typename is None and hasattr(ft, "fields"):
            _walk(ft, path, out, idl_types)


def holdings(release: str) -> dict:
    """What the release's IDL holds: {("type", name): type, ("member", name, path):
    member, ("value", name, enumerator): value}, public (not libxl__, not private)."""
    idl = api.load(str(xen_idl(release)))
    out = {}
    for t in list(idl.builtins) + list(idl.types):
        name = t.typename
        if (name is None or name.startswith("libxl__") or t.private
                or (t.cls != "Builtin" and t in idl.builtins)
                or ("type", name) in out):
            continue
        if t.cls in ("UInt", "Number"):
            continue
        out[("type", name)] = t
        if hasattr(t, "values"):
            for v in t.values:
                out[("value", name, v.name)] = v
        if hasattr(t, "fields"):
            members = {}
            _walk(t, (), members, idl.types)
            for path, f in members.items():
                out[("member", name, ".".join(path))] = f
    return out


@pytest.fixture(scope="module")
def held() -> list[dict]:
    return [holdings(r) for r in RELEASES]


def expected(held: list[dict], key) -> dict:
    present = [key in h for h in held]
    last = max(i for i, p in enumerate(present) if p)
    first = last
    while first > 0 and present[first - 1]:
        first -= 1
    runs, i = [], 0
    while i < len(present):
        if present[i]:
            j = i
            while j + 1 < len(present) and present[j + 1]:
                j += 1
            runs.append([RELEASES[i], RELEASES[j]])
            i = j + 1
        else:
            i += 1
    out = {"since": RELEASES[first], "history": runs,
           "removed": RELEASES[last + 1] if last + 1 < len(RELEASES) else None}
    if key[0] == "member":
        dep = None
        i = last
        while i >= first and held[i][key].deprecated_by:
            dep = RELEASES[i]
            i -= 1
        out["deprecated"] = dep
    return out


def entries(doc: dict) -> dict:
    out = {}
    for t in doc["types"]:
        out[("type", t["name"])] = t
        for m in t.get("members", []):
            out[("member", t["name"], m["path"])] = m
        for v in t.get("values", []):
            out[("value", t["name"], v["name"])] = v
    return out


def test_releases_in_order(xen_doc):
    # the documented IDL is master's text: it IS the release master, not one more
    assert xen_doc["releases"] == RELEASES


def test_every_since_against_each_release(xen_doc, held):
    got = entries(xen_doc)
    everything = set().union(*held)
    assert set(got) == everything
    wrong = []
    for key, entry in got.items():
        want = expected(held, key)
        have = {k: entry[k] for k in want}
        if have != want:
            wrong.append((key, have, want))
    assert not wrong, wrong[:10]


# the sample: (key, why it is in the sample); its answers are computed, not written here
SAMPLE = [
    (("member", "libxl_domain_build_info", "u.hvm.smbios"), "member inside a case"),
    (("member", "libxl_domain_build_info", "u.pvh"), "keyed-union case"),
    (("member", "libxl_domain_build_info", "u.hvm.apic"), "deprecated"),
    (("member", "libxl_domain_build_info", "u.pv.kernel"), "deprecated"),
    (("member", "libxl_domain_build_info", "u.hvm.altp2m"), "member inside a case"),
    (("member", "libxl_domain_create_info", "pvh"), "removed member"),
    (("value", "libxl_domain_type", "LIBXL_DOMAIN_TYPE_PVH"), "enumeration value"),
    (("value", "libxl_device_model_version", "LIBXL_DEVICE_MODEL_VERSION_NONE"),
     "removed value"),
    (("type", "libxl_smbios"), "type"),
    (("member", "libxl_physinfo", "cap_vpmu"), "member"),
]


def test_sample_covers_the_kinds_of_change(xen_doc, held):
    got = entries(xen_doc)
    kinds = set()
    for key, why in SAMPLE:
        want = expected(held, key)
        for k, v in want.items():
            assert got[key][k] == v, (key, k)
        if key[0] == "member" and "." in key[2] and got[key]["since"] != RELEASES[0]:
            kinds.add("member inside a case, added later")
        if got[key].get("deprecated"):
            kinds.add("deprecated")
        if got[key]["removed"]:
            kinds.add("removed")
        if key[0] == "value" and got[key]["since"] != RELEASES[0]:
            kinds.add("value added later")
        if got[key].get("kind") == "case":
            kinds.add("case")
    assert kinds == {"member inside a case, added later", "deprecated", "removed",
                     "value added later", "case"}
    # the paths and keys, as the issue has them
    smbios = got[("member", "libxl_domain_build_info", "u.hvm.smbios")]
    assert smbios["json_key"] == "smbios" and smbios["type"] == "libxl_smbios"
    hvm = got[("member", "libxl_domain_build_info", "u.hvm")]
    assert hvm["json_key"] == "type.hvm" and hvm["enumname"] == "LIBXL_DOMAIN_TYPE_HVM"
    apic = got[("member", "libxl_domain_build_info", "u.hvm.apic")]
    assert apic["deprecated_by"] == "apic"
    # removed things are listed after those that remain
    t = next(t for t in xen_doc["types"] if t["name"] == "libxl_domain_create_info")
    flags = [m["removed"] is not None for m in t["members"]]
    assert flags == sorted(flags) and any(flags)


def test_changes_and_defines(xen_doc, held):
    changes = {c["release"]: c for c in xen_doc["changes"]}
    assert list(changes) == RELEASES[1:]
    for i, r in enumerate(RELEASES[1:], 1):
        old = set(re.findall(r"#\s*define\s+(LIBXL_HAVE_\w+)",
                             xen_idl(RELEASES[i - 1], "libxl.h").read_text()))
        new = re.findall(r"#\s*define\s+(LIBXL_HAVE_\w+)", xen_idl(r, "libxl.h").read_text())
        want = list(dict.fromkeys(d for d in new if d not in old))
        assert changes[r]["defines_added"] == want, r
    assert "libxl_domain_build_info.u.hvm.smbios" in changes["4.18.0"]["added"]
    assert "LIBXL_DEVICE_MODEL_VERSION_NONE" in changes["4.10.0"]["removed"]


# -- the LIBXL_HAVE_* define of each thing ---------------------------------------------------

def defines_added(release: str) -> set:
    """The LIBXL_HAVE_* the release's libxl.h defines and the previous release's does not
    (a text search, independent of xlidl's reading of the headers)."""
    def have(r):
        return set(re.findall(r"^\s*#\s*define\s+(LIBXL_HAVE_\w+)",
                              xen_idl(r, "libxl.h").read_text(), re.M))
    i = RELEASES.index(release)
    return have(release) - have(RELEASES[i - 1]) if i > 0 else set()


def test_define_is_one_the_since_release_added(xen_doc):
    added = {r: defines_added(r) for r in RELEASES}
    got = entries(xen_doc)
    given = {k: e for k, e in got.items() if e["define"] is not None}
    for k, e in given.items():
        assert e["define"] in added[e["since"]], (k, e["since"], e["define"])
    # nothing from the first release has one (there is no release before it)
    assert all(e["define"] is None for e in got.values() if e["since"] == RELEASES[0])
    # the sample covers types, members inside keyed-union cases, and values
    kinds = {k[0] for k in given}
    assert kinds == {"type", "member", "value"}
    assert any(k[0] == "member" and k[2].startswith("u.") and k[2].count(".") >= 2
               for k in given)
    assert len(given) > 150


@pytest.mark.parametrize("key, since, define", [
    # each read in that release's libxl.h, in the comment beside the define
    (("member", "libxl_domain_build_info", "u.hvm.smbios"), "4.18.0",
     "LIBXL_HAVE_BUILDINFO_HVM_SMBIOS"),           # "has the u.hvm.smbios field"
    (("member", "libxl_domain_build_info", "iommu_memkb"), "4.14.0",
     "LIBXL_HAVE_BUILDINFO_IOMMU_MEMKB"),           # "has an iommu_memkb field"
    (("member", "libxl_domain_build_info", "apic"), "4.10.0",
     "LIBXL_HAVE_BUILDINFO_APIC"),                  # the fields moved out of u.hvm, u.pv
    (("member", "libxl_domain_build_info", "bootloader_user"), "4.18.0",
     "LIBXL_HAVE_BOOTLOADER_RESTRICT"),            # "bootloader_restrict and
                                                    # bootloader_user fields"
    # inside a member added with it: "setting ... arch_x86.msr_relaxed"
    (("member", "libxl_domain_build_info", "arch_x86.msr_relaxed"), "4.16.0",
     "LIBXL_HAVE_X86_MSR_RELAXED"),
    (("value", "libxl_viridian_enlightenment", "LIBXL_VIRIDIAN_ENLIGHTENMENT_SYNIC"),
     "4.14.0", "LIBXL_HAVE_VIRIDIAN_SYNIC"),       # "the 'synic' value is present"
    (("value", "libxl_tee_type", "LIBXL_TEE_TYPE_FFA"), "4.18.0",
     "LIBXL_HAVE_BUILDINFO_ARCH_ARM_TEE_FFA"),     # "arch_arm.tee ... has ffa value"
    # the type of the new field u.hvm.smbios, and its values
    (("type", "libxl_smbios"), "4.18.0", "LIBXL_HAVE_BUILDINFO_HVM_SMBIOS"),
    (("value", "libxl_smbios_type", "LIBXL_SMBIOS_TYPE_OEM"), "4.18.0",
     "LIBXL_HAVE_BUILDINFO_HVM_SMBIOS"),
])
def test_define_known_cases(xen_doc, key, since, define):
    e = entries(xen_doc)[key]
    assert (e["since"], e["define"]) == (since, define)


OWN_DEFINES = {
    ("value", "libxl_boot_kind", "LIBXL_BOOT_KIND_PXE"): "LIBXL_HAVE_BOOT_KIND_PXE",
    ("member", "libxl_guest", "u.disk.readonly"): "LIBXL_HAVE_GUEST_DISK_READONLY",
    ("member", "libxl_guest", "u.pxe"): "LIBXL_HAVE_BOOT_KIND_PXE",
    ("member", "libxl_guest", "u.pxe.server"): "LIBXL_HAVE_BOOT_KIND_PXE",   # in u.pxe
    ("member", "libxl_guest", "boot_path"): "LIBXL_HAVE_GUEST_BOOT_PATH",
}


def test_defines_of_own_history():
    # r2 adds u.disk.readonly (r2.h: LIBXL_HAVE_GUEST_DISK_READONLY); r3 the case u.pxe
    # with the value PXE (LIBXL_HAVE_BOOT_KIND_PXE) and memkb again (no define); HEAD
    # boot_path (LIBXL_HAVE_GUEST_BOOT_PATH) and libxl_disk_place with u.disk.place (no
    # define: head.h's other new one is LIBXL_HAVE_UNRELATED_FEATURE)
    got = {k: e["define"] for k, e in entries(run_doc(*own_args())).items()}
    assert {k: d for k, d in got.items() if d is not None} == OWN_DEFINES
    assert len(got) > len(OWN_DEFINES)


def test_defines_need_both_headers():
    # headers of r1 and r2 only: r3's and HEAD's additions get none
    args = [str(DOC / "head.idl")]
    for r in OWN:
        args += ["--release", "%s=%s" % (r, DOC / (r + ".idl"))]
    args += ["--header", "r1=%s" % (DOC / "r1.h"), "--header", "r2=%s" % (DOC / "r2.h")]
    got = {k: e["define"] for k, e in entries(run_doc(*args)).items()}
    assert {k: d for k, d in got.items() if d is not None} == {
        ("member", "libxl_guest", "u.disk.readonly"): "LIBXL_HAVE_GUEST_DISK_READONLY"}


def test_no_define_without_headers():
    for args in (own_args(headers=False), [str(xen_idl("master")), *release_args()]):
        got = entries(run_doc(*args))
        assert all("define" in e and e["define"] is None for e in got.values())


# -- our own history -------------------------------------------------------------------------

def own_args(headers=True) -> list[str]:
    args = [str(DOC / "head.idl")]
    for r in OWN:
        args += ["--release", "%s=%s" % (r, DOC / (r + ".idl"))]
        if headers:
            args += ["--header", "%s=%s" % (r, DOC / (r + ".h"))]
    if headers:
        args += ["--header", str(DOC / "head.h")]
    return args


def test_removed_and_added_again():
    doc = run_doc(*own_args())
    assert doc["releases"] == ["r1", "r2", "r3", "HEAD"]
    got = entries(doc)
    memkb = got[("member", "libxl_guest", "memkb")]
    assert memkb["since"] == "r3" and memkb["removed"] is None
    assert memkb["history"] == [["r1", "r1"], ["r3", "HEAD"]]
    floppy = got[("member", "libxl_guest", "u.floppy")]
    assert (floppy["kind"], floppy["since"], floppy["removed"]) == ("case", "r1", "r2")
    assert got[("value", "libxl_boot_kind", "LIBXL_BOOT_KIND_FLOPPY")]["removed"] == "r2"
    old = got[("type", "libxl_old")]
    assert (old["since"], old["removed"]) == ("r1", "r2")
    assert doc["types"][-1]["name"] == "libxl_old"      # listed apart, after the others
    path = got[("member", "libxl_guest", "u.disk.path")]
    assert (path["since"], path["deprecated"], path["deprecated_by"]) == ("r1", "HEAD",
                                                                       "boot_path")
    assert got[("member", "libxl_guest", "u.disk.readonly")]["since"] == "r2"
    assert got[("value", "libxl_boot_kind", "LIBXL_BOOT_KIND_PXE")]["since"] == "r3"
    head = doc["changes"][-1]
    assert head == {"release": "HEAD", "previous": "r3",
                    "added": ["libxl_disk_place", "libxl_guest.boot_path",
                              "libxl_guest.u.disk.place"],
                    "removed": [], "deprecated": ["libxl_guest.u.disk.path"],
                    "defines_added": ["LIBXL_HAVE_GUEST_BOOT_PATH",
                                      "LIBXL_HAVE_UNRELATED_FEATURE"]}
    assert doc["changes"][0]["defines_added"] == ["LIBXL_HAVE_GUEST_DISK_READONLY"]


def test_documented_idl_same_as_newest_release():
    doc = run_doc(str(DOC / "r3.idl"), "--release", "r1=%s" % (DOC / "r1.idl"),
                  "--release", "r3=%s" % (DOC / "r3.idl"))
    assert doc["releases"] == ["r1", "r3"]
    memkb = entries(doc)[("member", "libxl_guest", "memkb")]
    assert memkb["since"] == "r1" and memkb["history"] == [["r1", "r3"]]


def test_no_history():
    doc = run_doc(str(DOC / "head.idl"))
    assert doc["releases"] == [] and doc["changes"] == []
    assert all(e["since"] is None and e["removed"] is None and e["define"] is None
               for e in entries(doc).values())


def test_internal_types_only_with_internal():
    main, internal = xen_idl("master"), xen_idl("master", "libxl_types_internal.idl")
    names = [t["name"] for t in run_doc(str(main), str(internal))["types"]]
    assert not any(n.startswith("libxl__") for n in names)
    names = [t["name"] for t in run_doc(str(main), str(internal), "--internal")["types"]]
    assert any(n.startswith("libxl__") for n in names)


@pytest.mark.parametrize("args, status, message", [
    (["--release", "r1"], 2, "--release 'r1': give NAME=FILE"),
    (["--tags", "R*"], 2, "--tags goes with --git"),
    (["--release", "r1=%s" % (DOC / "r1.idl"), "--git", "."], 2, "give one"),
    (["--release", "r1=%s" % (DOC / "missing.idl")], 1, "missing.idl"),
    (["--git", "/"], 1, "not a git repository"),
    (["--header", "r9=%s" % (DOC / "r1.h")], 2, "no release r9"),
])
def test_usage_errors(args, status, message):
    r = xlidl("doc", str(DOC / "head.idl"), *args, "--format", "json")
    assert r.returncode == status, r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_error_in_an_older_release(tmp_path):
    bad = tmp_path / "bad.idl"
    bad.write_text('namespace("libxl_")\nlibxl_x = Struct("x", [("a", integr)])\n')
    r = xlidl("doc", str(DOC / "head.idl"), "--release", "bad=%s" % bad)
    assert r.returncode == 1
    assert "bad.idl:2:" in r.stderr and "unknown name 'integr'" in r.stderr


# -- the formats -----------------------------------------------------------------------------

def render(fmt: str, *args: str) -> str:
    r = xlidl("doc", *(args or own_args()), "--format", fmt)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_output_file_and_format_from_suffix(tmp_path):
    out = tmp_path / "types.md"
    r = xlidl("doc", *own_args(), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text() == render("md")
    r = xlidl("doc", *own_args(), "-o", str(DOC / "r1.h"))
    assert r.returncode == 2 and "is also an input" in r.stderr


def test_md():
    text = render("md")
    assert "## libxl_guest\n" in text
    assert "| `u.disk.place` | [libxl_disk_place](#libxl_disk_place) | `place` |" in text
    assert "| `memkb` | uint64_t | `memkb` | integer | since r3, earlier: r1 |" in text
    assert "| `u.pxe.server` | char * | `server` | null or string | " \
           "since r3 (LIBXL_HAVE_BOOT_KIND_PXE) |" in text
    assert "## Removed\n" in text and "### libxl_old\n" in text
    assert "* LIBXL_HAVE_* added to libxl.h: LIBXL_HAVE_GUEST_BOOT_PATH, " \
           "LIBXL_HAVE_UNRELATED_FEATURE" in text


def html_ids(text: str) -> tuple[set, list]:
    ids = set(re.findall(r' id="([^"]+)"', text))
    links = re.findall(r' href="#([^"]+)"', text)
    return ids, links


def test_html_self_contained_with_anchors(xen_doc):
    text = render("html", str(xen_idl("master")), *release_args())
    # nothing from the network: no URL, no external script, style sheet or image
    assert not re.search(r"https?:|//[a-z]", text)
    assert not re.search(r"<(link|img|iframe)\b|<script [^>]*src=", text)
    ids, links = html_ids(text)
    for t in xen_doc["types"]:
        assert t["name"] in ids
        for m in t.get("members", []):
            assert "%s.%s" % (t["name"], m["path"]) in ids
    assert "libxl_domain_build_info.u.hvm.smbios" in ids
    assert set(links) <= ids
    # a member's type links to that type
    row = re.search(r'<tr id="libxl_domain_build_info\.u\.hvm\.smbios".*?</tr>', text).group(0)
    assert '<a href="#libxl_smbios">libxl_smbios</a>' in row
    assert 'id="filter"' in text


def test_man_renders_without_warnings(tmp_path):
    need(have_program("man") and have_program("groff"),
         "man and groff are not installed (apt-get install man-db groff-base)")
    page = tmp_path / "libxl-types.7"
    for args in (own_args(), [str(xen_idl("master")), *release_args(headers=True)]):
        page.write_text(render("man", *args))
        r = subprocess.run(["man", "--warnings", "-l", str(page)], capture_output=True,
                           text=True, env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="",
                                               PAGER="cat"))
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
        assert "LIBXL-TYPES(7)" in r.stdout
    assert "libxl_guest" in r.stdout or "libxl_domain_build_info" in r.stdout
    text = r.stdout
    assert re.search(r"u\.hvm\.smbios\n\s+array of libxl_smbios", text)
    assert re.search(r"u\.hvm\.smbios\n.*\n.*\n\s+since 4\.18\.0 "
                     r"\(LIBXL_HAVE_BUILDINFO_HVM_SMBIOS\)", text)
    assert max(len(line) for line in text.splitlines()) <= 80


# -- --git -----------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    r = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                       env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
                                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t",
                                GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1"))
    assert r.returncode == 0, r.stderr
    return r.stdout


def make_repo(repo: Path,
              commits: list[tuple[str, Path | None, Path | None, str | None]]) -> None:
    """One commit per (name, IDL, libxl.h, tag): the files where Xen has them (the IDL
    under tools/libxl/ before 4.15, tools/libs/light/ after; libxl.h under tools/libxl/,
    then tools/include/)."""
    need(have_program("git"), "git is not installed")
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name, idl, header, tag in commits:
        m = re.match(r"(?:stable-)?(\d+)\.(\d+)", name)
        old = m is not None and (int(m.group(1)), int(m.group(2))) < (4, 15)
        for d in ("tools/libxl", "tools/libs/light", "tools/include"):
            shutil.rmtree(repo / d, ignore_errors=True)
        idl_dir = repo / ("tools/libxl" if old else "tools/libs/light")
        if idl is not None:
            idl_dir.mkdir(parents=True)
            shutil.copy(idl, idl_dir / "libxl_types.idl")
        if header is not None:
            h_dir = repo / ("tools/libxl" if old else "tools/include")
            h_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(header, h_dir / "libxl.h")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", name)
        if tag:
            git(repo, "tag", tag)


def test_git_own_history(tmp_path):
    repo = tmp_path / "xen"
    # (a release older than the IDL is left out)
    make_repo(repo, [("r0", None, None, "RELEASE-r0")]
              + [(r, DOC / (r + ".idl"), DOC / (r + ".h"), "RELEASE-" + r) for r in OWN]
              + [("head", DOC / "head.idl", DOC / "head.h", None)])
    want = run_doc(*own_args())
    assert run_doc(str(DOC / "head.idl"), "--git", str(repo)) == want
    # HEAD exactly a tag: no HEAD entry; --tags chooses the tags, ordered by version
    git(repo, "tag", "RELEASE-r10")
    doc = run_doc(str(DOC / "head.idl"), "--git", str(repo))
    assert doc["releases"] == ["r1", "r2", "r3", "r10"]
    doc = run_doc(str(DOC / "head.idl"), "--git", str(repo), "--tags", "RELEASE-r[13]")
    assert doc["releases"] == ["r1", "r3", "HEAD"]
    r = xlidl("doc", str(DOC / "head.idl"), "--git", str(repo), "--tags", "v*")
    assert r.returncode == 1 and "no tag matches 'v*'" in r.stderr


def test_git_internal_gives_the_same_json_as_release(tmp_path):
    """--internal with --git reads each tag's libxl_types_internal.idl beside its IDL, as
    --release reads the one beside each IDL: the same JSON, libxl__ types included."""
    need(have_program("git"), "git is not installed")
    rels = ["4.16.0", "4.18.0"]
    repo = tmp_path / "xen"
    light = repo / "tools" / "libs" / "light"
    light.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for r in rels:
        for name in ("libxl_types.idl", "libxl_types_internal.idl"):
            shutil.copy(xen_idl(r, name), light / name)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", r)
        git(repo, "tag", "RELEASE-" + r)
    main, internal = xen_idl("master"), xen_idl("master", "libxl_types_internal.idl")
    from_git = run_doc(str(main), str(internal), "--internal", "--git", str(repo))
    from_release = run_doc(str(main), str(internal), "--internal", *release_args(rels))
    assert from_git == from_release
    inner = {t["name"]: t for t in from_git["types"] if t["name"].startswith("libxl__")}
    assert inner, "no internal type documented"
    # what both releases' internal IDLs hold dates from the first of them
    both = [n for n in inner
            if all(re.search(r"\b%s\b" % n, xen_idl(r, "libxl_types_internal.idl").read_text())
                   for r in rels)]
    assert both and all(inner[n]["since"] == rels[0] for n in both)


@pytest.mark.slow
def test_git_gives_the_same_json_as_release(tmp_path):
    repo = tmp_path / "xen"
    # master is HEAD, after the 11 tagged releases (it is no release); its IDL is 4.22.0's
    # text, so HEAD adds no entry (with --release: the documented IDL is 4.22.0)
    make_repo(repo, [(r, xen_idl(r), xen_idl(r, "libxl.h"),
                      "RELEASE-" + r if r != "master" else None) for r in RELEASES])
    tags = git(repo, "tag", "-l").split()
    assert tags[0] == "RELEASE-4.10.0"       # by name; the history is by version
    from_git = run_doc(str(xen_idl("master")), "--git", str(repo))
    from_release = run_doc(str(xen_idl("master")), *release_args(RELEASES[:-1], headers=True))
    assert from_git["releases"] == RELEASES[:-1]
    assert from_git == from_release
    assert all(c["defines_added"] is not None for c in from_git["changes"])


# -- api-diff --header -----------------------------------------------------------------------

def test_api_diff_header_text_and_json():
    args = ["api-diff", str(DOC / "r2.idl"), str(DOC / "r3.idl"),
            "--header", str(DOC / "r2.h"), str(DOC / "r3.h")]
    r = xlidl(*args)
    assert r.returncode == 0, r.stderr
    assert "LIBXL_HAVE_* defines %s adds (1):\n  LIBXL_HAVE_BOOT_KIND_PXE\n" % (DOC / "r3.h") \
        in r.stdout
    # the case u.pxe, suggested LIBXL_HAVE_GUEST_PXE, shares its word PXE with the define
    assert "Features with a new define (1 of 2):\n" \
           "  LIBXL_HAVE_GUEST_PXE: LIBXL_HAVE_BOOT_KIND_PXE\n" in r.stdout
    warning = ("%s adds no LIBXL_HAVE_* define for libxl_guest.memkb (%s:14:5); suggested: "
               "LIBXL_HAVE_GUEST_MEMKB" % (DOC / "r3.h", DOC / "r3.idl"))
    assert "  warning: " + warning in r.stdout
    assert r.stderr == "xlidl: warning: %s\n" % warning
    r = xlidl(*args, "--format", "json")
    assert r.returncode == 0
    header = json.loads(r.stdout)["header"]
    assert header["added"] == ["LIBXL_HAVE_BOOT_KIND_PXE"]
    assert header["features"] == [
        {"suggested": "LIBXL_HAVE_GUEST_MEMKB", "for": "libxl_guest.memkb", "define": None},
        {"suggested": "LIBXL_HAVE_GUEST_PXE", "for": "libxl_guest.u.pxe",
         "define": "LIBXL_HAVE_BOOT_KIND_PXE"}]
    assert header["uncovered"] == ["LIBXL_HAVE_GUEST_MEMKB"]
    r = xlidl(*args, "--werror")
    assert r.returncode == 1 and r.stderr == "xlidl: error: %s\n" % warning


@pytest.mark.parametrize("old, new, feature, define", [
    # Xen's own names for what api-diff suggests (the real libxl.h of the release)
    ("4.5.0", "4.6.0", "LIBXL_HAVE_SPICE_INFO_IMAGE_COMPRESSION",
     "LIBXL_HAVE_SPICE_IMAGECOMPRESSION"),
    ("4.12.0", "4.14.0", "LIBXL_HAVE_VIRIDIAN_ENLIGHTENMENT_SYNIC", "LIBXL_HAVE_VIRIDIAN_SYNIC"),
    ("4.14.0", "4.16.0", "LIBXL_HAVE_BUILDINFO_VPMU", "LIBXL_HAVE_VPMU"),
    ("4.16.0", "stable-4.17", "LIBXL_HAVE_DEVICE_NIC_TRUSTED", "LIBXL_HAVE_NIC_TRUSTED"),
    ("stable-4.17", "4.18.0", "LIBXL_HAVE_BUILDINFO_TEE_FFA",
     "LIBXL_HAVE_BUILDINFO_ARCH_ARM_TEE_FFA"),
    ("stable-4.17", "4.18.0", "LIBXL_HAVE_DOMAIN_CONFIG_VIRTIOS", None),
    ("4.18.0", "4.20.0", "LIBXL_HAVE_DEVICE_NIC_VLAN", None),
])
def test_api_diff_header_on_xen(old, new, feature, define):
    r = xlidl("api-diff", str(xen_idl(old)), str(xen_idl(new)), "--format", "json",
              "--header", str(xen_idl(old, "libxl.h")), str(xen_idl(new, "libxl.h")))
    assert r.returncode in (0, 3), r.stderr
    header = json.loads(r.stdout)["header"]
    got = {f["suggested"]: f["define"] for f in header["features"]}
    assert got[feature] == define
    if define is not None:
        assert define in header["added"]
