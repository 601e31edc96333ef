"""Moments: the Vietnam time zone and the conversions every working-time query shares."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from onestop.errors import CalendarError

__all__ = ["VIETNAM_TZ", "to_local"]

#: The time zone of every moment onestop returns. Vietnam has kept UTC+7 without daylight
#: saving since 1975, so wall-clock arithmetic within it is exact.
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

US_PER_SECOND = 1_000_000


def at(day: date, microseconds: int) -> datetime:
    """The aware moment ``microseconds`` after local midnight of ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM_TZ) + timedelta(
        microseconds=microseconds
    )


def microseconds_of_day(moment: datetime) -> int:
    """Microseconds from local midnight to ``moment``'s wall-clock time."""
    return (
        moment.hour * 3600 + moment.minute * 60 + moment.second
    ) * US_PER_SECOND + moment.microsecond


def to_local(moment: object) -> datetime:
    """``moment`` in Asia/Ho_Chi_Minh; naive datetimes are refused, not guessed.

    Examples:
        >>> from datetime import timezone
        >>> to_local(datetime(2026, 2, 13, 8, 20, tzinfo=timezone.utc)).isoformat()
        '2026-02-13T15:20:00+07:00'
    """
    if not isinstance(moment, datetime):
        raise CalendarError(f"expected an aware datetime, got {type(moment).__name__} {moment!r}")
    if moment.tzinfo is VIETNAM_TZ:
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CalendarError(
            f"naive datetime {moment.isoformat()} has no time zone; onestop does not guess "
            "one: attach tzinfo=onestop.calendar.VIETNAM_TZ (Asia/Ho_Chi_Minh) or UTC"
        )
    return moment.astimezone(VIETNAM_TZ)
