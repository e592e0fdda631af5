"""``xlidl schema`` and ``xlidl validate``.

* The schema is a valid Draft 2020-12 schema (``Draft202012Validator.check_schema``),
  plain and --strict, for the test IDLs and stable-4.17 (fast), and for every release in
  ../shared/xen-idl (slow).
* What it states, on stable-4.17 and 4.16 (fast): C ranges, enumeration names in any
  case, keyed unions and the one-case rule, both cpuid formats, hwcap and ms_vm_genid
  lengths, descriptions from the IDL's comments, defaults.
* Everything libxl writes validates (slow): every JSON value testidl prints for every
  release (and the bundled example), seeds 1-3, yajl and json-c, against its release's
  schema, plain and --strict (the runs of tests/test_runtime.py, shared through the
  session fixture ``results``).  The real libxenlight 4.17's testidl output is validated
  in tests/test_libxenlight.py.
* The real xl 4.17 documents of tests/xl/ (17 configs) validate with --strict (slow).
* ``xlidl validate``'s messages (exact text), exit statuses, several files in one run,
  and jsonschema missing (fast).

The agreement of the schema with the C parser is tests/test_schema_agreement.py.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TESTS, need, release_params, xen_idl, xlidl

from schemacheck import IdlSchemas, invalid_testidl_values

jsonschema = pytest.importorskip("jsonschema")

from xlidl.backend import json_schema as S  # noqa: E402
from xlidl.tools.schema_check import check_schema  # noqa: E402

def idl417() -> str:
    return str(xen_idl("stable-4.17"))


def release_paths(release: str):
    if release == "example":
        return [str(ROOT / "examples" / "vmconfig.idl")]
    return [str(xen_idl(release)), str(xen_idl(release, "libxl_types_internal.idl"))]


TEST_IDLS = sorted(str(p) for p in (TESTS / "idl").glob("*.idl")) + [
    str(TESTS / "c" / "idl" / "features.idl"), str(TESTS / "review" / "base.idl"),
    str(ROOT / "examples" / "vmconfig.idl")]


# -- the schema is valid ------------------------------------------------------------------------

@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
@pytest.mark.parametrize("path", TEST_IDLS, ids=lambda p: Path(p).name)
def test_schema_is_valid_for_test_idls(path, strict):
    s = IdlSchemas([path], strict)
    check_schema(s.schema)
    assert s.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.slow
@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
@pytest.mark.parametrize("release", release_params())
def test_schema_is_valid_for_every_release(release, strict):
    s = IdlSchemas(release_paths(release), strict)
    check_schema(s.schema)
    assert s.schema["$ref"] == "#/$defs/libxl_domain_config"
    # a $defs entry per type of both IDLs, named as the C type
    names = {t.typename for m in s.models for t in list(m.types) + list(m.builtins)
             if t.typename and not t.private and t.kind != "array"}
    assert {S.def_name(t) for m in s.models for t in list(m.types) + list(m.builtins)
            if t.typename in names} <= set(s.schema["$defs"])


def test_schema_command(tmp_path):
    r = xlidl("schema", idl417())
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    check_schema(doc)
    assert doc["$ref"] == "#/$defs/libxl_domain_config"
    assert doc["title"] == "libxl_domain_config (libxl_types.idl)"
    out = tmp_path / "s.json"
    r = xlidl("schema", "--strict", "--type", "libxl_device_nic", idl417(), "-o", str(out))
    assert (r.returncode, r.stdout) == (0, ""), r.stderr
    strict = json.loads(out.read_text())
    assert strict["$ref"] == "#/$defs/libxl_device_nic"
    assert strict["$defs"]["libxl_device_nic"]["additionalProperties"] is False
    r = xlidl("schema", str(TESTS / "c" / "idl" / "features.idl"))
    assert r.returncode == 2
    assert "does not define libxl_domain_config: give the root type with --type" in r.stderr
    r = xlidl("schema", idl417(), "--type", "libxl_device_nik")
    assert r.returncode == 2
    assert r.stderr.strip().endswith("no type libxl_device_nik; did you mean "
                                     "libxl_device_nic?"), r.stderr


# -- what the schema states ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def s417():
    return IdlSchemas(release_paths("stable-4.17"))


def defs(s):
    return s.schema["$defs"]


def test_schema_states_the_rules(s417):
    d = defs(s417)
    assert d["int"]["minimum"] == -2 ** 31 and d["int"]["maximum"] == 2 ** 31 - 1
    assert (d["uint8_t"]["maximum"], d["uint32_t"]["maximum"], d["uint64_t"]["maximum"]) == (
        255, 2 ** 32 - 1, 2 ** 64 - 1)
    assert d["string"] == {"type": ["string", "null"], "description": "C type: char *."}
    vga = d["libxl_vga_interface_type"]
    assert vga["examples"] == ["unknown", "cirrus", "std", "none", "qxl"]
    assert vga["pattern"].startswith("^(?:[Uu][Nn][Kk][Nn][Oo][Ww][Nn]|[Cc][Ii]")
    assert d["libxl_hwcap"]["minItems"] == 4 and len(d["libxl_hwcap"]["prefixItems"]) == 4
    assert d["libxl_ms_vm_genid"]["minItems"] == 16
    assert d["libxl_defbool"]["pattern"] == "^(?:<default>|True|False)"
    b = d["libxl_domain_build_info"]
    props = b["properties"]
    # keyed union: one member per case, and the pairs libxl asserts on are forbidden
    assert {"type.hvm", "type.pv", "type.pvh", "type.invalid"} <= set(props)
    assert props["type.hvm"]["if"] == {"type": "object"}
    pairs = {tuple(c["not"]["required"]) for c in b["allOf"]}
    assert ("type.hvm", "type.pv") in pairs and ("type.pvh", "type.invalid") in pairs
    # a first case that leaves the key at its default (features.idl: "none", value 0 and
    # no init_val) does not conflict: TYPE_init_KEY() asserts the key is still 0
    ft = defs(IdlSchemas([str(TESTS / "c" / "idl" / "features.idl")]))["ft_all"]
    assert {tuple(c["not"]["required"]) for c in ft["allOf"]} == {("kind.disk", "kind.net")}
    # members are read only when of the JSON types their parser takes
    assert props["max_vcpus"]["if"] == {"type": "integer", "minimum": -2 ** 63,
                                        "maximum": 2 ** 63 - 1}
    assert props["max_vcpus"]["then"] == {"$ref": "#/$defs/int"}
    assert props["max_memkb"]["description"] == ("C type: uint64_t. Default: "
                                                 "LIBXL_MEMKB_DEFAULT (not written while "
                                                 "it holds it).")
    # descriptions from the IDL's comments, defaults
    vnc = d["libxl_vnc_info"]["properties"]
    assert vnc["listen"]["description"].startswith('"address:port" that should be listened on.')
    assert vnc["findunused"]["default"] == "<default>"
    assert d["libxl_device_nic"]["properties"]["nictype"]["default"] == "unknown"
    assert d["libxl_timer_mode"]["description"].startswith(
        "Consistent with the values defined for HVM_PARAM_TIMER_MODE.")


def test_schema_cpuid_formats():
    """The cpuid policy's two formats, from the IDL's json_parse_type."""
    legacy = defs(IdlSchemas(release_paths("4.16.0")))["libxl_cpuid_policy_list"]
    assert legacy["type"] == "array" and legacy["items"] == {"type": "object"}
    current = defs(IdlSchemas(release_paths("stable-4.17")))["libxl_cpuid_policy_list"]
    obj, arr = current["anyOf"]
    assert obj["required"] == ["cpuid", "msr"] and arr["type"] == "array"
    msr = obj["properties"]["msr"]["items"]
    assert msr["properties"]["policy"] == {"type": "string", "minLength": 64, "maxLength": 64}


# -- xlidl validate -------------------------------------------------------------------------------

GOOD = {"c_info": {"type": "HVM", "name": "vm1", "uuid": "5a8f3c7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b"},
        "b_info": {"max_vcpus": 2, "type.hvm": {"vga": {"kind": "std"}}}}

BAD = """{
    "c_info": {"type": "hvm", "uuid": "5a8f3c7e-1b2d-4e6f-8a9b"},
    "b_info": {
        "max_vcpus": 2147483648,
        "avail_vcpus": [0, 1],
        "type.hvm": {"vga": {"kind": "stdvgaa"}, "acpi": "yes"},
        "type.pv": {}
    },
    "nics": [{"mac": "00:16:3e:aa:bb"}],
    "disks": [{"vdev": "xvda"}],
    "disks": []
}
"""


def validate(*args, **kw):
    return xlidl("validate", *args, **kw)


def test_validate_messages(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD))
    bad = tmp_path / "bad.json"
    bad.write_text(BAD)
    r = validate(idl417(), str(good), str(bad))
    assert r.returncode == 3
    b = str(bad)
    assert r.stdout.splitlines() == [
        b + ":2:31: /c_info/uuid: '5a8f3c7e-1b2d-4e6f-8a9b' is not a UUID "
            "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
        b + ":3:5: /b_info: 'type.hvm' and 'type.pv' given together: "
            "libxl_domain_build_info.u has one case (libxl's "
            "libxl_domain_build_info_init_type() asserts)",
        b + ":4:9: /b_info/max_vcpus: 2147483648 is greater than the maximum of 2147483647",
        b + ":6:30: /b_info/type.hvm/vga/kind: 'stdvgaa' is not one of 'unknown', 'cirrus', "
            "'std', 'none', 'qxl'",
        b + ":6:50: /b_info/type.hvm/acpi: 'yes' is not a defbool (\"True\", \"False\" or "
            "\"<default>\")",
        b + ":9:15: /nics/0/mac: '00:16:3e:aa:bb' is not a MAC address (xx:xx:xx:xx:xx:xx)",
        b + ":11:5: warning: /disks: repeated member: libxl reads the first 'disks' only",
    ]
    assert r.stderr == "xlidl: 1 of 2 documents invalid (libxl_domain_config)\n"


def test_validate_strict(tmp_path):
    doc = dict(GOOD)
    doc["b_info"] = dict(GOOD["b_info"], max_vcpus="2", maxvcpus=2)
    p = tmp_path / "typo.json"
    p.write_text(json.dumps(doc, indent=2))
    r = validate(idl417(), str(p))                 # libxl ignores both: warnings
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.splitlines() == [
        "%s:8:5: warning: /b_info/max_vcpus: a JSON_STRING, where libxl reads JSON_INTEGER "
        "(int) and ignores anything else" % p,
        "%s:14:5: warning: /b_info/maxvcpus: not a member of libxl_domain_build_info: libxl "
        "ignores it; did you mean 'max_vcpus'?" % p,
    ]
    r = validate("--strict", idl417(), str(p))
    assert r.returncode == 3
    assert r.stdout.splitlines() == [
        "%s:8:5: /b_info/max_vcpus: '2' is not of type 'integer'" % p,
        "%s:14:5: /b_info/maxvcpus: not a member of libxl_domain_build_info (--strict); "
        "did you mean 'max_vcpus'?" % p,
    ]
    assert r.stderr == "xlidl: 1 of 1 document invalid (libxl_domain_config, --strict)\n"


def test_validate_misspelled_member_is_a_warning_with_a_suggestion(tmp_path):
    """libxl ignores unknown members: by default a warning (status 0) that says what was
    probably meant; with --strict an error (status 3), with the same suggestion."""
    doc = json.loads(json.dumps(GOOD))
    doc["b_info"]["kernal"] = "/boot/vmlinuz"
    p = tmp_path / "kernal.json"
    p.write_text(json.dumps(doc))
    r = validate(idl417(), str(p))
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    (line,) = r.stdout.splitlines()
    assert re.fullmatch(r"%s:1:\d+: warning: /b_info/kernal: not a member of "
                        r"libxl_domain_build_info: libxl ignores it; did you mean "
                        r"'kernel'\?" % re.escape(str(p)), line), line
    r = validate("--strict", idl417(), str(p))
    assert r.returncode == 3
    assert "/b_info/kernal: not a member of libxl_domain_build_info (--strict); did you " \
           "mean 'kernel'?" in r.stdout, r.stdout


def test_validate_document_that_matches_nothing_is_invalid(tmp_path):
    """{} and a domain config checked as a NIC were valid: a document from which libxl
    reads nothing of the type is an error, with or without --strict."""
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    whole = tmp_path / "domain.json"
    whole.write_text(json.dumps(GOOD, indent=2))
    array = tmp_path / "array.json"
    array.write_text("[1, 2]")
    for strict in ([], ["--strict"]):
        r = validate(*strict, idl417(), str(empty), str(array))
        assert r.returncode == 3
        assert "%s:1:1: /: the document matches nothing of libxl_domain_config: it is an " \
               "empty object\n" % empty in r.stdout
        assert "%s:1:1: /: the document matches nothing of libxl_domain_config: it is " \
               "[1,2], not an object\n" % array in r.stdout
        r = validate(*strict, idl417(), "--type", "libxl_device_nic", str(whole))
        assert r.returncode == 3
        assert "%s:1:1: /: the document matches nothing of libxl_device_nic: none of its " \
               "members ('c_info', 'b_info') is one libxl reads there\n" % whole in r.stdout
    r = validate(idl417(), str(whole))
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_validate_several_files_and_statuses(tmp_path):
    files = []
    for i in range(3):
        p = tmp_path / ("ok%d.json" % i)
        p.write_text(json.dumps(GOOD))
        files.append(str(p))
    r = validate(idl417(), *files)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    notjson = tmp_path / "notjson.json"
    notjson.write_text('{"c_info": {"type": "hvm",}}')
    utf = tmp_path / "latin1.json"
    utf.write_bytes(b'{"c_info": {"name": "caf\xe9"}}')
    r = validate(idl417(), files[0], str(notjson), files[1], str(utf), "--type",
                 "libxl_domain_config")
    assert r.returncode == 3
    assert r.stdout.splitlines() == [
        "%s:1:27: not JSON: expected a string" % notjson,
        "%s:1:25: not JSON: invalid UTF-8" % utf,
    ]
    assert r.stderr == "xlidl: 2 of 4 documents invalid (libxl_domain_config)\n"
    # another root type; standard input
    import subprocess
    r = subprocess.run([sys.executable, "-m", "xlidl", "validate", idl417(), "--type",
                        "libxl_device_nic", "-"], input='{"model": "e1000", "backend_domid": -1}',
                       capture_output=True, text=True)
    assert r.returncode == 3
    assert r.stdout == "<stdin>:1:20: /backend_domid: -1 is less than the minimum of 0\n"


def test_validate_usage(tmp_path):
    r = validate(idl417())
    assert r.returncode == 2 and "no document given" in r.stderr
    r = validate(str(tmp_path / "x.json"))
    assert r.returncode == 2 and "no IDL given" in r.stderr


def test_validate_without_jsonschema(tmp_path):
    """jsonschema missing: one line, status 2."""
    fake = tmp_path / "site" / "jsonschema"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('not installed')\n")
    p = tmp_path / "d.json"
    p.write_text("{}")
    r = validate(idl417(), str(p), env={"PYTHONPATH": str(tmp_path / "site")})
    assert r.returncode == 2
    assert r.stderr == ("xlidl: error: xlidl validate needs the Python package jsonschema "
                        "(pip install 'xlidl[validate]')\n")


# -- everything libxl writes validates ------------------------------------------------------------

SEEDS = ("1", "2", "3")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["yajl", "jsonc"])
@pytest.mark.parametrize("release", release_params() + ["example"])
def test_testidl_output_validates(release, backend, results):
    """Every JSON value testidl prints (xlidl's runtime, ASan builds of test_runtime.py)
    validates against its release's schema, plain and --strict."""
    from test_runtime import need_backend, need_program
    need_program("gcc")
    need_backend(backend)
    runs = results.run(release, "gcc", backend, True, SEEDS)
    paths = release_paths(release)
    for strict in (False, True):
        s = IdlSchemas(paths, strict)
        for seed, r in runs.items():
            assert r.ok, r.failure()
            n, bad = invalid_testidl_values(s, r.stdout)
            assert n > 5 and not bad, "%s seed %s %s:\n%s" % (release, seed, backend,
                                                               "\n".join(bad[:20]))


@pytest.mark.slow
def test_real_xl_json_validates_strict(tmp_path):
    """The xl corpus: our 17 xl configs turned into JSON by Debian's real xl 4.17."""
    sys.path.insert(0, str(TESTS / "xl"))
    import xljson
    need(xljson.find_xl() is not None, "Debian's real xl 4.17 is not installed")
    need(xljson.compiler() is not None, "no C compiler")
    files = []
    for cfg in xljson.configs():
        p = tmp_path / (cfg.stem + ".json")
        p.write_text(xljson.xl_json(cfg, tmp_path))
        files.append(str(p))
    assert len(files) >= 12
    r = validate("--strict", idl417(), *files)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
