"""Which source files changed: the one module that uses ``watchfiles``.

It reports changes in the folders and files it is given, grouped until the
writing stops; what a change means is the caller's business.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

# Changes are handed over once 50 ms pass without another: an editor's save
# (write, rename, touch) is one change, and a save is built within a frame.
_QUIET_MS = 50


def changes(
    paths: list[Path], *, ignore: list[Path], stop: threading.Event
) -> Iterator[set[Path]]:
    """Yield the set of changed files each time writing stops, until ``stop``.

    Folders in ``ignore`` (the output, its staging folders, caches) are never
    reported, even when they lie inside a watched folder.
    """
    skipped = tuple(str(path.resolve()) for path in ignore)
    default = DefaultFilter()

    def relevant(change: Change, path: str) -> bool:
        return not path.startswith(skipped) and default(change, path)

    existing = [str(path) for path in paths if path.exists()]
    for found in watch(
        *existing,
        watch_filter=relevant,
        step=_QUIET_MS,
        stop_event=stop,
        rust_timeout=500,
    ):
        yield {Path(path) for _, path in found}
