"""After an upload: read a sample of pages back and check what readers would get."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from sitetools.check.text import find_mojibake
from sitetools.publish.cdn import (
    SiteFile,
    content_type,
    is_page,
)
from sitetools.publish.errors import PublishError
from sitetools.publish.plan import digest, normal_path
from sitetools.publish.targets import (
    Fetched,
)

_JSON_LD = re.compile(
    r"""<script[^>]*type=["']application/ld\+json["'][^>]*>(.*?)</script>""",
    re.DOTALL | re.IGNORECASE,
)


def verify_pages(
    files: Sequence[SiteFile],
    touched: frozenset[str],
    fetch: Callable[[str], Fetched],
    *,
    name: str,
    sample: int,
) -> None:
    """Read pages back from the target and check them, and the assets they name."""
    by_key = {item.key: item for item in files}
    pages = sorted(
        (key for key in by_key if is_page(key)),
        key=lambda key: (key not in touched, key != "index.html", key),
    )[:sample]
    assets = [
        item.key for item in files if item.rank == 0 and not item.content_encoding
    ]
    problems: list[str] = []
    wanted: set[str] = set()
    for key in pages:
        fetched = fetch(key)
        problems += _page_problems(fetched, by_key[key])
        text = fetched.body.decode("utf-8", errors="replace")
        wanted.update(asset for asset in assets if Path(asset).name in text)
    for key in sorted(wanted):
        fetched = fetch(key)
        if digest(fetched.body) != by_key[key].sha256:
            problems.append(f"{key}: differs from the build")
    if problems:
        raise PublishError(
            f"{name}: published, but reading it back found problems:\n  "
            + "\n  ".join(problems)
        )
    print(
        f"publish: verified {len(pages)} page(s) and {len(wanted)} asset(s) on {name}"
    )


def _page_problems(fetched: Fetched, item: SiteFile) -> list[str]:
    # A folder or rsync target has no content type to check: the web server
    # in front of it decides.
    key = fetched.key
    problems = []
    served = fetched.content_type
    if served is not None and normal_path(fetched.content_type or "") != normal_path(
        content_type(key)
    ):
        problems.append(
            f"{key}: served as {fetched.content_type!r}, expected {content_type(key)!r}"
        )
    if digest(fetched.body) != item.sha256:
        problems.append(f"{key}: differs from the build")
    try:
        text = fetched.body.decode("utf-8")
    except UnicodeDecodeError as error:
        return [*problems, f"{key}: not valid UTF-8 ({error.reason})"]
    # The same rule as the site checks, so publish and check never disagree.
    if found := find_mojibake(text):
        problems.append(f"{key}: mojibake {found[0].text!r}")
    for block in _JSON_LD.findall(text):
        try:
            json.loads(block)
        except json.JSONDecodeError as error:
            problems.append(f"{key}: JSON-LD does not parse: {error}")
    return problems
