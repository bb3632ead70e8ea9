"""Repair of mojibake: UTF-8 text that was once decoded in a legacy code page.

Owns the pinned ftfy configuration, the guards that keep correct text in any
language untouched, and the audit trail (Repair, Suspect). It works on text
only: decoding source bytes is ``source.py``'s job, files are the adapters'.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ftfy

# Only the encoding repair runs (through ``fix_encoding_and_explain``); every
# other ftfy fixer is pinned off because legal prose needs its curly quotes,
# entities, ligatures and widths exactly as written.  ``restore_byte_a0`` is off
# because the lost no-break space is judged here with context ftfy lacks
# (Turkish "HÂLÂ 1" versus the seed's "1Â (877)").  ``replace_lossy_sequences``
# is off because turning "â€�" into "�" destroys evidence: it is a suspect.
FTFY_OPTIONS = MappingProxyType(
    dict(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=False,
        replace_lossy_sequences=False,
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

# Mojibake turns one character into two or more non-ASCII characters, so
# clean prose (ASCII with lone curly quotes and dashes) holds no clue.  C1
# controls and "Â "/"Ã " (a no-break space flattened to a space, as in the
# seed's "1Â (877)") are the single-character exceptions.  The check runs on
# the backslash-escaped ASCII form, where those clues are plain byte strings:
# a regex over the str itself costs ~4x more on a 2,000-word page.
_ADJACENT_ESCAPES_RE = re.compile(rb"\\[xuU][0-9a-f]+\\[xuU]")
_ESCAPED_CLUES = (b"\\x8", b"\\x9", b"\\xc2 ", b"\\xc3 ")
_RUN_RE = re.compile(r"[^\x00-\x7f]+")
# "â€", "â‚" and "â„" start the Windows-1252 mojibake of U+2000-U+213F
# (quotes, dashes, "€", "™"); no language writes them, so they are evidence
# on their own even where ftfy wants more ("DotNetPanelâ„¢").
_PUNCTUATION_RE = re.compile("â[€‚„][^\x00-\x7f]")
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
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
}
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})


@dataclass(frozen=True)
class _Ftfy:
    """The parts of ftfy this module uses, with the pinned configuration."""

    config: ftfy.TextFixerConfig
    fix_encoding_and_explain: Any
    is_bad: Any
    utf8_detector: re.Pattern[str]


@functools.cache
def _ftfy() -> _Ftfy:
    """Import ftfy on first use: clean pages, most of a site, never need it.

    Importing it (and wcwidth with it) costs ~90 ms and ~4 MB in every build,
    a tenth of a warm rebuild of 1,000 pages (docs/benchmarks.md).
    """
    import ftfy  # noqa: PLC0415 (deliberately lazy, see above)
    from ftfy.badness import is_bad  # noqa: PLC0415
    from ftfy.chardata import UTF8_DETECTOR_RE  # noqa: PLC0415

    return _Ftfy(
        config=ftfy.TextFixerConfig(**FTFY_OPTIONS),
        fix_encoding_and_explain=ftfy.fix_encoding_and_explain,
        is_bad=is_bad,
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

    def to_dict(self) -> dict[str, int | str]:
        """Return a JSON-ready dict for the build's repair report."""
        return {
            "line": self.line,
            "col": self.col,
            "before": self.before,
            "after": self.after,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, kw_only=True)
class Suspect:
    """A span that looks like mojibake but was left alone because no safe
    repair explains it."""

    line: int
    col: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, int | str]:
        """Return a JSON-ready dict for the build's repair report."""
        return {
            "line": self.line,
            "col": self.col,
            "text": self.text,
            "reason": self.reason,
        }


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


def repair_text(text: str) -> RepairResult:
    """Repair mojibake span by span, leaving correct text byte-identical.

    Each run of non-ASCII characters is repaired on its own, so one page can
    mix clean and broken lines.  A repair is kept only when ftfy explains it as
    a decoding mistake and the result is shorter, printable and loss-free;
    anything else that still looks broken is reported as a suspect.
    Positions are 1-based lines and columns in ``text``.  Idempotent.

    >>> repair_text("We donâ€™t sell data.").text
    'We don’t sell data.'
    >>> repair_text("naïve café").changed
    False
    """
    # Fast path: ASCII text, and text with no two adjacent non-ASCII
    # characters, cannot hold mojibake.
    if text.isascii() or not _may_hold_mojibake(text):
        return RepairResult(text=text)
    out: list[str] = []
    repairs: list[Repair] = []
    suspects: list[Suspect] = []
    for number, match in enumerate(_LINE_RE.finditer(text), start=1):
        line = match.group()
        if not line:
            break
        if line.isascii() or not _may_hold_mojibake(line):
            out.append(line)
            continue
        fixed, line_repairs, line_suspects = _repair_line(line, number)
        out.append(fixed)
        repairs.extend(line_repairs)
        suspects.extend(line_suspects)
    return RepairResult(
        text="".join(out), repairs=tuple(repairs), suspects=tuple(suspects)
    )


def _may_hold_mojibake(text: str) -> bool:
    """Cheap test: two adjacent non-ASCII characters, a C1 control or "Â "."""
    escaped = text.encode("ascii", "backslashreplace")
    return any(clue in escaped for clue in _ESCAPED_CLUES) or bool(
        _ADJACENT_ESCAPES_RE.search(escaped)
    )


def _repair_line(line: str, number: int) -> tuple[str, list[Repair], list[Suspect]]:
    """Repair one line span by span, then add what ftfy, reading the whole
    line, repairs in the spans left alone (a code page whose single spans look
    like a language: "g√¢teaux", "l'HĂ´pital").

    A span repaired on its own keeps its own repair ("Ã s" -> "às", where the
    whole line would give "à s"). Return the line and its records.
    """
    fixed, repairs, suspects = _repair_spans(line, number)
    if not _may_hold_mojibake(fixed):  # the spans left no clue: most lines
        return fixed, repairs, suspects
    whole = _repair_whole_line(line, number)
    if whole is None:
        return fixed, repairs, suspects
    added = [w for w in whole if not any(_overlap(w, r) for r in repairs)]
    if not added:
        return fixed, repairs, suspects
    repairs = sorted([*repairs, *added], key=lambda r: r.col)
    out, at = [], 0
    for repair in repairs:
        out += [line[at : repair.col - 1], repair.after]
        at = repair.col - 1 + len(repair.before)
    out.append(line[at:])
    kept = [s for s in suspects if not any(_covers(r, s.col) for r in added)]
    return "".join(out), repairs, kept


def _overlap(a: Repair, b: Repair) -> bool:
    return a.col < b.col + len(b.before) and b.col < a.col + len(a.before)


def _covers(repair: Repair, col: int) -> bool:
    return repair.col <= col < repair.col + len(repair.before)


def _repair_whole_line(line: str, number: int) -> list[Repair] | None:
    """ftfy's repairs of the whole line, if it only changes non-ASCII spans.

    Each span of "LiĂ¨ge Avenue de l'HĂ´pital" (Windows-1250) alone is not
    evidence enough; the line is. The same guards apply as to spans, the
    result must not look broken, and any change to ASCII text (a word, a
    space) refuses the whole line.
    """
    kit = _ftfy()
    if not kit.is_bad(line):
        return None
    fixed, plan = kit.fix_encoding_and_explain(line, kit.config)
    if fixed == line or _unsafe_reason(line, fixed) or kit.is_bad(fixed):
        return None
    repairs = []
    changes = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in changes.get_opcodes():
        if tag == "equal":
            continue
        before = line[i1:i2]
        if not before or any(ord(char) < 0x80 for char in before):
            return None
        repairs.append(
            Repair(
                line=number,
                col=i1 + 1,
                before=before,
                after=fixed[j1:j2],
                explanation=_explain(before, plan or []),
            )
        )
    return repairs


def _repair_spans(line: str, number: int) -> tuple[str, list[Repair], list[Suspect]]:
    """Repair each non-ASCII run of one line; return the line and its records."""
    out: list[str] = []
    repairs: list[Repair] = []
    suspects: list[Suspect] = []
    pos = 0
    for match in _RUN_RE.finditer(line):
        start, end = match.span()
        if start < pos:  # the previous run consumed this one's leading space
            continue
        out.append(line[pos:start])
        run = match.group()
        tail = ""
        if run[-1] in "ÂÃ" and line[end : end + 1] == " ":
            # "1Â (877)", "voilÃ le": judge the flattened no-break space apart
            # from whatever precedes it in the run.
            run, tail = run[:-1], run[-1]
        if run:
            after, record = _repair_run(line, start, run, number)
            out.append(after)
            if isinstance(record, Repair):
                repairs.append(record)
            elif isinstance(record, Suspect):
                suspects.append(record)
        pos = start + len(run)
        if tail:
            after, consumed, record = _repair_flattened_space(line, pos, number)
            out.append(after)
            pos += consumed
            if isinstance(record, Repair):
                repairs.append(record)
            elif isinstance(record, Suspect):
                suspects.append(record)
        else:
            pos = end
    out.append(line[pos:])
    return "".join(out), repairs, suspects


def _repair_run(
    line: str, start: int, run: str, number: int
) -> tuple[str, Repair | Suspect | None]:
    """Repair one run of non-ASCII characters, or explain why not."""
    if len(run) < 2 and not ("\x80" <= run <= "\x9f"):
        return run, None
    # One ASCII neighbour on each side: some of ftfy's evidence needs it
    # ("HÃ´tel" is bad because a letter precedes "Ã´").
    before_char = line[start - 1] if start > 0 else ""
    end = start + len(run)
    after_char = line[end] if end < len(line) and line[end] not in "\r\n" else ""
    context = before_char + run + after_char
    kit = _ftfy()
    if not (kit.utf8_detector.search(run) or kit.is_bad(context)):
        return run, None
    fixed, plan = kit.fix_encoding_and_explain(context, kit.config)
    if fixed == context and _PUNCTUATION_RE.search(context):
        fixed = _PUNCTUATION_RE.sub(_decode_punctuation, context)
        plan = [("encode", "sloppy-windows-1252"), ("decode", "utf-8")]
    if fixed == context or not (
        fixed.startswith(before_char) and fixed.endswith(after_char)
    ):
        return run, _suspect_if_bad(run, context, start, number)
    fixed = fixed[len(before_char) : len(fixed) - len(after_char)]
    reason = _unsafe_reason(run, fixed)
    if reason:
        return run, _suspect(run, start, number, reason)
    # Report the smallest changed span: "Ã©”" -> "é”" is a repair of "Ã©".
    head = _common_prefix(run, fixed)
    tail = _common_prefix(run[head:][::-1], fixed[head:][::-1])
    if head + tail >= len(fixed) and tail:
        # Never report an empty 'after': the seed's "Â\xa0" -> "\xa0" reads
        # better than "Â" -> "".
        tail -= 1
    repair = Repair(
        line=number,
        col=start + head + 1,
        before=run[head : len(run) - tail],
        after=fixed[head : len(fixed) - tail],
        explanation=_explain(run, plan or []),
    )
    return fixed, repair


def _repair_flattened_space(
    line: str, pos: int, number: int
) -> tuple[str, int, Repair | Suspect | None]:
    """Judge "Â " or "Ã " at ``pos``: a UTF-8 sequence whose no-break space
    became a plain space.  Return the replacement, how many characters of the
    line it replaces, and the record."""
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
        if ok:
            explanation = (
                "UTF-8 no-break space read as Windows-1252, "
                "its second byte flattened to a space"
            )
            return (
                "\u00a0",
                2,
                Repair(
                    line=number,
                    col=pos + 1,
                    before="Â ",
                    after="\u00a0",
                    explanation=explanation,
                ),
            )
        word = _word_before(line, pos)
        if prev.isupper() and word.isascii():
            # "PSTÂ AM": no ASCII-only word ends in "Â", but "AM" could be
            # Turkish capitals; leave it for a person to decide.
            return (
                "Â",
                1,
                _suspect("Â ", pos, number, "'Â' then a space after a capital"),
            )
        return "Â", 1, None
    # "Ã " is "à" with its second byte flattened: "voilÃ le", "Ã la".
    # Capitals before it are left alone (Vietnamese "XÃ HỘI"), as are capitals
    # after a lone one ("C O N C L U S Ã O").
    if prev.islower() or (not prev.isalpha() and nxt.islower()):
        explanation = (
            "UTF-8 'à' read as Windows-1252, its second byte flattened to a space"
        )
        # Portuguese "às": "Ã s crianças" had no space of its own.
        if nxt == "s" and line[pos + 3 : pos + 4] in (" ", ""):
            return (
                "às",
                3,
                Repair(
                    line=number,
                    col=pos + 1,
                    before="Ã s",
                    after="às",
                    explanation=explanation,
                ),
            )
        return (
            "à",
            1,
            Repair(
                line=number, col=pos + 1, before="Ã", after="à", explanation=explanation
            ),
        )
    return "Ã", 1, None


def _decode_punctuation(match: re.Match[str]) -> str:
    try:
        return match.group().encode("cp1252").decode("utf-8")
    except UnicodeError:
        return match.group()


def _unsafe_reason(before: str, after: str) -> str:
    """Say why a proposed repair must not be applied, or return ''."""
    if "\ufffd" in after and "\ufffd" not in before:
        return "bytes were lost; the original characters cannot be restored"
    if len(after) > len(before):
        return "a repair would lengthen the text"
    for char in after:
        if char not in before and unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            return f"a repair would produce U+{ord(char):04X}"
    return ""


def _suspect_if_bad(run: str, context: str, start: int, number: int) -> Suspect | None:
    """A run ftfy would not change is a suspect only if it looks broken twice over."""
    if run.endswith("â€") or "â€\ufffd" in run:
        # "â€œusâ€ or": the 0x9D of a closing quote was dropped on the way.
        return _suspect(run, start, number, "a byte was lost; probably '”' (U+201D)")
    kit = _ftfy()
    if "\ufffd" in run and kit.utf8_detector.search(run.replace("\ufffd", "\x9d")):
        return _suspect(
            run, start, number, "bytes were lost; the original cannot be restored"
        )
    if kit.utf8_detector.search(run) and kit.is_bad(context):
        return _suspect(
            run, start, number, "looks like UTF-8 read as a legacy code page"
        )
    return None


def _suspect(text: str, start: int, number: int, reason: str) -> Suspect:
    return Suspect(line=number, col=start + 1, text=text, reason=reason)


def _explain(before: str, plan: list[tuple[str, str]]) -> str:
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
            inner = kit.utf8_detector.search(before)
            if inner:
                _, inner_plan = kit.fix_encoding_and_explain(inner.group(), kit.config)
                layers.append(_explain(inner.group(), inner_plan or []))
        elif parameter == "fix_c1_controls":
            layers.append(
                "C1 control characters read as Latin-1 instead of Windows-1252"
            )
    if not layers:
        return "decoded in the wrong encoding"
    if len(set(layers)) == 1 and len(layers) > 1:
        times = {2: "twice", 3: "three times"}.get(len(layers), f"{len(layers)} times")
        return f"{layers[0]}, {times}"
    return ", then ".join(layers)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _word_before(line: str, pos: int) -> str:
    start = pos
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return line[start:pos]
