"""The dev server: ``output/`` on 127.0.0.1, with live reload and the build's problems.

Files are served as a visitor gets them (``/dir/`` is ``dir/index.html``, a
missing page is the site's ``404.html``), with the site's Content Security
Policy and no caching. With ``live`` on, every HTML response gets the reload
script and stylesheet in its ``<head>``, and while the last build has failed,
the list of its problems at the top of its ``<body>``; ``/__devserver/events``
tells open pages when a build ends (Server-Sent Events). Files on disk are
never changed.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitetools.console import counted
from sitetools.devserver.builder import Built
from sitetools.policy import CONTENT_SECURITY_POLICY
from sitetools.serving import running

PREFIX = "/__devserver/"
# What each dev page loads, before </head>: all of it from this server, so
# the site's CSP ("self" only, no inline script or style) holds unchanged.
_HEAD = (
    '<link rel="stylesheet" href="/__devserver/overlay.css">'
    '<script src="/__devserver/reload.js" data-build="{number}" defer></script>'
)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_ASSETS = {"reload.js": "text/javascript", "overlay.css": "text/css"}
# A comment every so often keeps idle event streams open through proxies.
_KEEP_ALIVE_SECONDS = 15.0


class LiveState:
    """The last build, and a way to wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.last: Built | None = None
        self.closed = False

    def publish(self, built: Built) -> None:
        """Make ``built`` the last build and wake every waiting event stream."""
        with self._changed:
            self.last = built
            self._changed.notify_all()

    def wait(self, *, after: int, timeout: float) -> Built | None:
        """The last build once its number is not ``after``; None on timeout."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or (self.last and self.last.number != after),
                timeout=timeout,
            )
            if self.last is not None and self.last.number != after:
                return self.last
            return None

    def close(self) -> None:
        """End every event stream."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def overlay(built: Built) -> str:
    """The failed build's problems, as the box every page shows until a good build."""
    items = "".join(
        f'<li class="{p.severity}"><span>{p.severity}</span> '
        f"<code>{html.escape(p.located)}</code></li>"
        for p in built.problems
    )
    counts = (
        f"{counted(built.outcome.errors, 'error')}, "
        f"{counted(built.outcome.warnings, 'warning')}"
    )
    why = f" ({html.escape(built.outcome.note)})" if built.outcome.note else ""
    return (
        '<aside class="devserver-problems" role="alert" '
        'aria-labelledby="devserver-problems-title">'
        f'<h2 id="devserver-problems-title">Build {built.number} failed: '
        f"{counts}{why}</h2>"
        "<p>You are reading the last good build. Fix these and save; "
        "the page reloads by itself.</p>"
        f"<ul>{items}</ul></aside>"
    )


def inject(page: bytes, built: Built | None) -> bytes:
    """``page`` with the reload script, and the overlay after a failed build."""
    number = built.number if built is not None else 0
    head = _HEAD.format(number=number).encode("utf-8")
    found = _HEAD_END.search(page)
    at = found.start() if found else 0
    page = page[:at] + head + page[at:]
    if built is not None and not built.ok:
        box = overlay(built).encode("utf-8")
        body = _BODY_START.search(page)
        at = body.end() if body else len(page)
        page = page[:at] + box + page[at:]
    return page


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; the class attributes are set per server."""

    state: LiveState
    files: threading.Lock
    live: bool

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not the author's business; problems are."""

    def _answer(self, *, with_body: bool) -> None:
        path = urlsplit(self.path).path
        if self.live and path.startswith(PREFIX):
            name = path.removeprefix(PREFIX)
            if name == "events" and with_body:
                self._events()
                return
            if name in _ASSETS:
                body = resources.files(__package__).joinpath(name).read_bytes()
                self._send(200, _ASSETS[name], body, with_body)
                return
        local = self.translate_path(self.path)
        if os.path.isdir(local) and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", f"{path}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, local, body = self._read(local)
        kind = self.guess_type(local) if status == 200 else "text/html"
        if self.live and kind == "text/html":
            body = inject(body, self.state.last)
            kind = "text/html; charset=utf-8"
        self._send(status, kind, body, with_body)

    def _read(self, local: str) -> tuple[int, str, bytes]:
        """Status, file and bytes, read whole while no build swaps the folder."""
        if os.path.isdir(local):
            local = os.path.join(local, "index.html")
        with self.files:
            try:
                return 200, local, Path(local).read_bytes()
            except OSError:
                missing = Path(self.directory, "404.html")
                try:
                    return 404, str(missing), missing.read_bytes()
                except OSError:
                    page = "<!doctype html><title>Not found</title><h1>Not found</h1>"
                    return 404, "404.html", page.encode("utf-8")

    def _send(self, status: int, kind: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _events(self) -> None:
        """Tell this page about every build that ends, as they end."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = -1
        try:
            self.wfile.write(b"retry: 300\n\n")
            self.wfile.flush()
            while not self.state.closed:
                built = self.state.wait(after=seen, timeout=_KEEP_ALIVE_SECONDS)
                if built is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = built.number
                    data = json.dumps({"number": built.number, "ok": built.ok})
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


@contextmanager
def serve(
    root: Path,
    *,
    state: LiveState,
    files: threading.Lock,
    host: str = "127.0.0.1",
    port: int = 0,
    live: bool = True,
) -> Iterator[str]:
    """Serve ``root`` on ``host:port`` in a thread; yield its base URL."""
    handler = type(
        "Handler", (_Handler,), {"state": state, "files": files, "live": live}
    )
    server = ThreadingHTTPServer(
        (host, port),
        lambda *args: handler(*args, directory=str(root)),
    )
    with running(server) as base:
        try:
            yield f"{base}/"
        finally:
            state.close()  # before the server stops: open streams end first
