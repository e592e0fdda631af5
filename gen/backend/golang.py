"""The Go backend: types.gen.go and helpers.gen.go, as Xen's gengotypes.py writes them.

What gengotypes.py makes of the model (the Go names, the facts of every function it
writes) and its checks are gen/model/gocheck.py's: the load pipeline runs them with the
other checks when asked (``load(..., go=True)``) and keeps the facts in ``Idl.go``.  This
module renders those facts with the templates in templates/go/; the templates need
nothing from the environment (every fact comes in the context).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, Optional

    from ..model.gocheck import GoFiles
    from ..model.types import Idl

#: the program name and the IDL name in the banner are gengotypes.py's
DEFAULT_ARGV0 = "gengotypes.py"


def render(template: str, **context: "Any") -> str:
    from .templates import environment
    text: str = environment("go", dict).get_template(template).render(**context)
    return text


def go_outputs(idl: "Idl", argv0: str = DEFAULT_ARGV0,
               source: "Optional[str]" = None) -> "Dict[str, str]":
    """types.gen.go and helpers.gen.go (keys "types", "helpers") for ``idl``, as
    gengotypes.py writes them.  The model must have been loaded with ``go=True`` (its
    facts, ``idl.go``).  The banner names the program ``argv0`` and the IDL ``source``
    (default: the IDL's file), by their basenames, as gengotypes.py does with its argv."""
    facts: "Optional[GoFiles]" = idl.go
    assert facts is not None, "the model was not loaded with go=True"
    head = dict(program=os.path.basename(argv0),
                source=os.path.basename(idl.file if source is None else source))
    return {
        "types": render("types.gen.go.j2", types=facts.types, **head),
        "helpers": render("helpers.gen.go.j2", preamble=facts.preamble,
                          structs=facts.helpers, **head),
    }
