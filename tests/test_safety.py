"""Unsafe markup in rendered pages, from the labelled cases in cases/unsafe_markup.json.

Most cases are filter evasions from the OWASP cheat sheet, each of which a
cheap pre-check must not let past the parser; the rest are policy prose that
must not be refused.
"""

import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from legalsite.errors import ContentError
from legalsite.html.safety import find_unsafe_markup, refuse_unsafe_markup

CASES = json.loads(
    (Path(__file__).parent / "cases" / "unsafe_markup.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_unsafe_markup_case(case):
    assert [u.snippet for u in find_unsafe_markup(case["html"])] == case["expected"]


def test_refusal_points_at_the_source_line():
    source = 'Title: T\n\nFirst.\n\n<a href="javascript:alert(1)">x</a>\n'
    with pytest.raises(ContentError) as raised:
        refuse_unsafe_markup('<p>First.</p>\n<a href="javascript:alert(1)">', source)
    assert (raised.value.line, raised.value.col) == (5, 10)


def test_refusal_finds_the_line_of_a_disguised_scheme():
    source = 'Title: T\n\nFirst.\n\n<a href="&#106;ava&#9;script:x()">x</a>\n'
    with pytest.raises(ContentError) as raised:
        refuse_unsafe_markup('<a href="&#106;ava&#9;script:x()">x</a>', source)
    assert raised.value.line == 5


# What a browser ignores inside or around a URL's scheme, and how an author's
# HTML may spell each character of it.
IGNORED = st.sampled_from(
    ["", "\t", "\n", "\r", "&#9;", "&#x0A;", "&Tab;", "&NewLine;"]
)
EDGES = st.sampled_from(["", " ", "\x01", "&#32;", "\x1f"])


def _spelt(letter: str, how: int) -> str:
    return [letter, letter.upper(), f"&#{ord(letter)};", f"&#x{ord(letter):x};"][how]


@given(
    scheme=st.sampled_from(["javascript", "vbscript", "data"]),
    data=st.data(),
    lead=st.lists(EDGES, max_size=3),
    colon=st.sampled_from([":", "&#58;", "&colon;", "&#x3A;"]),
    quote=st.sampled_from(['"', "'", ""]),
)
def test_every_spelling_of_a_script_scheme_is_refused(scheme, data, lead, colon, quote):
    letters = [
        _spelt(letter, data.draw(st.integers(0, 3))) + data.draw(IGNORED)
        for letter in scheme
    ]
    value = "".join(lead) + "".join(letters) + colon + "x"
    html = f"<p><a href={quote}{value}{quote}>link</a></p>"
    # An unquoted value ends at whitespace: the link would be another one.
    assume(quote or not any(c in value for c in " \t\n\r"))
    assert [u.snippet for u in find_unsafe_markup(html)] == [f"{scheme}:"]
