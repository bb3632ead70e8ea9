"""Unsafe markup in rendered pages, from the labelled cases in cases/unsafe_markup.json.

Most cases are filter evasions from the OWASP cheat sheet, each of which a
cheap pre-check must not let past the parser; the rest are policy prose that
must not be refused.
"""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, given
from hypothesis import strategies as st
from markdown import Markdown

from conftest import FIXTURES, ROOT, run_pelican
from legalsite.errors import ContentError
from legalsite.html.safety import (
    clean_archived_markup,
    find_disallowed_markup,
    find_unsafe_markup,
    html_policy,
    is_plain,
    refuse_disallowed_markup,
    refuse_unsafe_markup,
)
from legalsite.settings import AllowedElement

# The site's Markdown settings (pelicanconf.py MARKDOWN), without the meta
# extension's header: the body as Pelican hands it to the plugin.
MARKDOWN_SETTINGS = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.meta",
                   "markdown.extensions.toc"],
    "output_format": "html5",
}  # fmt: skip

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


# --- the allow-list: what reaches a page, and from where ---

GOLDEN = Path(__file__).parent / "golden"
MARKDOWN_SHAPED = [
    # Python-Markdown's own output with the site's extensions (extra, toc):
    # heading ids, footnotes, abbreviations, aligned tables, code, images.
    '<h2 id="who-we-are">Who we are</h2>\n<p>We<sup id="fnref:1">'
    '<a class="footnote-ref" href="#fn:1">1</a></sup> use '
    '<abbr title="Hypertext">HTML</abbr>.</p>\n'
    '<table>\n<thead>\n<tr>\n<th style="text-align: left;">a</th>\n</tr>\n</thead>\n'
    '</table>\n<pre><code class="language-sh">make &lt;x&gt;\n</code></pre>\n'
    '<p><img alt="logo" src="/images/logo.png"> <a href="mailto:privacy@example.com">'
    'write</a> <a href="tel:+18772704998">call</a></p>\n<div class="footnote">\n<hr>\n'
    '<ol>\n<li id="fn:1">\n<p>Us.&#160;<a class="footnote-backref" href="#fnref:1" '
    'title="Jump back to footnote 1 in the text">&#8617;</a></p>\n</li>\n</ol>\n</div>',
]


@pytest.mark.parametrize("html", MARKDOWN_SHAPED)
def test_markdown_output_passes_unchanged(html):
    assert is_plain(html)
    assert refuse_disallowed_markup(html, html) is html
    assert clean_archived_markup(html, html).html is html


def test_real_site_pages_pass_unchanged(site):
    # What Markdown made of content/ is what the page shows: the allow-list
    # never rewrites an ordinary page.
    for source in (ROOT / "content" / "pages").glob("*.md"):
        body = Markdown(**MARKDOWN_SETTINGS).convert(source.read_text("utf-8"))
        assert is_plain(body), source.name


@pytest.mark.parametrize(
    ("html", "snippets"),
    [
        ('<form action="https://e.example/"><input name="a"></form>',
         ["<form", "<input"]),
        ('<link rel="stylesheet" href="https://elsewhere/x.css">', ["<link"]),
        ('<meta name="x" content="y">', ["<meta"]),
        ("<style>p{}</style>", ["<style"]),
        ('<p style="position:fixed">x</p>', ["style="]),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>",
         ["<svg", "<foreignobject"]),
        ('<img src="http://elsewhere/x.png" alt="">', ["src="]),
        ('<a href="ftp://elsewhere/x">x</a>', ["href="]),
        ('<td style="text-align: right;">1</td>', []),
    ],
    ids=["form", "link", "meta", "style", "style=", "foreignObject", "http image",
         "ftp link", "table alignment"],
)  # fmt: skip
def test_outside_the_allow_list(html, snippets):
    assert [u.snippet for u in find_disallowed_markup(html)] == snippets


def test_settings_allow_a_contact_form_to_a_named_host():
    policy = html_policy(
        [
            AllowedElement(
                name="form",
                attributes=("action", "method"),
                action_hosts=("forms.example.com",),
            ),
            AllowedElement(name="input", attributes=("type", "name")),
        ]
    )
    good = (
        '<form action="https://forms.example.com/x" method="post">'
        '<input name="a"></form>'
    )
    assert find_disallowed_markup(good, policy) == []
    elsewhere = good.replace("forms.example.com", "elsewhere.example")
    [found] = find_disallowed_markup(elsewhere, policy)
    assert "elsewhere.example" in found.reason
    assert [u.snippet for u in find_disallowed_markup(good)] == ["<form", "<input"]


def test_refusal_names_the_setting_and_the_source_line():
    source = 'Title: T\n\nFirst.\n\n<p>x <span style="color:red">y</span></p>\n'
    with pytest.raises(ContentError) as raised:
        refuse_disallowed_markup(
            '<p>First.</p>\n<p>x <span style="color:red">y</span></p>', source
        )
    assert (raised.value.line, raised.value.col) == (5, 12)  # style= on line 5
    assert "LEGALSITE_ALLOWED_HTML" in raised.value.reason


def test_archived_markup_never_reaches_the_page(tmp_path):
    build = run_pelican(FIXTURES / "bad" / "archived-markup", tmp_path / "output")
    assert build.returncode == 0, build.log
    body = BeautifulSoup(build.page("p/index.html"), "html.parser").select_one(".body")
    for name in ("form", "input", "link", "meta", "style", "svg", "foreignobject"):
        assert body.find(name) is None, name
    assert body.find(style=True) is None
    # Text of removed elements stays where it is text; a style sheet is not text.
    text = body.get_text()
    assert "Card number" in text and "Your session expired." in text
    assert "display: none" not in text
    # Each removal at its source line (pages/p.md, read off the fixture).
    dropped = [(d["line"], d["text"]) for d in build.report["dropped"]]
    assert dropped == [
        (7, "<form"), (7, "<input"), (9, "<link"), (10, "<meta"), (12, "<style"),
        (14, "style="), (16, "<svg"), (16, "<foreignobject"),
    ]  # fmt: skip
    # Reported, never warned: nobody may edit an archived text, so nothing in
    # it may fail a production build.
    assert not [w for w in build.report["warnings"] if "archived copy" in w]


def test_a_form_the_settings_allow_builds(tmp_path):
    allowed = {
        "form": {
            "attributes": ["action", "method"],
            "action_hosts": ["elsewhere.example"],
        },
        "input": {"attributes": ["name"]},
        "button": {},
    }
    build = run_pelican(
        FIXTURES / "bad" / "raw-html-form",
        tmp_path / "output",
        extra={"LEGALSITE_ALLOWED_HTML": allowed},
    )
    assert build.returncode == 0, build.log
    form = BeautifulSoup(build.page("p/index.html"), "html.parser").select_one("form")
    assert form["action"] == "https://elsewhere.example/collect"
    assert form.find("input")["name"] == "card"
