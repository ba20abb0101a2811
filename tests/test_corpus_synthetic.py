"""Hand-made excerpts (tests/corpus_synthetic/, synthetic) in the corpus's label
conventions, each exercising tag syntaxes and noise the shared corpus shows
rarely or not at all; scored as the corpus is (tests/corpus_scores.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_scores import SYNTHETIC, documents, label, parse, scores_frame
from integrity_toolkit.batch import plan_level

SYNTHETIC_DOCUMENTS = documents(SYNTHETIC)


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return scores_frame(SYNTHETIC)


def test_synthetic_corpus_holds_its_three_documents_and_their_labels() -> None:
    assert SYNTHETIC_DOCUMENTS == [
        "s01_county_chapters",
        "s02_district_label_lines",
        "s03_city_noise_hant",
    ]
    assert all(label(d, SYNTHETIC)["synthetic"] for d in SYNTHETIC_DOCUMENTS)


@pytest.mark.parametrize("document", SYNTHETIC_DOCUMENTS)
def test_synthetic_document_is_parsed_as_labelled(
    scores: pd.DataFrame, document: str
) -> None:
    row = scores.loc[document]
    for what in ("clauses", "triples"):
        assert row[f"{what}_precision"] == 1.0
        assert row[f"{what}_recall"] == 1.0


def test_synthetic_answer_keys_hold_what_they_were_written_with(
    scores: pd.DataFrame,
) -> None:
    """12 tags and 29 (tag, unit, role) triples, counted by reading the labels."""
    total = scores.loc["ALL (micro)"]
    assert (total["gold_clauses"], total["gold_triples"]) == (12, 29)


@pytest.mark.parametrize("document", SYNTHETIC_DOCUMENTS)
def test_synthetic_document_level_matches_its_label(document: str) -> None:
    assert plan_level(parse(document, SYNTHETIC)) == label(document, SYNTHETIC)["level"]
