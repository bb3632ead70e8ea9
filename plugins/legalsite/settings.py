"""The site plugin's settings: defaults in one place, validated once.

Pelican's settings dict goes in; a frozen :class:`SiteOptions` comes out. The
core never sees Pelican's dict. Every setting starts with ``LEGALSITE_``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """A plugin setting has a wrong name, type or value; ``setting`` names it."""

    def __init__(self, message: str, *, setting: str) -> None:
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True, kw_only=True)
class Contact:
    """One site-wide phone contact, as written in the settings."""

    label: str
    phone: str


@dataclass(frozen=True, kw_only=True)
class AllowedElement:
    """One element a hand-written page may use beyond the text-formatting list.

    ``action_hosts`` are the hosts a ``<form action>`` may send to (https only).
    """

    name: str
    attributes: tuple[str, ...] = ()
    action_hosts: tuple[str, ...] = ()


# Markup that runs code, frames another page or rewrites the page's own
# addresses: refused in every page, and no setting can allow it.
NEVER_ALLOWED_ELEMENTS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
     "base", "meta", "animate", "set"}
)  # fmt: skip
# Attributes no setting can allow: handlers (any ``on*``) and these.
NEVER_ALLOWED_ATTRIBUTES = frozenset({"formaction", "srcdoc"})


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
    allowed_html: tuple[AllowedElement, ...] = ()
    own_domains: tuple[str, ...] = ()
    history_subjects: bool = False
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
    "LEGALSITE_ALLOWED_HTML": {},
    # None: the domain of SITEURL, when there is one.
    "LEGALSITE_OWN_DOMAINS": None,
    "LEGALSITE_HISTORY_SUBJECTS": False,
    "LEGALSITE_JOBS": 0,
    "LEGALSITE_INCREMENTAL": True,
}

# Settings that change where a build writes, or how it runs, never what a page
# shows: neither the reader cache nor a written file depends on them.
NOT_SHAPING_PAGES = (
    "OUTPUT_PATH",
    "CACHE_PATH",
    "CACHE_CONTENT",
    "LOAD_CONTENT_CACHE",
    "DELETE_OUTPUT_DIRECTORY",
    "OUTPUT_RETENTION",
    "LEGALSITE_REPORT_PATH",
    "LEGALSITE_JOBS",
    "LEGALSITE_INCREMENTAL",
)

_REGION = re.compile(r"[A-Z]{2}")
_NAME = re.compile(r"[a-z][a-z0-9-]*")
_ATTRIBUTE = re.compile(r"[a-z][a-z0-9:-]*")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


def _expect(name: str, value: object, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise SettingsError(f"{name}: expected {what}, got {value!r}", setting=name)


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
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: 'label', 'phone'",
                setting=name,
            )
        for key in ("label", "phone"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise SettingsError(
                    f"{where}['{key}']: expected a non-empty string, "
                    f"got {item.get(key)!r}",
                    setting=name,
                )
        contacts.append(Contact(label=item["label"], phone=item["phone"]))
    return tuple(contacts)


def _allowed_html(value: object) -> tuple[AllowedElement, ...]:
    name = "LEGALSITE_ALLOWED_HTML"
    shape = (
        "a dict such as {'form': {'attributes': ['action', 'method'], "
        "'action_hosts': ['forms.example.com']}}"
    )
    _expect(name, value, dict, shape)
    elements = []
    for element, spec in sorted(value.items()):  # type: ignore[union-attr]
        where = f"{name}[{element!r}]"
        if not isinstance(element, str) or not _NAME.fullmatch(element):
            raise SettingsError(
                f"{name}: expected lower-case element names, got {element!r}",
                setting=name,
            )
        if element in NEVER_ALLOWED_ELEMENTS:
            raise SettingsError(
                f"{where}: <{element}> can never be allowed (it runs code, frames "
                f"a page or changes the page's addresses); never allowed: "
                f"{', '.join(sorted(NEVER_ALLOWED_ELEMENTS))}",
                setting=name,
            )
        _expect(
            where,
            spec,
            dict,
            "a dict with 'attributes' and, for a form, 'action_hosts'",
        )
        unknown = set(spec) - {"attributes", "action_hosts"}
        if unknown:
            raise SettingsError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: "
                "'attributes', 'action_hosts'",
                setting=name,
            )
        attributes = spec.get("attributes", [])
        _expect(
            f"{where}['attributes']",
            attributes,
            (list, tuple),
            "a list of attribute names",
        )
        for attribute in attributes:
            if not isinstance(attribute, str) or not _ATTRIBUTE.fullmatch(attribute):
                raise SettingsError(
                    f"{where}['attributes']: expected lower-case attribute names, "
                    f"got {attribute!r}",
                    setting=name,
                )
            if attribute.startswith("on") or attribute in NEVER_ALLOWED_ATTRIBUTES:
                raise SettingsError(
                    f"{where}['attributes']: {attribute!r} can never be allowed "
                    "(event handlers and formaction/srcdoc run or send elsewhere)",
                    setting=name,
                )
        hosts = spec.get("action_hosts", [])
        _expect(
            f"{where}['action_hosts']", hosts, (list, tuple), "a list of host names"
        )
        if hosts and element != "form":
            raise SettingsError(
                f"{where}['action_hosts']: only a form has an action; got {hosts!r}",
                setting=name,
            )
        for host in hosts:
            if not isinstance(host, str) or not _DOMAIN.fullmatch(host):
                raise SettingsError(
                    f"{where}['action_hosts']: expected host names such as "
                    f"'forms.example.com', got {host!r}",
                    setting=name,
                )
        if element == "form" and "action" in attributes and not hosts:
            raise SettingsError(
                f"{where}: a form's action needs 'action_hosts', the hosts it may "
                "send to",
                setting=name,
            )
        elements.append(
            AllowedElement(
                name=element, attributes=tuple(attributes), action_hosts=tuple(hosts)
            )
        )
    return tuple(elements)


def _own_domains(value: object, site_url: object) -> tuple[str, ...]:
    name = "LEGALSITE_OWN_DOMAINS"
    if value is None:
        host = urlsplit(str(site_url or "")).hostname or ""
        return (host.removeprefix("www."),) if _DOMAIN.fullmatch(host) else ()
    _expect(name, value, (list, tuple), "a list of domains such as 'example.com'")
    for domain in value:  # type: ignore[union-attr]
        if not isinstance(domain, str) or not _DOMAIN.fullmatch(domain):
            raise SettingsError(
                f"{name}: expected lower-case domains such as 'example.com', "
                f"got {domain!r}",
                setting=name,
            )
    return tuple(value)  # type: ignore[arg-type]


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
            f"known settings: {', '.join(sorted(DEFAULTS))}",
            setting=unknown[0],
        )
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}

    hours = merged["LEGALSITE_SUPPORT_HOURS"]
    _expect("LEGALSITE_SUPPORT_HOURS", hours, str, "a string")
    region = merged["LEGALSITE_REGION"]
    if not isinstance(region, str) or not _REGION.fullmatch(region):
        raise SettingsError(
            f"LEGALSITE_REGION: expected a two-letter upper-case country code "
            f"such as 'US' or 'GB', got {region!r}",
            setting="LEGALSITE_REGION",
        )
    report = merged["LEGALSITE_REPORT_PATH"]
    _expect("LEGALSITE_REPORT_PATH", report, str, "a path string")
    fail = merged["LEGALSITE_FAIL_ON_WARNINGS"]
    _expect("LEGALSITE_FAIL_ON_WARNINGS", fail, bool, "True or False")
    allowed = merged["LEGALSITE_ALLOWED_WARNINGS"]
    _expect("LEGALSITE_ALLOWED_WARNINGS", allowed, (list, tuple), "a list of strings")
    if not all(isinstance(item, str) for item in allowed):
        raise SettingsError(
            f"LEGALSITE_ALLOWED_WARNINGS: expected a list of strings, got {allowed!r}",
            setting="LEGALSITE_ALLOWED_WARNINGS",
        )
    sitemap = merged["LEGALSITE_SITEMAP"]
    _expect("LEGALSITE_SITEMAP", sitemap, bool, "True or False")
    history = merged["LEGALSITE_HISTORY"]
    _expect("LEGALSITE_HISTORY", history, bool, "True or False")
    subjects = merged["LEGALSITE_HISTORY_SUBJECTS"]
    _expect("LEGALSITE_HISTORY_SUBJECTS", subjects, bool, "True or False")
    jobs = merged["LEGALSITE_JOBS"]
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise SettingsError(
            f"LEGALSITE_JOBS: expected a whole number of processes, 1 or more "
            f"(0: one per core), got {jobs!r}",
            setting="LEGALSITE_JOBS",
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
        allowed_html=_allowed_html(merged["LEGALSITE_ALLOWED_HTML"]),
        own_domains=_own_domains(
            merged["LEGALSITE_OWN_DOMAINS"], settings.get("SITEURL", "")
        ),
        history_subjects=subjects,
        jobs=jobs,
        incremental=incremental,
    )
