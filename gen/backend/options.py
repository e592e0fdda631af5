"""What a generate step is asked for, in one immutable value (gen/backend/generate_step.py)."""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Iterable, Optional, Tuple

from ..model.upstream_fixes import NONE, Fixes
from .files import DEFAULT_ARGV0

#: --json: the JSON backends
JSON_BACKENDS = ("yajl", "jsonc")


class Options:
    """The options of a generate step: what ``xlidl generate`` and ``xlidl.api.generate``
    take, and what the other commands need of them.  Immutable and hashable (a cache
    key): :meth:`replace` gives a changed copy.

    * ``json``: the JSON backend of the C, "yajl" or "jsonc";
    * ``fixes``: the upstream bugs to correct (gen/model/upstream_fixes.py);
    * ``seed``: the test harness's seed (None: xlidl's default, gen/backend/testidl.py);
    * ``testidl``: write the test harness of the IDLs that get one (gen/backend/files.py);
    * ``argv0``: the program named in the C banners;
    * ``go``, ``go_argv0``: also the Go bindings of the first main IDL, with this program
      in their banners (None: ``argv0``);
    * ``format``: run the C through clang-format (gen/backend/clang_format.py);
    * ``outdir``: the folder the files' paths are under ("" for bare names).
    """

    __slots__ = ("json", "fixes", "seed", "testidl", "argv0", "go", "go_argv0", "format",
                 "outdir")
    json: str
    fixes: "Fixes"
    seed: "Optional[str]"
    testidl: bool
    argv0: str
    go: bool
    go_argv0: "Optional[str]"
    format: bool
    outdir: str

    def __init__(self, json: str = "yajl", fixes: "Iterable[str]" = NONE,
                 seed: "Optional[str]" = None, testidl: bool = True,
                 argv0: str = DEFAULT_ARGV0, go: bool = False,
                 go_argv0: "Optional[str]" = None, format: bool = False,
                 outdir: str = ""):
        if json not in JSON_BACKENDS:
            raise ValueError("no JSON backend %r (%s)" % (json, ", ".join(JSON_BACKENDS)))
        init = object.__setattr__
        init(self, "json", json)
        init(self, "fixes", fixes if isinstance(fixes, Fixes) else Fixes(fixes))
        init(self, "seed", seed)
        init(self, "testidl", testidl)
        init(self, "argv0", argv0)
        init(self, "go", go)
        init(self, "go_argv0", go_argv0)
        init(self, "format", format)
        init(self, "outdir", outdir)

    def __setattr__(self, name: str, value: "Any") -> None:
        raise AttributeError("Options are immutable (replace() gives a changed copy)")

    def replace(self, **changes: "Any") -> "Options":
        values = {k: getattr(self, k) for k in self.__slots__}
        values.update(changes)
        return Options(**values)

    def _key(self) -> "Tuple[Any, ...]":
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Options) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Options(%s)" % ", ".join("%s=%r" % (k, getattr(self, k))
                                         for k in self.__slots__)
