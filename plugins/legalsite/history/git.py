"""What git knows about the content: each file's revisions, and its old texts.

The one module that runs ``git``: one ``rev-parse``, one ``log`` for the whole
content folder (cached by HEAD commit), one ``cat-file --batch`` for old texts.
It does not decide which dates a page shows (``dates.py``) or render anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

# Revision URLs are built from this many hex digits of the commit. Git's own
# ``%h`` grows as a repository grows, which would move every revision URL.
SHORT_LENGTH = 12
# Bumped whenever the cached shape or the ``git log`` arguments change.
_CACHE_VERSION = 3
# Commit subjects are written for the team ("Fix per JIRA-123"); this trailer
# in a commit message is the line written for readers ("Public-Summary: Say
# how long invoices are kept"), which the revision history may publish.
PUBLIC_SUMMARY = "Public-Summary"
_RECORD, _FIELD = "\x1e", "\x1f"
# Mainline history only: a merge counts as one change, dated when it landed,
# which is when readers could first see it.
_LOG_ARGS = (
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--raw",
    "--no-abbrev",
    "-M",
    "-z",
    "--encoding=UTF-8",
    "--no-color",
    f"--format={_RECORD}%H{_FIELD}%P{_FIELD}%ct{_FIELD}%s{_FIELD}"
    f"%(trailers:key={PUBLIC_SUMMARY},valueonly=true,separator=%x20)",
)
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

Kind = Literal["full", "shallow", "none"]


class GitError(RuntimeError):
    """Git failed in a checkout that looked usable; the message says how."""


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One commit that changed a file's text, as readers would date it.

    ``date`` is the committer date in UTC (when the change landed, not when it
    was first written); ``path`` is where the file lived in that commit, and
    ``blob`` the id of its text then. ``subject`` is the commit's subject,
    written for the team; ``summary`` its ``Public-Summary:`` trailer, written
    for readers, or empty.
    """

    commit: str
    short: str
    date: dt.datetime
    subject: str
    path: str
    blob: str
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class FileHistory:
    """A file's revisions, newest first, following renames back in time."""

    path: str
    revisions: tuple[Revision, ...] = ()

    @property
    def last_changed(self) -> dt.datetime | None:
        """When the text last changed, or None when git knows no revision."""
        return self.revisions[0].date if self.revisions else None


@dataclass(frozen=True, kw_only=True)
class RepositoryState:
    """Whether git can date the content: a full clone, a shallow one, or none.

    ``message`` explains a state other than ``full`` and what to do about it.
    """

    kind: Kind
    message: str = ""
    root: str = ""
    head: str = ""


class History:
    """Every content file's history from one ``git log``, plus old texts on demand.

    Old texts are read through a single ``git cat-file --batch`` process,
    started on first use; use the history as a context manager, or call
    :meth:`close`, to end it.
    """

    def __init__(
        self,
        state: RepositoryState,
        files: Mapping[str, FileHistory] | None = None,
        *,
        log_ran: bool = False,
    ) -> None:
        self.state = state
        self.files: dict[str, FileHistory] = dict(files or {})
        # True when this history came from ``git log`` rather than the cache.
        self.log_ran = log_ran
        self._cat: subprocess.Popen[bytes] | None = None
        self._texts: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def for_file(self, path: str | os.PathLike[str]) -> FileHistory:
        """The history of ``path`` (absolute, or relative to the repository root).

        A file git does not know (untracked, or no repository) has no revisions.
        """
        key = self._relative(path)
        return self.files.get(key, FileHistory(path=key))

    def blob(self, commit: str, path: str | os.PathLike[str]) -> str:
        """The text of ``path`` as it was in ``commit``, decoded as UTF-8.

        ``path`` may be the file's current path or the one it had then.
        """
        key = self._relative(path)
        name = f"{commit}:{key}"
        for revision in self.for_file(key).revisions:
            if revision.commit == commit:
                name = revision.blob
        if name not in self._texts:
            self._texts[name] = self._cat_file(name).decode("utf-8", "replace")
        return self._texts[name]

    def close(self) -> None:
        """End the ``cat-file`` process, if one was started."""
        if self._cat is not None:
            _stream(self._cat.stdin).close()
            self._cat.wait()
            _stream(self._cat.stdout).close()
            self._cat = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _relative(self, path: str | os.PathLike[str]) -> str:
        text = os.fspath(path)
        if text in self._keys:
            return self._keys[text]
        if self.state.root and os.path.isabs(text) and os.path.islink(text):
            # A linked page publishes its target's text: the target's history.
            real = os.path.realpath(text)
            key = Path(os.path.relpath(real, self.state.root)).as_posix()
        elif self.state.root and os.path.isabs(text):
            # realpath costs a system call per folder: once per folder, then.
            folder, name = os.path.split(text)
            if folder not in self._keys:
                real = os.path.realpath(folder)
                self._keys[folder] = os.path.relpath(real, self.state.root)
            key = Path(self._keys[folder], name).as_posix()
        else:
            key = Path(text).as_posix()
        self._keys[text] = key
        return key

    def _cat_file(self, name: str) -> bytes:
        if not self.state.root:
            raise GitError(f"no git repository to read {name} from")
        if self._cat is None:
            self._cat = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.state.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, **_ENV},
            )
        stdin, stdout = _stream(self._cat.stdin), _stream(self._cat.stdout)
        stdin.write(name.encode("utf-8") + b"\n")
        stdin.flush()
        header = stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3:
            raise GitError(f"git has no object {name}: {' '.join(header)}")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after each object
        return data


def read_history(
    content_dir: str | os.PathLike[str],
    *,
    cache_path: str | os.PathLike[str] | None = None,
) -> History:
    """Read the history of every file under ``content_dir`` from git.

    One ``rev-parse`` finds the repository, HEAD and whether the clone is
    shallow; one ``git log`` over the folder then gives every file's
    revisions, cached in ``cache_path`` by HEAD so an unchanged checkout runs
    no ``log`` at all. Outside a checkout, or without git, the history is
    empty and the state says why.
    """
    content = os.path.realpath(content_dir)
    state = read_state(content)
    if state.kind == "none":
        return History(state)
    folder = Path(os.path.relpath(content, state.root)).as_posix()
    key = {
        "version": _CACHE_VERSION,
        "head": state.head,
        "shallow": state.kind == "shallow",
        "folder": folder,
    }
    cached = _load_cache(cache_path, key)
    if cached is not None:
        return History(state, cached)
    output = _git(state.root, *_LOG_ARGS, "--", folder)
    files = follow_renames(parse_log(output), drop_parentless=state.kind == "shallow")
    _save_cache(cache_path, key, files)
    return History(state, files, log_ran=True)


def read_state(content_dir: str | os.PathLike[str]) -> RepositoryState:
    """Say whether ``content_dir`` is in a full clone, a shallow one, or none."""
    where = os.fspath(content_dir)
    if not os.path.isdir(where):
        return RepositoryState(kind="none", message=f"{where} is not a folder")
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"],
            cwd=where,
            capture_output=True,
            check=False,
            env={**os.environ, **_ENV},
        )
    except FileNotFoundError:
        return RepositoryState(
            kind="none",
            message="git is not installed, so pages cannot be dated from their "
            "history; install git, or set 'Updated: YYYY-MM-DD' on legal pages",
        )
    lines = result.stdout.decode("utf-8", "replace").split("\n")
    if result.returncode != 0 or len(lines) < 3:
        reason = result.stderr.decode("utf-8", "replace").strip().split("\n")[0]
        if "HEAD" in reason and lines[0]:
            reason = "the repository has no commits yet"
        return RepositoryState(
            kind="none",
            message=f"{where} is not in a usable git checkout ({reason}), so pages "
            "cannot be dated from their history; build from a git clone, or set "
            "'Updated: YYYY-MM-DD' on legal pages",
        )
    root, shallow, head = lines[0], lines[1] == "true", lines[2]
    if not shallow:
        return RepositoryState(kind="full", root=root, head=head)
    return RepositoryState(
        kind="shallow",
        root=root,
        head=head,
        message=f"{root} is a shallow clone: git only knows recent commits, so "
        "older pages would look changed on the day of the oldest one; fetch the "
        "whole history with 'git fetch --unshallow' (in CI, check out with "
        "'fetch-depth: 0')",
    )


@dataclass(frozen=True, kw_only=True)
class Change:
    """One file changed by one commit, as ``git log --raw`` reports it."""

    commit: str
    parents: int
    timestamp: int
    subject: str
    status: str
    summary: str = ""
    path: str
    old_path: str = ""
    blob: str = ""
    old_blob: str = ""


def parse_log(output: bytes) -> list[Change]:
    """Parse ``git log`` output (our ``_LOG_ARGS``) into changes, newest first."""
    changes: list[Change] = []
    for record in output.decode("utf-8", "replace").split(_RECORD):
        if not record:
            continue
        header, _, raw = record.partition("\0")
        commit, parents, timestamp, subject, public = header.split(_FIELD, 4)
        summary = " ".join(public.split())
        tokens = raw.lstrip("\n").split("\0")
        index = 0
        while index < len(tokens) and tokens[index].startswith(":"):
            _, _, old_blob, blob, status = tokens[index][1:].split(" ")
            paths = 2 if status[0] in "RC" else 1
            names = tokens[index + 1 : index + 1 + paths]
            index += 1 + paths
            changes.append(
                Change(
                    commit=commit,
                    parents=len(parents.split()),
                    timestamp=int(timestamp),
                    subject=subject,
                    summary=summary,
                    status=status[0],
                    path=names[-1],
                    old_path=names[0] if paths == 2 else "",
                    blob=blob,
                    old_blob=old_blob,
                )
            )
    return changes


def follow_renames(
    changes: Iterable[Change], *, drop_parentless: bool = False
) -> dict[str, FileHistory]:
    """Group changes by the path each file has now, following renames back.

    Walking from newest to oldest, a rename sends the older path's changes to
    the file's current path, an addition ends a file's past (an older file at
    the same path is another document), and a deletion starts one that no
    longer exists. A revision is a change of text: a rename alone is followed
    but not listed, as readers see nothing new. In a shallow clone the oldest
    commit has no parents and reports every file as added, so
    ``drop_parentless`` leaves those undated rather than wrongly dated.
    """
    current: dict[str, str | None] = {}
    revisions: dict[str, list[Revision]] = {}
    for change in changes:
        owner = current.get(change.path, change.path)
        if change.status == "D":
            current[change.path] = None
            continue
        undated = drop_parentless and change.parents == 0
        if owner is not None and change.blob != change.old_blob and not undated:
            revisions.setdefault(owner, []).append(_revision(change))
        if change.status == "A":
            current[change.path] = None
        elif change.status == "R":
            current[change.path] = None
            current[change.old_path] = owner
    return {
        path: FileHistory(path=path, revisions=tuple(found))
        for path, found in sorted(revisions.items())
    }


def _revision(change: Change) -> Revision:
    return Revision(
        commit=change.commit,
        short=change.commit[:SHORT_LENGTH],
        date=dt.datetime.fromtimestamp(change.timestamp, tz=dt.UTC),
        subject=change.subject,
        summary=change.summary,
        path=change.path,
        blob=change.blob,
    )


def _git(root: str, *args: str) -> bytes:
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        check=False,
        env={**os.environ, **_ENV},
    )
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {args[0]} failed in {root}: {reason}")
    return result.stdout


def _stream(pipe: IO[bytes] | None) -> IO[bytes]:
    if pipe is None:
        raise GitError("git cat-file has no pipe")
    return pipe


def _load_cache(
    cache_path: str | os.PathLike[str] | None, key: Mapping[str, Any]
) -> dict[str, FileHistory] | None:
    if cache_path is None:
        return None
    try:
        data = json.loads(Path(cache_path).read_text("utf-8"))
        if data.get("key") != dict(key):
            return None
        return {
            path: FileHistory(
                path=path,
                revisions=tuple(
                    Revision(
                        **{**item, "date": dt.datetime.fromisoformat(item["date"])}
                    )
                    for item in items
                ),
            )
            for path, items in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        # A missing, stale or damaged cache is only a slower build.
        return None


def _save_cache(
    cache_path: str | os.PathLike[str] | None,
    key: Mapping[str, Any],
    files: Mapping[str, FileHistory],
) -> None:
    if cache_path is None:
        return
    data = {
        "key": dict(key),
        "files": {
            path: [_revision_dict(r) for r in history.revisions]
            for path, history in files.items()
        },
    }
    target = Path(cache_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, sort_keys=True), "utf-8")
    os.replace(partial, target)


def _revision_dict(revision: Revision) -> dict[str, str]:
    return {
        "commit": revision.commit,
        "short": revision.short,
        "date": revision.date.isoformat(),
        "subject": revision.subject,
        "summary": revision.summary,
        "path": revision.path,
        "blob": revision.blob,
    }
