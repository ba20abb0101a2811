"""Wrong inputs a new user types raise toolkit errors: what, where, how to fix.

Each error is one row of a problem table in a notebook
(``%load_ext integrity_toolkit``) and one line in a terminal, and stays an
instance of the builtin error the input used to raise (ValueError, KeyError,
TypeError), so existing ``except`` clauses keep working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import integrity_toolkit as itk
from integrity_toolkit.display import (
    display_language,
    problems_text,
    set_display_language,
)
from integrity_toolkit.errors import (
    InvalidDateError,
    UnknownIdError,
    UnknownLanguageError,
    WrongTypeError,
)
from integrity_toolkit.glossary import Language, term
from integrity_toolkit.graph_view import interactive_graph
from integrity_toolkit.ledger import Ledger

LANGUAGE_FIX = (
    "write one of en, zh-Hans, zh-Hant "
    "(case does not matter: EN, zh-hans and zh_Hant are read too)"
)
SMALL = "一、任務\n1.甲。(市發改局負責)"


# Language codes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("en", Language.EN),
        ("EN", Language.EN),
        ("zh-hans", Language.ZH_HANS),
        ("ZH-HANS", Language.ZH_HANS),
        ("zh_Hant", Language.ZH_HANT),
        (" zh-Hant ", Language.ZH_HANT),
        (Language.ZH_HANT, Language.ZH_HANT),
    ],
)
def test_language_codes_are_read_in_any_case(code: str, language: Language) -> None:
    assert Language(code) is language


def test_display_language_is_kept_as_its_code() -> None:
    try:
        set_display_language("EN")
        assert display_language() == "en"
        set_display_language("zh_hans")
        assert display_language() == "zh-Hans"
    finally:
        set_display_language(None)


def test_glossary_reads_a_code_in_any_case() -> None:
    # The glossary's simplified word for the lead role.
    assert term("role.lead", "ZH-HANS") == "牵头"


@pytest.mark.parametrize("code", ["xx", "fr", "zh", "english"])
def test_unknown_language_lists_the_codes(code: str) -> None:
    with pytest.raises(UnknownLanguageError) as caught:
        set_display_language(code)
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == f"lang {code!r}: not a language code; {LANGUAGE_FIX}"
    assert error.problem_rows() == [
        {
            "where": "lang",
            "value": code,
            "what": "not a language code",
            "fix": LANGUAGE_FIX,
        }
    ]
    assert display_language() is None  # the refused code changed nothing


def test_a_language_that_is_not_text_is_named_with_its_type() -> None:
    with pytest.raises(
        UnknownLanguageError, match=r"^lang: 3 \(int\) is not a language"
    ):
        Language(3)


def test_interactive_graph_reads_the_language_code_or_lists_the_codes() -> None:
    plan = itk.parse_plan(SMALL)
    assert interactive_graph(plan, lang="EN").summary() == (
        "Responsibility graph: 1 task, 1 unit, 1 assignment"
    )
    with pytest.raises(UnknownLanguageError, match="write one of en, zh-Hans, zh-Hant"):
        interactive_graph(plan, lang="xx")


# Dates ---------------------------------------------------------------------


def test_as_of_text_that_is_no_date_names_the_parameter(plan: itk.Plan) -> None:
    with pytest.raises(InvalidDateError) as caught:
        plan.assignments(as_of="yesterday")
    rows = caught.value.problem_rows()
    assert rows == [
        {
            "where": "as_of",
            "value": "yesterday",
            "what": "not a date",
            "fix": "write it as YYYY-MM-DD, e.g. 2020-01-01, or give a datetime.date",
        }
    ]
    assert problems_text("InvalidDateError", rows).splitlines()[1] == (
        "  as_of 'yesterday': not a date; how to fix: write it as YYYY-MM-DD, "
        "e.g. 2020-01-01, or give a datetime.date"
    )


def test_as_of_number_says_which_types_are_dates(plan: itk.Plan) -> None:
    with pytest.raises(InvalidDateError) as caught:
        plan.assignments(as_of=2020)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == (
        "as_of: 2020 (int) is not a date; give a datetime.date, a datetime or "
        "ISO text, e.g. '2020-01-01'"
    )
    assert caught.value.problem_rows()[0]["where"] == "as_of"


def test_as_of_datetime_is_its_day(plan: itk.Plan) -> None:
    by_moment = plan.assignments(as_of=dt.datetime(2020, 1, 1, 9, 30))
    by_day = plan.assignments(as_of=dt.date(2020, 1, 1))
    assert by_moment.equals(by_day)


def test_ledger_state_as_of_number_is_refused_by_name() -> None:
    ledger = Ledger("sqlite://", plan=itk.parse_plan(SMALL))
    with pytest.raises(InvalidDateError, match=r"^as_of: 2020 \(int\) is not a date"):
        ledger.state(as_of=2020)  # type: ignore[arg-type]
    with pytest.raises(InvalidDateError) as caught:
        ledger.state(as_of="soon")
    assert caught.value.problem_rows()[0]["where"] == "as_of"
    assert caught.value.problem_rows()[0]["value"] == "soon"


# Texts and plans -----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "  \n"])
def test_empty_text_says_what_to_do(text: str) -> None:
    with pytest.raises(itk.NotAPlanError) as caught:
        itk.parse_plan(text)
    (row,) = caught.value.problem_rows()
    assert row["where"] == "<text>" and row["what"] == "the text is empty"
    assert row["fix"] == (
        "pass the plan's whole text (check that the file was read and is not "
        "empty); for a web page or a PDF, copy or extract its text first"
    )


def test_empty_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"")
    with pytest.raises(itk.DocumentReadError) as caught:
        itk.load_plan(path)
    (row,) = caught.value.problem_rows()
    assert row["what"] == "the file is empty"
    assert row["fix"].startswith("check that this is the plan's file")
    assert "save its text as a .txt file first" in row["fix"]


@pytest.mark.parametrize(
    ("value", "given", "fix"),
    [
        (
            None,
            "None",
            "pass the plan's text as a str, or read a file with itk.load_plan(path)",
        ),
        (
            b"\xe4\xb8\x80",
            "a bytes",
            "decode the bytes first with "
            "integrity_toolkit.reading.decode_plan_bytes(data)",
        ),
        (Path("plan.txt"), "a PosixPath", "read a file with itk.load_plan(path)"),
    ],
)
def test_parse_plan_of_no_text_says_how_to_get_the_text(
    value: object, given: str, fix: str
) -> None:
    if isinstance(value, Path):
        given = f"a {type(value).__name__}"  # WindowsPath on Windows
    with pytest.raises(WrongTypeError) as caught:
        itk.parse_plan(value)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    (row,) = caught.value.problem_rows()
    assert row["where"] == "text"
    assert row["what"] == f"{given} was given where the plan's text (str) is expected"
    assert row["fix"].startswith(fix)


def test_interactive_graph_of_no_plan_says_how_to_make_one() -> None:
    with pytest.raises(WrongTypeError) as caught:
        interactive_graph("x")  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert str(caught.value) == (
        "plan: a str was given where a parsed Plan is expected; pass a plan "
        "made by itk.load_plan(path) (a text file) or itk.parse_plan(text) "
        "(the plan's text)"
    )


# Task and clause ids -------------------------------------------------------
# The bundled plan's tasks run from 2.1.1 (part 二, group (一), task 1) to 3.5
# (part 三, task 5): 26 in all; group 二(二) has tasks 1 to 7; task 二(二)3
# (line 63) has three tags, so clauses 2.2.3, 2.2.3-b and 2.2.3-c.

SOURCE = "dongguan-2018-124.zh-Hant.txt"


def test_unknown_task_names_the_first_and_last_ids(plan: itk.Plan) -> None:
    with pytest.raises(UnknownIdError) as caught:
        plan.task("9.9.9")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == (
        f"{SOURCE} '9.9.9': no task of this id; task ids run from 2.1.1 to 3.5 "
        "(26 tasks); list them with [t.id for t in plan.tasks]"
    )
    assert caught.value.problem_rows() == [
        {
            "where": SOURCE,
            "value": "9.9.9",
            "what": "no task of this id",
            "fix": "task ids run from 2.1.1 to 3.5 (26 tasks); "
            "list them with [t.id for t in plan.tasks]",
        }
    ]


def test_unknown_task_in_a_known_group_lists_the_group(plan: itk.Plan) -> None:
    with pytest.raises(KeyError) as caught:
        plan.task("2.2.9")
    assert str(caught.value) == (
        f"{SOURCE} '2.2.9': no task of this id; tasks under 2.2: 2.2.1, 2.2.2, "
        "2.2.3, 2.2.4, 2.2.5, 2.2.6, 2.2.7; list them all with "
        "[t.id for t in plan.tasks]"
    )


def test_task_id_that_is_a_number_is_asked_for_as_text(plan: itk.Plan) -> None:
    with pytest.raises(
        UnknownIdError,
        match=r"2\.1 \(float\) is not a task id; "
        r"write the id as text, e\.g\. plan\.task\('2\.1\.1'\)",
    ):
        plan.task(2.1)  # type: ignore[arg-type]


def test_unknown_clause_lists_its_task_clauses(plan: itk.Plan) -> None:
    with pytest.raises(UnknownIdError) as caught:
        plan.clause("2.2.3-d")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == (
        f"{SOURCE} '2.2.3-d': no clause of this id; clauses of task 2.2.3: "
        "2.2.3, 2.2.3-b, 2.2.3-c; list them all with [c.id for c in plan.clauses()]"
    )


def test_plan_without_tasks_says_so() -> None:
    plan = itk.parse_plan("東府〔2018〕124號\n關於印發某方案的通知")
    with pytest.raises(UnknownIdError, match="the plan has no tasks"):
        plan.task("1.1")


# The notebook extension ----------------------------------------------------


@pytest.fixture(scope="module")
def shell() -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    shell.run_cell("%load_ext integrity_toolkit")
    shell.run_cell("import integrity_toolkit as itk\nplan = itk.load_plan()")
    yield shell
    shell.run_cell("%unload_ext integrity_toolkit")
    # Without a running shell again (plotly picks its renderers by it).
    InteractiveShell.clear_instance()


@pytest.mark.parametrize(
    ("cell", "name", "row"),
    [
        (
            "from integrity_toolkit.display import set_display_language\n"
            "set_display_language('xx')",
            "UnknownLanguageError",
            "  lang 'xx': not a language code; how to fix: write one of en, zh-Hans",
        ),
        (
            "itk.interactive_graph(plan, lang='xx')",
            "UnknownLanguageError",
            "  lang 'xx': not a language code; how to fix: write one of en, zh-Hans",
        ),
        (
            "plan.assignments(as_of='yesterday')",
            "InvalidDateError",
            "  as_of 'yesterday': not a date; how to fix: write it as YYYY-MM-DD",
        ),
        (
            "plan.assignments(as_of=2020)",
            "InvalidDateError",
            "  as_of: 2020 (int) is not a date; how to fix: give a datetime.date",
        ),
        (
            "itk.parse_plan('')",
            "NotAPlanError",
            "  <text>: the text is empty; how to fix: pass the plan's whole text",
        ),
        (
            "itk.parse_plan(None)",
            "WrongTypeError",
            "  text: None was given where the plan's text (str) is expected; how to",
        ),
        (
            "itk.interactive_graph('x')",
            "WrongTypeError",
            "  plan: a str was given where a parsed Plan is expected; how to fix",
        ),
        (
            "plan.task('9.9.9')",
            "UnknownIdError",
            f"  {SOURCE} '9.9.9': no task of this id; how to fix: task ids run",
        ),
        (
            "plan.clause('2.2.3-d')",
            "UnknownIdError",
            f"  {SOURCE} '2.2.3-d': no clause of this id; how to fix: clauses of",
        ),
    ],
)
def test_notebook_shows_each_as_a_table_and_one_line(
    shell: InteractiveShell, cell: str, name: str, row: str
) -> None:
    with capture_output() as captured:
        result = shell.run_cell(cell)
    assert type(result.error_in_exec).__name__ == name
    (shown,) = captured.outputs
    table = shown.data["text/plain"].splitlines()
    assert table[0] == f"{name}: 1 problem(s)"
    assert table[1].startswith(row)
    assert "<th>how to fix</th>" in shown.data["text/html"]
    # The error itself is one line, no traceback.
    assert captured.stdout == f"{name}: {result.error_in_exec}\n"
