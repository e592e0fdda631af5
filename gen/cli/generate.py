"""``xlidl generate``: every output of one or more IDLs, with Xen's file names."""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict

from ..errors import EXIT_FINDING, EXIT_USAGE, Failure
from .common import (add_color, add_command, add_fix, add_json, add_seed, check_outputs,
                     test_seed, write_out)

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
    from ..backend.render import generate
    a = s.args
    tested = F.testidl_names(a.idls) if a.testidl else {}
    mains = [p for p in a.idls if not F.is_internal(p)]
    named = {}
    for p in a.idls:
        other = named.setdefault(F.idl_stem(p), p)
        if other is not p:
            raise Failure("%s and %s would write the same files in %s (each IDL's files are "
                          "named after it)" % (other, p, a.output), EXIT_USAGE)
    if a.go and not mains:
        raise Failure("--go writes the Go bindings of a main IDL, and every IDL given is "
                      "an internal one (NAME_internal.idl)", EXIT_USAGE)
    models = [(os.path.basename(p), s.load(p, harness=p in tested)) for p in a.idls]
    go: Dict[str, str] = {}
    if a.go:
        from ..backend import golang
        main = mains[0]
        out = golang.generate(models[a.idls.index(main)][1], s.diags,
                              a.go_argv0 or a.argv0, main)
        go = {F.join(a.output, F.GO_NAMES[k]): text for k, text in out.items()}
    files = generate(models, a.output, json=a.json, seed=test_seed(a), testidl=a.testidl,
                     argv0=a.argv0, fixes=s.fixes)
    if a.format:   # (the C: clang-format does not know Go)
        from ..tools.clang_format import format_many
        paths = list(files)
        files = dict(zip(paths, format_many([(files[p], p) for p in paths])))
    files.update(go)
    s.keep.append(files)
    check_outputs(a.idls, [("-o %s:" % a.output, p) for p in files])
    if a.check:
        return check_files(files, color=a.color)
    F.write_all(files)
    return 0


def check_files(files: "Dict[str, str]", color: str = "auto") -> int:
    """`generate --check`: 0 when every file on disk already holds what would be written,
    else EXIT_FINDING and the differences (as a unified diff) on standard output."""
    from ..backend.files import unchanged
    from ..tools.textdiff import unified_diff, use_color
    stale = []
    out = []
    for path, content in sorted(files.items()):
        if unchanged(path, content):
            continue
        stale.append(path)
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                old = f.read()
        except OSError:
            old = ""
        out.append(unified_diff(old, content, path, path + " (generated)", use_color(color)))
    if stale:
        write_out("".join(out))
        print("xlidl: %d of %d generated file%s differ%s from what is on disk: %s" % (
            len(stale), len(files), "" if len(files) == 1 else "s",
            "s" if len(stale) == 1 else "", ", ".join(stale)), file=sys.stderr)
        return EXIT_FINDING
    return 0
