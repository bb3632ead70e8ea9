"""What an author sees: `make html`'s real output, CI annotations, problems read.

The build's output is tested as bytes, from a fresh clone, with no COLUMNS set:
one line per problem, one summary line, nothing wrapped, no traceback.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from conftest import ROOT
from legalsite.errors import ContentError, Problem
from legalsite.pelican.problems import problem_of, problem_of_exception
from legalsite.text.source import decode_source
from sitetools.console import (
    Outcome,
    ProblemPrinter,
    code_quality_report,
    github_annotation,
    leave,
    locate_setting,
    summary_line,
)

BROKEN = "Title: Broken\nDate: 2024-02-30\n\nText.\n"
LINE = (
    "content/pages/broken.md:2: error: date: '2024-02-30' is not a real date "
    "(day is out of range for month)"
)
COMMAND = (
    ".venv/bin/python -m sitetools.build --settings pelicanconf.py --output output"
)


@pytest.fixture
def clone(tmp_path) -> Path:
    """A fresh clone of the project, using this checkout's environment."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    # make would rebuild the environment for files newer than it: they are not.
    for name in ("pyproject.toml", "constraints.txt", "tools/bootstrap.sh"):
        os.utime(clone / name, (946684800, 946684800))
    return clone


def _make_html(clone: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    # As an author's shell runs it: not under another make (make test sets
    # MAKELEVEL, which turns "make:" into "make[2]:").
    ignored = ("COLUMNS", "LINES", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")
    plain = {k: v for k, v in os.environ.items() if k not in ignored}
    for name in ("GITHUB_ACTIONS", "GITLAB_CI"):
        plain.pop(name, None)
    return subprocess.run(
        ["make", "--no-print-directory", "html"],
        cwd=clone,
        env={**plain, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )


def test_make_html_prints_one_line_per_problem_and_one_summary(clone):
    (clone / "content" / "pages" / "broken.md").write_text(BROKEN, "utf-8")
    (clone / "output").mkdir()
    (clone / "output" / "index.html").write_text("previous", "utf-8")
    result = _make_html(clone)
    assert result.returncode != 0
    lines = result.stdout.decode("utf-8").split("\n")
    assert lines[:3] == [COMMAND, LINE, "1 error, 0 warnings; output/ left as it was"]
    assert re.fullmatch(r"make: \*\*\* \[Makefile:\d+: html\] Error 1", lines[3])
    assert lines[4:] == [""]
    assert (clone / "output" / "index.html").read_text("utf-8") == "previous"
    # Mended, the same command says so in one line too.
    (clone / "content" / "pages" / "broken.md").unlink()
    mended = _make_html(clone)
    assert mended.returncode == 0, mended.stdout
    first, summary, end = mended.stdout.decode("utf-8").split("\n")
    assert (first, end) == (COMMAND, "")
    assert re.fullmatch(r"0 errors, 0 warnings; built output/ in [0-9.]+ s", summary)


def test_github_actions_get_an_annotation_per_problem(clone):
    (clone / "content" / "pages" / "broken.md").write_text(BROKEN, "utf-8")
    result = _make_html(clone, GITHUB_ACTIONS="true")
    lines = result.stdout.decode("utf-8").split("\n")
    assert lines[1:4] == [
        LINE,
        "::error file=content/pages/broken.md,line=2::date: '2024-02-30' is not a "
        "real date (day is out of range for month)",
        "1 error, 0 warnings; output/ left as it was",
    ]


def test_gitlab_gets_a_code_quality_report(clone):
    (clone / "content" / "pages" / "broken.md").write_text(BROKEN, "utf-8")
    result = _make_html(clone, GITLAB_CI="true")
    assert result.stdout.decode("utf-8").split("\n")[1:3] == [
        LINE,
        "1 error, 0 warnings; output/ left as it was",
    ]
    [entry] = json.loads((clone / "build" / "code-quality.json").read_text("utf-8"))
    assert entry["description"] == LINE.split(": error: ", 1)[1]
    assert entry["severity"] == "major"
    assert entry["location"] == {
        "path": "content/pages/broken.md",
        "lines": {"begin": 2},
    }
    assert re.fullmatch("[0-9a-f]{64}", entry["fingerprint"])


# --- reading problems ----------------------------------------------------------


def _record(logger: str, level: int, msg: str, *args: object) -> logging.LogRecord:
    return logging.getLogger(logger).makeRecord(
        logger, level, "x.py", 1, msg, args, None
    )


def test_pelican_messages_are_rewritten_or_dropped():
    static = _record(
        "pelican.contents",
        logging.WARNING,
        "{filename} used for linking to static content %s in %s. Use {static} instead",
        "img/a b.png",
        "pages/p.md",
    )
    assert str(problem_of(static, content_root="content")) == (
        "content/pages/p.md: warning: {filename}img/a b.png links to a static "
        "file; write {static}img/a%20b.png instead"
    )
    slug = _record(
        "pelican.utils",
        logging.WARNING,
        'There are %s items "%s" with lang %s: \n%s\n%s',
        2,
        'with slug "terms"',
        "en",
        "/a.md",
        "/b.md",
    )
    assert problem_of(slug) is None  # ours names both files, on one line
    other = _record("pelican", logging.WARNING, "first line\n  second line")
    assert str(problem_of(other)) == "warning: first line; second line"
    assert problem_of(_record("pelican", logging.INFO, "Writing %s", "x")) is None


def test_could_not_process_gives_the_reason_being_handled():
    record = _record(
        "pelican.generators", logging.ERROR, "Could not process %s", "p.md"
    )
    try:
        raise ContentError("title: too long", line=1)
    except ContentError:
        problem = problem_of(record, content_root="content")
    assert str(problem) == "content/p.md:1: error: title: too long"


def test_only_a_bug_carries_a_traceback_after_a_line_saying_so():
    try:
        decode_source(None)  # a bug: the core is never given None
    except AttributeError as error:
        bug = problem_of_exception(error, path="content/p.md")
    assert bug.reason.startswith("internal error (a bug in the build, not a problem")
    assert "Traceback (most recent call last)" in bug.traceback
    assert "text/source.py" in bug.traceback
    content = problem_of_exception(ContentError("bad", line=2), path="content/p.md")
    assert (str(content), content.traceback) == ("content/p.md:2: error: bad", "")


def test_template_errors_point_at_the_template_line(tmp_path):
    (tmp_path / "page.html").write_text("<p>\n{{ page.nosuch.name }}\n</p>\n")
    (tmp_path / "bad.html").write_text("<p>\n\n{% if %}\n")
    env = Environment(loader=FileSystemLoader(str(tmp_path)), autoescape=True)
    try:
        env.get_template("page.html").render(page={})
    except Exception as error:
        runtime = problem_of_exception(error)
    try:
        env.get_template("bad.html")
    except Exception as error:
        syntax = problem_of_exception(error)
    assert (runtime.path.endswith("page.html"), runtime.line) == (True, 2)
    assert "UndefinedError: 'dict object' has no attribute 'nosuch'" in runtime.reason
    assert (syntax.path.endswith("bad.html"), syntax.line) == (True, 3)
    assert syntax.reason.startswith("template bad.html: Expected an expression")
    assert runtime.traceback == syntax.traceback == ""


# --- printing them ---------------------------------------------------------------


def test_printer_prints_each_problem_once_on_one_line(tmp_path):
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        printer = ProblemPrinter(stream)
        problem = Problem(severity="warning", path="a.md", line=3, reason="x " * 80)
        printer.add(problem)
        printer.add(problem)
    assert out.read_text().split("\n") == [f"a.md:3: warning: {'x ' * 80}", ""]
    assert (printer.errors, printer.warnings) == (0, 1)


def test_a_setting_is_located_in_the_settings_file_or_the_file_it_builds_on():
    assert locate_setting(ROOT / "pelicanconf.py", "LEGALSITE_REGION")[1] == next(
        number
        for number, line in enumerate(
            (ROOT / "pelicanconf.py").read_text().splitlines(), start=1
        )
        if line.startswith("LEGALSITE_REGION =")
    )
    path, line = locate_setting(ROOT / "publishconf.py", "LEGALSITE_CONTACTS")
    assert path.name == "pelicanconf.py" and line is not None
    assert locate_setting(ROOT / "publishconf.py", "NOPE") == (
        ROOT / "publishconf.py",
        None,
    )


def test_annotations_escape_what_github_would_read_as_syntax():
    problem = Problem(
        severity="warning", path="a,b:c.md", line=1, col=2, reason="50% off\nnow"
    )
    assert github_annotation(problem) == (
        "::warning file=a%2Cb%3Ac.md,line=1,col=2::50%25 off%0Anow"
    )
    assert github_annotation(Problem(severity="error", reason="r")) == "::error::r"


def test_code_quality_entries_without_a_file_point_at_the_settings():
    [entry] = code_quality_report(
        [Problem(severity="warning", reason="shallow clone")],
        settings_file="pelicanconf.py",
    )
    assert entry["location"] == {"path": "pelicanconf.py", "lines": {"begin": 1}}
    assert entry["severity"] == "minor"


def test_summary_line_counts_and_says_why():
    outcome = Outcome(ok=False, errors=0, warnings=1, seconds=0.5, note="why")
    assert summary_line(outcome, result="kept") == "0 errors, 1 warning; why; kept"


def test_console_runs_pelicans_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.console", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0 and "--extra-settings" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('SITENAME = "x"\nPATH = (\n', "settings.py:2:8: error: '(' was never closed"),
        (
            'SITENAME = "x"\nX = undefined_name\n',
            "settings.py:2: error: NameError: name 'undefined_name' is not defined",
        ),
    ],
    ids=["syntax", "name"],
)
def test_a_broken_settings_file_is_one_located_line(tmp_path, text, expected):
    (tmp_path / "settings.py").write_text(text, "utf-8")
    (tmp_path / "content").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.console", "content", "-s", "settings.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        expected,
        "1 error, 0 warnings; the build failed",
    ]


def test_leaving_skips_the_last_collection_and_keeps_the_exit_code():
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as leaving:
            leave(3)
        assert leaving.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
