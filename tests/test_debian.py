"""The real headers as a peer: Debian's libxen-dev ships upstream's generated
_libxl_types.h and _libxl_types_json.h for Xen 4.17 (stable-4.17 is the branch it is
built from).  Generated with the names Xen's Makefile uses, ours must be identical."""
from __future__ import annotations

from pathlib import Path

from conftest import need, xen_idl

from xlidl import api


def test_headers_identical_to_libxen_dev(tmp_path):
    usr = Path("/usr/include")
    need((usr / "_libxl_types.h").is_file() and (usr / "_libxl_types_json.h").is_file(),
         "Debian's libxen-dev is not installed (apt-get install libxen-dev)")
    idl = xen_idl("stable-4.17")
    files = api.generate([str(idl)], str(tmp_path), argv0="gentypes.py", testidl=False)
    for name in ("_libxl_types.h", "_libxl_types_json.h"):
        ours = files[str(tmp_path / name)]
        assert ours == (usr / name).read_text(), name
