"""Readable comparisons between versions (cases in cases/compare.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legalsite.html.compare import compare_texts, text_of_html

CASES = json.loads((Path(__file__).parent / "cases" / "compare.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_compare_case(case):
    old, new = case["input"]
    assert compare_texts(old, new).html == case["expected"]


def test_identical_texts_have_no_changes():
    assert not compare_texts("A b.\n\nC.", "A b.\n\nC.").changed


def test_text_of_html_keeps_paragraphs():
    assert text_of_html("<p>a &amp; b</p><ul><li>c</li></ul>").split() == [
        "a",
        "&",
        "b",
        "c",
    ]


words = st.lists(st.sampled_from(["we", "keep", "logs", "cookies", "data", "."]))


@given(words, words)
def test_new_text_is_the_comparison_without_deletions(old, new):
    result = compare_texts(" ".join(old), " ".join(new))
    kept = result.html.replace("<ins>", "").replace("</ins>", "")
    while "<del>" in kept:
        start = kept.index("<del>")
        kept = kept[:start] + kept[kept.index("</del>") + 6 :]
    assert kept.replace("<p>", "").replace("</p>", "").split() == new
