"""Charts find a CJK font even when it was installed after matplotlib's cache."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import pytest
from matplotlib import font_manager

from integrity_toolkit import charts


def test_font_installed_after_the_cache_is_found_in_its_normal_weight(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache written before fonts-noto-cjk was installed knows no CJK face;
    registering only the first file (NotoSansCJK-Bold.ttc sorts first) made
    matplotlib warn on every normal-weight label."""
    system = font_manager.findSystemFonts()
    if not any("notosanscjk" in Path(p).name.lower() for p in system):
        pytest.skip("no Noto Sans CJK here (Debian: apt-get install fonts-noto-cjk)")
    stale = copy.copy(font_manager.fontManager)
    stale.ttflist = [f for f in stale.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    charts._installed_cjk_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="matplotlib"):
            family = charts._installed_cjk_font()
            assert family == "Noto Sans CJK JP"
            path = stale.findfont(
                font_manager.FontProperties(family=family, weight="normal"),
                fallback_to_default=False,
            )
        assert Path(path).name == "NotoSansCJK-Regular.ttc"
        assert not [r for r in caplog.records if r.name.startswith("matplotlib")]
    finally:
        charts._installed_cjk_font.cache_clear()
