"""The civil-servant working calendar of Vietnam and exact working-day and working-hour
arithmetic over it.

Examples:
    >>> from datetime import date
    >>> from onestop.calendar import WorkCalendar
    >>> cal = WorkCalendar.vietnam()
    >>> cal.add_working_days(date(2026, 2, 13), 3)
    datetime.date(2026, 2, 25)
"""

from onestop.calendar._calendar import Direction, WorkCalendar
from onestop.calendar._clock import VIETNAM_TZ, to_local
from onestop.calendar._facts import DayExplanation, DayFact, FactKind, Status
from onestop.calendar._hours import OfficeHours, SeasonalHours, Session, SpecialSessions

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
