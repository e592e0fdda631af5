"""``xlidl generate``: every output of one or more IDLs, with Xen's file names."""
from ..errors import EXIT_FINDING
from .common import (add_color, add_command, add_fix, add_json, add_seed, check_files,
                     check_outputs)

FINDINGS = {EXIT_FINDING: "--check: the files on disk are not what would be generated"}


def register(sub, common) -> None:
    gen = add_command(
        sub, "generate", common, findings=FINDINGS,
        help="write every output of one or more IDLs into a folder, with Xen's file names",
        description="Generate each IDL into DIR with the names Xen's Makefile uses: "
                    "libxl_types.idl gives _libxl_types.h, _libxl_types_private.h, "
                    "_libxl_types_json.h and _libxl_types.c.  Files are replaced atomically "
                    "and only when their content changes.")
    gen.add_argument("idls", nargs="+", metavar="IDL")
    gen.add_argument("-o", "--output", default="output", metavar="DIR",
                     help="output folder (default: %(default)s)")
    add_json(gen)
    gen.add_argument("--argv0", default="xlidl", metavar="NAME",
                     help="program name shown in the banners (default: %(default)s; "
                          "gentypes.py gives the files Xen's own build writes)")
    gen.add_argument("--no-testidl", dest="testidl", action="store_false",
                     help="do not write the test harness (by default every IDL whose name "
                          "does not end in _internal gets one: testidl.c, or "
                          "testidl_NAME.c when there are several)")
    add_seed(gen)
    add_fix(gen)
    gen.add_argument("--go", action="store_true",
                     help="also write the Go bindings of the first IDL whose name does not "
                          "end in _internal: types.gen.go and helpers.gen.go (as "
                          "gengotypes.py)")
    gen.add_argument("--go-argv0", metavar="NAME",
                     help="program name shown in the Go banners (default: as --argv0; "
                          "gengotypes.py gives the files Xen's own build writes)")
    gen.add_argument("--format", action="store_true",
                     help="format the files with clang-format (xlidl's Xen-like style, see "
                          "'xlidl fmt'); the default output is byte-identical to Xen's")
    gen.add_argument("--check", action="store_true",
                     help="write nothing; exit 3 and show the differences when the files on "
                          "disk are not what would be generated (for CI)")
    add_color(gen, "the --check diff")
    gen.set_defaults(func=run)


def run(s) -> int:
    from ..backend import files as F
    from ..backend.generate_step import generate_files
    a = s.args
    files = generate_files(a.idls, s.options(outdir=a.output), s.load_for)
    s.keep.append(files)
    check_outputs(a.idls, [("-o %s:" % a.output, p) for p in files])
    if a.check:
        return check_files(files, color=a.color)
    F.write_all(files)
    return 0
