"""Targets from the plan and from a reviewable file; unknown keys refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import integrity_toolkit as itk
from integrity_toolkit import coverage as cv
from integrity_toolkit.coverage import targets as target_file

TARGET = """
[[target]]
id = "t"
metric = "公務員信用檔案覆蓋率"
numerator = "with a file"
denominator = "in post"
responsible = ["市人力資源局"]

[[target.threshold]]
date = 2020-12-31
value = 100
reference = "東府〔2018〕124號 二(二)3"

[[target.threshold]]
date = 2015-12-31
value = 85
reference = "provincial plan"
"""


def test_targets_from_plan_the_one_quantified_target(plan: itk.Plan) -> None:
    """二(二)3: 到2020年,公務員信用檔案覆蓋率達到100% (市人力資源局負責)."""
    (target,) = cv.targets_from_plan(plan)
    assert target.metric == "公務員信用檔案覆蓋率"
    assert target.thresholds == (
        cv.Threshold(dt.date(2020, 12, 31), 100.0, "東府〔2018〕124號 clause 2.2.3-c"),
    )
    assert target.responsible == ("市人力資源局",)
    assert target.denominator == target_file.DENOMINATOR


def test_read_targets_bundled_provincial_path() -> None:
    (target,) = cv.read_targets(target_file._BUNDLED)
    assert [(t.date, t.value) for t in target.thresholds] == [
        (dt.date(2015, 12, 31), 85.0),
        (dt.date(2020, 12, 31), 100.0),
    ]
    assert target.deadline.value == 100.0


def test_read_targets_sorts_thresholds_by_date(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(TARGET, encoding="utf-8")
    (target,) = cv.read_targets(path)
    assert [t.value for t in target.thresholds] == [85.0, 100.0]
    assert target.source.startswith(str(path))


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            'numerator = "with a file"',
            'numerater = "with a file"',
            "unknown key 'numerater'",
        ),
        ('reference = "provincial plan"', 'ref = "x"', "unknown key 'ref'"),
        ('reference = "provincial plan"', 'ref = "x"', "missing key 'reference'"),
        ("date = 2015-12-31", "date = 2015-12-30", "not a month end"),
        ("value = 85", "value = 185", "not a percentage"),
        ('id = "t"', 'id = "t"\nowner = "me"', "unknown key 'owner'"),
        ("[[target]]", "colour = 1\n[[target]]", "unknown top-level key 'colour'"),
        ('responsible = ["市人力資源局"]', 'responsible = "市人力資源局"', "a list"),
    ],
)
def test_read_targets_bad_file_refused(
    tmp_path: Path, old: str, new: str, match: str
) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(TARGET.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(cv.TargetFileError, match=match) as caught:
        cv.read_targets(path)
    assert str(path) in str(caught.value)


def test_read_targets_not_toml_refused(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text("[[target]\n", encoding="utf-8")
    with pytest.raises(cv.TargetFileError, match="cannot read it as TOML"):
        cv.read_targets(path)


def test_default_targets_plan_first_then_file() -> None:
    targets = cv.default_targets()
    assert [t.deadline.date for t in targets] == [dt.date(2020, 12, 31)] * 2
    assert len(targets[1].thresholds) == 2
