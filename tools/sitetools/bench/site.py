"""A synthetic site of policy-sized pages for ``bench``: same seed, same bytes.

Owns what the benchmark builds: prose, contacts, mojibake and archive headers
in realistic proportions, written as a plugin tree, a plain-Pelican tree and a
Hugo site. It times nothing; ``bench`` does.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

from legalsite.archive import archive_slug

CORPUS_HEADER = (
    "> *The following text is extracted and transformed from the {domain} privacy "
    "policy that was archived on {date}. Please check the [original snapshot on "
    "the Wayback Machine](https://web.archive.org/web/{stamp}id_/http%3A//www."
    "{domain}/privacy) for the most accurate reproduction.*"
)

_DATA = (
    "your name and email address", "the IP address of your computer",
    "billing and payment details", "information about the pages you visit",
    "the contents of support requests", "cookies and similar identifiers",
    "your server and hosting configuration", "usage statistics for the control panel",
)  # fmt: skip
_ACTIONS = (
    "create an account", "order a hosting plan", "contact our support team",
    "sign up for the newsletter", "use the control panel", "visit our website",
)  # fmt: skip
_PARTIES = (
    "payment processors", "our hosting partners", "law enforcement agencies",
    "auditors and legal advisers", "resellers who manage your account",
)  # fmt: skip
_PURPOSES = (
    "process your orders", "provide technical support", "prevent fraud",
    "comply with the law", "improve the service", "send you invoices",
)  # fmt: skip
_RIGHTS = (
    "access the data we hold about you", "correct inaccurate data",
    "delete your account", "object to direct marketing", "export your data",
)  # fmt: skip
_HEADINGS = (
    "Information we collect", "How we use information", "Sharing and disclosure",
    "Cookies", "Data retention", "Security", "Your rights", "Children",
    "International transfers", "Changes to this policy", "Third-party services",
)  # fmt: skip
_SENTENCES = (
    "We collect {data} when you {action}.",
    "{company} may share {data} with {party} to {purpose}.",
    "You may ask us to {right} at any time by writing to {company}.",
    "We keep {data} for {n} months after you close your account.",
    "Section {n}.{m} of our terms of service also applies to {data}.",
    "We do not sell {data} to anyone, and we never will.",
    "Where the law requires it, we ask for your consent before we {purpose_v}.",
    "This policy was last reviewed on {date}.",
    "{company} uses {data} only to {purpose}, and for no other reason.",
    "If you {action}, we may also record {data} for up to {n} days.",
)
# Clean pages carry the non-ASCII of real policies: curly quotes and dashes.
_CURLY = (
    "We don’t read the contents of your mailboxes — only the metadata we need.",
    "The “service” means the control panel and every site it manages.",
    "Our partners’ policies, not this one, govern what they do with your data.",
)
_CONTACT = (
    "If you have questions about this policy, please call {label} at {phone}, {hours}."
)
_LABELS = ("our toll-free line", "customer support", "our privacy office", "sales")
_HOURS = (
    "Monday through Friday, 9 AM - 6 PM PST",
    "Mon-Fri 9:00-17:00 CET",
    "24/7",
    "weekdays from 8 a.m. to 8 p.m. EST",
    "Monday to Saturday, 10:00 to 18:00 GMT",
)
_TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")
_AREA = ("212", "415", "604", "206", "312", "617", "305")
# Windows-1252 mojibake of UTF-8: what a fifth of archived pages look like.
_MOJIBAKE = {"’": "â€™", "“": "â€œ", "”": "â€\x9d", "—": "â€”", "é": "Ã©"}


@dataclass(frozen=True, kw_only=True)
class BenchPage:
    """One page: its file as the plugin reads it and as plain Pelican reads it."""

    path: str
    text: str
    plain_text: str
    title: str
    slug: str
    body: str


def generate_site(count: int, *, seed: int = 9) -> list[BenchPage]:
    """Return ``count`` pages, deterministic for a given ``seed``.

    Every page is 1,500 to 3,000 words; a third give phone numbers and support
    hours, a fifth carry mojibake, a quarter are in the archived-corpus format
    (each from its own domain, so no page gains a "what changed" view).
    """
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        pages.append(_page(index, rng))
    return pages


def write_trees(pages: list[BenchPage], root: Path) -> dict[str, Path]:
    """Write the plugin tree, the plain tree and the Hugo site under ``root``."""
    trees = {"plugin": root / "plugin", "plain": root / "plain"}
    hugo = root / "hugo"
    for page in pages:
        for name, text in (("plugin", page.text), ("plain", page.plain_text)):
            target = trees[name] / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
        front = f'---\ntitle: "{page.title}"\nurl: "/{page.slug}/"\n---\n\n'
        target = hugo / hugo_page_path(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front + page.body, "utf-8")
    _write_hugo_skeleton(hugo)
    trees["hugo"] = hugo
    return trees


def hugo_page_path(page: BenchPage) -> str:
    """Where ``page`` lies in the Hugo site, relative to it."""
    return f"content/{page.slug.replace('/', '-')}.md"


def _page(index: int, rng: random.Random) -> BenchPage:
    company = rng.choice(("DotNetPanel", "SMB SAAS Systems", "HostCo", "Acme"))
    words = rng.randint(1500, 2850)
    curly = rng.random() < 0.6
    contact = index % 3 == 0
    broken = index % 5 == 1
    corpus = index % 4 == 2
    parts: list[str] = []
    count = 0
    section = 0
    while count < words:
        if count >= (section * words) // 7:
            section += 1
            parts.append(f"## {section}. {rng.choice(_HEADINGS)}")
        if rng.random() < 0.15:
            items = [f"- {_sentence(rng, company)}" for _ in range(rng.randint(3, 6))]
            block = "\n".join(items)
        else:
            sentences = [_sentence(rng, company) for _ in range(rng.randint(3, 7))]
            if curly and rng.random() < 0.5:
                sentences.insert(rng.randint(0, len(sentences)), rng.choice(_CURLY))
            block = " ".join(sentences)
        if contact and len(parts) == 3:
            block += " " + _contact(rng)
        parts.append(block)
        count += len(block.split())
    body = "\n\n".join(parts) + "\n"
    if broken:
        body = _break(body, rng)
    if corpus:
        domain = f"bench{index:05d}-{rng.choice(('hosting', 'web', 'net'))}.com"
        day = dt.date(2002, 1, 1) + dt.timedelta(days=rng.randint(0, 5000))
        stamp = f"{day:%Y%m%d}{rng.randint(0, 235959):06d}"
        stamp = stamp[:8] + _valid_time(stamp[8:])
        title = f"{domain} Privacy Policy"
        header = CORPUS_HEADER.format(domain=domain, date=day, stamp=stamp)
        text = f"{header}\n\n# {title}\n\n{body}"
        slug = archive_slug(domain, day)
        plain = f"Title: {title}\nSlug: {slug}\nTemplate: legal\n\n{text}"
        return BenchPage(
            path=f"archived/{domain}.md",
            text=text,
            plain_text=plain,
            title=title,
            slug=slug,
            body=body,
        )
    title = f"{company} privacy policy {index}"
    slug = f"policy-{index:05d}"
    text = (
        f"Title: {title}\nLegal: yes\nTemplate: legal\n"
        f"Summary: How {company} handles your data.\nEffective: 2025-01-01\n\n{body}"
    )
    return BenchPage(
        path=f"pages/{slug}.md",
        text=text,
        plain_text=text,
        title=title,
        slug=slug,
        body=body,
    )


def _sentence(rng: random.Random, company: str) -> str:
    template = rng.choice(_SENTENCES)
    return template.format(
        data=rng.choice(_DATA),
        action=rng.choice(_ACTIONS),
        party=rng.choice(_PARTIES),
        purpose=rng.choice(_PURPOSES),
        purpose_v=rng.choice(_PURPOSES),
        right=rng.choice(_RIGHTS),
        company=company,
        n=rng.randint(1, 36),
        m=rng.randint(1, 9),
        date=f"{rng.choice(('March', 'June', 'December'))} {rng.randint(1, 28)}, "
        f"{rng.randint(2001, 2024)}",
    )


def _contact(rng: random.Random) -> str:
    line = rng.randint(200, 999) * 10_000 + rng.randint(0, 9999)
    if rng.random() < 0.6:
        phone = f"1 ({rng.choice(_TOLL_FREE)}) {line // 10_000}-{line % 10_000:04d}"
    else:
        phone = f"{rng.choice(_AREA)}-{line // 10_000}-{line % 10_000:04d}"
    text = _CONTACT.format(
        label=rng.choice(_LABELS), phone=phone, hours=rng.choice(_HOURS)
    )
    if rng.random() < 0.3:
        text += f" Fax: 1 (604) 270-{rng.randint(1000, 9999)}."
    return text


def _break(body: str, rng: random.Random) -> str:
    """Mojibake on some lines only, as in real restored pages."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line and rng.random() < 0.4:
            broken = line
            for good, bad in _MOJIBAKE.items():
                broken = broken.replace(good, bad)
            # The seed's "1Â (877)": a no-break space read as "Â" then flattened.
            lines[i] = re.sub(r"(\d) \(", "\\1Â (", broken)
    if not any("â€" in line for line in lines):
        lines.insert(2, "We donâ€™t share your data â€” ever.\n")
    return "\n".join(lines)


def _valid_time(hhmmss: str) -> str:
    hours, minutes, seconds = int(hhmmss[:2]), int(hhmmss[2:4]), int(hhmmss[4:])
    return f"{hours % 24:02d}{minutes % 60:02d}{seconds % 60:02d}"


def _write_hugo_skeleton(hugo: Path) -> None:
    """A minimal Hugo site: one single-page layout, no taxonomies, no lists."""
    (hugo / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "DotNetPanel"\nrelativeURLs = true\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", '
        '"home", "section", "404"]\n',
        "utf-8",
    )
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>{{ .Title }} | {{ site.Title }}</title></head>\n<body><main>"
        "<h1>{{ .Title }}</h1>\n{{ .Content }}\n</main></body></html>\n",
        "utf-8",
    )
