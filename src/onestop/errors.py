"""The exceptions onestop raises: one hierarchy rooted at :class:`OnestopError`.

Every error says which value was wrong, which rule it broke and what to do about it, so that
a ward desk or a portal can show the message as it is. Errors raised for bad arguments also
derive from :class:`ValueError`, so code that already guards against ``ValueError`` keeps
working.

Examples:
    >>> from onestop.errors import CalendarError, OnestopError
    >>> issubclass(CalendarError, OnestopError)
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CalendarError", "CatalogError", "OnestopError", "Problem", "TimingError"]


class OnestopError(Exception):
    """Base class of every error onestop raises on purpose."""


class CalendarError(OnestopError, ValueError):
    """A calendar question that has no answer: a year without official data in strict mode,
    a date outside the supported range, a non-working day where a working day is required,
    or an inconsistent local fact."""


class TimingError(OnestopError, ValueError):
    """A processing time or a receipt moment that cannot be used to compute a deadline: an
    unparseable time-limit text, a naive datetime, an impossible amount."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a catalog: where it is and which rule it breaks.

    Examples:
        >>> str(Problem("ward.toml", "$.procedure[0].code", "code '1.1' is not a national code"))
        "ward.toml: $.procedure[0].code: code '1.1' is not a national code"
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class CatalogError(OnestopError, ValueError):
    """A procedure catalog that breaks the rules: every problem found is in ``problems``,
    so one run reports them all.

    Examples:
        >>> error = CatalogError([Problem("a.toml", "$.procedure[1]", "duplicate code")])
        >>> print(error)
        1 problem in the catalog:
          a.toml: $.procedure[1]: duplicate code
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the catalog:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))
