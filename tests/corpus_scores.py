"""Score parses of the sibling-plan corpus against its hand-written labels.

Used by tests/test_corpus.py (and, for the hand-made excerpts of
tests/corpus_synthetic/, tests/test_corpus_synthetic.py); kept apart so a
developer can print both tables: ``python tests/corpus_scores.py``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

import integrity_toolkit as itk
from integrity_toolkit.normalisation import to_simplified

CORPUS = Path(__file__).parent / "corpus"
SYNTHETIC = Path(__file__).parent / "corpus_synthetic"


def documents(corpus: Path = CORPUS) -> list[str]:
    return sorted(p.stem for p in (corpus / "excerpts").glob("*.txt"))


DOCUMENTS = documents()
LABEL_ROLES = {
    "lead_norm": "lead",
    "support_norm": "support",
    "collective_norm": "collective",
}


@dataclass(frozen=True)
class Score:
    """Precision and recall of one document's tagged clauses and triples."""

    document: str
    gold_clauses: int
    found_clauses: int
    right_clauses: int
    gold_triples: int
    found_triples: int
    right_triples: int


def tag_key(tag: str) -> str:
    """A tag compared across scripts and spacing: simplified, no white space."""
    return "".join(to_simplified(tag).split())


def label(document: str, corpus: Path = CORPUS) -> dict[str, Any]:
    return json.loads((corpus / "labels" / f"{document}.json").read_text("utf-8"))


def parse(document: str, corpus: Path = CORPUS) -> itk.Plan:
    text = (corpus / "excerpts" / f"{document}.txt").read_text("utf-8")
    return itk.parse_plan(text, source=f"{document}.txt")


def gold(
    document: str, corpus: Path = CORPUS
) -> tuple[set[str], set[tuple[str, str, str]]]:
    clauses, triples = set(), set()
    for task in label(document, corpus)["tasks"]:
        key = tag_key(task["raw_tag"])
        clauses.add(key)
        for field, role in LABEL_ROLES.items():
            triples |= {(key, name, role) for name in task[field]}
        for person in task.get("person_responsible", []):
            triples.add((key, to_simplified(person), "person"))
    return clauses, triples


def found(plan: itk.Plan) -> tuple[set[str], set[tuple[str, str, str]]]:
    clauses, triples = set(), set()
    for clause in plan.clauses():
        if clause.tag is None:
            continue
        key = tag_key(clause.tag)
        clauses.add(key)
        triples |= {(key, a.normalised, a.role.value) for a in clause.assignments}
        triples |= {(key, to_simplified(p.name), "person") for p in clause.persons}
    return clauses, triples


def score(document: str, corpus: Path = CORPUS) -> Score:
    want_clauses, want_triples = gold(document, corpus)
    got_clauses, got_triples = found(parse(document, corpus))
    return Score(
        document,
        len(want_clauses),
        len(got_clauses),
        len(want_clauses & got_clauses),
        len(want_triples),
        len(got_triples),
        len(want_triples & got_triples),
    )


def scores_frame(corpus: Path = CORPUS) -> pd.DataFrame:
    """One row per document with precision and recall (1.0 where nothing is due)."""
    rows = [score(d, corpus).__dict__ for d in documents(corpus)]
    frame = pd.DataFrame(rows).set_index("document")
    total = frame.sum().rename("ALL (micro)")
    frame = pd.concat([frame, total.to_frame().T])
    for what in ("clauses", "triples"):
        right, got, want = (frame[f"{k}_{what}"] for k in ("right", "found", "gold"))
        frame[f"{what}_precision"] = (right / got).where(got > 0, 1.0).round(3)
        frame[f"{what}_recall"] = (right / want).where(want > 0, 1.0).round(3)
    return frame


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        for corpus in (CORPUS, SYNTHETIC):
            print(f"{corpus.name}:")
            print(scores_frame(corpus))
