"""The base of the toolkit's vocabularies: enums whose members are their codes."""

from __future__ import annotations

from enum import Enum

__all__ = ["CodeEnum"]


class CodeEnum(str, Enum):
    """A str enum that prints as its code (``lead``, ``complete`` …).

    Python 3.11's ``enum.StrEnum`` does the same; this one also runs on 3.10.

    Examples
    --------
    >>> class Colour(CodeEnum):
    ...     RED = "red"
    >>> str(Colour.RED), f"{Colour.RED}", Colour("red") is Colour.RED
    ('red', 'red', True)
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)
