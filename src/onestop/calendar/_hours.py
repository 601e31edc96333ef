"""Office sessions: when, on a working day, the one-stop desk is open."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

import attrs
from dateutil.rrule import rrule

from onestop.calendar._facts import DayFact, FactKind, check_day
from onestop.errors import CalendarError

__all__ = ["OfficeHours", "SeasonalHours", "Session", "SpecialSessions"]

_SESSION_TEXT = re.compile(r"^\s*(\d{1,2})[:h](\d{2})\s*[-–]\s*(\d{1,2})[:h](\d{2})\s*$")


def _naive_time(value: object) -> time:
    if not isinstance(value, time):
        raise CalendarError(f"a session bound must be a datetime.time, got {value!r}")
    if value.tzinfo is not None:
        raise CalendarError(
            f"session bound {value} carries a time zone; office hours are local wall-clock "
            "times of Asia/Ho_Chi_Minh, give them without tzinfo"
        )
    return value


@attrs.frozen(order=True)
class Session:
    """One opening period of the office on a day, ``[start, end)`` in local wall-clock time.

    Examples:
        >>> Session.parse("07:30-11:30")
        Session(start=datetime.time(7, 30), end=datetime.time(11, 30))
        >>> Session.parse("13:30-17:00").seconds
        12600
    """

    start: time = attrs.field(converter=_naive_time)
    end: time = attrs.field(converter=_naive_time)

    def __attrs_post_init__(self) -> None:
        if self.start >= self.end:
            raise CalendarError(
                f"session {self.start}-{self.end} ends before it starts; give start < end "
                "(a session cannot run past midnight)"
            )

    @classmethod
    def parse(cls, text: str) -> Session:
        """Read ``"HH:MM-HH:MM"`` (``"7h30-11h30"`` is accepted too)."""
        match = _SESSION_TEXT.match(text)
        if match is None:
            raise CalendarError(f"cannot read session {text!r}; write it as '07:30-11:30'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            return cls(time(h1, m1), time(h2, m2))
        except ValueError as exc:
            if isinstance(exc, CalendarError):
                raise
            raise CalendarError(f"session {text!r} is not a valid time range: {exc}") from None

    @property
    def start_seconds(self) -> int:
        """Seconds from midnight to the opening."""
        return _seconds(self.start)

    @property
    def end_seconds(self) -> int:
        """Seconds from midnight to the closing."""
        return _seconds(self.end)

    @property
    def seconds(self) -> int:
        """Length of the session in seconds."""
        return self.end_seconds - self.start_seconds


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def _sessions(value: Iterable[Session | str]) -> tuple[Session, ...]:
    sessions = tuple(Session.parse(s) if isinstance(s, str) else s for s in value)
    if not sessions:
        raise CalendarError(
            "a working day needs at least one office session; to close the office on a day, "
            "use WorkCalendar.with_closures instead"
        )
    for item in sessions:
        if not isinstance(item, Session):
            raise CalendarError(f"expected Session or 'HH:MM-HH:MM' text, got {item!r}")
    ordered = tuple(sorted(sessions))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise CalendarError(
                f"sessions {before.start}-{before.end} and {after.start}-{after.end} overlap; "
                "give disjoint sessions"
            )
    return ordered


def _months(value: Iterable[int]) -> frozenset[int]:
    months = frozenset(value)
    if not months or not months <= frozenset(range(1, 13)):
        raise CalendarError(f"season months must be a non-empty set of 1..12, got {sorted(months)}")
    return months


@attrs.frozen
class SeasonalHours:
    """Sessions used in some months of the year (summer or winter hours).

    Examples:
        >>> summer = SeasonalHours(months=range(4, 10), sessions=["07:30-11:30", "13:30-17:30"])
        >>> sorted(summer.months)
        [4, 5, 6, 7, 8, 9]
    """

    months: frozenset[int] = attrs.field(converter=_months)
    sessions: tuple[Session, ...] = attrs.field(converter=_sessions)


def _weekday_sessions(
    value: Mapping[int, Sequence[Session | str]],
) -> tuple[tuple[int, tuple[Session, ...]], ...]:
    pairs = []
    for weekday, sessions in value.items():
        if weekday not in range(7):
            raise CalendarError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {weekday!r}")
        pairs.append((weekday, _sessions(sessions)))
    return tuple(sorted(pairs))


def _seasons(value: Iterable[SeasonalHours]) -> tuple[SeasonalHours, ...]:
    return tuple(value)


_STANDARD = ("07:30-11:30", "13:30-17:00")


@attrs.frozen
class OfficeHours:
    """The sessions of each working day.

    For a working day, the sessions are, in order of precedence: the weekday's own sessions
    (``weekday_sessions``, 0 = Monday), else the sessions of the season whose months contain
    the day, else ``sessions``. A make-up Saturday (làm bù) is worked like a weekday: its
    season's sessions (or ``sessions``), unless Saturday has its own entry.

    Office hours are set by each province; the defaults of :meth:`standard` are onestop's
    documented default (rules.md), not a national rule.

    Examples:
        >>> hours = OfficeHours.standard()
        >>> [str(s.start) for s in hours.sessions_on(date(2026, 3, 2))]
        ['07:30:00', '13:30:00']
        >>> hue = OfficeHours.seasonal(
        ...     summer=["07:30-11:30", "13:30-17:30"],
        ...     winter=["07:30-11:30", "13:00-17:00"],
        ... )
        >>> hue.sessions_on(date(2026, 7, 1))[-1].end
        datetime.time(17, 30)
    """

    sessions: tuple[Session, ...] = attrs.field(converter=_sessions)
    seasons: tuple[SeasonalHours, ...] = attrs.field(default=(), converter=_seasons)
    weekday_sessions: tuple[tuple[int, tuple[Session, ...]], ...] = attrs.field(
        default=attrs.Factory(dict), converter=_weekday_sessions
    )

    def __attrs_post_init__(self) -> None:
        seen: set[int] = set()
        for season in self.seasons:
            if not isinstance(season, SeasonalHours):
                raise CalendarError(f"seasons must be SeasonalHours, got {season!r}")
            if seen & season.months:
                raise CalendarError(
                    f"months {sorted(seen & season.months)} belong to two seasons; "
                    "each month may have one seasonal schedule"
                )
            seen |= season.months

    @classmethod
    def standard(cls) -> OfficeHours:
        """07:30–11:30 and 13:30–17:00 every working day (onestop's default, rules.md)."""
        return cls(sessions=_STANDARD)

    @classmethod
    def seasonal(
        cls,
        *,
        summer: Sequence[Session | str],
        winter: Sequence[Session | str],
        summer_months: Iterable[int] = range(4, 10),
    ) -> OfficeHours:
        """Summer hours in ``summer_months`` (April–September by default), winter otherwise.

        The default months follow Huế Decision 4010/QĐ-UBND (from 01/01/2026): summer April
        to September, winter October to March.
        """
        return cls(sessions=winter, seasons=(SeasonalHours(summer_months, summer),))

    def sessions_on(self, day: date) -> tuple[Session, ...]:
        """The sessions of ``day``, assuming it is a working day."""
        weekday = day.weekday()
        for number, sessions in self.weekday_sessions:
            if number == weekday:
                return sessions
        for season in self.seasons:
            if day.month in season.months:
                return season.sessions
        return self.sessions


def _rule_dates(days: rrule | Iterable[date]) -> rrule | tuple[date, ...]:
    if isinstance(days, rrule):
        return days
    result = tuple(days)
    for day in result:
        check_day(day)
    return result


@attrs.frozen(eq=False)
class SpecialSessions:
    """Service sessions held on days that are not working days, such as the first-Sunday
    sessions "Ngày Chủ nhật gần Dân" where a ward receives, settles and returns dossiers on
    the spot.

    By default they do not change statutory deadlines (rules.md: special sessions add
    working sessions for on-the-spot settlement, nothing more); with
    ``counts_toward_deadlines=True`` their days become working days.

    ``days`` is a :class:`dateutil.rrule.rrule` (evaluated lazily, so it may be unbounded) or
    a finite collection of dates.
    """

    name_vi: str
    name_en: str
    source: str
    days: rrule | tuple[date, ...] = attrs.field(converter=_rule_dates)
    sessions: tuple[Session, ...] = attrs.field(
        factory=lambda: OfficeHours.standard().sessions, converter=_sessions
    )
    counts_toward_deadlines: bool = False

    def dates_in(self, first: date, last: date) -> list[date]:
        """The session days within ``[first, last]``."""
        if isinstance(self.days, rrule):
            start = datetime.combine(first, time())
            end = datetime.combine(last, time())
            return [moment.date() for moment in self.days.between(start, end, inc=True)]
        return [day for day in self.days if first <= day <= last]

    def fact(self, day: date) -> DayFact:
        """The explanation fact of one session day."""
        return DayFact(day, FactKind.SPECIAL_SESSION, self.name_vi, self.name_en, self.source)
