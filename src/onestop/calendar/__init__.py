"""The civil-servant working calendar of Vietnam and exact working-day and working-hour
arithmetic over it.

Examples:
    >>> from datetime import date
    >>> from onestop.calendar import WorkCalendar
    >>> cal = WorkCalendar.vietnam()
    >>> cal.add_working_days(date(2026, 2, 13), 3)
    datetime.date(2026, 2, 25)
"""

from onestop.calendar._calendar import (
    VIETNAM_TZ,
    DayExplanation,
    Direction,
    SpecialSessions,
    WorkCalendar,
    to_local,
)
from onestop.calendar._facts import DayFact, FactKind, Status
from onestop.calendar._hours import OfficeHours, SeasonalHours, Session

__all__ = [
    "VIETNAM_TZ",
    "DayExplanation",
    "DayFact",
    "Direction",
    "FactKind",
    "OfficeHours",
    "SeasonalHours",
    "Session",
    "SpecialSessions",
    "Status",
    "WorkCalendar",
    "to_local",
]
