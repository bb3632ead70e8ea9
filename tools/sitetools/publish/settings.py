"""Publish settings from the environment: defaults, checked once, named in errors."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitetools.publish.cdn import (
    CachePolicy,
)
from sitetools.publish.errors import SettingsError
from sitetools.publish.targets import (
    Target,
    TargetSyntaxError,
    parse_target,
)

DEFAULT_FOLDER = Path("publish")


_DISTRIBUTION = re.compile(r"[A-Z0-9]{1,128}")


_TRUE = frozenset({"1", "true", "yes", "on"})


_FALSE = frozenset({"", "0", "false", "no", "off"})


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


def read_settings(environ: Mapping[str, str]) -> PublishSettings:
    """Read and check every publish setting; a bad value names the variable.

    >>> read_settings({"PUBLISH_MAX_DELETES": "-1"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sitetools.publish.errors.SettingsError: PUBLISH_MAX_DELETES='-1': expected ...
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
