"""The Excel round trip: a template per unit and period, returns read back in.

A template lists the clauses a unit answers for, with its role and the
clause's text; the id columns are locked, the status column offers a
drop-down list kept on a hidden sheet, and a sheet of instructions in Chinese
explains each column. :func:`import_returns` reads filled returns, checks
every row, and imports each file whole or refuses it whole with a list of
problems (:class:`~integrity_toolkit.ledger.validation.ReturnProblem`) that
:func:`write_problems_workbook` can turn into a workbook to send back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrity_toolkit.errors import LedgerError, ReturnError
from integrity_toolkit.ledger.columns import RETURN_COLUMNS, column_for_header
from integrity_toolkit.ledger.period import Period
from integrity_toolkit.ledger.roster import plan_start
from integrity_toolkit.ledger.validation import (
    RawRow,
    ReturnProblem,
    ReturnScope,
    validate_rows,
)
from integrity_toolkit.ledger.vocabulary import Completion

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from integrity_toolkit.ledger.store import ImportResult, Ledger

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "RETURN_SHEET",
    "ReturnFile",
    "import_returns",
    "read_return",
    "template_name",
    "write_problems_workbook",
    "write_template",
]

log = logging.getLogger(__name__)

#: The sheet a template's rows are on.
RETURN_SHEET = "填報"
_OPTIONS_SHEET = "選項"
_INSTRUCTIONS_SHEET = "填報說明"
#: Files larger than this (packed or unpacked) are refused unread.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Sheets with more rows than this are refused: a return has tens of rows.
MAX_ROWS = 5000
_HEADER_SEARCH_ROWS = 10
_REQUIRED = tuple(c.key for c in RETURN_COLUMNS if c.required)


@dataclass(frozen=True, slots=True)
class ReturnFile:
    """One return file as read: its rows, its hash, and what stops it.

    ``unit`` and ``period`` are those the template was written for, when the
    workbook records them (templates from :func:`write_template` do).
    """

    path: str
    sha256: str
    rows: tuple[RawRow, ...]
    problems: tuple[ReturnProblem, ...]
    unit: str | None = None
    period: Period | None = None


def template_name(unit: str, period: Period | str) -> str:
    """The file name of a unit's template for a period.

    Parameters
    ----------
    unit : str
        The unit's name as the roster writes it.
    period : Period or str
        The quarter (``2019Q4``).

    Examples
    --------
    >>> template_name("市發改局", "2019Q4")
    '2019Q4_市發改局.xlsx'
    """
    return f"{period}_{unit}.xlsx"


def write_template(
    ledger: Ledger, unit: str, period: Period | str, path: str | Path
) -> Path:
    """Write the workbook a unit fills in for a period.

    Parameters
    ----------
    ledger : Ledger
        The ledger whose roster says which clauses the unit answers for.
    unit : str
        The unit, as the plan names it (市發改局) or any name the unit
        registry knows for it (市发改局, 東莞市發展和改革局), or the
        coordination office. A unit the registry says was gone by the end of
        the period is logged with its successor.
    period : Period or str
        The quarter, e.g. ``2019Q4``.
    path : str or Path
        The file to write (``.xlsx``), or a folder to write it into.

    Raises
    ------
    LedgerError
        The unit answers for no clause; the message lists the units that do,
        or, for a collective actor, names the office that answers for it.

    Examples
    --------
    >>> import tempfile
    >>> from integrity_toolkit.ledger import Ledger
    >>> path = write_template(Ledger("sqlite://"), "市人力資源局", "2019Q4",
    ...                       tempfile.mkdtemp())
    >>> path.name
    '2019Q4_市人力資源局.xlsx'
    """
    from openpyxl import Workbook

    quarter = _period(period)
    unit = _roster_unit(ledger, unit, quarter)
    rows = ledger.roster[ledger.roster["unit"] == unit]
    target = Path(path)
    if target.is_dir():
        target = target / template_name(unit, quarter)
    book = Workbook()
    _write_return_sheet(book.worksheets[0], unit, quarter, rows)
    _write_options_sheet(book.create_sheet(_OPTIONS_SHEET), unit, quarter)
    _write_instructions(book.create_sheet(_INSTRUCTIONS_SHEET), unit, quarter)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    log.info("template for %s, %s written to %s", unit, quarter, target)
    return target


def _roster_unit(ledger: Ledger, name: str, quarter: Period) -> str:
    """The roster's name for a unit written any way the registry knows it."""
    from integrity_toolkit.registry import ActorKind, default_registry

    registry = default_registry()
    units = list(dict.fromkeys(ledger.roster["unit"]))
    found = registry.match(name).unit
    if name not in units and found is not None:
        if found.actor_kind in (ActorKind.COLLECTIVE, ActorKind.UNSPECIFIED):
            office = ledger.office
            raise LedgerError(
                f"{name!r} answers for no clause itself: it is a collective actor, "
                f"and {office} answers for it; write the office's template "
                f"{template_name(office, quarter)} with --unit {office}"
            )
        same = [u for u in units if _unit_id(registry, u) == found.id]
        name = same[0] if same else name
    if name not in units:
        raise LedgerError(
            f"{name!r} answers for no clause of the plan; write one of: "
            + "、".join(units)
        )
    if found is not None:
        _warn_if_gone(registry, found.id, name, quarter)
    return name


def _unit_id(registry: Any, name: str) -> str | None:
    unit = registry.match(name).unit
    return None if unit is None else str(unit.id)


def _warn_if_gone(registry: Any, unit_id: str, name: str, quarter: Period) -> None:
    holdings = registry.holders(unit_id, quarter.end)
    if holdings and holdings[0].changes:
        log.warning(
            "%s was gone by the end of %s (%s); its clauses are answered for by %s",
            name,
            quarter,
            "; ".join(c.describe() for c in holdings[0].changes),
            "、".join(h.unit.label for h in holdings),
        )


def _period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except ValueError as exc:
        raise LedgerError(str(exc)) from None


def _write_return_sheet(
    sheet: Worksheet, unit: str, quarter: Period, rows: Any
) -> None:
    sheet.title = RETURN_SHEET
    sheet.append([c.header for c in RETURN_COLUMNS])
    for row in rows.itertuples(index=False):
        role = row.role if not row.on_behalf_of else f"collective:{row.on_behalf_of}"
        fixed = {
            "unit": unit,
            "period": str(quarter),
            "clause_id": row.clause_id,
            "role": role,
            "clause_text": row.clause_text,
        }
        sheet.append([fixed.get(c.key) for c in RETURN_COLUMNS])
    _style_return_sheet(sheet)
    _add_drop_downs(sheet)
    sheet.freeze_panes = "D2"
    # Protection without a password: a guard against slips, not a lock.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _style_return_sheet(sheet: Worksheet) -> None:
    """Bold headers, set widths, grey and lock the fixed cells, unlock the rest."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    last = sheet.max_row
    grey = PatternFill("solid", fgColor="EEEEEE")
    for index, column in enumerate(RETURN_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.cell(1, index).font = Font(bold=True)
        for cells in sheet.iter_rows(
            min_row=2, max_row=last, min_col=index, max_col=index
        ):
            cell = cells[0]
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.editable:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey


def _add_drop_downs(sheet: Worksheet) -> None:
    """The status list (from the hidden options sheet) and a 0-100 percent check."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = sheet.max_row
    letters = {c.key: get_column_letter(i) for i, c in enumerate(RETURN_COLUMNS, 1)}
    status = DataValidation(
        type="list",
        formula1=f"'{_OPTIONS_SHEET}'!$A$2:$A${len(_OFFERED) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成狀態",
        error="請從下拉列表選擇完成狀態",
    )
    status.add(f"{letters['status']}2:{letters['status']}{last}")
    percent = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        errorStyle="warning",
        error="完成百分比請填0至100之間的數字",
    )
    percent.add(f"{letters['percent']}2:{letters['percent']}{last}")
    sheet.add_data_validation(status)
    sheet.add_data_validation(percent)


_OFFERED = tuple(s for s in Completion if s is not Completion.NO_REPORT)


_UNIT_MARK, _PERIOD_MARK = "填報單位", "報告期"


def _write_options_sheet(sheet: Worksheet, unit: str, quarter: Period) -> None:
    sheet.append(["狀態選項", "code", "完成百分比"])
    for state in _OFFERED:
        low, high = state.percent_range or (0, 0)
        band = f"{low:g}" if low == high else f"{low:g}-{high:g}"
        sheet.append([state.label, state.value, band])
    # Whom and what the template was written for, checked on import.
    sheet["E1"], sheet["F1"] = _UNIT_MARK, unit
    sheet["E2"], sheet["F2"] = _PERIOD_MARK, str(quarter)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


_INSTRUCTIONS = (
    "《東莞市加強政務系統誠信建設工作方案》工作台賬填報說明",
    "",
    "填報單位:{unit}",
    "報告期:{period}({start}至{end})",
    "",
    "一、灰色欄位(填報單位、報告期、條款編號、責任類型、條款內容)已鎖定,請勿修改。",
    "二、「完成狀態」請從下拉列表選擇:未啟動、有限進展、實質進展、已完成。",
    "    未報送的條款請留空,不要填「未啟動」:留空表示本期未報送,不表示沒有進展。",
    "三、「完成百分比」填0至100的數字,如80;填80%或0.8亦可。",
    "    只填1表示1%;已完成請填100或100%,以免與1%混淆。",
    "    未啟動為0,有限進展為1-49,實質進展為50-99,已完成為100。",
    "四、「完成日期」僅在已完成時填寫,年份在前,如2019-12-31、2019/12/31或2019年12月31日;",
    "    不要寫成12/31/2019或31/12/2019:年份在後的日期會被退回。",
    "五、「工作進展及佐證」寫明已做的工作和文件文號;「佐證鏈接」每行填一個網址。",
    "六、「下一步計劃」「存在問題」「填報人」如實填寫。",
    "七、請勿增刪行、合併單元格或改動欄名;不要使用公式。",
    "八、責任類型:lead為牽頭單位,co為配合單位,collective為協調小組辦公室代各部門、",
    "    各園區鎮街等集體填報。",
    "九、填好後將本文件交回市社會信用體系建設統籌協調小組辦公室。",
    "    有問題的文件會整份退回,並附問題清單(位置、問題、修改方法)。",
)


def _write_instructions(sheet: Worksheet, unit: str, quarter: Period) -> None:
    from openpyxl.styles import Font

    values = {
        "unit": unit,
        "period": quarter,
        "start": quarter.start,
        "end": quarter.end,
    }
    for line in _INSTRUCTIONS:
        sheet.append([line.format(**values)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100
    sheet.protection.sheet = True


def read_return(
    path: str | Path, max_bytes: int = MAX_FILE_BYTES, max_rows: int = MAX_ROWS
) -> ReturnFile:
    """Read a return's rows, or the problems that stop it from being read.

    Every sheet whose header row (within its first 10 rows) names at least
    the clause id and the status is read; other sheets are ignored. Merged
    cells give their value to every cell they cover; a formula gives the
    result Excel saved with it. Blank rows, and template rows left without
    any answer, are left out.

    Parameters
    ----------
    path : str or pathlib.Path
        The return, an ``.xlsx`` workbook.
    max_bytes : int, default ``MAX_FILE_BYTES`` (20 MiB)
        A larger file, packed or unpacked, is refused unread.
    max_rows : int, default ``MAX_ROWS`` (5000)
        A sheet with more rows is refused.

    Returns
    -------
    ReturnFile
        The file's name and SHA-256, its rows as written, its problems (each
        with sheet, row and column), and the unit and quarter its template was
        made for, when it says.

    Examples
    --------
    >>> import tempfile
    >>> from integrity_toolkit.ledger import Ledger
    >>> folder = tempfile.mkdtemp()
    >>> path = write_template(Ledger("sqlite://"), "市監委", "2019Q4", folder)
    >>> read = read_return(path)
    >>> read.rows, read.problems  # a template no one has filled in
    ((), ())
    """
    file = Path(path)
    name = str(path)
    problem = _file_problem(file, name, max_bytes)
    if problem:
        return ReturnFile(name, "", (), (problem,))
    sha256 = hashlib.sha256(file.read_bytes()).hexdigest()
    try:
        formulas, values = _load(file)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        fix = "open it in Excel and save it again as .xlsx"
        bad = ReturnProblem(name, None, None, None, "", f"cannot be read ({exc})", fix)
        return ReturnFile(name, sha256, (), (bad,))
    rows: list[RawRow] = []
    problems: list[ReturnProblem] = []
    for sheet in values.worksheets:
        found_rows, found = _read_sheet(name, sheet, formulas[sheet.title], max_rows)
        rows.extend(found_rows)
        problems.extend(found)
    if not rows and not problems and not _has_return_sheet(values):
        problems.append(
            ReturnProblem(
                name,
                None,
                None,
                None,
                "",
                "no sheet has the columns 條款編號 and 完成狀態",
                "fill in the template made by `integrity-toolkit ledger template`",
            )
        )
    unit, period = _template_marks(values)
    return ReturnFile(name, sha256, tuple(rows), tuple(problems), unit, period)


def _template_marks(book: Any) -> tuple[str | None, Period | None]:
    """The unit and period a template was written for, if it records them."""
    if _OPTIONS_SHEET not in book.sheetnames:
        return None, None
    sheet = book[_OPTIONS_SHEET]
    if (sheet["E1"].value, sheet["E2"].value) != (_UNIT_MARK, _PERIOD_MARK):
        return None, None
    unit = str(sheet["F1"].value or "") or None
    try:
        return unit, Period.parse(str(sheet["F2"].value))
    except ValueError:
        return unit, None


def _file_problem(file: Path, name: str, max_bytes: int) -> ReturnProblem | None:
    def refuse(problem: str, fix: str) -> ReturnProblem:
        return ReturnProblem(name, None, None, None, "", problem, fix)

    if file.is_dir():
        return refuse(
            "a folder, not a return file",
            f"name the .xlsx files in it, e.g. {name}/*.xlsx",
        )
    if not file.is_file():
        return refuse("no such file", "check the path")
    if file.stat().st_size > max_bytes:
        return refuse(
            f"the file is {file.stat().st_size} bytes, over the limit of {max_bytes}",
            "send the return alone, without attachments",
        )
    with file.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return refuse("an old Excel (.xls) file", "save it as .xlsx and send it again")
    if not zipfile.is_zipfile(file):
        return refuse(
            "not an Excel workbook (.xlsx)",
            "send the .xlsx file made from the template",
        )
    with zipfile.ZipFile(file) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > 10 * max_bytes:
        return refuse(
            f"the workbook unpacks to {unpacked} bytes, over the limit",
            "send the return alone, without attachments",
        )
    return None


def _load(file: Path) -> tuple[Any, Any]:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unknown extensions
        formulas = load_workbook(file, data_only=False)
        values = load_workbook(file, data_only=True)
    return formulas, values


def _has_return_sheet(book: Any) -> bool:
    return any(_header(sheet) is not None for sheet in book.worksheets)


def _header(sheet: Any) -> tuple[int, dict[int, tuple[str, str]]] | None:
    """The header row and {column index: (key, header)}, if the sheet has one."""
    top = min(sheet.max_row, _HEADER_SEARCH_ROWS)
    for number, cells in enumerate(sheet.iter_rows(max_row=top, values_only=True), 1):
        columns: dict[int, tuple[str, str]] = {}
        for index, value in enumerate(cells, start=1):
            column = column_for_header(value)
            if column and column.key not in {k for k, _ in columns.values()}:
                columns[index] = (column.key, str(value))
        if {"clause_id", "status"} <= {k for k, _ in columns.values()}:
            return number, columns
    return None


def _read_sheet(
    name: str, sheet: Any, formula_sheet: Any, max_rows: int
) -> tuple[list[RawRow], list[ReturnProblem]]:
    """The answered rows of a sheet with a return's header, or its problems."""
    found = _header(sheet)
    if found is None or sheet.sheet_state != "visible":
        return [], []
    header_row, columns = found
    problems = _layout_problems(name, sheet, header_row, columns, max_rows)
    if problems:
        return [], problems
    merged = _merged_values(sheet)
    headers = {key: header for key, header in columns.values()}
    rows = []
    for number in range(header_row + 1, sheet.max_row + 1):
        values, formats = {}, {}
        for index, (key, _) in columns.items():
            cell = sheet.cell(number, index)
            values[key] = merged.get((number, index), cell.value)
            formats[key] = cell.number_format or ""
            if (
                values[key] is None
                and formula_sheet.cell(number, index).data_type == "f"
            ):
                problems.append(ReturnProblem(
                    name, sheet.title, number, headers[key], cell.coordinate,
                    "a formula with no saved result",
                    "type the value in place of the formula",
                ))  # fmt: skip
        if _answered(values):
            rows.append(RawRow(name, sheet.title, number, values, formats, headers))
    return rows, problems


def _layout_problems(
    name: str,
    sheet: Any,
    header_row: int,
    columns: dict[int, tuple[str, str]],
    max_rows: int,
) -> list[ReturnProblem]:
    """Required columns missing, or more rows than a return can have."""
    keys = {key for key, _ in columns.values()}
    problems = [
        ReturnProblem(
            name, sheet.title, header_row, column.header, "",
            f"no column {column.header}",
            f"put back the column {column.header} of the template",
        )
        for column in RETURN_COLUMNS
        if column.required and column.key not in keys
    ]  # fmt: skip
    if sheet.max_row > max_rows:
        problems.append(ReturnProblem(
            name, sheet.title, None, None, "",
            f"the sheet has {sheet.max_row} rows, over the limit of {max_rows}",
            "send one row per clause",
        ))  # fmt: skip
    return problems


def _merged_values(sheet: Any) -> dict[tuple[int, int], Any]:
    values = {}
    for cells in sheet.merged_cells.ranges:
        top = sheet.cell(cells.min_row, cells.min_col).value
        for row in range(cells.min_row, cells.max_row + 1):
            for col in range(cells.min_col, cells.max_col + 1):
                values[(row, col)] = top
    return values


_FIXED = {c.key for c in RETURN_COLUMNS if not c.editable}


def _answered(values: dict[str, Any]) -> bool:
    """Whether a row holds an answer (more than the template's locked cells)."""
    return any(
        value is not None and str(value).strip()
        for key, value in values.items()
        if key not in _FIXED
    )


def import_returns(
    ledger: Ledger, paths: Iterable[str | Path], progress: bool = False
) -> list[ImportResult]:
    """Import return files, each whole or not at all.

    Every file is read and checked first; each clean file is then imported
    in one transaction. Importing a file again changes nothing. A return
    speaks for the unit and quarter its template was written for, within
    the plan's quarters up to the current one (see
    :class:`~integrity_toolkit.ledger.validation.ReturnScope`).

    Parameters
    ----------
    ledger : Ledger
        The ledger to import into.
    paths : iterable of str or pathlib.Path
        The return workbooks (``.xlsx``).
    progress : bool, default False
        Show a progress bar over the files.

    Returns
    -------
    list of ImportResult
        One per imported file.

    Raises
    ------
    ReturnError
        One or more files were refused; ``problems`` lists every problem
        and ``results`` what the clean files imported.

    Examples
    --------
    >>> import tempfile
    >>> from openpyxl import load_workbook
    >>> from integrity_toolkit.ledger import Ledger
    >>> ledger = Ledger("sqlite://")
    >>> path = write_template(ledger, "市監委", "2019Q4", tempfile.mkdtemp())
    >>> book = load_workbook(path)
    >>> book["填報"]["F2"], book["填報"]["G2"] = "有限進展", "30%"
    >>> book.save(path)
    >>> [(r.added, r.unchanged) for r in import_returns(ledger, [path])]
    [(1, 0)]
    >>> import_returns(ledger, [path])[0].already_imported
    True
    """
    from tqdm import tqdm

    files = [Path(p) for p in paths]
    bounds = _reporting_quarters(ledger)
    results, problems = [], []
    for file in tqdm(files, desc="returns", unit="file", disable=not progress):
        read = read_return(file)
        scope = dataclasses.replace(bounds, unit=read.unit, period=read.period)
        entries, found = validate_rows(read.rows, ledger.roster, scope)
        found = [*read.problems, *found]
        if found:
            log.info("%s refused: %d problem(s)", file, len(found))
            problems.extend(found)
            continue
        if not entries:
            log.warning("%s holds no answered row; nothing to import", file)
            continue
        results.append(
            ledger.append(entries, file_name=file.name, file_sha256=read.sha256)
        )
    if problems:
        raise ReturnError(problems, results)
    return results


def _reporting_quarters(ledger: Ledger) -> ReturnScope:
    """The quarters a return can speak for: from the plan's start to its last
    deadline, and not beyond the current quarter."""
    first = Period.containing(plan_start(ledger.plan))
    now = Period.containing(dt.datetime.now(dt.timezone.utc).date())
    deadlines = ledger.roster["deadline"].dropna()
    last = Period.containing(max(deadlines)) if len(deadlines) else now
    return ReturnScope(first, min(last, now))


def write_problems_workbook(
    problems: Sequence[ReturnProblem], path: str | Path
) -> Path:
    """Write the problems of refused returns as a workbook to send back.

    One row per problem: file, sheet, row, column, value, problem, how to
    fix it, with Chinese headers.

    Parameters
    ----------
    problems : sequence of ReturnProblem
        The problems, such as ``ReturnError.problems``.
    path : str or pathlib.Path
        The workbook to write (``.xlsx``); missing folders are created.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile
    >>> problem = ReturnProblem("a.xlsx", "填報", 4, "完成狀態", "差不多",
    ...                         "not a status", "choose one from the list")
    >>> write_problems_workbook([problem], tempfile.mkdtemp() + "/問題.xlsx").name
    '問題.xlsx'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "問題清單"
    headers = ("文件", "工作表", "行", "欄", "填寫內容", "問題", "修改方法")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in problems:
        sheet.append([p.file, p.sheet, p.row, p.column, p.value, p.problem, p.fix])
    for letter, width in zip("ABCDEFG", (24, 10, 6, 14, 20, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
