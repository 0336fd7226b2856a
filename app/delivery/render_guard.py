"""PDF rendering with a time limit: WeasyPrint runs in a child process that is killed when it overruns.

app/delivery/layout.py bounds what any accepted answer costs, but a render is still a large piece of native
code (Pango, HarfBuzz, fontconfig) fed with what people type, so the delivery worker never waits on it without
a limit. One child per process is kept between renders (starting one imports WeasyPrint and loads fonts,
about 2 s); it gets the page as HTML, made in this process, and sends back the PDF's bytes. When a render
takes longer than ``VRR_PDF_TIMEOUT_SECONDS``, or the child dies, the child is killed and ``RenderFailed`` is
raised; the next render starts a new child.

"spawn", not "fork": the worker may hold threads, database connections and sockets that a forked child must
not share.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)
START_TIMEOUT = 120.0  # seconds for a new child to import WeasyPrint and say it is ready


class RenderFailed(Exception):
    """The PDF could not be made in time, or the renderer failed. Carries no personal data."""


def _child(conn: Connection) -> None:
    """The child's loop: one HTML page in, ("ok", pdf bytes) or ("error", class name) out, until EOF."""
    from app.delivery.pdf import to_pdf

    conn.send(("ready", b""))
    while True:
        try:
            html = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", to_pdf(html)))
        except Exception as exc:  # reported by class only: the message may quote the page
            conn.send(("error", type(exc).__name__))


class RenderGuard:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # one render at a time per child
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self.stop()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_child, args=(child,), daemon=True, name="pdf-renderer")
        process.start()
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(START_TIMEOUT) or parent.recv()[0] != "ready":
            self.stop()
            raise RenderFailed("renderer did not start")
        return parent

    def render(self, html: str, timeout: float) -> bytes:
        """The PDF of ``html``, or ``RenderFailed`` when it takes longer than ``timeout`` seconds."""
        with self._lock:
            try:
                conn = self._start()
                conn.send(html)
                if not conn.poll(timeout):
                    log.warning("pdf render overran %s s: renderer stopped", timeout)
                    self.stop()
                    raise RenderFailed("timed out")
                status, value = conn.recv()
            except (OSError, EOFError) as exc:  # the child died (killed, out of memory)
                self.stop()
                raise RenderFailed(type(exc).__name__) from exc
            if status != "ok":
                raise RenderFailed(str(value))
            return bytes(value)

    def stop(self) -> None:
        """Kill the child (a hard kill: an overrunning render does not listen)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            process.kill()
            process.join(10)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.is_alive() else None


guard = RenderGuard()
