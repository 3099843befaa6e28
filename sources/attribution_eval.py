"""Precision and recall of the attribution reader on the project's own labelled set.

The set (``sources/attribution_set/``: ``registry.json``, ``cases.json`` and a README saying how
they were written) is matched against an in-memory registry, so measuring touches no database.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from .attribution import read_attribution
from .names import Name, Registry

SET_DIR = Path(__file__).resolve().parent / "attribution_set"


def load_registry(path: Path | None = None) -> Registry:
    """The labelled set's registry: each entry's aliases, with their "needs a cue" and transliteration flags."""
    entries = json.loads((path or SET_DIR / "registry.json").read_text(encoding="utf-8"))
    return Registry(
        Name(
            source_id=entry["slug"],
            alias=alias,
            kind=entry["kind"],
            needs_cue=alias in entry.get("needs_cue", []),
            transliterated=alias in entry.get("transliterated", []),
        )
        for entry in entries
        for alias in entry["aliases"]
    )


def load_cases(path: Path | None = None) -> list[dict]:
    return json.loads((path or SET_DIR / "cases.json").read_text(encoding="utf-8"))


@dataclass
class Score:
    """Counts for one measure; precision and recall are 1.0 when nothing was expected or proposed."""

    correct: int = 0
    proposed: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


@dataclass
class Report:
    cases: int = 0
    origin: Score = field(default_factory=Score)
    cited: Score = field(default_factory=Score)
    misses: list[str] = field(default_factory=list)


def evaluate(registry: Registry | None = None, cases: list[dict] | None = None) -> Report:
    """Read every case and compare the origin and the cited sources with their labels."""
    registry = registry or load_registry()
    report = Report()
    for case in load_cases() if cases is None else cases:
        report.cases += 1
        reading = read_attribution(
            registry, title=case["title"], text=case["text"], dateline=case.get("dateline", ""), partner=case["partner"]
        )
        # The partner named as its own origin is no change of origin: both count as "none named".
        origin = None if reading.origin == case["partner"] else reading.origin
        expected = None if case["origin"] == case["partner"] else case["origin"]
        report.origin.proposed += origin is not None
        report.origin.expected += expected is not None
        report.origin.correct += origin is not None and origin == expected
        got, want = set(reading.cited), set(case["cited"])
        report.cited.proposed += len(got)
        report.cited.expected += len(want)
        report.cited.correct += len(got & want)
        if origin != expected or got != want:
            report.misses.append(
                f"{case['id']}: origin {origin} (expected {expected}), cited {sorted(got)} (expected {sorted(want)})"
            )
    return report
