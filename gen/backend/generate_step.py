"""The generate step: the files of some checked IDLs, for one :class:`Options`.

``xlidl generate`` and ``xlidl.api.generate`` both run it, and so do the tools that
generate code to compile or compare (gen/tools/)::

    options = Options(json="jsonc", go=True, outdir="out")
    files = generate_files(paths, options, load)    # {path: text}, nothing written

A :class:`Plan` decides once, from the IDLs' file names, what each IDL is loaded for:
which get a test harness (testidl.c, or testidl_NAME.c when several do: the main IDLs,
those whose name does not end in _internal) and which one gets the Go bindings (the
first main IDL).  The load pipeline (gen/model/load.py) runs the checks those outputs
need (``harness``, ``go``); :func:`generate` then renders: the gentypes files of each
IDL (gen/backend/render.py), the test harnesses, the Go files (gen/backend/golang.py),
and formats the C when asked (gen/backend/clang_format.py).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Callable, Dict, List, Optional, Sequence, Tuple

    from ..model.types import Idl

    #: load(path, harness, go): the checked model of an IDL file, with the checks of
    #: the test harness and of the Go bindings when asked (gen/model/load.py)
    Loader = Callable[[str, bool, bool], Idl]

from ..errors import EXIT_USAGE, Failure
from . import files
from .options import Options


class Plan:
    """What each IDL of a generate step is loaded and rendered for, by its file name:
    ``testidl`` (name -> its harness's file name) and ``go`` (the name of the IDL whose
    Go bindings are written, or None)."""

    __slots__ = ("testidl", "go")

    def __init__(self, names: "Sequence[str]", options: "Options"):
        named: Dict[str, str] = {}
        for n in names:
            other = named.setdefault(files.idl_stem(n), n)
            if other is not n:
                raise Failure("%s and %s would write the same files in %s (each IDL's files "
                              "are named after it)" % (other, n, options.outdir or "."),
                              EXIT_USAGE)
        self.testidl: Dict[str, str] = files.testidl_names(names) if options.testidl else {}
        mains = [n for n in names if not files.is_internal(n)]
        if options.go and not mains:
            raise Failure("--go writes the Go bindings of a main IDL, and every IDL given "
                          "is an internal one (NAME_internal.idl)", EXIT_USAGE)
        self.go: Optional[str] = mains[0] if options.go else None

    def harness(self, name: str) -> bool:
        return name in self.testidl

    def wants_go(self, name: str) -> bool:
        return name == self.go


def generate(models: "Sequence[Tuple[str, Idl]]", options: "Options",
             plan: "Optional[Plan]" = None) -> "Dict[str, str]":
    """Every output of the IDLs, keyed by the path under ``options.outdir``: for each
    (name, model) the gentypes files named after ``name`` (the IDL's file name), the
    test harness of the IDLs that get one and the Go bindings (``plan``: as made for
    loading the models; by default, made from the names).  Nothing is written."""
    from .render import gentypes_outputs, testidl_output
    plan = plan if plan is not None else Plan([n for n, _ in models], options)
    out: Dict[str, str] = {}
    go: Dict[str, str] = {}
    for name, idl in models:
        made = files.gentypes_names(name)
        texts = gentypes_outputs(idl, files.banner(options.argv0, name, made), made,
                                 options)
        for key, final in files.output_names(name).items():
            out[files.join(options.outdir, final)] = texts[made[key]]
        if plan.harness(name):
            out[files.join(options.outdir, plan.testidl[name])] = testidl_output(idl, options)
        if plan.wants_go(name):
            from .golang import go_outputs
            texts = go_outputs(idl, options.go_argv0 or options.argv0, name)
            go = {files.join(options.outdir, files.GO_NAMES[k]): t for k, t in texts.items()}
    if options.format:   # (the C: clang-format does not know Go)
        from .clang_format import format_many
        paths = list(out)
        out = dict(zip(paths, format_many([(out[p], p) for p in paths])))
    out.update(go)
    return out


def load_models(paths: "Sequence[str]", options: "Options", load: "Loader",
                names: "Optional[Sequence[str]]" = None
                ) -> "Tuple[Plan, List[Tuple[str, Idl]]]":
    """The plan of ``paths`` and their models, each loaded for what it is generated for
    (``names``: the file names the IDLs are generated as; default: their own)."""
    names = [os.path.basename(p) for p in paths] if names is None else list(names)
    plan = Plan(names, options)
    return plan, [(n, load(p, plan.harness(n), plan.wants_go(n)))
                  for n, p in zip(names, paths)]


def generate_files(paths: "Sequence[str]", options: "Options", load: "Loader",
                   names: "Optional[Sequence[str]]" = None) -> "Dict[str, str]":
    """:func:`load_models`, then :func:`generate`."""
    plan, models = load_models(paths, options, load, names)
    return generate(models, options, plan)
