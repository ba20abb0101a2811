"""The unit registry: a consistent file, every spelling resolves, dates apply.

Expected values come from the shared fact sheets and the plan, read by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from integrity_toolkit.errors import RegistryError, UnknownUnitError
from integrity_toolkit.registry import (
    ActorKind,
    Registry,
    check_units,
    default_registry,
    load_registry,
    read_units,
)

PTS = "dg.parks-towns-subdistricts"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


def test_registry_file_is_consistent() -> None:
    """Unique ids, successors and collectives exist, dates ordered, sources."""
    units = read_units()
    assert check_units(units) == []
    assert len({u.id for u in units}) == len(units)


def test_registry_every_unit_of_the_plan_resolves_with_english(
    registry: Registry, expected_clauses: dict[str, Any]
) -> None:
    names = {u["name"] for c in expected_clauses.values() for u in c["units"]}
    assert len(names) == 26
    for name in names:
        unit = registry.resolve(name)
        assert unit.name_en and unit.name_hans and unit.name_hant, name


@pytest.mark.parametrize(
    ("name", "unit_id"),
    [
        ("市發改局", "dg.development-reform"),
        ("市发改局", "dg.development-reform"),
        ("發改局", "dg.development-reform"),
        ("东莞发改局", "dg.development-reform"),
        ("東莞市發展和改革局", "dg.development-reform"),
        ("发展和改革局", "dg.development-reform"),
        ("人行東莞中心支行", "pbc.dongguan-central-sub-branch"),
        ("人行中心支行", "pbc.dongguan-central-sub-branch"),
        ("中國人民銀行東莞市中心支行", "pbc.dongguan-central-sub-branch"),
        ("市工商局", "dg.industry-commerce"),
        ("东莞市工商行政管理局", "dg.industry-commerce"),
        ("東莞市市場監督管理局", "dg.market-regulation"),
        ("市市場監管局", "dg.market-regulation"),
        ("市場監督管理局", "dg.market-regulation"),
        ("各園區、鎮街", PTS),
        ("各园区镇街", PTS),
        ("各 園區 , 鎮街", PTS),
        ("市社會信用體系建設統籌協調小組成員單位", "dg.social-credit-group"),
        ("有關部門", "dg.relevant-departments"),
        ("東城", "dg.sub-district.dongcheng"),
        ("東城街道", "dg.sub-district.dongcheng"),
        ("長安鎮", "dg.town.changan"),
        ("虎門港", "dg.park.port"),
        ("東莞港管理委員會", "dg.park.port"),
        ("dg.finance", "dg.finance"),
    ],
)
def test_registry_spelling_resolves_to_one_unit(
    registry: Registry, name: str, unit_id: str
) -> None:
    assert registry.resolve(name).id == unit_id


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("市甲局", "'市甲局' is not in the registry"),
        ("dg.finanse", "closest known names: 市財政局"),
        ("", "not in the registry"),
    ],
)
def test_registry_unknown_name_raises_key_error_with_hint(
    registry: Registry, name: str, match: str
) -> None:
    with pytest.raises(UnknownUnitError, match=match) as caught:
        registry.resolve(name)
    assert isinstance(caught.value, KeyError)


def test_registry_unknown_name_offers_closest_units(registry: Registry) -> None:
    found = registry.match("市發展局")
    assert found.unit is None
    assert found.candidates[0].id == "dg.development-reform"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        # Marks as the fact sheet gives them (units-named-in-plan.json).
        ("市發改局", "sourced"),
        ("人行東莞中心支行", "believed"),
        ("市考評辦", "believed"),
        ("市政務服務辦", "partially-sourced"),
        ("市工商局", "partially-sourced"),
        ("市衛生計生局", "sourced"),
        ("市國資委", "believed"),
        ("各部門", "sourced"),
        ("相關行業監管部門", "believed"),
        ("各園區、鎮街", "sourced"),
        ("生態園", "partially-sourced"),
    ],
)
def test_registry_carries_the_facts_status(
    registry: Registry, name: str, status: str
) -> None:
    assert registry.resolve(name).status.value == status


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("市發改局", ActorKind.UNIT),
        ("各部門", ActorKind.COLLECTIVE),
        ("各園區、鎮街", ActorKind.COLLECTIVE),
        ("市社會信用體系建設統籌協調小組成員單位", ActorKind.COLLECTIVE),
        ("各有關部門", ActorKind.UNSPECIFIED),
        ("有關部門", ActorKind.UNSPECIFIED),
        ("相關行業監管部門", ActorKind.UNSPECIFIED),
    ],
)
def test_registry_actor_kind(registry: Registry, name: str, kind: ActorKind) -> None:
    assert registry.resolve(name).actor_kind is kind


@pytest.mark.parametrize(
    ("name", "day", "holder"),
    [
        ("市工商局", dt.date(2018, 12, 31), "dg.industry-commerce"),
        ("市工商局", dt.date(2019, 2, 14), "dg.industry-commerce"),
        ("市工商局", dt.date(2019, 2, 15), "dg.market-regulation"),
        ("市工商局", dt.date(2020, 1, 1), "dg.market-regulation"),
        ("市衛生計生局", dt.date(2020, 1, 1), "dg.health"),
        ("市國土局", dt.date(2020, 1, 1), "dg.natural-resources"),
        ("市法制局", dt.date(2020, 1, 1), "dg.justice"),
        ("市人力資源局", dt.date(2020, 1, 1), "dg.human-resources-social-security"),
        # The later renaming has no date, so it is never applied.
        ("市政務服務辦", dt.date(2030, 1, 1), "dg.government-services-data-bureau"),
        ("人行東莞中心支行", dt.date(2030, 1, 1), "pbc.dongguan-central-sub-branch"),
        ("市發改局", dt.date(2020, 1, 1), "dg.development-reform"),
    ],
)
def test_registry_holder_as_of_date(
    registry: Registry, name: str, day: dt.date, holder: str
) -> None:
    holdings = registry.holders(registry.resolve(name).id, day)
    assert [h.unit.id for h in holdings] == [holder]


def test_registry_parks_towns_subdistricts_by_date(registry: Registry) -> None:
    """4 sub-districts and 28 towns on both dates; the 水鄉 zone becomes the
    水鄉功能區 in 2019, and the 銀瓶 platform (園區 status unverified) is
    left out."""
    before = registry.members(PTS, dt.date(2018, 12, 31))
    after = registry.members(PTS, dt.date(2019, 6, 1))
    assert Counter(u.type.value for u in before) == {
        "sub-district": 4,
        "town": 28,
        "park": 5,
    }
    assert Counter(u.type.value for u in after) == {
        "sub-district": 4,
        "town": 28,
        "park": 4,
        "functional-area": 1,
    }
    assert {u.label for u in before if u.type.value == "park"} == {
        "松山湖高新區",
        "生態園",
        "東莞港",
        "濱海灣新區",
        "水鄉經濟區",
    }
    assert "dg.functional-area.shuixiang" in {u.id for u in after}


@pytest.mark.parametrize(
    ("day", "count"),
    [(dt.date(2019, 5, 5), 0), (dt.date(2019, 5, 6), 11), (dt.date(2020, 1, 1), 11)],
)
def test_registry_songshan_lake_area_from_2019_05_06(
    registry: Registry, day: dt.date, count: int
) -> None:
    """The 松山湖 zone, 生態園 and 9 towns, from its mobilisation on 2019-05-06."""
    assert len(registry.members("dg.functional-area.songshan-lake", day)) == count


def test_registry_all_departments_follow_the_reform(registry: Registry) -> None:
    """14 departments of the plan on its date; 14 successors or survivors after."""
    before = {
        u.id for u in registry.members("dg.all-departments", dt.date(2018, 10, 8))
    }
    after = {u.id for u in registry.members("dg.all-departments", dt.date(2020, 1, 1))}
    assert len(before) == len(after) == 14
    assert "dg.industry-commerce" in before - after
    assert "dg.market-regulation" in after - before
    assert before & after == {
        "dg.development-reform",
        "dg.letters-and-calls",
        "dg.finance",
        "dg.housing-construction",
        "dg.transport",
        "dg.water-affairs",
        "dg.sasac",
        "dg.commerce",
    }


_UNIT = """
[[units]]
id = "{id}"
type = "municipal-department"
short_hant = ["{name}"]
name_hans = "{name}全称"
name_hant = "{name}全稱"
name_en = "{id}"
status = "believed"
{extra}
"""


def _write(tmp_path: Path, *units: str) -> Path:
    path = tmp_path / "units.toml"
    path.write_text("".join(units), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("units", "match"),
    [
        (
            [
                _UNIT.format(id="a", name="甲局", extra=""),
                _UNIT.format(id="a", name="乙局", extra=""),
            ],
            "id used twice",
        ),
        (
            [
                _UNIT.format(
                    id="a",
                    name="甲局",
                    extra='valid_until = 2019-01-01\n[[units.successors]]\nto = "b"\n'
                    'kind = "renamed"\ndate = 2019-01-01\nstatus = "believed"',
                )
            ],
            "successor 'b' does not exist",
        ),
        (
            [
                _UNIT.format(
                    id="a",
                    name="甲局",
                    extra="valid_from = 2020-01-01\nvalid_until = 2019-01-01",
                )
            ],
            "is not before valid_until",
        ),
        (
            [
                _UNIT.format(id="a", name="甲局", extra="").replace(
                    "believed", "sourced"
                )
            ],
            "status sourced but no sources",
        ),
        (
            [_UNIT.format(id="a", name="甲局", extra='member_of = ["nobody"]')],
            "member_of 'nobody' does not exist",
        ),
        (
            [
                _UNIT.format(id="a", name="甲局", extra="").replace(
                    "municipal-", "city-"
                )
            ],
            "'city-department' is not a UnitType",
        ),
        (
            [
                _UNIT.format(id="a", name="甲局", extra=""),
                _UNIT.format(id="b", name="甲局", extra=""),
            ],
            "declared by 2 units",
        ),
    ],
)
def test_registry_inconsistent_file_is_refused(
    tmp_path: Path, units: list[str], match: str
) -> None:
    with pytest.raises(RegistryError, match=match) as caught:
        load_registry(_write(tmp_path, *units))
    assert isinstance(caught.value, ValueError)
    assert caught.value.problems


def test_registry_split_gives_one_holder_per_part(tmp_path: Path) -> None:
    change = '[[units.successors]]\nto = "{to}"\nkind = "split-into"\n'
    change += 'date = 2019-01-01\nstatus = "believed"\n'
    path = _write(
        tmp_path,
        _UNIT.format(
            id="a",
            name="甲局",
            extra="valid_until = 2019-01-01\n"
            + change.format(to="b")
            + change.format(to="c"),
        ),
        _UNIT.format(id="b", name="乙局", extra="valid_from = 2019-01-01"),
        _UNIT.format(id="c", name="丙局", extra="valid_from = 2019-01-01"),
    )
    registry = load_registry(path)
    assert [h.unit.id for h in registry.holders("a", dt.date(2019, 1, 1))] == ["b", "c"]
    assert [h.unit.id for h in registry.holders("a", dt.date(2018, 12, 31))] == ["a"]
