"""Reading plan files: bytes to text, with legacy Chinese encodings detected.

Web copies of plans come as UTF-8, GB18030 (GBK) or Big5. A file in one of
those is decoded; a binary file or an empty one is refused with a message
that names the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from integrity_toolkit.errors import DocumentReadError

__all__ = ["decode_plan_bytes", "read_plan_text"]

log = logging.getLogger(__name__)

_LEGACY_ENCODINGS = ("gb18030", "big5")
_BINARY_CONTROL_SHARE = 0.05


def read_plan_text(path: str | Path) -> str:
    """Read a plan file and return its text.

    Parameters
    ----------
    path : str or Path
        A text file in UTF-8, GB18030/GBK or Big5.

    Returns
    -------
    str
        The decoded text.

    Raises
    ------
    DocumentReadError
        The file is missing, a folder, empty, binary, or in no encoding
        this function can decode.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "big5.txt"
    >>> _ = path.write_bytes("一、任務\\n1.甲。(市發改局負責)".encode("big5"))
    >>> read_plan_text(path).splitlines()[1]
    '1.甲。(市發改局負責)'
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentReadError(name, "no such file; check the path") from None
    except IsADirectoryError:
        raise DocumentReadError(name, "is a folder; name a text file") from None
    except OSError as exc:
        raise DocumentReadError(name, f"cannot be read ({exc.strerror})") from None
    return decode_plan_bytes(data, name)


def decode_plan_bytes(data: bytes, source: str = "<bytes>") -> str:
    """Decode the bytes of a plan, detecting GB18030 and Big5.

    Parameters
    ----------
    data : bytes
        The file's bytes: UTF-8 (with or without BOM), GB18030 or Big5.
    source : str, default ``"<bytes>"``
        Where the bytes came from, named in errors and logs.

    Returns
    -------
    str
        The text. Empty or binary data, or bytes no encoding reads, raise
        DocumentReadError.

    Examples
    --------
    >>> decode_plan_bytes("東府〔2018〕124號".encode("big5"))
    '東府〔2018〕124號'
    """
    if not data.strip():
        raise DocumentReadError(
            source,
            "the file is empty; check that this is the plan's file and that its "
            "text was saved in it (for a web page or a PDF, save its text as a "
            ".txt file first)",
        )
    if _looks_binary(data):
        raise DocumentReadError(
            source,
            "looks like binary data, not text; save the plan as plain text "
            "(UTF-8) and try again",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_legacy(data, source)
    log.info("%s: decoded as %s", source, encoding)
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def _decode_legacy(data: bytes, source: str) -> tuple[str, str]:
    """Decode with the legacy encoding that reads most like Chinese text."""
    from charset_normalizer import from_bytes

    candidates: dict[str, str] = {}
    for encoding in _LEGACY_ENCODINGS:
        try:
            candidates[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise DocumentReadError(
            source,
            "is neither UTF-8, GB18030 nor Big5 text; convert it to UTF-8 "
            "(for example with iconv) and try again",
        )
    if len(candidates) == 1:
        return next(iter(candidates.items()))[::-1]

    best = from_bytes(data, cp_isolation=list(candidates)).best()
    if best is not None and best.encoding in candidates:
        return candidates[best.encoding], best.encoding
    return candidates["gb18030"], "gb18030"
