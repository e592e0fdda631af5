"""``xlidl json`` on small IDLs: the canonical form, rejections and the member
named, --report, the upgrade check with its exit statuses, and the cache of the
compiled program.

The IDLs are tests/review's (base.idl and one-change variants of it, shared with
api-diff's tests): breaks/field-removed.idl (a dropped field), breaks/enum-value-renamed
(QCOW -> QCOW2), breaks/case-removed.idl (the keyed-union case "pv" removed).  The real
libxl corpus (xl 4.17's documents, byte-identical output) is tests/test_json_corpus.py.

Every run uses a cache folder of this session (XLIDL_JSON_CACHE), never the user's.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TESTS, have_program, need, xen_idl, xlidl

from xlidl import api
from xlidl.tools import cbuild, jsondoc, libxljson

REVIEW = TESTS / "review"
BASE = REVIEW / "base.idl"

DOC = """{
    "b_info": {
        "max_vcpus": 2,
        "cpumap": [0, 1, 3],
        "max_memkb": 1e3,
        "kernel": "/boot/vmlinuz",
        "type.pv": {"bootloader": "pygrub"},
        "arch_arm": {},
        "extra": true
    },
    "disks": [
        {"pdev_path": "/dev/vg/a", "format": "RAW", "readwrite": 1},
        {"backend_domid": 0, "pdev_path": "/srv/b.qcow", "format": "qcow", "readwrite": "1"}
    ]
}
"""

CANONICAL = """{
    "b_info": {
        "max_vcpus": 2,
        "cpumap": [
            0,
            1,
            3
        ],
        "max_memkb": 1,
        "kernel": "/boot/vmlinuz",
        "type.pv": {
            "bootloader": "pygrub"
        },
        "arch_arm": {

        }
    },
    "disks": [
        {
            "pdev_path": "/dev/vg/a",
            "format": "raw",
            "readwrite": 1
        },
        {
            "pdev_path": "/srv/b.qcow",
            "format": "qcow"
        }
    ]
}
"""


def need_compiler():
    need(have_program("gcc"), "gcc is not installed")
    need(have_program("pkg-config"), "pkg-config is not installed")
    try:
        cbuild.pkg_config("yajl", "--cflags")
    except cbuild.CheckError as e:
        need(False, str(e))


@pytest.fixture
def cache(json_cache):
    need_compiler()
    return json_cache


def run(cache, *args, cwd=None, env=None):
    e = {libxljson.CACHE_ENV: str(cache)}
    e.update(env or {})
    return xlidl("json", *args, cwd=cwd, env=e)


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "vm.json"
    p.write_text(DOC)
    return p


# -- the canonical form ---------------------------------------------------------------------

def test_canonical_form(cache, doc):
    """What TYPE_to_json writes for what TYPE_from_json read: enum names in lower case,
    1e3 read as 1 (strtoll), unknown members and members of the wrong JSON type dropped,
    defaults left out."""
    r = run(cache, str(BASE), str(doc))
    assert r.returncode == 0, r.stderr
    assert r.stdout == CANONICAL
    assert r.stderr == ""


def test_canonical_form_is_a_fixed_point_and_type_option(cache, tmp_path):
    canon = tmp_path / "canon.json"
    canon.write_text(CANONICAL)
    r = run(cache, str(BASE), "--type", "libxl_domain_config", str(canon))
    assert (r.returncode, r.stdout) == (0, CANONICAL), r.stderr
    # another type of the IDL, and standard input
    r = subprocess.run([sys.executable, "-m", "xlidl", "json", str(BASE), "--type",
                        "libxl_device_disk", "-"], input='{"format": "Qcow", "x": 1}',
                       capture_output=True, text=True,
                       env=dict(os.environ, **{libxljson.CACHE_ENV: str(cache)}))
    assert (r.returncode, r.stdout) == (0, '{\n    "format": "qcow"\n}\n'), r.stderr


def test_jsonc_backend(cache, doc):
    """--json jsonc: TYPE_to_json generated for json-c writes the same values in json-c's
    pretty form (no newline at the end: xlidl json adds one)."""
    need(subprocess.run(["pkg-config", "--exists", "json-c"]).returncode == 0,
         "json-c is not installed (libjson-c-dev)")
    r = run(cache, "--json", "jsonc", str(BASE), str(doc))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == json.loads(CANONICAL)
    assert r.stdout.startswith('{\n  "b_info":{\n    "max_vcpus":2,\n')
    assert '"kernel":"\\/boot\\/vmlinuz"' in r.stdout


def test_several_documents(cache, doc, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"b_info": {"type.hvm": {"acpi": "True"}}}')
    r = run(cache, str(BASE), str(doc), str(other))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "==> %s <==\n%s==> %s <==\n%s" % (
        doc, CANONICAL, other, '{\n    "b_info": {\n        "type.hvm": {\n'
        '            "acpi": "True"\n        },\n        "arch_arm": {\n\n        }\n    }\n}\n')


# -- rejections --------------------------------------------------------------------------------

def test_rejection_names_the_member(cache, tmp_path, doc):
    bad = tmp_path / "bad.json"
    bad.write_text(DOC.replace('"qcow"', '"vhd"'))
    r = run(cache, str(BASE), str(doc), str(bad))
    assert r.returncode == 3                                  # a document rejected
    assert r.stdout == "==> %s <==\n%s" % (doc, CANONICAL)    # the good one is printed
    lines = r.stderr.splitlines()
    assert lines[0] == ('%s:13:58: error: libxl_domain_config_from_json rejects '
                        '/disks/1/format: "vhd"' % bad)
    assert re.fullmatch(r"    libxl: error: json_tree\.c:\d+:libxl__object_from_json: unable "
                        r"to convert libxl__json_object to libxl_domain_config\. \(rc=-3\)",
                        lines[1]), lines
    assert len(lines) == 2


@pytest.mark.parametrize("case", ["syntax", "two cases", "element", "bitmap"])
def test_rejections(cache, tmp_path, case):
    p = tmp_path / "bad.json"
    if case == "syntax":
        p.write_text('{"b_info": {\n  "max_vcpus": 2,,\n}}')
        first = ("%s:2:18: error: not JSON: expected a string; "
                 "libxl_domain_config_from_json rejects it" % p)
        message = "yajl error: parse error"
    elif case == "two cases":
        # "type.hvm" selects HVM, then "type.pv" finds the key already set: libxl's
        # generated TYPE_init_KEY() asserts, in the real libxenlight too
        p.write_text('{"b_info": {"type.pv": {}, "type.hvm": {}}}')
        first = ('%s:1:13: error: libxl_domain_config_from_json rejects '
                 '/b_info/type.pv: {}' % p)
        message = ("libxl_domain_build_info_init_type: Assertion "
                   "`p->type == LIBXL_DOMAIN_TYPE_INVALID' failed.")
    elif case == "element":
        # an element of an array is named, and so is an array of the wrong JSON type
        p.write_text('{"disks": [{}, {"format": 7}, {"format": "vhd"}]}')
        first = ('%s:1:32: error: libxl_domain_config_from_json rejects /disks/2/format: '
                 '"vhd"' % p)
        message = "unable to convert libxl__json_object to libxl_domain_config"
    else:
        # a bitmap's last index must be >= 0 (it sizes the bitmap)
        p.write_text('{"b_info": {"cpumap": [1, -2]}}')
        first = "%s:1:27: error: libxl_domain_config_from_json rejects /b_info/cpumap/1: -2" % p
        message = "unable to convert libxl__json_object to libxl_domain_config"
    r = run(cache, str(BASE), str(p))
    assert r.returncode == 3
    assert r.stdout == ""
    assert r.stderr.splitlines()[0] == first, r.stderr
    assert message in r.stderr


def test_usage_errors(cache, doc):
    r = run(cache, str(doc))
    assert r.returncode == 2 and "no IDL given" in r.stderr
    r = run(cache, str(BASE))
    assert r.returncode == 2 and "no document given" in r.stderr
    r = run(cache, str(BASE), str(doc), "--allow-loss")
    assert r.returncode == 2 and "--allow-loss goes with --from/--to" in r.stderr
    r = run(cache, str(REVIEW / "base.idl"), "--type", "libxl_domain_confg", str(doc))
    assert r.returncode == 2
    assert r.stderr.strip().endswith("no type libxl_domain_confg; did you mean "
                                     "libxl_domain_config?"), r.stderr
    r = run(cache, str(BASE), str(doc) + ".missing")
    assert r.returncode == 1 and "cannot read" in r.stderr


# -- --report --------------------------------------------------------------------------------------

def test_report(cache, doc):
    r = run(cache, "--report", str(BASE), str(doc))
    assert r.returncode == 0, r.stderr
    d = str(doc)
    assert r.stdout.splitlines() == [
        d + ':5:9: changed: /b_info/max_memkb: 1e3: written back as 1',
        d + ":9:9: ignored: /b_info/extra: true: libxl_domain_build_info has no member 'extra'",
        d + ':12:36: changed: /disks/0/format: "RAW": written back as "raw"',
        d + ':13:10: default: /disks/1/backend_domid: 0: the default of uint32_t: '
            'not written back',
        d + ':13:76: ignored: /disks/1/readwrite: "1": a JSON_STRING, where libxl reads '
            'JSON_INTEGER (int) and ignores anything else',
        d + ': libxl_domain_config: 2 ignored, 1 default, 2 changed, 0 added',
    ]


def test_report_added_and_repeated(cache, tmp_path):
    p = tmp_path / "small.json"
    p.write_text('{"disks": [{"format": "raw"}], "disks": [], "b_info": {"type.pv": []}}')
    r = run(cache, "--report", str(BASE), str(p))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "%s:1:32: ignored: /disks: []: a repeated key: libxl reads the first 'disks' only" % p,
        "%s:1:56: ignored: /b_info/type.pv: []: a JSON_ARRAY, where libxl reads JSON_MAP "
        "(anonymous struct) and ignores anything else" % p,
        "%s: added: /b_info/type.invalid: {}: not in the input" % p,
        "%s: added: /b_info/arch_arm: {}: not in the input" % p,
        "%s: libxl_domain_config: 2 ignored, 0 default, 0 changed, 2 added" % p,
    ]


# -- the upgrade check ----------------------------------------------------------------------------

def upgrade(cache, new, *docs, allow=False):
    args = ["--from", str(BASE), "--to", str(REVIEW / new)] + [str(d) for d in docs]
    return run(cache, *args, *(["--allow-loss"] if allow else []))


def test_upgrade_dropped_field(cache, doc):
    r = upgrade(cache, "breaks/field-removed.idl", doc)
    assert r.returncode == 4                                  # data would be lost
    assert r.stdout.splitlines() == [
        "%s:12:53: lost: /disks/0/readwrite: 1: libxl_device_disk has no member 'readwrite'"
        % doc,
        "%s: libxl_domain_config from %s to %s: 1 lost, 0 added: data would be lost"
        % (doc, BASE, REVIEW / "breaks/field-removed.idl"),
    ]
    assert r.stderr == "xlidl: data would be lost in 1 document (--allow-loss accepts it)\n"
    r = upgrade(cache, "breaks/field-removed.idl", doc, allow=True)
    assert (r.returncode, r.stderr) == (0, "")
    assert "1 lost" in r.stdout


def test_upgrade_renamed_enum_value(cache, doc):
    """OLD writes "qcow", which NEW does not know: NEW rejects the whole document."""
    r = upgrade(cache, "breaks/enum-value-renamed.idl", doc, allow=True)
    assert r.returncode == 3
    assert r.stdout == ""
    assert r.stderr.splitlines()[0] == (
        '%s:13:58: error: after the upgrade, %s: libxl_domain_config_from_json rejects '
        '/disks/1/format: "qcow"' % (doc, REVIEW / "breaks/enum-value-renamed.idl"))


def test_upgrade_removed_case(cache, doc):
    r = upgrade(cache, "breaks/case-removed.idl", doc)
    assert r.returncode == 4
    assert r.stdout.splitlines()[:2] == [
        '%s:7:9: lost: /b_info/type.pv: {"bootloader":"pygrub"}: libxl_domain_build_info.u '
        "has no case 'pv' (of libxl_domain_type)" % doc,
        "%s: added: /b_info/type.invalid: {}: not in the input" % doc,
    ]


def test_upgrade_clean_and_several_documents(cache, doc, tmp_path):
    hvm = tmp_path / "hvm.json"
    hvm.write_text('{"b_info": {"type.hvm": {"firmware": "ovmf"}}}')
    r = upgrade(cache, "compatible/field-added.idl", doc, hvm)
    assert r.returncode == 0, r.stderr
    assert [ln.split(": ")[-1] for ln in r.stdout.splitlines()] == ["nothing lost"] * 2
    # one document loses data, the other does not: status 4, and both are reported
    r = upgrade(cache, "breaks/case-removed.idl", hvm, doc)
    assert r.returncode == 4
    assert "%s: libxl_domain_config from" % hvm in r.stdout and "0 lost" in r.stdout
    # a document OLD rejects: status 3
    bad = tmp_path / "bad.json"
    bad.write_text('{"disks": [{"format": "vhd"}]}')
    r = upgrade(cache, "compatible/field-added.idl", bad, hvm)
    assert r.returncode == 3
    assert r.stderr.startswith('%s:1:13: error: %s: libxl_domain_config_from_json rejects '
                               '/disks/0/format: "vhd"' % (bad, BASE)), r.stderr


def test_downgrade_loses_nothing_with_members_that_held_their_default(cache, tmp_path):
    """master -> 4.17: master writes b_info.arch_arm.arm_sci as {} (a struct member is
    always written), which 4.17 does not know: that member held only its default, and
    dropping it loses nothing.  Set to something, it is lost."""
    old, new = str(xen_idl("master")), str(xen_idl("stable-4.17"))
    plain = tmp_path / "plain.json"
    plain.write_text('{"c_info": {"name": "x", "type": "pv"}, "b_info": {"max_vcpus": 2}}')
    r = run(cache, "--from", old, "--to", new, str(plain))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ("%s: libxl_domain_config from %s to %s: 0 lost, 0 added: nothing "
                        "lost\n" % (plain, old, new))
    sci = tmp_path / "sci.json"
    sci.write_text('{"c_info": {"name": "x", "type": "pv"}, "b_info": {"max_vcpus": 2, '
                   '"arch_arm": {"arm_sci": {"type": "scmi_smc"}}}}')
    r = run(cache, "--from", old, "--to", new, str(sci))
    assert r.returncode == 4
    assert r.stdout.splitlines()[0] == (
        '%s:1:81: lost: /b_info/arch_arm/arm_sci: {"type":"scmi_smc"}: '
        "libxl_domain_build_info.arch_arm has no member 'arm_sci'" % sci)


def test_holds_only_defaults():
    from xlidl.tools.jsonreport import holds_only_defaults
    for text, want in (("{}", True), ('{"a": {}, "b": {"c": {}}}', True), ('{"a": 0}', False),
                       ("[]", False), ('{"a": []}', False), ("null", False)):
        assert holds_only_defaults(jsondoc.parse(text)) is want, text


# -- the cache --------------------------------------------------------------------------------------

def get(cache, idl=BASE, **kw):
    m = api.load(str(idl))
    return libxljson.converter(str(idl), m, cache=str(cache), **kw)


def entries(cache):
    return sorted(p.name for p in Path(cache).iterdir())


def test_cache_second_run_does_not_compile(tmp_path):
    need_compiler()
    cache = tmp_path / "cache"
    c = get(cache)
    assert c.built and entries(cache) == [c.key]
    manifest = json.loads((cache / c.key / "manifest.json").read_text())
    assert manifest["sha256"] == libxljson.sha256_file(c.exe)
    assert manifest["idls"] == ["base.idl"] and "libxl_domain_config" in manifest["types"]
    again = get(cache)
    assert not again.built and again.exe == c.exe
    assert again.convert([("libxl_domain_config", DOC)])[0].text == CANONICAL
    # through the command line: the entry is used, nothing is compiled
    before = os.stat(c.exe).st_mtime_ns
    p = tmp_path / "d.json"
    p.write_text(DOC)
    r = xlidl("json", str(BASE), str(p), env={libxljson.CACHE_ENV: str(cache)})
    assert (r.returncode, r.stdout) == (0, CANONICAL), r.stderr
    assert entries(cache) == [c.key]
    assert os.stat(c.exe).st_mtime_ns == before


def test_cache_rebuilds_when_an_input_changes(tmp_path):
    """The IDL, the runtime, the compiler and the flags are in the key."""
    need_compiler()
    cache = tmp_path / "cache"
    first = get(cache)
    keys = {first.key}

    idl = tmp_path / "base.idl"
    idl.write_text(BASE.read_text().replace('("kernel", string),',
                                            '("kernel", string),\n    ("ramdisk", string),'))
    c = get(cache, idl)
    assert c.built and c.key not in keys
    keys.add(c.key)
    assert "ramdisk" in c.convert([("libxl_domain_config",
                                    '{"b_info": {"ramdisk": "/r"}}')])[0].text

    runtime = tmp_path / "runtime"
    shutil.copytree(cbuild.runtime_dir(), runtime)
    with open(runtime / "src" / "builtins.c", "a") as f:
        f.write("/* changed */\n")
    old = os.environ.get("XLIDL_RUNTIME")
    os.environ["XLIDL_RUNTIME"] = str(runtime)
    try:
        c = get(cache)
    finally:
        if old is None:
            del os.environ["XLIDL_RUNTIME"]
        else:
            os.environ["XLIDL_RUNTIME"] = old
    assert c.built and c.key not in keys
    keys.add(c.key)

    wrapper = tmp_path / "bin" / "my-cc"
    wrapper.parent.mkdir()
    wrapper.write_text('#!/bin/sh\nexec gcc "$@"\n')
    wrapper.chmod(0o755)
    c = get(cache, cc=str(wrapper))
    assert c.built and c.key not in keys
    keys.add(c.key)
    # the same command, but the file it runs changed
    wrapper.write_text('#!/bin/sh\n# another version\nexec gcc "$@"\n')
    c = get(cache, cc=str(wrapper))
    assert c.built and c.key not in keys
    keys.add(c.key)

    c = get(cache, cflags=("-O1",))
    assert c.built and c.key not in keys
    keys.add(c.key)
    c = get(cache, json_backend="jsonc") if subprocess.run(
        ["pkg-config", "--exists", "json-c"]).returncode == 0 else None
    if c is not None:
        assert c.built and c.key not in keys
        keys.add(c.key)

    # and each of them is found again, without compiling
    assert not get(cache).built
    assert not get(cache, idl).built
    assert not get(cache, cflags=("-O1",)).built
    assert set(entries(cache)) == keys


@pytest.mark.parametrize("damage", ["binary", "manifest", "missing binary", "fake binary"])
def test_cache_corrupt_entry_is_rebuilt(tmp_path, damage):
    need_compiler()
    c = get(tmp_path)
    exe = Path(c.exe)
    if damage == "binary":
        with open(exe, "r+b") as f:
            f.seek(os.path.getsize(exe) // 2)
            f.write(b"\0corrupt\0")
    elif damage == "manifest":
        (exe.parent / "manifest.json").write_text("{not json")
    elif damage == "missing binary":
        exe.unlink()
    else:   # a program that would answer anything: its checksum is not the recorded one
        exe.write_text("#!/bin/sh\nprintf 'ok 0 2\\n{}'\n")
        exe.chmod(0o755)
    again = get(tmp_path)
    assert again.built and again.key == c.key
    assert again.convert([("libxl_domain_config", DOC)])[0].text == CANONICAL
    assert entries(tmp_path) == [c.key]


def test_a_program_that_misbehaves_is_an_error_not_a_crash(tmp_path):
    """A converter that dies, or writes what xlidl_json does not, is reported as an
    error (status 1), never as an internal error."""
    need_compiler()
    c = get(tmp_path)
    for script in ("#!/bin/sh\nexit 3\n", "#!/bin/sh\nprintf 'ok 0 2'\n"):
        fake = tmp_path / "fake"
        fake.write_text(script)
        fake.chmod(0o755)
        c.exe = str(fake)
        with pytest.raises(libxljson.JsonToolError) as e:
            c.convert([("libxl_domain_config", DOC)])
        assert "fake failed" in str(e.value) and e.value.status == 1


def test_builtin_type_and_stdin_twice(cache, doc, tmp_path):
    r = run(cache, str(xen_idl("stable-4.17")), "--type", "libxl_mac", str(doc))
    assert r.returncode == 2
    assert "libxl_mac is a builtin type: its JSON functions are libxl's own code" in r.stderr
    r = run(cache, str(BASE), "-", "-")
    assert r.returncode == 2 and "standard input ('-') can be given once" in r.stderr


def test_report_on_a_document_libxl_reads_but_xlidl_cannot(cache, tmp_path):
    """libxl's parser ignores an unknown member however deep; --report reads documents
    with xlidl's own reader, which stops at a depth: an error, not a crash."""
    deep = tmp_path / "deep.json"
    deep.write_text('{"c_info": {"name": "x"}, "junk": ' + "[" * 600 + "]" * 600 + "}")
    r = run(cache, str(BASE), str(deep))
    assert r.returncode == 0, r.stderr
    r = run(cache, str(BASE), "--report", str(deep))
    assert r.returncode == 1
    assert "deep.json:1:" in r.stderr and "--report cannot read the document" in r.stderr
    assert "internal error" not in r.stderr


def test_cache_concurrent_runs_on_an_empty_cache(tmp_path, doc):
    need_compiler()
    cache = tmp_path / "cache"
    env = dict(os.environ, **{libxljson.CACHE_ENV: str(cache)})
    procs = [subprocess.Popen([sys.executable, "-m", "xlidl", "json", str(BASE), str(doc)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    outs = [p.communicate() for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert (p.returncode, out) == (0, CANONICAL), err
    assert len(entries(cache)) == 1 and not entries(cache)[0].startswith(".")


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.delenv(libxljson.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert libxljson.cache_root() == str(tmp_path / "xdg" / "xlidl" / "json")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert libxljson.cache_root() == str(tmp_path / "home" / ".cache" / "xlidl" / "json")
    monkeypatch.setenv(libxljson.CACHE_ENV, str(tmp_path / "mine"))
    assert libxljson.cache_root() == str(tmp_path / "mine")


def test_cached_run_is_fast(cache, doc, tmp_path):
    """After the first run, a run of a few documents takes well under a second."""
    docs = []
    for i in range(3):
        p = tmp_path / ("d%d.json" % i)
        p.write_text(DOC)
        docs.append(str(p))
    run(cache, str(BASE), *docs)          # built (or found) here
    best = None
    for _ in range(2):
        t0 = time.monotonic()
        r = run(cache, str(BASE), *docs)
        elapsed = time.monotonic() - t0
        best = elapsed if best is None else min(best, elapsed)
        assert r.returncode == 0, r.stderr
    assert best < 1.0, "a cached run of 3 documents took %.2fs" % best


# -- pieces -----------------------------------------------------------------------------------------

def test_jsondoc_keeps_order_repeats_numbers_and_places():
    text = '{\n  "a": 1e3,\n  "b": [true, null, "x\\/y"],\n  "a": -0.5\n}'
    root = jsondoc.parse(text)
    assert [k for k, _ in root.value] == ["a", "b", "a"]
    assert jsondoc.dumps(root) == '{"a":1e3,"b":[true,null,"x/y"],"a":-0.5}'
    assert root.get("a").value == "1e3"
    assert jsondoc.where(text, root.value[2][1]) == (4, 3)
    assert jsondoc.where(text, root.value[1][1].value[2]) == (3, 21)
    assert jsondoc.pointer(root, (1, 2)) == "/b/2"
    assert jsondoc.pointer_of(["a/b", "c~d", 0]) == "/a~1b/c~0d/0"
    assert jsondoc.dumps(jsondoc.without(root, (1, 0))) == '{"a":1e3,"b":[null,"x/y"],"a":-0.5}'
    assert jsondoc.to_python(root) == {"a": -0.5, "b": [True, None, "x/y"]}
    for bad, where in (('{"a" 1}', (1, 6)), ("[1,]", (1, 4)), ('{"a": tru}', (1, 7)),
                       ("", (1, 1)), ('"\x01"', (1, 1))):
        with pytest.raises(jsondoc.JsonSyntaxError) as e:
            jsondoc.parse(bad)
        assert (e.value.line, e.value.col) == where, bad
    assert jsondoc.parse("[1] trailing").kind == "array"     # as libxl (4.12 and later)


def test_node_types_as_libxl_reads_numbers():
    from xlidl.tools.jsonreport import node_type
    kinds = {t: node_type(jsondoc.parse(t)) for t in
             ("1", "-1", "1e3", "1.0", "9223372036854775807", "9223372036854775808",
              "-9223372036854775809", '"s"', "null", "true", "{}", "[]")}
    assert kinds == {"1": "JSON_INTEGER", "-1": "JSON_INTEGER", "1e3": "JSON_INTEGER",
                     "1.0": "JSON_DOUBLE", "9223372036854775807": "JSON_INTEGER",
                     "9223372036854775808": "JSON_NUMBER",
                     "-9223372036854775809": "JSON_NUMBER", '"s"': "JSON_STRING",
                     "null": "JSON_NULL", "true": "JSON_BOOL", "{}": "JSON_MAP",
                     "[]": "JSON_ARRAY"}


def test_driver_renders_like_jinja(monkeypatch):
    """The driver template through the compiled templates and through plain Jinja."""
    from xlidl.backend import render, templates
    models = [("base.idl", api.load(str(BASE)))]
    out = {}
    for renderer in ("", "jinja"):
        if renderer:
            monkeypatch.setenv("XLIDL_RENDERER", renderer)
        else:
            monkeypatch.delenv("XLIDL_RENDERER", raising=False)
        templates.forget()
        try:
            out[renderer] = render.json_driver_output(models, "yajl")
        finally:
            templates.forget()
    assert out[""] == out["jinja"]
    assert "convert_libxl_domain_config" in out[""] and "convert_libxl_disk_format" in out[""]
