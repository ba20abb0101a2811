"""Shared fixtures: the bundled plan, its simplified twin, the answer key by hand,
a Markdown table reader."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mistune
import opencc
import pytest

import integrity_toolkit as itk
from integrity_toolkit.bundled import bundled_plan_path

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def plan_path() -> Path:
    return bundled_plan_path()


@pytest.fixture(scope="session")
def plan_text(plan_path: Path) -> str:
    return plan_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def plan(plan_text: str) -> itk.Plan:
    return itk.parse_plan(plan_text, source="dongguan-2018-124.zh-Hant.txt")


@pytest.fixture(scope="session")
def markdown_tables() -> Callable[[str], list[list[list[str]]]]:
    """Every table a Markdown text parses into (GFM pipe tables), as rows of
    cell texts, header row first."""
    parse = mistune.create_markdown(renderer="ast", plugins=["table"])

    def text(node: dict[str, Any]) -> str:
        return node.get("raw", "") + "".join(text(c) for c in node.get("children", []))

    def tables(markdown: str) -> list[list[list[str]]]:
        found = []
        for node in parse(markdown):
            if node["type"] == "table":
                head, body = node["children"]
                rows = [head["children"]] + [r["children"] for r in body["children"]]
                found.append([[text(cell) for cell in row] for row in rows])
        return found

    return tables


@pytest.fixture(scope="session")
def to_hans() -> Any:
    return opencc.OpenCC("t2s").convert


@pytest.fixture(scope="session")
def hans_text(plan_text: str, to_hans: Any) -> str:
    return str(to_hans(plan_text))


@pytest.fixture(scope="session")
def hans_plan(hans_text: str) -> itk.Plan:
    return itk.parse_plan(hans_text, source="dongguan-2018-124.zh-Hans.txt")


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    """The parse of 東府〔2018〕124號 written by hand from reading the document."""
    path = FIXTURES / "dongguan_2018_124.expected.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expected_clauses(expected: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for t in expected["tasks"] for c in t["clauses"]}


# The ledger is tested on SQLite always, and on PostgreSQL when CI (or a
# developer) names a server: .ci/run starts one and sets this variable.
PG_URL_ENV = "INTEGRITY_TOOLKIT_TEST_PG_URL"


def _fresh_postgresql(url: str) -> str:
    """Empty the test database; refuse one whose name does not say it is for tests."""
    import sqlalchemy as sa

    database = sa.engine.make_url(url).database or ""
    if "test" not in database:
        pytest.fail(
            f"{PG_URL_ENV} names database {database!r}; the ledger tests empty it, so "
            "its name must contain 'test' (e.g. itk_test)"
        )
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty ledger store: a SQLite file, or the PostgreSQL test database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL ledger tests need {PG_URL_ENV}=postgresql+psycopg://…; "
            ".ci/run starts a server and sets it"
        )
    return _fresh_postgresql(url)


def table_names(store: str) -> list[str]:
    """The tables a store holds, read without opening it as a ledger."""
    import sqlalchemy as sa

    engine = sa.create_engine(store)
    try:
        return sorted(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def tables() -> Any:
    """:func:`table_names`, for tests that check what a command wrote."""
    return table_names


@pytest.fixture
def store_without_ledger(store: str) -> str:
    """A database holding one table of its own (``notes``) and no ledger."""
    import sqlalchemy as sa

    engine = sa.create_engine(store)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE notes (note TEXT)"))
    engine.dispose()
    return store


@pytest.fixture(scope="session")
def roster(plan: itk.Plan) -> Any:
    from integrity_toolkit.ledger import reporting_roster

    return reporting_roster(plan)
