"""Archived corpus files built as a real site: drop-in pages with correct provenance."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, run_pelican
from legalsite.archive import archive_slug, split_corpus_header
from sitetools.check.pages import find_pages, read_page
from sitetools.check.text import check_text

CORPUS = Path(__file__).parent / "corpus" / "citp"
FILES = sorted(CORPUS.glob("*.md"))
SOURCES = {
    s["file"]: s
    for s in json.loads((CORPUS / "SOURCES.json").read_text("utf-8"))["files"]
}
# C0 controls other than tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    content = root / "content"
    (content / "archive").mkdir(parents=True)
    for file in FILES:
        shutil.copyfile(file, content / "archive" / file.name)
    build = run_pelican(content, root / "output")
    assert build.returncode == 0, build.log
    return build


def test_corpus_files_are_listed_with_their_commit():
    sources = json.loads((CORPUS / "SOURCES.json").read_text("utf-8"))
    seed = (FIXTURES / "seed" / "000_6e6b278bb7d8de7a.txt").read_bytes()
    for source in sources["files"]:
        # The seed came with the project; its corpus commit was never given.
        is_seed = (CORPUS / source["file"]).read_bytes() == seed
        assert source.get("commit") or is_seed, source["file"]
    assert {s["file"] for s in sources["files"]} == {f.name for f in FILES}


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_every_corpus_file_builds_with_its_provenance(corpus_site, file):
    document = split_corpus_header(file.read_text("utf-8"))
    prov = document.provenance
    slug = archive_slug(prov.domain, prov.archived)
    soup = BeautifulSoup(corpus_site.page(f"{slug}/index.html"), "html.parser")
    assert soup.h1.get_text() == document.title.strip()
    note = soup.select_one("aside.provenance")
    assert f"archived copy of the {prov.domain} privacy policy" in note.get_text()
    assert note.time["datetime"].startswith(prov.snapshot.captured[:10])
    links = [a["href"] for a in note.select("a")]
    assert links == [prov.snapshot.view_url, prov.snapshot.raw_url]
    [block] = soup.find_all("script", type="application/ld+json")
    data = json.loads(block.string)
    assert data["archivedAt"] == prov.snapshot.url
    based_on = data["isBasedOn"]
    if prov.domain == "dotnetpanel.com":  # the site's own (LEGALSITE_OWN_DOMAINS)
        assert based_on == prov.snapshot.original
    else:
        assert based_on["url"] == prov.snapshot.original
        assert based_on["publisher"]["url"].endswith(f"://{prov.domain}/")
    assert "The following text is extracted" not in soup.select_one(".body").get_text()


# The site's own numbers (pelicanconf.py LEGALSITE_CONTACTS), as JSON-LD writes them.
SITE_NUMBERS = {"+1-877-270-4998", "+1-604-270-4998"}


def _json_ld(build, domain, date):
    soup = BeautifulSoup(
        build.page(f"archive/{domain}-{date}/index.html"), "html.parser"
    )
    return soup, json.loads(soup.find("script", type="application/ld+json").string)


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_no_other_site_gives_the_publisher_a_number(corpus_site, file):
    prov = split_corpus_header(file.read_text("utf-8")).provenance
    slug = archive_slug(prov.domain, prov.archived)
    soup = BeautifulSoup(corpus_site.page(f"{slug}/index.html"), "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    numbers = {p["telephone"] for p in data["publisher"].get("contactPoint", [])}
    assert numbers <= SITE_NUMBERS


def test_another_sites_numbers_go_on_its_own_organisation(corpus_site):
    # 1800petmeds.com.md, last paragraph: "call us toll-free at 1-800-PetMeds
    # (1-800-738-6337)"; its title is "1800PetMeds.com - Privacy Policy".
    soup, data = _json_ld(corpus_site, "1800petmeds-com", "2019-06-16")
    owner = data["isBasedOn"]["publisher"]
    assert (owner["url"], owner["name"]) == (
        "https://1800petmeds.com/",
        "1800PetMeds.com",
    )
    assert {p["telephone"] for p in owner["contactPoint"]} == {"+1-800-738-6337"}
    assert data["publisher"]["name"] == "SMB SAAS Systems Inc."
    assert {p["telephone"] for p in data["publisher"]["contactPoint"]} == SITE_NUMBERS
    # The text keeps its link: readers may still call the number.
    assert "tel:+18007386337" in [a["href"] for a in soup.select(".body a.tel")]
    # rvtraderonline.com.md line 76: "... Legal Department at 757-640-4000"; its
    # title names no one ("About RV Trader Online").
    _, data = _json_ld(corpus_site, "rvtraderonline-com", "2002-12-06")
    owner = data["isBasedOn"]["publisher"]
    assert "name" not in owner
    assert {p["telephone"] for p in owner["contactPoint"]} == {"+1-757-640-4000"}


def test_the_sites_own_archived_document_keeps_its_numbers(corpus_site):
    # dotnetpanel.com.2008-12-01.md line 17 gives both of the site's numbers.
    _, data = _json_ld(corpus_site, "dotnetpanel-com", "2008-12-01")
    assert isinstance(data["isBasedOn"], str)
    assert {p["telephone"] for p in data["publisher"]["contactPoint"]} == SITE_NUMBERS


# The empty album links of the 3mp3.ru policy, read from the file: lines 80 to
# 150, one every five lines, each "[ ](https://web.archive.org/ru/album/N)".
ALBUMS_3MP3 = (30116, 7068, 19325, 10191, 1388, 1985, 46425, 10192, 58, 25133,
               19839, 5706, 8998, 32027, 2503)  # fmt: skip


def test_debris_is_dropped_and_reported(corpus_site):
    dropped = corpus_site.report["dropped"]
    ours = [d for d in dropped if d["path"].endswith("3mp3.ru.md")]
    assert [(d["line"], d["col"]) for d in ours] == [
        (80 + 5 * i, 1) for i in range(len(ALBUMS_3MP3))
    ]
    assert [d["text"] for d in ours] == [
        f"[ ](https://web.archive.org/ru/album/{n})" for n in ALBUMS_3MP3
    ]
    # Every dropped piece stands in its source at the reported line and column.
    for d in dropped:
        source = (CORPUS / Path(d["path"]).name).read_text("utf-8").splitlines()
        assert source[d["line"] - 1][d["col"] - 1 :].startswith(d["text"]), d
    # No archived page keeps a link that has nothing to say.
    for page in (corpus_site.output / "archive").rglob("index.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for link in soup.select(".body a"):
            named = (
                link.get_text(strip=True) or link.find("img") or link.get("aria-label")
            )
            assert named, f"{page}: empty link {link}"


def test_seed_in_both_forms_gives_identical_provenance(tmp_path, site):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copyfile(FIXTURES / "seed" / "000_6e6b278bb7d8de7a.txt", content / "seed.md")
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    dropin = BeautifulSoup(
        build.page("archive/dotnetpanel-com-2008-12-01/index.html"), "html.parser"
    )
    edited = BeautifulSoup(site.page("privacy-policy/index.html"), "html.parser")
    assert str(dropin.select_one("aside.provenance")) == str(
        edited.select_one("aside.provenance")
    )
    data = [
        json.loads(s.find("script", type="application/ld+json").string)
        for s in (dropin, edited)
    ]
    for key in ("archivedAt", "isBasedOn"):
        assert data[0][key] == data[1][key]
    assert [p.get_text() for p in dropin.select(".body p")] == [
        p.get_text() for p in edited.select(".body p")
    ]


@pytest.mark.parametrize(
    ("snapshot", "reason"),
    [
        ("https://example.com/web/20081201192019/http://x.test/", "archive"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("https://web.archive.org/web/20081301000000id_/http://x.test/", "month"),
    ],
    ids=["not-an-archive", "javascript", "data", "impossible-timestamp"],
)
def test_bad_snapshot_url_fails_the_build_with_its_line(tmp_path, snapshot, reason):
    content = tmp_path / "content"
    content.mkdir()
    (content / "p.md").write_text(
        "Title: Policy\nArchive_date: 2008-12-01\nArchive_domain: x.test\n"
        f"Archive_snapshot: {snapshot}\n\nText\n",
        "utf-8",
    )
    build = run_pelican(content, tmp_path / "output")
    assert build.returncode == 1
    [error, *_] = build.report["errors"]
    assert error.startswith(f"{content / 'p.md'}:4")
    assert reason in error.lower()


def test_date_mismatch_warns_and_fails_production(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "p.md").write_text(
        "Title: Policy\nArchive_date: 2008-12-02\nArchive_domain: x.test\n"
        "Archive_snapshot: https://web.archive.org/web/20081201192019id_/"
        "http%3A//x.test/\n\nText\n",
        "utf-8",
    )
    local = run_pelican(content, tmp_path / "output")
    assert local.returncode == 0
    assert any("p.md:2" in w for w in local.report["warnings"]), local.report
    production = run_pelican(
        content, tmp_path / "prod", settings=ROOT / "publishconf.py"
    )
    assert production.returncode == 1


def test_archive_index_lists_every_version_newest_first(corpus_site):
    soup = BeautifulSoup(corpus_site.page("archive/index.html"), "html.parser")
    sections = {s.h2.get_text(): s for s in soup.select("main section")}
    domains = {
        split_corpus_header(f.read_text("utf-8")).provenance.domain for f in FILES
    }
    assert set(sections) == domains
    dates = [t["datetime"] for t in sections["020.co.uk"].select("li > time")]
    assert dates == ["2012-10-04", "2010-04-30"]


def test_versions_link_to_each_other_and_to_what_changed(corpus_site):
    newer = BeautifulSoup(
        corpus_site.page("archive/dotnetpanel-com-2008-12-01/index.html"), "html.parser"
    )
    links = {a.get_text(): a["href"] for a in newer.select("nav.versions a")}
    assert links == {
        "archived 20 October 2006": "../../archive/dotnetpanel-com-2006-10-20/",
        "What changed since the previous version": (
            "../../archive/dotnetpanel-com-2008-12-01/changes/"
        ),
    }
    older = BeautifulSoup(
        corpus_site.page("archive/dotnetpanel-com-2006-10-20/index.html"), "html.parser"
    )
    assert [a.get_text() for a in older.select("nav.versions a")] == [
        "archived 1 December 2008"
    ]
    changes = BeautifulSoup(
        corpus_site.page("archive/dotnetpanel-com-2008-12-01/changes/index.html"),
        "html.parser",
    )
    assert changes.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    inserted = " ".join(i.get_text() for i in changes.select(".body ins"))
    assert "administered by SMB SAAS Systems Inc." in inserted
    deleted = " ".join(d.get_text() for d in changes.select(".body del"))
    assert "Collection of your Personal Information" in deleted


def _page_of(corpus_site, file: Path) -> BeautifulSoup:
    prov = split_corpus_header(file.read_text("utf-8")).provenance
    html = corpus_site.page(f"{archive_slug(prov.domain, prov.archived)}/index.html")
    return BeautifulSoup(html, "html.parser")


def _phone_param(file: Path):
    misses = [
        p["known_miss"] for p in SOURCES[file.name]["phones"] if "known_miss" in p
    ]
    marks = [pytest.mark.xfail(strict=True, reason="; ".join(misses))] if misses else []
    return pytest.param(file, id=file.name, marks=marks)


@pytest.mark.parametrize("file", [_phone_param(f) for f in FILES])
def test_every_number_is_linked_right_or_left_alone(corpus_site, file):
    """Each number the file gives (read by hand, SOURCES.json) and nothing else."""
    phones = SOURCES[file.name]["phones"]
    links = {
        (a.get_text(), a["href"])
        for a in _page_of(corpus_site, file).select(".body a.tel")
    }
    linked = {href for _, href in links}
    wanted = {f"tel:{p['e164']}" for p in phones if p["link"]}
    assert linked <= wanted, f"tel: links the text does not give: {linked - wanted}"
    assert wanted <= linked, f"numbers left unlinked: {wanted - linked}"
    refused = {p["text"] for p in phones if not p["link"]}
    assert not {text for text, _ in links} & refused


def test_no_visible_mojibake_in_any_archived_page(corpus_site):
    problems = [
        problem
        for file in find_pages(corpus_site.output / "archive")
        for problem in check_text(read_page(corpus_site.output, file))
    ]
    assert problems == []


def test_no_control_character_in_any_output(corpus_site):
    found = [
        (file.relative_to(corpus_site.output), match.start())
        for file in sorted(corpus_site.output.rglob("*"))
        if file.is_file() and file.suffix in {".html", ".xml", ".json", ".txt"}
        for match in [_CONTROL.search(file.read_text("utf-8"))]
        if match
    ]
    assert found == []
