"""``WorkCalendar``: which days and hours a ward office works, and arithmetic over them."""

from __future__ import annotations

import enum
import functools
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, Literal

import attrs
from dateutil.rrule import MONTHLY, SU, rrule

from onestop.calendar._clock import (
    US_PER_SECOND,
    VIETNAM_TZ,
    at,
    microseconds_of_day,
    to_local,
)
from onestop.calendar._facts import (
    FIRST_YEAR,
    LAST_YEAR,
    WEEK_SOURCE,
    WEEKDAYS_EN,
    WEEKDAYS_VI,
    DayExplanation,
    DayFact,
    FactKind,
    Status,
    YearFacts,
    check_day,
    check_year,
    estimated_year,
    official_overlay,
    parse_overlay,
)
from onestop.calendar._hours import OfficeHours, Session, SpecialSessions
from onestop.calendar._index import DayIndex, DaySessions
from onestop.errors import CalendarError

__all__ = ["Direction", "WorkCalendar"]

_ONE_DAY = timedelta(days=1)
# Years added around a query when the index is first built or extended, so that deadlines
# near a year boundary do not rebuild it.
_MARGIN_BEFORE = 1
_MARGIN_AFTER = 2


class Direction(enum.StrEnum):
    """Which way :meth:`WorkCalendar.roll` moves a non-working day."""

    FORWARD = "forward"
    BACKWARD = "backward"


class _State:
    """What a calendar computes lazily: its index (replaced whole when it must cover more
    years) and the special-session days of each year. Both follow from the calendar's
    immutable facts, so filling them never changes an answer."""

    __slots__ = ("index", "specials")

    def __init__(self) -> None:
        self.index: DayIndex | None = None
        self.specials: dict[int, dict[date, SpecialSessions]] = {}


def _check_steps(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise CalendarError(f"the number of working days must be an int, got {n!r}")
    return n


def _frozen(mapping: Mapping[date, DayFact]) -> Mapping[date, DayFact]:
    return MappingProxyType(dict(mapping))


#: Session days of one series taken out of a calendar: the series, and the first and last day
#: of the window (``None``: unbounded on that side).
_Removal = tuple[SpecialSessions, date | None, date | None]


def _label(special: SpecialSessions) -> str:
    return f"{special.name_vi!r} ({special.name_en}; {special.source})"


def _removed_on(removed: tuple[_Removal, ...], special: SpecialSessions, day: date) -> bool:
    return any(
        series is special and (first is None or first <= day) and (last is None or day <= last)
        for series, first, last in removed
    )


@attrs.frozen(eq=False)
class WorkCalendar:
    """The working calendar of one office: national rules plus local facts.

    A calendar is immutable: :meth:`with_closures`, :meth:`with_workdays`,
    :meth:`with_special_sessions`, :meth:`without_special_sessions` and
    :meth:`with_office_hours` return new calendars. Queries
    are answered from dense per-day tables built lazily for the years asked about, in constant
    time (working-time queries use one binary search over those tables).

    Conventions (documented in the "conventions" page, pinned by property tests):

    * ``add_working_days(day, n)`` for ``n >= 1`` is the n-th working day strictly after
      ``day`` (Civil Code 2015 art. 147: the first day is not counted); for ``n <= -1`` the
      ``|n|``-th working day strictly before; ``n == 0`` is ``day`` if it is worked.
    * ``working_days_between(start, end)`` counts the half-open ``[start, end)``.

    References:
        Decision 188/1999/QĐ-TTg (Saturday and Sunday off); Labour Code 2019 (Law
        45/2019/QH14) arts. 111(3), 112; the yearly Government Office dispatches listed in
        the official overlay.

    Examples:
        >>> cal = WorkCalendar.vietnam()
        >>> cal.is_working_day(date(2026, 1, 2)), cal.is_working_day(date(2026, 1, 10))
        (False, True)
        >>> cal.add_working_days(date(2026, 2, 13), 3)
        datetime.date(2026, 2, 25)
        >>> cal.working_days_between(date(2026, 2, 13), date(2026, 2, 25))
        3
    """

    name: str
    strict: bool
    _overlay: Mapping[int, YearFacts] = attrs.field(repr=False)
    _office_hours: tuple[tuple[date | None, OfficeHours], ...] = attrs.field(repr=False)
    _closures: Mapping[date, DayFact] = attrs.field(factory=dict, converter=_frozen, repr=False)
    _workdays: Mapping[date, DayFact] = attrs.field(factory=dict, converter=_frozen, repr=False)
    _specials: tuple[SpecialSessions, ...] = attrs.field(default=(), repr=False)
    #: Windows of session days taken out of a series still in ``_specials``.
    _removed: tuple[_Removal, ...] = attrs.field(default=(), repr=False)
    _state: _State = attrs.field(init=False, factory=_State, repr=False)

    # ------------------------------------------------------------------ construction

    @classmethod
    def vietnam(
        cls, *, strict: bool = False, office_hours: OfficeHours | None = None
    ) -> WorkCalendar:
        """The national civil-servant calendar.

        Years in the official overlay (2018–2026 as shipped) follow the Government's
        announcements exactly; other years are computed from the Labour-Code rules and
        marked estimated. With ``strict=True`` any query touching a year without a confirmed
        overlay raises :class:`~onestop.errors.CalendarError` instead.

        Examples:
            >>> WorkCalendar.vietnam(strict=True).is_working_day(date(2031, 1, 6))
            Traceback (most recent call last):
            ...
            onestop.errors.CalendarError: no confirmed official calendar for 2031 (confirmed: 2018..2026); load an overlay for 2031 or pass strict=False to use estimated days
        """
        hours = OfficeHours.standard() if office_hours is None else office_hours
        if not isinstance(hours, OfficeHours):
            raise CalendarError(f"office_hours must be OfficeHours, got {hours!r}")
        return _national(strict, hours)

    def with_overlay(self, text: str) -> WorkCalendar:
        """A calendar whose official overlay also holds the years of ``text``, a TOML
        document in the format of the shipped overlay (``format = 1`` and ``[[year]]``
        tables, see the calendar-data page); a year already known is replaced. This is how a
        ward uses next year's announcement before onestop ships it.

        Examples:
            >>> cal = WorkCalendar.vietnam(strict=True).with_overlay('''
            ... format = 1
            ... [[year]]
            ... year = 2027
            ... status = "confirmed"
            ... sources = ["Công văn ... của Văn phòng Chính phủ"]
            ... [[year.days_off]]
            ... date = 2027-01-01
            ... kind = "holiday"
            ... vi = "Tết Dương lịch"
            ... en = "New Year's Day"
            ... source = "Công văn ... của Văn phòng Chính phủ"
            ... ''')
            >>> cal.is_working_day(date(2027, 1, 1)), cal.year_status(2027).value
            (False, 'confirmed')
        """
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise CalendarError(f"the overlay is not valid TOML: {error}") from None
        return attrs.evolve(self, overlay={**self._overlay, **parse_overlay(document)})

    def with_closures(
        self, closures: Mapping[date, str], *, source: str | None = None
    ) -> WorkCalendar:
        """A calendar where the office is closed on the given days (storm, force majeure).

        Each value is the reason; ``source`` names the decision (by default the reason, which
        should then cite it).

        Examples:
            >>> cal = WorkCalendar.vietnam().with_closures(
            ...     {date(2025, 10, 28): "Bão số 12"}, source="Công điện của UBND thành phố"
            ... )
            >>> cal.is_working_day(date(2025, 10, 28))
            False
        """
        facts = self._local_facts(closures, FactKind.CLOSURE, source)
        clash = sorted(set(facts) & set(self._workdays))
        if clash:
            raise CalendarError(
                f"{clash[0]} is already a local working day; a day cannot be both closed and "
                "worked: build the calendar from a base without that working day"
            )
        return attrs.evolve(self, closures={**self._closures, **facts})

    def with_workdays(
        self, workdays: Mapping[date, str], *, source: str | None = None
    ) -> WorkCalendar:
        """A calendar where the office also works the given days (local decisions).

        Examples:
            >>> cal = WorkCalendar.vietnam().with_workdays(
            ...     {date(2026, 3, 7): "Làm việc thứ Bảy"}, source="Quyết định của UBND phường"
            ... )
            >>> cal.is_working_day(date(2026, 3, 7))
            True
        """
        facts = self._local_facts(workdays, FactKind.LOCAL_WORKDAY, source)
        clash = sorted(set(facts) & set(self._closures))
        if clash:
            raise CalendarError(
                f"{clash[0]} is already a local closure; a day cannot be both closed and "
                "worked: build the calendar from a base without that closure"
            )
        return attrs.evolve(self, workdays={**self._workdays, **facts})

    def with_special_sessions(self, sessions: SpecialSessions) -> WorkCalendar:
        """A calendar with extra service sessions (see :class:`SpecialSessions`)."""
        if not isinstance(sessions, SpecialSessions):
            raise CalendarError(f"expected SpecialSessions, got {sessions!r}")
        return attrs.evolve(self, specials=(*self._specials, sessions))

    @property
    def special_sessions(self) -> tuple[SpecialSessions, ...]:
        """The series of special sessions of this calendar, in the order they were added (a
        later series decides a day two series share).

        Examples:
            >>> cal = WorkCalendar.vietnam().with_first_sunday_sessions(
            ...     start=date(2024, 1, 1), source="Kế hoạch của UBND phường An Khê")
            >>> [series.name_vi for series in cal.special_sessions]
            ['Ngày Chủ nhật gần Dân']
        """
        return self._specials

    def without_special_sessions(
        self,
        sessions: SpecialSessions | str | None = None,
        *,
        start: date | None = None,
        until: date | None = None,
    ) -> WorkCalendar:
        """A calendar without some of its special sessions.

        ``sessions`` chooses the series: a :class:`SpecialSessions` value given to
        :meth:`with_special_sessions` (the very value: series compare by identity, two series
        with the same days are still two), a name (every series whose ``name_vi`` or
        ``name_en`` it is, e.g. ``"Ngày Chủ nhật gần Dân"``), or ``None`` for every series.

        Without ``start`` and ``until`` the chosen series are taken out whole, so adding a
        series and removing it gives back a calendar that answers every question as before.
        With them, only the session days from ``start`` to ``until`` (both included; either
        may be left out for an open window) are taken out, and the series stays on the
        other days. A day another series also holds keeps that series' sessions.

        Raises :class:`~onestop.errors.CalendarError` when nothing chosen is there: a series
        the calendar does not hold, or a window without a session day left in it.

        Examples:
            >>> cal = WorkCalendar.vietnam().with_first_sunday_sessions(
            ...     start=date(2024, 1, 1), source="Kế hoạch của UBND phường An Khê")
            >>> [str(s.start) for s in cal.sessions(date(2026, 3, 1))]
            ['07:30:00']
            >>> cal.without_special_sessions("Ngày Chủ nhật gần Dân").sessions(date(2026, 3, 1))
            ()
            >>> summer = cal.without_special_sessions(start=date(2026, 6, 1), until=date(2026, 8, 31))
            >>> summer.sessions(date(2026, 7, 5)), len(summer.sessions(date(2026, 9, 6)))
            ((), 1)
            >>> WorkCalendar.vietnam().without_special_sessions("Ngày Chủ nhật gần Dân")
            Traceback (most recent call last):
            ...
            onestop.errors.CalendarError: calendar 'Vietnam (civil servants)' has no special sessions named 'Ngày Chủ nhật gần Dân'; it has none: nothing to remove
        """
        chosen = self._chosen_series(sessions)
        if start is not None:
            check_day(start)
        if until is not None:
            check_day(until)
        if start is not None and until is not None and until < start:
            raise CalendarError(
                f"the window to remove special sessions from ends ({until}) before it starts "
                f"({start}); give start <= until"
            )
        if start is None and until is None:
            return attrs.evolve(
                self,
                specials=tuple(s for s in self._specials if all(s is not c for c in chosen)),
                removed=tuple(r for r in self._removed if all(r[0] is not c for c in chosen)),
            )
        if not any(self._holds_a_day(series, start, until) for series in chosen):
            window = f"{start or '(open)'}..{until or '(open)'}"
            names = ", ".join(_label(series) for series in chosen)
            raise CalendarError(
                f"no session day of {names} is left in {window} in calendar {self.name!r}: "
                "nothing to remove; check the window against the series' days"
            )
        return attrs.evolve(
            self, removed=(*self._removed, *((series, start, until) for series in chosen))
        )

    def _chosen_series(self, sessions: object) -> tuple[SpecialSessions, ...]:
        """The series of this calendar that ``sessions`` (a value, a name or ``None``)
        chooses; :class:`CalendarError` when none is."""
        held = self._specials
        listed = ", ".join(_label(series) for series in held) if held else "none"
        if sessions is None:
            chosen = held
            wanted = "special sessions"
        elif isinstance(sessions, SpecialSessions):
            chosen = tuple(series for series in held if series is sessions)
            wanted = f"the special sessions {_label(sessions)}"
        elif isinstance(sessions, str) and sessions.strip():
            name = sessions.strip()
            chosen = tuple(series for series in held if name in (series.name_vi, series.name_en))
            wanted = f"special sessions named {name!r}"
        else:
            raise CalendarError(
                "choose the special sessions to remove by their SpecialSessions value, by "
                f"their name, or None for all of them; got {sessions!r}"
            )
        if not chosen:
            raise CalendarError(
                f"calendar {self.name!r} has no {wanted}; it has {listed}: nothing to remove"
            )
        return chosen

    def _holds_a_day(self, series: SpecialSessions, start: date | None, until: date | None) -> bool:
        """Whether ``series`` still holds a session day in ``[start, until]`` (open sides run
        to the supported years' ends)."""
        first = date(FIRST_YEAR, 1, 1) if start is None else start
        last = date(LAST_YEAR, 12, 31) if until is None else until
        if isinstance(series.days, rrule):
            days: Iterable[date] = (
                moment.date()
                for moment in series.days.xafter(datetime.combine(first, time()), inc=True)
            )
        else:
            days = sorted(day for day in series.days if first <= day)
        for day in days:
            if day > last:
                return False
            if not _removed_on(self._removed, series, day):
                return True
        return False

    def with_first_sunday_sessions(
        self,
        *,
        start: date,
        until: date | None = None,
        sessions: Sequence[Session | str] = ("07:30-11:30",),
        source: str,
        counts_toward_deadlines: bool = False,
    ) -> WorkCalendar:
        """Sessions on the first Sunday of every month ("Ngày Chủ nhật gần Dân").

        The hours are a parameter: no source gives them (rules.md); the default is one morning
        session.

        Examples:
            >>> cal = WorkCalendar.vietnam().with_first_sunday_sessions(
            ...     start=date(2024, 1, 1), source="Kế hoạch của UBND phường An Khê"
            ... )
            >>> [str(s.start) for s in cal.sessions(date(2026, 3, 1))]
            ['07:30:00']
            >>> cal.is_working_day(date(2026, 3, 1))
            False
        """
        check_day(start)
        if until is not None:
            check_day(until)
        rule = rrule(
            MONTHLY,
            byweekday=SU(+1),
            dtstart=datetime.combine(start, time()),
            until=None if until is None else datetime.combine(until, time()),
        )
        return self.with_special_sessions(
            SpecialSessions(
                name_vi="Ngày Chủ nhật gần Dân",
                name_en="Sunday service session (first Sunday of the month)",
                source=source,
                days=rule,
                sessions=sessions,
                counts_toward_deadlines=counts_toward_deadlines,
            )
        )

    def with_office_hours(
        self, hours: OfficeHours, *, effective_from: date | None = None
    ) -> WorkCalendar:
        """A calendar whose office hours change to ``hours`` from ``effective_from`` (or
        always, when omitted).

        Examples:
            >>> hue = WorkCalendar.vietnam().with_office_hours(
            ...     OfficeHours.seasonal(summer=["07:30-11:30", "13:30-17:30"],
            ...                          winter=["07:30-11:30", "13:00-17:00"]),
            ...     effective_from=date(2026, 1, 1),
            ... )
            >>> hue.closing_time(date(2026, 6, 1)).time(), hue.closing_time(date(2025, 6, 2)).time()
            (datetime.time(17, 30), datetime.time(17, 0))
        """
        if not isinstance(hours, OfficeHours):
            raise CalendarError(f"expected OfficeHours, got {hours!r}")
        if effective_from is None:
            schedule: tuple[tuple[date | None, OfficeHours], ...] = ((None, hours),)
        else:
            check_day(effective_from)
            kept = [
                (start, h)
                for start, h in self._office_hours
                if start is None or start < effective_from
            ]
            schedule = (*kept, (effective_from, hours))
        return attrs.evolve(self, office_hours=schedule)

    def _local_facts(
        self, entries: Mapping[date, str], kind: FactKind, source: str | None
    ) -> dict[date, DayFact]:
        if not isinstance(entries, Mapping):
            raise CalendarError(
                f"expected a mapping of date to reason, got {type(entries).__name__}"
            )
        facts = {}
        for day, reason in entries.items():
            check_day(day)
            if not isinstance(reason, str) or not reason.strip():
                raise CalendarError(f"{day}: give the reason as non-empty text, got {reason!r}")
            facts[day] = DayFact(day, kind, reason, reason, source or reason)
        return facts

    # ------------------------------------------------------------------ facts

    def _year(self, year: int) -> YearFacts:
        facts = self._overlay.get(year)
        if facts is not None and facts.status is Status.CONFIRMED:
            return facts
        if self.strict:
            confirmed = sorted(y for y, f in self._overlay.items() if f.status is Status.CONFIRMED)
            span = f"{confirmed[0]}..{confirmed[-1]}" if confirmed else "none"
            raise CalendarError(
                f"no confirmed official calendar for {year} (confirmed: {span}); load an "
                f"overlay for {year} or pass strict=False to use estimated days"
            )
        return facts if facts is not None else estimated_year(year)

    def _special_on(self, day: date) -> SpecialSessions | None:
        by_day = self._state.specials.get(day.year)
        if by_day is None:
            by_day = {}
            for special in self._specials:
                for session_day in special.dates_in(date(day.year, 1, 1), date(day.year, 12, 31)):
                    if not _removed_on(self._removed, special, session_day):
                        by_day[session_day] = special
            self._state.specials[day.year] = by_day
        return by_day.get(day)

    def _hours_on(self, day: date) -> OfficeHours:
        current = self._office_hours[0][1]
        for start, hours in self._office_hours:
            if start is None or start <= day:
                current = hours
        return current

    def _decide(self, day: date) -> tuple[bool, bool, tuple[DayFact, ...], tuple[Session, ...]]:
        """Whether ``day`` is worked, whether that is estimated, the facts (deciding fact
        first) and the working sessions. The one place where precedence is decided:
        local closure > local working day > counted special session > official overlay >
        the week of Decision 188/1999/QĐ-TTg."""
        year = self._year(day.year)
        official = year.official(day)
        weekend = day.weekday() >= 5
        week_fact = DayFact(
            day,
            FactKind.WEEKEND if weekend else FactKind.WEEKDAY,
            f"Ngày nghỉ hằng tuần ({WEEKDAYS_VI[day.weekday()]})"
            if weekend
            else "Ngày làm việc trong tuần",
            f"Weekly rest day ({WEEKDAYS_EN[day.weekday()]})" if weekend else "Weekday",
            WEEK_SOURCE,
            year.status,
        )
        special = self._special_on(day)
        special_fact = None if special is None else special.fact(day)
        counted_special = (
            special_fact if special is not None and special.counts_toward_deadlines else None
        )
        deciding = [
            fact
            for fact in (
                self._closures.get(day),
                self._workdays.get(day),
                counted_special,
                official,
            )
            if fact is not None
        ]
        if weekend or not deciding:
            # A weekday is only worth naming when nothing else decides the day.
            deciding.append(week_fact)
        decisive = deciding[0]
        facts = list(deciding)
        if special_fact is not None and counted_special is None:
            # An uncounted session opens the office without making the day a working day.
            facts.insert(1, special_fact)
        worked = decisive.kind.works
        estimated = year.status is Status.ESTIMATED or (
            official is not None and official.status is Status.ESTIMATED
        )
        if not worked:
            sessions: tuple[Session, ...] = ()
        elif decisive.kind is FactKind.SPECIAL_SESSION and special is not None:
            sessions = special.sessions
        else:
            sessions = self._hours_on(day).sessions_on(day)
        return worked, estimated, tuple(facts), sessions

    def explain(self, day: date) -> DayExplanation:
        """Why ``day`` is or is not worked, in Vietnamese and English, with sources.

        Examples:
            >>> print(WorkCalendar.vietnam().explain(date(2026, 2, 17)))
            Thứ Ba 17/02/2026: ngày nghỉ. Nghỉ Tết Nguyên Đán (khoản 1 Điều 112 Bộ luật Lao động 2019)
            Tuesday 17/02/2026: not a working day. Lunar New Year holiday (Labour Code 2019 art. 112(1))
        """
        check_day(day)
        worked, estimated, facts, _ = self._decide(day)
        return DayExplanation(day, worked, facts, estimated)

    def facts(self, year: int) -> tuple[DayFact, ...]:
        """Every non-routine fact of ``year``, in date order: weekdays off, worked weekend
        days, closures, local working days and special sessions.

        Examples:
            >>> [f"{f.day:%d/%m} {f.kind.value}" for f in WorkCalendar.vietnam().facts(2026)][:3]
            ['01/01 holiday', '02/01 swap', '10/01 make_up']
        """
        check_year(year)
        found: list[DayFact] = []
        day = date(year, 1, 1)
        while day.year == year:
            worked, _, facts, _ = self._decide(day)
            routine = facts[0].kind is (FactKind.WEEKDAY if worked else FactKind.WEEKEND)
            if not routine or (len(facts) > 1 and facts[1].kind is FactKind.SPECIAL_SESSION):
                found.extend(
                    fact for fact in facts if fact.kind not in (FactKind.WEEKDAY, FactKind.WEEKEND)
                )
            day += _ONE_DAY
        return tuple(found)

    def year_status(self, year: int) -> Status:
        """Whether ``year`` rests on a confirmed official calendar or on estimates.

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.year_status(2026), cal.year_status(2027)
            (<Status.CONFIRMED: 'confirmed'>, <Status.ESTIMATED: 'estimated'>)
        """
        return self._year(check_year(year)).status

    def sessions(self, day: date) -> tuple[Session, ...]:
        """The office sessions of ``day``: its working sessions on a working day, the special
        sessions on a special-session day, nothing otherwise."""
        check_day(day)
        worked, _, facts, sessions = self._decide(day)
        if worked:
            return sessions
        if facts[0].kind is not FactKind.CLOSURE:
            special = self._special_on(day)
            if special is not None:
                return special.sessions
        return ()

    # ------------------------------------------------------------------ the index

    def _bounds(self, year: int) -> tuple[int, int]:
        """The widest span of years around ``year`` this calendar can index."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CalendarError(
                f"year {year} is outside the supported years {FIRST_YEAR}..{LAST_YEAR}"
            )
        if not self.strict:
            return FIRST_YEAR, LAST_YEAR
        self._year(year)  # raises for a year without confirmed overlay
        first = last = year
        while self._confirmed(first - 1):
            first -= 1
        while self._confirmed(last + 1):
            last += 1
        return first, last

    def _confirmed(self, year: int) -> bool:
        facts = self._overlay.get(year)
        return facts is not None and facts.status is Status.CONFIRMED

    def _index(self, first_year: int, last_year: int) -> DayIndex:
        """An index covering ``first_year..last_year``, extending the current one if needed."""
        current = self._state.index
        if (
            current is not None
            and current.first_year <= first_year
            and last_year <= current.last_year
        ):
            return current
        low, high = self._bounds(first_year)
        if last_year > high:
            self._bounds(high + 1)  # raises the precise error for the first missing year
        first, last = max(low, first_year - _MARGIN_BEFORE), min(high, last_year + _MARGIN_AFTER)
        if current is not None and low <= current.first_year and current.last_year <= high:
            first, last = min(first, current.first_year), max(last, current.last_year)
        index = DayIndex(first, last, self._status_us)
        self._state.index = index
        return index

    def _status_us(self, day: date) -> tuple[bool, bool, DaySessions]:
        worked, estimated, _, sessions = self._decide(day)
        return (
            worked,
            estimated,
            tuple(
                (s.start_seconds * US_PER_SECOND, s.end_seconds * US_PER_SECOND) for s in sessions
            ),
        )

    def _locate(self, day: object) -> tuple[DayIndex, int]:
        checked = check_day(day)
        index = self._index(checked.year, checked.year)
        return index, checked.toordinal() - index.origin

    def _extend(self, index: DayIndex, forward: bool) -> DayIndex:
        """A wider index, one step further in the direction a query ran out of; at the edge of
        what this calendar can index, the error names the first year beyond it."""
        low, high = self._bounds(index.first_year)
        span = index.last_year - index.first_year + 1
        if forward:
            if index.last_year >= LAST_YEAR:
                raise CalendarError(
                    f"the result lies after {LAST_YEAR}, beyond the supported years "
                    f"{FIRST_YEAR}..{LAST_YEAR}"
                )
            if index.last_year >= high:
                self._bounds(high + 1)  # raises: the first year without a confirmed overlay
            return self._index(index.first_year, min(high, index.last_year + span))
        if index.first_year <= FIRST_YEAR:
            raise CalendarError(
                f"the result lies before {FIRST_YEAR}, beyond the supported years "
                f"{FIRST_YEAR}..{LAST_YEAR}"
            )
        if index.first_year <= low:
            self._bounds(low - 1)  # raises: the last year without a confirmed overlay
        return self._index(max(low, index.first_year - span), index.last_year)

    # ------------------------------------------------------------------ days

    def is_working_day(self, day: date) -> bool:
        """Whether the office works ``day`` (deadlines count it).

        Examples:
            >>> WorkCalendar.vietnam().is_working_day(date(2026, 9, 2))
            False
        """
        index = self._state.index
        if index is not None and day.__class__ is date:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                return index.worked[i] == 1
        index, i = self._locate(day)
        return index.worked[i] == 1

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (``n >= 1``), strictly before it
        (``n <= -1``), or ``day`` itself when ``n == 0`` and ``day`` is worked.

        The first day is not counted (Civil Code 2015 art. 147), so ``day`` may be any day,
        worked or not.

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.add_working_days(date(2026, 8, 28), 1)  # 29/8-2/9 off, Sat 22/8 made up
            datetime.date(2026, 9, 3)
            >>> cal.add_working_days(date(2026, 9, 3), -1)
            datetime.date(2026, 8, 28)
        """
        index = self._state.index
        if index is not None and day.__class__ is date and n.__class__ is int:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                if n > 0:
                    k = index.rank[i + 1] + n - 1
                    if k < index.count:
                        return index.nth[k]
                elif n < 0:
                    k = index.rank[i] + n
                    if k >= 0:
                        return index.nth[k]
        return self._add_working_days(day, n)

    def _add_working_days(self, day: object, n: object) -> date:
        steps = _check_steps(n)
        index, i = self._locate(day)
        if steps == 0:
            if index.worked[i]:
                return index.nth[index.rank[i]]
            raise CalendarError(
                f"add_working_days({day}, 0): {day} is not a working day, so 0 working days "
                "from it is undefined; roll it first (cal.roll(day, 'forward'))"
            )
        while True:
            k = index.rank[i + 1] + steps - 1 if steps > 0 else index.rank[i] + steps
            if 0 <= k < index.count:
                return index.nth[k]
            old_origin = index.origin
            index = self._extend(index, forward=steps > 0)
            i += old_origin - index.origin

    def roll(
        self, day: date, direction: Direction | Literal["forward", "backward"] = "forward"
    ) -> date:
        """``day`` if it is worked, else the nearest working day after it (``"forward"``) or
        before it (``"backward"``).

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.roll(date(2026, 2, 14), "forward"), cal.roll(date(2026, 2, 14), "backward")
            (datetime.date(2026, 2, 23), datetime.date(2026, 2, 13))
        """
        try:
            way = Direction(direction)
        except ValueError:
            raise CalendarError(
                f"direction must be 'forward' or 'backward', got {direction!r}"
            ) from None
        index, i = self._locate(day)
        if index.worked[i]:
            return day
        return self._add_working_days(day, 1 if way is Direction.FORWARD else -1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open ``[start, end)``; negative when ``end < start``.

        Examples:
            >>> WorkCalendar.vietnam().working_days_between(date(2026, 1, 1), date(2027, 1, 1))
            249
        """
        index = self._state.index
        if index is not None and start.__class__ is date and end.__class__ is date:
            i = start.toordinal() - index.origin
            j = end.toordinal() - index.origin
            if 0 <= i <= index.size and 0 <= j <= index.size:
                return index.rank[j] - index.rank[i]
        for bound in (start, end):
            if isinstance(bound, datetime) or not isinstance(bound, date):
                check_day(bound)  # raises the error for a wrong type
        first, last = sorted((start, end))
        # [first, last) never includes its later bound, which may even be 1 January after the
        # last supported year: only the days inside are checked and indexed.
        last_included = check_day(max(first, last - _ONE_DAY)) if last > first else first
        check_day(first)
        index = self._index(first.year, last_included.year)
        return (
            index.rank[end.toordinal() - index.origin]
            - index.rank[start.toordinal() - index.origin]
        )

    def rests_on_estimates(self, first: date, last: date) -> bool:
        """Whether any day of ``[first, last]`` rests on an estimated fact (a year without a
        confirmed overlay, or an entry still pending, such as 24/11/2026).

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.rests_on_estimates(date(2026, 2, 1), date(2026, 3, 1))
            False
            >>> cal.rests_on_estimates(date(2026, 11, 20), date(2026, 11, 30))
            True
        """
        index = self._state.index
        if index is not None and first.__class__ is date and last.__class__ is date:
            i, j = first.toordinal() - index.origin, last.toordinal() - index.origin
            if i > j:
                i, j = j, i
            if i >= 0 and j < index.size:
                return index.estimated_rank[j + 1] > index.estimated_rank[i]
        low, high = sorted((check_day(first), check_day(last)))
        index = self._index(low.year, high.year)
        i, j = low.toordinal() - index.origin, high.toordinal() - index.origin
        return index.estimated_rank[j + 1] > index.estimated_rank[i]

    # ------------------------------------------------------------------ hours

    def opening_time(self, day: date) -> datetime:
        """Start of the first working session of working day ``day``.

        Examples:
            >>> WorkCalendar.vietnam().opening_time(date(2026, 2, 25)).isoformat()
            '2026-02-25T07:30:00+07:00'
        """
        index = self._state.index
        if index is not None and day.__class__ is date:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                found = index.opening[i]
                if found is not None:
                    return found  # type: ignore[no-any-return]
        index, i = self._working(day)
        index.opening[i] = moment = at(day, index.sessions[i][0][0])
        return moment

    def closing_time(self, day: date) -> datetime:
        """End of the last working session of working day ``day``: the time a deadline
        falling on that day expires by default (rules.md).

        Examples:
            >>> WorkCalendar.vietnam().closing_time(date(2026, 2, 25)).isoformat()
            '2026-02-25T17:00:00+07:00'
        """
        index = self._state.index
        if index is not None and day.__class__ is date:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                found = index.closing[i]
                if found is not None:
                    return found  # type: ignore[no-any-return]
        index, i = self._working(day)
        index.closing[i] = moment = at(day, index.sessions[i][-1][1])
        return moment

    def _working(self, day: date) -> tuple[DayIndex, int]:
        index, i = self._locate(day)
        if not index.worked[i]:
            raise CalendarError(f"{day} is not a working day: {self.explain(day).en}")
        return index, i

    def roll_to_session(self, moment: datetime) -> datetime:
        """``moment`` if the office is then in a working session, else the opening of the next
        working session (the lunch break, evenings and non-working days are skipped).

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.roll_to_session(datetime(2026, 2, 13, 12, 0, tzinfo=VIETNAM_TZ)).time()
            datetime.time(13, 30)
            >>> cal.roll_to_session(datetime(2026, 2, 13, 17, 0, tzinfo=VIETNAM_TZ)).date()
            datetime.date(2026, 2, 23)
        """
        local = (
            moment
            if moment.__class__ is datetime and moment.tzinfo is VIETNAM_TZ
            else to_local(moment)
        )
        day = local.date()
        index = self._state.index
        i = -1 if index is None else day.toordinal() - index.origin
        if index is None or not 0 <= i < index.size:
            index, i = self._locate(day)
        sessions = index.sessions[i]
        if sessions:
            # Inlined microseconds_of_day: this runs once per deadline.
            now = (
                local.hour * 3600 + local.minute * 60 + local.second
            ) * US_PER_SECOND + local.microsecond
            if now < sessions[0][0]:
                return self.opening_time(day)
            for start, end in sessions:
                if now < start:
                    return at(day, start)
                if now < end:
                    return local
        return self.opening_time(self.add_working_days(day, 1))

    def _position(self, local: datetime) -> tuple[DayIndex, int]:
        index, i = self._locate(local.date())
        now = microseconds_of_day(local)
        done = sum(min(max(now, start), end) - start for start, end in index.sessions[i])
        return index, index.work_rank[i] + done

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time (inside working sessions) from ``start`` to ``end``; negative when
        ``end`` is earlier.

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.working_time_between(datetime(2026, 2, 13, 16, 0, tzinfo=VIETNAM_TZ),
            ...                          datetime(2026, 2, 23, 8, 30, tzinfo=VIETNAM_TZ))
            datetime.timedelta(seconds=7200)
        """
        first, last = sorted((to_local(start), to_local(end)))
        self._index(first.year, last.year)
        _, a = self._position(to_local(start))
        _, b = self._position(to_local(end))
        return timedelta(microseconds=b - a)

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """The moment when ``amount`` of working time has passed since ``moment``.

        Several moments can qualify (every moment from 17:00 to 07:30 next day has done the
        same work). A positive amount gives the earliest of them (17:00, when the work is
        done), a negative amount the latest (13:30 rather than 11:30, when the work begins), so
        the result is the nearest qualifying moment in the direction of travel and
        ``working_time_between(moment, add_working_time(moment, amount)) == amount``.

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.add_working_time(datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ),
            ...                      timedelta(hours=4)).isoformat()
            '2026-02-23T09:50:00+07:00'
        """
        if not isinstance(amount, timedelta):
            raise CalendarError(f"amount must be a timedelta, got {amount!r}")
        local = to_local(moment)
        if not amount:
            return local
        step = amount // timedelta(microseconds=1)
        index, position = self._position(local)
        while True:
            target = position + step
            if step > 0:
                i = bisect_left(index.work_rank, target) - 1
                if i < index.size:
                    remaining = target - index.work_rank[i]
                    for start, end in index.sessions[i]:
                        if remaining <= end - start:
                            return at(date.fromordinal(index.origin + i), start + remaining)
                        remaining -= end - start
            else:
                i = bisect_right(index.work_rank, target) - 1
                if i >= 0 and target >= 0:
                    remaining = target - index.work_rank[i]
                    for start, end in index.sessions[i]:
                        if remaining < end - start:
                            return at(date.fromordinal(index.origin + i), start + remaining)
                        remaining -= end - start
            self._extend(index, forward=step > 0)
            # Positions are counted from the index origin, which may have moved.
            index, position = self._position(local)

    # ------------------------------------------------------------------ batches

    def add_working_days_many(self, days: Any, n: Any) -> Any:
        """:meth:`add_working_days` over many rows.

        ``days`` is a sequence of dates (the result is a list of dates) or a numpy
        ``datetime64`` array (the result is a ``datetime64[D]`` array, computed vectorised);
        ``n`` is one int or a sequence/array of ints of the same length.

        Examples:
            >>> cal = WorkCalendar.vietnam()
            >>> cal.add_working_days_many([date(2026, 2, 13), date(2026, 8, 28)], 1)
            [datetime.date(2026, 2, 23), datetime.date(2026, 9, 3)]
        """
        if _is_numpy(days):
            from onestop.calendar import _vector

            return _vector.add_working_days(self, days, n)
        rows = list(days)
        steps = _broadcast(n, len(rows))
        return [self.add_working_days(day, k) for day, k in zip(rows, steps, strict=True)]

    def working_days_between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`working_days_between` over many rows (lists in, list out; numpy arrays in,
        an int64 array out).

        Examples:
            >>> WorkCalendar.vietnam().working_days_between_many(
            ...     [date(2026, 2, 13)], [date(2026, 2, 25)])
            [3]
        """
        if _is_numpy(starts) and _is_numpy(ends):
            from onestop.calendar import _vector

            return _vector.working_days_between(self, starts, ends)
        first, last = _rows(starts), _rows(ends)
        if len(first) != len(last):
            raise CalendarError(f"starts has {len(first)} rows but ends has {len(last)}")
        return [self.working_days_between(a, b) for a, b in zip(first, last, strict=True)]


@functools.cache
def _national(strict: bool, hours: OfficeHours) -> WorkCalendar:
    # Calendars are immutable, so one instance (and its index) serves every caller.
    return WorkCalendar(
        name="Vietnam (civil servants)" + (", strict" if strict else ""),
        strict=strict,
        overlay=official_overlay(),
        office_hours=((None, hours),),
    )


def _is_numpy(value: object) -> bool:
    return type(value).__module__ == "numpy"


def _broadcast(n: Any, rows: int) -> list[Any]:
    """``n`` as one step per row: an int (or numpy integer) repeated, or a sequence."""
    if isinstance(n, bool):
        raise CalendarError(f"the number of working days must be an int, got {n!r}")
    if isinstance(n, int):
        return [n] * rows
    if _is_numpy(n):
        n = n.tolist()  # a numpy integer becomes an int, an array a list
        if isinstance(n, int):
            return [n] * rows
    try:
        steps = list(n)
    except TypeError:
        raise CalendarError(f"n must be an int or a sequence of ints, got {n!r}") from None
    if len(steps) != rows:
        raise CalendarError(f"days has {rows} rows but n has {len(steps)}")
    return steps


def _rows(values: Any) -> list[Any]:
    """Rows of dates from a sequence, or from a numpy array when mixed with a sequence."""
    return values.astype("datetime64[D]").tolist() if _is_numpy(values) else list(values)
