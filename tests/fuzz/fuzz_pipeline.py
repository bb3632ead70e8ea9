"""Fuzz the plugin's reader pipeline and parsers with atheris (``make fuzz``).

Any input may be refused with ``ContentError`` (that is a clear answer to the
author); any other exception is a bug. Seeds: the catalogue of bad inputs and
the archive corpus. Runs standalone: ``python tests/fuzz/fuzz_pipeline.py
-max_total_time=60 tests/fuzz/corpus``. ``run_one`` returns what the page
pipeline answered, so the seeds' answers are tested (``test_fuzz_seeds.py``).
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass

try:
    import atheris
except ImportError:  # the seed test imports this harness without atheris
    atheris = None

with atheris.instrument_imports() if atheris else contextlib.nullcontext():
    import markdown

    from legalsite.archive import parse_snapshot_url
    from legalsite.contacts.hours import find_hours
    from legalsite.contacts.phones import find_phone_numbers
    from legalsite.errors import ContentError
    from legalsite.page.pipeline import describe_page, finish_html, prepare_source

_MARKDOWN = {"extensions": ["markdown.extensions.extra", "markdown.extensions.meta"]}


@dataclass(frozen=True)
class Outcome:
    """What the page pipeline answered: a located refusal, or warnings.

    ``removed`` is what an archived copy lost to the allow-list: reported, and
    no warning, since nobody may edit an archived text.
    """

    refused: ContentError | None = None
    warnings: tuple[str, ...] = ()
    removed: tuple[dict, ...] = ()


def run_one(data: bytes) -> Outcome:
    """Run one input through everything a page goes through, without Pelican."""
    try:
        prepared = prepare_source(data)
        md = markdown.Markdown(**_MARKDOWN)
        rendered = md.convert(prepared.text)
        header = {k.lower(): "\n".join(v) for k, v in getattr(md, "Meta", {}).items()}
        facts = describe_page(prepared, header)
        finished = finish_html(rendered, region="US", prepared=prepared)
        outcome = Outcome(
            warnings=(
                *(w for _, w in facts.warnings),
                *(w for _, w in finished.warnings),
            ),
            removed=finished.removed,
        )
    except ContentError as error:
        outcome = Outcome(refused=error)
    text = data.decode("utf-8", "replace")
    with contextlib.suppress(ContentError):
        parse_snapshot_url(text)
    find_hours(text[:2000])
    find_phone_numbers(text[:2000], region="US")
    return outcome


def main() -> None:
    atheris.Setup(sys.argv, run_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
