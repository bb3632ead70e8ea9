"""Headless Chromium, driven by Playwright: what a real browser sees on each page.

The only module that imports Playwright. It observes and records (CSP
violations, scripts that ran, axe-core results, print styles, screenshots,
PDFs); the ``check_*`` modules judge the observations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Page,
    Route,
    sync_playwright,
)

from sitetools.policy import VIEWPORT_HEIGHT, VIEWPORT_WIDTHS

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, and silent on the network: without the
# background-networking switches it keeps calling home from a closed network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# axe-core as bundled by the axe-playwright-python wheel (axe 4.12.1); only the
# script file is used, never that package's Python code.
_AXE_PACKAGE = "axe_playwright_python"

# Records every CSP violation the document reports, before any page script.
_LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""
# Records text that script adds once parsing is over (readyState
# "interactive" comes before deferred scripts run) into a block that already
# reads without it, such as an "open now" note after opening hours: an
# enrichment, which the weight check lets JavaScript add.
_LISTEN_FOR_ENRICHMENTS = """
window.__enrichments = [];
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  const blocks = "p, li, dd, dt, td, th, h1, h2, h3, h4, h5, h6, caption, " +
    "figcaption, blockquote, pre, label, summary, address";
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const text = (node.textContent || "").trim();
        const block = node.parentElement && node.parentElement.closest(blocks);
        if (!text || !block) continue;
        if (block.textContent.replace(node.textContent, "").trim()) {
          window.__enrichments.push(text);
        }
      }
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
});
"""
# Waits until tasks queued during loading (violation events among them) ran.
_SETTLE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"
_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact || "", help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""
# Site chrome that print must hide: every nav, and footers that belong to the
# page rather than to an article or section.
_PRINT_CHROME = """() => {
  const inner = "article, aside, main, nav, section";
  const chrome = [...document.querySelectorAll("nav, footer")].filter(el =>
    el.tagName === "NAV" || !el.parentElement.closest(inner));
  return chrome.map(el => ({
    element: [el.tagName.toLowerCase(), ...el.classList].join("."),
    display: getComputedStyle(el).display,
    visible: el.checkVisibility(),
  }));
}"""
_PRINT_LINKS = """() => [...document.querySelectorAll("article a[href]")].map(a => ({
  href: a.getAttribute("href"),
  after: getComputedStyle(a, "::after").content,
}))"""


@dataclass(frozen=True, kw_only=True)
class Visit:
    """One page to open, and what to do there."""

    page: str  # path under the output folder, for reports
    url: str
    audit: bool = False  # axe-core at every width, and screenshots
    printable: bool = False  # print styles and a PDF


@dataclass(frozen=True, kw_only=True)
class AxeViolation:
    """One axe-core rule a page breaks at one width."""

    width: int
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Chrome:
    """A nav or page footer, as print media renders it."""

    element: str
    display: str
    visible: bool


@dataclass(frozen=True, kw_only=True)
class PrintedLink:
    """A link in the article and the ``::after`` content print media gives it."""

    href: str
    after: str


@dataclass(frozen=True, kw_only=True)
class PrintView:
    """A legal page under print media, and the PDF Chromium made of it."""

    chrome: tuple[Chrome, ...]
    links: tuple[PrintedLink, ...]
    pdf: Path
    pdf_size: int
    pdf_is_pdf: bool


@dataclass(frozen=True, kw_only=True)
class Observation:
    """Everything the browser saw of one page."""

    page: str
    csp_violations: tuple[str, ...]
    scripts_run: tuple[str, ...]  # evidence that page script ran
    text: str  # body text with JavaScript
    text_without_js: str
    enrichments: tuple[
        str, ...
    ] = ()  # text script added to blocks that read without it
    axe: tuple[AxeViolation, ...] = ()
    print_view: PrintView | None = None
    screenshots: tuple[Path, ...] = ()


class BrowserUnavailable(RuntimeError):
    """Chromium could not be started."""


@contextmanager
def open_browser(executable: str = CHROMIUM) -> Iterator[Browser]:
    """Start headless Chromium once; close it on exit."""
    if not Path(executable).exists():
        raise BrowserUnavailable(f"{executable} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, args=list(CHROMIUM_ARGS)
            )
        except Error as error:
            raise BrowserUnavailable(f"{executable} did not start: {error}") from error
        try:
            yield browser
        finally:
            browser.close()


def observe(
    browser: Browser,
    visits: list[Visit],
    *,
    artifacts: Path,
    site_url: str = "",
    local_url: str = "",
) -> list[Observation]:
    """Open every visit as a reader would, and record what happened.

    Four contexts: with the site's CSP (violations, axe, print, screenshots),
    with the CSP bypassed (did any script run anyway? escaping must hold on its
    own), without JavaScript (is everything readable?), and a narrow one.
    With ``site_url``, pages are opened at their production address and every
    request to it is answered by the local server at ``local_url``, so "self"
    in the CSP means what it will mean in production and nothing leaves the
    machine.
    """
    artifacts.mkdir(parents=True, exist_ok=True)
    axe = resources.files(_AXE_PACKAGE).joinpath("axe.min.js").read_text("utf-8")
    wide, narrow = max(VIEWPORT_WIDTHS), min(VIEWPORT_WIDTHS)
    contexts = {
        "csp": browser.new_context(viewport={"width": wide, "height": VIEWPORT_HEIGHT}),
        "narrow": browser.new_context(
            viewport={"width": narrow, "height": VIEWPORT_HEIGHT}, is_mobile=True
        ),
        "bypass": browser.new_context(bypass_csp=True),
        "nojs": browser.new_context(java_script_enabled=False),
    }
    contexts["csp"].add_init_script(_LISTEN_FOR_VIOLATIONS + _LISTEN_FOR_ENRICHMENTS)
    if site_url:
        production = site_url.rstrip("/")
        local = local_url.rstrip("/")

        def answer_locally(route: Route) -> None:
            url = local + route.request.url.removeprefix(production)
            route.fulfill(response=route.fetch(url=url))

        for context in contexts.values():
            context.route(f"{production}/**", answer_locally)
    try:
        return [_observe_one(contexts, visit, axe, artifacts) for visit in visits]
    finally:
        for context in contexts.values():
            context.close()


def _observe_one(
    contexts: dict[str, BrowserContext], visit: Visit, axe: str, artifacts: Path
) -> Observation:
    stem = _stem(visit.page)
    wide, small = max(VIEWPORT_WIDTHS), min(VIEWPORT_WIDTHS)
    page, console = _open(contexts["csp"], visit.url)
    violations = [
        f"{item['directive']} blocked {item['blocked'] or 'inline'}"
        + (f" at line {item['line']}" if item["line"] else "")
        for item in page.evaluate("window.__cspViolations")
    ]
    if len(console) > len(violations):  # reported to the console only
        violations.extend(console[len(violations) :])
    text = page.inner_text("body")
    enrichments = tuple(page.evaluate("window.__enrichments"))
    findings: list[AxeViolation] = []
    screenshots: list[Path] = []
    print_view = None
    if visit.audit:
        findings.extend(_axe(page, axe, wide))
        screenshots.append(_screenshot(page, artifacts / f"{stem}-{wide}.png"))
    if visit.printable:
        print_view = _print(page, artifacts / f"{stem}.pdf")
    page.close()
    if visit.audit:
        narrow, _ = _open(contexts["narrow"], visit.url)
        findings.extend(_axe(narrow, axe, small))
        screenshots.append(_screenshot(narrow, artifacts / f"{stem}-{small}.png"))
        narrow.close()
    return Observation(
        page=visit.page,
        csp_violations=tuple(violations),
        scripts_run=_scripts_run(contexts["bypass"], visit.url),
        text=text,
        enrichments=enrichments,
        text_without_js=_text_without_js(contexts["nojs"], visit.url),
        axe=tuple(findings),
        print_view=print_view,
        screenshots=tuple(screenshots),
    )


def _open(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(url, wait_until="load")
    page.evaluate(_SETTLE)
    return page, console


def _axe(page: Page, axe: str, width: int) -> list[AxeViolation]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe)
    return [
        AxeViolation(
            width=width,
            rule=item["rule"],
            impact=item["impact"],
            help=item["help"],
            targets=tuple(item["targets"]),
        )
        for item in page.evaluate(_RUN_AXE)
    ]


def _screenshot(page: Page, path: Path) -> Path:
    page.screenshot(path=str(path), full_page=True)
    return path


def _print(page: Page, path: Path) -> PrintView:
    page.emulate_media(media="print")
    chrome = tuple(Chrome(**item) for item in page.evaluate(_PRINT_CHROME))
    links = tuple(PrintedLink(**item) for item in page.evaluate(_PRINT_LINKS))
    pdf = page.pdf(path=str(path), print_background=False)
    page.emulate_media(media="screen")
    return PrintView(
        chrome=chrome,
        links=links,
        pdf=path,
        pdf_size=len(pdf),
        pdf_is_pdf=pdf.startswith(b"%PDF-"),
    )


def _scripts_run(context: BrowserContext, url: str) -> tuple[str, ...]:
    """Evidence of script execution with no CSP to stop it: dialogs, ``__pwned``."""
    page = context.new_page()
    evidence: list[str] = []

    def on_dialog(dialog: Any) -> None:
        evidence.append(f"{dialog.type}({dialog.message!r})")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    page.evaluate(_SETTLE)
    pwned = page.evaluate("window.__pwned")
    if pwned is not None:
        evidence.append(f"window.__pwned = {json.dumps(pwned)}")
    page.close()
    return tuple(evidence)


def _text_without_js(context: BrowserContext, url: str) -> str:
    page = context.new_page()
    page.goto(url, wait_until="load")
    text = page.inner_text("body")
    page.close()
    return text


def _stem(relative: str) -> str:
    """Artifact name of a page: ``privacy-policy/index.html`` is ``privacy-policy``."""
    stem = relative.removesuffix("index.html").removesuffix(".html").strip("/")
    return stem.replace("/", "-") or "index"
