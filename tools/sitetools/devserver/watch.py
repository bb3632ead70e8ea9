"""Which source files changed: the one module that uses ``watchfiles``.

A watcher runs in a thread of its own from the moment it is started, so a
file saved while a build runs (or before the first one ends) is never missed;
the changes gathered meanwhile are handed over together. What a change means
is the caller's business.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

# Changes are handed over once 50 ms pass without another: an editor's save
# (write, rename, touch) is one change, and a save is built within a frame.
_QUIET_MS = 50


class Watcher:
    """Watches ``paths`` (never anything under ``ignore``) until :meth:`stop`."""

    def __init__(self, paths: list[Path], *, ignore: list[Path]) -> None:
        self._found: queue.Queue[set[Path]] = queue.Queue()
        self._stop = threading.Event()
        skipped = tuple(str(path.resolve()) for path in ignore)
        default = DefaultFilter()

        def relevant(change: Change, path: str) -> bool:
            return not path.startswith(skipped) and default(change, path)

        existing = [str(path) for path in paths if path.exists()]
        self._thread = threading.Thread(
            target=self._run, args=(existing, relevant), daemon=True
        )
        self._thread.start()

    def _run(self, paths: list[str], relevant: object) -> None:
        for found in watch(
            *paths,
            watch_filter=relevant,  # type: ignore[arg-type]
            step=_QUIET_MS,
            stop_event=self._stop,
            rust_timeout=500,
            raise_interrupt=False,
        ):
            self._found.put({Path(path) for _, path in found})

    def changes(self, timeout: float | None = None) -> set[Path]:
        """The files changed since the last call; waits for one if none yet.

        Returns an empty set after ``timeout`` seconds without a change.
        """
        try:
            changed = set(self._found.get(timeout=timeout))
        except queue.Empty:
            return set()
        while not self._found.empty():
            changed |= self._found.get_nowait()
        return changed

    def stop(self) -> None:
        """Stop watching."""
        self._stop.set()
        self._thread.join(timeout=5)
