"""Publish targets: parsing ``PUBLISH_TARGET``, a local folder, and rsync.

A target is told what to upload and in which order; it never decides what
changed (``publish`` does) and knows nothing of S3 (``s3`` does).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sitetools.publish.cdn import SiteFile

_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
_RSYNC = re.compile(r"(?:[\w.+-]+@)?(?:[\w.-]+|\[[0-9a-fA-F:]+\]):(?!//)")
# Itemized changes (rsync --itemize-changes): ">f+++++++++ path" is a new
# file, ">f.st...... path" a changed one, "*deleting   path" a deletion.
_ITEM = re.compile(r"(?P<flags>\S{11}|\*deleting) +(?P<path>.+)")


class TargetSyntaxError(ValueError):
    """``PUBLISH_TARGET`` is not a target this tool understands."""


class TargetError(RuntimeError):
    """The target refused or failed an operation."""


@dataclass(frozen=True, kw_only=True)
class S3Target:
    """A bucket, optionally a prefix inside it, on any S3-compatible service."""

    bucket: str
    prefix: str = ""

    def __str__(self) -> str:
        return f"s3://{self.bucket}" + (f"/{self.prefix}" if self.prefix else "")


@dataclass(frozen=True, kw_only=True)
class LocalTarget:
    """A folder on this machine."""

    path: Path

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True, kw_only=True)
class RsyncTarget:
    """An rsync destination: ``host:path``, ``user@host:path`` or ``rsync://``."""

    destination: str

    def __str__(self) -> str:
        return self.destination


Target = S3Target | LocalTarget | RsyncTarget


@dataclass(frozen=True, kw_only=True)
class Fetched:
    """A file read back from a target; ``content_type`` is what the host says."""

    key: str
    body: bytes
    content_type: str | None


@dataclass(frozen=True, kw_only=True)
class RsyncChanges:
    """What rsync did, or would do, from its itemized output."""

    new: tuple[str, ...]
    changed: tuple[str, ...]
    deleted: tuple[str, ...]


class Store(Protocol):
    """A target that takes one file at a time, so the upload order is ours."""

    def list_hashes(self) -> dict[str, str | None]: ...

    def put(self, item: SiteFile) -> None: ...

    def delete(self, keys: Sequence[str]) -> None: ...

    def fetch(self, key: str) -> Fetched: ...


def parse_target(text: str) -> Target:
    """Read a ``PUBLISH_TARGET`` value.

    ``s3://bucket[/prefix]`` is S3; ``host:path``, ``user@host:path`` and
    ``rsync://...`` go through rsync; anything else without a scheme is a
    local folder.

    >>> parse_target("s3://www-example/site/")
    S3Target(bucket='www-example', prefix='site')
    >>> parse_target("deploy@web1:/srv/www")
    RsyncTarget(destination='deploy@web1:/srv/www')
    """
    text = text.strip()
    if not text:
        raise TargetSyntaxError("empty target")
    if text.startswith("s3://"):
        bucket, _, prefix = text[len("s3://") :].partition("/")
        if not _BUCKET.fullmatch(bucket):
            raise TargetSyntaxError(
                f"'{bucket}' is not an S3 bucket name "
                "(3-63 lowercase letters, digits, '.' and '-')"
            )
        return S3Target(bucket=bucket, prefix=prefix.strip("/"))
    if text.startswith("rsync://"):
        return RsyncTarget(destination=text)
    if _SCHEME.match(text):
        raise TargetSyntaxError(
            "unknown scheme; expected s3://bucket[/prefix], host:path, or a folder"
        )
    if _RSYNC.match(text) and "/" not in text.partition(":")[0]:
        return RsyncTarget(destination=text)
    return LocalTarget(path=Path(text))


class LocalStore:
    """A folder as a target: each file is written beside its place, then renamed in."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def list_hashes(self) -> dict[str, str | None]:
        """Hash every file already in the folder (none if it does not exist)."""
        if not self.root.exists():
            return {}
        if not self.root.is_dir():
            raise TargetError(f"{self.root}: exists and is not a folder")
        return {
            path.relative_to(self.root).as_posix(): _sha256(path)
            for path in sorted(self.root.rglob("*"))
            if path.is_file()
        }

    def put(self, item: SiteFile) -> None:
        """Write one file atomically: a reader sees the old bytes or the new ones."""
        destination = self.root / item.key
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name}."
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(item.path.read_bytes())
            os.chmod(temporary, 0o644)
            os.replace(temporary, destination)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def delete(self, keys: Sequence[str]) -> None:
        """Remove files, then any folder they leave empty."""
        for key in keys:
            path = self.root / key
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def fetch(self, key: str) -> Fetched:
        """Read a file back; a folder has no content type of its own."""
        try:
            body = (self.root / key).read_bytes()
        except OSError as error:
            raise TargetError(f"{self.root / key}: cannot read: {error}") from error
        return Fetched(key=key, body=body, content_type=None)


def rsync_command(
    source: Path,
    destination: str,
    *,
    dry_run: bool,
    shell: str | None = None,
    protect: Sequence[str] = (),
) -> list[str]:
    """Return the rsync command line that mirrors ``source`` into ``destination``.

    ``--checksum`` compares content, since Pelican rewrites every file on each
    build; ``--delay-updates`` renames every new file in at the end; and
    ``--delete-after`` deletes only once everything else is in place, except
    the files in ``protect``.
    """
    command = [
        "rsync",
        "--recursive",
        "--links",
        "--perms",
        "--chmod=D755,F644",
        "--checksum",
        "--delay-updates",
        "--delete-after",
        "--itemize-changes",
    ]
    if shell:
        command += ["--rsh", shell]
    if dry_run:
        command.append("--dry-run")
    command += [f"--filter=P /{key}" for key in protect]
    return [*command, f"{source}/", destination.rstrip("/") + "/"]


def parse_itemized(output: str) -> RsyncChanges:
    """Sort rsync's ``--itemize-changes`` lines into new, changed and deleted files."""
    new, changed, deleted = [], [], []
    for line in output.splitlines():
        match = _ITEM.fullmatch(line.rstrip())
        if not match or match["path"].endswith("/"):
            continue
        flags, path = match["flags"], match["path"]
        if flags == "*deleting":
            deleted.append(path)
        elif flags[1] == "f" and flags[0] in "<>c":
            (new if flags[2:] == "+" * 9 else changed).append(path)
    return RsyncChanges(new=tuple(new), changed=tuple(changed), deleted=tuple(deleted))


def rsync(
    source: Path,
    destination: str,
    *,
    dry_run: bool,
    shell: str | None = None,
    protect: Sequence[str] = (),
) -> RsyncChanges:
    """Run rsync (or only ask it what it would do) and report the changes."""
    command = rsync_command(
        source, destination, dry_run=dry_run, shell=shell, protect=protect
    )
    if shutil.which(command[0]) is None:
        raise TargetError(
            f"{destination}: rsync is not installed (apt-get install rsync)"
        )
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise TargetError(
            f"{destination}: rsync exited {result.returncode}: {result.stderr.strip()}"
        )
    return parse_itemized(result.stdout)


def rsync_fetch(
    destination: str, keys: Sequence[str], *, shell: str | None = None
) -> list[Fetched]:
    """Copy ``keys`` back from an rsync destination and read them."""
    with tempfile.TemporaryDirectory(prefix="publish-verify-") as scratch:
        command = ["rsync", "--recursive", "--files-from=-"]
        if shell:
            command += ["--rsh", shell]
        command += [destination.rstrip("/") + "/", scratch]
        result = subprocess.run(
            command,
            input="\n".join(keys) + "\n",
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise TargetError(
                f"{destination}: reading back failed (rsync exited "
                f"{result.returncode}): {result.stderr.strip()}"
            )
        return [
            Fetched(key=key, body=(Path(scratch) / key).read_bytes(), content_type=None)
            for key in keys
        ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
