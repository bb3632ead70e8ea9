"""Mojibake left in what readers and search engines see: visible text, labels, metadata.

Owns one narrow rule for UTF-8 shown as Windows-1252, written to flag the
classic sequences and never correct text in any language. It repairs nothing:
that is the site plugin's job; this is the audit after the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sitetools.check.pages import Page, Problem

CHECK = "text"


def _shown_as_1252(byte: int) -> str:
    """The character a byte becomes in Windows-1252 (Latin-1 for its 5 holes)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


# UTF-8 continuation bytes 0x80-0xBF as Windows-1252 shows them: "€", "™",
# "“", "©", "¼", a no-break space ... and the lead bytes 0xC2-0xF4, which
# Windows-1252 and Latin-1 both show as "Â".."ô".
_CONTINUATIONS = "".join(_shown_as_1252(byte) for byte in range(0x80, 0xC0)) + "".join(
    chr(byte) for byte in range(0x80, 0xA0)
)
_CONTINUATION = f"[{re.escape(_CONTINUATIONS)}]"
# Latin-1 shows 0x80-0x9F as C1 controls where Windows-1252 has punctuation.
_TO_BYTE = {chr(byte): byte for byte in range(0x80, 0xA0)} | {
    _shown_as_1252(byte): byte for byte in range(0x80, 0x100)
}
_SEQUENCE_RE = re.compile(f"[\u00c2-\u00f4]{_CONTINUATION}{{1,3}}")
# "Â" or "Ã" that no continuation follows: the no-break space or "à" whose
# second byte was flattened to a plain space or lost ("1Â (877)", "voilÃ le").
_ORPHAN_RE = re.compile(f"[ÂÃ](?!{_CONTINUATION})")
_C1_RE = re.compile("[\u0080-\u009f]")
# A closing quotation mark after an uppercase word ending in an accented
# capital: "«AMANHÃ»", "“CAFÉ”" are Portuguese and French, not mojibake.
_CLOSING = frozenset("»”’…›")


@dataclass(frozen=True, kw_only=True)
class Mojibake:
    """One suspicious span: where it starts, what it is, what it meant."""

    start: int
    text: str
    meant: str

    def describe(self) -> str:
        """Say what was found, and what it most likely was."""
        if self.meant:
            return f"{self.text!r} is {self.meant!r} decoded as Windows-1252"
        return f"{self.text!r} is a leftover of mojibake"


def find_mojibake(text: str) -> list[Mojibake]:
    """Find mojibake of UTF-8 decoded as Windows-1252 or Latin-1.

    The rule, in order:

    1. A C1 control character (U+0080-U+009F) or U+FFFD is always a leftover.
    2. A lead byte "Â".."ô" followed by the continuation characters UTF-8 needs
       for it (1 for "Â".."ß", 2 for "à".."ï", 3 for "ð".."ô") that together
       decode as UTF-8 is mojibake ("Ã©", "Â ", "â€™", "Ð¿"), except
       - a no-break space after an accented capital other than "Â"/"Ã"
         (French "CAFÉ :" before a colon);
       - a closing quotation mark or ellipsis after an accented capital that
         follows another capital and precedes no letter ("«AMANHÃ»");
       - a sequence decoding to IPA or modifier letters (U+0250-U+02FF):
         "ZZAJÉ’s", "NESTLÉ®" are brand names, "ɒ" and "ɮ" never the intent;
       - a "×" sequence that touches no other mojibake ("5×£35"): Hebrew
         mojibake always comes as a run of them.
    3. "â€" is mojibake even when its third byte was lost.
    4. "Â" or "Ã" followed by no continuation and by no letter is a flattened
       no-break space or "à" ("1Â (877)", "voilÃ le"), unless the nearest
       letter before it is a capital: uppercase text ("HÂLÂ 1", "IRMÃ E",
       "C O N C L U S Ã O") is Turkish or Portuguese as written.

    Correct text followed by a letter is never flagged: "Âge", "SÃO PAULO".

    >>> [m.text for m in find_mojibake("Ã©tÃ© Âge SÃO")]
    ['Ã©', 'Ã©']
    """
    if text.isascii():
        return []
    found: dict[int, Mojibake] = {}
    for match in _C1_RE.finditer(text):
        found[match.start()] = Mojibake(
            start=match.start(), text=match.group(), meant=""
        )
    for index, char in enumerate(text):
        if char == "\ufffd":
            found[index] = Mojibake(start=index, text=char, meant="")
    for match in _SEQUENCE_RE.finditer(text):
        hit = _decoded_sequence(text, match.start(), match.group())
        if hit:
            found.setdefault(hit.start, hit)
    for match in re.finditer("â€", text):
        found.setdefault(
            match.start(), Mojibake(start=match.start(), text="â€", meant="")
        )
    for match in _ORPHAN_RE.finditer(text):
        start = match.start()
        after = text[start + 1 : start + 2]
        if after.isalpha() or _last_letter(text, start).isupper():
            continue
        meant = "\u00a0" if match.group() == "Â" else "à"
        found.setdefault(start, Mojibake(start=start, text=match.group(), meant=meant))
    hits: list[Mojibake] = []
    for start in sorted(found):
        # One report per span: a C1 control inside "Ã\x89" is part of it.
        if hits and start < hits[-1].start + len(hits[-1].text):
            continue
        hits.append(found[start])
    return [hit for hit in hits if not _lone_times(hit, hits)]


def _last_letter(text: str, end: int) -> str:
    """The nearest letter before ``end``, or "" when there is none."""
    for char in reversed(text[:end]):
        if char.isalpha():
            return char
    return ""


def _lone_times(hit: Mojibake, hits: list[Mojibake]) -> bool:
    """A "×" sequence with no mojibake touching it: "5×£35", "“×” curves".

    Hebrew mojibake ("×©×œ×•×") comes as a run of such sequences, so a lone
    one is arithmetic or a quoted sign.
    """
    if not hit.text.startswith("×"):
        return False
    end = hit.start + len(hit.text)
    return not any(
        other.start == end or other.start + len(other.text) == hit.start
        for other in hits
    )


def _decoded_sequence(text: str, start: int, candidate: str) -> Mojibake | None:
    """The mojibake starting at ``start``, or None when rule 2 does not hold."""
    lead = ord(candidate[0])
    needed = 1 if lead <= 0xDF else 2 if lead <= 0xEF else 3
    if len(candidate) < needed + 1:
        return None
    span = candidate[: needed + 1]
    try:
        meant = bytes(_TO_BYTE[char] for char in span).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if needed == 1:
        if "\u0250" <= meant <= "\u02ff":
            # IPA and modifier letters ("É’" would be "ɒ"): no text mangled
            # this way, and correct text writes "ZZAJÉ’s", "NESTLÉ®".
            return None
        before = text[start - 1 : start]
        after = text[start + 2 : start + 3]
        if span[1] == "\u00a0" and span[0] not in "ÂÃ":
            return None
        if span[1] in _CLOSING and before.isupper() and not after.isalpha():
            return None
    return Mojibake(start=start, text=span, meant=meant)


def check_text(page: Page) -> list[Problem]:
    """Mojibake in a page's title, description, visible text, labels and JSON-LD."""
    places: list[tuple[str, str]] = [
        ("<title>", page.title),
        ("meta description", page.description),
        ("visible text", page.text),
        *(("label", label) for label in page.labels),
    ]
    for _line, raw in page.json_ld:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue  # the structured-data check reports it
        places.extend(("JSON-LD", value) for value in _strings(data))
    problems = []
    for place, text in places:
        for hit in find_mojibake(text):
            context = text[max(0, hit.start - 20) : hit.start + 20]
            problems.append(
                Problem(
                    page=page.relative,
                    check=CHECK,
                    reason=f"mojibake in {place}: {hit.describe()}, in {context!r}",
                )
            )
    return problems


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
