"""The sibling-plan corpus (tests/corpus/): every document parses, and the
parse agrees with the answer keys written by hand (see tests/corpus/README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from corpus_scores import DOCUMENTS, label, parse, scores_frame
from integrity_toolkit import Plan, parse_plan
from integrity_toolkit.normalisation import to_simplified

# Floors per document: (tagged clauses, (clause, unit, role) triples), each as
# (precision, recall). Raise a floor when the parser gets better; never lower it
# to let a change through.
FLOORS = {document: ((1.0, 1.0), (1.0, 1.0)) for document in DOCUMENTS}


def _plain(value: str | None) -> str | None:
    return None if value is None else "".join(to_simplified(value).split())


def test_corpus_holds_the_sixteen_shared_documents() -> None:
    assert len(DOCUMENTS) == 16


@pytest.mark.parametrize("document", DOCUMENTS)
def test_corpus_document_parses_and_survives_json(document: str) -> None:
    plan = parse(document)
    assert plan.to_dict()["document"] is not None


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return scores_frame()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_corpus_document_meets_its_precision_and_recall_floors(
    scores: pd.DataFrame, document: str
) -> None:
    row = scores.loc[document]
    (clause_p, clause_r), (triple_p, triple_r) = FLOORS[document]
    assert row["clauses_precision"] >= clause_p
    assert row["clauses_recall"] >= clause_r
    assert row["triples_precision"] >= triple_p
    assert row["triples_recall"] >= triple_r


def test_corpus_scores_are_reported(
    scores: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    """Print the per-document table and check the answer keys' totals."""
    frame = scores
    with capsys.disabled(), pd.option_context("display.width", 200):
        print("\nprecision and recall on tests/corpus:")
        print(frame.filter(like="_p").join(frame.filter(like="_r")).to_string())
    total = frame.loc["ALL (micro)"]
    assert total["gold_clauses"] == 22
    assert total["gold_triples"] == 75


@pytest.mark.parametrize("document", DOCUMENTS)
def test_corpus_document_metadata_matches_answer_key(document: str) -> None:
    want = label(document)
    got = parse(document).document
    numbers = want["doc_numbers_normalized"]
    assert _plain(got.issuer) == _plain(want["issuer"])
    assert _plain(got.doc_number) == (_plain(numbers[0]) if numbers else None)
    assert (got.date.isoformat() if got.date else None) == want["date"]
    assert _plain(got.plan_title) == _plain(want["title"])
    assert [_plain(c.doc_number) for c in got.cited] == [
        _plain(c) for c in want["cited"]
    ]


@pytest.mark.parametrize(
    ("document", "kinds"),
    [
        ("03_shanghai_hufufa_2017_92_hant_pinyin", {"pinyin_gloss"}),
        ("05_jilin_province", {"pinyin_gloss", "site_chrome", "repeated_header"}),
        ("17_guangdong_credit_plan_2014", {"site_chrome"}),
        ("25_quanzhou_city", {"pinyin_gloss", "html", "repeated_header"}),
    ],
)
def test_corpus_noise_is_recorded_as_changes(document: str, kinds: set[str]) -> None:
    assert kinds <= {c.kind for c in parse(document).changes}


@pytest.mark.parametrize(
    ("document", "truncated"),
    [
        ("01_national_guofa_2016_76", True),  # ...法无授权不
        ("21_county_plan_page2", True),  # ...建立政府采购
        ("32_lishan_district_2023", False),  # ends on a full stop
    ],
)
def test_corpus_cut_off_text_warns_once(document: str, truncated: bool) -> None:
    kinds = [r.kind for r in parse(document).repairs]
    assert kinds.count("truncated") == int(truncated)


def test_corpus_person_in_charge_is_not_a_unit() -> None:
    """30: (唐杰同志負責,市監察局牽頭辦理,…協助辦理): the person is kept apart."""
    plan = parse("30_shenzhen_conduct_big5")
    clause = next(c for c in plan.clauses() if c.tag and "唐杰" in c.tag)
    assert [p.name for p in clause.persons] == ["唐杰同志"]
    assert "唐杰同志" not in [a.unit for a in clause.assignments]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_corpus_plan_level_matches_answer_key(document: str) -> None:
    """The label's ``level`` (national … prefecture, county or district)."""
    from integrity_toolkit.batch import plan_level

    assert plan_level(parse(document)) == label(document)["level"]


_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"})


@pytest.mark.parametrize(
    "rewrite",
    [
        # the originals' full-width punctuation, which the stored copies folded
        lambda text: text.translate(_FULL_WIDTH),
        lambda text: text.replace("\n", "\r\n"),
        lambda text: "\n".join("\u3000\u3000" + line for line in text.split("\n")),
    ],
    ids=["full_width", "crlf", "ideographic_indent"],
)
def test_corpus_scores_hold_when_punctuation_and_spacing_change(
    rewrite: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The labels do not change, so neither may precision and recall."""
    import corpus_scores

    def parse_rewritten(document: str, corpus: Path = corpus_scores.CORPUS) -> Plan:
        text = (corpus / "excerpts" / f"{document}.txt").read_text("utf-8")
        return parse_plan(rewrite(text), source=document)

    monkeypatch.setattr(corpus_scores, "parse", parse_rewritten)
    frame = scores_frame()
    assert (frame.filter(like="_precision") == 1.0).all().all()
    assert (frame.filter(like="_recall") == 1.0).all().all()
