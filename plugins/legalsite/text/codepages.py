"""Legacy code pages: Cyrillic, CJK and Central European text read as Windows-1252.

Owns the candidate readings of a line (its bytes as Windows-1252, Latin-1 or
Windows-1254, decoded in a legacy code page) and the judgement of them: a
reading is kept only when py3langid finds the repaired words confidently a
language written in that code page, and charset-normalizer finds them clean.
UTF-8 mojibake is not this module's: ``mojibake`` asks ftfy about that.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# How the bytes were shown: the code page of the reader that got them wrong.
_READ_AS = (
    ("cp1252", "Windows-1252"),
    ("latin_1", "Latin-1"),
    # Turkish Windows shows Shift_JIS '‚ð' as '‚ğ' (sjis-utsu in
    # tests/cases/mojibake_real.json) and Cyrillic 'Ю' as 'Ş'.
    ("cp1254", "Windows-1254"),
)


@dataclass(frozen=True)
class _CodePage:
    codec: str
    name: str
    # py3langid's codes for the languages written in it.
    languages: frozenset[str]
    # charset-normalizer's names, for its lists of frequent characters.
    frequent: tuple[str, ...] = ()

    @property
    def cjk(self) -> bool:
        return bool(self.frequent)


# Western European languages, with the neighbours py3langid names for short
# Spanish spans ('turístico' reads as Galician).
_WESTERN = frozenset(
    {"en", "es", "pt", "gl", "ca", "fr", "it", "de", "nl", "sv", "da", "no", "is"}
    | {"an", "ast", "ext", "oc", "lb", "af", "fi"}
)
_CENTRAL_EUROPEAN = frozenset({"cs", "pl", "sk", "hu", "sl", "hr", "bs", "ro"})
# Short Russian reads as Bulgarian or Macedonian as often as not ('Библиотеки
# для', koi8-kdelibs); which Cyrillic code page it was is told by the other
# readings turning into case-mixed noise.
_CYRILLIC = frozenset({"ru", "uk", "bg", "be", "sr", "mk"})
_CODE_PAGES = (
    _CodePage("cp1251", "Windows-1251", _CYRILLIC),
    _CodePage("koi8_r", "KOI8-R", _CYRILLIC),
    _CodePage("koi8_u", "KOI8-U", _CYRILLIC),
    _CodePage("euc_kr", "EUC-KR", frozenset({"ko"}), ("Korean",)),
    _CodePage("gbk", "GBK", frozenset({"zh", "wuu", "yue"}), ("Chinese",)),
    # A span of kanji alone reads as Chinese to any identifier ('列挙型'); the
    # frequent characters decide between Shift_JIS and GBK.
    _CodePage(
        "cp932",
        "Shift_JIS",
        frozenset({"ja", "zh", "wuu", "yue"}),
        ("Japanese", "Japanese—", "Japanese——"),
    ),
    _CodePage("cp1250", "Windows-1250", _CENTRAL_EUROPEAN),
    _CodePage("iso8859_2", "ISO-8859-2", _CENTRAL_EUROPEAN),
    _CodePage("iso8859_9", "ISO-8859-9", frozenset({"tr"})),
    # Mac Roman bytes shown as Latin-1 leave C1 controls ('tur\x92stico').
    _CodePage("mac_roman", "Mac Roman", _WESTERN),
)
# 'MÄ£ÄM ÌÑÌ' (ftfy's Indonesian leetspeak) read as KOI8-R is 0.41 Russian,
# but charset-normalizer calls it a mess.
_MARGIN = 0.3
# A page's words that no repair changes must read as a Central European
# language with this probability: English 'privacy privacy' is 0.32 Polish.
_MIN_PAGE = 0.4
_MIN_WESTERN = 0.3
_MAX_MESS = 0.1
# A word of three or more characters above ASCII in a row: every Cyrillic or
# CJK word read as Windows-1252 has one ('Ïîëüçîâàòåëü', 'ƒNƒ‰ƒX'), Latin-1
# prose almost never ('informação' has two).
_DENSE_RE = re.compile(r"[^\x00-\x7f]{3}")
_LETTERS_RE = re.compile(r"(?:(?![\x00-\x7f])[^\W\d_]){3}")
_NOT_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_C1_RE = re.compile(r"[\x80-\x9f]")


@dataclass(frozen=True, kw_only=True)
class Reading:
    """A span of a line decoded in the code page it was written in."""

    start: int
    before: str
    after: str
    code_page: str
    read_as: str
    language: str
    confidence: float

    @property
    def explanation(self) -> str:
        return (
            f"{self.code_page} text read as {self.read_as} "
            f"(language '{self.language}', {self.confidence:.0%} confident)"
        )


@dataclass(frozen=True, kw_only=True)
class Doubt:
    """A span a legacy code page would change, but not confidently."""

    start: int
    text: str
    reason: str


def read_legacy(line: str, *, central_european: bool) -> Reading | Doubt | None:
    """The legacy code page a line's non-ASCII span was written in, if any.

    The span runs from the first to the last non-ASCII character, widened to
    whole words (a Shift_JIS trail byte can be an ASCII letter: '“G' is '敵').
    Its bytes as Windows-1252, Latin-1 or Windows-1254 are decoded strictly in
    each legacy code page; a decoding is kept when the repaired words are
    confidently one of that code page's languages, more so than as read, and
    clean.  ``central_european`` says whether the page as a whole reads as a
    Central European or Turkish language, the only way Windows-1250 text read
    as Windows-1252 ('pøi') can be told from Danish or Italian; without it
    those code pages are not tried.  A span some code page changes but none
    confidently is a ``Doubt``; a line none changes gives None.

    >>> read_legacy("// Âûâîäèì ñîîáùåíèå", central_european=False).after
    'Выводим сообщение'
    >>> read_legacy("Vérifiez les conditions", central_european=False) is None
    True
    """
    found = _NOT_ASCII_RE.search(line)
    if found is None:
        return None
    start = found.start()
    end = max(m.end() for m in _NOT_ASCII_RE.finditer(line))
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    while end < len(line) and not line[end].isspace():
        end += 1
    span = line[start:end]
    dense = bool(_DENSE_RE.search(span))
    c1 = bool(_C1_RE.search(span))
    if not (dense or central_european or c1):
        return None
    best: Reading | None = None
    best_rank: tuple[float, float] = (-1.0, -1.0)
    changed = False
    for encoding, read_as in _READ_AS:
        try:
            data = span.encode(encoding)
        except UnicodeEncodeError:
            continue
        # Split on ASCII space only: a no-break space is part of a UTF-8
        # sequence ('1Â\xa0(877)').
        words = [w.encode(encoding) for w in span.split(" ") if not w.isascii()]
        if 2 * sum(_is_utf8(word) for word in words) >= len(words):
            # UTF-8 read as a legacy code page is ftfy's to judge: its bytes
            # also decode as Windows-1251 ('Ã¢â‚¬â„¢' -> 'Гўв‚¬в„ў'), even
            # beside a clean '²' (cl-mention-table).  A word of legacy text
            # can be valid UTF-8 by chance ('Ã¼Å©', euckr-alert).
            return None
        for page in _CODE_PAGES:
            if page.languages is _CENTRAL_EUROPEAN or page.codec == "iso8859_9":
                # Read as Windows-1254, Turkish 'değil' would become
                # Windows-1250 'deđil' (the property test's 'xã değil', both
                # real words): only Windows-1252 and Latin-1 readers are asked.
                if not central_european or encoding == "cp1254":
                    continue
            elif page.codec == "mac_roman":
                if not c1:
                    continue
            elif not dense:
                continue
            after = _decode(data, page, span)
            if after is None:
                continue
            changed = True
            judged = _judge(span, after, page)
            if judged is None:
                continue
            confidence, language, frequency = judged
            rank = (frequency, confidence)
            if rank > best_rank:
                best_rank = rank
                best = Reading(
                    start=start,
                    before=span,
                    after=after,
                    code_page=page.name,
                    read_as=read_as,
                    language=language,
                    confidence=confidence,
                )
    if best is not None:
        return best
    if changed and _LETTERS_RE.search(span) and _western(span) < _MIN_WESTERN:
        # Three non-ASCII letters in a row that no language explains
        # ('MÄ£ÄM ÌÑÌ', ftfy's Indonesian leetspeak, reads 1% Western);
        # quotes and signs ('“×”') or Danish letters ('ÆØÅ æøå', 41%) are
        # no doubt.
        return Doubt(
            start=start,
            text=span,
            reason="looks like a legacy code page read as Windows-1252, "
            "but no language is confident",
        )
    return None


def reads_central_european(lines: Iterable[str]) -> bool:
    """Whether text reads, as it stands, as a Central European or Turkish language.

    Windows-1250 and ISO-8859-2 text read as Windows-1252 keeps most of its
    words ('Chyba pøi získávání'), so an identifier still knows the language;
    Danish, French or Italian, whose letters those code pages would also
    change, never reads as one of them.  Four chances in ten are needed.
    """
    sample = "\n".join(lines)[:4000]
    if not sample:
        return False
    ranked = _identifier().rank(sample)
    # Turkish in ISO-8859-9 read as Latin-1 writes 'ý' for 'ı' and reads as
    # Turkmen ('açacaktýr', iso9-ntalk-desc).
    languages = _CENTRAL_EUROPEAN | {"tr", "tk", "az"}
    if ranked[0][0] not in languages:
        return False
    return sum(p for language, p in ranked if language in languages) >= _MIN_PAGE


def mess(text: str) -> float:
    """charset-normalizer's mess ratio of ``text``: 0 for clean prose."""
    return float(_detector().mess_ratio(text, 1.0))


def _decode(data: bytes, page: _CodePage, span: str) -> str | None:
    """``data`` decoded in ``page``, if it decodes, differs and is printable."""
    try:
        after = data.decode(page.codec)
    except UnicodeDecodeError:
        return None
    if after == span or len(after) > len(span):
        return None
    for char in after:
        # A repair is printable: ISO-8859-2 has C1 controls where Windows-1250
        # has 'ž', ISO-8859-9 where Windows-1254 has '—'.
        if unicodedata.category(char) in ("Cc", "Cn", "Co") and char not in "\t":
            return None
    return after


def _judge(before: str, after: str, page: _CodePage) -> tuple[float, str, float] | None:
    """(confidence, language, frequency) when ``after`` is confidently ``page``'s."""
    old_words, new_words = _changed_words(before, after)
    if not new_words.strip():
        return None
    ranked = _identifier().rank(new_words)
    top = ranked[0][0]
    if top not in page.languages:
        return None
    confidence = sum(p for language, p in ranked if language in page.languages)
    # The repair must read as a language of the code page more surely than
    # the words as read read as one of Windows-1252's: 'naïve' (English,
    # 0.28) is no Slovak 'naďve' (0.34), 'señor' (Spanish, 0.6) no Polish
    # 'seńor' (0.3), Danish 'ÆØÅ æøå' (0.41) no KOI8-R 'фье ФЬЕ' (0.62, the
    # site check's case); 'pøi' (0.34) is Czech 'při' (0.72).
    if confidence < _western(old_words) + _MARGIN:
        return None
    detector = _detector()
    if detector.mess_ratio(new_words, 1.0) > _MAX_MESS:
        return None
    if page.languages is _CYRILLIC and any(
        a.islower() and b.isupper() and not (a + b).isascii()
        for a, b in itertools.pairwise(new_words)
    ):
        # A wrong Cyrillic code page turns case into noise ('бШБНДХЛ'), too
        # short for the mess detector in 'Ôôô VIDA MINHA' -> 'тТТ' (ftfy's
        # negative case).
        return None
    frequency = 0.0
    if page.cjk:
        frequency = _frequency(new_words, page, detector)
        if frequency == 0.0:
            return None
        if page.codec == "euc_kr":
            if any(_is_han(char) for char in new_words):
                # GBK bytes read as EUC-KR mix hanja into hangul words
                # ('꼇狼퍼맏' for '不要欺负', gbk-jx3); EUC-KR text almost
                # never has hanja, so a reading with them is not Korean.
                return None
            frequency = 1.0
    return confidence, top, frequency


def _western(text: str) -> float:
    """How surely ``text`` reads as a language written in Windows-1252."""
    return sum(p for language, p in _identifier().rank(text) if language in _WESTERN)


def _changed_words(before: str, after: str) -> tuple[str, str]:
    """The words that differ, in both readings: the identifier judges them.

    Single-byte code pages keep the words apart; a multi-byte one can join
    them ('“GƒVƒ‡ƒbƒgSE' is '敵ショットSE'), and then the changed stretch,
    widened to whole words, is judged instead.
    """
    old, new = before.split(), after.split()
    if len(old) == len(new):
        pairs = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
        return " ".join(o for o, _ in pairs), " ".join(n for _, n in pairs)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(before), len(after)) - head
        and before[-1 - tail] == after[-1 - tail]
    ):
        tail += 1
    while head > 0 and not after[head - 1].isspace():
        head -= 1
    end_old, end_new = len(before) - tail, len(after) - tail
    while end_new < len(after) and not after[end_new].isspace():
        end_new += 1
        end_old += 1
    return before[head:end_old], after[head:end_new]


def _frequency(text: str, page: _CodePage, detector: Any) -> float:
    """The share of CJK characters in ``text`` among charset-normalizer's frequent ones.

    GBK bytes decode as EUC-KR too, into rare syllables ('꼇狼퍼맏' for
    '不要欺负'), and EUC-KR as GBK into rare hanzi; real text is mostly
    frequent characters.
    """
    letters = [char for char in text if char.isalpha() and not char.isascii()]
    if not letters:
        return 0.0
    frequent = detector.common_cjk.union(
        *(detector.frequencies.get(name, ()) for name in page.frequent)
    )
    return sum(char in frequent for char in letters) / len(letters)


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


def _is_utf8(data: bytes) -> bool:
    try:
        # CESU-8 emoji ('í\xa0½í¸\x8d') are surrogates: UTF-8 to ftfy.
        data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class _Detector:
    mess_ratio: Any
    common_cjk: frozenset[str]
    frequencies: dict[str, list[str]]


@functools.cache
def _detector() -> _Detector:
    """charset-normalizer's mess detector and character frequencies, on first use."""
    from charset_normalizer.constant import (  # noqa: PLC0415 (lazy: rare path)
        COMMON_CJK_CHARACTERS,
        FREQUENCIES,
    )
    from charset_normalizer.md import mess_ratio  # noqa: PLC0415

    return _Detector(
        mess_ratio=mess_ratio,
        common_cjk=frozenset(COMMON_CJK_CHARACTERS),
        frequencies=FREQUENCIES,
    )


@functools.cache
def _identifier() -> Any:
    """py3langid's identifier with probabilities, loaded on first use.

    Loading its model costs ~0.5 s and numpy, so only a page with a legacy
    candidate pays it, once per build process.
    """
    from py3langid.langid import (  # noqa: PLC0415 (lazy: rare path)
        MODEL_FILE,
        LanguageIdentifier,
    )

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
