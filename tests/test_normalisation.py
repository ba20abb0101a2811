"""The normalisation layer: what it folds and removes, and the way back."""

from __future__ import annotations

import pytest

from integrity_toolkit.normalisation import normalise, to_simplified


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("關(guān)於", "關於", ["pinyin_gloss"]),
        ("（市發改局，市財政局負責）", "(市發改局,市財政局負責)", ["width"] * 3),
        ("１２３％", "123%", ["width"]),
        ("甲\u3000乙\xa0丙", "甲 乙 丙", ["space", "space"]),
        ("工作﹔加快", "工作;加快", ["width"]),
        ("指導思想</span> ", "指導思想 ", ["html"]),
        ("甲&nbsp;乙", "甲乙", ["html"]),
        ("甲\u200b乙", "甲乙", ["invisible"]),
        ("當前位置: 首頁 > 文件\n正文", "正文", ["site_chrome"]),
        ("甲。\n— 3 —\n乙。", "甲。\n乙。", ["page_number"]),
        (
            "東府〔2018〕124號\n通知\n東府〔2018〕124號\n",
            "東府〔2018〕124號\n通知\n",
            ["repeated_header"],
        ),
        # a title or signature may stand twice: not a repeated header
        ("某市人民政府\n某市人民政府\n", "某市人民政府\n某市人民政府\n", []),
        # letters in brackets without tone marks are not glosses
        ("採用(GB)標準(abc)", "採用(GB)標準(abc)", []),
    ],
)
def test_normalise_folds_and_removes_noise(
    text: str, expected: str, kinds: list[str]
) -> None:
    norm = normalise(text)
    assert norm.text == expected
    assert [c.kind for c in norm.changes] == kinds


def test_normalise_maps_a_span_back_over_removed_glosses() -> None:
    text = "(發(fā)展改革委負(fù)責(zé))"
    norm = normalise(text)
    assert norm.text == "(發展改革委負責)"
    start, end = norm.source_span(1, 6)
    assert text[start:end] == "發(fā)展改革委"
    # 負 is character 10 of the source, 責 character 15 (after the gloss (fù))
    assert norm.source_span(6, 8) == (10, 16)


def test_normalise_converts_script_one_character_for_one_when_asked() -> None:
    norm = normalise("東莞市發改局", script="hans")
    assert norm.text == "东莞市发改局"
    assert [(c.as_written, c.replaced) for c in norm.changes] == [
        ("東", "东"),
        ("發", "发"),
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("發(fā)展改革委", "发展改革委"),
        ("人民銀行", "人民银行"),
        ("各市（区）人民政府", "各市(区)人民政府"),
    ],
)
def test_to_simplified_gives_one_key_for_both_scripts(name: str, key: str) -> None:
    assert to_simplified(name) == key
