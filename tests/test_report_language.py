"""The report speaks one language: no English in a Chinese report, and Markdown
tables that are Markdown tables.

One report per Chinese script, built once for the module (building is slow).
The expected sentences are written by hand from the plan's text: line 30
signs the notice "2018108", which the header's 發文日期 dates 2018-10-08; line
37 cites 國發〔201676號 without its closing 〕.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from integrity_toolkit import charts
from integrity_toolkit.bundled import load_plan
from integrity_toolkit.report import build_report

KNOWN_AT = dt.datetime(2020, 1, 15, 9, 0, tzinfo=dt.timezone.utc)
# Sentences and words of the toolkit's English free text and codes.
ENGLISH = (
    "Raised by",
    "Lost most on",
    "Not scored on",
    "Lowered by",
    "projected",
    "already reaches",
    "coverage",
    "points",
    "department",
    "town",
    "signature date",
    "document number",
    "responsibility tag",
    "date_characters",
    "synthetic demo",
    "all units",
    "True",
    "False",
    "nan",
)
# The tables of the report: every figure and the stamp (13), less the two that are
# empty at the end of 2019 and say so in a sentence instead: no clause is overdue
# before the plan's 2020 deadlines, and the demo ledger has every 2019Q4 return.
TABLES = 11


@pytest.fixture(scope="module", params=["zh-Hans", "zh-Hant"])
def chinese(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    markdown_tables: Any,
) -> dict[str, Any]:
    built = build_report(
        out_dir=tmp_path_factory.mktemp(request.param),
        as_of=dt.date(2019, 12, 31),
        known_at=KNOWN_AT,
        lang=request.param,
        formats=("html", "md", "xlsx"),
    )
    markdown = built["md"].read_text(encoding="utf-8")
    page = built["html"].read_text(encoding="utf-8")
    return {
        "lang": request.param,
        "html_tag": re.search(r"<html[^>]*>", page).group(),  # type: ignore[union-attr]
        "html": _visible_text(built["html"]),
        "md": markdown,
        "tables": markdown_tables(markdown),
        "xlsx": _cell_text(built["xlsx"]),
    }


class _Text(HTMLParser):
    """The text a reader sees or hears: text and alt text, no tags, styles or
    scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.hidden += tag in ("style", "script")
        self.parts += [value for name, value in attrs if name == "alt" and value]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _visible_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def _cell_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    rows = (row for sheet in book for row in sheet.iter_rows(values_only=True))
    return " ".join(str(v) for row in rows for v in row if v is not None)


def test_chinese_report_has_no_english_sentence(chinese: dict[str, Any]) -> None:
    # Section anchors (section-coverage) are link targets, not text.
    markdown = re.sub(r"section-[a-z_]+", "", chinese["md"])
    for text in (chinese["html"], markdown, chinese["xlsx"]):
        assert [w for w in ENGLISH if w in text] == []
        assert re.findall(r"[A-Za-z]+(?: [A-Za-z]+){2,}", text) == []


# Rows of the repairs table, by language: kind, line, as written, read as, evidence.
REPAIRS = {
    "zh-Hans": [
        [
            "日期缺字",
            "30",
            "2018108",
            "2018年10月8日",
            "落款日期“2018108”缺少“年”“月”“日”字样，识读为2018年10月8日，"
            "与文头所载发文日期一致",
        ],
        [
            "文号缺括号",
            "37",
            "國發〔201676號",
            "國發〔2016〕76號",
            "文号“國發〔201676號”在四位年份后缺少“〕”，已补正为國發〔2016〕76號",
        ],
    ],
    "zh-Hant": [
        [
            "日期缺字",
            "30",
            "2018108",
            "2018年10月8日",
            "落款日期「2018108」缺少「年」「月」「日」字樣，識讀為2018年10月8日，"
            "與文頭所載發文日期一致",
        ],
        [
            "文號缺括號",
            "37",
            "國發〔201676號",
            "國發〔2016〕76號",
            "文號「國發〔201676號」在四位年份後缺少「〕」，已補正為國發〔2016〕76號",
        ],
    ],
}


def test_chinese_report_gives_repair_evidence_in_its_language(
    chinese: dict[str, Any],
) -> None:
    repairs = next(t for t in chinese["tables"] if t[0][0] in ("类型", "類型"))
    for row in REPAIRS[chinese["lang"]]:
        assert row in repairs
        assert row[-1] in chinese["html"]


# The overall coverage row's reason and 市發改局's explanation, by language.
SENTENCES = {
    "zh-Hans": (
        "（全部单位）",
        r"预计截止日期覆盖率为[\d.]+%，"
        r"(可达到目标100%|距目标100%相差超过5个百分点)",
        r"市发改局（部门）：得分[\d.]+分，等次为(优秀|良好|合格|不合格)，"
        r"在同类\d+个单位中排名第\d+。得分构成：",
    ),
    "zh-Hant": (
        "（全部單位）",
        r"預計截止日期覆蓋率為[\d.]+%，"
        r"(可達到目標100%|距目標100%相差超過5個百分點)",
        r"市發改局（部門）：得分[\d.]+分，等次為(優秀|良好|合格|不合格)，"
        r"在同類\d+個單位中排名第\d+。得分構成：",
    ),
}


def test_chinese_report_rates_and_explains_in_its_language(
    chinese: dict[str, Any],
) -> None:
    """The plan's target is 100% by 2020; the margin is 5 points."""
    overall, reason, header = SENTENCES[chinese["lang"]]
    rows = [r for t in chinese["tables"] for r in t if r[0] == overall]
    assert len(rows) == 1
    assert re.fullmatch(reason, rows[0][7])
    assert re.search(header, chinese["md"])
    assert re.search(header, chinese["html"])


def test_markdown_report_tables_are_markdown_tables(chinese: dict[str, Any]) -> None:
    tables = chinese["tables"]
    assert "<table" not in chinese["md"]
    assert len(tables) == TABLES
    none = "截至本日无。" if chinese["lang"] == "zh-Hans" else "截至本日無。"
    assert chinese["md"].count(none) == 2
    assert all(len({len(row) for row in table}) == 1 for table in tables)
    stamp = tables[-1]
    assert stamp[0] == (
        ["项目", "内容"] if chinese["lang"] == "zh-Hans" else ["項目", "內容"]
    )


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Civil servants' credit-file coverage: 100% (2020)"),
        ("zh-Hans", "公务员信用档案覆盖率: 100% (2020)"),
        ("zh-Hant", "公務員信用檔案覆蓋率: 100% (2020)"),
    ],
)
def test_target_chart_names_the_metric_in_the_report_language(
    lang: str, title: str
) -> None:
    """The plan's target, 到2020年公務員信用檔案覆蓋率達到100%."""
    target = load_plan().targets[0]
    series = pd.DataFrame(
        {
            "date": [dt.date(2019, 12, 31)],
            "value": [80.0],
            "synthetic": [False],
        }
    )
    day = dt.date(2019, 12, 31)
    fig = charts.target_figure(target, series, day, day, lang)
    assert fig.axes[0].get_title() == title
    plt.close(fig)


def test_html_page_names_its_language(chinese: dict[str, Any]) -> None:
    assert chinese["html_tag"] == f'<html lang="{chinese["lang"]}">'
