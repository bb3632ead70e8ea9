"""A local HTTP server in a thread: how the checks and the dev server serve a folder.

The caller makes the server (handler, address); this module runs it in a
daemon thread and stops it cleanly, so no test or command leaves one behind.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def running(server: ThreadingHTTPServer) -> Iterator[str]:
    """Serve in a daemon thread; yield ``http://host:port``; shut down on exit."""
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
