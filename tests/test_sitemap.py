"""sitemap.xml and robots.txt text."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from legalsite.site.sitemap import SitemapEntry, render_robots, render_sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_is_sorted_escaped_and_dated_from_pages():
    xml = render_sitemap(
        [
            SitemapEntry(url="https://e.test/b/?x=1&y=2", lastmod=dt.date(2024, 1, 2)),
            SitemapEntry(url="https://e.test/a/"),
        ]
    )
    root = ET.fromstring(xml)
    locs = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    assert locs == ["https://e.test/a/", "https://e.test/b/?x=1&y=2"]
    assert [m.text for m in root.findall("s:url/s:lastmod", NS)] == ["2024-01-02"]


def test_robots_points_to_the_sitemap():
    assert render_robots(sitemap_url="https://e.test/sitemap.xml").endswith(
        "Sitemap: https://e.test/sitemap.xml\n"
    )
    assert "Sitemap" not in render_robots(sitemap_url=None)
