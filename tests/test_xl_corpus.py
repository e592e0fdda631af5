"""A corpus of real libxl JSON, made by Debian's real xl 4.17 from our own configs.

tests/xl/configs/*.cfg are realistic xl configs (PV, PVH, HVM, most device kinds).  For
each one (slow tests; they need xen-utils-4.17, libxen-dev and a C compiler):

* ``xl create -n`` (the real xl, with tests/xl/fakehv.c preloaded in place of a
  hypervisor) turns it into a libxl_domain_config JSON document;
* the document holds what the config asked for: values read from the config text
  itself (name, uuid, type, memory, vcpus, disk targets, vif macs, device counts) and a
  few hand-written spot checks per config;
* the real libxenlight reads it and writes it back identically (tests/xl/canon.c):
  xl's output is libxl's own canonical form.  The one exception is explained in
  NOT_FIXED_POINTS.

Plus documents libxl must reject (canon exits 1 with libxl's message) and one libxl
accepts by skipping a member of the wrong JSON type.  The helpers are in tests/xl/xljson.py.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from conftest import TESTS, have_program, need

sys.path.insert(0, str(TESTS / "xl"))
import xljson  # noqa: E402

pytestmark = pytest.mark.slow

CONFIGS = {p.stem: p for p in xljson.configs()}
NAMES = sorted(CONFIGS)

# Documents that are not a fixed point of from_json + to_json, and why.
#
# hvm-pci-passthrough: rdm = "strategy=host" without policy=.  xl 4.17's
# parse_config_data() copies both fields of an uninitialised local libxl_rdm_reserve
# (valgrind: "uninitialised value was created by a stack allocation" in xl) into
# b_info.u.hvm.rdm, and pci devices without rdm_policy= inherit the policy.  The garbage
# is no libxl_rdm_reserve_policy, so libxl_rdm_reserve_policy_to_string() gives NULL and
# xl prints "policy": null / "rdm_policy": null.  Reading null back leaves the policy at
# its default, which to_json leaves out: libxl's output lacks exactly those members (and
# is then a fixed point).  Should the garbage happen to be a valid policy, there is no
# null and the document must be a fixed point like the others.
NOT_FIXED_POINTS = {
    "hvm-pci-passthrough": ["b_info/type.hvm/rdm/policy", "pcidevs/1/rdm_policy",
                            "pcidevs/2/rdm_policy"],
}

# Hand-written spot checks: path (keys separated by "/", list indexes as numbers,
# libxl's own keys such as "type.hvm" kept whole) -> the value the config asks for.
SPOT_CHECKS: Dict[str, Dict[str, Any]] = {
    "pv-direct-kernel": {
        "b_info/kernel": "/var/lib/xen/boot/vmlinuz-6.1.0-28-amd64",
        "b_info/ramdisk": "/var/lib/xen/boot/initrd.img-6.1.0-28-amd64",
        # root= and extra= are joined into the command line
        "b_info/cmdline": "root=/dev/xvda1 ro console=hvc0 elevator=noop net.ifnames=0",
        "b_info/vcpu_hard_affinity/3": [0, 1, 2, 3],
        "b_info/sched_params": {"weight": 512, "cap": 200},
        "b_info/max_grant_frames": 64,
        "b_info/max_maptrack_frames": 1024,
        "b_info/event_channels": 2047,
        "disks/2/readwrite": None,          # access=ro: readwrite 0 is left out
        "nics/0/ip": "192.0.2.21",
        "nics/0/rate_bytes_per_interval": 625000,   # 100Mb/s in 50 ms slices
        "nics/0/rate_interval_usecs": 50000,
        "on_crash": "coredump_restart",
    },
    "pv-pygrub": {
        "b_info/bootloader": "pygrub",
        "b_info/bootloader_args/0": "--kernel=/boot/vmlinuz-3.10.0-1160.el7.x86_64",
        "b_info/vcpu_hard_affinity": [[0], [1], [2], [3]],
        "b_info/tsc_mode": "native",
        "b_info/disable_migrate": "True",
        "b_info/type.pv/e820_host": "False",
        "disks/0/format": "qcow2",
        "disks/1/discard_enable": "True",
        "nics/1/script": "vif-bridge",
        "nics/1/ifname": "legacydb-bk",
        "vfbs/0/vnc": {"enable": "True", "listen": "127.0.0.1", "display": 5},
        "vfbs/0/keymap": "en-us",
        "on_crash": "preserve",
    },
    "pv-pvgrub-channels": {
        "b_info/kernel": "/usr/lib/grub-xen/grub-x86_64-xen.bin",
        "nics/0/nictype": "vif",
        "channels/0/connection.socket/path": "/var/run/xen/agent01-qga.sock",
        "channels/1/connection.pty": {},
        "channels/2/backend_domname": "0",
        # the vfb brings its own vkb (devid 0); the vkb= one comes second
        "vkbs/1/backend_type": "linux",
        "vkbs/1/feature_abs_pointer": True,
        "vfbs/0/sdl/display": ":0.0",
        "c_info/driver_domain": "False",
        "on_reboot": "restart_rename",
    },
    "pv-driver-domain": {
        "c_info/driver_domain": "True",
        "b_info/vcpu_hard_affinity/0": [0, 1, 2, 3],     # cpus = "node:0"
        "b_info/type.pv/e820_host": "True",
        "pcidevs/0/permissive": True,                     # pci_permissive = 1
        "pcidevs/1/permissive": None,                     # permissive=0 overrides it
        "pcidevs/1/func": 1,
        "disks/0/script": "block",
        "on_crash": "coredump_destroy",
    },
    "pvh-direct-kernel": {
        "b_info/cmdline": "root=/dev/xvda ro console=hvc0 quiet",
        "b_info/vcpu_hard_affinity/1": [2, 3],
        "b_info/vcpu_soft_affinity/1": [2, 3, 4, 5],
        "disks/0/readwrite": None,
        "nics/0/ip": "192.0.2.1 198.51.100.1",
        "nics/1/mtu": 1500,
        "nics/1/rate_bytes_per_interval": 200000,        # 10MB/s in 20 ms slices
        "nics/1/rate_interval_usecs": 20000,
    },
    "pvh-grub-numa": {
        "b_info/vcpu_hard_affinity/0": [4, 5, 6, 7],     # cpus = "node:1"
        "b_info/vcpu_soft_affinity/3": [4, 5, 6, 7],     # nodes:0-1,^node:0
        "b_info/numa_placement": "False",
        "b_info/vpmu": "True",
        "b_info/max_grant_version": 1,
        "b_info/sched_params": {"weight": 256, "extratime": 1},
        "disks/1/direct_io_safe": True,
        "disks/2/backend_domname": "storage01",
        "nics/0/backend_domname": "0",
        "p9s/0": {"tag": "share", "path": "/srv/build/share", "security_model": "none"},
    },
    "pvh-devices": {
        "disks/1/backend": "qdisk",
        "disks/1/specification": "virtio",
        "vtpms/0/backend_domname": "vtpm-desk01",
        "vtpms/0/uuid": "b7e6a2c0-5d3f-4e1a-9c8b-7a6f5e4d3c2b",
        "p9s/1/backend_domname": "0",
        "vdispls/0/be_alloc": True,
        "vdispls/0/connectors/1": {"unique_id": "id1", "width": 1280, "height": 1024},
        "vsnds/0/short_name": "desk-audio",
        "vsnds/0/params/sample_rates": [44100, 48000],
        "vsnds/0/pcms/0/streams/1": {"unique_id": "pcm0c", "type": "c", "params": {}},
        "vkbs/0/unique_id": "kbd0",
        "pvcallsifs/0/backend_domname": "0",
    },
    "hvm-windows": {
        "b_info/type.hvm/bios": "seabios",
        "b_info/type.hvm/boot": "dc",
        "b_info/type.hvm/vga/kind": "std",
        "b_info/video_memkb": 16 * 1024,
        "b_info/type.hvm/vnc": {"enable": "True", "listen": "0.0.0.0", "passwd": "s3cret",
                                "display": 1},
        "b_info/type.hvm/keymap": "de",
        "b_info/type.hvm/serial": "pty",
        "b_info/type.hvm/usb": "True",
        "b_info/type.hvm/usbdevice": "tablet",
        "b_info/type.hvm/viridian": "True",          # "defaults"
        # crash_ctl, stimer, hcall_ipi, ex_processor_masks: libxl_viridian_enlightenment
        "b_info/type.hvm/viridian_enable": [6, 8, 9, 10],
        "b_info/type.hvm/hdtype": "ahci",
        "b_info/timer_mode": "no_delay_for_missed_ticks",
        "b_info/rtc_timeoffset": 3600,
        "b_info/acpi": "True",
        "disks/1/is_cdrom": 1,
        "disks/1/vdev": "hdc",
        "nics/0/model": "e1000",
        "nics/0/nictype": "vif_ioemu",
    },
    "hvm-linux-uefi": {
        "b_info/type.hvm/bios": "ovmf",
        "b_info/type.hvm/vga/kind": "cirrus",
        "b_info/type.hvm/serial_list": ["pty", "file:/var/log/xen/uefi01-serial.log"],
        "b_info/type.hvm/acpi_firmware": "/var/lib/xen/acpi/uefi01-ssdt.bin",
        "b_info/type.hvm/smbios_firmware": "/var/lib/xen/smbios/uefi01.bin",
        "b_info/type.hvm/vendor_device": "xenserver",
        "b_info/type.hvm/vnc/findunused": "True",
        "b_info/extra_hvm": ["-no-shutdown"],
        "b_info/vmtrace_buf_kb": 64,
        "c_info/hap": "True",
        "disks/1/is_cdrom": 1,
        "disks/1/removable": 1,
        "nics/0/model": "virtio-net",
    },
    "hvm-cpuid-libxl": {
        # "host,tm=0,sse3=0,aes=0,x2apic=k": leaf 1, ecx bits 0 (sse3), 25 (aes), 21
        # (x2apic) and edx bit 29 (tm); the strings run from bit 31 down to bit 0
        "b_info/cpuid": {"cpuid": [{"leaf": 1,
                                    "ecx": "xxxxxx0xxxkxxxxxxxxxxxxxxxxxxxx0",
                                    "edx": "xx0xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}],
                         "msr": []},
        "b_info/type.hvm/nographic": "True",
    },
    "hvm-cpuid-xend": {
        "b_info/cpuid/cpuid/0/leaf": 1,
        "b_info/cpuid/cpuid/0/ecx": "xxxxxxxxxxxxxxxxxxxxxxxxx0xxxxxx",
        "b_info/cpuid/cpuid/1/leaf": 0x80000001,
        "b_info/cpuid/cpuid/1/ecx": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0x",
        "nics/0/model": "rtl8139",
        "nics/0/nictype": "vif_ioemu",
    },
    "hvm-nested-paging": {
        "b_info/nested_hvm": "True",
        "c_info/hap": "True",
        "c_info/oos": "False",
        "b_info/shadow_memkb": 64 * 1024,
        "b_info/altp2m": "external",
        "b_info/type.hvm/mmio_hole_memkb": 1024 * 1024,
        "b_info/timer_mode": "delay_for_missed_ticks",
        "b_info/type.hvm/vpt_align": "True",
        "b_info/type.hvm/mca_caps": 1,               # lmce
        "b_info/arch_x86/msr_relaxed": "True",
    },
    "hvm-usb-passthrough": {
        "b_info/type.hvm/usbversion": 2,
        "b_info/type.hvm/usbdevice_list": ["tablet", "host:1234:5678"],
        "b_info/type.hvm/soundhw": "hda",
        "usbctrls/0": {"type": "qusb", "devid": 0, "version": 2, "ports": 4},
        "usbctrls/1/type": "devicemodel",
        "usbdevs/0/type.hostdev": {"hostbus": 1, "hostaddr": 4},
        # without type=hostdev the device keeps type 0 and xl prints no hostbus/hostaddr
        "usbdevs/1": {"ctrl": 0, "port": 2},
    },
    "hvm-pci-passthrough": {
        "c_info/passthrough": "sync_pt",
        "b_info/type.hvm/rdm/strategy": "host",
        "b_info/type.hvm/rdm_mem_boundary_memkb": 2048 * 1024,
        "b_info/type.hvm/gfx_passthru": "False",
        "pcidevs/0/bus": 3,
        "pcidevs/0/permissive": True,
        "pcidevs/0/msitranslate": None,              # msitranslate=0 beats pci_msitranslate
        "pcidevs/0/rdm_policy": "relaxed",
        "pcidevs/1/seize": True,
        "pcidevs/2/dev": 16,
        "pcidevs/2/func": 2,
        "pcidevs/2/vdevfn": 8 << 3,                  # @08: virtual slot 8
        "pcidevs/3/name": "nic-vf0",
        "pcidevs/3/rdm_policy": "strict",
    },
    "hvm-vnuma": {
        "b_info/vnuma_nodes": [
            {"memkb": 4194304, "distances": [10, 20], "vcpus": [0, 1]},
            {"memkb": 4194304, "distances": [20, 10], "pnode": 1, "vcpus": [2, 3]}],
        "b_info/numa_placement": "False",
    },
    "hvm-dm-restrict-spice": {
        "b_info/device_model_version": "qemu_xen",
        "b_info/device_model": "/usr/bin/qemu-system-i386",
        "b_info/device_model_user": "xen-qemuuser-dmrestrict",
        "b_info/dm_restrict": "True",
        "b_info/extra": ["-no-user-config"],
        "b_info/extra_hvm": ["-global", "isa-fdc.driveA="],
        "b_info/type.hvm/spice/port": 6000,
        "b_info/type.hvm/spice/usbredirection": 2,
        "b_info/type.hvm/vga/kind": "qxl",
        "b_info/ioports": [{"first": 0x2f8, "number": 8}],
        "b_info/irqs": [3],
        "b_info/iomem": [{"start": 0xfed40, "number": 5}],
        "nics/0/gatewaydev": "eth0",
    },
    "hvm-stubdomain": {
        "c_info/pool_name": "Pool-untrusted",
        # init_seclabel is the label while building, seclabel the one it then runs with
        "c_info/ssid_label": "system_u:system_r:domU_t_building",
        "b_info/exec_ssid_label": "system_u:system_r:domU_t",
        "b_info/device_model_version": "qemu_xen_traditional",
        "b_info/device_model_stubdomain": "True",
        "b_info/device_model_ssid_label": "system_u:system_r:dm_dom_t",
        "b_info/stubdomain_memkb": 128 * 1024,
        "b_info/type.hvm/vnc/listen": "127.0.0.1:10",
        "b_info/type.hvm/viridian": "False",
        "disks/1/backend": "qdisk",
        "on_soft_reset": "soft_reset",
    },
}

# xl config list -> libxl_domain_config array
DEVICE_LISTS = {"disk": "disks", "vif": "nics", "pci": "pcidevs", "vfb": "vfbs",
                "vtpm": "vtpms", "p9": "p9s", "pvcalls": "pvcallsifs", "vdispl": "vdispls",
                "vsnd": "vsnds", "channel": "channels", "usbctrl": "usbctrls",
                "usbdev": "usbdevs"}


def read_cfg(path: Path) -> Dict[str, Any]:
    """An xl config as a dict.  Ours are all valid Python (KEY = literal lines)."""
    out = {}
    for node in ast.parse(path.read_text(), str(path)).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, (path, node.lineno)
        out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


def as_list(v) -> List:
    return v if isinstance(v, list) else [v]


def get(doc: Any, path: str) -> Any:
    """The value at ``path`` (see SPOT_CHECKS), or None when a member is absent."""
    for key in path.split("/"):
        if isinstance(doc, list):
            doc = doc[int(key)] if int(key) < len(doc) else None
        elif isinstance(doc, dict):
            doc = doc.get(key)
        else:
            return None
    return doc


def null_paths(doc: Any, prefix: str = "") -> List[str]:
    if isinstance(doc, dict):
        items = list(doc.items())
    elif isinstance(doc, list):
        items = [(str(i), v) for i, v in enumerate(doc)]
    else:
        return [prefix] if doc is None else []
    out = []
    for k, v in items:
        out += null_paths(v, prefix + "/" + k if prefix else k)
    return out


def pairs(text: str, drop_null: bool = False) -> Any:
    """The document with its members' order kept (lists of pairs)."""
    def hook(items):
        return [(k, v) for k, v in items if not (drop_null and v is None)]
    return json.loads(text, object_pairs_hook=hook)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    need(xljson.find_xl() is not None,
         "Debian's real xl 4.17 is not at %s (apt-get install xen-utils-4.17, "
         "or set XLIDL_XL)" % xljson.xl_path())
    need(Path("/usr/include/libxl.h").is_file(),
         "Debian's libxen-dev is not installed (apt-get install libxen-dev)")
    need(xljson.compiler() is not None, "no C compiler (cc)")
    need(have_program("pkg-config"), "pkg-config is not installed")
    d = tmp_path_factory.mktemp("xl")
    xljson.build_fake(d)
    xljson.build_canon(d)
    return d


_documents: Dict[str, str] = {}


def document(name: str, work: Path) -> str:
    """xl's JSON for config ``name``, made once."""
    if name not in _documents:
        _documents[name] = xljson.xl_json(CONFIGS[name], work)
    return _documents[name]


def test_corpus_covers_the_guest_types_and_device_kinds(work):
    assert len(NAMES) >= 14, NAMES
    assert set(SPOT_CHECKS) == set(NAMES), "every config has its spot checks"
    docs = {n: json.loads(document(n, work)) for n in NAMES}
    types = [d["c_info"]["type"] for d in docs.values()]
    assert sorted(set(types)) == ["hvm", "pv", "pvh"]
    assert min(types.count(t) for t in ("hvm", "pv", "pvh")) >= 3
    arrays = set().union(*(d.keys() for d in docs.values()))
    assert set(DEVICE_LISTS.values()) | {"vkbs"} <= arrays
    cfgs = [read_cfg(CONFIGS[n]) for n in NAMES]
    cpuid = [c["cpuid"] for c in cfgs if "cpuid" in c]
    assert sorted(type(c).__name__ for c in cpuid) == ["list", "str"]   # both syntaxes


@pytest.mark.parametrize("name", NAMES)
def test_xl_json_holds_what_the_config_asks_for(name, work):
    cfg = read_cfg(CONFIGS[name])
    text = document(name, work)
    assert text.endswith("}\n")
    doc = json.loads(text)

    # read from the config text itself
    assert doc["c_info"]["name"] == cfg["name"]
    assert doc["c_info"]["uuid"] == cfg["uuid"]
    assert doc["c_info"]["type"] == cfg["type"]
    b = doc["b_info"]
    assert ("type." + cfg["type"]) in b
    assert b["target_memkb"] == cfg["memory"] * 1024
    assert b["max_memkb"] == cfg.get("maxmem", cfg["memory"]) * 1024
    assert b["avail_vcpus"] == list(range(cfg["vcpus"]))
    assert b["max_vcpus"] == cfg.get("maxvcpus", cfg["vcpus"])
    for key, array in DEVICE_LISTS.items():
        assert len(doc.get(array, [])) == len(as_list(cfg.get(key, []))), key
    for spec, disk in zip(cfg["disk"], doc["disks"]):
        m = re.search(r"target=(.*)$", spec)
        if m:
            assert disk["pdev_path"] == m.group(1)
        else:   # positional: [[TYPE:]PATH,[FORMAT,]VDEV[:cdrom],ACCESS
            fields = spec.split(",")
            assert disk["pdev_path"] == fields[0].split(":")[-1]
            assert disk["vdev"] == fields[-2].split(":")[0]
            assert disk.get("readwrite") == (1 if fields[-1] == "w" else None)
    for spec, nic in zip(cfg["vif"], doc["nics"]):
        assert nic["mac"] == re.search(r"mac=([0-9a-f:]{17})", spec).group(1)
        m = re.search(r"bridge=([\w-]+)", spec)
        assert nic["bridge"] == m.group(1)
    if cfg.get("vfb") and cfg["type"] == "pv":
        assert len(doc["vkbs"]) == len(cfg["vfb"]) + len(cfg.get("vkb", []))
    elif "vkb" in cfg:
        assert len(doc["vkbs"]) == len(cfg["vkb"])
    for event in ("on_poweroff", "on_reboot", "on_crash", "on_watchdog", "on_soft_reset"):
        if event in cfg and cfg[event] != "destroy":   # destroy, the default, is left out
            assert doc[event] == cfg[event].replace("-", "_").replace(
                "rename_restart", "restart_rename")

    for path, expected in SPOT_CHECKS[name].items():
        assert get(doc, path) == expected, path


@pytest.mark.parametrize("name", NAMES)
def test_real_libxl_reads_back_what_xl_wrote(name, work):
    text = document(name, work)
    canonical = xljson.real_libxl_canonical(text, work)
    nulls = null_paths(json.loads(text))
    if nulls:
        assert nulls == NOT_FIXED_POINTS.get(name), "unexplained null members"
        assert canonical != text
        assert pairs(canonical) == pairs(text, drop_null=True)
        assert xljson.real_libxl_canonical(canonical, work) == canonical
    else:
        assert canonical == text


def mutate(text: str, path: str, value: Any) -> str:
    doc = json.loads(text)
    keys = path.split("/")
    parent = get(doc, "/".join(keys[:-1])) if len(keys) > 1 else doc
    if isinstance(parent, list):
        parent[int(keys[-1])] = value
    else:
        parent[keys[-1]] = value
    return json.dumps(doc, indent=4)


@pytest.mark.parametrize("case", ["unknown enum value", "malformed mac", "truncated"])
def test_real_libxl_rejects_a_bad_document(case, work):
    text = document("pv-direct-kernel", work)
    if case == "unknown enum value":
        bad, message = mutate(text, "c_info/type", "paravirt"), (
            "unable to convert libxl__json_object to libxl_domain_config")
    elif case == "malformed mac":
        bad, message = mutate(text, "nics/0/mac", "00:16:3e:1a:2b"), (
            "unable to convert libxl__json_object to libxl_domain_config")
    else:
        bad, message = text[:len(text) // 2], "yajl error: parse error: premature EOF"
    r = xljson.run_canon(bad, work)
    assert r.returncode == 1, r.stderr
    assert r.stdout == ""
    assert re.search(r"^libxl: error: libxl_json\.c:\d+:", r.stderr, re.M), r.stderr
    assert message in r.stderr
    assert "canon: libxl_domain_config_from_json failed: -3" in r.stderr
    with pytest.raises(xljson.LibxlRejected) as e:
        xljson.real_libxl_canonical(bad, work)
    assert message in e.value.stderr


def test_real_libxl_skips_a_member_of_the_wrong_json_type(work):
    """Not a rejection: libxl's generated parsers look members up by JSON type, so a
    string where an integer belongs is ignored as if absent (rc 0)."""
    text = document("pv-direct-kernel", work)
    assert json.loads(text)["b_info"]["max_vcpus"] == 4
    canonical = xljson.real_libxl_canonical(mutate(text, "b_info/max_vcpus", "4"), work)
    expected = json.loads(text)
    del expected["b_info"]["max_vcpus"]
    assert json.loads(canonical) == expected
