#!/usr/bin/env python3
"""``api-diff --header`` on the consecutive release pairs of ../shared/xen-idl: how many
of api-diff's features (suggested LIBXL_HAVE_* defines) it matched to a define the real
libxl.h added, and how many it warned about (no added define shares their identifying
words).  Not a timing: the figures of issue 23's closing note.

    .venv/bin/python bench/header_match.py [--idl-dir DIR] [-v]
"""
import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ("4.5.0", "4.6.0", "4.8.0", "4.10.0", "4.12.0", "4.14.0", "4.16.0", "stable-4.17",
            "4.18.0", "4.20.0", "4.22.0", "master")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--idl-dir", default=os.environ.get("XLIDL_XEN_IDL",
                                                        str(ROOT.parent / "shared" / "xen-idl")))
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list every match and every warning")
    args = p.parse_args()
    from xlidl import api
    from xlidl.tools.api_report import check_header, compare

    d = Path(args.idl_dir)
    total_m = total_w = 0
    for old, new in zip(RELEASES, RELEASES[1:]):
        oi, ni = api.load(str(d / old / "libxl_types.idl")), api.load(str(d / new / "libxl_types.idl"))
        h = check_header(compare(oi, ni, old, new), (d / old / "libxl.h").read_text(),
                         (d / new / "libxl.h").read_text(), old, new, ni)
        m = [(s.name, real) for s, real in h.matches if real is not None]
        w = [s for s in h.uncovered]
        total_m += len(m)
        total_w += len(w)
        print("%-12s -> %-12s %3d features: %3d matched, %3d warned (libxl.h added %d)"
              % (old, new, len(h.matches), len(m), len(w), len(h.added)))
        if args.verbose:
            for s, real in m:
                print("    matched %s -> %s" % (s, real))
            for s in w:
                print("    warned  %s (for %s)" % (s.name, s.additions[0].subject))
    print("total: %d features, %d matched, %d warned" % (total_m + total_w, total_m, total_w))
    return 0


if __name__ == "__main__":
    sys.exit(main())
