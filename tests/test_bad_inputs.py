"""The catalogue of bad inputs: each one fails with its location or is handled safely.

Cases are in ``cases/bad_inputs.json``, one fixture site each under
``fixtures/bad/<label>/``; ``docs/robustness.md`` holds the same table for
readers, and a test keeps the two equal. Regenerate the table with
``.venv/bin/python tests/test_bad_inputs.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, run_pelican
from sitetools.console import counted

CASES = json.loads((Path(__file__).parent / "cases" / "bad_inputs.json").read_text())
DOC = ROOT / "docs" / "robustness.md"
BEGIN, END = "<!-- catalogue:begin -->", "<!-- catalogue:end -->"
BEHAVIOUR = {
    "fails": "fails the build",
    "warns": "builds, with a warning (fails a production build)",
    "builds": "builds safely",
}


SEVERITY = {"fails": "error", "warns": "warning"}


def render_table() -> str:
    """The docs table, from the cases: input, behaviour, what the author sees."""
    rows = [
        "| # | input | behaviour | what the author sees |",
        "|---|---|---|---|",
    ]
    for number, case in enumerate(CASES, start=1):
        expected = case["expected"]
        if not expected["message"]:
            seen = expected["note"]
        elif expected.get("exact"):
            severity = SEVERITY[expected["outcome"]]
            seen = f"`{expected['location']}: {severity}: {expected['message']}`"
        else:
            seen = f"`{expected['location']}: ...{expected['message']}...`"
        rows.append(
            f"| {number} | {case['input']} (`{case['label']}`) | "
            f"{BEHAVIOUR[expected['outcome']]} | {seen} |"
        )
    return "\n".join(rows)


def _settings(case: dict) -> Path:
    fixture = FIXTURES / "bad" / case["label"]
    return fixture / case["settings"] if "settings" in case else ROOT / "pelicanconf.py"


def _located(messages: list[str], case: dict) -> list[str]:
    expected = case["expected"]
    where = f"{case['label']}/{expected['location']}: "
    return [m for m in messages if where in m and expected["message"] in m]


# --- what the note of an input that builds promises, checked on the page ----


def _page(output: Path) -> tuple[str, BeautifulSoup]:
    html = (output / "p" / "index.html").read_text("utf-8")
    return html, BeautifulSoup(html, "html.parser")


def _source(fixture: Path) -> str:
    return (fixture / "pages" / "p.md").read_bytes().decode("utf-8-sig")


def _bom_dropped(fixture: Path, output: Path) -> None:
    html, soup = _page(output)
    assert "\ufeff" not in html
    assert soup.h1.get_text(strip=True) == "Terms"


def _line_endings_normalised(fixture: Path, output: Path) -> None:
    html, soup = _page(output)
    assert "\r" not in html
    # "Legal: yes" was read as a field, so the body is the one paragraph.
    assert [p.get_text() for p in soup.select("article p")][-1:] == ["Text."]
    assert "Legal:" not in soup.get_text()


def _size_not_limited(fixture: Path, output: Path) -> None:
    sentence = "All work and no play."
    html, _ = _page(output)
    assert html.count(sentence) == _source(fixture).count(sentence) > 2000


def _every_item_kept(fixture: Path, output: Path) -> None:
    items = sum(line.strip() == "- item" for line in _source(fixture).splitlines())
    _, soup = _page(output)
    listed = [li for li in soup.select("article li") if li.find(string="item")]
    assert len(listed) == items == 300


def _every_markup_level_kept(fixture: Path, output: Path) -> None:
    html, _ = _page(output)
    assert html.count("<div>") == _source(fixture).count("<div>") == 2000


def _escaped_everywhere(fixture: Path, output: Path) -> None:
    _, soup = _page(output)
    title = _source(fixture).splitlines()[0].removeprefix("Title: ")
    assert soup.h1.get_text() == title  # shown as written, as text
    assert soup.find(attrs={"onmouseover": True}) is None


def _plain_text_not_linked(fixture: Path, output: Path) -> None:
    _, soup = _page(output)
    assert soup.select("article a") == []
    body = _source(fixture).split("\n\n", 1)[1].strip()
    assert body in " ".join(soup.select_one("article").get_text(" ").split())


ARCHIVED_CONTROLS = (
    "built; the shifted run decoded and the page break made a paragraph break "
    "(repairs), the stray control removed (dropped), each at its line:col in the "
    "report"
)
ARCHIVED_MARKUP = (
    "built; everything outside the allow-list removed, its text kept, each "
    "removal listed at its line in the report (dropped)"
)


def _report(output: Path) -> dict:
    return json.loads((output.parent / f"{output.name}-report.json").read_text())


def _archived_controls_cleaned(fixture: Path, output: Path) -> None:
    html, soup = _page(output)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", html)
    report = _report(output)
    shifted = [r for r in report["repairs"] if "PDF font" in r["explanation"]]
    assert shifted and all(r["line"] > 0 and r["col"] > 0 for r in shifted)
    assert " and purchase" in soup.select_one("article").get_text()
    assert any(d["line"] > 0 and d["col"] > 0 for d in report["dropped"])


def _archived_markup_removed(fixture: Path, output: Path) -> None:
    _, soup = _page(output)
    article = soup.select_one("article")
    for tag in ("form", "input", "link", "meta", "style", "svg", "foreignobject"):
        assert article.find(tag) is None, tag
    assert article.find(style=True) is None
    text = article.get_text(" ")
    assert "Your session expired." in text and "We value your privacy." in text
    dropped = _report(output)["dropped"]
    lines = {d["line"] for d in dropped if d["path"].endswith("p.md")}
    assert {7, 9, 10, 12, 14, 16} <= lines, dropped


NOTES = {
    "BOM dropped": _bom_dropped,
    "line endings normalised": _line_endings_normalised,
    "built; size is not limited": _size_not_limited,
    "built; every item kept": _every_item_kept,
    "built; every level of the markup kept": _every_markup_level_kept,
    "built; escaped in every context, no handler reaches the page": (
        _escaped_everywhere
    ),
    "built; left as plain text, not linked": _plain_text_not_linked,
    ARCHIVED_CONTROLS: _archived_controls_cleaned,
    ARCHIVED_MARKUP: _archived_markup_removed,
}


def _problem_lines(build, case: dict) -> list[str]:
    """The log as compiler lines: no traceback, no wrapping, one summary."""
    assert "Traceback" not in build.log
    *problems, summary = build.log.splitlines()
    outcome = case["expected"]["outcome"]
    errors, warnings = (1, 0) if outcome == "fails" else (0, len(problems))
    ending = "the build failed" if outcome == "fails" else "wrote .*/ in [0-9.]+ s"
    counts = f"{errors} errors?, {warnings} warnings?; {ending}"
    assert re.fullmatch(counts, summary), build.log
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_bad_input(case, tmp_path):
    fixture = FIXTURES / "bad" / case["label"]
    build = run_pelican(fixture, tmp_path / "output", settings=_settings(case))
    expected = case["expected"]
    outcome = expected["outcome"]
    pages = list((tmp_path / "output").rglob("*.html"))
    problems = _problem_lines(build, case)
    if outcome in SEVERITY:
        # One line per problem (one, unless the case says more), at the
        # place, saying why.
        assert len(problems) == expected.get("problems", 1), build.log
        where = f"{fixture.relative_to(ROOT)}/{expected['location']}: "
        [line] = [line for line in problems if line.startswith(where)]
        assert line.startswith(f"{where}{SEVERITY[outcome]}: "), line
        if expected.get("exact"):
            assert line == f"{where}{SEVERITY[outcome]}: {expected['message']}"
        else:
            assert expected["message"] in line, line
    else:
        assert problems == []
    if outcome == "fails":
        assert build.returncode == 1, build.log
        if case.get("settings") and expected["location"].startswith("settings.py"):
            # Stopped by its settings, before a build began: the line above
            # is all there is to say.
            assert not build.report
        else:
            # Stopped while reading, checking or writing: the report says so.
            assert build.report and _located(build.report["errors"], case)
        return
    assert build.returncode == 0, build.log
    assert build.report["errors"] == []
    assert pages, "the page was not built"
    if outcome == "warns":
        assert _located(build.report["warnings"], case), build.report["warnings"]
        production = run_pelican(
            fixture, tmp_path / "production", settings=ROOT / "publishconf.py"
        )
        assert production.returncode == 1
        assert production.log.splitlines()[-1] == (
            f"0 errors, {counted(len(problems), 'warning')}; warnings fail this "
            "build (LEGALSITE_FAIL_ON_WARNINGS); the build failed"
        )
    else:
        assert build.report["warnings"] == []
        NOTES[expected["note"]](fixture, tmp_path / "output")
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


def test_every_note_is_a_checked_promise():
    for case in CASES:
        note, outcome = case["expected"]["note"], case["expected"]["outcome"]
        assert (note in NOTES) if outcome == "builds" else note == "", case["label"]


def test_catalogue_has_one_fixture_per_entry():
    labels = [c["label"] for c in CASES]
    assert len(set(labels)) == len(labels)
    labels = set(labels)
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
