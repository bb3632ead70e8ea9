"""Fuzz the plugin's reader pipeline and parsers with atheris (``make fuzz``).

Any input may be refused with ``ContentError`` (that is a clear answer to the
author); any other exception is a bug. Seeds: the catalogue of bad inputs and
the archive corpus. Runs standalone: ``python tests/fuzz/fuzz_pipeline.py
-max_total_time=60 tests/fuzz/corpus``.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    import markdown

    from legalsite.archive import parse_snapshot_url
    from legalsite.contacts.hours import find_hours
    from legalsite.contacts.phones import find_phone_numbers
    from legalsite.errors import ContentError
    from legalsite.page.pipeline import describe_page, finish_html, prepare_source

_MARKDOWN = {"extensions": ["markdown.extensions.extra", "markdown.extensions.meta"]}


def run_one(data: bytes) -> None:
    """Run one input through everything a page goes through, without Pelican."""
    try:
        prepared = prepare_source(data)
        md = markdown.Markdown(**_MARKDOWN)
        rendered = md.convert(prepared.text)
        header = {k.lower(): "\n".join(v) for k, v in getattr(md, "Meta", {}).items()}
        describe_page(prepared, header)
        finish_html(rendered, region="US", source=prepared.source)
    except ContentError:
        pass
    text = data.decode("utf-8", "replace")
    with contextlib.suppress(ContentError):
        parse_snapshot_url(text)
    find_hours(text[:2000])
    find_phone_numbers(text[:2000], region="US")


def main() -> None:
    atheris.Setup(sys.argv, run_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
