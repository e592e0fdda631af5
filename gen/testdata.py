"""Facts and random choices for the test harness, testidl.c (Xen's gentest.py).

gentest.py's output depends on Python's ``random`` module seeded from the string in
LIBXL_TESTIDL_SEED: an enumeration member is given a random value, init/dispose are
called a random number of times, and the from_string probes use random letter case.
:class:`Harness` makes the same calls on a ``random.Random`` seeded the same way; the
template (templates/c/testidl.c.j2) calls it at exactly the places where gentest.py makes
its calls, so rendering order is random-call order and the output is byte-identical for
the same seed.  Without a seed gentest.py is not reproducible; xlidl then uses
:data:`DEFAULT_SEED`.

How a value is randomly initialised (:meth:`Harness.shape`) is gentest.py's rule: an
enumeration, array, keyed union or walked struct is handled structurally; a type whose
*_rand_init() function has already been written is called; some builtins are known by
their C name; anything else cannot be initialised (an error xlidl reports before
rendering, at the member that uses the type).
"""
from __future__ import annotations

import random

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Optional, Tuple

from .errors import Diagnostic, IdlError
from .model import Idl, Type

#: gentest.py's default when LIBXL_TESTIDL_SEED is unset is os.urandom; xlidl's is this.
DEFAULT_SEED = "xlidl"

#: builtins whose *_rand_init() is hand-written in the harness prologue
HANDCODED = ("libxl_bitmap", "libxl_key_value_list", "libxl_cpuid_policy_list",
             "libxl_string_list")
#: builtins filled with random bytes
RANDOM_BYTES = ("libxl_uuid", "libxl_mac", "libxl_hwcap", "libxl_ms_vm_genid")
#: builtins set like numbers
NUMBERS = ("libxl_domid", "libxl_devid")


class Harness:
    def __init__(self, idl: Idl, seed: Optional[str]):
        self.idl = idl
        self.rng = random.Random(DEFAULT_SEED if seed is None else seed)
        #: types that get a *_rand_init() (gentest.py: builtins + types, but numbers)
        self.order: List[Type] = [t for t in list(idl.builtins) + list(idl.types)
                                  if not t.is_number]
        #: position at which each type's *_rand_init() exists (its first occurrence)
        self.rank: Dict[int, int] = {}
        for i, t in enumerate(self.order):
            self.rank.setdefault(id(t), i)

    # -- the random calls, in gentest.py's order ----------------------------------------
    def choice(self, enum: Type) -> str:
        """A random value of ``enum`` (gentest.py: randomize_enum)."""
        return self.rng.choice([v.name for v in enum.values])

    def iterations(self) -> range:
        """How many times to call init or dispose: 1 to 9."""
        return range(self.rng.randrange(1, 10))

    def random_case(self, s: str) -> str:
        """``s`` with each letter's case chosen at random (gentest.py: randomize_case)."""
        rnd = self.rng.random
        return "".join(c.lower() if rnd() < 0.5 else c.upper() for c in s)

    # -- how a value is randomly initialised ------------------------------------------------
    def shape(self, ty: Type, k: int, top: bool) -> str:
        """The branch of gentest.py's gen_rand_init for ``ty`` while writing the
        *_rand_init() of the k-th type of :attr:`order`."""
        kind = ty.kind
        if kind in ("enum", "array", "keyed_union"):
            return kind
        if kind == "struct" and (top or ty.json_gen_fn is None):
            return "struct"
        if self.rank.get(id(ty), k) < k:
            return "call"
        tn = ty.typename
        if tn in RANDOM_BYTES:
            return "bytes"
        if tn in NUMBERS or ty.is_number:
            return "number"
        if tn == "bool":
            return "bool"
        if tn == "libxl_defbool":
            return "defbool"
        if tn == "char *":
            return "string"
        if ty.private:
            return "none"
        return "error"

    def check(self) -> None:
        """Report every value the harness cannot initialise, at the member using it."""
        diags: List[Diagnostic] = []
        seen = set()

        def walk(ty: Type, k: int, top: bool, where: Tuple) -> None:
            shape = self.shape(ty, k, top)
            if shape == "array":
                walk(ty.elem_type, k, False, where)
            elif shape == "keyed_union":
                walk(ty.keyvar.type, k, False, where)
                for f in ty.fields:
                    if f.type is not None:
                        walk(f.type, k, False, (f.loc, f.name, ty))
            elif shape == "struct":
                for f in ty.fields:
                    if not f.const:
                        walk(f.type, k, False, (f.loc, f.name, ty))
            elif shape == "error":
                loc, member, owner = where
                key = (id(ty), loc)
                if key in seen:
                    return
                seen.add(key)
                why = ("its *_rand_init() is hand-written in the harness only for %s"
                       % ", ".join(HANDCODED) if ty.typename in HANDCODED else
                       "it is not a number, an enumeration or an aggregate, nor a builtin "
                       "the harness knows, nor private")
                used = "" if owner is ty else " (member '%s' of %s)" % (member,
                                                                      owner.describe())
                d = Diagnostic(loc, "error", "testidl.c cannot randomly initialise %s%s: %s"
                               % (ty.describe(), used, why))
                if owner is not ty:
                    d.note(ty.loc, "%s is defined here" % ty.describe())
                diags.append(d)

        for k, t in enumerate(self.order):
            if t.typename not in HANDCODED:
                walk(t, k, True, (t.loc, t.bound_name or t.typename, t))
        if diags:
            raise IdlError(diags)
