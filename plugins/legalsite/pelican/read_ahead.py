"""Sources read in parallel before Pelican reads them, one at a time, in order.

Owns the pass that reads every source Pelican's cache does not hold with the
plugin's readers, in worker processes, and hands each result (with its log
records, replayed then) to Pelican when it asks for that file. Pelican's own
reading, caching and content objects are unchanged; so is a one-job build.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican.utils import file_suffix

from legalsite.pelican.build import BuildFailed, build_of
from legalsite.pelican.pool import Outcome, WorkerDied, cores, replay, run_tasks
from legalsite.pelican.readers import (
    READ_AHEAD_KEY,
    LegalHTMLReader,
    LegalMarkdownReader,
    shown,
)

logger = logging.getLogger(__name__)


class ReadAhead:
    """What the workers read, waiting until Pelican asks for each file."""

    def __init__(self, outcomes: dict[str, Outcome]) -> None:
        self._outcomes = outcomes

    def take(self, path: str) -> tuple[str, dict[str, Any]] | None:
        """The reader's result for ``path``, its messages logged now; once.

        None when the file was not read ahead or its reading must be done
        again here (it failed, or its result could not travel): the reader
        then reads it as in a build of one process, failing the same way.
        """
        outcome = self._outcomes.pop(path, None)
        if outcome is None or outcome.redo:
            return None
        replay(outcome.records)
        return outcome.value


def jobs_of(settings: dict[str, Any]) -> int:
    """How many processes this build runs: ``LEGALSITE_JOBS``, or one per core."""
    return build_of(settings).options.jobs or cores()


def read_ahead(generator: Any) -> None:
    """Read, in parallel, every page source Pelican is about to read itself.

    The files are those ``generate_context`` will hand to a reader: neither
    cache holds them. With one job, or fewer than two such files, Pelican
    reads as it always does.
    """
    settings = generator.settings
    settings.pop(READ_AHEAD_KEY, None)  # nothing from an earlier run survives
    jobs = jobs_of(settings)
    todo = _sources_to_read(generator) if jobs > 1 else []
    if len(todo) < 2:
        return
    try:
        outcomes = run_tasks(
            len(todo), lambda index: todo[index][1].read(todo[index][0]), jobs=jobs
        )
    except WorkerDied as died:
        paths = [shown(todo[i][0]) for i in died.tasks]
        where = f" while reading {', '.join(paths)}" if paths else ""
        logger.error("%s%s; nothing was written", died, where)
        raise BuildFailed(f"{died}{where}") from died
    settings[READ_AHEAD_KEY] = ReadAhead(
        {path: outcome for (path, _), outcome in zip(todo, outcomes, strict=True)}
    )


def _sources_to_read(generator: Any) -> list[tuple[str, Any]]:
    """(absolute path, reader) of each page source no cache holds, in order."""
    readers = generator.readers
    settings = generator.settings
    todo = []
    names = generator.get_files(
        settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]
    )
    for name in sorted(names):
        if generator.get_cached_data(name, None) is not None:
            continue
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(file_suffix(path))
        if not isinstance(reader, LegalMarkdownReader | LegalHTMLReader):
            continue
        if readers.get_cached_data(path, (None, None))[0] is not None:
            continue
        todo.append((path, reader))
    return todo
