"""``xlidl doc``'s formats, from the document of gen/tools/history.py (docs/doc.md):
json, md, html (one self-contained page) and man (libxl-types(7))."""
import json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional


def render(doc: "Dict[str, Any]", fmt: str) -> str:
    if fmt == "json":
        return json.dumps(doc, indent=1) + "\n"
    raise ValueError(fmt)
