"""The site's published promises: its Content Security Policy and its weight budgets.

One place for numbers that both the checks and the publish step must agree on,
so the header the server sends is the header the checks were run under.
"""

from __future__ import annotations

from dataclasses import dataclass

# The header every page is served with. Scripts and styles come only from the
# site itself; the one inline script kind, JSON-LD, is data and never runs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)


def csp_directives(policy: str = CONTENT_SECURITY_POLICY) -> dict[str, tuple[str, ...]]:
    """Split a policy into ``{directive: sources}``.

    >>> csp_directives("script-src 'self'; object-src 'none'")["object-src"]
    ("'none'",)
    """
    directives: dict[str, tuple[str, ...]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives.setdefault(name.lower(), tuple(sources))
    return directives


def allows_inline_styles(policy: str = CONTENT_SECURITY_POLICY) -> bool:
    """True when the policy lets ``style=`` attributes and ``<style>`` apply."""
    directives = csp_directives(policy)
    sources = directives.get("style-src", directives.get("default-src", ()))
    return "'unsafe-inline'" in sources


@dataclass(frozen=True, kw_only=True)
class Budget:
    """How heavy pages may be, in bytes after brotli (quality 11, as served).

    ``first_round_trip``: a legal page's HTML plus its CSS must arrive in the
    first round trip of a new connection: TCP's initial window is 10 segments
    of 1,460 bytes (RFC 6928), about 14 KB, so the text is readable before a
    second round trip on any link, however slow.

    ``page``: HTML plus CSS plus JavaScript of any page. 50 KB is one second of
    transfer on a 400 kbit/s link (Lighthouse's "slow 3G") and about four round
    trips of slow start; today's pages use a tenth of it, which leaves room for
    content but none for a framework, web fonts or a tracking script.
    """

    first_round_trip: int = 14 * 1024
    page: int = 50 * 1024


BUDGET = Budget()

# Widths the accessibility audit and the screenshots use: a small phone, a laptop.
VIEWPORT_WIDTHS = (375, 1280)
VIEWPORT_HEIGHT = 800
# axe-core impacts that fail the check; "minor" and "moderate" are reported by
# axe but left to review.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
