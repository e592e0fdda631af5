"""Rendering in two processes (gen/render.py: a forked child renders the headers and the
first part of the implementation while the parent renders its JSON functions) must give
the same bytes as rendering in one, and fall back to one process whenever the child
cannot help."""
from __future__ import annotations

import os
import threading

import pytest

from conftest import ROOT, TESTS, need, xen_idl, xlidl

from xlidl import api, render

CASES = [ROOT / "examples" / "vmconfig.idl", TESTS / "idl" / "keyed_union.idl",
         TESTS / "idl" / "deprecated.idl"]
NAMES = ("inc/_t.h", "_t_private.h", "_t_json.h", "_t.c")


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "memfd_create")


def outputs(idl, jobs: str, monkeypatch) -> dict:
    monkeypatch.setenv("XLIDL_JOBS", jobs)
    return render.gentypes_outputs(idl, "xlidl gentypes t.idl", *NAMES)


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("jsonc", [False, True], ids=["yajl", "jsonc"])
def test_two_processes_render_the_same_bytes(path, jsonc, monkeypatch):
    need(can_fork(), "os.fork() and os.memfd_create() (Linux)")
    idl = api.load(str(path), jsonc=jsonc)
    calls = []
    real = render._render_in_child
    monkeypatch.setattr(render, "_render_in_child",
                        lambda jobs: calls.append(jobs) or real(jobs))
    serial = outputs(idl, "1", monkeypatch)
    assert calls == []
    assert outputs(idl, "2", monkeypatch) == serial
    assert len(calls) == 1  # it really went through a child
    assert sorted(serial) == sorted(NAMES)
    assert no_children_left()


def test_two_processes_render_xen_master_the_same_bytes(monkeypatch):
    need(can_fork(), "os.fork() and os.memfd_create() (Linux)")
    idl = api.load(str(xen_idl("master")))
    assert outputs(idl, "2", monkeypatch) == outputs(idl, "1", monkeypatch)


def test_a_failing_child_is_replaced_by_the_parent(monkeypatch):
    """Whatever goes wrong in the child (here: an exception in it), the parent renders
    its part itself, so the output and any error are those of a serial run."""
    need(can_fork(), "os.fork() and os.memfd_create() (Linux)")
    idl = api.load(str(CASES[0]))
    serial = outputs(idl, "1", monkeypatch)
    parent = os.getpid()
    real = render.render

    def fails_in_child(template, **context):
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return real(template, **context)

    monkeypatch.setattr(render, "render", fails_in_child)
    assert outputs(idl, "2", monkeypatch) == serial
    assert no_children_left()


def test_an_error_in_the_parent_stops_the_child(monkeypatch):
    need(can_fork(), "os.fork() and os.memfd_create() (Linux)")
    idl = api.load(str(CASES[0]))
    parent = os.getpid()
    real = render.render

    def fails_in_parent(template, **context):
        if os.getpid() == parent and context.get("part") == 2:
            raise RuntimeError("parent failure")
        return real(template, **context)

    monkeypatch.setattr(render, "render", fails_in_parent)
    with pytest.raises(RuntimeError, match="parent failure"):
        outputs(idl, "2", monkeypatch)
    assert no_children_left()


def test_without_fork_it_renders_in_one_process(monkeypatch):
    idl = api.load(str(CASES[0]))
    serial = outputs(idl, "1", monkeypatch)
    monkeypatch.delattr(os, "memfd_create", raising=False)
    assert render._render_in_child([("types.h.j2", {})]) is None
    assert outputs(idl, "2", monkeypatch) == serial


def test_when_to_use_two_processes(monkeypatch):
    small = api.load(str(CASES[0]))
    monkeypatch.setenv("XLIDL_JOBS", "1")
    assert not render._parallel(small)
    monkeypatch.setenv("XLIDL_JOBS", "2")
    assert render._parallel(small)
    monkeypatch.delenv("XLIDL_JOBS")
    assert len(small.types) < render.PARALLEL_MIN_TYPES
    assert not render._parallel(small)  # not worth a process
    monkeypatch.setattr(render, "PARALLEL_MIN_TYPES", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert render._parallel(small)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not render._parallel(small)  # one CPU
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    # fork() copies only the calling thread: never while another one runs
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not render._parallel(small)
    finally:
        stop.set()
        t.join()
    assert render._parallel(small)


def test_command_line_in_two_processes(tmp_path):
    """`xlidl gentypes` (which ends the process without freeing its objects, after
    flushing its output) writes the same files and messages either way."""
    need(can_fork(), "os.fork() and os.memfd_create() (Linux)")
    idl = tmp_path / "t.idl"
    idl.write_text((ROOT / "examples" / "vmconfig.idl").read_text()
                   + '\nx = Struct("x", [("a", integer)])\nx = x\n')
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        out.mkdir()
        r = xlidl("gentypes", str(idl), "a.h", "b.h", "c.h", "d.c", cwd=out,
                  env={"XLIDL_JOBS": jobs})
        assert r.returncode == 0, r.stderr
        assert "moves 'x' to the end of the type order" in r.stderr
        runs.append((r.stderr, {p.name: p.read_bytes() for p in out.iterdir()}))
    assert runs[0] == runs[1]
    assert sorted(runs[0][1]) == ["a.h", "b.h", "c.h", "d.c"]
