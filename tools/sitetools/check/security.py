"""Security: no inline script or style, no CSP violation, no script where text is meant.

Static rules read the HTML; the browser's observations say what actually ran
and what the Content Security Policy blocked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitetools.check.pages import Page, Problem
from sitetools.policy import CONTENT_SECURITY_POLICY, allows_inline_styles

if TYPE_CHECKING:
    from sitetools.check.browser import Observation

CHECK = "security"


def check_markup(page: Page, *, policy: str = CONTENT_SECURITY_POLICY) -> list[Problem]:
    """Inline scripts other than JSON-LD, ``on*`` handlers, and inline styles
    when the policy forbids them (the browser would drop them silently)."""
    marked = [*page.inline_scripts, *page.handlers]
    if not allows_inline_styles(policy):
        marked += [*page.style_attributes, *page.style_elements]
    return [
        Problem(page=page.relative, check=CHECK, line=item.line, reason=item.what)
        for item in sorted(marked, key=lambda item: item.line)
    ]


def check_observation(observation: Observation) -> list[Problem]:
    """CSP violations under the real policy; script that ran with the CSP off."""
    problems = [
        Problem(
            page=observation.page, check=CHECK, reason=f"CSP violation: {violation}"
        )
        for violation in observation.csp_violations
    ]
    problems += [
        Problem(
            page=observation.page,
            check=CHECK,
            reason=f"script ran with the CSP bypassed: {evidence}",
        )
        for evidence in observation.scripts_run
    ]
    return problems
