"""The C outputs of a checked model, rendered with the templates in templates/c/.

* :func:`gentypes_outputs`: the four files of Xen's gentypes.py (header, private header,
  JSON header, implementation) for a JSON backend, yajl or json-c, chosen here;
* :func:`testidl_output`: testidl.c, as Xen's gentest.py writes it for a seed;
* :func:`generate`: everything ``xlidl generate`` writes for some IDLs, with Xen's file
  names and banners (gen/backend/files.py).
"""
from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from ..model.fixes import FIXES, emission_order
from ..model.types import Aggregate, Field, Idl, KeyedUnion, Member, Struct, Type
from . import cexpr, files
from .templates import environment

#: --json: the JSON backends and the template that supplies each one's statements
JSON_BACKENDS = {"yajl": "macros/json_yajl.j2", "jsonc": "macros/json_jsonc.j2"}
#: --json: the type attribute naming each backend's JSON generator
JSON_GEN_FN = {"yajl": "json_gen_fn", "jsonc": "gen_jso_fn"}


def init_members(ty: "Type") -> "List[Member]":
    """Members that need their own TYPE_init_KEY() function: keyed unions."""
    if not isinstance(ty, Aggregate):
        return []
    return [f for f in ty.fields if not f.const and isinstance(f.type, KeyedUnion)]


class Fixes:
    """The fixes applied (gen/model/fixes.py), as the templates see them: one true or
    false attribute per fix, "-" written "_" (fix.keyed_union_duplicate ...)."""

    def __init__(self, names: "FrozenSet[str]"):
        for name in FIXES:
            setattr(self, name.replace("-", "_"), name in names)


def c_globals(fixes: "FrozenSet[str]" = frozenset()) -> "Dict[str, Any]":
    """The names every C template sees."""
    byref = "passby-value-struct" in fixes
    return dict(make_arg=cexpr.make_arg_fixed if byref else cexpr.make_arg,
                pass_arg=cexpr.pass_arg_fixed if byref else cexpr.pass_arg,
                ctext=cexpr.ctext, init_members=init_members, REF=cexpr.REF, VAL=cexpr.VAL,
                fix=Fixes(fixes),
                yajl_gen_fn=attrgetter("json_gen_fn"),
                yajl_gen_shape=attrgetter("nested.gen_json"),
                jsonc_gen_fn=attrgetter("gen_jso_fn"),
                jsonc_gen_shape=attrgetter("nested.gen_jso"))


def render(template: str, fixes: "FrozenSet[str]" = frozenset(), **context: "Any") -> str:
    env = environment("c", lambda: c_globals(fixes), variant=",".join(sorted(fixes)))
    return env.get_template(template).render(**context)


def types_of(idl: "Idl", fixes: "FrozenSet[str]") -> "List[Type]":
    """The types in the order they are emitted."""
    return emission_order(idl, fixes)


def gentypes_outputs(idl: "Idl", banner: str, header: str, header_private: str,
                     header_json: str, impl: str, json: str = "yajl",
                     fixes: "FrozenSet[str]" = frozenset()) -> "Dict[str, str]":
    """The four files of Xen's gentypes.py (with --libjsonc for ``json="jsonc"``), keyed
    by the given paths; ``fixes`` correct upstream bugs (gen/model/fixes.py)."""
    common: Dict[str, Any] = dict(idl=idl, types=idl.types, banner=banner, fixes=fixes,
                                  backend_template=JSON_BACKENDS[json])
    json_guard = cexpr.header_guard(header_json)
    # only the type definitions depend on the order (the functions are declared first)
    ordered = dict(common, types=types_of(idl, fixes))
    return {
        header: render("types.h.j2", guard=cexpr.header_guard(header), **ordered),
        header_json: render("types_json.h.j2", guard=json_guard, **common),
        header_private: render("types_private.h.j2",
                               guard=cexpr.header_guard(header_private),
                               json_guard=json_guard, **common),
        impl: render("types.c.j2", **common),
    }


def testidl_output(idl: "Idl", seed: "Optional[str]",
                   fixes: "FrozenSet[str]" = frozenset()) -> str:
    """testidl.c, as Xen's gentest.py writes it for LIBXL_TESTIDL_SEED=seed (None: xlidl's
    default seed).  The model must have been loaded with ``harness=True``."""
    from ..model.harness import HANDCODED
    from .harness import Harness
    types = types_of(idl, fixes)
    return render("testidl.c.j2", fixes=fixes, idl=idl, types=types,
                  h=Harness(idl, seed, types), handcoded=HANDCODED)


def fuzz_targets(idl: "Idl", json: str = "yajl",
                 fixes: "FrozenSet[str]" = frozenset()) -> "List[Struct]":
    """The types the fuzz harness checks: structs with from_json, to_json, copy, init and
    dispose; libxl_domain_config (the type xl-json configs hold) first."""
    gen = attrgetter(JSON_GEN_FN[json])
    out = [t for t in types_of(idl, fixes) if isinstance(t, Struct) and t.json_parse_fn is not None
           and gen(t) is not None and t.copy_fn and t.init_fn and t.dispose_fn]
    out.sort(key=lambda t: t.typename != "libxl_domain_config")
    return out


def fuzz_harness(idl: "Idl", idl_name: str, json: str = "yajl",
                 fixes: "FrozenSet[str]" = frozenset()) -> str:
    """fuzz.c: the libFuzzer harness over the JSON parsers of ``idl`` (templates/c/
    fuzz.c.j2), for the code generated with the same ``json`` and ``fixes``."""
    return render("fuzz.c.j2", fixes=fixes, idl=idl, idl_name=idl_name,
                  targets=fuzz_targets(idl, json, fixes))


def generate(models: "Sequence[Tuple[str, Idl]]", outdir: str, json: str = "yajl",
             seed: "Optional[str]" = None, testidl: bool = True,
             argv0: str = files.DEFAULT_ARGV0,
             fixes: "FrozenSet[str]" = frozenset()) -> "Dict[str, str]":
    """Every output of the IDLs, keyed by the path under ``outdir``: for each (name, model)
    the gentypes files named after ``name`` (the IDL's file name), and the test harness
    of the IDLs that get one (see gen/backend/files.py).  Nothing is written."""
    harness = files.testidl_names([name for name, _ in models]) if testidl else {}
    out: Dict[str, str] = {}
    for name, idl in models:
        made = files.gentypes_names(name)
        texts = gentypes_outputs(idl, files.banner(argv0, name, made), made["header"],
                                 made["header_private"], made["header_json"], made["impl"],
                                 json, fixes)
        for key, final in files.output_names(name).items():
            out[files.join(outdir, final)] = texts[made[key]]
        if name in harness:
            out[files.join(outdir, harness[name])] = testidl_output(idl, seed, fixes)
    return out


#: the file name of the ``xlidl json`` program's source (gen/tools/libxljson.py)
JSON_DRIVER = "xlidl_json.c"


def json_driver_types(models: "Sequence[Idl]", json: str = "yajl") -> "List[Type]":
    """The types the ``xlidl json`` program can convert: those with both a JSON parser
    and a generator for the backend, once each, in IDL order."""
    gen = attrgetter(JSON_GEN_FN[json])
    out: Dict[Optional[str], Type] = {}
    for idl in models:
        for t in idl.types:
            if t.json_parse_fn is not None and gen(t) is not None \
                    and t.typename not in out:
                out[t.typename] = t
    return list(out.values())


def json_driver_output(models: "Sequence[Tuple[str, Idl]]", json: str = "yajl") -> str:
    """xlidl_json.c, the program of ``xlidl json`` (templates/c/json_driver.c.j2): for
    each type, TYPE_from_json then TYPE_to_json; (name, model) as for generate()."""
    return render("json_driver.c.j2", names=", ".join(name for name, _ in models),
                  types=json_driver_types([m for _, m in models], json))
