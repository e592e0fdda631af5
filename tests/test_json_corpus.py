"""``xlidl json`` on real libxl JSON: every document of the xl corpus is read back as
libxl writes it, and the upgrade check between releases.

The documents are the xl corpus of tests/xl/ (tests/test_xl_corpus.py): what Debian's
real ``xl create -n`` 4.17 writes for each of our 17 xl configs, plus, for each, a
"respelled" variant that libxl must read to the same values: every member order
reversed, every enumeration name in upper case, unknown members added at two levels.
That is 34 documents.  For each:

* ``xlidl json`` on stable-4.17's IDL prints exactly, byte for byte, what the real
  libxenlight 4.17 prints for it (tests/xl/canon.c: libxl_domain_config_from_json, then
  _to_json).  With ``--json jsonc`` the same values are printed in json-c's pretty form:
  exactly the real output re-printed by the rules of runtime/README.md ("yajl and json-c
  output"), the functions of tests/test_runtime.py;
* documents the real library rejects (an unknown enumeration name, a malformed mac, a
  truncated text, two keyed-union cases at once, where libxl's generated
  TYPE_init_KEY() asserts) are rejected by ``xlidl json`` too, with the member named.

**The upgrade check from 4.17 to master** (``--from stable-4.17 --to master``) over the
17 documents: every one is read by master without loss, exit status 0.  Master's IDL
only adds to 4.17's (``xlidl api-diff``: 0 breaking changes, 33 additions), and a value
master's TYPE_to_json writes differently would show as lost.  What master adds to every
document is two members that are aggregates, which libxl always writes even when every
member holds its default: ``b_info/arch_arm/arm_sci`` (libxl_arm_sci) and
``b_info/xenstore_quota`` (libxl_xs_quota_list), both ``{}``.  Every other new member
(bootloader_restrict, vlan, llc_colors ...) holds its default and is not written.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from conftest import TESTS, have_program, need, xen_idl, xlidl

sys.path.insert(0, str(TESTS / "xl"))
import xljson  # noqa: E402
from test_runtime import JsonObject, _format  # noqa: E402  (the json-c form rules)

from xlidl import api  # noqa: E402
from xlidl.tools import jsondoc  # noqa: E402
from xlidl.tools.jsonreport import read_view  # noqa: E402

pytestmark = pytest.mark.slow

NAMES = sorted(p.stem for p in xljson.configs())
#: what master's TYPE_to_json adds to every document of the corpus (see the module doc)
MASTER_ADDS = ["/b_info/arch_arm/arm_sci", "/b_info/xenstore_quota"]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    need(xljson.find_xl() is not None,
         "Debian's real xl 4.17 is not at %s (apt-get install xen-utils-4.17, "
         "or set XLIDL_XL)" % xljson.xl_path())
    need(Path("/usr/include/libxl.h").is_file(),
         "Debian's libxen-dev is not installed (apt-get install libxen-dev)")
    need(xljson.compiler() is not None and have_program("gcc"), "no C compiler")
    need(have_program("pkg-config"), "pkg-config is not installed")
    d = tmp_path_factory.mktemp("xl-json")
    xljson.build_fake(d)
    xljson.build_canon(d)
    return d


def respell(text: str, model) -> str:
    """The same document as libxl reads it: members in reverse order, enumeration names
    in upper case, unknown members at the top and in b_info."""
    root = jsondoc.parse(text)
    enums = {id(leaf.node) for leaf in read_view(root, model.lookup("libxl_domain_config"))
             .values() if leaf.status == "read" and leaf.ty.kind == "enum"}

    def conv(n):
        if n.kind == "object":
            return "{%s}" % ",".join("%s:%s" % (json.dumps(k), conv(v))
                                     for k, v in reversed(n.value))
        if n.kind == "array":
            return "[%s]" % ",".join(conv(v) for v in n.value)
        if id(n) in enums and n.kind == "string":
            return json.dumps(n.value.upper())
        return jsondoc.dumps(n)

    out = conv(root)
    out = out.replace('"b_info":{', '"b_info":{"xlidl_unknown":[1,{"x":null}],', 1)
    return '{"not_a_member":"x",' + out[1:]


@pytest.fixture(scope="module")
def corpus(work) -> Dict[str, str]:
    """name -> document: xl's, and each one respelled."""
    model = api.load(str(xen_idl("stable-4.17")))
    docs = {}
    for name in NAMES:
        text = xljson.xl_json(xljson.CONFIGS / (name + ".cfg"), work)
        docs[name] = text
        docs[name + "-respelled"] = respell(text, model)
    return docs


def write_docs(docs: Dict[str, str], folder: Path) -> List[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, text in docs.items():
        p = folder / (name + ".json")
        p.write_text(text)
        paths.append(str(p))
    return paths


def split_outputs(stdout: str, paths: List[str]) -> Dict[str, str]:
    """The documents of one run with several files (each after "==> FILE <==")."""
    parts = re.split(r"^==> (.*) <==\n", stdout, flags=re.M)
    assert parts[0] == ""
    out = dict(zip(parts[1::2], parts[2::2]))
    assert list(out) == paths
    return out


def jsonc_form(yajl_text: str) -> str:
    value = json.loads(yajl_text, object_pairs_hook=JsonObject)
    return _format(value, 0, "jsonc") + "\n"


@pytest.mark.parametrize("backend", ["yajl", "jsonc"])
def test_same_output_as_real_libxenlight(backend, corpus, work, json_cache, tmp_path):
    if backend == "jsonc":
        need(have_program("pkg-config"), "pkg-config is not installed")
    idl = str(xen_idl("stable-4.17"))
    paths = write_docs(corpus, tmp_path / "docs")
    r = xlidl("json", "--json", backend, idl, *paths, env={"XLIDL_JSON_CACHE": str(json_cache)})
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    ours = split_outputs(r.stdout, paths)
    assert len(ours) == 34
    identical = 0
    for (name, text), path in zip(corpus.items(), paths):
        real = xljson.real_libxl_canonical(text, work)
        expected = real if backend == "yajl" else jsonc_form(real)
        assert ours[path] == expected, name
        identical += 1
        if name.endswith("-respelled"):    # the same values as xl's own document
            assert real == xljson.real_libxl_canonical(corpus[name[:-10]], work), name
    assert identical == len(corpus)


CASES = {
    "unknown enum value": ("pv-direct-kernel", "c_info/type", "paravirt",
                           '/c_info/type: "paravirt"'),
    "malformed mac": ("pv-direct-kernel", "nics/0/mac", "00:16:3e:1a:2b",
                      '/nics/0/mac: "00:16:3e:1a:2b"'),
    "bad element": ("hvm-usb-passthrough", "usbdevs/0/type.hostdev/hostbus", 300,
                    "/usbdevs/0/type.hostdev/hostbus: 300"),
    "two cases": ("hvm-windows", "b_info/type.pv", {}, "/b_info/type.hvm: {"),
    "truncated": ("pvh-devices", None, None, None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rejected_like_real_libxenlight(case, corpus, work, json_cache, tmp_path):
    name, path, value, member = CASES[case]
    doc = json.loads(corpus[name])
    if path is None:
        text = corpus[name][:len(corpus[name]) // 2]
    else:
        keys = path.split("/")
        node = doc
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        node[keys[-1]] = value
        text = json.dumps(doc, indent=4)
    real = xljson.run_canon(text, work)
    assert real.returncode in (1, -6), real     # rejected, or abort()ed by an assert
    p = tmp_path / "bad.json"
    p.write_text(text)
    r = xlidl("json", str(xen_idl("stable-4.17")), str(p),
              env={"XLIDL_JSON_CACHE": str(json_cache)})
    assert (r.returncode, r.stdout) == (3, ""), r.stderr
    first = r.stderr.splitlines()[0]
    if member is None:
        assert re.match(r"%s:\d+:\d+: error: not JSON: " % re.escape(str(p)), first), first
        assert "yajl error: parse error: premature EOF" in r.stderr
        assert "yajl error: parse error: premature EOF" in real.stderr
    else:
        assert re.match(r"%s:\d+:\d+: error: libxl_domain_config_from_json rejects %s"
                        % (re.escape(str(p)), re.escape(member)), first), first
    if real.returncode == -6:
        assert "libxl_domain_build_info_init_type: Assertion" in real.stderr
        assert "libxl_domain_build_info_init_type: Assertion" in r.stderr
        assert "(the parser was killed by SIGABRT)" in r.stderr
    else:
        msg = "unable to convert libxl__json_object to libxl_domain_config"
        assert (msg in real.stderr) == (msg in r.stderr), (real.stderr, r.stderr)


def test_upgrade_417_to_master(corpus, json_cache, tmp_path):
    old, new = str(xen_idl("stable-4.17")), str(xen_idl("master"))
    docs = {n: corpus[n] for n in NAMES}
    paths = write_docs(docs, tmp_path / "docs")
    r = xlidl("json", "--from", old, "--to", new, *paths,
              env={"XLIDL_JSON_CACHE": str(json_cache)})
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    for p in paths:
        mine = [ln[len(p) + 2:] for ln in lines if ln.startswith(p + ": ")]
        assert mine == ["added: %s: {}: not in the input" % a for a in MASTER_ADDS] + [
            "libxl_domain_config from %s to %s: 0 lost, 2 added: nothing lost" % (old, new)], p
    assert len(lines) == 3 * len(paths)
