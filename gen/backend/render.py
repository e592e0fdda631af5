"""The C outputs of a checked model, rendered with the templates in templates/c/.

* :func:`gentypes_outputs`: the four files of Xen's gentypes.py (header, private header,
  JSON header, implementation) for a JSON backend, yajl or json-c, chosen here;
* :func:`testidl_output`: testidl.c, as Xen's gentest.py writes it for a seed;
* :func:`fuzz_harness`, :func:`json_driver_output`: the C of ``xlidl fuzz`` and
  ``xlidl json``.

Every IDL's files together, with Xen's names, are the generate step's
(gen/backend/generate_step.py).  What the C is asked for (JSON backend, fixes, seed) comes in
one :class:`~xlidl.backend.options.Options`.
"""
from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional, Sequence, Tuple

    from ..model.upstream_fixes import Fixes

from ..model.upstream_fixes import NONE, emission_order
from ..model.types import Aggregate, Field, Idl, KeyedUnion, Member, Struct, Type
from . import cexpr
from .options import Options
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


def c_globals(fixes: "Fixes" = NONE) -> "Dict[str, Any]":
    """The names every C template sees (``fix``: the fixes applied, one attribute per
    fix, gen/model/upstream_fixes.py)."""
    byref = "passby-value-struct" in fixes
    return dict(make_arg=cexpr.make_arg_fixed if byref else cexpr.make_arg,
                pass_arg=cexpr.pass_arg_fixed if byref else cexpr.pass_arg,
                ctext=cexpr.ctext, init_members=init_members, REF=cexpr.REF, VAL=cexpr.VAL,
                fix=fixes,
                yajl_gen_fn=attrgetter("json_gen_fn"),
                yajl_gen_shape=attrgetter("nested.gen_json"),
                jsonc_gen_fn=attrgetter("gen_jso_fn"),
                jsonc_gen_shape=attrgetter("nested.gen_jso"))


def render(template: str, fixes: "Fixes" = NONE, **context: "Any") -> str:
    """A C template rendered in the environment of ``fixes`` (one per set of fixes)."""
    env = environment("c", lambda: c_globals(fixes), variant=fixes)
    return env.get_template(template).render(**context)


def gentypes_outputs(idl: "Idl", banner: str, paths: "Dict[str, str]",
                     options: "Options" = Options()) -> "Dict[str, str]":
    """The four files of Xen's gentypes.py (with --libjsonc for ``options.json`` "jsonc"),
    keyed by the given ``paths`` (keys header, header_private, header_json, impl, as
    gen/backend/files.py names them); ``options.fixes`` correct upstream bugs."""
    fixes = options.fixes
    header, header_private = paths["header"], paths["header_private"]
    header_json, impl = paths["header_json"], paths["impl"]
    common: Dict[str, Any] = dict(idl=idl, types=idl.types, banner=banner, fixes=fixes,
                                  backend_template=JSON_BACKENDS[options.json])
    json_guard = cexpr.header_guard(header_json)
    # only the type definitions depend on the order (the functions are declared first)
    ordered = dict(common, types=emission_order(idl, fixes))
    return {
        header: render("types.h.j2", guard=cexpr.header_guard(header), **ordered),
        header_json: render("types_json.h.j2", guard=json_guard, **common),
        header_private: render("types_private.h.j2",
                               guard=cexpr.header_guard(header_private),
                               json_guard=json_guard, **common),
        impl: render("types.c.j2", **common),
    }


def testidl_output(idl: "Idl", options: "Options" = Options()) -> str:
    """testidl.c, as Xen's gentest.py writes it for LIBXL_TESTIDL_SEED=options.seed
    (None: xlidl's default seed).  The model must have been loaded with ``harness=True``."""
    from ..model.testidl_plan import HANDCODED
    from .testidl import Harness
    types = emission_order(idl, options.fixes)
    return render("testidl.c.j2", fixes=options.fixes, idl=idl, types=types,
                  h=Harness(idl, options.seed, types), handcoded=HANDCODED)


def fuzz_targets(idl: "Idl", options: "Options" = Options()) -> "List[Struct]":
    """The types the fuzz harness checks: structs with from_json, to_json, copy, init and
    dispose; libxl_domain_config (the type xl-json configs hold) first."""
    gen = attrgetter(JSON_GEN_FN[options.json])
    out = [t for t in emission_order(idl, options.fixes) if isinstance(t, Struct)
           and t.json_parse_fn is not None and gen(t) is not None and t.copy_fn
           and t.init_fn and t.dispose_fn]
    out.sort(key=lambda t: t.typename != "libxl_domain_config")
    return out


def fuzz_harness(idl: "Idl", idl_name: str, options: "Options" = Options()) -> str:
    """fuzz.c: the libFuzzer harness over the JSON parsers of ``idl`` (templates/c/
    fuzz.c.j2), for the code generated with the same ``options``."""
    return render("fuzz.c.j2", fixes=options.fixes, idl=idl, idl_name=idl_name,
                  targets=fuzz_targets(idl, options))


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
