"""Repair of mojibake: text that was once decoded in the wrong code page.

Owns the pinned ftfy configuration, the order in which a line's readings are
tried (a legacy code page, then ftfy, then the shapes ftfy leaves), the guards
that keep correct text in any language untouched, and the audit trail (Repair,
Suspect). It works on text only: decoding source bytes is ``source.py``'s job;
judging legacy code pages is ``codepages.py``'s, quoted examples ``mentions.py``'s.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from legalsite.text import codepages, mentions

if TYPE_CHECKING:
    import ftfy

# Only the encoding repair runs (through ``fix_encoding_and_explain``); every
# other ftfy fixer is pinned off because legal prose needs its curly quotes,
# entities, ligatures and widths exactly as written.  ``restore_byte_a0`` and
# ``replace_lossy_sequences`` are ftfy's defaults: 'voilÃ  le' and 'â€œbb+â€?'
# (ftfy's in-the-wild cases) need them, and every change still passes the
# guards below and is explained.
FTFY_OPTIONS = MappingProxyType(
    dict(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        max_decode_length=1_000_000,
        explain=True,
    )
)

# Mojibake of UTF-8 turns one character into two or more non-ASCII characters,
# so clean prose (ASCII with lone curly quotes and dashes) holds no clue.  C1
# controls and "Â "/"Ã " (a no-break space flattened to a space, as in the
# seed's "1Â (877)") are the single-character exceptions.  The check runs on
# the backslash-escaped ASCII form, where those clues are plain byte strings:
# a regex over the str itself costs ~4x more on a 2,000-word page.
_ADJACENT_ESCAPES_RE = re.compile(rb"\\[xuU][0-9a-f]+\\[xuU]")
_ESCAPED_CLUES = (
    b"\\x8",
    b"\\x9",
    b"\\xc2 ",
    b"\\xc3 ",
    b"\\u0413 ",
    b"\\u0102 ",
    b"\\ufffd",
)
_RUN_RE = re.compile(r"[^\x00-\x7f]+")
# What ftfy may change in a line: runs of non-ASCII characters, with the
# spaces and '?' between or after them that stand for a lost byte
# ('Ð ÑƒÑ', 'voilÃ  le', 'bbâ€?').
_SEGMENT_RE = re.compile(r"[^\x00-\x7f]+(?:[ ?]+[^\x00-\x7f]+)*[ ?]?")
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _central_european_letters() -> str:
    """Characters a Windows-1250, ISO-8859-2 or ISO-8859-9 reading changes.

    Derived from Python's codecs: the Windows-1252 and Latin-1 characters whose
    byte means another character in those code pages ('³' is 'ł', 'ø' is 'ř').
    """
    changed = set()
    for byte in range(0x80, 0x100):
        raw = bytes([byte])
        for shown in ("cp1252", "latin_1"):
            try:
                char = raw.decode(shown)
            except UnicodeDecodeError:
                continue
            for meant in ("cp1250", "iso8859_2", "iso8859_9"):
                try:
                    other = raw.decode(meant)
                except UnicodeDecodeError:
                    continue
                # A C1 control is no reading ('’' is 0x92 in ISO-8859-2).
                if other != char and not "\x80" <= other <= "\x9f":
                    changed.add(char)
    return "".join(sorted(changed))


# A letter followed by such a character: 'pøi', 'obs³uga', 'konuþma'.  Only
# text with one is worth asking whether it reads as a Central European
# language; '£5' and 'café' never are.
# (The letter is a lookbehind: the scan then stops only at the rare character,
# ~10x faster on a page of prose.)
_CENTRAL_CLUE_RE = re.compile(
    f"(?<=[^\\W\\d_])[{re.escape(_central_european_letters())}]"
)
# Such a character that is no letter, between letters: 'obs³uga', 'TAK¯E',
# 'Naci¶nij'.  No language written in Windows-1252 puts '³' inside a word,
# so the line needs no page-wide vote ('Enigmail - obs³uga PGP/GPG dla
# Mozilli' reads as Polish at only 11%).
_SYMBOL_IN_WORD_RE = re.compile(
    "(?<=[^\\W\\d_])[{}](?=[^\\W\\d_])".format(
        re.escape(
            "".join(
                c
                for c in _central_european_letters()
                if not unicodedata.category(c).startswith("L")
            )
        )
    )
)
_DENSE_RE = re.compile(r"[^\x00-\x7f]{3}")
_CLUE_CHARS = frozenset(_central_european_letters())
# Letters above ASCII that Windows-1252, Windows-1250, ISO-8859-2 and -9 all
# read alike ('í', 'á', 'ö').
_SHARED_LETTERS = frozenset(
    c
    for c in bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")
    if c.isalpha() and c not in _CLUE_CHARS
)
_SYMBOL_CHARS = frozenset(
    c
    for c in _central_european_letters()
    if not unicodedata.category(c).startswith("L")
)
_C1_RE = re.compile("[\x80-\x9f]")
_NOT_LATIN = dict.fromkeys(
    map(
        ord,
        bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")
        + bytes(range(0x80, 0x100)).decode("latin-1"),
    )
)
_LATIN_RUN_RE = re.compile(
    "[{}]{{3}}".format(
        re.escape(
            bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")
            + bytes(range(0x80, 0x100)).decode("latin-1")
        )
    )
)
# "â€" whose third byte was lost: 0x9D, which Windows-1252 leaves undefined,
# is the one decoders drop ('weâ€ or' in a privacy policy of the seed corpus).
# A '?' after it is the lossy decoder's stand-in for that byte ('â€œbbâ€?',
# ftfy's in-the-wild case): ftfy replaces those.
_LOST_BYTE_RE = re.compile("â€(?![\u0080-\u00bf\u0152-\u2122\ufffd?])")
# "â€", "â‚" and "â„" start the Windows-1252 mojibake of U+2000-U+213F
# (quotes, dashes, "€", "™"); no language writes them, so they are evidence
# on their own even where ftfy wants more ("DotNetPanelâ„¢").
# After ASCII only, as the lost byte ('ãƒâ€ ã¢â‚¬â„¢' is ftfy's "hopeless
# garble", not punctuation).
_PUNCTUATION_RE = re.compile("(?<![^\x00-\x7f])â[€‚„][^\x00-\x7f]")
# The lead of 'à' (C3 A0) when its no-break-space second byte became a space:
# as Windows-1252, Windows-1251 and Windows-1250 show it.
_A_GRAVE_LEADS = "ÃГĂ"
_ENCODING_NAMES = {
    "latin-1": "Latin-1",
    "sloppy-windows-1252": "Windows-1252",
    "sloppy-windows-1251": "Windows-1251",
    "sloppy-windows-1250": "Windows-1250",
    "sloppy-windows-1253": "Windows-1253",
    "sloppy-windows-1254": "Windows-1254",
    "sloppy-windows-1257": "Windows-1257",
    "iso-8859-2": "ISO-8859-2",
    "macroman": "Mac Roman",
    "cp437": "code page 437",
    "utf-8": "UTF-8",
    "utf-8-variants": "UTF-8",
    "windows-1252": "Windows-1252",
}
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_FLATTENED_SPACE = (
    "UTF-8 no-break space read as Windows-1252, its second byte flattened to a space"
)


@dataclass(frozen=True)
class _Ftfy:
    """The parts of ftfy this module uses, with the pinned configuration."""

    config: ftfy.TextFixerConfig
    fix_text: Callable[..., str]
    fix_encoding_and_explain: Any
    apply_plan: Callable[[str, list[tuple[str, str]]], str]
    charmap_encodings: tuple[str, ...]
    is_bad: Callable[[str], bool]
    uncurl_quotes: Callable[[str], str]
    utf8_detector: re.Pattern[str]


@functools.cache
def _ftfy() -> _Ftfy:
    """Import ftfy on first use: clean pages, most of a site, never need it.

    Importing it (and wcwidth with it) costs ~90 ms and ~4 MB in every build,
    a tenth of a warm rebuild of 1,000 pages (docs/benchmarks.md).
    """
    import ftfy  # noqa: PLC0415 (deliberately lazy, see above)
    from ftfy.badness import is_bad  # noqa: PLC0415
    from ftfy.chardata import CHARMAP_ENCODINGS, UTF8_DETECTOR_RE  # noqa: PLC0415
    from ftfy.fixes import uncurl_quotes  # noqa: PLC0415

    return _Ftfy(
        config=ftfy.TextFixerConfig(**FTFY_OPTIONS),
        fix_text=ftfy.fix_text,
        fix_encoding_and_explain=ftfy.fix_encoding_and_explain,
        apply_plan=ftfy.apply_plan,
        charmap_encodings=tuple(CHARMAP_ENCODINGS),
        is_bad=is_bad,
        uncurl_quotes=uncurl_quotes,
        utf8_detector=UTF8_DETECTOR_RE,
    )


@dataclass(frozen=True, kw_only=True)
class Repair:
    """One changed span: where it was, what it was, what it is, and why."""

    line: int
    col: int
    before: str
    after: str
    explanation: str


@dataclass(frozen=True, kw_only=True)
class Suspect:
    """A span that looks like mojibake but was left alone because no safe
    repair explains it."""

    line: int
    col: int
    text: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class RepairResult:
    """The repaired text with every change and every doubt, in text order."""

    text: str
    repairs: tuple[Repair, ...] = ()
    suspects: tuple[Suspect, ...] = ()

    @property
    def changed(self) -> bool:
        """True when at least one span was repaired."""
        return bool(self.repairs)


@dataclass(frozen=True)
class _Edit:
    """A proposed change to one line: ``line[start:end]`` becomes ``after``."""

    start: int
    end: int
    after: str
    explanation: str

    def overlaps(self, other: _Edit) -> bool:
        return self.start < other.end and other.start < self.end


def repair_text(text: str) -> RepairResult:
    """Repair mojibake line by line, leaving correct text byte-identical.

    Each line is tried in turn as text in a legacy code page read as
    Windows-1252 (kept only when the repair is confidently a language of that
    code page), as UTF-8 read as a single-byte code page (ftfy, whose repair
    is kept when it only changes non-ASCII spans and produces printable
    text), and for the shapes ftfy leaves: a no-break space flattened to a
    space ('1Â (877)') and a quote whose third byte was lost ('weâ€ or').  A
    line that quotes a broken form beside its repair talks about mojibake and
    is left alone.  Anything else that still looks broken is a suspect.
    Positions are 1-based lines and columns in ``text``.  Idempotent.

    >>> repair_text("We donâ€™t sell data.").text
    'We don’t sell data.'
    >>> repair_text("naïve café").changed
    False
    """
    # Fast path: ASCII text, and text with no two adjacent non-ASCII
    # characters nor a letter the Central European code pages change, cannot
    # hold mojibake.
    if text.isascii() or not (_may_hold_mojibake(text) or _central_clue(text)):
        return RepairResult(text=text)
    lines = [m.group() for m in _LINE_RE.finditer(text) if m.group()]
    # Each line is repaired once without the Central European code pages;
    # the lines that asked for them are done again if the page, as repaired
    # so far, reads as a Central European language.
    asked: list[int] = []
    results = []
    for index, line in enumerate(lines):
        if line.isascii():
            results.append((line, [], []))
            continue

        def ask(index: int = index) -> bool:
            asked.append(index)
            return False

        results.append(_repair_line(line, index + 1, ask))
    central = bool(asked) and _reads_central_european([f for f, _, _ in results])
    if central:
        for index in dict.fromkeys(asked):
            results[index] = _repair_line(lines[index], index + 1, lambda: True)
    for index, (fixed, _, _) in enumerate(results):
        if fixed != lines[index]:
            results[index] = _stable(lines[index], results[index], index + 1, central)
    return RepairResult(
        text="".join(fixed for fixed, _, _ in results),
        repairs=tuple(r for _, line_repairs, _ in results for r in line_repairs),
        suspects=tuple(s for _, _, line_suspects in results for s in line_suspects),
    )


def find_mojibake(text: str) -> tuple[Repair | Suspect, ...]:
    """Every span ``repair_text`` would repair or report, in text order.

    The one detector: the site check and the publish verification ask it
    about built pages, so what the build would have repaired is what they
    flag.

    >>> [f.before for f in find_mojibake("Ã©tÃ© Âge SÃO")]
    ['Ã©tÃ©']
    """
    result = repair_text(text)
    found: list[Repair | Suspect] = [*result.repairs, *result.suspects]
    return tuple(sorted(found, key=lambda f: (f.line, f.col)))


def repair_with_ftfy_alone(text: str) -> str:
    """What ftfy alone, with the pinned configuration, makes of ``text``.

    The yardstick the evaluation (``make eval-mojibake``) measures
    ``repair_text`` against; the build never uses it.
    """
    kit = _ftfy()
    return str(kit.fix_text(text, kit.config))


def _latin_count(text: str) -> int:
    """How many Windows-1252 or Latin-1 characters above ASCII ``text`` holds."""
    return len(text) - len(text.translate(_NOT_LATIN))


def _central_clue(text: str) -> bool:
    # The set test first: the regex alone costs ~8 µs a line of prose.
    return not _CLUE_CHARS.isdisjoint(text) and bool(_CENTRAL_CLUE_RE.search(text))


def _symbol_in_word(text: str) -> bool:
    return not _SYMBOL_CHARS.isdisjoint(text) and bool(_SYMBOL_IN_WORD_RE.search(text))


def _may_hold_mojibake(text: str) -> bool:
    """Cheap test: two adjacent non-ASCII characters, a C1 control or "Â "."""
    escaped = text.encode("ascii", "backslashreplace")
    return any(clue in escaped for clue in _ESCAPED_CLUES) or bool(
        _ADJACENT_ESCAPES_RE.search(escaped)
    )


def _reads_central_european(lines: list[str]) -> bool:
    """Whether the text reads as a Central European language.

    Only words the Central European readings cannot change vote: ASCII and
    the letters those code pages share with Windows-1252 ('Chyba',
    'získávání'); the lines are already repaired otherwise.  A repaired page
    then votes as it did, so a second repair changes nothing (the property
    test's page of a Cyrillic and a Czech line, where 'â' alone voted).
    """
    words = (
        word
        for line in lines
        for word in line.split()
        if _SHARED_LETTERS.issuperset(c for c in word if not c.isascii())
    )
    return codepages.reads_central_european([" ".join(words)])


def _repair_line(
    line: str, number: int, central: Callable[[], bool]
) -> tuple[str, list[Repair], list[Suspect]]:
    """Repair one line; return it with its repairs and suspects.

    ftfy's repair (of the line, then of single runs) and a legacy code page
    reading are both asked; the better one is kept, then the shapes ftfy
    leaves are added where nothing else changed.  A line that turns out to
    quote its mojibake on purpose is returned untouched.
    """
    edits: list[_Edit] = []
    doubts: list[Suspect] = []
    ftfy_edits: list[_Edit] = []
    plan: list[tuple[str, str]] = []
    if _may_hold_mojibake(line):
        ftfy_edits, plan = _ftfy_edits(line)
        runs = [
            e for e in _run_edits(line, ftfy_edits) if not _overlapping(e, ftfy_edits)
        ]
        if runs:
            ftfy_edits = sorted([*ftfy_edits, *runs], key=lambda e: e.start)
            plan = [*plan, ("apply", "decode_inconsistent_utf8")]
    legacy = None
    # Only what ftfy's repair leaves is worth a legacy reading, and the
    # language identifier's 90 MB: three Windows-1252 characters in a row
    # ('È¸¿ø°¡ÀÔÃ¢' in EUC-KR, which ftfy half-decodes), a Central European
    # clue ('pøi', not the 'Ã' of 'CafÃ©'), for which the page's language
    # is asked once, or a C1 control (Mac Roman shown as Latin-1).
    left = _apply(line, ftfy_edits) if ftfy_edits else line
    clue = _central_clue(left)
    if (
        _LATIN_RUN_RE.search(left)
        or clue
        or _C1_RE.search(line)
        # Shift_JIS keeps ASCII between them: '1“x‚̃‰ƒWƒAƒ“' after ftfy.
        or (_latin_count(left) >= 3 and _ftfy().is_bad(left))
    ):
        legacy = codepages.read_legacy(
            line,
            central_european=_symbol_in_word(line) or (clue and central()),
        )
    if isinstance(legacy, codepages.Doubt):
        doubts.append(_suspect(legacy.text, legacy.start, number, legacy.reason))
    doubts.extend(_shape_doubts(line, number))
    if isinstance(legacy, codepages.Reading) and _legacy_wins(
        line, _smallest(legacy, line), ftfy_edits, plan
    ):
        edits.append(_smallest(legacy, line))
    else:
        edits.extend(ftfy_edits)
    for edit in _shape_edits(line):
        if not _overlapping(edit, edits):
            edits.append(edit)
    kept = [e for e in edits if not _uppercase_word(line, e)]
    guarded = [e for e in edits if e not in kept]
    edits = sorted(kept, key=lambda e: e.start)
    fold = _ftfy().uncurl_quotes
    if any(
        mentions.is_mention(line, e.start, e.end, e.after, fold=fold) for e in edits
    ):
        # A help text quoting 'Ã©' beside 'é' (cl-mention-kodi) talks about
        # mojibake: its example is the point.
        return line, [], []
    fixed = _apply(line, edits)
    repairs = [_repair(line, e, number) for e in edits]
    suspects = [
        s for s in doubts if not any(e.start <= s.col - 1 < e.end for e in edits)
    ]
    # A run inside a reported doubt is reported once, with it.
    covered = [
        *edits,
        *guarded,
        *(_Edit(d.col - 1, d.col - 1 + len(d.text), "", "") for d in suspects),
    ]
    suspects.extend(_leftovers(line, covered, number))
    suspects.sort(key=lambda s: s.col)
    return fixed, repairs, suspects


def _stable(
    line: str,
    result: tuple[str, list[Repair], list[Suspect]],
    number: int,
    central: bool,
) -> tuple[str, list[Repair], list[Suspect]]:
    """The line's repair if a second reading leaves it as it is, else a suspect.

    A repair that a second reading would change again ('0\x95ÑÜ': the C1
    control read as Windows-1252 '•' makes 'ÑÜ' look like Windows-1251) is no
    sure reading: the line is left as written and the doubt reported, so
    repairing stays idempotent.
    """
    fixed = result[0]
    if _repair_line(fixed, number, lambda: central)[0] == fixed:
        return result
    start = _common_prefix(line, fixed)
    end = len(line) - _common_prefix(line[::-1], fixed[::-1])
    span = line[start : max(end, start + 1)]
    reason = "a repair that a second reading changes again: left as written"
    return line, [], [Suspect(line=number, col=start + 1, text=span, reason=reason)]


def _legacy_wins(
    line: str, legacy: _Edit, ftfy_edits: list[_Edit], plan: list[tuple[str, str]]
) -> bool:
    """Whether a confident legacy reading beats ftfy's repair of the same line.

    ftfy takes GBK or EUC-KR read as Latin-1 for damaged UTF-8 and decodes a
    piece of it ('È¸¿ø°¡ÀÔÃ¢' -> 'ȸ¿ø°¡ÀÔâ', euckr-join-title); the legacy
    reading wins when it explains more of the line, changing more characters.
    Reading C1 controls as Windows-1252 is ftfy's weakest guess: in
    'tur\x92stico' (ftfy's known failure) they are Mac Roman 'í'.
    """
    if not ftfy_edits:
        return True
    if not any(
        parameter.startswith("utf-8") or parameter == "decode_inconsistent_utf8"
        for _, parameter in plan
    ):
        return True
    return _changed(line, legacy) >= sum(_changed(line, e) for e in ftfy_edits)


def _smallest(reading: codepages.Reading, line: str) -> _Edit:
    """A legacy reading as an edit of only the characters that change."""
    before, after = reading.before, reading.after
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and (
        before[-1 - tail] == after[-1 - tail]
    ):
        tail += 1
    start = reading.start + head
    end = reading.start + len(before) - tail
    return _Edit(start, end, after[head : len(after) - tail], reading.explanation)


def _uppercase_word(line: str, edit: _Edit) -> bool:
    """Whether an edit would break the end of an uppercase word.

    "Â" and a no-break space (or the space it became) between a capital and
    a letter or digit ('MISUTÂ\xa0AJIKKO', ftfy's known false positive;
    Turkish 'HÂLÂ 1'; 'PSTÂ AM' is reported instead), and an accented capital then a
    closing quote after capitals, before no letter ('«AMANHÃ»', the site
    check's case; ftfy's negatives 'VOCÊ…', 'SÓ…' have the same shape).
    """
    before = line[edit.start : edit.end]
    prev = line[edit.start - 1 : edit.start]
    nxt = line[edit.end : edit.end + 1]
    if before in ("Â\xa0", "Â "):
        return prev.isupper() and nxt.isalnum()
    return (
        len(before) == 2
        and before[0].isupper()
        and before[1] in "»”’…›"
        and prev.isupper()
        and not nxt.isalpha()
    )


def _changed(line: str, edit: _Edit) -> int:
    """How many characters an edit really changes (common ends excluded)."""
    before, after = line[edit.start : edit.end], edit.after
    head = _common_prefix(before, after)
    tail = _common_prefix(before[head:][::-1], after[head:][::-1])
    return len(before) - head - tail


def _overlapping(edit: _Edit, edits: list[_Edit]) -> bool:
    return any(edit.overlaps(e) for e in edits)


def _apply(line: str, edits: list[_Edit]) -> str:
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out += [line[at : edit.start], edit.after]
        at = edit.end
    out.append(line[at:])
    return "".join(out)


def _repair(line: str, edit: _Edit, number: int) -> Repair:
    return Repair(
        line=number,
        col=edit.start + 1,
        before=line[edit.start : edit.end],
        after=edit.after,
        explanation=edit.explanation,
    )


def _ftfy_edits(line: str) -> tuple[list[_Edit], list[tuple[str, str]]]:
    """ftfy's repair of the whole line, as edits, if every change is safe.

    A change may touch ASCII only where ftfy restored a flattened no-break
    space ('voilÃ  le') or replaced a lossy '?' ('bbâ€?'); a change to a word,
    a digit or a longer result refuses the whole line.
    """
    kit = _ftfy()
    # Put back the byte a quote lost, so that ftfy decodes it with the rest;
    # left out, ftfy reads "â€ " as a dagger (E2 80 A0) in 'â€œweâ€ or' (the
    # seed corpus).
    lost = list(_LOST_BYTE_RE.finditer(line))
    if lost:
        fixed, plan = kit.fix_encoding_and_explain(
            _LOST_BYTE_RE.sub(_restore_lost_byte, line), kit.config
        )
    else:
        fixed, plan = kit.fix_encoding_and_explain(line, kit.config)
    if fixed == line:
        return [], []
    plan = plan or []
    spans = _segment_spans(line, fixed, plan, kit) or _diff_spans(line, fixed)
    if spans is None:
        # ftfy changed ASCII text, which is never mojibake.
        return [], []
    edits = []
    for i1, span_end, span_after in spans:
        i2, after = span_end, span_after
        if not after and i2 < len(line):
            # Never report an empty 'after': the seed's "Â\xa0" -> "\xa0"
            # reads better than "Â" -> "".
            after, i2 = line[i2], i2 + 1
        if line[i1:i2] in _A_GRAVE_LEADS and line[i2 : i2 + 2] == "  ":
            # 'associées Ã  la' (nb-fr-mixed-classe): the first space is the
            # flattened no-break space of 'à', the second the real one.
            i2 += 1
        before = line[i1:i2]
        if _unsafe_reason(before, after):
            return [], []
        explanation = _explain(before, after, plan)
        if _LOST_BYTE_RE.search(before):
            explanation += "; a quote's third byte was lost (0x9D, or 0x99 in a word)"
        edits.append(_Edit(i1, i2, after, explanation))
    return _merged(line, edits), plan


def _segment_spans(
    line: str, fixed: str, plan: list[tuple[str, str]], kit: _Ftfy
) -> list[tuple[int, int, str]] | None:
    """ftfy's plan for the line applied to each non-ASCII segment, if that
    gives ftfy's repair of the line: one span per broken word."""
    spans = []
    out, at = [], 0
    for match in _SEGMENT_RE.finditer(line):
        segment = match.group()
        try:
            after = kit.apply_plan(_LOST_BYTE_RE.sub(_restore_lost_byte, segment), plan)
        except (UnicodeError, ValueError):
            after = segment
        out += [line[at : match.start()], after]
        at = match.end()
        if after == segment:
            continue
        i1 = match.start()
        if segment.count(" ") == after.count(" "):
            # The spaces were real: one span per word ('CafÃ© Ã©tÃ©').
            pieces = list(zip(segment.split(" "), after.split(" "), strict=True))
        else:
            pieces = [(segment, after)]
        for old, new in pieces:
            if old != new:
                # Report only what changed: a kept '?' is no repair.
                kept = len(old) - len(old.rstrip("?"))
                kept = min(kept, len(new) - len(new.rstrip("?")))
                spans.append((i1, i1 + len(old) - kept, new[: len(new) - kept]))
            i1 += len(old) + 1
    out.append(line[at:])
    return spans if "".join(out) == fixed else None


def _diff_spans(line: str, fixed: str) -> list[tuple[int, int, str]] | None:
    """The changed spans by difflib, or None if one touches ASCII other than a
    space or '?' (a flattened no-break space, a lossy decoder's stand-in)."""
    spans = []
    changes = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in changes.get_opcodes():
        if tag == "equal":
            continue
        before = line[i1:i2]
        if not before or any(c.isascii() and c not in " ?" for c in before):
            return None
        spans.append((i1, i2, fixed[j1:j2]))
    return spans


def _restore_lost_byte(match: re.Match[str]) -> str:
    """ "â€" with the third byte of the quote it must have been.

    Inside a word it is an apostrophe ('Youâ€Re' in a product page,
    lb-en-youre: 0x99); elsewhere a closing quote (0x9D, the byte Windows-1252
    leaves undefined and decoders drop).
    """
    line, start, end = match.string, match.start(), match.end()
    inside = line[start - 1 : start].isalpha() and line[end : end + 1].isalpha()
    return match.group() + ("™" if inside else "\x9d")


def _merged(line: str, edits: list[_Edit]) -> list[_Edit]:
    """Join edits that touch or are one non-space character apart.

    difflib splits 'Ã©tÃ©' -> 'été' around the unchanged 't'; one span per
    broken word reads better in a report and keeps mention checks whole.
    """
    merged: list[_Edit] = []
    for edit in edits:
        if merged:
            last = merged[-1]
            gap = line[last.end : edit.start]
            if len(gap) <= 1 and not gap.isspace():
                merged[-1] = _Edit(
                    last.start,
                    edit.end,
                    last.after + gap + edit.after,
                    last.explanation,
                )
                continue
        merged.append(edit)
    return merged


def _run_edits(line: str, taken: list[_Edit]) -> list[_Edit]:
    """Repairs of single runs that ftfy, judging the whole line, left alone.

    A line mixing correct and broken letters in one word ('pÅ™ipomínku',
    u8-cs-mixed) is inconsistent to ftfy; a run is repaired on its own when
    only one of ftfy's code pages reads it as UTF-8.  'DrÃ¥ber' reads as
    Latin-1 'å' and as Mac Roman, and ftfy rightly leaves it (its negative
    case, issue #202).
    """
    kit = _ftfy()
    edits = []
    for match in _RUN_RE.finditer(line):
        start, end = match.span()
        run = match.group()
        if any(e.start < end and start < e.end for e in taken):
            continue
        found = kit.utf8_detector.search(run)
        if found is None or len(_utf8_readings(found.group(), kit)) != 1:
            continue
        before_char = line[start - 1 : start]
        after_char = line[end : end + 1].strip("\r\n")
        context = before_char + run + after_char
        if not kit.is_bad(context):
            continue
        fixed, plan = kit.fix_encoding_and_explain(context, kit.config)
        if fixed == context or not (
            fixed.startswith(before_char) and fixed.endswith(after_char)
        ):
            continue
        fixed = fixed[len(before_char) : len(fixed) - len(after_char)]
        if _unsafe_reason(run, fixed):
            continue
        head = _common_prefix(run, fixed)
        tail = _common_prefix(run[head:][::-1], fixed[head:][::-1])
        if head + tail >= len(fixed) and tail:
            tail -= 1
        edits.append(
            _Edit(
                start + head,
                end - tail,
                fixed[head : len(fixed) - tail],
                _explain(run, fixed, plan or []),
            )
        )
    return edits


def _utf8_readings(text: str, kit: _Ftfy) -> set[str]:
    """What ``text`` means as UTF-8 in each of ftfy's single-byte code pages."""
    readings = set()
    for encoding in kit.charmap_encodings:
        try:
            readings.add(text.encode(encoding).decode("utf-8"))
        except UnicodeError:
            continue
    return readings


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _shape_edits(line: str) -> list[_Edit]:
    """Repairs of the shapes ftfy leaves: a no-break space flattened to a
    space, and punctuation mojibake standing alone ("â„¢")."""
    edits = []
    for match in re.finditer("[Â" + _A_GRAVE_LEADS + "] ", line):
        edit = _flattened_space(line, match.start())
        if edit is not None:
            edits.append(edit)
    for match in _PUNCTUATION_RE.finditer(line) if "â" in line else ():
        # Bytes Windows-1252 leaves undefined (0x9D in '”') pass through as
        # the C1 control of the same number, as browsers and Word do.
        try:
            raw = bytes(
                ord(c) if "\x80" <= c <= "\x9f" else c.encode("cp1252")[0]
                for c in match.group()
            )
            after = raw.decode("utf-8")
        except UnicodeError:
            continue
        edits.append(
            _Edit(match.start(), match.end(), after, "UTF-8 read as Windows-1252")
        )
    return edits


def _shape_doubts(line: str, number: int) -> list[Suspect]:
    """ "Â " after a capital that no rule can judge: "PSTÂ AM" or Turkish?"""
    doubts = []
    for match in re.finditer("(?<=[A-Z])Â (?=[A-Z])", line) if "Â " in line else ():
        if not _word_before(line, match.start()).isascii():
            continue
        # No ASCII-only word ends in "Â", but "AM" could be Turkish
        # capitals ("HÂLÂ"); leave it for a person to decide.
        doubts.append(
            _suspect("Â ", match.start(), number, "'Â' then a space after a capital")
        )
    return doubts


def _flattened_space(line: str, pos: int) -> _Edit | None:
    """Judge "Â ", "Ã ", "Г " or "Ă " at ``pos``: a UTF-8 sequence whose no-break
    space byte became a plain space."""
    lead = line[pos]
    prev = line[pos - 1] if pos > 0 else ""
    nxt = line[pos + 2] if pos + 2 < len(line) else ""
    if lead == "Â":
        if prev.islower():
            ok = True
        elif prev == "" or prev.isspace():
            ok = not nxt.isupper()
        elif prev.isupper():
            # "PSTÂ ." but not Turkish "HÂLÂ 1".
            ok = not nxt.isalnum()
        else:
            # A digit or punctuation: "1Â (877)", "9Â AM".
            ok = not prev.isalpha()
        return _Edit(pos, pos + 2, "\u00a0", _FLATTENED_SPACE) if ok else None
    # "à" with its second byte flattened: "voilÃ le", "Ã la", "Г bien"
    # (ftfy's known failure in Windows-1251).  Capitals before it are left
    # alone (Vietnamese "XÃ HỘI"), as are capitals after a lone one
    # ("C O N C L U S Ã O").
    if not (prev.islower() or (not prev.isalpha() and nxt.islower())):
        return None
    name = {"Ã": "Windows-1252", "Г": "Windows-1251", "Ă": "Windows-1250"}[lead]
    explanation = f"UTF-8 'à' read as {name}, its second byte flattened to a space"
    # Portuguese "às": "Ã s crianças" had no space of its own.
    if nxt == "s" and line[pos + 3 : pos + 4] in (" ", "", "\n", "\r"):
        return _Edit(pos, pos + 3, "às", explanation)
    return _Edit(pos, pos + 1, "à", explanation)


def _leftovers(line: str, edits: list[_Edit], number: int) -> list[Suspect]:
    """Runs outside every edit that still look broken."""
    suspects = []
    kit = _ftfy()
    for match in _RUN_RE.finditer(line):
        start, end = match.span()
        if any(e.start < end and start < e.end for e in edits):
            continue
        run = match.group()
        if "\ufffd" in run:
            suspects.append(
                _suspect(
                    run,
                    start,
                    number,
                    "U+FFFD: a character was lost before this text was saved",
                )
            )
            continue
        if len(run) < 2 and not ("\x80" <= run <= "\x9f"):
            continue
        context = line[max(0, start - 1) : end + 1]
        if kit.utf8_detector.search(run) and kit.is_bad(context):
            suspects.append(
                _suspect(
                    run, start, number, "looks like UTF-8 read as a legacy code page"
                )
            )
    return suspects


def _unsafe_reason(before: str, after: str) -> str:
    """Say why a proposed repair must not be applied, or return ''."""
    if len(after) > len(before):
        return "a repair would lengthen the text"
    for char in after:
        if char not in before and unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            return f"a repair would produce U+{ord(char):04X}"
    return ""


def _suspect(text: str, start: int, number: int, reason: str) -> Suspect:
    return Suspect(line=number, col=start + 1, text=text, reason=reason)


def _explain(
    before: str, after: str, plan: list[tuple[str, str]], *, inner: bool = False
) -> str:
    """Turn ftfy's plan into prose: 'UTF-8 read as Windows-1252, twice'."""
    layers: list[str] = []
    encoding = ""
    for action, parameter in plan:
        if action == "encode":
            encoding = parameter
        elif action == "decode":
            name = _ENCODING_NAMES.get(encoding, encoding)
            # Latin-1 and Windows-1252 agree outside 0x80-0x9F; name the one
            # that Word and old web pages actually used.
            if name == "Latin-1" and not re.search(r"[\x80-\x9f]", before):
                name = "Windows-1252"
            layers.append(f"{_ENCODING_NAMES.get(parameter, parameter)} read as {name}")
        elif parameter == "decode_inconsistent_utf8":
            kit = _ftfy()
            found = kit.utf8_detector.search(before)
            if found and not inner:
                _, inner_plan = kit.fix_encoding_and_explain(found.group(), kit.config)
                layers.append(_explain(found.group(), "", inner_plan or [], inner=True))
            else:
                layers.append("UTF-8 read as a single-byte code page")
        elif parameter == "fix_c1_controls":
            layers.append(
                "C1 control characters read as Latin-1 instead of Windows-1252"
            )
    if not layers:
        explanation = "decoded in the wrong encoding"
    elif len(set(layers)) == 1 and len(layers) > 1:
        times = {2: "twice", 3: "three times"}.get(len(layers), f"{len(layers)} times")
        explanation = f"{layers[0]}, {times}"
    else:
        explanation = ", then ".join(dict.fromkeys(layers))
    if "\ufffd" in after and "\ufffd" not in before:
        explanation += "; bytes were lost, U+FFFD marks them"
    return explanation


def _word_before(line: str, pos: int) -> str:
    start = pos
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return line[start:pos]
