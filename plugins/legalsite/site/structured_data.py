"""The page's one JSON-LD block: assembled from parts, serialised safely.

Other modules contribute plain dicts (provenance, contact points); this module
owns the page-level shape and the escaping that keeps any string from closing
the ``<script>`` element it lives in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

# Characters that could end the script element or open a comment inside it are
# written as JSON escapes, which parse back to the same string.
_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def build_page_data(
    *,
    name: str,
    url: str,
    publisher: str,
    site_name: str,
    site_url: str,
    description: str = "",
    language: str = "en",
    extra: Mapping[str, Any] | None = None,
    contact_points: Iterable[Mapping[str, Any]] = (),
    document_owner: Mapping[str, str] | None = None,
    owner_points: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Return the schema.org ``WebPage`` dict for one page.

    ``extra`` adds page-level properties (``archivedAt``, ``dateModified`` ...);
    contact points hang under the publishing organization, where search
    engines look for them. An archived copy of another site's document names
    that site (``document_owner``: url, name) as the publisher of the work it
    is based on, and ``owner_points`` (the numbers its text gives) go there,
    never on this site's publisher.
    """
    organization: dict[str, Any] = {"@type": "Organization", "name": publisher}
    if site_url:
        organization["url"] = site_url
    points = [dict(point) for point in contact_points]
    if points:
        organization["contactPoint"] = points
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": name,
        "inLanguage": language,
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "publisher": organization,
    }
    if url:
        data["url"] = url
    if site_url:
        data["isPartOf"]["url"] = site_url
    if description:
        data["description"] = description
    data.update(extra or {})
    if document_owner is not None:
        owner: dict[str, Any] = {"@type": "Organization", "url": document_owner["url"]}
        if document_owner.get("name"):
            owner["name"] = document_owner["name"]
        points = [dict(point) for point in owner_points]
        if points:
            owner["contactPoint"] = points
        work: dict[str, Any] = {"@type": "CreativeWork", "publisher": owner}
        if data.get("isBasedOn"):
            work["url"] = data["isBasedOn"]
        data["isBasedOn"] = work
    return data


def serialize_json_ld(data: Mapping[str, Any]) -> str:
    """Serialise for a ``<script type="application/ld+json">`` element.

    Deterministic (sorted keys) and safe: ``</script>`` or ``<!--`` in any
    string comes out as ``\\u003c/script\\u003e``, so the block cannot be
    closed early, and the JSON still parses to the very same strings.

    >>> serialize_json_ld({"name": "</script>"})
    '{"name": "\\\\u003c/script\\\\u003e"}'
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_SAFE)
