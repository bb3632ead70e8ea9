"""The real site, built with real Pelican: pages, links, text, escaping, bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, Build, run_pelican
from sitetools.check.html import errors_only, validate_html

# Every page of the site, with its expected <h1>.
PAGES = {
    "index.html": "DotNetPanel",
    "support/index.html": "Support and contact",
    "legal/index.html": "Legal documents",
    "privacy-policy/index.html": (
        "Privacy Policy : Control Panel for Windows Hosting, IIS 7, VPS, "
        "Exchange, SharePoint, Dynamics CRM and Dedicated servers"
    ),
    "404.html": "Page not found",
    "archive/index.html": "Archived documents",
}


def soup_of(build: Build, relative: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(relative), "html.parser")


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


@pytest.mark.parametrize("relative", sorted(PAGES))
def test_every_page_exists_with_its_title(site, relative):
    soup = soup_of(site, relative)
    assert soup.h1.get_text(strip=True) == PAGES[relative]
    assert soup.title.get_text().startswith(PAGES[relative])


def test_no_page_is_built_that_is_not_expected(site):
    built = {str(p.relative_to(site.output)) for p in html_files(site.output)}
    # A legal page's revision history grows with its commits (test_history.py).
    assert {p for p in built if "/history/" not in p} == set(PAGES)
    assert "privacy-policy/history/index.html" in built


def _targets(build: Build, page: Path):
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    base = "http://site.test/" + str(page.relative_to(build.output))
    for tag in soup.find_all(["a", "link", "script"]):
        target = tag.get("href") or tag.get("src")
        if target:
            yield tag, urljoin(base, target)


def _resolve(build: Build, url: str) -> Path:
    path = unquote(urlsplit(url).path).lstrip("/")
    file = build.output / path
    return file / "index.html" if path == "" or path.endswith("/") else file


@pytest.mark.parametrize("kind", ["site", "published_site"])
def test_every_internal_link_and_anchor_resolves(kind, request):
    build: Build = request.getfixturevalue(kind)
    site_root = "https://www.dotnetpanel.com/" if kind == "published_site" else None
    checked = 0
    for page in html_files(build.output):
        for tag, found in _targets(build, page):
            url = found
            if site_root and url.startswith(site_root):
                url = "http://site.test/" + url.removeprefix(site_root)
            if not url.startswith("http://site.test/"):
                assert urlsplit(url).scheme in ("https", "tel", "mailto"), url
                continue
            address, fragment = urldefrag(url)
            target = _resolve(build, address)
            assert target.is_file(), f"{page}: {tag} -> {target}"
            if fragment:
                ids = BeautifulSoup(target.read_text("utf-8"), "html.parser")
                assert ids.find(id=fragment), f"{page}: missing #{fragment}"
            checked += 1
    assert checked > 20


def test_privacy_policy_keeps_every_paragraph(site, seed_text):
    body = seed_text.split("\n", 3)[3]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    assert len(paragraphs) == 7
    soup = soup_of(site, "privacy-policy/index.html")
    # The one addition to the archived words: what "PST" means, in plain words,
    # marked as ours.
    [note] = soup.select("article .body .tz-note")
    assert note.get_text() == " (Pacific Time)"
    note.decompose()
    shown = [p.get_text() for p in soup.select("article .body p")]
    # The one repair the seed needs: 'Â' before a no-break space is mojibake.
    expected = [p.replace("Â\xa0", "\xa0") for p in paragraphs]
    assert shown == expected


def test_report_lists_the_one_repair_of_the_site(site):
    assert site.report["errors"] == []
    assert site.report["suspects"] == []
    [repair] = site.report["repairs"]
    assert repair["path"] == "content/pages/privacy-policy.md"
    assert (repair["before"], repair["after"]) == ("Â\xa0", "\xa0")
    lines = (ROOT / repair["path"]).read_text("utf-8").split("\n")
    assert lines[repair["line"] - 1][repair["col"] - 1 :].startswith("Â\xa0")
    assert "Windows-1252" in repair["explanation"]


def test_legal_index_lists_the_privacy_policy(site):
    links = soup_of(site, "legal/index.html").select("main ul.document-list a")
    assert [a.get_text() for a in links] == [PAGES["privacy-policy/index.html"]]


def test_contacts_come_from_the_settings(site):

    path = ROOT / "pelicanconf.py"
    settings = {"__file__": str(path)}
    exec(path.read_text("utf-8"), settings)
    for relative in ("index.html", "support/index.html"):
        text = " ".join(soup_of(site, relative).get_text().split())
        for contact in settings["LEGALSITE_CONTACTS"]:
            assert contact["phone"] in text
        assert settings["LEGALSITE_SUPPORT_HOURS"] in text


def test_pages_are_valid_html(site, published_site):
    pages = html_files(site.output) + html_files(published_site.output)
    errors = errors_only(validate_html(pages))
    assert errors == [], "\n".join(map(str, errors))


def test_production_build_has_canonical_links_sitemap_and_robots(published_site):
    soup = soup_of(published_site, "support/index.html")
    assert soup.find("link", rel="canonical")["href"] == (
        "https://www.dotnetpanel.com/support/"
    )
    sitemap = published_site.page("sitemap.xml")
    assert "<loc>https://www.dotnetpanel.com/privacy-policy/</loc>" in sitemap
    assert "404" not in sitemap
    # The archive index, dated by its newest snapshot (the seed's, 2008-12-01).
    assert (
        "<loc>https://www.dotnetpanel.com/archive/</loc>\n"
        "    <lastmod>2008-12-01</lastmod>" in sitemap
    )
    assert "Sitemap: https://www.dotnetpanel.com/sitemap.xml" in (
        published_site.page("robots.txt")
    )


def test_local_build_has_no_production_files(site):
    assert not (site.output / "sitemap.xml").exists()
    assert 'rel="canonical"' not in site.page("index.html")


def _manifest(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_two_builds_give_identical_bytes(site, tmp_path):
    again = run_pelican(
        ROOT / "content", tmp_path / "output", env={"PYTHONHASHSEED": "12345"}
    )
    assert again.returncode == 0, again.log
    assert _manifest(again.output) == _manifest(site.output)


HOSTILE_TITLE = '<script>alert(1)</script> "x" & y'
HOSTILE_SUMMARY = '<img src=x onerror=alert(2)> "quoted" & </script><!--'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    out = tmp_path_factory.mktemp("hostile") / "output"
    build = run_pelican(FIXTURES / "hostile", out)
    assert build.returncode == 0, build.log
    return build


def test_hostile_title_renders_as_text_everywhere(hostile):
    page = soup_of(hostile, "hostile/index.html")
    assert page.title.get_text() == f"{HOSTILE_TITLE} | DotNetPanel"
    assert page.h1.get_text() == HOSTILE_TITLE
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        HOSTILE_SUMMARY
    )
    index = soup_of(hostile, "legal/index.html")
    assert index.select_one("ul.document-list a").get_text() == HOSTILE_TITLE
    # The only script elements are the JSON-LD blocks, and they parse back to
    # the very same strings.
    for soup in (page, index):
        inline = [s for s in soup.find_all("script") if not s.get("src")]
        assert [s.get("type") for s in inline] == ["application/ld+json"]
        assert not soup.find(attrs={"onerror": True})
        assert not soup.find("img")
    data = json.loads(page.find("script").string)
    assert data["name"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_SUMMARY


def test_hostile_strings_never_appear_raw(hostile):
    for page in html_files(hostile.output):
        raw = page.read_text("utf-8")
        assert "<script>alert" not in raw
        assert "<img src=x" not in raw
        assert raw.count("</script>") == raw.count("<script")


def test_privacy_policy_links_both_numbers_and_states_the_hours(site):
    soup = soup_of(site, "privacy-policy/index.html")
    links = {a.get_text(): a["href"] for a in soup.select("article .body a.tel")}
    assert links == {
        "1 (877) 270-4998": "tel:+18772704998",
        "1 (604) 270-4998": "tel:+16042704998",
    }
    hours = soup.select_one("article .body span.hours")
    assert hours["data-hours"] == "Mo-Fr 09:00-18:00"
    assert hours["data-zone"] == "America/Los_Angeles"
    data = json.loads(soup.find("script", type="application/ld+json").string)
    points = {p["telephone"]: p for p in data["publisher"]["contactPoint"]}
    assert set(points) == {"+1-877-270-4998", "+1-604-270-4998"}
    [spec] = points["+1-877-270-4998"]["hoursAvailable"]
    assert (spec["opens"], spec["closes"], len(spec["dayOfWeek"])) == (
        "09:00",
        "18:00",
        5,
    )
    assert points["+1-877-270-4998"]["contactOption"] == "TollFree"


@pytest.mark.parametrize("relative", sorted(PAGES))
def test_every_number_in_the_data_is_visible(site, relative):
    soup = soup_of(site, relative)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    visible = "".join(ch for ch in soup.body.get_text() if ch.isdigit())
    for point in data["publisher"].get("contactPoint", []):
        digits = "".join(ch for ch in point["telephone"] if ch.isdigit())
        assert digits[1:] in visible
