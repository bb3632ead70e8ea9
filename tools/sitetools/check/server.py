"""A local web server for the checks: the built folder on 127.0.0.1, with the CSP.

Links and the browser see the site as a visitor does (``/dir/`` is
``dir/index.html``, every response carries the site's Content Security
Policy), not as ``file://`` paths. It serves; it checks nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sitetools.policy import CONTENT_SECURITY_POLICY
from sitetools.serving import running


class _Handler(SimpleHTTPRequestHandler):
    """Static files, with the site's security headers and a quiet log."""

    policy = CONTENT_SECURITY_POLICY

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are the checks' business, not the terminal's."""


@contextmanager
def serve(root: Path, *, policy: str = CONTENT_SECURITY_POLICY) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yield its base URL.

    The server runs in a daemon thread and is shut down on exit.
    """
    handler = functools.partial(
        type("Handler", (_Handler,), {"policy": policy}), directory=str(root)
    )
    with running(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as base:
        yield base
