"""Source decoding: strict UTF-8, BOM, line endings, controls, encoding guesses."""

from __future__ import annotations

import doctest

import pytest

from legalsite.errors import ContentError
from legalsite.text import font_shift, positions, source
from legalsite.text.font_shift import decode_shifted_runs
from legalsite.text.source import (
    clean_controls,
    convert_to_utf8,
    decode_source,
    guess_encoding,
    is_archived_copy,
    read_source,
)

TEXT = "Title: Privacy\n\nWe don’t sell “your” data — café, naïve.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(TEXT.encode("utf-8"), TEXT, id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, id="utf-8 BOM"),
        pytest.param(TEXT.replace("\n", "\r\n").encode(), TEXT, id="CRLF"),
        pytest.param(TEXT.replace("\n", "\r").encode(), TEXT, id="lone CR"),
        pytest.param(b"a\tb\x0cc\n", "a\tb\x0cc\n", id="tab and form feed"),
        pytest.param(b"", "", id="empty"),
    ],
)
def test_decodes(data, expected):
    assert decode_source(data) == expected
    assert decode_source(decode_source(data).encode()) == expected


@pytest.mark.parametrize(
    ("data", "line", "col", "looks", "byte"),
    [
        pytest.param(
            "Title: x\n\nLine three: we don’t.\n".encode("cp1252"),
            3,
            19,
            "Windows-1252",
            "0x92",
            id="cp1252 from Word",
        ),
        pytest.param(
            "Title: x\nCafé\n".encode("latin-1"), 2, 4, "Latin-1", "0xE9", id="latin-1"
        ),
        pytest.param(
            "Hello\nWorld\n".encode("utf-16"),
            1,
            1,
            "UTF-16LE",
            "0xFF",
            id="utf-16 with BOM",
        ),
        pytest.param(
            "Hello\nWorld\n".encode("utf-16-le"),
            1,
            2,
            "UTF-16LE",
            "0x00",
            id="utf-16le without BOM",
        ),
        pytest.param(
            "Hello\nWorld\n".encode("utf-16-be"),
            1,
            1,
            "UTF-16BE",
            "0x00",
            id="utf-16be without BOM",
        ),
        pytest.param(
            "Title: x\rCaf\u00e9 open\r".encode("mac_roman"),
            2,
            4,
            "Mac Roman",
            "0x8E",
            id="mac roman with CR line ends",
        ),
    ],
)
def test_rejects_non_utf8_with_position_and_guess(data, line, col, looks, byte):
    with pytest.raises(ContentError) as info:
        decode_source(data)
    error = info.value
    assert (error.line, error.col) == (line, col)
    assert error.reason == (
        f"not valid UTF-8 (looks like {looks}: byte {byte} at line {line}, "
        f"column {col}); save the file as UTF-8 or run `make fix-sources`"
    )
    assert isinstance(error.__cause__, UnicodeDecodeError)


@pytest.mark.parametrize(
    ("data", "line", "col", "name"),
    [
        pytest.param(b"ab\ncd\x00e\n", 2, 3, "NUL (U+0000)", id="NUL"),
        pytest.param(b"x\r\ny\x1b[0m\n", 2, 2, "ESC (U+001B)", id="ESC after CRLF"),
        pytest.param(b"x\x0by", 1, 2, "VT (U+000B)", id="vertical tab"),
    ],
)
def test_rejects_control_characters(data, line, col, name):
    with pytest.raises(ContentError) as info:
        decode_source(data)
    assert (info.value.line, info.value.col) == (line, col)
    assert info.value.reason == f"{name} at line {line}, column {col}; remove it"


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        ("We don’t — “quote”", "cp1252", "Windows-1252"),
        ("Café Âge", "latin-1", "Latin-1"),
        ("Hello\nWorld", "utf-16", "UTF-16LE"),
        ("Hello\nWorld", "utf-16-be", "UTF-16BE"),
        ("Caf\u00e9\rOpen\r", "mac_roman", "Mac Roman"),
        ("Caf\u00e9 ok", "utf-8", "UTF-8"),
    ],
)
def test_guess_and_convert(text, codec, name):
    data = text.encode(codec)
    assert guess_encoding(data) == name
    assert convert_to_utf8(data) == text


def test_guess_gives_up_on_undefined_windows_1252_bytes():
    assert guess_encoding(b"caf\xe9 \x81\x9d") is None
    with pytest.raises(ContentError, match="cannot tell the encoding"):
        convert_to_utf8(b"caf\xe9 \x81\x9d")


def test_convert_keeps_line_endings_and_drops_bom():
    assert convert_to_utf8(b"\xef\xbb\xbfa\r\nb") == "a\r\nb"
    assert convert_to_utf8("a\r\nb\u2019".encode("cp1252")) == "a\r\nb\u2019"


# --- archived copies: control characters cleaned, never fatal ---

ARCHIVED = "Title: P\nArchive_date: 2019-06-16\n\n"


def _shifted(text: str, by: int = 29) -> str:
    """``text`` as a font with codes moved down by ``by`` writes it."""
    return "".join(chr(ord(char) - by) for char in text)


def test_the_issues_example_decodes():
    # From the issue: "\x03DQG\x03SXUFKDVH" is " and purchase", moved down by 29.
    [run] = decode_shifted_runs("your name\x03DQG\x03SXUFKDVH")
    assert (run.decoded, run.shift, run.start) == (" and purchase", 29, 9)


# 25: digits and punctuation are controls too; 3: letters land on letters.
@pytest.mark.parametrize("by", [29, 25, 3])
def test_any_constant_decodes_when_the_result_is_words(by):
    text = "We keep your name" + _shifted(" and purchase history, (see 3.1).", by)
    assert [r.decoded for r in decode_shifted_runs(text)] == [
        " and purchase history, (see 3.1)."
    ]


@pytest.mark.parametrize(
    "text",
    ["a stray bell\x07 here", "ESC\x1b[31m colour", "\x01\x02\x03\x04", "NUL\x00x"],
    ids=["BEL", "ANSI colour", "control run", "NUL"],
)
def test_what_is_not_words_is_not_decoded(text):
    assert decode_shifted_runs(text) == []


def test_a_plain_word_glued_to_a_run_stays_as_written():
    [run] = decode_shifted_runs("NOTICE" + _shifted(" the policy"))
    assert run.decoded == " the policy"
    assert run.start == len("NOTICE")


def test_archived_copy_is_cleaned_and_every_change_reported():
    text = (
        ARCHIVED
        + "We keep your name"
        + _shifted(" and purchase history.")
        + "\nEnd of page one.\n\x0cPage two; call us\x07 today.\nLast.\n"
    )
    decoded = read_source(text.encode("utf-8"))
    assert decoded.archived
    assert decoded.text == (
        ARCHIVED
        + "We keep your name and purchase history.\nEnd of page one.\n"
        + "\nPage two; call us today.\nLast.\n"
    )
    [repair] = decoded.repairs
    assert (repair.line, repair.col, repair.after) == (4, 18, " and purchase history.")
    assert repair.before == _shifted(" and purchase history.")
    [removed] = decoded.removed
    assert (removed.line, removed.col, removed.text) == (6, 19, "\x07")  # FF is col 1
    # The page break added a line: the file's line 6 is the text's line 7.
    assert decoded.extra_lines == (7,)
    assert [decoded.source_line(n) for n in (5, 6, 7, 8)] == [5, 6, 6, 7]
    # Idempotent: what comes out holds no control characters.
    assert read_source(decoded.text.encode("utf-8")).text == decoded.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n\x0c\nb", "a\n\nb"),
        ("a\n\x0cb", "a\n\nb"),
        ("a\n\n\x0cb", "a\n\nb"),
        ("a\x0c\nb", "a\n\nb"),
        ("a\x0cb", "a\n\nb"),
    ],
    ids=["own line", "line start", "after a blank line", "line end", "mid-line"],
)
def test_a_page_break_becomes_one_paragraph_break(text, expected):
    assert clean_controls(ARCHIVED + text).text == ARCHIVED + expected


@pytest.mark.parametrize(
    "text",
    [
        "> *The following text is extracted and transformed from the x.com ...",
        "Title: T\nArchive_snapshot: https://web.archive.org/web/2008/x\n\nText",
        '<html><head><meta name="archive_snapshot" content="x"></head></html>',
    ],
    ids=["corpus header", "Archive_ metadata", "HTML meta"],
)
def test_archived_copies_are_recognised(text):
    assert is_archived_copy(text)


def test_hand_written_pages_still_fail_at_the_control():
    with pytest.raises(ContentError) as raised:
        read_source(b"Title: T\n\nA bell\x07 here.\n")
    assert (raised.value.line, raised.value.col) == (3, 7)
    assert not is_archived_copy("Title: T\nSummary: Archive_date: no\n\nText")


@pytest.mark.parametrize(
    "module", [font_shift, positions, source], ids=lambda m: m.__name__
)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0
