"""What the test harness (testidl.c, Xen's gentest.py) can do with each type.

gentest.py writes a *_rand_init() function for every type but the numbers, in the order
of the IDL's builtins and types, and fills each value by a fixed rule: an enumeration,
array, keyed union or walked struct structurally; a type whose *_rand_init() is already
written by calling it; some builtins by their C name; anything else cannot be filled.
That rule is here, as facts of the model, so that what the harness cannot fill is an
error found when the IDL is checked (:func:`check`), at the member that uses the type,
and never while rendering.  The random choices themselves are gen/backend/testidl.py's.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, FrozenSet, List, Optional, Set, Tuple

    from ..frontend.source import SourceLocation

from ..errors import Diagnostics
from .upstream_fixes import emission_order
from .types import Array, Idl, KeyedUnion, Number, Struct, Type

#: builtins whose *_rand_init() is hand-written in the harness prologue
HANDCODED = ("libxl_bitmap", "libxl_key_value_list", "libxl_cpuid_policy_list",
             "libxl_string_list")
#: builtins filled with random bytes
RANDOM_BYTES = ("libxl_uuid", "libxl_mac", "libxl_hwcap", "libxl_ms_vm_genid")
#: builtins set like numbers
NUMBERS = ("libxl_domid", "libxl_devid")


class HarnessPlan:
    """The order of the *_rand_init() functions, and how each value is filled."""

    def __init__(self, idl: "Idl", types: "Optional[List[Type]]" = None):
        self.idl = idl
        #: types that get a *_rand_init() (gentest.py: builtins + types, but numbers);
        #: ``types`` may give the types in another order than the IDL's
        self.order: List[Type] = [t for t in list(idl.builtins) + list(
            idl.types if types is None else types) if not isinstance(t, Number)]
        #: position at which each type's *_rand_init() exists (its first occurrence)
        self.rank: Dict[int, int] = {}
        for i, t in enumerate(self.order):
            self.rank.setdefault(id(t), i)

    def shape(self, ty: "Type", k: int, top: bool) -> str:
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
        if tn in NUMBERS or isinstance(ty, Number):
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


def check(idl: "Idl", diags: "Diagnostics", fixes: "FrozenSet[str]" = frozenset()) -> None:
    """Report every value the harness cannot initialise, at the member using it (the
    harness writes its functions in the order of the types, which ``fixes`` may change)."""
    plan = HarnessPlan(idl, emission_order(idl, fixes))
    seen: Set[Tuple[int, Optional[SourceLocation]]] = set()

    def walk(ty: "Type", k: int, top: bool,
             where: "Tuple[Optional[SourceLocation], Optional[str], Type]") -> None:
        shape = plan.shape(ty, k, top)
        if shape == "array" and type(ty) is Array:
            walk(ty.elem_type, k, False, where)
        elif shape == "keyed_union" and type(ty) is KeyedUnion:
            walk(ty.keyvar.type, k, False, where)
            for c in ty.fields:
                if c.type is not None:
                    walk(c.type, k, False, (c.loc, c.name, ty))
        elif shape == "struct" and isinstance(ty, Struct):
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
            used = "" if owner is ty else " (member '%s' of %s)" % (member, owner.describe())
            notes = [] if owner is ty else [(ty.loc, "%s is defined here" % ty.describe())]
            diags.error(loc, "testidl.c cannot randomly initialise %s%s: %s"
                        % (ty.describe(), used, why), notes)

    for k, t in enumerate(plan.order):
        if t.typename not in HANDCODED:
            walk(t, k, True, (t.loc, t.bound_name or t.typename, t))
