"""The fuzz harness's seeds give the answers the catalogue promises (no atheris needed).

Each bad-input fixture is run through the harness's page pipeline and must be
refused at the catalogue's line (and column) with its message, or pass with
its warning, or pass cleanly; every real corpus file must pass.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
BAD = TESTS / "fixtures" / "bad"
CORPUS = sorted((TESTS / "corpus" / "citp").glob("*.md"))
CATALOGUE = {
    c["label"]: c["expected"]
    for c in json.loads((TESTS / "cases" / "bad_inputs.json").read_text("utf-8"))
}
# Decided across pages, after every page was read: the pipeline of one page
# cannot see them, so their seeds pass it cleanly.
SITE_LEVEL = {
    "duplicate-slug": "two pages claiming one output path",
    "slug-clashes-with-archive-index": "a page and the archive index on one path",
    "missing-link-target": "Pelican resolves {filename} links across pages",
    "missing-template": "the theme, not the page's text",
    "template-syntax-error": "the theme, not the page's text",
    "template-undefined": "the theme, not the page's text",
    "markdown-extension-missing": "the settings, not the page's text",
    "settings-error": "the settings, not the page's text",
}
# A link to nothing: there are no bytes to give the harness.
NO_SEED = {"unreadable-file"}
BAD_SEEDS = sorted(p for p in BAD.rglob("*.md") if p.is_file())


@pytest.fixture(scope="module")
def harness():
    spec = importlib.util.spec_from_file_location(
        "fuzz_pipeline", TESTS / "fuzz" / "fuzz_pipeline.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_pipeline"] = module
    spec.loader.exec_module(module)
    return module


def test_every_catalogue_entry_has_a_seed():
    labels = {seed.relative_to(BAD).parts[0] for seed in BAD_SEEDS}
    assert labels == set(CATALOGUE) - NO_SEED


@pytest.mark.parametrize(
    "seed", BAD_SEEDS, ids=[str(p.relative_to(BAD)) for p in BAD_SEEDS]
)
def test_bad_seed_gives_the_catalogued_answer(harness, seed):
    label = seed.relative_to(BAD).parts[0]
    expected = CATALOGUE[label]
    outcome = harness.run_one(seed.read_bytes())
    if label in SITE_LEVEL or expected["outcome"] == "builds":
        assert outcome.refused is None, outcome.refused
        assert outcome.warnings == ()
    elif expected["outcome"] == "warns":
        assert outcome.refused is None, outcome.refused
        assert any(expected["message"] in w for w in outcome.warnings), outcome
    else:
        error = outcome.refused
        assert error is not None, f"{label}: not refused"
        assert expected["message"] in error.reason
        line, *col = expected["location"].split(":")[1:]
        assert (error.line, error.col) == (int(line), int(col[0]) if col else None)


@pytest.mark.parametrize("seed", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_seed_passes(harness, seed):
    outcome = harness.run_one(seed.read_bytes())
    assert outcome.refused is None, outcome.refused.located(seed.name)
