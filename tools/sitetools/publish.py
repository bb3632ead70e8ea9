"""``make publish``: build, make CDN-ready, check, upload what changed, verify.

Every step before the upload works in a staging folder, so a failure leaves
``output/`` and the target as they were. The steps live elsewhere (``build``,
``cdn``, ``targets``, ``s3``); this module orders them and reads the settings.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import json
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sitetools import s3, targets
from sitetools.build import BuildError, build, recover, swap_in
from sitetools.cdn import (
    HEADERS_FILE,
    CachePolicy,
    CdnError,
    SiteFile,
    content_type,
    describe,
    is_fingerprinted,
    is_page,
    prepare,
)
from sitetools.check_text import find_mojibake
from sitetools.targets import (
    Fetched,
    LocalStore,
    LocalTarget,
    RsyncTarget,
    S3Target,
    Store,
    Target,
    TargetError,
    TargetSyntaxError,
    parse_target,
)

DEFAULT_FOLDER = Path("publish")
# The page read to learn which assets the live site uses.
_LIVE_PAGE = "index.html"
_JSON_LD = re.compile(
    r"""<script[^>]*type=["']application/ld\+json["'][^>]*>(.*?)</script>""",
    re.DOTALL | re.IGNORECASE,
)
_DISTRIBUTION = re.compile(r"[A-Z0-9]{1,128}")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_PROGRESS_EVERY = 25


class SettingsError(ValueError):
    """A publish setting has a value this tool cannot use."""


class PublishError(RuntimeError):
    """Publishing stopped; the message says what was, and was not, changed."""


@dataclass(frozen=True, kw_only=True)
class PublishSettings:
    """Publish settings, read once from the environment by :func:`read_settings`.

    ``target`` None means the project's ``publish/`` folder. ``check_command``
    None means ``python -m sitetools.check`` when that module exists.
    """

    target: Target | None = None
    max_deletes: int = 20
    confirm_deletes: bool = False
    dry_run: bool = False
    distribution_id: str | None = None
    invalidation_max_paths: int = 15
    cache: CachePolicy = field(default_factory=CachePolicy)
    verify_pages: int = 5
    check_command: tuple[str, ...] | None = None
    rsync_shell: str | None = None


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


def read_settings(environ: Mapping[str, str]) -> PublishSettings:
    """Read and check every publish setting; a bad value names the variable.

    >>> read_settings({"PUBLISH_MAX_DELETES": "-1"})
    Traceback (most recent call last):
    ...
    sitetools.publish.SettingsError: PUBLISH_MAX_DELETES='-1': expected a number >= 0
    """
    raw_target = environ.get("PUBLISH_TARGET", "").strip()
    try:
        target = parse_target(raw_target) if raw_target else None
    except TargetSyntaxError as error:
        raise SettingsError(f"PUBLISH_TARGET={raw_target!r}: {error}") from error
    distribution = environ.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip() or None
    if distribution and not _DISTRIBUTION.fullmatch(distribution):
        raise SettingsError(
            f"CLOUDFRONT_DISTRIBUTION_ID={distribution!r}: "
            "expected an id of capital letters and digits, such as E2QWRUHAPOMQZL"
        )
    check = environ.get("PUBLISH_CHECK_COMMAND", "").strip()
    try:
        check_command = tuple(shlex.split(check)) if check else None
    except ValueError as error:
        raise SettingsError(f"PUBLISH_CHECK_COMMAND={check!r}: {error}") from error
    defaults = CachePolicy()
    return PublishSettings(
        target=target,
        max_deletes=_number(environ, "PUBLISH_MAX_DELETES", 20, minimum=0),
        confirm_deletes=_flag(environ, "PUBLISH_CONFIRM_DELETES"),
        dry_run=_flag(environ, "DRY_RUN"),
        distribution_id=distribution,
        invalidation_max_paths=_number(
            environ, "PUBLISH_INVALIDATION_MAX_PATHS", 15, minimum=1
        ),
        cache=CachePolicy(
            immutable=_header(
                environ, "PUBLISH_ASSET_CACHE_CONTROL", defaults.immutable
            ),
            revalidate=_header(environ, "PUBLISH_CACHE_CONTROL", defaults.revalidate),
        ),
        verify_pages=_number(environ, "PUBLISH_VERIFY_PAGES", 5, minimum=0),
        check_command=check_command,
        rsync_shell=environ.get("PUBLISH_RSYNC_SHELL", "").strip() or None,
    )


def checks_command(
    configured: tuple[str, ...] | None,
    *,
    site_url: str,
    importable: bool | None = None,
) -> tuple[str, ...] | None:
    """The site checks to run: the configured command, else ``sitetools.check``.

    The folder to check is appended. ``--site-url`` lets the checks follow the
    production build's absolute links into the folder.
    """
    if configured:
        return configured
    if importable is None:
        importable = importlib.util.find_spec("sitetools.check") is not None
    if not importable:
        return None
    command = (sys.executable, "-m", "sitetools.check")
    return (*command, "--site-url", site_url) if site_url else command


def run_checks(folder: Path, command: Sequence[str] | None) -> None:
    """Run the site checks on ``folder``; a non-zero exit stops the publish."""
    if command is None:
        print("publish: note: no site checks (sitetools.check is not installed)")
        return
    result = subprocess.run([*command, str(folder)], check=False)
    if result.returncode != 0:
        raise PublishError(
            f"the site checks failed ({shlex.join(command)} exited "
            f"{result.returncode}); nothing was published"
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


def publish(
    *,
    settings_file: Path,
    output: Path,
    content: Path,
    options: PublishSettings,
    site_url: str,
    extra_args: tuple[str, ...] = (),
) -> Summary:
    """Build into staging, prepare, check, publish, verify; then swap in ``output``.

    ``output`` is replaced only after the target has everything, so it always
    holds what was last published.
    """
    target = options.target or LocalTarget(path=DEFAULT_FOLDER)
    if isinstance(target, LocalTarget):
        _refuse_dangerous_folder(target.path, keep=(settings_file, content, output))
    recover(output)
    staging = output.with_name(f".{output.name}.publish-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        try:
            build(
                settings=settings_file,
                output=staging,
                content=content,
                extra_args=extra_args,
            )
        except BuildError as error:
            raise PublishError(
                "the build failed (its messages are above); nothing was published "
                f"and {output}/ was left as it was"
            ) from error
        try:
            prepared = prepare(staging, site_url=site_url, policy=options.cache)
        except CdnError as error:
            raise PublishError(f"{error}; nothing was published") from error
        run_checks(staging, checks_command(options.check_command, site_url=site_url))
        exclude = (
            frozenset({HEADERS_FILE}) if isinstance(target, S3Target) else frozenset()
        )
        files = describe(
            staging,
            fingerprinted=prepared.fingerprinted,
            policy=options.cache,
            exclude=exclude,
        )
        if isinstance(target, RsyncTarget):
            summary = _publish_rsync(
                staging, target, files, options, prepared.fingerprinted
            )
        else:
            summary = _publish_store(
                _store_for(target), str(target), files, options, prepared.fingerprinted
            )
        if not options.dry_run:
            swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if options.target is None and not options.dry_run:
        print(
            f"publish: published to the local folder {DEFAULT_FOLDER}/; to publish to "
            "a CDN origin, set PUBLISH_TARGET=s3://bucket[/prefix] or host:path"
        )
    return summary


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sitetools.publish -s publishconf.py -o output``."""
    parser = argparse.ArgumentParser(prog="python -m sitetools.publish")
    parser.add_argument("-s", "--settings", type=Path, default=Path("publishconf.py"))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("-c", "--content", type=Path, default=Path("content"))
    args, extra = parser.parse_known_args(argv)
    try:
        options = read_settings(os.environ)
    except SettingsError as error:
        print(f"publish: error: {error}", file=sys.stderr)
        return 2
    site_url = str(runpy.run_path(str(args.settings)).get("SITEURL", ""))
    try:
        summary = publish(
            settings_file=args.settings,
            output=args.output,
            content=args.content,
            options=options,
            site_url=site_url,
            extra_args=tuple(extra),
        )
    except (PublishError, TargetError) as error:
        print(f"publish: error: {error}", file=sys.stderr)
        return 1
    print(summary.line())
    return 0


def _store_for(target: Target) -> Store:
    if isinstance(target, S3Target):
        return s3.S3Store(target)
    assert isinstance(target, LocalTarget)
    return LocalStore(target.path)


def _publish_store(
    store: Store,
    name: str,
    files: Sequence[SiteFile],
    options: PublishSettings,
    fingerprinted: frozenset[str],
) -> Summary:
    remote = store.list_hashes()
    live = store.fetch(_LIVE_PAGE).body if _LIVE_PAGE in remote else None
    plan = keep_superseded_assets(plan_changes(files, remote), live)
    summary = _summary(name, plan, options)
    if options.dry_run:
        _print_plan(name, plan)
        return summary
    _refuse_mass_delete(name, plan.deleted, options)
    total = len(plan.uploads)
    for count, item in enumerate(plan.uploads, start=1):
        store.put(item)
        if count % _PROGRESS_EVERY == 0 or count == total:
            print(f"publish: uploaded {count}/{total} to {name}")
    if plan.deleted:
        store.delete(plan.deleted)
        print(f"publish: deleted {len(plan.deleted)} stale file(s) from {name}")
    invalidation = _invalidate(summary, options, fingerprinted)
    _verify(
        files,
        plan.new | plan.changed,
        store.fetch,
        name=name,
        sample=options.verify_pages,
    )
    return dataclasses.replace(summary, invalidation=invalidation)


def _publish_rsync(
    staging: Path,
    target: RsyncTarget,
    files: Sequence[SiteFile],
    options: PublishSettings,
    fingerprinted: frozenset[str],
) -> Summary:
    shell = options.rsync_shell
    changes = targets.rsync(staging, target.destination, dry_run=True, shell=shell)
    live = None
    built = (staging / _LIVE_PAGE).is_file()
    if _LIVE_PAGE in changes.deleted or (built and _LIVE_PAGE not in changes.new):
        try:
            live = targets.rsync_fetch(target.destination, [_LIVE_PAGE], shell=shell)
        except TargetError:
            live = None  # no live home page to read: nothing to keep
    plan = Plan(
        uploads=tuple(f for f in files if f.key in {*changes.new, *changes.changed}),
        new=frozenset(changes.new),
        changed=frozenset(changes.changed),
        unchanged=tuple(
            f.key for f in files if f.key not in {*changes.new, *changes.changed}
        ),
        deleted=changes.deleted,
    )
    plan = keep_superseded_assets(plan, live[0].body if live else None)
    summary = _summary(str(target), plan, options)
    if options.dry_run:
        _print_plan(str(target), plan)
        return summary
    _refuse_mass_delete(str(target), plan.deleted, options)
    targets.rsync(
        staging, target.destination, dry_run=False, shell=shell, protect=plan.kept
    )
    invalidation = _invalidate(summary, options, fingerprinted)

    def fetch(key: str) -> Fetched:
        return targets.rsync_fetch(target.destination, [key], shell=shell)[0]

    _verify(
        files,
        plan.new | plan.changed,
        fetch,
        name=str(target),
        sample=options.verify_pages,
    )
    return dataclasses.replace(summary, invalidation=invalidation)


def _summary(name: str, plan: Plan, options: PublishSettings) -> Summary:
    return Summary(
        target=name,
        uploaded=tuple(item.key for item in plan.uploads),
        unchanged=len(plan.unchanged),
        deleted=plan.deleted,
        dry_run=options.dry_run,
        kept=plan.kept,
    )


def _print_plan(name: str, plan: Plan) -> None:
    print(
        f"publish: dry run for {name}: {len(plan.new)} new, {len(plan.changed)} "
        f"changed, {len(plan.unchanged)} unchanged, {len(plan.deleted)} deleted; "
        "nothing was changed"
    )
    for item in plan.uploads:
        print(f"  {'new' if item.key in plan.new else 'changed':8} {item.key}")
    for key in plan.deleted:
        print(f"  {'deleted':8} {key}")
    for key in plan.kept:
        print(f"  {'kept':8} {key} (the live pages still use it)")


def _refuse_mass_delete(
    name: str, deleted: Sequence[str], options: PublishSettings
) -> None:
    if len(deleted) > options.max_deletes and not options.confirm_deletes:
        raise PublishError(
            f"{name}: {len(deleted)} files would be deleted, more than "
            f"PUBLISH_MAX_DELETES={options.max_deletes}; nothing was published. "
            "Check with DRY_RUN=1, then set PUBLISH_CONFIRM_DELETES=1 to go ahead"
        )


def _invalidate(
    summary: Summary, options: PublishSettings, fingerprinted: frozenset[str]
) -> str | None:
    if not options.distribution_id:
        return None
    paths = invalidation_paths(
        [*summary.uploaded, *summary.deleted],
        fingerprinted=fingerprinted,
        max_paths=options.invalidation_max_paths,
    )
    if not paths:
        return None
    identifier = s3.invalidate(options.distribution_id, paths)
    print(
        f"publish: CloudFront {options.distribution_id}: invalidation {identifier} "
        f"for {len(paths)} path(s)"
    )
    return identifier


def _verify(
    files: Sequence[SiteFile],
    touched: frozenset[str],
    fetch: Callable[[str], Fetched],
    *,
    name: str,
    sample: int,
) -> None:
    """Read pages back from the target and check them, and the assets they name."""
    by_key = {item.key: item for item in files}
    pages = sorted(
        (key for key in by_key if is_page(key)),
        key=lambda key: (key not in touched, key != "index.html", key),
    )[:sample]
    assets = [
        item.key for item in files if item.rank == 0 and not item.content_encoding
    ]
    problems: list[str] = []
    wanted: set[str] = set()
    for key in pages:
        fetched = fetch(key)
        problems += _page_problems(fetched, by_key[key])
        text = fetched.body.decode("utf-8", errors="replace")
        wanted.update(asset for asset in assets if Path(asset).name in text)
    for key in sorted(wanted):
        fetched = fetch(key)
        if _digest(fetched.body) != by_key[key].sha256:
            problems.append(f"{key}: differs from the build")
    if problems:
        raise PublishError(
            f"{name}: published, but reading it back found problems:\n  "
            + "\n  ".join(problems)
        )
    print(
        f"publish: verified {len(pages)} page(s) and {len(wanted)} asset(s) on {name}"
    )


def _page_problems(fetched: Fetched, item: SiteFile) -> list[str]:
    # A folder or rsync target has no content type to check: the web server
    # in front of it decides.
    key = fetched.key
    problems = []
    served = fetched.content_type
    if served is not None and _normal(fetched.content_type or "") != _normal(
        content_type(key)
    ):
        problems.append(
            f"{key}: served as {fetched.content_type!r}, expected {content_type(key)!r}"
        )
    if _digest(fetched.body) != item.sha256:
        problems.append(f"{key}: differs from the build")
    try:
        text = fetched.body.decode("utf-8")
    except UnicodeDecodeError as error:
        return [*problems, f"{key}: not valid UTF-8 ({error.reason})"]
    # The same rule as the site checks, so publish and check never disagree.
    if found := find_mojibake(text):
        problems.append(f"{key}: mojibake {found[0].text!r}")
    for block in _JSON_LD.findall(text):
        try:
            json.loads(block)
        except json.JSONDecodeError as error:
            problems.append(f"{key}: JSON-LD does not parse: {error}")
    return problems


def _refuse_dangerous_folder(folder: Path, *, keep: Sequence[Path]) -> None:
    resolved = folder.resolve()
    for path in keep:
        protected = path.resolve()
        if resolved == protected or resolved in protected.parents:
            raise PublishError(
                f"PUBLISH_TARGET={str(folder)!r}: the folder holds {path}; "
                "publishing there would delete it"
            )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _normal(value: str) -> str:
    return value.replace(" ", "").lower()


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name}={environ[name]!r}: expected 1 or 0 (or yes/no)")


def _number(
    environ: Mapping[str, str], name: str, default: int, *, minimum: int
) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise SettingsError(f"{name}={environ[name]!r}: expected a number >= {minimum}")
    return int(value)


def _header(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isprintable():
        raise SettingsError(
            f"{name}={value!r}: expected a printable ASCII header value"
        )
    return value


if __name__ == "__main__":
    sys.exit(main())
