"""What a publish changes: new, changed, unchanged, deleted files; what to invalidate.

Pure: file lists and stored hashes in, a plan out.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from sitetools.publish.cdn import (
    SiteFile,
    is_fingerprinted,
)
from sitetools.publish.settings import PublishSettings


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What a publish changes: uploads in order, and what it deletes afterwards."""

    uploads: tuple[SiteFile, ...]
    new: frozenset[str]
    changed: frozenset[str]
    unchanged: tuple[str, ...]
    deleted: tuple[str, ...]
    # Superseded assets the live pages still use: deleted by the next publish.
    kept: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The outcome: counts, and the CloudFront invalidation if one was made."""

    target: str
    uploaded: tuple[str, ...]
    unchanged: int
    deleted: tuple[str, ...]
    dry_run: bool
    invalidation: str | None = None
    kept: tuple[str, ...] = ()

    def line(self) -> str:
        verb = "would publish to" if self.dry_run else "published to"
        kept = f", {len(self.kept)} superseded kept" if self.kept else ""
        return (
            f"{verb} {self.target}: {len(self.uploaded)} uploaded, "
            f"{self.unchanged} unchanged, {len(self.deleted)} deleted{kept}"
        )


def plan_changes(files: Sequence[SiteFile], remote: Mapping[str, str | None]) -> Plan:
    """Compare content hashes: upload what is new or different, delete what is gone.

    An object without a stored hash counts as changed, so it is rewritten once
    with one.
    """
    new = frozenset(item.key for item in files if item.key not in remote)
    changed = frozenset(
        item.key
        for item in files
        if item.key in remote and remote[item.key] != item.sha256
    )
    local = {item.key for item in files}
    return Plan(
        uploads=tuple(item for item in files if item.key in new | changed),
        new=new,
        changed=changed,
        unchanged=tuple(item.key for item in files if item.key not in new | changed),
        deleted=tuple(sorted(key for key in remote if key not in local)),
    )


def keep_superseded_assets(plan: Plan, live_page: bytes | None) -> Plan:
    """Keep, for one more publish, the old assets the live pages still use.

    Browsers and caches hold pages from the last publish for a while (HTML
    revalidates, it is not refetched at once); their stylesheet and script must
    still load. The old fingerprinted files that the live home page names are
    kept; the next publish, whose home page no longer names them, deletes them.
    """
    if not live_page:
        return plan
    text = live_page.decode("utf-8", "replace")
    kept = tuple(
        key
        for key in plan.deleted
        if is_fingerprinted(key)
        and _without_sibling_suffix(key).rsplit("/", 1)[-1] in text
    )
    return dataclasses.replace(
        plan, deleted=tuple(k for k in plan.deleted if k not in kept), kept=kept
    )


def _without_sibling_suffix(key: str) -> str:
    return key.removesuffix(".br").removesuffix(".gz")


def invalidation_paths(
    keys: Sequence[str], *, fingerprinted: frozenset[str], max_paths: int
) -> list[str]:
    """CloudFront paths for changed files; one ``/*`` when there are too many.

    Fingerprinted assets and compressed siblings are never invalidated: a new
    asset has a new name, and a sibling is cached under its file's path.
    A page is invalidated as ``/legal/`` and ``/legal/index.html``.

    >>> invalidation_paths(["legal/index.html"], fingerprinted=frozenset(), max_paths=5)
    ['/legal/', '/legal/index.html']
    """
    paths = set()
    for key in keys:
        if key.endswith((".br", ".gz")) or key in fingerprinted:
            continue
        paths.add("/" + quote(key))
        if key == "index.html" or key.endswith("/index.html"):
            paths.add("/" + quote(key[: -len("index.html")]))
    if len(paths) > max_paths:
        return ["/*"]
    return sorted(paths)


def summarise(name: str, plan: Plan, options: PublishSettings) -> Summary:
    return Summary(
        target=name,
        uploaded=tuple(item.key for item in plan.uploads),
        unchanged=len(plan.unchanged),
        deleted=plan.deleted,
        dry_run=options.dry_run,
        kept=plan.kept,
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normal_path(value: str) -> str:
    return value.replace(" ", "").lower()
