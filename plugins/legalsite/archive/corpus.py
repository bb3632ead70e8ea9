"""Files of the "Privacy Policies over Time" corpus: their header line and title.

A corpus file's first line states where the text came from; its ``#`` heading is
the title unless it names nothing. Provenance itself lives in ``provenance``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legalsite.archive.provenance import Provenance, build_provenance
from legalsite.errors import ContentError
from legalsite.text.source import CORPUS_HEADER_PREFIX

# The corpus writes this sentence, byte for byte, as the first line of every file;
# detection is a prefix test so pages that are not archive copies cost almost nothing.
# Decoding already needs it (an archived copy's controls are cleaned, not refused).
HEADER_PREFIX = CORPUS_HEADER_PREFIX


_HEADER = re.compile(
    r"> \*The following text is extracted and transformed from the "
    r"(?P<domain>\S*) privacy policy that was archived on (?P<date>\S*)\. "
    r"Please check the \[original snapshot on the Wayback Machine\]"
    r"\((?P<url>\S*?)\) for the most accurate reproduction\.\*[ \t]*\r?$",
    re.MULTILINE,
)


_ATX_H1 = re.compile(r" {0,3}#(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*\r?$")


_BLANK = re.compile(r"[ \t]*\r?$")


# Headings the corpus carries that name nothing (1800hotels.ie: "# test"; kcjs.jp:
# "# None", a missing title printed by the conversion); compared
# case-insensitively after stripping emphasis markers and spaces.
JUNK_TITLES = frozenset(
    {
        "test",
        "title",
        "untitled",
        "untitled document",
        "untitled page",
        "new page",
        "none",
    }
)


@dataclass(frozen=True, kw_only=True)
class CorpusDocument:
    """A corpus file split into provenance, title and body.

    ``heading`` is the ``#`` line's text as written (None when there is none);
    ``title`` is what the page shows (``heading`` or the fallback). ``body`` is
    the rest of the file, verbatim, and starts on source line ``body_line``.
    """

    provenance: Provenance
    heading: str | None
    title: str
    title_is_fallback: bool
    body: str
    body_line: int


def split_corpus_header(text: str) -> CorpusDocument | None:
    """Split a corpus file into provenance, title and body; None if it is not one.

    Costs one prefix test on other pages. A file that starts with the corpus
    sentence but does not complete it is an error, not an ordinary page.
    """
    start = 1 if text.startswith("\ufeff") else 0
    if not text.startswith(HEADER_PREFIX, start):
        return None
    header = _HEADER.match(text, start)
    if header is None:
        raise ContentError(
            "archive header: expected '> *The following text is extracted and"
            " transformed from the <domain> privacy policy that was archived on"
            " <YYYY-MM-DD>. Please check the [original snapshot on the Wayback"
            " Machine](<snapshot URL>) for the most accurate reproduction.*'",
            line=1,
        )
    provenance = build_provenance(
        domain=header.group("domain"),
        date=header.group("date"),
        url=header.group("url"),
        lines={"domain": 1, "date": 1, "url": 1},
        cols={k: header.start(k) - start + 1 for k in ("domain", "date", "url")},
    )
    lines = text[header.end() :].split("\n")
    lines = lines[1:] if lines and lines[0] == "" else lines  # the header's newline
    index, line_no = 0, 2
    while index < len(lines) and _BLANK.fullmatch(lines[index]):
        index, line_no = index + 1, line_no + 1
    heading = None
    if index < len(lines) and (h1 := _ATX_H1.fullmatch(lines[index])):
        heading = h1.group("text") or ""
        index, line_no = index + 1, line_no + 1
        while index < len(lines) and _BLANK.fullmatch(lines[index]):
            index, line_no = index + 1, line_no + 1
    title = fallback_title(heading, provenance.domain)
    return CorpusDocument(
        provenance=provenance,
        heading=heading,
        title=title,
        title_is_fallback=title != (heading or "").strip(),
        body="\n".join(lines[index:]),
        body_line=line_no,
    )


def fallback_title(heading: str | None, domain: str) -> str:
    """The heading, unless it names nothing; then "<domain> privacy policy".

    A heading names nothing when, without emphasis markers, it has no letter or
    digit ("", "_", "|") or is a placeholder word from ``JUNK_TITLES``.

    >>> fallback_title("# test"[2:], "1800hotels.ie")
    '1800hotels.ie privacy policy'
    >>> fallback_title("Legal", "0hosting.org")
    'Legal'
    """
    text = (heading or "").strip()
    bare = " ".join(text.replace("*", " ").replace("_", " ").split()).casefold()
    if not any(ch.isalnum() for ch in bare) or bare in JUNK_TITLES:
        return f"{domain} privacy policy"
    return text
