"""Page metadata: field lines, names and values (cases in cases/metadata.json)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from legalsite.errors import ContentError
from legalsite.page.metadata import FIELDS, check_metadata, locate_fields

CASES = json.loads((Path(__file__).parent / "cases" / "metadata.json").read_text())
README = (Path(__file__).parents[1] / "README.md").read_text("utf-8")


def _meta(text: str) -> dict[str, str]:
    """Read the header the way Python-Markdown's meta extension does."""
    meta: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].split("\n"):
        match = re.match(r"([A-Za-z0-9_-]+):\s*(.*)", line)
        if line.startswith(" ") and meta:
            continue
        if not match:
            break
        meta[match.group(1).lower()] = match.group(2)
    return meta


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_metadata_case(case):
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(ContentError) as caught:
            check_metadata(_meta(case["input"]), locate_fields(case["input"]))
        assert expected["error"] in caught.value.reason
        assert caught.value.line == expected["line"]
        return
    lines = locate_fields(case["input"])
    assert lines == expected["lines"]
    values = check_metadata(_meta(case["input"]), lines)
    normalised = {
        k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()
    }
    assert normalised == expected["values"]


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_is_in_the_readme_reference(name):
    assert f"| `{name.capitalize()}` |" in README
