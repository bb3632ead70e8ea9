"""``make publish``: build, make CDN-ready, check, upload what changed, verify.

Every step before the upload works in a staging folder, so a failure leaves
``output/`` and the target as they were. The steps live in this package's
other modules (``settings``, ``plan``, ``cdn``, ``targets``, ``s3``, ``verify``);
this one orders them.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import runpy
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from sitetools.build import BuildError, build, build_arguments, recover, swap_in
from sitetools.console import summary_line
from sitetools.publish import s3, targets
from sitetools.publish.cdn import (
    HEADERS_FILE,
    CdnError,
    SiteFile,
    describe,
    prepare,
)
from sitetools.publish.errors import PublishError, SettingsError
from sitetools.publish.plan import (
    Plan,
    Summary,
    invalidation_paths,
    keep_superseded_assets,
    plan_changes,
    summarise,
)
from sitetools.publish.settings import DEFAULT_FOLDER, PublishSettings, read_settings
from sitetools.publish.targets import (
    Fetched,
    LocalStore,
    LocalTarget,
    RsyncTarget,
    S3Target,
    Store,
    Target,
    TargetError,
)
from sitetools.publish.verify import verify_pages

# The page read to learn which assets the live site uses.
_LIVE_PAGE = "index.html"


_PROGRESS_EVERY = 25


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


def publish(
    *,
    settings_file: Path,
    output: Path,
    content: Path,
    options: PublishSettings,
    site_url: str,
    extra_args: tuple[str, ...] = (),
    jobs: int | None = None,
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
                jobs=jobs,
            )
        except BuildError as error:
            kept = f"nothing was published and {output}/ was left as it was"
            raise PublishError(
                summary_line(error.outcome, result=kept)
                if error.outcome is not None
                else f"the build failed; {kept}"
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
    parser = build_arguments("python -m sitetools.publish", settings="publishconf.py")
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
            jobs=args.jobs,
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
    summary = summarise(name, plan, options)
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
    verify_pages(
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
    summary = summarise(str(target), plan, options)
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

    verify_pages(
        files,
        plan.new | plan.changed,
        fetch,
        name=str(target),
        sample=options.verify_pages,
    )
    return dataclasses.replace(summary, invalidation=invalidation)


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


def _refuse_dangerous_folder(folder: Path, *, keep: Sequence[Path]) -> None:
    resolved = folder.resolve()
    for path in keep:
        protected = path.resolve()
        if resolved == protected or resolved in protected.parents:
            raise PublishError(
                f"PUBLISH_TARGET={str(folder)!r}: the folder holds {path}; "
                "publishing there would delete it"
            )


if __name__ == "__main__":
    sys.exit(main())
