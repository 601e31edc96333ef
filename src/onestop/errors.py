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

__all__ = ["CalendarError", "OnestopError", "TimingError"]


class OnestopError(Exception):
    """Base class of every error onestop raises on purpose."""


class CalendarError(OnestopError, ValueError):
    """A calendar question that has no answer: a year without official data in strict mode,
    a date outside the supported range, a non-working day where a working day is required,
    or an inconsistent local fact."""


class TimingError(OnestopError, ValueError):
    """A processing time or a receipt moment that cannot be used to compute a deadline: an
    unparseable time-limit text, a naive datetime, an impossible amount."""
