"""Mojibake repair: labelled real cases, clean text in many languages, properties."""

from __future__ import annotations

import dataclasses
import doctest
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import case_param
from legalsite.text import codepages, mentions, mojibake
from legalsite.text.mojibake import Repair, Suspect, repair_text

CASES = json.loads(
    (Path(__file__).parent / "cases" / "mojibake.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_case(case):
    result = repair_text(case["input"])
    assert result.text == case["expected"]
    if "suspects" in case:
        assert len(result.suspects) == case["suspects"], result.suspects
    if case["input"] == case["expected"]:
        assert result.repairs == ()


@pytest.mark.parametrize("case", CASES, ids=[case["label"] for case in CASES])
def test_case_is_idempotent(case):
    once = repair_text(case["input"]).text
    again = repair_text(once)
    assert again.text == once
    assert again.repairs == ()


def test_cases_have_sources_and_unique_labels():
    labels = [case["label"] for case in CASES]
    assert len(labels) == len(set(labels))
    assert all(case["source"] for case in CASES)


def test_repairs_replay_onto_the_input():
    """Each Repair's line/col/before locates the span it replaced."""
    text = "Line one is fine.\nWe donâ€™t sell, 1Â (877).\r\nCafÃ© Ã©tÃ©.\n"
    result = repair_text(text)
    lines = text.splitlines(keepends=True)
    # One repair per broken word: "Ã©tÃ©" is one span, not two.
    assert [r.line for r in result.repairs] == [2, 2, 3, 3]
    for repair in result.repairs:
        line = lines[repair.line - 1]
        assert line[repair.col - 1 :].startswith(repair.before)
    assert (
        result.text == "Line one is fine.\nWe don’t sell, 1\u00a0(877).\r\nCafé été.\n"
    )


def test_seed_repair_is_explained():
    seed = "1 (604) 270-4998.Â\u00a0 Our phone numbers"
    (repair,) = repair_text(seed).repairs
    assert repair == Repair(
        line=1,
        col=18,
        before="Â\u00a0",
        after="\u00a0",
        explanation="UTF-8 read as Windows-1252",
    )
    assert dataclasses.asdict(repair) == {
        "line": 1,
        "col": 18,
        "before": "Â\u00a0",
        "after": "\u00a0",
        "explanation": "UTF-8 read as Windows-1252",
    }
    json.dumps(dataclasses.asdict(repair))


def test_layers_and_code_pages_are_named():
    def explain(text):
        return [r.explanation for r in repair_text(text).repairs]

    assert explain("donÃ¢â‚¬â„¢t") == ["UTF-8 read as Windows-1252, twice"]
    assert explain("wei√ü") == ["UTF-8 read as Mac Roman"]
    assert explain("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ hi") == ["UTF-8 read as Windows-1252"]
    assert explain("РїСЂРёРІРµС‚ hi") == ["UTF-8 read as Windows-1251"]
    assert explain("Assangeâ\u0080\u0099 said") == ["UTF-8 read as Latin-1"]


def test_suspect_is_reported_as_a_dict():
    (suspect,) = repair_text("Privacy \ufffd policy").suspects
    assert isinstance(suspect, Suspect)
    assert dataclasses.asdict(suspect) == {
        "line": 1,
        "col": 9,
        "text": "\ufffd",
        "reason": "U+FFFD: a character was lost before this text was saved",
    }


def test_clean_ascii_takes_the_fast_path():
    text = "Plain ASCII policy text.\n" * 100
    result = repair_text(text)
    assert result.text is text
    assert not result.changed


# Realistic prose: words from several Latin-script languages, with the
# typography legal text uses.  Hypothesis shuffles and joins them.
_WORDS = (  # noqa: SIM905 - prose reads better than a list literal
    "privacy policy we don’t sell “your” data — ever; see §4 – €5 £3 ©2008 ® ™ … "
    "naïve café façade résumé Âge coöperate Straße Größe über señor año niño "
    "São Paulo às atenção coração İstanbul hâlâ değil Dziękuję żółw Příliš "
    "Việt Nam xã hội Ελλάδα απόρρητο Россия данные 개인정보 プライバシー 隐私 "
    "1\u00a0(877) 9\u00a0AM PST. 270-4998 «quote» ‘single’ „low“"
).split(" ")
_PROSE = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40).map(" ".join)
_LATIN_WORDS = [w for w in _WORDS if all(c <= "\u00ff" or c in "’“”—–€…‘„™" for c in w)]
_LATIN_PROSE = st.lists(st.sampled_from(_LATIN_WORDS), min_size=1, max_size=40).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_clean_prose_is_unchanged(text):
    result = repair_text(text)
    assert result.text == text
    assert result.repairs == ()


@settings(max_examples=300, deadline=None)
@given(_LATIN_PROSE)
def test_utf8_read_as_windows_1252_repairs_back(text):
    # Bytes Windows-1252 leaves undefined (0x9D in '”') pass through as the
    # C1 control of the same number, as browsers and Word do.
    broken = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b)
        for b in text.encode("utf-8")
    )
    result = repair_text(broken)
    assert result.text == text
    assert repair_text(result.text).text == result.text


@pytest.mark.parametrize("module", [mojibake, codepages, mentions])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0
