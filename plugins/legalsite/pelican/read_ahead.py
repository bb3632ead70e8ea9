"""Sources read by worker processes while Pelican reads them, in its order.

Workers read, from the end of the list, every page source Pelican's caches
lack; Pelican asks from the start and gets a worker's result (its messages
replayed then) or reads the file itself. Pelican's reading is otherwise as is.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican.utils import file_suffix

from legalsite.pelican.build import BuildFailed, build_of
from legalsite.pelican.pool import Stream, cores, replay
from legalsite.pelican.readers import (
    READ_AHEAD_KEY,
    LegalHTMLReader,
    LegalMarkdownReader,
    shown,
)
from legalsite.pelican.report import write_report

logger = logging.getLogger(__name__)

# Read once before the workers are forked, so that what the readers load on
# first use (ftfy, lxml, phone and hours tables, compiled patterns) is loaded
# once and shared, not once per worker: a page with mojibake, a phone number
# and hours, as a fifth to a third of real pages have.
_WARM_UP = (
    "Title: Contact\n\n"
    "We donâ€™t share your data. Call 1 (877) 270-4998, Monday through "
    "Friday, 9 AM - 6 PM PST.\n"
)


class ReadAhead:
    """The workers reading this run's sources, until Pelican has asked for each."""

    def __init__(self, todo: list[tuple[str, Any]], *, jobs: int) -> None:
        self._todo = todo
        self._index = {path: index for index, (path, _) in enumerate(todo)}
        self._stream = Stream(
            len(todo), lambda index: todo[index][1].read(todo[index][0]), jobs=jobs
        )
        self._told = False

    @property
    def failure(self) -> str | None:
        """How a worker died, and what it was reading; None while all is well."""
        died = self._stream.died
        if died is None:
            return None
        paths = [shown(self._todo[index][0]) for index in died.tasks]
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        reading = f" while reading {', '.join(paths[:3])}{more}" if paths else ""
        return f"{died}{reading}"

    def take(self, path: str) -> tuple[str, dict[str, Any]] | None:
        """The reader's result for ``path``, its messages logged now; once.

        None when the file is to be read here: no worker read it, its reading
        failed (it fails again here, the same way), or its result could not
        travel between processes.
        """
        index = self._index.pop(path, None)
        if index is None:
            return None
        outcome = self._stream.take(index)
        if self.failure is not None and not self._told:
            self._told = True
            logger.error("%s; the build cannot be trusted", self.failure)
        if not self._index:
            self._stream.close()
        if outcome is None or outcome.redo:
            return None
        replay(outcome.records)
        return outcome.value

    def close(self) -> None:
        self._stream.close()


def jobs_of(settings: dict[str, Any]) -> int:
    """How many processes this build runs: ``LEGALSITE_JOBS``, or one per core."""
    return build_of(settings).options.jobs or cores()


def read_ahead(generator: Any) -> None:
    """Start workers on every page source Pelican is about to read itself.

    The files are those ``generate_context`` will hand to a reader, in its
    order: neither cache holds them. With one job, or fewer than two such
    files, Pelican reads as it always does.
    """
    settings = generator.settings
    earlier = settings.pop(READ_AHEAD_KEY, None)
    if earlier is not None:  # a run that stopped half-way
        earlier.close()
    stamp_once(generator.readers, generator)
    jobs = jobs_of(settings)
    todo = _sources_to_read(generator) if jobs > 1 else []
    if len(todo) >= 2:
        for reader in {id(reader): reader for _, reader in todo}.values():
            reader.render_source(_WARM_UP, os.path.join(generator.path, "warm-up.md"))
        settings[READ_AHEAD_KEY] = ReadAhead(todo, jobs=jobs)


def finish_read_ahead(generator: Any) -> None:
    """Stop the workers once Pelican has read every source; stop the build if one died.

    A worker that died leaves no page unread (Pelican read the rest), but the
    build stops here, before anything is written, with the report written.
    """
    ahead = generator.settings.pop(READ_AHEAD_KEY, None)
    if ahead is None:
        return
    ahead.close()
    if ahead.failure is not None:
        build = build_of(generator.settings)
        path = write_report(build)
        build.close()
        raise BuildFailed(f"{ahead.failure} (report: {path}); nothing was written")


def stamp_once(readers: Any, generator: Any = None) -> None:
    """Let Pelican's caches stamp each source once in this run.

    The reader cache's stamp (``CHECK_MODIFIED_METHOD``: the file read and
    hashed) is made when a source is looked up, again when a source read
    afresh is cached, and here once more when the sources to read ahead are
    listed; the page generator's own cache stamps every source twice more,
    looked up and stored, even when it caches nothing (its caching layer is
    the reader's): up to five reads of every file. Both share one stamp per
    source path. A file changed during the run keeps its first stamp, so the
    next run reads it again.
    """
    if not getattr(readers._get_file_stamp, "once", False):
        stamps: dict[str, Any] = {}
        first = readers._get_file_stamp

        def once(filename: str) -> Any:
            filename = os.path.abspath(filename)
            if filename not in stamps:
                stamps[filename] = first(filename)
            return stamps[filename]

        once.once = True  # type: ignore[attr-defined]
        readers._get_file_stamp = once
    stamp = readers._get_file_stamp
    if generator is not None and not getattr(generator._get_file_stamp, "once", False):
        # The generator's stamp is its path's: the same file, the same method.
        base = generator.path

        def generators(filename: str) -> Any:
            return stamp(os.path.join(base, filename))

        generators.once = True  # type: ignore[attr-defined]
        generator._get_file_stamp = generators


def _sources_to_read(generator: Any) -> list[tuple[str, Any]]:
    """(path, reader) of each page source no cache holds, in Pelican's order."""
    readers = generator.readers
    settings = generator.settings
    todo = []
    names = generator.get_files(
        settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]
    )
    # Pages are cached at the reader unless the generator is told to cache them.
    whole_pages = settings["CONTENT_CACHING_LAYER"] == "generator"
    for name in names:  # the set Pelican iterates, built the same way: same order
        if whole_pages and generator.get_cached_data(name, None) is not None:
            continue
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(file_suffix(path))
        if not isinstance(reader, LegalMarkdownReader | LegalHTMLReader):
            continue
        if readers.get_cached_data(path, (None, None))[0] is not None:
            continue
        todo.append((path, reader))
    return todo
