"""How diagnostics are shown: what is left out is counted, long source lines are cut to a
window around the column, an empty IDL is warned about (issue 21)."""
from __future__ import annotations

import re

from conftest import xen_idl, xlidl

from xlidl.errors import MAX_ERRORS, Diagnostics


def test_too_many_errors_says_how_many_were_left_out(tmp_path):
    idl = tmp_path / "forty.idl"
    idl.write_text('namespace("t_")\n' + "".join(
        't_a%d = Struct("a%d", [("x", integr)])\n' % (i, i) for i in range(40)))
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert r.stderr.count(": error: ") == MAX_ERRORS
    assert r.stderr.endswith("xlidl: note: too many errors: 20 shown, 20 more errors not "
                             "shown\n"), r.stderr[-300:]


def test_left_out_warnings_are_counted_too():
    d = Diagnostics(max_errors=2)
    for i in range(3):
        d.error(None, "e%d" % i)
        d.warning(None, "w%d" % i)
    try:
        d.check()
    except Exception as e:
        text = e.format()
    assert [x.message for x in d.items][:3] == ["e0", "w0", "e1"]
    assert text.endswith("too many errors: 2 shown, 1 more error and 2 more warnings not "
                         "shown")


def test_unknown_name_uses_not_reported_are_counted(tmp_path):
    """libxl_defbool misspelled at every use in master's IDL: one error per statement,
    and the uses left out are counted, with their lines."""
    text = xen_idl("master").read_text()
    define = "libxl_defbool = Builtin("
    assert define in text
    uses = text.count("libxl_defbool") - 1
    idl = tmp_path / "libxl_types.idl"
    idl.write_text(text.replace("libxl_defbool", "libxl_defbol")
                   .replace("libxl_defbol = Builtin(", define))
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    errors = r.stderr.count("error: unknown name 'libxl_defbol'; did you mean 'libxl_defbool'?")
    assert 0 < errors < uses
    notes = re.findall(r"^%s: note: and (\d+) more uses of 'libxl_defbol', not reported "
                       r"\(lines [\d, .]+\): a statement is reported at its first error$"
                       % re.escape(str(idl)), r.stderr, re.M)
    assert notes and int(notes[0]) == uses - errors, r.stderr
