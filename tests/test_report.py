"""The report: formats, languages, as-of dates, rebuilds, and untrusted content."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import openpyxl
import pytest

import integrity_toolkit as itk
from integrity_toolkit import report
from integrity_toolkit.glossary import Language
from integrity_toolkit.report import build_report, localized_figure, rebuild_report
from integrity_toolkit.tables import clauses_frame

KNOWN_AT = dt.datetime(2020, 1, 15, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    return build_report(
        out_dir=out,
        as_of=dt.date(2019, 12, 31),
        known_at=KNOWN_AT,
        formats=("html", "xlsx", "md"),
    )


@pytest.fixture(scope="module")
def report_html(built: dict[str, Path]) -> str:
    return built["html"].read_text(encoding="utf-8")


def test_report_writes_each_format_and_a_sidecar(built: dict[str, Path]) -> None:
    assert sorted(built) == ["html", "json", "md", "xlsx"]
    assert all(p.is_file() and p.stem == "progress_report" for p in built.values())
    assert not list(built["html"].parent.glob(".building-*"))


def test_report_shows_the_plan_and_its_tasks(report_html: str) -> None:
    assert "東府〔2018〕124號" in report_html
    assert "建立政務誠信考核專項督導機制" in report_html
    assert "加強宣傳營造氛圍" in report_html
    assert "人行東莞中心支行" in report_html


def test_report_marks_demo_data_as_synthetic(report_html: str) -> None:
    assert "The progress figures in this report are synthetic demo data" in report_html
    assert "synthetic demo data, not real returns" in report_html


def test_report_hides_code_opens_offline_and_embeds_charts(report_html: str) -> None:
    assert "import logging" not in report_html
    assert "notebook-only" not in report_html
    assert 'src="http' not in report_html
    assert report_html.count("data:image/png;base64") >= 3


def test_report_has_contents_linking_to_sections(report_html: str) -> None:
    assert 'href="#section-workload"' in report_html
    assert 'id="section-workload"' in report_html


def test_report_as_of_date_limits_the_series(built: dict[str, Path]) -> None:
    """As of 2019-12-31 the monthly series runs from its 2018-12-31 baseline to
    that month end: 13 month ends."""
    figures = json.loads(built["json"].read_text(encoding="utf-8"))["figures"]
    assert [r["date"] for r in figures["target"]][-1] == "2019-12-31"
    assert len(figures["target"]) == 13


def test_report_holds_no_person_level_data(built: dict[str, Path]) -> None:
    """Coverage reaches the report only as aggregates per unit, marked synthetic."""
    figures = json.loads(built["json"].read_text(encoding="utf-8"))["figures"]
    columns = {c for rows in figures.values() for row in rows for c in row}
    assert not {"person_id", "joined", "left", "file_created"} & columns
    assert figures["coverage"] and all(r["synthetic"] for r in figures["coverage"])


def test_sidecar_stamp_names_inputs(built: dict[str, Path]) -> None:
    stamp = json.loads(built["json"].read_text(encoding="utf-8"))["stamp"]
    assert stamp["as_of"] == "2019-12-31"
    assert stamp["known_at"] == "2020-01-15T09:00:00+00:00"
    assert stamp["integrity_toolkit"] == itk.__version__
    assert len(stamp["plan_sha256"]) == 64


def test_workbook_holds_the_same_tables(built: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(built["xlsx"])
    assert book.sheetnames[0] == "The plan"
    workload = book["Workload per unit"]
    rows = list(workload.iter_rows(values_only=True))
    assert rows[0] == (
        "Unit",
        "Lead",
        "Co-responsible",
        "Support",
        "Collective",
        "Total",
    )
    assert ("Dongguan Development and Reform Bureau", 11, 2, 0, 0, 13) in rows


def test_markdown_report_links_its_charts(built: dict[str, Path]) -> None:
    text = built["md"].read_text(encoding="utf-8")
    assert "## Workload per unit" in text
    images = list((built["md"].parent / "progress_report_files").glob("*.png"))
    assert len(images) >= 3
    assert images[0].name in text


def test_english_report_explains_scores_in_english(
    built: dict[str, Path], markdown_tables: Any
) -> None:
    """Units by their English names, grades and indicators from the glossary."""
    tables = markdown_tables(built["md"].read_text(encoding="utf-8"))
    assessment = next(t for t in tables if t[0][:2] == ["Unit", "Peer group"])
    explanations = [row[6] for row in assessment[1:]]
    assert not [e for e in explanations if re.search(r"[\u4e00-\u9fff]", e)]
    assert any(
        e.startswith("Dongguan Development and Reform Bureau (department): ")
        for e in explanations
    )


def test_rebuild_from_sidecar_gives_the_same_figures(
    built: dict[str, Path], tmp_path: Path
) -> None:
    again = rebuild_report(built["json"], out_dir=tmp_path, formats=("html",))
    old = json.loads(built["json"].read_text(encoding="utf-8"))
    new = json.loads(again["json"].read_text(encoding="utf-8"))
    assert new == old


def test_rebuild_refuses_a_changed_plan(built: dict[str, Path], tmp_path: Path) -> None:
    sidecar = json.loads(built["json"].read_text(encoding="utf-8"))
    sidecar["stamp"]["plan_sha256"] = "0" * 64
    path = tmp_path / "old.json"
    path.write_text(json.dumps(sidecar), encoding="utf-8")
    with pytest.raises(itk.ReportError, match="plan's text has changed"):
        rebuild_report(path, out_dir=tmp_path / "out")


@pytest.mark.parametrize(
    ("lang", "heading", "unit"),
    [
        ("en", "Tasks and the units that answer for them", "市發改局"),
        ("zh-Hans", "任务及责任单位", "市发改局"),
        ("zh-Hant", "任務及責任單位", "市發改局"),
    ],
)
@pytest.mark.parametrize("as_of", ["2019-06-30", "2020-12-31"])
def test_cli_builds_every_language_for_two_dates(
    tmp_path: Path, lang: str, heading: str, unit: str, as_of: str
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "integrity_toolkit",
            "report",
            "--as-of",
            as_of,
            "--lang",
            lang,
            "--format",
            "html,xlsx,md",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "progress_report.html").read_text(encoding="utf-8")
    assert heading in html and unit in html
    book = openpyxl.load_workbook(tmp_path / "progress_report.xlsx")
    headers = {"en": "Task", "zh-Hans": "任务编号", "zh-Hant": "任務編號"}
    assert book.worksheets[1]["A1"].value == headers[lang]
    stamp = json.loads((tmp_path / "progress_report.json").read_text("utf-8"))["stamp"]
    assert (stamp["as_of"], stamp["lang"]) == (as_of, lang)


HOSTILE_PLAN = (
    "二、主要任務\n(一)<script>alert`x`</script>監督\n"
    "1.<img src=x onerror=alert`1`>機制。加強<b onmouseover=alert`2`>工作</b>。"
    "(=HYPERLINK局、@SUM局、+cmd局、-2局負責)\n"
    "2.甲機制。做事|分欄。(市<img src=x onerror=alert`3`>局負責)\n"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    plan = folder / "hostile.txt"
    plan.write_text(HOSTILE_PLAN, encoding="utf-8")
    return build_report(
        out_dir=folder / "out", plan_path=plan, formats=("html", "xlsx", "md")
    )


def test_untrusted_text_is_escaped_in_html(hostile: dict[str, Path]) -> None:
    html = hostile["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert`2`&gt;" in html


def test_untrusted_text_stays_text_in_markdown_tables(
    hostile: dict[str, Path], markdown_tables: Any
) -> None:
    """A | in a clause stays in its cell; tags are escaped, never raw HTML."""
    markdown = hostile["md"].read_text(encoding="utf-8")
    assert re.search(r"(?<!\\)<(img|script|b )", markdown) is None
    tables = markdown_tables(markdown)
    assert all(len({len(row) for row in table}) == 1 for table in tables)
    cells = {cell for table in tables for row in table for cell in row}
    assert any("做事|分欄" in cell for cell in cells)


def test_untrusted_text_never_becomes_an_excel_formula(
    hostile: dict[str, Path],
) -> None:
    book = openpyxl.load_workbook(hostile["xlsx"])
    values = {c.value: c.data_type for s in book for row in s.iter_rows() for c in row}
    assert values["=HYPERLINK局"] == "s"
    assert values["@SUM局"] == "s"
    with zipfile.ZipFile(hostile["xlsx"]) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)


def test_failing_notebook_raises_and_leaves_no_file(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("as_of = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("raise ValueError('broken cell')")]
    source = tmp_path / "broken.ipynb"
    nbformat.write(nb, source)
    with pytest.raises(itk.ReportError, match="cell 2 failed: ValueError: broken cell"):
        build_report(out_dir=tmp_path / "out", notebook=source)
    assert not list((tmp_path / "out").glob("progress_report*"))


def test_parameters_cannot_inject_code(tmp_path: Path) -> None:
    """A plan path full of quotes and code stays a string in the notebook."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("as_of = None\nplan_path = None")
    params.metadata["tags"] = ["parameters"]
    check = nbformat.v4.new_code_cell("assert isinstance(plan_path, str), plan_path")
    nb.cells = [params, check]
    source = tmp_path / "params.ipynb"
    nbformat.write(nb, source)
    evil = tmp_path / "x'; raise SystemExit('injected'); '"
    evil.write_text("一、任務\n1.甲。(市發改局負責)", encoding="utf-8")
    build_report(out_dir=tmp_path / "out", notebook=source, plan_path=evil)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"formats": ("html", "docx")}, "unknown report format docx"),
        ({"lang": "fr"}, "unknown language 'fr'"),
    ],
)
def test_bad_report_options_are_refused(
    tmp_path: Path, kwargs: dict, message: str
) -> None:
    with pytest.raises(itk.ReportError, match=message):
        build_report(out_dir=tmp_path, **kwargs)


def test_pdf_without_chromium_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "_chromium", lambda: None)
    with pytest.raises(itk.ReportError, match="apt-get install chromium"):
        build_report(out_dir=tmp_path, formats=("pdf",))


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding one real return: 市人力資源局 completed 2.2.2 in 2019Q4."""
    from integrity_toolkit.ledger import Ledger, LedgerEntry
    from integrity_toolkit.ledger.period import Period
    from integrity_toolkit.ledger.vocabulary import Completion

    path = tmp_path_factory.mktemp("ledger") / "ledger.sqlite"
    ledger = Ledger(path, plan=itk.load_plan())
    entry = LedgerEntry(
        "市人力資源局", "2.2.2", Period(2019, 4), Completion.COMPLETE, 100
    )
    recorded = dt.datetime(2020, 1, 15, 9, 0)
    ledger.append([entry], file_name="人力資源局.xlsx", recorded_at=recorded)
    return path


@pytest.mark.parametrize(
    ("known_at", "complete", "no_report"),
    [
        # Before the return was recorded the line exists but has no report.
        (dt.datetime(2020, 1, 10, tzinfo=dt.timezone.utc), 0, 1),
        (dt.datetime(2020, 2, 1, tzinfo=dt.timezone.utc), 1, 0),
    ],
)
def test_report_reads_real_returns_as_known_at_its_moment(
    real_store: Path,
    tmp_path: Path,
    known_at: dt.datetime,
    complete: int,
    no_report: int,
) -> None:
    """Task 二(二)2 has one reporting line (市人力資源局 leads its only clause)."""
    settings = report.ReportSettings.from_parameters(
        "2019-12-31", known_at, "en", None, str(real_store)
    )
    figures = report.report_figures(itk.load_plan(), settings)
    row = figures["progress"].set_index("task_id").loc["2.2.2"]
    assert (row["complete"], row["no_report"]) == (complete, no_report)
    stamp = report.report_stamp(itk.load_plan(), settings)
    assert (
        stamp["ledger"].startswith("sqlite:///") and len(stamp["ledger_sha256"]) == 64
    )


def test_report_without_returns_says_its_ledger_is_synthetic(
    built: dict[str, Path],
) -> None:
    sidecar = json.loads(built["json"].read_text(encoding="utf-8"))
    assert sidecar["stamp"]["ledger"] == "synthetic demo ledger"
    assert {"progress", "overdue", "stale"} <= set(sidecar["figures"])


def test_rebuild_of_a_report_on_another_plan_reads_the_stamped_plan(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("一、任務\n1.建立制度。落實。(市發改局負責)\n", encoding="utf-8")
    first = build_report(out_dir=tmp_path / "a", plan_path=plan, known_at=KNOWN_AT)
    again = rebuild_report(first["json"], out_dir=tmp_path / "b")
    assert json.loads(again["json"].read_text("utf-8"))["stamp"]["plan"] == str(plan)


def test_failed_rebuild_writes_nothing(built: dict[str, Path], tmp_path: Path) -> None:
    sidecar = json.loads(built["json"].read_text(encoding="utf-8"))
    sidecar["figures"]["workload"][0]["total"] = 999
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(sidecar), encoding="utf-8")
    with pytest.raises(
        itk.ReportError, match="differ in workload; nothing was written"
    ):
        rebuild_report(path, out_dir=tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == []


def test_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(itk.ReportError, match="is a file, not a folder"):
        build_report(out_dir=target)


@pytest.mark.skipif(
    report._chromium() is None,
    reason="no headless Chromium here (Debian: apt-get install chromium); PDF untested",
)
def test_pdf_is_printed_by_headless_chromium(tmp_path: Path) -> None:
    written = build_report(out_dir=tmp_path, formats=("pdf",))
    assert sorted(written) == ["json", "pdf"]
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "progress_report.html").exists()


@pytest.mark.parametrize(
    ("as_of", "year", "scheme"),
    [
        (dt.date(2019, 12, 31), 2019, 2019),  # the year is complete on 31 December
        (dt.date(2020, 6, 30), 2019, 2019),  # mid-year: the last complete year
        (dt.date(2021, 3, 31), 2020, 2019),  # no 2020 scheme ships: the latest before
        (dt.date(2019, 6, 30), 2018, None),  # no scheme for 2018 or before
    ],
)
def test_report_assesses_the_last_complete_year(
    as_of: dt.date, year: int, scheme: int | None
) -> None:
    assert report._assessment_year(as_of) == (year, scheme)


def test_report_assessment_section_is_stamped_with_its_scheme(
    built: dict[str, Path],
) -> None:
    sidecar = json.loads(built["json"].read_text(encoding="utf-8"))
    assert sidecar["stamp"]["scheme"] == "2019"
    assert len(sidecar["stamp"]["scheme_sha256"]) == 64
    rows = sidecar["figures"]["assessment"]
    assert rows and all(r["synthetic"] for r in rows)
    assert {r["grade"] for r in rows} <= {"優秀", "良好", "合格", "不合格"}


@pytest.mark.parametrize(
    ("lang", "units"),
    [
        (
            "en",
            "Office of the Dongguan Spiritual Civilization Construction Commission "
            "(lead); all municipal departments (collective); all parks/functional "
            "zones, towns and sub-districts (collective)",
        ),
        ("zh-Hans", "市文明办(牵头)、各部门(集体)、各园区、镇街(集体)"),
    ],
)
def test_clauses_table_names_each_actor_once_in_the_report_language(
    plan: itk.Plan, lang: str, units: str
) -> None:
    # The last clause's tag (line 113): (市文明辦,各部門,各園區、鎮街負責) — the
    # first named unit leads; two collective actors, the second with a 、 of its own.
    frame = localized_figure(clauses_frame(plan), "clauses", Language(lang))
    assert frame.iloc[-1].tolist()[-1] == units


def test_empty_report_table_says_so_in_the_report_language() -> None:
    import pandas as pd

    context_term = report.term("value.no_rows", "zh-Hant")
    empty = report._Table(pd.DataFrame(columns=["unit"]), context_term)
    assert empty._repr_html_() == "<p>截至本日無。</p>"
    assert empty._repr_markdown_() == "截至本日無。"
    full = report._Table(pd.DataFrame({"unit": ["市監委"]}), context_term)
    assert "市監委" in full._repr_html_() and "截至本日" not in full._repr_html_()


@pytest.mark.parametrize(
    ("as_of", "lang", "sentence"),
    [
        # The last year complete on 2020-12-31 is 2020; the latest scheme shipped
        # on or before it is 2019's.
        ("2020-12-31", "en", "Scores for 2020, under the assessment scheme for 2019."),
        ("2020-06-30", "zh-Hans", "考核年度：2019年；适用2019年度考核方案。"),
        ("2019-06-30", "zh-Hant", "2018年無適用的考核方案，不予計分。"),
    ],
)
def test_assessment_section_says_which_year_it_scores(
    as_of: str, lang: str, sentence: str
) -> None:
    context = report.ReportContext(as_of, "2021-01-15T09:00", lang)
    assert sentence in context.heading("assessment").data


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "no CJK font is installed"),
        ("zh-Hans", "本机未安装中日韩（CJK）字体"),
        ("zh-Hant", "本機未安裝中日韓（CJK）字型"),
    ],
)
def test_font_note_speaks_the_report_language_and_only_without_a_font(
    monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    from integrity_toolkit import charts

    context = report.ReportContext("2020-12-31", "2021-01-15T09:00", lang)
    monkeypatch.setattr(charts, "use_cjk_font", lambda: None)
    note = context.font_note().data
    assert note.startswith(f"*{words}") and "fonts-noto-cjk" in note
    monkeypatch.setattr(charts, "use_cjk_font", lambda: "Noto Sans CJK JP")
    assert context.font_note().data == ""


def test_report_settings_refuse_a_date_they_cannot_read() -> None:
    from integrity_toolkit.errors import InvalidDateError

    with pytest.raises(InvalidDateError, match=r"^as_of 'yesterday': not a date"):
        report.ReportSettings.from_parameters("yesterday")
    with pytest.raises(report.ReportError, match="as_of is missing"):
        report.ReportSettings.from_parameters(None)  # type: ignore[arg-type]
