"""The reader cache, scoped to the plugin's code and settings.

Pelican's cache only checks each source file's stamp; this module gives it a
folder of its own per version of everything that shapes a page.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
from pathlib import Path
from typing import Any

from legalsite.settings import NOT_SHAPING_PAGES

_CACHE_INPUTS = (
    "pelican",
    "markdown",
    "ftfy",
    "phonenumbers",
    "beautifulsoup4",
    "lxml",
)
# GZIP_CACHE: a cache written zipped cannot be read unzipped, and the reverse.
# SITENAME: the site's own name owns the hours it names ("DotNetPanel support").
_CACHE_SETTINGS = (
    "MARKDOWN",
    "FORMATTED_FIELDS",
    "TYPOGRIFY",
    "DEFAULT_LANG",
    "GZIP_CACHE",
    "SITENAME",
)


def scope_cache(settings: dict[str, Any]) -> None:
    """Give the reader cache a folder of its own per plugin code and settings.

    Pelican's cache only checks each source file's stamp, so a page cached
    before the plugin or its settings changed would be served unrepaired.
    The folder's name is a hash of everything that shapes a page's output:
    one build with ``JOBS=1`` and the next on every core share it.
    """
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parents[1].rglob("*.py")):
        digest.update(module.read_bytes())
    for name in _CACHE_INPUTS:
        digest.update(f"{name}={importlib.metadata.version(name)};".encode())
    shaping = {k: v for k, v in settings.items() if k in _CACHE_SETTINGS}
    shaping.update(
        (k, v)
        for k, v in settings.items()
        if k.startswith("LEGALSITE_") and k not in NOT_SHAPING_PAGES
    )
    digest.update(repr(sorted(shaping.items(), key=lambda item: item[0])).encode())
    root = Path(settings["CACHE_PATH"])
    scoped = root / f"legalsite-{digest.hexdigest()[:16]}"
    if root.is_dir():
        for stale in root.glob("legalsite-*"):
            if stale != scoped:
                shutil.rmtree(stale, ignore_errors=True)
    settings["CACHE_PATH"] = str(scoped)
