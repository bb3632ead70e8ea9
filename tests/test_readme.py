"""The README's figures are the data's: each is recomputed here from the cases.

A figure that drifts from the data it describes fails here, so the README
only ever says what the test data bears out.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from conftest import ROOT

TESTS = Path(__file__).parent
README = (ROOT / "README.md").read_text("utf-8")
SEED = TESTS / "fixtures" / "seed" / "000_6e6b278bb7d8de7a.txt"


def _row(label: str) -> str:
    """The value cell of the README table row whose first cell starts with ``label``."""
    match = re.search(rf"^\| {re.escape(label)}[^|]*\| ([^|]+) \|$", README, re.M)
    assert match, f"no README row for {label!r}"
    return match.group(1).strip()


def _number(text: str) -> int:
    return int(re.match(r"[\d,]+", text).group(0).replace(",", ""))


def test_robustness_figures():
    cases = json.loads((TESTS / "cases" / "bad_inputs.json").read_text("utf-8"))
    outcomes = [c["expected"]["outcome"] for c in cases]
    assert _number(_row("bad inputs catalogued")) == len(cases)
    assert _number(_row("failing the build")) == outcomes.count("fails")
    assert _number(_row("building with a recorded warning")) == outcomes.count("warns")
    assert _number(_row("building safely")) == outcomes.count("builds")


def _examples(decorators: list[ast.expr]) -> int | None:
    """Hypothesis examples a test draws per run, or None when it is no property."""
    if not any(
        isinstance(d, ast.Call) and getattr(d.func, "id", "") == "given"
        for d in decorators
    ):
        return None
    for d in decorators:
        if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "settings":
            for keyword in d.keywords:
                if keyword.arg == "max_examples":
                    return ast.literal_eval(keyword.value)
    return 100  # hypothesis's default


def test_property_figures():
    counts = [
        examples
        for path in TESTS.glob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.FunctionDef)
        and (examples := _examples(node.decorator_list)) is not None
    ]
    row = re.search(
        r"^\| property examples per test run \(hypothesis, (\d+) properties\) "
        r"\| ([\d,]+) \|$",
        README,
        re.M,
    )
    assert row, "no README row for property examples"
    assert (int(row.group(1)), _number(row.group(2))) == (len(counts), sum(counts))


def test_corpus_figure():
    sources = json.loads((TESTS / "corpus" / "citp" / "SOURCES.json").read_text())
    seed = SEED.read_bytes()
    real = [
        s
        for s in sources["files"]
        if s.get("commit")
        and (TESTS / "corpus" / "citp" / s["file"]).read_bytes() != seed
    ]
    match = re.search(r"holds ([\d,]+) real corpus files plus the\s+seed", README)
    assert match, "no README sentence for the corpus size"
    assert _number(match.group(1)) == len(real)


def test_mojibake_sample_figure():
    cases = json.loads((TESTS / "cases" / "mojibake_real.json").read_text("utf-8"))
    kinds = [c["kind"] for c in cases]
    match = re.search(
        r"^\| real sample, plugin \((\d+) broken, (\d+) clean\) \|", README, re.M
    )
    assert match, "no README row for the real mojibake sample"
    assert (int(match.group(1)), int(match.group(2))) == (
        kinds.count("broken"),
        kinds.count("clean"),
    )


def test_eval_hours_figures():
    from sitetools.eval_hours import judge, load_cases, summary  # noqa: PLC0415

    figures = summary(judge(load_cases()))
    phrases = _row("hours phrases about reaching people")
    assert _number(phrases) == figures["hours phrases"]
    sites, languages = re.search(
        r"\(([\d,]+) sites, (\d+) languages\)", phrases
    ).groups()
    assert (_number(sites), int(languages)) == (figures["sites"], figures["languages"])
    exact = _row("read exactly (hours and zone)")
    assert _number(exact) == figures["exact"]
    assert f"({figures['exact share']:.1%})" in exact
    assert _number(_row("wrong (data the text does not say)")) == figures["wrong"]
    missed = _row("missed (no data, reported instead)")
    assert _number(missed) == figures["missed"]
    zone = re.search(r"of which (\d+) read without their zone", missed)
    assert zone and int(zone.group(1)) == figures["of which zone not read"]
    near = re.fullmatch(r"([\d,]+), of which ([\d,]+) give data", _row("near-misses"))
    assert near
    assert (_number(near.group(1)), _number(near.group(2))) == (
        figures["near-misses"],
        figures["near-misses with data"],
    )
