"""``python -m sitetools.eval_mojibake``: the mojibake repair measured on real text.

Owns the figures: the real sample (``tests/cases/mojibake_real.json``) and
ftfy's own test suite (``tests/peer/ftfy/``), each counted as repaired, left
and damaged, beside ftfy alone with the plugin's pinned configuration.  It
only reads the cases and prints; the tests assert the targets.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from legalsite.text.mojibake import repair_text, repair_with_ftfy_alone

ROOT = Path(__file__).resolve().parents[2]
REAL_SAMPLE = ROOT / "tests" / "cases" / "mojibake_real.json"
FTFY_SUITE = ROOT / "tests" / "peer" / "ftfy"
# Control characters a hand-written page may not hold (legalsite.text.source
# refuses them); ftfy's cases with one are not a page's text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, kw_only=True)
class Case:
    """One text, what it should become, and whether it is broken at all."""

    label: str
    text: str
    expected: str
    broken: bool
    group: str = ""


@dataclass
class Tally:
    """Broken texts repaired, left as they were, or damaged; clean texts changed."""

    repaired: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    clean: int = 0
    clean_changed: list[str] = field(default_factory=list)

    @property
    def broken(self) -> int:
        return len(self.repaired) + len(self.left) + len(self.damaged)

    def line(self) -> str:
        share = len(self.repaired) / self.broken if self.broken else 0.0
        return (
            f"{len(self.repaired):>4} repaired ({share:6.1%}) "
            f"{len(self.left):>4} left {len(self.damaged):>4} damaged | "
            f"clean {self.clean - len(self.clean_changed):>3}/{self.clean} unchanged"
        )


def real_sample(path: Path = REAL_SAMPLE) -> list[Case]:
    """The real sample: broken spans with their repair, clean look-alikes."""
    return [
        Case(
            label=c["label"],
            text=c["input"],
            expected=c["expected"],
            broken=c["kind"] == "broken",
            group=c["codec"] or "clean",
        )
        for c in json.loads(path.read_text("utf-8"))
    ]


def ftfy_suite(folder: Path = FTFY_SUITE) -> list[Case]:
    """ftfy's cases a page could hold (no control character), its known
    failures included; the expected text is ``fixed-encoding`` where given."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        for c in json.loads(path.read_text("utf-8")):
            if _CONTROL_RE.search(c["original"]):
                continue
            expected = c.get("fixed-encoding", c["fixed"])
            cases.append(
                Case(
                    label=c["label"],
                    text=c["original"],
                    expected=expected,
                    broken=expected != c["original"],
                    group=path.stem,
                )
            )
    return cases


def tally(cases: Sequence[Case], repair: Callable[[str], str]) -> Tally:
    """Count what ``repair`` does to each case."""
    result = Tally()
    for case in cases:
        out = repair(case.text)
        if not case.broken:
            result.clean += 1
            if out != case.text:
                result.clean_changed.append(case.label)
        elif out == case.expected:
            result.repaired.append(case.label)
        elif out == case.text:
            result.left.append(case.label)
        else:
            result.damaged.append(case.label)
    return result


def plugin(text: str) -> str:
    return repair_text(text).text


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures; 0 always: the tests, not this report, hold the targets."""
    parser = argparse.ArgumentParser(
        prog="python -m sitetools.eval_mojibake",
        description="Measure the mojibake repair on the real sample and ftfy's suite.",
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    suites = {
        "real sample (tests/cases/mojibake_real.json)": real_sample(),
        "ftfy's suite (tests/peer/ftfy)": ftfy_suite(),
    }
    for title, cases in suites.items():
        print(title)
        for name, repair in (("plugin", plugin), ("ftfy", repair_with_ftfy_alone)):
            counts = tally(cases, repair)
            print(f"  {name:<7}{counts.line()}")
            if args.verbose:
                for kind in ("left", "damaged", "clean_changed"):
                    for label in getattr(counts, kind):
                        print(f"    {kind}: {label}")
    suite = suites["ftfy's suite (tests/peer/ftfy)"]
    ftfy_passes = [c for c in suite if repair_with_ftfy_alone(c.text) == c.expected]
    both = [c for c in ftfy_passes if plugin(c.text) == c.expected]
    print(
        f"ftfy passes {len(ftfy_passes)} of its {len(suite)} cases; "
        f"the plugin passes {len(both)} of those"
    )
    known = [c for c in suite if c.group == "known-failures"]
    fixed = [c.label for c in known if plugin(c.text) == c.expected]
    print(f"ftfy's known failures repaired by the plugin: {len(fixed)} of {len(known)}")
    for label in fixed:
        print(f"  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
