"""Pelican's writer, writing with every job and leaving unchanged files alone.

Owns the build's ``write_file`` calls: claimed as Pelican's writer would,
queued, then written together in worker processes, each file only when its
render key or its bytes changed; messages and signals in the calls' order.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from legalsite.pelican.build import BuildFailed, build_of
from legalsite.pelican.output_dir import (
    OUTPUT_KEY,
    OutputRun,
    digest_on_disk,
    remove_stale,
)
from legalsite.pelican.pool import Outcome, WorkerDied, replay, run_tasks
from legalsite.pelican.readers import shown
from legalsite.pelican.render_keys import RenderKeys
from legalsite.pelican.report import write_report
from legalsite.settings import NOT_SHAPING_PAGES

logger = logging.getLogger(__name__)
# Fewer files to render than this are rendered by the build itself: forking
# workers costs more than they would save.
_PARALLEL_WRITES = 16
# Pelican's writer logs its writes and skips under its own name; so do we, so
# that LOG_FILTER and the log read the same.
pelican_logger = logging.getLogger("pelican.writers")


@dataclass(slots=True)
class WriteJob:
    """One ``write_file`` call, kept until the queue is written."""

    name: str
    path: str
    template: Any
    context: dict[str, Any]
    relative_urls: bool
    kwargs: dict[str, Any]

    def additions(self) -> dict[str, Any]:
        """What Pelican's writer adds to the context for this file, in its order."""
        extra: dict[str, Any] = {"localsiteurl": self.context.get("localsiteurl")}
        if self.relative_urls:
            relative = path_to_url(get_relative_path(self.name))
            extra["SITEURL"] = relative
            extra["localsiteurl"] = relative
        extra["output_file"] = self.name
        extra.update(self.kwargs)
        return extra

    def siteurl(self, extra: dict[str, Any]) -> str:
        """The base content objects resolve their links against in this file."""
        return extra["localsiteurl"] or self.context.get("localsiteurl", "")


class SiteWriter(Writer):
    """Pelican's writer; page files are written together, at the end."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None):
        super().__init__(output_path, settings=settings)
        self._pending: list[WriteJob] = []
        self._queued: set[str] = set()
        self._run: OutputRun = self.settings[OUTPUT_KEY]
        self._run.writer = self

    def write_file(  # noqa: PLR0917 - Pelican's signature
        self,
        name: Any,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: Any = None,
        template_name: Any = None,
        override_output: bool = False,
        url: Any = None,
        **kwargs: Any,
    ) -> None:
        """Claim ``name`` as Pelican's writer would, and queue its writing."""
        if not name:
            return
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            self.flush()  # pages come out in the order they were asked for
            super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
            return
        path = sanitised_join(self.output_path, name)
        if path in self._queued:
            self.flush()  # a later write replaces an earlier one: keep their order
        if not self._claim(path, override_output):
            return
        self._pending.append(
            WriteJob(name, path, template, context, relative_urls, kwargs)
        )
        self._queued.add(path)

    @property
    def written(self) -> set[str]:
        """Every path this run's writer wrote, kept or claimed."""
        return self._written_files

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's rules for writing a path twice (``Writer._open_w``)."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time '
                    "(was previously overwritten)"
                )
            pelican_logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
            pelican_logger.info('Overwriting "%s"', path)
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def flush(self) -> None:
        """Write every queued file, in parallel when the build has jobs for it."""
        jobs, self._pending = self._pending, []
        self._queued.clear()
        if not jobs:
            return
        rendered = self._run.rendered
        keys = (
            RenderKeys(self.settings, ignored=NOT_SHAPING_PAGES, notes=rendered.notes)
            if rendered is not None
            else None
        )

        checked: dict[int, tuple[str | None, str | None]] = {}

        def execute(index: int) -> tuple[str | None, str]:
            return _execute(jobs[index], keys, rendered, checked.get(index))

        kept: dict[int, tuple[str | None, str]] = {}
        if keys is not None and rendered is not None and rendered.earlier:
            # A rebuild: most files are as they were. They are found first,
            # in this process (workers forked for it each keyed their pages
            # again, and made 1,000- and 5,000-page rebuilds slower); only
            # what must be rendered is shared out after, checks and all.
            for index, job in enumerate(jobs):
                key, on_disk = checked[index] = _check(
                    job, keys, job.additions(), rendered
                )
                if key is not None and _holds(rendered, key, on_disk):
                    kept[index] = (key, on_disk)
        todo = [index for index in range(len(jobs)) if index not in kept]
        if self._run.jobs < 2 or len(todo) < _PARALLEL_WRITES:
            for index, job in enumerate(jobs):
                self._done(job, kept[index] if index in kept else execute(index))
            return
        outcomes = self._in_workers(
            len(todo),
            lambda task: execute(todo[task]),
            paths=lambda task: [jobs[todo[task]].path],
        )
        done = dict(zip(todo, outcomes, strict=True))
        for index, job in enumerate(jobs):
            if index in kept:
                self._done(job, kept[index])
                continue
            outcome = done[index]
            if outcome.redo:
                # As a one-process build: it fails (or not) here, in order.
                self._done(job, execute(index))
            else:
                replay(outcome.records)
                self._done(job, outcome.value)

    def _in_workers(
        self,
        count: int,
        work: Callable[[int], Any],
        *,
        paths: Callable[[int], list[str]],
    ) -> list[Outcome]:
        """``run_tasks`` on the build's jobs; a worker that dies stops the build.

        ``paths`` names the files of a task, for the message.
        """
        try:
            return run_tasks(count, work, jobs=self._run.jobs)
        except WorkerDied as died:
            named = [shown(path) for task in died.tasks for path in paths(task)]
            more = f" and {len(named) - 3} more" if len(named) > 3 else ""
            writing = f" while writing {', '.join(named[:3])}{more}" if named else ""
            logger.error("%s%s", died, writing)
            # Stop now, as a build with duplicate outputs does: report first.
            build = build_of(self.settings)
            report = write_report(build)
            build.close()
            raise BuildFailed(f"{died}{writing} (report: {report})") from died

    def _done(self, job: WriteJob, result: tuple[str | None, str]) -> None:
        """What follows a write in Pelican's writer, in the build's process."""
        key, digest = result
        if key is not None and self._run.rendered is not None:
            self._run.rendered.record(key, digest)
            self._run.rendered.stamp(job.path, digest)
        extra = job.additions()
        if extra["localsiteurl"]:
            job.context["localsiteurl"] = extra["localsiteurl"]
        if signals.content_written.receivers:
            signals.content_written.send(job.path, context={**job.context, **extra})


def finish_writing(settings: dict[str, Any]) -> None:
    """Write what is queued, keep the render keys, delete stale output files."""
    run = settings.get(OUTPUT_KEY)
    if run is None:
        return
    written: set[str] = set()
    if run.writer is not None:
        run.writer.flush()
        written = run.writer.written
    if run.rendered is not None:
        run.rendered.save()
    remove_stale(run, written)


def _key(job: WriteJob, keys: RenderKeys | None, extra: dict[str, Any]) -> str | None:
    if keys is None:
        return None
    return keys.key(
        job.template,
        name=job.name,
        context=job.context,
        extra=extra,
        siteurl=job.siteurl(extra),
    )


def _check(
    job: WriteJob, keys: RenderKeys | None, extra: dict[str, Any], rendered: Any
) -> tuple[str | None, str | None]:
    """The file's render key and the digest of what it holds now."""
    on_disk = (
        digest_on_disk(job.path) if rendered is None else rendered.digest_of(job.path)
    )
    return _key(job, keys, extra), on_disk


def _holds(rendered: Any, key: str, on_disk: str | None) -> bool:
    """True when the file on disk holds the bytes ``key`` gave before."""
    return on_disk is not None and rendered.get(key) == on_disk


def _execute(
    job: WriteJob,
    keys: RenderKeys | None,
    rendered: Any,
    checked: tuple[str | None, str | None] | None = None,
) -> tuple[str | None, str]:
    """Write one file unless it already holds its key's bytes: (key, digest).

    ``checked`` is what :func:`_check` found, when it already ran.
    """
    extra = job.additions()
    key, on_disk = checked or _check(job, keys, extra, rendered)
    if key is not None and _holds(rendered, key, on_disk):
        return key, on_disk
    # Pelican's writer: content objects resolve links against this file.
    if extra["localsiteurl"]:
        job.context["localsiteurl"] = extra["localsiteurl"]
    text = job.template.render({**job.context, **extra})
    data = text.replace("\n", os.linesep).encode("utf-8")  # as a text-mode write
    digest = hashlib.sha256(data).hexdigest()
    if on_disk != digest:
        _write(job.path, data, replace=on_disk is not None)
        pelican_logger.info('Writing "%s"', job.path)
    return key, digest


def _write(path: str, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path``; a file already there is replaced whole.

    A reader (a dev server) sees the old file or the new one, never half.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not replace:
        with open(path, "wb") as handle:
            handle.write(data)
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
