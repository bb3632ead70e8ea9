"""The site plugin's settings: defaults in one place, validated once.

Pelican's settings dict goes in; a frozen :class:`SiteOptions` comes out. The
core never sees Pelican's dict. Every setting starts with ``LEGALSITE_``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class SettingsError(ValueError):
    """A plugin setting has a wrong name, type or value."""


@dataclass(frozen=True, kw_only=True)
class Contact:
    """One site-wide phone contact, as written in the settings."""

    label: str
    phone: str


@dataclass(frozen=True, kw_only=True)
class SiteOptions:
    """Everything the plugin needs to know about the site, already checked."""

    contacts: tuple[Contact, ...] = ()
    support_hours: str = ""
    region: str = "US"
    report_path: str = "build/legalsite-report.json"
    fail_on_warnings: bool = False
    allowed_warnings: tuple[str, ...] = field(default=())
    sitemap: bool = False
    history: bool = True
    jobs: int = 0
    incremental: bool = True


DEFAULTS: dict[str, Any] = {
    "LEGALSITE_CONTACTS": [],
    "LEGALSITE_SUPPORT_HOURS": "",
    "LEGALSITE_REGION": "US",
    "LEGALSITE_REPORT_PATH": "build/legalsite-report.json",
    "LEGALSITE_FAIL_ON_WARNINGS": False,
    "LEGALSITE_ALLOWED_WARNINGS": [],
    "LEGALSITE_SITEMAP": False,
    "LEGALSITE_HISTORY": True,
    "LEGALSITE_JOBS": 0,
    "LEGALSITE_INCREMENTAL": True,
}

_REGION = re.compile(r"[A-Z]{2}")


def _expect(name: str, value: object, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise SettingsError(f"{name}: expected {what}, got {value!r}")


def _contacts(value: object) -> tuple[Contact, ...]:
    name = "LEGALSITE_CONTACTS"
    _expect(name, value, (list, tuple), "a list of {'label': ..., 'phone': ...}")
    contacts = []
    for index, item in enumerate(value):  # type: ignore[arg-type]
        where = f"{name}[{index}]"
        _expect(where, item, dict, "a dict with 'label' and 'phone'")
        unknown = set(item) - {"label", "phone"}
        if unknown:
            raise SettingsError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: 'label', 'phone'"
            )
        for key in ("label", "phone"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise SettingsError(
                    f"{where}['{key}']: expected a non-empty string, "
                    f"got {item.get(key)!r}"
                )
        contacts.append(Contact(label=item["label"], phone=item["phone"]))
    return tuple(contacts)


def read_options(settings: Mapping[str, Any]) -> SiteOptions:
    """Validate the ``LEGALSITE_*`` settings and return them as options.

    Unknown ``LEGALSITE_`` names are refused (a typo would otherwise silently
    fall back to a default), and each value is checked for type and range.
    """
    unknown = sorted(
        key for key in settings if key.startswith("LEGALSITE_") and key not in DEFAULTS
    )
    if unknown:
        raise SettingsError(
            f"unknown setting(s) {', '.join(unknown)}; "
            f"known settings: {', '.join(sorted(DEFAULTS))}"
        )
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}

    hours = merged["LEGALSITE_SUPPORT_HOURS"]
    _expect("LEGALSITE_SUPPORT_HOURS", hours, str, "a string")
    region = merged["LEGALSITE_REGION"]
    if not isinstance(region, str) or not _REGION.fullmatch(region):
        raise SettingsError(
            f"LEGALSITE_REGION: expected a two-letter upper-case country code "
            f"such as 'US' or 'GB', got {region!r}"
        )
    report = merged["LEGALSITE_REPORT_PATH"]
    _expect("LEGALSITE_REPORT_PATH", report, str, "a path string")
    fail = merged["LEGALSITE_FAIL_ON_WARNINGS"]
    _expect("LEGALSITE_FAIL_ON_WARNINGS", fail, bool, "True or False")
    allowed = merged["LEGALSITE_ALLOWED_WARNINGS"]
    _expect("LEGALSITE_ALLOWED_WARNINGS", allowed, (list, tuple), "a list of strings")
    if not all(isinstance(item, str) for item in allowed):
        raise SettingsError(
            f"LEGALSITE_ALLOWED_WARNINGS: expected a list of strings, got {allowed!r}"
        )
    sitemap = merged["LEGALSITE_SITEMAP"]
    _expect("LEGALSITE_SITEMAP", sitemap, bool, "True or False")
    history = merged["LEGALSITE_HISTORY"]
    _expect("LEGALSITE_HISTORY", history, bool, "True or False")
    jobs = merged["LEGALSITE_JOBS"]
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise SettingsError(
            f"LEGALSITE_JOBS: expected a whole number of processes, 1 or more "
            f"(0: one per core), got {jobs!r}"
        )
    incremental = merged["LEGALSITE_INCREMENTAL"]
    _expect("LEGALSITE_INCREMENTAL", incremental, bool, "True or False")
    return SiteOptions(
        contacts=_contacts(merged["LEGALSITE_CONTACTS"]),
        support_hours=hours,
        region=region,
        report_path=report,
        fail_on_warnings=fail,
        allowed_warnings=tuple(allowed),
        sitemap=sitemap,
        history=history,
        jobs=jobs,
        incremental=incremental,
    )
