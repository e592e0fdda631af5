"""``xlidl gentest``: testidl.c, with gentest.py's arguments."""
from .common import add_command, add_fix, check_outputs


def register(sub, common) -> None:
    t = add_command(
        sub, "gentest", common,
        help="write the randomized round-trip test harness testidl.c (as gentest.py)",
        description="Write testidl.c for IDL, exactly as Xen's gentest.py does for the "
                    "same seed.  The seed is --seed, else the environment variable "
                    "LIBXL_TESTIDL_SEED (as gentest.py), else xlidl's fixed default seed "
                    "'xlidl' (gentest.py would pick a random one), so builds are "
                    "reproducible.")
    t.add_argument("--seed", metavar="S", help="seed string (overrides LIBXL_TESTIDL_SEED)")
    add_fix(t)
    t.add_argument("idl", metavar="IDL")
    t.add_argument("out", metavar="OUT", help="e.g. testidl.c")
    t.set_defaults(func=run)


def run(s) -> int:
    from ..backend.files import write_all
    from ..backend.render import testidl_output
    a = s.args
    check_outputs([a.idl], [("OUT", a.out)])
    idl = s.load(a.idl, harness=True)
    files = {a.out: testidl_output(idl, s.options())}
    s.keep.append(files)
    write_all(files)
    return 0
