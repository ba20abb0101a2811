"""Reading plan files: UTF-8, GB18030 and Big5 decode; other files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import integrity_toolkit as itk
from integrity_toolkit.reading import read_plan_text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_legacy_encodings_are_detected(
    tmp_path: Path, plan_text: str, encoding: str
) -> None:
    # Big5 has no NBSP: the web copy's NBSPs become spaces, as on a Big5 page.
    text = plan_text.replace("\xa0", " ") if encoding == "big5" else plan_text
    path = tmp_path / f"plan.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_plan_text(path) == text


def test_simplified_gb18030_file_parses(tmp_path: Path, hans_text: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(hans_text.encode("gb18030"))
    assert itk.load_plan(path).document.doc_number == "东府〔2018〕124号"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unreadable_files_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(itk.DocumentReadError, match=message) as info:
        read_plan_text(path)
    assert info.value.path == str(path)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(itk.DocumentReadError, match="no such file"):
        read_plan_text(tmp_path / "missing.txt")
    with pytest.raises(itk.DocumentReadError, match="folder"):
        read_plan_text(tmp_path)
