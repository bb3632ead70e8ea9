"""The catalogue of bad inputs: each one fails with its location or is handled safely.

Cases are in ``cases/bad_inputs.json``, one fixture site each under
``fixtures/bad/<label>/``; ``docs/robustness.md`` holds the same table for
readers, and a test keeps the two equal. Regenerate the table with
``.venv/bin/python tests/test_bad_inputs.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, run_pelican

CASES = json.loads((Path(__file__).parent / "cases" / "bad_inputs.json").read_text())
DOC = ROOT / "docs" / "robustness.md"
BEGIN, END = "<!-- catalogue:begin -->", "<!-- catalogue:end -->"
BEHAVIOUR = {
    "fails": "fails the build",
    "warns": "builds, with a warning (fails a production build)",
    "builds": "builds safely",
}


def render_table() -> str:
    """The docs table, from the cases: input, behaviour, what the author sees."""
    rows = [
        "| # | input | behaviour | what the author sees |",
        "|---|---|---|---|",
    ]
    for number, case in enumerate(CASES, start=1):
        expected = case["expected"]
        seen = (
            f"`{expected['location']}: ...{expected['message']}...`"
            if expected["message"]
            else expected["note"]
        )
        rows.append(
            f"| {number} | {case['input']} (`{case['label']}`) | "
            f"{BEHAVIOUR[expected['outcome']]} | {seen} |"
        )
    return "\n".join(rows)


def _located(messages: list[str], case: dict) -> list[str]:
    expected = case["expected"]
    where = f"{case['label']}/{expected['location']}: "
    return [m for m in messages if where in m and expected["message"] in m]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_bad_input(case, tmp_path):
    build = run_pelican(FIXTURES / "bad" / case["label"], tmp_path / "output")
    outcome = case["expected"]["outcome"]
    pages = list((tmp_path / "output").rglob("*.html"))
    if outcome == "fails":
        assert build.returncode == 1, build.log
        assert _located(build.report["errors"], case), build.report["errors"]
        return
    assert build.returncode == 0, build.log
    assert build.report["errors"] == []
    assert pages, "the page was not built"
    if outcome == "warns":
        assert _located(build.report["warnings"], case), build.report["warnings"]
        production = run_pelican(
            FIXTURES / "bad" / case["label"],
            tmp_path / "production",
            settings=ROOT / "publishconf.py",
        )
        assert production.returncode == 1
    else:
        assert build.report["warnings"] == []
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        inline = [s for s in soup.find_all("script") if not s.get("src")]
        assert all(s.get("type") == "application/ld+json" for s in inline)
        for block in inline:
            json.loads(block.string)
        handlers = [
            (tag.name, name)
            for tag in soup.find_all(True)
            for name in tag.attrs
            if name.startswith("on")
        ]
        assert handlers == []


def test_catalogue_has_one_fixture_per_entry():
    labels = {c["label"] for c in CASES}
    assert labels == {p.name for p in (FIXTURES / "bad").iterdir()}


def test_docs_table_matches_the_catalogue():
    text = DOC.read_text("utf-8")
    table = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert table == render_table()


if __name__ == "__main__":
    text = DOC.read_text("utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(f"{text[:start]}\n{render_table()}\n{text[end:]}", "utf-8")
    sys.exit(0)
