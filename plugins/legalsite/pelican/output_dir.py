"""The output folder from one build to the next: what was there, what is stale.

With ``LEGALSITE_INCREMENTAL``, owns the deletion Pelican's
``DELETE_OUTPUT_DIRECTORY`` would do, done at the end and only for what the
build no longer makes, and the record of the bytes each render key gave.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from legalsite.pelican.pool import cores
from legalsite.pelican.readers import shown
from legalsite.settings import read_options

logger = logging.getLogger(__name__)

# The settings key under which this run's output folder is kept.
OUTPUT_KEY = "legalsite_output"


class Rendered:
    """The digest of the bytes each render key gave, in earlier builds.

    Only the keys this build used are kept for the next one, so the record
    never outgrows the site.
    """

    def __init__(self, path: Path, *, output: str | None = None) -> None:
        self.path = path
        self._earlier: dict[str, str] = _read_json(path)
        self._used: dict[str, str] = {}
        # What each template source names and uses (``render_keys``), kept
        # beside the keys: unchanged templates are not parsed again.
        self.notes = _UsedNotes(_read_json(self._notes_path))
        # Each output file's digest with the inode, change time and size it
        # was taken with: a file still showing them holds the same bytes.
        self._stamped: dict[str, list[Any]] = _read_json(self._stamps_path)
        self._stamps: dict[str, list[Any]] = {}
        self._unsure: dict[str, str] = {}
        # The output's file system clock as the build starts: a file changed
        # since shows a change time from then on.
        self._output = output
        self._since = _clock_of(output) if output else None

    @property
    def _notes_path(self) -> Path:
        return self.path.with_name("template-notes.json")

    @property
    def earlier(self) -> bool:
        """True when an earlier build left keys: this build is a rebuild."""
        return bool(self._earlier)

    @property
    def _stamps_path(self) -> Path:
        return self.path.with_name("output-stamps.json")

    def digest_of(self, path: str) -> str | None:
        """The digest of the file at ``path``; None when there is none.

        Read from the file unless it still has the inode, change time and
        size it was stamped with (which nothing but the file system sets).
        """
        try:
            status = os.lstat(path)
        except OSError:
            return None
        stamped = self._stamped.get(path)
        if stamped is not None and stamped[:3] == _status_of(status):
            return stamped[3]
        return digest_on_disk(path)

    def stamp(self, path: str, digest: str) -> None:
        """Note that ``path`` holds ``digest``, as its build found or wrote it.

        A file unchanged since the build started is stamped now. One changed
        since (written by it) is checked again when the build is saved: a
        change in the same tick of the clock as its change time would keep
        that time (git's "racy clean" files).
        """
        try:
            status = os.lstat(path)
        except OSError:
            return
        if not stat.S_ISREG(status.st_mode):
            return
        if self._since is not None and status.st_ctime_ns < self._since:
            self._stamps[path] = [*_status_of(status), digest]
        else:
            self._unsure[path] = digest

    def _settle(self) -> None:
        """Stamp the files changed during the build, read again once the file
        system's clock has moved past their change time: any later change
        moves it."""
        now = _clock_of(self._output) if self._output and self._unsure else None
        for path, digest in self._unsure.items():
            try:
                status = os.lstat(path)
            except OSError:
                continue
            if now is None or status.st_ctime_ns >= now:
                continue
            if digest_on_disk(path) != digest:
                continue
            with contextlib.suppress(OSError):
                if _status_of(os.lstat(path)) == _status_of(status):
                    self._stamps[path] = [*_status_of(status), digest]
        self._unsure.clear()

    def get(self, key: str) -> str | None:
        return self._used.get(key) or self._earlier.get(key)

    def record(self, key: str, digest: str) -> None:
        self._used[key] = digest

    def save(self) -> None:
        if not self._used:
            return
        self._settle()
        _write_json(self.path, self._used)
        _write_json(self._notes_path, self.notes.used())
        _write_json(self._stamps_path, self._stamps)


def _clock_of(folder: str) -> int | None:
    """The change time the file system at ``folder`` gives a file made now."""
    try:
        descriptor, name = tempfile.mkstemp(prefix=".clock-", dir=folder)
    except OSError:
        return None  # no folder yet: nothing in it to stamp
    try:
        return os.fstat(descriptor).st_ctime_ns
    finally:
        os.close(descriptor)
        os.unlink(name)


def _status_of(status: os.stat_result) -> list[int]:
    return [status.st_ino, status.st_ctime_ns, status.st_size]


def digest_on_disk(path: str) -> str | None:
    """The digest of the file at ``path``, read whole; None when there is none."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


class _UsedNotes(dict):
    """Notes an earlier build kept; only those read or made now are kept again."""

    def __init__(self, earlier: dict[str, Any]) -> None:
        super().__init__(earlier)
        self._read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self._read.add(key)
        return super().__getitem__(key)

    def used(self) -> dict[str, Any]:
        return {key: self[key] for key in sorted(self._read)}


def _read_json(path: Path) -> dict[str, Any]:
    """A record an earlier build wrote; empty if missing or damaged."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError:
        return {}  # damaged: rebuilt, never trusted
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` whole: a build that stops half-way leaves the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(data, sort_keys=True), "utf-8")
    temporary.replace(path)


class OutputRun:
    """One run's output folder: how many processes write it, and what it held."""

    def __init__(self, path: str, *, jobs: int, rendered: Rendered | None) -> None:
        self.path = os.path.abspath(path)
        self.jobs = jobs
        # None unless unchanged files are left in place (the plugin then cleans).
        self.rendered = rendered
        self.found: dict[str, tuple[int, int]] | None = None
        self.static: set[str] = set()
        self.writer: Any = None


def take_over_output(pelican: Any) -> None:
    """Start a run's output: leave it in place, or let Pelican delete it.

    Pelican deletes the output folder only when ``DELETE_OUTPUT_DIRECTORY`` is
    set and the folder does not hold the content; in that case, with
    ``LEGALSITE_INCREMENTAL``, the plugin notes what the folder holds and
    cleans it at the end instead. Returns nothing: Pelican reads what
    ``get_generators`` receivers return as generators.
    """
    settings = pelican.settings
    options = read_options(settings)
    deletes = bool(settings["DELETE_OUTPUT_DIRECTORY"]) and _outside(
        pelican.output_path, pelican.path
    )
    in_place = options.incremental and deletes
    rendered = (
        Rendered(
            Path(settings["CACHE_PATH"]) / "rendered.json", output=pelican.output_path
        )
        if options.incremental
        else None
    )
    run = OutputRun(
        pelican.output_path, jobs=options.jobs or cores(), rendered=rendered
    )
    # Pelican reads this flag at every run; a dev server runs many.
    pelican.delete_outputdir = settings["DELETE_OUTPUT_DIRECTORY"] and not in_place
    if in_place:
        run.found = _inventory(run.path, settings["OUTPUT_RETENTION"])
    settings[OUTPUT_KEY] = run


def note_static_files(generator: Any) -> None:
    """Static files are output too, even when Pelican found them up to date."""
    run = generator.settings.get(OUTPUT_KEY)
    if run is not None:
        run.static = {
            os.path.abspath(os.path.join(run.path, static.save_as))
            for static in generator.staticfiles
        }


def remove_stale(run: OutputRun, written: set[str]) -> None:
    """Delete what the folder held at the start that this build did not make.

    A file is this build's when the writer wrote or kept it, when it is a
    static file, or when anything rewrote it during the build (its inode or
    change time moved). Folders left empty go too.
    """
    if run.found is None:
        return
    claimed = {os.path.abspath(path) for path in written} | run.static
    emptied: set[str] = set()
    for path, stamp in run.found.items():
        if path in claimed:
            continue
        try:
            status = os.lstat(path)
            if (status.st_ino, status.st_ctime_ns) != stamp:
                continue
            os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as error:
            logger.error(
                "%s: cannot delete a file this build no longer makes: %s",
                shown(path),
                error.strerror,
            )
            continue
        emptied.add(os.path.dirname(path))
    for deepest in sorted(emptied, key=len, reverse=True):
        folder = deepest
        while folder.startswith(run.path + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break  # not empty: something of this build is in it
            folder = os.path.dirname(folder)


def _inventory(root: str, retention: list[str]) -> dict[str, tuple[int, int]]:
    """Each file (or link) under ``root`` with its inode and change time.

    One ``lstat`` an entry: the folder listing already says which entries are
    folders and which are links.
    """
    found: dict[str, tuple[int, int]] = {}
    if not os.path.isdir(root):
        return found
    kept = set(retention)
    waiting = [root]
    while waiting:
        folder = waiting.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if folder == root and entry.name in kept:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    waiting.append(entry.path)
                    continue
                status = entry.stat(follow_symlinks=False)
                found[entry.path] = (status.st_ino, status.st_ctime_ns)
    return found


def _outside(output: str, content: str) -> bool:
    """Pelican's own test: never delete an output folder that holds the content."""
    output = os.path.realpath(output)
    return os.path.commonpath([output]) != os.path.commonpath(
        [output, os.path.realpath(content)]
    )
