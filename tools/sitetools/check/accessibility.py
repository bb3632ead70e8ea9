"""Accessibility: axe-core's serious and critical findings at phone and laptop widths.

One page per layout is audited (pages of one template share their problems);
which impacts block is policy, in ``policy.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitetools.check.pages import Page, Problem
from sitetools.policy import BLOCKING_IMPACTS

if TYPE_CHECKING:
    from sitetools.check.browser import Observation

CHECK = "accessibility"


def pick_layouts(pages: list[Page]) -> dict[str, list[str]]:
    """Group pages by layout; the first page of each group stands for it.

    Returns ``{representative: [every page of that layout]}``, in page order.
    """
    groups: dict[str, list[str]] = {}
    for page in pages:
        groups.setdefault(page.layout, []).append(page.relative)
    return {members[0]: members for members in groups.values()}


def check_observation(observation: Observation) -> list[Problem]:
    """One problem per blocking rule and width, naming a few offending elements."""
    return [
        Problem(
            page=observation.page,
            check=CHECK,
            reason=(
                f"{found.impact} {found.rule} at {found.width}px: {found.help} "
                f"({', '.join(found.targets)})"
            ),
        )
        for found in observation.axe
        if found.impact in BLOCKING_IMPACTS
    ]
