"""The fuzz harness's seeds all pass through the pipeline (no atheris needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).parent / "fuzz"
# Every readable seed (the catalogue also holds a link to nothing).
SEEDS = sorted(
    path
    for path in [
        *(Path(__file__).parent / "fixtures" / "bad").rglob("*.md"),
        *(Path(__file__).parent / "corpus" / "citp").glob("*.md"),
    ]
    if path.is_file()
)


@pytest.fixture(scope="module")
def harness():
    spec = importlib.util.spec_from_file_location(
        "fuzz_pipeline", FUZZ / "fuzz_pipeline.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_pipeline"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "seed", SEEDS, ids=[f"{p.parent.parent.name}/{p.name}" for p in SEEDS]
)
def test_seed_runs_through_the_pipeline(harness, seed):
    harness.run_one(seed.read_bytes())
