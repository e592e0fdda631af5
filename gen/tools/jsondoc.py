"""JSON documents as libxl reads them: members in order (repeated keys kept), numbers as
their text, and where each value is in the file.

Python's json module loses all three (the last of repeated keys wins, 1.0 and 1 become
different Python values but 1e3 becomes 1000.0, and there are no positions), and each
matters here: libxl reads the *first* of repeated keys, reads ``1e3`` as the integer 1,
and messages name ``FILE.json:LINE:COL``.  :func:`parse` reads RFC 8259 JSON into
:class:`Node` trees; :func:`dumps` writes a tree back (numbers as written);
:func:`to_python` gives plain Python values for jsonschema.

Paths are tuples of member and element indexes (a member's index in its object, so
that repeated keys stay apart); :func:`pointer` shows one as a JSON Pointer (RFC 6901),
``/b_info/type.hvm/vga/kind``.
"""
import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Iterator, List, Optional, Sequence, Tuple

    Path = Tuple[int, ...]


class JsonSyntaxError(ValueError):
    """Not JSON: ``line`` and ``col`` (1-based) say where."""

    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col

    def __str__(self) -> str:
        return "%d:%d: %s" % (self.line, self.col, self.message)


class Node:
    """A JSON value.  ``kind``: object, array, string, number, true, false, null.
    ``value``: an object's [(key, Node)], an array's [Node], a string's text, a number's
    text as written, None otherwise.  ``offset``: where the value starts in the text;
    ``key_offset``: where its key starts, for a member of an object."""

    __slots__ = ("kind", "value", "offset", "key_offset")

    def __init__(self, kind: str, value: "Any", offset: int = -1, key_offset: int = -1):
        self.kind, self.value, self.offset, self.key_offset = kind, value, offset, key_offset

    def __repr__(self) -> str:
        return "Node(%s, %r)" % (self.kind, self.value)

    def children(self) -> "List[Node]":
        if self.kind == "object":
            return [n for _, n in self.value]
        if self.kind == "array":
            return list(self.value)
        return []

    def get(self, key: str) -> "Optional[Node]":
        """The first member called ``key`` (as libxl__json_map_get finds it)."""
        for k, n in self.value if self.kind == "object" else ():
            if k == key:
                return n
        return None


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_LITERALS = (("true", "true"), ("false", "false"), ("null", "null"))
_RAW_SURROGATE = re.compile("[\ud800-\udfff]")


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.decode = json.JSONDecoder().decode

    def fail(self, pos: int, message: str) -> "JsonSyntaxError":
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return JsonSyntaxError(message, line, col)

    def ws(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        assert m is not None   # (it matches the empty string)
        return m.end()

    def string(self, pos: int) -> "Tuple[str, int]":
        m = _STRING.match(self.text, pos)
        if not m:
            raise self.fail(pos, "invalid string" if self.text.startswith('"', pos)
                            else "expected a string")
        return self.decode(m.group()), m.end()

    def value(self, pos: int, depth: int = 0) -> "Tuple[Node, int]":
        t = self.text
        if depth > 500:
            raise self.fail(pos, "nested too deeply")
        c = t[pos:pos + 1]
        if c == "{":
            members: List[Tuple[str, Node]] = []
            p = self.ws(pos + 1)
            if t.startswith("}", p):
                return Node("object", members, pos), p + 1
            while True:
                kpos = p
                key, p = self.string(p)
                p = self.ws(p)
                if not t.startswith(":", p):
                    raise self.fail(p, "expected ':'")
                p = self.ws(p + 1)
                v, p = self.value(p, depth + 1)
                v.key_offset = kpos
                members.append((key, v))
                p = self.ws(p)
                if t.startswith(",", p):
                    p = self.ws(p + 1)
                elif t.startswith("}", p):
                    return Node("object", members, pos), p + 1
                else:
                    raise self.fail(p, "expected ',' or '}'")
        if c == "[":
            items: List[Node] = []
            p = self.ws(pos + 1)
            if t.startswith("]", p):
                return Node("array", items, pos), p + 1
            while True:
                v, p = self.value(p, depth + 1)
                items.append(v)
                p = self.ws(p)
                if t.startswith(",", p):
                    p = self.ws(p + 1)
                elif t.startswith("]", p):
                    return Node("array", items, pos), p + 1
                else:
                    raise self.fail(p, "expected ',' or ']'")
        if c == '"':
            s, p = self.string(pos)
            return Node("string", s, pos), p
        m = _NUMBER.match(t, pos)
        if m and m.end() > pos:
            return Node("number", m.group(), pos), m.end()
        for word, kind in _LITERALS:
            if t.startswith(word, pos):
                return Node(kind, None, pos), pos + len(word)
        raise self.fail(pos, "unexpected end of the document" if pos >= len(t)
                        else "expected a value")


def parse(text: str, trailing: bool = True) -> "Node":
    """The document in ``text``; JsonSyntaxError if it is not JSON.  With ``trailing``,
    what follows the first value is ignored, as libxl (4.12 and later) ignores it."""
    p = _Parser(text)
    bad = _RAW_SURROGATE.search(text)
    if bad:     # a byte that is not UTF-8, read with errors="surrogateescape"
        raise p.fail(bad.start(), "invalid UTF-8")
    node, end = p.value(p.ws(0))
    end = p.ws(end)
    if end < len(text) and not trailing:
        raise p.fail(end, "data after the document")
    return node


def line_col(text: str, offset: int) -> "Tuple[int, int]":
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def dumps(node: "Node") -> str:
    """The tree as compact JSON text; numbers as they were written."""
    out: List[str] = []
    _dump(node, out.append)
    return "".join(out)


def _dump(n: "Node", w) -> None:
    k = n.kind
    if k == "object":
        w("{")
        for i, (key, v) in enumerate(n.value):
            if i:
                w(",")
            w(json.dumps(key))
            w(":")
            _dump(v, w)
        w("}")
    elif k == "array":
        w("[")
        for i, v in enumerate(n.value):
            if i:
                w(",")
            _dump(v, w)
        w("]")
    elif k == "string":
        w(json.dumps(n.value))
    elif k == "number":
        w(n.value)
    else:
        w(k)


def text_of(node: "Node", limit: int = 60) -> str:
    """A short JSON text of a value, for messages."""
    s = dumps(node)
    return s if len(s) <= limit else s[:limit - 3] + "..."


def to_python(node: "Node") -> "Any":
    """Plain Python values (the last of repeated keys wins, as in Python's json)."""
    k = node.kind
    if k == "object":
        return {key: to_python(v) for key, v in node.value}
    if k == "array":
        return [to_python(v) for v in node.value]
    if k == "number":
        return json.loads(node.value)
    if k == "string":
        return node.value
    return {"true": True, "false": False, "null": None}[k]


def at(root: "Node", path: "Path") -> "Node":
    n = root
    for i in path:
        n = n.value[i][1] if n.kind == "object" else n.value[i]
    return n


def keys(root: "Node", path: "Path") -> "List[Any]":
    """The member names and element indexes along ``path``."""
    out: List[Any] = []
    n = root
    for i in path:
        if n.kind == "object":
            out.append(n.value[i][0])
            n = n.value[i][1]
        else:
            out.append(i)
            n = n.value[i]
    return out


def escape_token(key: "Any") -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def pointer_of(keys_: "List[Any]") -> str:
    """A JSON Pointer (RFC 6901) from member names and indexes; "" is the document."""
    return "".join("/" + escape_token(k) for k in keys_)


def pointer(root: "Node", path: "Path") -> str:
    return pointer_of(keys(root, path))


def without(root: "Node", path: "Path") -> "Node":
    """A copy of the tree without the member or element at ``path`` (shared subtrees)."""
    if not path:
        raise ValueError("cannot remove the document itself")
    i, rest = path[0], path[1:]
    if root.kind == "object":
        members = list(root.value)
        if rest:
            key, child = members[i]
            members[i] = (key, without(child, rest))
        else:
            del members[i]
        return Node("object", members, root.offset, root.key_offset)
    items = list(root.value)
    if rest:
        items[i] = without(items[i], rest)
    else:
        del items[i]
    return Node("array", items, root.offset, root.key_offset)


def walk(root: "Node", path: "Path" = ()) -> "Iterator[Tuple[Path, Node]]":
    """Every value of the tree with its path, parents first."""
    yield path, root
    for i, child in enumerate(root.children()):
        yield from walk(child, path + (i,))


def where(text: str, node: "Node") -> "Tuple[int, int]":
    """Line and column of a member's key, or of the value when it has none."""
    return line_col(text, node.key_offset if node.key_offset >= 0 else node.offset)


_INT_PREFIX = re.compile(r"-?[0-9]+")


def libxl_number(text: str) -> "Any":
    """A number as libxl's parser reads its text: with a '.', a double (inf when it
    overflows); without, the integer it starts with (strtoll: "1e3" is 1)."""
    if "." in text:
        return float(text)
    m = _INT_PREFIX.match(text)
    assert m is not None, text   # (a JSON number starts with an integer)
    return int(m.group())


def libxl_view(node: "Node") -> "Any":
    """Python values of what libxl's parser reads: the first of repeated keys (the others
    are dropped), strings and keys cut at a NUL character (C strings), numbers as
    :func:`libxl_number` reads them.  Validating this (``xlidl validate``) validates what
    libxl sees."""
    k = node.kind
    if k == "object":
        out = {}
        for key, v in node.value:
            key = c_string(key)
            if key not in out:
                out[key] = libxl_view(v)
        return out
    if k == "array":
        return [libxl_view(v) for v in node.value]
    if k == "number":
        return libxl_number(node.value)
    if k == "string":
        return c_string(node.value)
    return {"true": True, "false": False, "null": None}[k]


def c_string(s: str) -> str:
    """A string as libxl gets it from yajl: cut at a NUL, a lone surrogate (a \\uD800
    escape without its pair) as '?'."""
    return _RAW_SURROGATE.sub("?", s.split("\0", 1)[0])


def find(root: "Node", keys: "List[Any]") -> "Optional[Node]":
    """The node at member names and indexes ``keys``, the first of repeated keys (as
    libxl__json_map_get finds it; keys compared as C strings)."""
    node: Optional[Node] = root
    for k in keys:
        if node is None:
            return None
        if node.kind == "object" and isinstance(k, str):
            node = next((v for key, v in node.value if c_string(key) == k), None)
        elif node.kind == "array" and isinstance(k, int) and 0 <= k < len(node.value):
            node = node.value[k]
        else:
            return None
    return node


# -- documents given to a command ---------------------------------------------------------

class Document:
    """A document given on the command line: its name in messages, its text, and its
    tree (None when it is not JSON: ``syntax`` says why)."""

    def __init__(self, name: str, text: str):
        self.name, self.text = name, text
        self.tree: Optional[Node] = None
        self.syntax: Optional[JsonSyntaxError] = None
        try:
            self.tree = parse(text)
        except JsonSyntaxError as e:
            self.syntax = e

    def where(self, node: "Node") -> str:
        """FILE:LINE:COL of a node of the document's tree."""
        line, col = where(self.text, node)
        return "%s:%d:%d" % (self.name, line, col)


def read_documents(paths: "List[str]") -> "List[Document]":
    """The documents of the files ``paths`` ("-": standard input, once); Failure naming
    a file that cannot be read."""
    import sys

    from ..errors import EXIT_USAGE, Failure
    docs = []
    stdin_used = False
    for p in paths:
        if p == "-":
            if stdin_used:
                raise Failure("standard input ('-') can be given once", EXIT_USAGE)
            stdin_used = True
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            try:
                with open(p, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise Failure("cannot read '%s': %s" % (p, e.strerror or e))
            name = p
        docs.append(Document(name, data.decode("utf-8", "surrogateescape")))
    return docs


def find_keys(root: "Optional[Node]", keys: "Sequence[Any]") -> "Optional[Node]":
    """The value at member names/indexes ``keys`` (the first of repeated keys)."""
    node = root
    for k in keys:
        if node is None:
            return None
        if node.kind == "object" and isinstance(k, str):
            node = node.get(k)
        elif node.kind == "array" and isinstance(k, int) and k < len(node.value):
            node = node.value[k]
        else:
            return None
    return node
