"""Whose facts: the organisation an archived document belongs to.

Phone numbers and hours in an archived copy of another site's policy are that
site's, never this site's publisher's. This module says whether a document is
the site's own and names the other organisation as far as the text allows; the
JSON-LD that carries it is ``legalsite.site``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from legalsite.archive.provenance import Provenance

# Title parts that name the document, not its owner ("Privacy Policy", "Privacy").
_DOCUMENT_WORDS = re.compile(
    r"(?:our\s+|online\s+|website\s+)?(?:privacy|data\s+protection|cookie)"
    r"(?:\s+(?:policy|notice|statement|information))?",
    re.IGNORECASE,
)
# "Name - Privacy Policy", "Privacy Policy | Name", "Name :: Privacy".
_SEPARATOR = re.compile(r"\s+(?:[-|–—:]|::)\s+")


@dataclass(frozen=True, kw_only=True)
class DocumentOwner:
    """The organisation behind an archived document: its address, and its name
    when the document's title gives one ("" otherwise)."""

    url: str
    name: str = ""


def is_own_domain(domain: str, own_domains: Iterable[str]) -> bool:
    """Tell whether an archived document's domain is one of the site's own.

    A subdomain counts as its domain ("www.dotnetpanel.com").

    >>> is_own_domain("www.dotnetpanel.com", ["dotnetpanel.com"])
    True
    >>> is_own_domain("notdotnetpanel.com", ["dotnetpanel.com"])
    False
    """
    domain = domain.lower().rstrip(".")
    return any(domain == own or domain.endswith(f".{own}") for own in own_domains)


def name_from_title(title: str) -> str:
    """The organisation a title names beside the document's own name, or "".

    Only the plain shapes count: two parts, one of which is only "Privacy
    Policy" words; anything else names no one for certain.

    >>> name_from_title("1800PetMeds.com - Privacy Policy")
    '1800PetMeds.com'
    >>> name_from_title("Privacy Policy | CIC")
    'CIC'
    >>> name_from_title("No-logging of user activity policy - Guides | Mullvad VPN")
    ''
    """
    parts = [part.strip() for part in _SEPARATOR.split(title.strip())]
    if len(parts) != 2:
        return ""
    first, second = parts
    if _DOCUMENT_WORDS.fullmatch(first) and not _DOCUMENT_WORDS.fullmatch(second):
        return second
    if _DOCUMENT_WORDS.fullmatch(second) and not _DOCUMENT_WORDS.fullmatch(first):
        return first
    return ""


def owner_of(
    provenance: Provenance, *, title: str, own_domains: Iterable[str]
) -> DocumentOwner | None:
    """The other organisation an archived document belongs to; None for our own.

    Its address is the archived domain, with the scheme the original used.
    """
    if is_own_domain(provenance.domain, own_domains):
        return None
    scheme = "https" if provenance.snapshot.original.startswith("https:") else "http"
    return DocumentOwner(
        url=f"{scheme}://{provenance.domain}/", name=name_from_title(title)
    )
