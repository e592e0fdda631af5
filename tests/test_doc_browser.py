"""``xlidl doc``'s HTML page in a real browser (issue 23): Debian's chromium, headless,
driven with the DevTools protocol over --remote-debugging-pipe with the standard library
alone (no npm, no driver).

The page (Xen master's IDL with the 12 releases of ../shared/xen-idl) loads with no
console error and no exception; typing in the filter box narrows the list of types; a
link to a member's anchor lands on that member (scrolled into view, and :target); and a
screenshot is written to tests/artifacts/doc-browser.png (gitignored; CI keeps the folder
as an artifact).  Slow: it starts a browser.
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import TESTS, need, xen_idl, xlidl

from test_doc import RELEASES, release_args

ARTIFACTS = TESTS / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe", "--window-size=1280,900"]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Chromium with the DevTools protocol on a pipe: it reads NUL-terminated JSON
    commands on its fd 3 and writes responses and events on its fd 4."""

    def __init__(self, exe: str, profile: Path):
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def fds():
            # (os.dup2 makes them inheritable; subprocess would close them after this
            # function with close_fds, hence close_fds=False: os.pipe's own descriptors
            # and Python's other ones are not inheritable)
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen([exe, *FLAGS, "--user-data-dir=%s" % profile,
                                      "about:blank"], close_fds=False, preexec_fn=fds,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            assert left > 0, "no answer from chromium in time"
            ready, _, _ = select.select([self.from_r], [], [], left)
            if ready:
                chunk = os.read(self.from_r, 1 << 16)
                assert chunk, "chromium closed its DevTools pipe: %s" % (
                    self.proc.stderr.read().decode(errors="replace")[-2000:]
                    if self.proc.poll() is not None else "")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                assert "error" not in m, (method, m["error"])
                return m["result"]
            self.events.append(m)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read_message(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except AssertionError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_w)
        os.close(self.from_r)


def problems(events: list[dict]) -> list[str]:
    """Console errors, exceptions and log entries of level error."""
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            out.append("exception: %s" % p["exceptionDetails"].get("text"))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert",
                                                                    "warning"):
            out.append("console.%s: %s" % (p["type"], p.get("args")))
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            out.append("log: %s" % p["entry"].get("text"))
    return out


@pytest.mark.slow
def test_html_in_chromium(tmp_path):
    exe = find_chromium()
    need(exe is not None, "chromium is not installed (apt-get install chromium)")
    page = tmp_path / "libxl-types.html"
    r = xlidl("doc", str(xen_idl("master")), *release_args(RELEASES, headers=True),
              "-o", str(page))
    assert r.returncode == 0, r.stderr
    b = Browser(exe, tmp_path / "profile")
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            b.send(domain + ".enable", session=s)
        b.send("Page.navigate", {"url": page.as_uri()}, session=s)
        b.wait_event("Page.loadEventFired")

        def assert_in_view(js, anchor: str) -> None:
            """Scrolled to, and below the sticky header (not hidden under it)."""
            top = js("document.getElementById('%s').getBoundingClientRect().top" % anchor)
            header = js("document.querySelector('header').getBoundingClientRect().bottom")
            assert header - 1 <= top < js("window.innerHeight") / 2, (top, header)

        def js(expr: str):
            res = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                              "awaitPromise": True}, session=s)
            assert "exceptionDetails" not in res, res
            return res["result"].get("value")

        # loaded, scripts ran, nothing complained
        total = js("document.querySelectorAll('section.type').length")
        assert total > 100
        assert js("document.getElementById('count').textContent") == \
            "%d of %d types" % (total, total)
        # the filter narrows the list (and keeps what matches)
        js("""(() => { const box = document.getElementById('filter');
                       box.value = 'smbios';
                       box.dispatchEvent(new Event('input')); })()""")
        shown = js("Array.from(document.querySelectorAll('section.type:not(.hidden)'))"
                   ".map(s => s.id)")
        assert 0 < len(shown) < total
        assert "libxl_domain_build_info" in shown and "libxl_smbios" in shown
        rows = js("Array.from(document.querySelectorAll("
                  "'#libxl_domain_build_info tr[data-name]:not(.hidden)')).map(r => r.id)")
        assert "libxl_domain_build_info.u.hvm.smbios" in rows
        assert all("smbios" in r for r in rows)
        assert js("document.querySelectorAll('nav li:not(.hidden)').length") == len(shown)
        b.send("Page.captureScreenshot", {"format": "png"}, session=s)  # (filtered view)
        js("""(() => { const box = document.getElementById('filter');
                       box.value = '';
                       box.dispatchEvent(new Event('input')); })()""")
        assert js("document.querySelectorAll('section.type.hidden').length") == 0
        # an anchor link lands on its member: a link in the page, then the address
        member = "libxl_domain_build_info.u.hvm.smbios"
        js("document.querySelector('a[href=\"#%s\"]').click()" % member)
        time.sleep(0.3)
        assert js("document.querySelector(':target') && "
                  "document.querySelector(':target').id") == member
        assert_in_view(js, member)
        js("window.scrollTo(0, 0)")
        b.send("Page.navigate", {"url": page.as_uri() + "#libxl_smbios"}, session=s)
        time.sleep(0.3)
        assert js("document.querySelector(':target').id") == "libxl_smbios"
        b.send("Page.navigate", {"url": page.as_uri() + "#" + member}, session=s)
        time.sleep(0.3)
        assert js("document.querySelector(':target').id") == member
        assert_in_view(js, member)
        # the member's type links to that type
        js("document.querySelector('tr[id=\"%s\"] a[href=\"#libxl_smbios\"]').click()"
           % member)
        time.sleep(0.3)
        assert js("location.hash") == "#libxl_smbios"
        js("location.hash = '#%s'" % member)
        time.sleep(0.3)
        shot = b.send("Page.captureScreenshot", {"format": "png"}, session=s)["data"]
        ARTIFACTS.mkdir(exist_ok=True)
        png = base64.b64decode(shot)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000
        (ARTIFACTS / "doc-browser.png").write_bytes(png)
        # drain what came meanwhile, then: no console error, exception or warning
        js("0")
        assert problems(b.events) == []
    finally:
        b.close()
