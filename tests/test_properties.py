"""Properties of the plugin's core over generated inputs (hypothesis).

Each module's own tests hold its realistic properties (mojibake round trips,
enrichment keeping the text); these cover the rest of the core.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from urllib.parse import quote

from hypothesis import example, given, settings
from hypothesis import strategies as st

from legalsite.archive import parse_snapshot_url
from legalsite.html.safety import find_unsafe_markup
from legalsite.site.structured_data import serialize_json_ld
from legalsite.text.mojibake import repair_text

MODIFIERS = st.sampled_from(["", "id_", "if_", "im_", "js_", "cs_", "oe_", "fw_"])
HOSTS = st.from_regex(
    r"(www\.)?[a-z][a-z0-9-]{0,20}\.(com|org|co\.uk|de)", fullmatch=True
)
PATHS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~ &?=%", max_size=12),
    max_size=4,
)
MOMENTS = st.datetimes(
    min_value=dt.datetime(1996, 1, 1), max_value=dt.datetime(2030, 12, 31)
)


@given(MOMENTS, MODIFIERS, HOSTS, PATHS, st.sampled_from([4, 6, 8, 10, 12, 14]))
def test_snapshot_urls_round_trip(moment, modifier, host, segments, digits):
    timestamp = moment.strftime("%Y%m%d%H%M%S")[:digits]
    original = f"http://{host}/" + "/".join(quote(s, safe="") for s in segments)
    url = (
        f"https://web.archive.org/web/{timestamp}{modifier}/{quote(original, safe='/')}"
    )
    snapshot = parse_snapshot_url(url)
    assert snapshot.url == url
    assert snapshot.timestamp == timestamp
    assert (snapshot.modifier or "") == modifier
    assert snapshot.host == host
    assert parse_snapshot_url(snapshot.raw_url).original == snapshot.original


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_json_ld_parses_back_and_cannot_close_its_script(data):
    text = serialize_json_ld(data)
    assert json.loads(text) == data
    assert "<" not in text
    assert ">" not in text


# No deadline: the first text that asks for a language loads the identifier.
@settings(deadline=None)
@given(st.text())
# A C1 control read as Windows-1252 made the rest look like Windows-1251.
@example("0\x95ÑÜ")
def test_repair_is_idempotent_on_any_text(text):
    once = repair_text(text).text
    assert repair_text(once).text == once


@given(st.text())
def test_escaped_text_is_never_unsafe_markup(text):
    assert find_unsafe_markup(f"<p>{html.escape(text)}</p>") == []
