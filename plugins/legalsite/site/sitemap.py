"""``sitemap.xml`` and ``robots.txt`` text, from a list of pages and their dates.

Dates come from the pages (never the build clock), so an unchanged site gives
an unchanged sitemap. Writing the files is the adapter's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True, kw_only=True)
class SitemapEntry:
    """One URL in the sitemap, with the date its page last changed, if known."""

    url: str
    lastmod: dt.date | None = None


def render_sitemap(entries: Iterable[SitemapEntry]) -> str:
    """Return a sitemaps.org XML document listing ``entries`` sorted by URL."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in sorted(entries, key=lambda item: item.url):
        lines.append(f"  <url><loc>{escape(entry.url)}</loc>")
        if entry.lastmod is not None:
            lines.append(f"    <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(*, sitemap_url: str | None) -> str:
    """Return ``robots.txt``: everything may be crawled; say where the sitemap is."""
    text = "User-agent: *\nAllow: /\n"
    if sitemap_url:
        text += f"Sitemap: {sitemap_url}\n"
    return text
