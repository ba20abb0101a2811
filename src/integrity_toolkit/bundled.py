"""Plans shipped with the package, readable after a plain ``pip install``."""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

from integrity_toolkit.model import Plan
from integrity_toolkit.parser import parse_plan
from integrity_toolkit.reading import read_plan_text

__all__ = ["BUNDLED_PLAN", "bundled_plan_path", "load_plan"]

#: The reference plan: Dongguan's 2018 plan for government integrity.
BUNDLED_PLAN = "dongguan-2018-124"

_FILES = {BUNDLED_PLAN: "dongguan-2018-124.zh-Hant.txt"}


def bundled_plan_path(name: str = BUNDLED_PLAN) -> Path:
    """The path of a bundled plan's text file.

    Parameters
    ----------
    name : str, default ``BUNDLED_PLAN`` (``"dongguan-2018-124"``)
        The bundled plan's name; an unknown name raises KeyError listing the
        bundled ones.

    Examples
    --------
    >>> bundled_plan_path().name
    'dongguan-2018-124.zh-Hant.txt'
    """
    try:
        filename = _FILES[name]
    except KeyError:
        known = ", ".join(sorted(_FILES))
        raise KeyError(f"no bundled plan {name!r}; bundled plans: {known}") from None
    return Path(str(resources.files("integrity_toolkit") / "plans" / filename))


def load_plan(path: str | Path | None = None) -> Plan:
    """Parse a plan file, or the bundled reference plan when no path is given.

    Parameters
    ----------
    path : str or Path, optional
        A plan's text file (UTF-8, GB18030 or Big5). Without it, the
        bundled 東府〔2018〕124號 is parsed (once per process: a plan is
        immutable, so every call returns the same one).

    Examples
    --------
    >>> plan = load_plan()
    >>> len(plan.tasks), plan.document.date.isoformat()
    (26, '2018-10-08')
    """
    if path is None:
        return _bundled_plan()
    return parse_plan(read_plan_text(path), source=str(path))


@lru_cache(maxsize=1)
def _bundled_plan() -> Plan:
    """The bundled plan, parsed once per process (a Plan never changes).

    Its flaws are known (the plan card counts them, ``plan.repairs`` lists
    them), so their summary is logged at INFO rather than as a warning.
    """
    from integrity_toolkit.parser import _REPAIR_SUMMARY_LEVEL

    target = bundled_plan_path()
    token = _REPAIR_SUMMARY_LEVEL.set(logging.INFO)
    try:
        return parse_plan(read_plan_text(target), source=target.name)
    finally:
        _REPAIR_SUMMARY_LEVEL.reset(token)
