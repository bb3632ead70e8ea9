"""``python -m sitetools.check``: each check fails on its broken fixture.

The real site passes every check, built with both settings files.

Chromium starts once for the session; each fixture runs only the check it
breaks, and the real site runs them all (one call of the HTML checker each).
"""

from __future__ import annotations

import doctest
import json
import random
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Build, run_pelican
from legalsite.html import urls
from sitetools import policy
from sitetools.check import pages as check_pages
from sitetools.check import printing as check_print
from sitetools.check import text as check_text
from sitetools.check import weight as check_weight
from sitetools.check.accessibility import pick_layouts
from sitetools.check.run import CHECKS, Options, Report, check_site
from sitetools.check.security import check_markup
from sitetools.check.text import find_mojibake

CHECK_FIXTURES = FIXTURES / "check"
CASES = json.loads(
    (Path(__file__).parent / "cases" / "visible_mojibake.json").read_text()
)
SITE_URL = "https://www.dotnetpanel.com"


def run(output: Path, only: str, artifacts: Path, browser) -> Report:
    options = Options(artifacts=artifacts, only=frozenset({only}))
    return check_site(output, options=options, browser=browser)


def lines(report: Report) -> list[str]:
    return [str(problem) for problem in report.problems]


# Each broken fixture, the check it breaks, and every line that check must print.
BROKEN = {
    "html": [
        "stray/index.html:13: html: No “p” element in scope but a “p” end tag seen.",
    ],
    "links": [
        "index.html:14: links: broken link in <a href>: /missing/ answers HTTP 404",
        "index.html:14: links: broken fragment in <a href>: no id 'nowhere' in "
        "/target/#nowhere",
        "index.html:15: links: javascript: URL in <a href>: 'javascript:alert(1)'",
        "index.html:16: links: data: URL in <img src>: "
        "'data:image/gif;base64,R0lGODlhAQABAAAAACw='",
        "index.html:17: links: javascript: URL in <button formaction>: "
        "'JaVa\\tScript:alert(2)'",
    ],
    "accessibility": [
        "barriers/index.html: accessibility: serious color-contrast at 1280px: "
        "Elements must meet minimum color contrast ratio thresholds (.faint)",
        "barriers/index.html: accessibility: critical image-alt at 1280px: "
        "Images must have alternative text (img)",
        "barriers/index.html: accessibility: serious color-contrast at 375px: "
        "Elements must meet minimum color contrast ratio thresholds (.faint)",
        "barriers/index.html: accessibility: critical image-alt at 375px: "
        "Images must have alternative text (img)",
    ],
    "structured-data": [
        "broken/index.html:8: structured-data: JSON-LD does not parse: Expecting "
        "property name enclosed in double quotes: line 1 column 73 (char 72)",
        "incomplete/index.html:8: structured-data: JSON-LD lacks 'name'",
        "incomplete/index.html:8: structured-data: JSON-LD ContactPoint lacks "
        "'telephone'",
        "none/index.html: structured-data: expected exactly one JSON-LD block, found 0",
        "phone/index.html:8: structured-data: JSON-LD telephone '+1-800-555-0199' "
        "is not visible on the page",
        "two/index.html: structured-data: expected exactly one JSON-LD block, "
        "found 2 (lines 8, 9)",
    ],
    "text": [
        "index.html: text: mojibake in <title>: 'Ã©' is 'é' (UTF-8 read as "
        "Windows-1252), in 'CafÃ© terms'",
        "index.html: text: mojibake in meta description: 'Ã\\xad' is 'í' (UTF-8 "
        "read as Windows-1252), in 'PolÃ\\xadtica de privacidad'",
        "index.html: text: mojibake in visible text: 'â€™' is '’' (UTF-8 read as "
        "Windows-1252), in 'Terms We donâ€™t sell your data.'",
        "index.html: text: mojibake in label: 'Â©' is '©' (UTF-8 read as "
        "Windows-1252), in 'Â© 2008'",
        "index.html: text: mojibake in JSON-LD: 'â„¢' is '™' (UTF-8 read as "
        "Windows-1252), in 'DotNetPanelâ„¢'",
    ],
    "security": [
        "foreign/index.html: security: CSP violation: style-src-elem blocked "
        "http://127.0.0.2:9/foreign.css at line 9",
        "inline/index.html: security: CSP violation: style-src-elem blocked inline "
        "at line 9",
        "inline/index.html: security: CSP violation: script-src-attr blocked inline",
        "inline/index.html: security: CSP violation: style-src-attr blocked inline "
        "at line 15",
        "inline/index.html: security: CSP violation: script-src-elem blocked inline "
        "at line 16",
        "inline/index.html: security: script ran with the CSP bypassed: "
        'window.__pwned = "inline"',
        "inline/index.html:9: security: <style> element",
        "inline/index.html:14: security: onclick attribute on <p>",
        "inline/index.html:15: security: style attribute on <p>",
        "inline/index.html:16: security: inline script (only JSON-LD may be inline)",
    ],
    "print": [
        "legal/index.html: print: <nav> is shown in print (display: block)",
        "legal/index.html: print: <footer> is shown in print (display: block)",
        "legal/index.html: print: link target '../' is not printed after the link",
    ],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_check_fails_on_its_broken_fixture(name, chromium, tmp_path):
    report = run(CHECK_FIXTURES / name, name, tmp_path, chromium)
    assert lines(report) == BROKEN[name]
    assert not report.ok


def test_weight_fails_on_heavy_legal_pages_and_script_only_text(chromium, tmp_path):
    # A page over the budgets cannot be a small committed file: brotli shrinks
    # anything but noise, so the noise is made here, the same every run.
    site = shutil.copytree(CHECK_FIXTURES / "weight", tmp_path / "site")
    noise = random.Random(7)
    filler = "\n".join(
        "<p>" + "".join(noise.choices(string.ascii_letters, k=1000)) + "</p>"
        for _ in range(80)
    )
    legal = site / "legal" / "index.html"
    legal.write_text(legal.read_text("utf-8").replace("<!-- filler -->", filler))
    report = run(site, "weight", tmp_path / "artifacts", chromium)
    reasons = lines(report)
    assert reasons[0].startswith("legal/index.html: weight: ")
    assert "over the 50.0 KB page budget" in reasons[0]
    assert reasons[1].startswith("legal/index.html: weight: legal page HTML + CSS is ")
    assert reasons[1].endswith("compressed, over the 14.0 KB of the first round trip")
    # Script that enriches a paragraph readable without it is fine; script that
    # writes the only copy of a text is not.
    assert reasons[2:] == [
        "scripted/index.html: weight: text shown only with JavaScript: "
        "'Written by script.'"
    ]


def test_correct_text_in_any_language_is_not_mojibake():
    page = check_pages.read_page(
        CHECK_FIXTURES / "text", CHECK_FIXTURES / "text" / "clean" / "index.html"
    )
    assert check_text.check_text(page) == []


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case["label"],
            marks=[pytest.mark.xfail(strict=True, reason=case["xfail"])]
            if "xfail" in case
            else [],
        )
        for case in CASES
    ],
)
def test_visible_mojibake_rule(case):
    found = find_mojibake(case["input"])
    assert bool(found) == case["mojibake"], [hit.text for hit in found]
    if "first" in case:
        assert found[0].text == case["first"]


def test_inline_styles_pass_only_when_the_policy_allows_them():
    html = '<!doctype html><title>t</title><p style="color: red">x</p>'
    page = check_pages.parse_page("index.html", html)
    assert [p.reason for p in check_markup(page)] == ["style attribute on <p>"]
    lenient = policy.CONTENT_SECURITY_POLICY.replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    )
    assert check_markup(page, policy=lenient) == []


def test_pages_of_one_template_share_a_layout():
    def page(relative, article_class, body):
        return check_pages.parse_page(
            relative,
            f'<!doctype html><title>t</title><main><article class="{article_class}">'
            f"<h1>T</h1><div class='body'>{body}</div></article></main>",
        )

    pages = [
        page("a/index.html", "page legal", "<p>one</p><ul><li>x</li></ul>"),
        page("b/index.html", "page legal", "<h2>two</h2><p>text</p>"),
        page("c/index.html", "page", "<p>three</p>"),
    ]
    assert pick_layouts(pages) == {
        "a/index.html": ["a/index.html", "b/index.html"],
        "c/index.html": ["c/index.html"],
    }


@pytest.mark.parametrize(
    # The scheme reader the link checks use lives in the plugin (one reader).
    "module",
    [urls, check_pages, check_print, check_text, policy],
)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0


# --- the hostile fixture: payloads in every kind of metadata ---

HOSTILE_SETTINGS = {
    "LEGALSITE_CONTACTS": [
        {"label": "<img src=x onerror=alert('contact')>", "phone": "1 (877) 270-4998"}
    ],
    "LEGALSITE_SUPPORT_HOURS": (
        "Monday through Friday, 9 AM - 6 PM PST <script>alert('hours')</script>"
    ),
}
HOSTILE_TITLE = (
    '<script>window.__pwned = "title"</script>'
    "<img src=x onerror=\"window.__pwned = 'title-img'\">"
)
HOSTILE_SUMMARY = (
    '"><svg onload=alert("summary")></script><script>alert("summary-2")</script><!--'
)
# A snapshot URL with raw markup fails the build (tests/fixtures/bad/archive-url-
# markup); percent-encoded, it builds, and the decoded address must stay text.
ARCHIVE_PAYLOAD = '"><script>alert("archive")</script>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, chromium) -> tuple[Build, Report]:
    out = tmp_path_factory.mktemp("hostile-check") / "output"
    build = run_pelican(CHECK_FIXTURES / "hostile", out, extra=HOSTILE_SETTINGS)
    assert build.returncode == 0, build.log
    options = Options(
        artifacts=out.parent / "artifacts",
        only=frozenset({"links", "text", "security", "weight"}),
    )
    return build, check_site(out, options=options, browser=chromium)


def test_hostile_metadata_runs_no_script_and_breaks_no_rule(hostile):
    _build, report = hostile
    assert lines(report) == []
    assert [o.scripts_run for o in report.observations] == [()] * len(report.pages)


def test_hostile_metadata_is_shown_as_text(hostile):
    _build, report = hostile
    text = {o.page: o.text for o in report.observations}
    assert HOSTILE_TITLE in text["policy/index.html"]
    assert ARCHIVE_PAYLOAD in text["policy/index.html"]
    assert HOSTILE_SUMMARY in text["legal/index.html"]
    for page in ("policy/index.html", "support/index.html"):
        assert HOSTILE_SETTINGS["LEGALSITE_CONTACTS"][0]["label"] in text[page]
        assert "<script>alert('hours')</script>" in text[page]


# --- the real site ---


@pytest.fixture(scope="module")
def site_report(site, chromium, tmp_path_factory) -> Report:
    artifacts = tmp_path_factory.mktemp("artifacts")
    return check_site(
        site.output, options=Options(artifacts=artifacts), browser=chromium
    )


@pytest.fixture(scope="module")
def published_report(published_site, chromium, tmp_path_factory) -> Report:
    options = Options(artifacts=tmp_path_factory.mktemp("published"), site_url=SITE_URL)
    return check_site(published_site.output, options=options, browser=chromium)


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("kind", ["site_report", "published_report"])
def test_real_site_passes(kind, name, request):
    report: Report = request.getfixturevalue(kind)
    assert [line for line in lines(report) if f": {name}: " in line] == []


def test_real_site_audits_every_layout_and_leaves_artifacts(site_report):
    observed = {o.page: o for o in site_report.observations}
    assert set(observed) == set(site_report.pages)
    for representative in site_report.layouts:
        shots = observed[representative].screenshots
        assert [shot.name.rsplit("-", 1)[1] for shot in shots] == [
            "1280.png",
            "375.png",
        ]
        assert all(shot.read_bytes().startswith(b"\x89PNG") for shot in shots)
    printed = observed["privacy-policy/index.html"].print_view
    assert printed is not None
    assert printed.pdf_is_pdf
    assert printed.pdf.read_bytes().startswith(b"%PDF-")


def test_privacy_policy_fits_the_first_round_trip(site):
    page = check_pages.read_page(site.output, site.output / "privacy-policy/index.html")
    weight = check_weight.weigh(site.output, page)
    assert page.legal
    assert weight.css > 0
    assert weight.html + weight.css <= policy.BUDGET.first_round_trip


# --- the command line ---


def test_command_line_prints_problems_and_a_summary(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitetools.check",
            str(CHECK_FIXTURES / "links"),
            "--only",
            "links",
            "--artifacts",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        *BROKEN["links"],
        "check: 2 pages, 1 check: 5 problems (links 5)",
    ]


def test_command_line_refuses_an_unknown_check(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.check", str(tmp_path), "--only", "speling"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown check 'speling'" in result.stderr
