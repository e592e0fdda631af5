"""Test helpers for the Go backend (gen/golang.py + templates/go/).

A plain Jinja2 environment over templates/go with xlidl's settings, and
``generate_go(idl_path)``, which stands in for the command line (`xlidl gengotypes`) until
it is wired: the IDL is read with ``api.load`` (the checked model) and rendered with
``golang.go_outputs``.
"""
from __future__ import annotations

import os
from typing import Tuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from conftest import ROOT

from xlidl import api, golang

GO_TEMPLATES = ROOT / "templates" / "go"

_env = None


def environment() -> Environment:
    global _env
    if _env is None:
        _env = Environment(loader=FileSystemLoader(str(GO_TEMPLATES)), trim_blocks=True,
                           lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
                           undefined=StrictUndefined)
        _env.globals.update(golang.TEMPLATE_GLOBALS)
    return _env


def render(template_name: str, **context) -> str:
    return environment().get_template(template_name).render(**context)


def generate_go(idl_path) -> Tuple[str, str]:
    """(types.gen.go, helpers.gen.go) for the IDL, as gengotypes.py writes them when run
    on a file of that basename."""
    idl = api.load(str(idl_path), display=os.path.basename(str(idl_path)))
    out = golang.go_outputs(idl, render)
    return out["types"], out["helpers"]
