"""Failing builds: a clear message, a non-zero exit, and the old output untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_pelican
from sitetools.build import BuildError, build, recover, swap_in


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    content = tmp_path / "content"
    for name, text in files.items():
        path = content / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return content


GOOD = "Title: Good\n\nFine.\n"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"bad.md": "Title: Terms\nEfective: 2024-01-01\n\nText\n"},
            "pages/bad.md:2: unknown metadata field 'efective'; "
            "did you mean 'effective'?",
        ),
        (
            {"bad.md": "Title: Terms\nLegal yes\n\nText\n"},
            "pages/bad.md:2:1: header line without a colon",
        ),
        (
            {"bad.md": b"Title: Terms\n\nIt\x92s broken.\n"},
            "pages/bad.md:3:3: not valid UTF-8",
        ),
        (
            {"bad.md": "Summary: no title\n\nText\n"},
            "pages/bad.md:1: missing title: start the file with a 'Title: ...' line",
        ),
    ],
    ids=["misspelled-key", "missing-colon", "windows-1252", "missing-title"],
)
def test_bad_page_fails_the_build_with_its_location(tmp_path, files, message):
    content = _site(tmp_path, {"good.md": GOOD, **files})
    result = run_pelican(content, tmp_path / "output")
    assert result.returncode != 0
    assert any(message in error for error in result.report["errors"]), result.log
    # One line for the problem, one summary: nothing wrapped, nothing repeated.
    problem, summary = result.log.splitlines()
    assert problem.startswith(str(content / "pages" / "bad.md:"))
    assert message.split(": ", 1)[1] in problem
    assert ": error: " in problem
    assert summary == "1 error, 0 warnings; the build failed"
    assert not (tmp_path / "output" / "bad").exists()


def test_failed_staged_build_leaves_previous_output(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous")
    content = _site(tmp_path, {"bad.md": "Title: x\nLegal: maybe\n\nText\n"})
    with pytest.raises(BuildError):
        build(
            settings=ROOT / "pelicanconf.py",
            output=output,
            content=content,
            extra_args=(
                "-e",
                f'CACHE_PATH="{tmp_path / "cache"}"',
                f'LEGALSITE_REPORT_PATH="{tmp_path / "r.json"}"',
            ),
        )
    assert (output / "index.html").read_text() == "previous"
    assert not list(tmp_path.glob(".output.staging-*"))


def test_successful_staged_build_replaces_output(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    output = tmp_path / "output"
    output.mkdir()
    (output / "stale.html").write_text("stale")
    content = _site(tmp_path, {"good.md": GOOD})
    build(
        settings=ROOT / "pelicanconf.py",
        output=output,
        content=content,
        extra_args=(
            "-e",
            f'CACHE_PATH="{tmp_path / "cache"}"',
            f'LEGALSITE_REPORT_PATH="{tmp_path / "r.json"}"',
        ),
    )
    assert (output / "good" / "index.html").is_file()
    assert not (output / "stale.html").exists()


def test_half_done_swap_is_recovered(tmp_path):
    output = tmp_path / "output"
    previous = tmp_path / ".output.previous"
    previous.mkdir()
    (previous / "index.html").write_text("kept")
    recover(output)
    assert (output / "index.html").read_text() == "kept"
    staging = tmp_path / "new"
    staging.mkdir()
    (staging / "index.html").write_text("new")
    swap_in(staging, output)
    assert (output / "index.html").read_text() == "new"
    assert not previous.exists()


def test_build_command_line_reports_failure(tmp_path):
    content = _site(tmp_path, {"bad.md": "Title: x\nLegal: maybe\n\nText\n"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitetools.build",
            "-c",
            str(content),
            "-o",
            str(tmp_path / "out"),
            "-e",
            f'CACHE_PATH="{tmp_path / "c"}"',
            f'LEGALSITE_REPORT_PATH="{tmp_path / "report.json"}"',
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    *_, summary = result.stderr.splitlines()
    assert summary == f"1 error, 0 warnings; {tmp_path / 'out'}/ left as it was"
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    shutil.rmtree(tmp_path / "content")


def test_cached_rebuild_reports_the_same_repairs_and_warnings(tmp_path):
    content = _site(
        tmp_path,
        {
            "p.md": "Title: Caf\u00c3\u00a9\n\nWe don\u00e2\u20ac\u2122t.\n",
            "q.md": "Title: Q\n\nCall 1-900-555-0199.\n",
        },
    )
    first = run_pelican(content, tmp_path / "output")
    second = run_pelican(content, tmp_path / "output")
    assert first.returncode == second.returncode == 0, first.log + second.log
    assert len(first.report["repairs"]) == 2
    assert second.report["repairs"] == first.report["repairs"]
    # A page read from the reader cache still warns, on every build.
    [warning] = first.report["warnings"]
    assert "premium-rate number not linked" in warning
    assert second.report["warnings"] == [warning]
    assert second.log == first.log.replace(
        first.log.splitlines()[-1], second.log.splitlines()[-1]
    )
    caches = list((tmp_path / "output-cache").glob("legalsite-*"))
    assert len(caches) == 1 and any(caches[0].iterdir())


def test_cache_is_scoped_to_the_plugin_settings(tmp_path):
    content = _site(tmp_path, {"good.md": GOOD})
    cache = tmp_path / "output-cache"
    run_pelican(content, tmp_path / "output")
    [before] = cache.glob("legalsite-*")
    run_pelican(
        content, tmp_path / "output", extra={"LEGALSITE_ALLOWED_WARNINGS": ["x"]}
    )
    # The second build used a fresh cache and removed the stale one.
    [after] = cache.glob("legalsite-*")
    assert after != before
    # Jobs and the report's place shape no page: the cache stays.
    run_pelican(
        content,
        tmp_path / "output",
        extra={
            "LEGALSITE_ALLOWED_WARNINGS": ["x"],
            "LEGALSITE_JOBS": 1,
            "LEGALSITE_REPORT_PATH": str(tmp_path / "elsewhere.json"),
        },
    )
    assert list(cache.glob("legalsite-*")) == [after]
    # A cache written zipped cannot be read unzipped: a fresh one, no warning.
    zipped = run_pelican(
        content,
        tmp_path / "output",
        extra={"LEGALSITE_ALLOWED_WARNINGS": ["x"], "GZIP_CACHE": True},
    )
    assert zipped.returncode == 0 and zipped.report["warnings"] == [], zipped.log
    assert list(cache.glob("legalsite-*")) != [after]


def test_site_hours_are_read_in_the_site_language(tmp_path):
    # A French site's own hours in its settings, written in French: read with
    # DEFAULT_LANG's words, they give data (English's alone read no "lundi").
    content = _site(
        tmp_path, {"support.md": "Title: Support\nTemplate: support\n\nAide.\n"}
    )
    result = run_pelican(
        content,
        tmp_path / "output",
        extra={
            "DEFAULT_LANG": "fr",
            "LEGALSITE_REGION": "FR",
            "LEGALSITE_CONTACTS": [{"label": "Accueil", "phone": "01 23 45 67 89"}],
            "LEGALSITE_SUPPORT_HOURS": "Du lundi au vendredi de 9h à 18h",
        },
    )
    assert result.returncode == 0, result.log
    page = (tmp_path / "output" / "support" / "index.html").read_text("utf-8")
    assert 'data-hours="Mo-Fr 09:00-18:00"' in page


def test_hours_named_for_someone_else_are_theirs_the_sites_own_are_its(tmp_path):
    # The site's name owns its hours; an acronym that is not the site's
    # (SASSA, quoted by an independent site) owns its own.
    content = _site(
        tmp_path,
        {
            "own.md": "Title: Own\n\n"
            "HostCo Support: Monday through Friday, 9 AM - 6 PM PST.\n",
            "other.md": "Title: Other\n\n"
            "SASSA toll-free helpline: 0800 60 10 11. Lines are open Monday to "
            "Friday, 07:30 to 16:00.\n",
        },
    )
    result = run_pelican(content, tmp_path / "output", extra={"SITENAME": "HostCo"})
    assert result.returncode == 0, result.log
    own, other = (
        next(
            str(p)
            for p in BeautifulSoup(
                (tmp_path / "output" / name / "index.html").read_text("utf-8"),
                "html.parser",
            ).find_all("p")
            if word in p.get_text()
        )
        for name, word in (("own", "HostCo Support"), ("other", "SASSA"))
    )
    assert 'data-hours="Mo-Fr 09:00-18:00"' in own
    assert "data-hours" not in other
    assert any(
        "pages/other.md:3: hours not understood" in w and "'SASSA', not the site's" in w
        for w in result.report["warnings"]
    ), result.report["warnings"]


# Each page defines its own abbreviation and footnote and uses the other's
# word: whichever is rendered first, nothing of it may reach the second.
_ABBREVIATED = {
    "a.md": "Title: A\nSummary: About *A*\n\nHTML and CSS.[^1]\n\n"
    "[^1]: Note A.\n\n*[HTML]: Hyper Text Markup Language\n",
    "b.md": "Title: B\nSummary: About *B*\n\nHTML and CSS.[^1]\n\n"
    "[^1]: Note B.\n\n*[CSS]: Cascading Style Sheets\n",
}


def test_pages_rendered_one_after_another_share_nothing(tmp_path):
    content = _site(tmp_path, _ABBREVIATED)
    build = run_pelican(
        content,
        tmp_path / "output",
        extra={"FORMATTED_FIELDS": ["summary"], "LEGALSITE_JOBS": 1},
    )
    assert build.returncode == 0, build.log
    a = (tmp_path / "output" / "a" / "index.html").read_text("utf-8")
    b = (tmp_path / "output" / "b" / "index.html").read_text("utf-8")
    assert '<abbr title="Hyper Text Markup Language">HTML</abbr> and CSS.' in a
    assert 'HTML and <abbr title="Cascading Style Sheets">CSS</abbr>.' in b
    for page, note in ((a, "Note A."), (b, "Note B.")):
        assert '<li id="fn:1">' in page and note in page
        assert "Note A." not in page or "Note B." not in page
    # Pelican renders the formatted fields with an instance whose header
    # step it removes: each page's header is still read as a header.
    assert "<title>A |" in a and "<title>B |" in b
    assert 'content="&lt;p&gt;About &lt;em&gt;A&lt;/em&gt;&lt;/p&gt;"' in a
    assert 'content="&lt;p&gt;About &lt;em&gt;B&lt;/em&gt;&lt;/p&gt;"' in b


def test_footnote_ids_numbered_per_document_do_not_depend_on_the_page_order(
    tmp_path,
):
    # With UNIQUE_IDS, Python-Markdown numbers footnotes by the extension's
    # resets: one when it is made, one when the new instance resets itself,
    # so a new instance calls every page's first footnote "fn:2-1".
    content = _site(tmp_path, _ABBREVIATED)
    markdown = {
        "extension_configs": {
            "markdown.extensions.footnotes": {"UNIQUE_IDS": True},
            "markdown.extensions.abbr": {},
            "markdown.extensions.meta": {},
        },
        "output_format": "html5",
    }
    build = run_pelican(
        content, tmp_path / "output", extra={"MARKDOWN": markdown, "LEGALSITE_JOBS": 1}
    )
    assert build.returncode == 0, build.log
    for name in ("a", "b"):
        page = (tmp_path / "output" / name / "index.html").read_text("utf-8")
        assert '<li id="fn:2-1">' in page, page
