"""Source decoding: strict UTF-8, BOM, line endings, controls, encoding guesses."""

from __future__ import annotations

import pytest

from legalsite.errors import ContentError
from legalsite.text.source import convert_to_utf8, decode_source, guess_encoding

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
