"""Archived copies: snapshot URLs (cases/archive_urls.json), the corpus header on
real corpus files (corpus/citp), the metadata form, debris and the reader's note."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import jinja2
import pytest

from legalsite.archive import (
    MODIFIERS,
    archive_slug,
    drop_debris,
    fallback_title,
    note_for,
    parse_snapshot_url,
    provenance_from_metadata,
    split_corpus_header,
    structured_data_for,
)
from legalsite.errors import ContentError

HERE = Path(__file__).parent
URL_CASES = json.loads((HERE / "cases" / "archive_urls.json").read_text("utf-8"))
CORPUS = HERE / "corpus" / "citp"
SOURCES = json.loads((CORPUS / "SOURCES.json").read_text("utf-8"))["files"]
SEED = CORPUS / "dotnetpanel.com.2008-12-01.md"
TEMPLATES = HERE.parent / "theme" / "templates"

SEED_URL = (
    "https://web.archive.org/web/20081201192019id_/"
    "http%3A//www.dotnetpanel.com/company/legal/privacy-policy"
)


def _label(case: dict) -> str:
    return case["label"]


# --- snapshot URLs -----------------------------------------------------------


@pytest.mark.parametrize("case", URL_CASES, ids=_label)
def test_snapshot_url(case):
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(ContentError, match=re.escape(expected["error"])):
            parse_snapshot_url(case["input"])
        return
    snapshot = parse_snapshot_url(case["input"])
    assert snapshot.url == case["input"]
    for name, value in expected.items():
        assert getattr(snapshot, name) == value, name


@pytest.mark.parametrize(
    "case", [c for c in URL_CASES if "error" not in c["expected"]], ids=_label
)
def test_snapshot_links_parse_back(case):
    snapshot = parse_snapshot_url(case["input"])
    for url, modifier in ((snapshot.view_url, ""), (snapshot.raw_url, "id_")):
        again = parse_snapshot_url(url)
        assert (again.timestamp, again.modifier) == (snapshot.timestamp, modifier)
        assert again.original == snapshot.original


def test_url_cases_cover_every_modifier():
    seen = {
        parse_snapshot_url(c["input"]).modifier
        for c in URL_CASES
        if "error" not in c["expected"]
    }
    assert seen >= {*MODIFIERS, ""}


# --- the corpus --------------------------------------------------------------

# What each real file must give: the page title, how the snapshot host relates to
# the domain, and how many pieces of debris are dropped.
EXPECTED = {
    "01.com.md": ("01.com | Privacy", "www", 0),
    "020.co.uk.2010-04-30.md": ("020 London - Privacy Policy", "www", 0),
    "020.co.uk.2012-10-04.md": ("020 London - Privacy Policy", "www", 0),
    "03kf.com.md": ("Legal Agreement", "other", 0),
    "0505u.com.md": ("HugeDomains.com - Privacy Policy", "other", 0),
    "07hd.com.md": ("07HD - Online file mirror service", "same", 0),
    "07ksa.org.md": ("Legal", "other", 0),
    "0hosting.org.md": ("Legal", "other", 0),
    "0kay.net.md": ("0kay.net", "www", 0),
    "0link.me.md": ("Privacy Policy", "same", 0),
    "0on.info.md": ("Privacy Policy", "www", 0),
    "0url.in.md": ("Legal", "other", 0),
    "1800hotels.ie.md": ("1800hotels.ie privacy policy", "other", 0),
    "1800petmeds.com.md": ("1800PetMeds.com - Privacy Policy", "www", 0),
    "3broadband.ie.md": ("Privacy Policy | Three.ie", "other", 0),
    "3mp3.ru.md": (
        "Бесплатно скачать MP3 музыку - MP3 Music Free Download - RIN.ru",
        "same",
        15,
    ),
    "adwaremedic.com.md": ("AdwareMedic Privacy Policy", "www", 0),
    "dotnetpanel.com.2006-10-20.md": (
        "DotNetPanel - The Hosting Management Portal",
        "www",
        0,
    ),
    "dotnetpanel.com.2008-12-01.md": (
        "Privacy Policy : Control Panel for Windows Hosting, IIS 7, VPS, Exchange,"
        " SharePoint, Dynamics CRM and Dedicated servers",
        "www",
        0,
    ),
    "pi-hole.net.md": (
        "Privacy – Pi-hole®: A black hole for Internet advertisements",
        "same",
        0,
    ),
    "rvtraderonline.com.md": ("About RV Trader Online", "www", 0),
    "silicondust.com.md": ("privacy - Silicondust", "www", 0),
    "16-25railcard.co.uk.md": ("Privacy Policy - Railcard", "www", 0),
    "160by2.com.md": ("160by2 - Privacy and Antispam", "www", 0),
    "163xxf.com.md": ("Legal", "other", 0),
    "168101.com.md": ("Privacy Policy - NameJet Domain Name Services", "other", 0),
    "51rrkan.com.md": ("HugeDomains.com - Privacy Policy", "other", 0),
    "accentpay.ru.md": (
        "Global Payment Provider I Customised Payment Gateway I ECommPay",
        "other",
        0,
    ),
    "actionpay.ru.md": ("Privacy policy - Actionpay Performance Network", "other", 0),
    "ama.ab.ca.md": ("Privacy Policy", "same", 0),
    "amadorasbrasileiras.com.md": ("Privacy Policy", "www", 0),
    "amanet.org.md": ("AMA - Privacy Policy", "www", 0),
    "amardesh.com.md": ("Privacy – Amardesh", "subdomain", 0),
    "amarnatok.com.md": (
        "AmarNatok.com - FREE Bangla Natoks, Drama Serials, Ittadi, Recipes! - "
        "AMARNATOK.COM - PRIVACY POLICY",
        "www",
        0,
    ),
    "amarphonebook.com.md": ("amarphonebook.com privacy policy", "www", 0),
    "amateri.pl.md": ("Privacy policy | Amateri.com", "other", 0),
    "bracbank.com.md": (
        "BRAC Bank Limited Mobile Internet Banking Application Privacy Policy",
        "www",
        0,
    ),
    "bragg.com.md": (
        "Bragg Live Foods, Bragg Apple Cider Vinegar, Bragg Liquid "
        "Aminos,Systemic Enzymes, Bragg Live Organic Food Products, Patricia "
        "Bragg, Paul Bragg, Bragg Organic Olive Oil, Bragg Salad Dressings, "
        "Bragg Seasonings, Bragg Health Products",
        "same",
        0,
    ),
    "brainbell.com.md": ("Privacy Policy - : BrainBell", "www", 0),
    "deakin.edu.au.md": ("Disclaimer information", "www", 0),
    "deal.com.sg.md": (
        "Privacy Policy | DEAL.com.sg - Best Deals in Singapore",
        "www",
        0,
    ),
    "dealdey.com.md": ("DealDey - Privacy Policy", "www", 0),
    "egreetings.com.md": ("www.egreetings.com", "www", 0),
    "freedom-to-tinker.com.md": ("Privacy", "same", 7),
    "geocities.com.md": ("Yahoo! Privacy Policy", "other", 0),
    "goo-net-exchange.com.md": (
        "Best Place to Buy Foreign and Japanese Used Cars - Privacy Policy",
        "www",
        0,
    ),
    "goodnoise.com.md": (
        "Privacy Policy | Stimulating Curious Musical Minds | eMusic",
        "other",
        0,
    ),
    "hancinema.net.md": (
        "HanCinema Privacy Policy Statement @ HanCinema :: The Korean Movie and "
        "Drama Database",
        "www",
        0,
    ),
    "hancockbank.com.md": ("Hancock Bank: Privacy Policy", "www", 0),
    "handango.com.md": ("Handango – Premium Free Apps Everyday", "same", 0),
    "handbag.com.md": ("handbag.com privacy policy", "same", 0),
    "handhelditems.com.md": ("Handheld Toys & Accessories", "www", 0),
    "handle.net.md": ("Privacy Policy", "www", 0),
    "hankooktire.com.md": ("Privacy Policy | Hankook USA", "www", 0),
    "hanon-shop.com.md": ("Privacy – Hanon", "www", 0),
    "hants.gov.uk.md": ("Privacy", "www", 0),
    "hanyingku.org.md": ("Legal Agreement", "other", 0),
    "hotbot.com.md": ("Lycos Info - Lycos Network Privacy Policy", "other", 0),
    "kcjs.jp.md": ("kcjs.jp privacy policy", "www", 0),
    "kinderart.com.md": ("KinderArt - Privacy Policy", "www", 0),
    "king.com.md": ("Play Free Online games at King.com", "www", 0),
    "kingolotto.co.uk.md": (
        "Kingolotto - 100% free UK lottery - Win : vouchers, DVDs, holidays, "
        "DVD players, mobile phones and loads of great prizes!",
        "www",
        0,
    ),
    "kingsage.vn.md": ("Gameforge", "other", 0),
    "kingso.net.md": ("kingso.net privacy policy", "www", 0),
    "kingsofchaos.com.md": (
        "Kings of Chaos :: Build Your Army, Conquer Your Enemies, Become a King "
        "of Chaos!",
        "www",
        0,
    ),
    "kingsouq.com.md": ("Privacy Policy", "www", 0),
    "maastrichtuniversity.nl.md": ("UM General Privacy Statement", "www", 0),
    "macconnection.com.md": ("Privacy Policy - MacConnection", "www", 0),
    "maccosmetics.co.uk.md": (
        "PRIVACY POLICY | MAC Cosmetics - Official Site",
        "www",
        0,
    ),
    "mai3721.com.md": ("Legal", "other", 0),
    "maicoin.com.md": ("MaiCoin: Privacy Policy", "www", 0),
    "mail.ee.md": ("Mail.ee Help", "subdomain", 0),
    "mail.gr.md": ("Protecting your Privacy", "other", 1),
    "mailboxforwarding.com.md": (
        "Mailbox Forwarding - View Postal Mail Online, Mail Forwarding, Post "
        "Office Box, and Virtual Address PO Box Services",
        "www",
        1,
    ),
    "mailchimp.com.md": ("Privacy Policy Statement", "www", 0),
    "mailonline.co.uk.md": (
        "Privacy Policy and Cookies | Daily Mail Online",
        "other",
        0,
    ),
    "mainline.com.au.md": ("Privacy Statement - Mainline", "same", 0),
    "mainlinemenswear.co.uk.md": (
        "Mainline Menswear Ltd. > Our Privacy Statement",
        "www",
        0,
    ),
    "mothernature.com.md": ("MotherNature's Healthy Living Help Desk", "www", 1),
    "mp3.com.md": ("CBS Interactive Privacy Policy :: CBS Interactive", "other", 2),
    "netscape.com.md": ("Netscape Info", "subdomain", 1),
    "nordstrom.com.md": ("Nordstrom Customer Privacy", "subdomain", 0),
    "omahasteaks.com.md": ("Omaha Steaks Privacy Policy", "www", 0),
    "overstock.com.md": ("PRIVACY AND SECURITY POLICY", "subdomain", 0),
    "paypal.com.md": ("PayPal", "www", 0),
    "qvc.com.md": ("The QVC Privacy Statement — Customer Service — QVC.com", "www", 0),
    "qvcuk.com.md": ("Privacy Statement", "www", 0),
    "rakuten.cn.md": ("Privacy Policy | Rakuten, Inc.", "other", 0),
    "salliemae.com.md": ("About us: Privacy Policy", "www", 0),
    "sonepar.fr.md": ("SONEPAR - Privacy Policy", "www", 0),
    "sonicelectronix.com.md": ("Privacy Policy - Sonic Electronix", "www", 0),
    "spotify.com.md": ("Privacy policy - Spotify", "www", 0),
    "uhaul.com.md": ("U-Haul: Privacy policy", "www", 0),
    "usps.com.md": ("Privacy Policy Highlights", "subdomain", 0),
    "vodacom.co.za.md": ("Privacy Policy - Terms & Conditions | Vodacom", "www", 0),
    "vodafone.co.nz.md": (
        "Vodafone Privacy Policy - About Vodafone - Vodafone NZ",
        "www",
        0,
    ),
    "vodafone.ie.md": (
        "Vodafone Ireland, Mobile Phone Offers, Webtext - Privacy Policy",
        "www",
        0,
    ),
    "vonage.com.md": (
        "Privacy Policy - VoIP Internet Phone Support: Vonage – A Better Way to "
        "Phone for Less",
        "www",
        0,
    ),
    "walmart.com.md": (
        "Walmartstores.com: Walmart Privacy Policy - Highlights",
        "www",
        1,
    ),
    "xoom.com.md": ("Xoom: Privacy Policy", "www", 0),
    "yahoo.cn.md": ("Yahoo! Privacy", "other", 1),
    "yahoo.com.md": ("Yahoo Privacy Center", "subdomain", 0),
    "zappos.com.md": ("Privacy Policy | Zappos.com", "www", 0),
    "ziprecruiter.com.md": ("Privacy Policy | ZipRecruiter", "www", 1),
    "zo.ee.md": ("Adult.xyz - Terms & Conditions", "www", 0),
    "zobaczto.tv.md": ("Privacy Policy | Hover.com", "other", 0),
    "zoho.com.md": (
        "Online Office, Word Processor, Spreadsheet, Presentation, CRM and more",
        "www",
        0,
    ),
    "zojirushi.com.md": ("Zojirushi", "www", 0),
    "zonadictoz.org.md": ("zonadictoz.org privacy policy", "same", 0),
    "zone4.in.th.md": ("Privacy Policy – zone4.in.th", "same", 0),
    "zynga.com.md": ("Privacy Policy | Zynga", "subdomain", 2),
}


def test_corpus_is_listed_and_varied():
    files = {p.name for p in CORPUS.glob("*.md")}
    assert files == {s["file"] for s in SOURCES} == set(EXPECTED)
    for source in SOURCES:
        assert source["path"] and source["why"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    text = (CORPUS / name).read_text("utf-8")
    title, relation, debris_count = EXPECTED[name]
    doc = split_corpus_header(text)
    assert doc is not None
    provenance = doc.provenance
    # The file name carries the domain (and the date when a domain has several).
    stem = name.removesuffix(".md")
    date_suffix = re.search(r"\.(\d{4}-\d{2}-\d{2})$", stem)
    domain = stem[: date_suffix.start()] if date_suffix else stem
    assert provenance.domain == domain
    if date_suffix:
        assert provenance.archived.isoformat() == date_suffix.group(1)
    # Header date and snapshot timestamp agree on every real file.
    assert provenance.snapshot.timestamp.startswith(
        provenance.archived.strftime("%Y%m%d")
    )
    assert provenance.snapshot.modifier == "id_"
    assert all("does not match" not in w.reason for w in provenance.warnings)
    assert doc.title == title
    assert doc.title_is_fallback == (title == f"{domain} privacy policy")
    assert provenance.host_relation == relation
    # The body is the file after the heading, verbatim, from the line it says.
    assert "The following text is extracted" not in doc.body
    assert text.splitlines()[doc.body_line - 1] == doc.body.splitlines()[0]
    assert text.endswith(doc.body)
    cleaned, debris = drop_debris(doc.body, first_line=doc.body_line)
    assert len(debris) == debris_count
    assert drop_debris(cleaned) == (cleaned, ())
    for item in debris:
        source_line = text.splitlines()[item.line - 1]
        assert source_line[item.col - 1 :].startswith(item.text)
    assert archive_slug(provenance.domain, provenance.archived) == (
        f"archive/{domain.replace('.', '-')}-{provenance.archived.isoformat()}"
    )


def test_snapshots_of_one_domain_get_distinct_slugs():
    docs = [
        split_corpus_header((CORPUS / n).read_text("utf-8"))
        for n in ("020.co.uk.2010-04-30.md", "020.co.uk.2012-10-04.md")
    ]
    slugs = {archive_slug(d.provenance.domain, d.provenance.archived) for d in docs}
    assert slugs == {"archive/020-co-uk-2010-04-30", "archive/020-co-uk-2012-10-04"}


# --- the seed, both forms ----------------------------------------------------


def _seed_as_metadata() -> str:
    """The seed rewritten as a hand-edited page: fields instead of the header."""
    doc = split_corpus_header(SEED.read_text("utf-8"))
    return (
        f"Title: {doc.title}\n"
        f"Archive_snapshot: {doc.provenance.snapshot.url}\n"
        f"Archive_date: {doc.provenance.archived.isoformat()}\n"
        f"Archive_domain: {doc.provenance.domain}\n\n{doc.body}"
    )


def _read_fields(text: str) -> tuple[dict[str, str], dict[str, int]]:
    """Fields the way Pelican hands them over: keys lower-cased, with their lines."""
    meta, lines = {}, {}
    for number, line in enumerate(text.split("\n\n", 1)[0].split("\n"), 1):
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
        lines[key.strip().lower()] = number
    return meta, lines


def test_header_and_metadata_give_identical_provenance():
    from_header = split_corpus_header(SEED.read_text("utf-8")).provenance
    meta, lines = _read_fields(_seed_as_metadata())
    from_meta = provenance_from_metadata(meta, lines=lines)
    assert from_meta == from_header
    assert note_for(from_meta) == note_for(from_header)
    assert structured_data_for(from_meta) == structured_data_for(from_header)
    # Each form points at where its snapshot URL is written.
    assert (from_header.line, from_meta.line) == (1, 2)


def test_seed_note():
    note = note_for(split_corpus_header(SEED.read_text("utf-8")).provenance)
    assert note.domain == "dotnetpanel.com"
    assert note.archived_words == "1 December 2008"
    assert note.archived_datetime == "2008-12-01T19:20:19Z"
    assert note.view_url == (
        "https://web.archive.org/web/20081201192019/"
        "http://www.dotnetpanel.com/company/legal/privacy-policy"
    )
    assert note.raw_url == (
        "https://web.archive.org/web/20081201192019id_/"
        "http://www.dotnetpanel.com/company/legal/privacy-policy"
    )
    assert note.original_display == (
        "http://www.dotnetpanel.com/company/legal/privacy-policy"
    )


def test_seed_structured_data():
    provenance = split_corpus_header(SEED.read_text("utf-8")).provenance
    assert structured_data_for(provenance) == {
        "archivedAt": SEED_URL,
        "isBasedOn": "http://www.dotnetpanel.com/company/legal/privacy-policy",
    }


def test_crlf_and_bom_copies_read_the_same():
    text = SEED.read_text("utf-8")
    plain = split_corpus_header(text)
    windows = split_corpus_header("\ufeff" + text.replace("\n", "\r\n"))
    assert windows.provenance == plain.provenance
    assert windows.title == plain.title
    assert windows.body.replace("\r\n", "\n") == plain.body


# --- header and metadata errors ----------------------------------------------


def test_ordinary_page_is_not_an_archive_copy():
    assert split_corpus_header("Title: Terms\n\n> *The following text*\n") is None
    assert split_corpus_header("") is None


def _seed_with(old: str, new: str) -> str:
    text = SEED.read_text("utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "reason", "at"),
    [
        (
            "archived on 2008-12-01",
            "archived on 2008-13-01",
            "not a real date",
            "2008-13",
        ),
        ("archived on 2008-12-01", "archived on 12/01/2008", "YYYY-MM-DD", "12/01"),
        (
            "from the dotnetpanel.com",
            "from the dotnetpanel",
            "expected a domain",
            "dotn",
        ),
        (SEED_URL, "javascript:alert(1)", "http(s) Wayback", "javascript:"),
        ("20081201192019", "20081231252019", "not a real moment", "https://web."),
        ("for the most accurate", "for the more accurate", "archive header", None),
    ],
    ids=["month 13", "US date", "bare name", "javascript", "hour 25", "reworded"],
)
def test_bad_header_is_an_error_on_line_1(old, new, reason, at):
    text = _seed_with(old, new)
    with pytest.raises(ContentError, match=re.escape(reason)) as caught:
        split_corpus_header(text)
    # The column points at the faulty value in the header line.
    col = text.splitlines()[0].index(at) + 1 if at else None
    assert (caught.value.line, caught.value.col) == (1, col)


def test_date_mismatch_is_a_warning_not_an_error():
    doc = split_corpus_header(
        _seed_with("archived on 2008-12-01", "archived on 2008-12-02")
    )
    (warning,) = doc.provenance.warnings
    assert "2008-12-02 does not match" in warning.reason
    assert warning.line == 1
    assert doc.provenance.archived == dt.date(2008, 12, 2)


def test_metadata_absent_means_not_archived():
    assert provenance_from_metadata({"title": "Terms"}) is None


def test_metadata_needs_all_three_fields():
    with pytest.raises(ContentError, match="archive_date, archive_domain missing") as e:
        provenance_from_metadata(
            {"archive_snapshot": SEED_URL}, lines={"archive_snapshot": 4}
        )
    assert e.value.line == 4


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("archive_snapshot", "https://www.dotnetpanel.com/privacy", "not a Wayback"),
        ("archive_snapshot", "data:text/html,x", "http(s) Wayback"),
        ("archive_date", "1 December 2008", "expected YYYY-MM-DD"),
        ("archive_domain", "http://dotnetpanel.com", "expected a domain"),
    ],
    ids=["site URL", "data URL", "date in words", "URL as domain"],
)
def test_bad_metadata_names_its_line(field, value, reason):
    meta = {
        "archive_snapshot": SEED_URL,
        "archive_date": "2008-12-01",
        "archive_domain": "dotnetpanel.com",
        field: value,
    }
    lines = {"archive_snapshot": 2, "archive_date": 3, "archive_domain": 4}
    with pytest.raises(ContentError, match=re.escape(reason)) as caught:
        provenance_from_metadata(meta, lines=lines)
    assert caught.value.line == lines[field]


def test_host_relation_is_reported_not_failed():
    meta = {"archive_snapshot": SEED_URL, "archive_date": "2008-12-01"}
    relations = {
        domain: provenance_from_metadata({**meta, "archive_domain": domain})
        for domain in ("www.dotnetpanel.com", "dotnetpanel.com", "example.com")
    }
    assert {d: p.host_relation for d, p in relations.items()} == {
        "www.dotnetpanel.com": "same",
        "dotnetpanel.com": "www",
        "example.com": "other",
    }
    sub = provenance_from_metadata(
        {
            "archive_snapshot": "https://web.archive.org/web/2016/https://blog.example.com/p",
            "archive_date": "2016-05-05",
            "archive_domain": "example.com",
        }
    )
    assert (sub.host_relation, sub.warnings) == ("subdomain", ())


# --- titles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (None, "example.ie privacy policy"),
        ("", "example.ie privacy policy"),
        ("_", "example.ie privacy policy"),
        ("**  **", "example.ie privacy policy"),
        ("|", "example.ie privacy policy"),
        ("test", "example.ie privacy policy"),
        ("Untitled Document", "example.ie privacy policy"),
        ("Legal", "Legal"),
        ("  Privacy Policy ", "Privacy Policy"),
        ("Datenschutzerklärung", "Datenschutzerklärung"),
        ("Testing Policy", "Testing Policy"),
    ],
)
def test_fallback_title(heading, title):
    assert fallback_title(heading, "example.ie") == title


@pytest.mark.parametrize(
    ("heading_line", "title"),
    [
        ("# ", "dotnetpanel.com privacy policy"),
        ("# _", "dotnetpanel.com privacy policy"),
        ("#", "dotnetpanel.com privacy policy"),
        ("# Policy #", "Policy"),
    ],
    ids=["empty", "underscore", "bare hash", "closing hashes"],
)
def test_empty_and_junk_headings_in_a_file(heading_line, title):
    text = SEED.read_text("utf-8")
    first_heading = text.splitlines()[2]
    doc = split_corpus_header(text.replace(first_heading, heading_line, 1))
    assert doc.title == title
    assert doc.body.startswith("The web-site dotnetpanel.com")


def test_file_without_heading_keeps_its_first_paragraph():
    text = SEED.read_text("utf-8")
    first_heading = text.splitlines()[2]
    doc = split_corpus_header(text.replace(first_heading + "\n\n", "", 1))
    assert doc.heading is None
    assert doc.title == "dotnetpanel.com privacy policy"
    assert doc.body.startswith("The web-site dotnetpanel.com")
    assert doc.body_line == 3


# --- debris ------------------------------------------------------------------

DEBRIS = [
    ("[](https://web.archive.org/)", "", 1),
    ("Home [](https://web.archive.org/) page", "Home  page", 1),
    ("[ ](https://web.archive.org/ru/album/58)", " ", 1),
    ('[](http://www.cs.rice.edu/~dwallach/ "Visit dwallach’s website")', "", 1),
    ("a [](<https://x.example/a b>) b", "a  b", 1),
    ("[](https://x.example/a_(b)) tail", " tail", 1),
    ("![](https://web.archive.org/web/2016im_/http://x.example/x.gif)", None, 0),
    ("[![](https://x.example/i.png)](https://x.example/)", None, 0),
    (r"\[](https://x.example/)", None, 0),
    ("`[](https://x.example/)` in code", None, 0),
    ("```\n[](https://x.example/)\n```", None, 0),
    ('[ ¶](https://x.example/#a "Link to this section")', None, 0),
    ("[ **0link.me**](http://0link.me/)", None, 0),
    ("[x]()", None, 0),
]


@pytest.mark.parametrize(
    ("body", "cleaned", "count"), DEBRIS, ids=[d[0] for d in DEBRIS]
)
def test_drop_debris(body, cleaned, count):
    out, debris = drop_debris(body, first_line=7)
    assert out == (body if cleaned is None else cleaned)
    assert len(debris) == count
    assert all(d.line >= 7 and "empty link" in d.reason for d in debris)
    assert drop_debris(out) == (out, ())


def test_drop_debris_leaves_indented_code_alone():
    # Markdown shows an indented block as literal text, debris and all.
    body = "Example:\n\n    [](https://x.example/)\n"
    assert drop_debris(body) == (body, ())


def test_drop_debris_reads_an_indented_list_paragraph_as_text():
    body = "- First item\n\n    More of it [](https://x.example/) here.\n"
    cleaned, found = drop_debris(body)
    assert cleaned == "- First item\n\n    More of it  here.\n"
    assert [d.line for d in found] == [3]


# --- the partial -------------------------------------------------------------


def _render(provenance) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("partials/provenance.html").render(provenance=provenance)


def test_partial_renders_the_seed_note():
    note = note_for(split_corpus_header(SEED.read_text("utf-8")).provenance)
    html = _render(note)
    assert html == _render(dataclasses.asdict(note))
    assert '<aside class="provenance" aria-labelledby="provenance-heading">' in html
    assert 'id="provenance-heading"' in html
    assert '<time datetime="2008-12-01T19:20:19Z">1 December 2008</time>' in html
    assert f'href="{note.view_url}"' in html
    assert f'href="{note.raw_url}"' in html
    assert "dotnetpanel.com privacy policy" in html


def test_partial_escapes_every_value():
    note = note_for(split_corpus_header(SEED.read_text("utf-8")).provenance)
    hostile = dataclasses.replace(
        note,
        original_display='http://x.example/"><script>alert(1)</script>',
        view_url='https://web.archive.org/web/2008/x" onclick="alert(1)',
    )
    html = _render(hostile)
    assert "<script>" not in html
    assert 'onclick="alert' not in html
    assert "&lt;script&gt;" in html


def test_partial_renders_nothing_without_provenance():
    assert _render(None).strip() == ""
