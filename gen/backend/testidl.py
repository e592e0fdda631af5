"""The random choices of the test harness, testidl.c (Xen's gentest.py).

gentest.py's output depends on Python's ``random`` module seeded from the string in
LIBXL_TESTIDL_SEED: an enumeration member is given a random value, init/dispose are
called a random number of times, and the from_string probes use random letter case.
:class:`Harness` makes the same calls on a ``random.Random`` seeded the same way; the
template (templates/c/testidl.c.j2) calls it at exactly the places where gentest.py makes
its calls, so rendering order is random-call order and the output is byte-identical for
the same seed.  Without a seed gentest.py is not reproducible; xlidl then uses
:data:`DEFAULT_SEED`.  How each value is filled is a fact of the model
(gen/model/testidl_plan.py), checked before rendering.
"""
import random

from ..model.testidl_plan import HarnessPlan
from ..model.types import Enumeration, Idl, Type

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import List, Optional, Tuple

#: gentest.py's default when LIBXL_TESTIDL_SEED is unset is os.urandom; xlidl's is this.
DEFAULT_SEED = "xlidl"


class Harness(HarnessPlan):
    def __init__(self, idl: "Idl", seed: "Optional[str]",
                 types: "Optional[List[Type]]" = None):
        super().__init__(idl, types)
        self.rng = random.Random(DEFAULT_SEED if seed is None else seed)

    # -- the random calls, in gentest.py's order ----------------------------------------
    def choice(self, enum: "Enumeration") -> str:
        """A random value of ``enum`` (gentest.py: randomize_enum)."""
        return self.rng.choice([v.name for v in enum.values])

    def iterations(self) -> "range":
        """How many times to call init or dispose: 1 to 9."""
        return range(self.rng.randrange(1, 10))

    def random_case(self, s: str) -> str:
        """``s`` with each letter's case chosen at random (gentest.py: randomize_case)."""
        rnd = self.rng.random
        return "".join(c.lower() if rnd() < 0.5 else c.upper() for c in s)

    def from_string_probes(self, enum: "Enumeration") -> "List[Tuple[str, str]]":
        """(name, the name in random case) for each value of ``enum`` and for one invalid
        name: what testidl.c passes to TYPE_from_string()."""
        names = [v.valuename for v in enum.values] + ["AN INVALID VALUE"]
        return [(n, self.random_case(n)) for n in names]
