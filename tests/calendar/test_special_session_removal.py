"""Removing special sessions from a calendar: a whole series (by value, by name, or every
series), or the session days of a window; the errors when what is removed is not there; and
the property that adding a series then removing it gives back the calendar day by day.

rules.md: first-Sunday sessions ("Ngày Chủ nhật gần Dân", An Khê ward) add working sessions
for on-the-spot settlement; they change deadlines only when configured to count.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import MONTHLY, SA, SU, WEEKLY, rrule
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, FactKind, Session, SpecialSessions, WorkCalendar
from onestop.errors import CalendarError

BASE = WorkCalendar.vietnam()
AN_KHE_PLAN = "Kế hoạch của UBND phường An Khê"
SUNDAY_VI = "Ngày Chủ nhật gần Dân"
SUNDAY_EN = "Sunday service session (first Sunday of the month)"
MARCH_1 = date(2026, 3, 1)  # a first Sunday
APRIL_5 = date(2026, 4, 5)  # a first Sunday
MORNING = Session(time(7, 30), time(11, 30))


def first_sundays(*, counts: bool = False, cal: WorkCalendar = BASE) -> WorkCalendar:
    return cal.with_first_sunday_sessions(
        start=date(2024, 1, 1), source=AN_KHE_PLAN, counts_toward_deadlines=counts
    )


def saturdays(*days: date, counts: bool = False) -> SpecialSessions:
    return SpecialSessions(
        name_vi="Tiếp nhận hồ sơ thứ Bảy",
        name_en="Saturday reception",
        source="Quyết định của UBND phường",
        days=days,
        sessions=["08:00-11:00"],
        counts_toward_deadlines=counts,
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM_TZ)


# ---------------------------------------------------------------- a whole series


def test_removing_the_series_by_value() -> None:
    extra = saturdays(date(2026, 3, 14))
    cal = BASE.with_special_sessions(extra)
    assert cal.special_sessions == (extra,)
    bare = cal.without_special_sessions(extra)
    assert bare.special_sessions == ()
    assert bare.sessions(date(2026, 3, 14)) == ()
    assert cal.sessions(date(2026, 3, 14)) == (Session(time(8), time(11)),)  # immutable


@pytest.mark.parametrize("name", [SUNDAY_VI, SUNDAY_EN, f"  {SUNDAY_VI} "])
def test_removing_the_series_by_name(name: str) -> None:
    cal = first_sundays().without_special_sessions(name)
    assert cal.sessions(MARCH_1) == ()
    assert cal.special_sessions == ()
    assert all(fact.kind is not FactKind.SPECIAL_SESSION for fact in cal.facts(2026))


def test_removing_a_name_removes_every_series_so_named_and_only_those() -> None:
    other = saturdays(date(2026, 3, 14))
    cal = first_sundays(cal=first_sundays()).with_special_sessions(other)
    assert len(cal.special_sessions) == 3
    left = cal.without_special_sessions(SUNDAY_VI)
    assert left.special_sessions == (other,)
    assert left.sessions(date(2026, 3, 14)) == (Session(time(8), time(11)),)


def test_removing_every_series() -> None:
    cal = first_sundays().with_special_sessions(saturdays(date(2026, 3, 14)))
    bare = cal.without_special_sessions()
    assert bare.special_sessions == ()
    assert bare.sessions(MARCH_1) == ()
    assert bare.sessions(date(2026, 3, 14)) == ()


def test_removing_counted_sessions_gives_back_the_longer_deadlines() -> None:
    counted = first_sundays(counts=True)
    assert counted.is_working_day(MARCH_1)
    assert counted.add_working_days(date(2026, 2, 27), 1) == MARCH_1
    bare = counted.without_special_sessions(SUNDAY_VI)
    assert not bare.is_working_day(MARCH_1)
    assert bare.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 2)
    assert bare.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 249


# ---------------------------------------------------------------- a window


def test_removing_a_window_keeps_the_other_days() -> None:
    cal = first_sundays().without_special_sessions(
        SUNDAY_VI, start=date(2026, 6, 1), until=date(2026, 8, 31)
    )
    assert [cal.sessions(date(2026, month, day)) for month, day in ((6, 7), (7, 5), (8, 2))] == [
        (),
        (),
        (),
    ]
    assert cal.sessions(date(2026, 5, 3)) == (MORNING,)
    assert cal.sessions(date(2026, 9, 6)) == (MORNING,)
    assert len(cal.special_sessions) == 1  # the series stays on its other days
    facts = [f.day for f in cal.facts(2026) if f.kind is FactKind.SPECIAL_SESSION]
    assert len(facts) == 12 - 3


def test_open_windows() -> None:
    from_july = first_sundays().without_special_sessions(start=date(2026, 7, 1))
    assert from_july.sessions(date(2026, 6, 7)) == (MORNING,)
    assert from_july.sessions(date(2026, 7, 5)) == ()
    assert from_july.sessions(date(2030, 1, 6)) == ()
    until_june = first_sundays().without_special_sessions(until=date(2026, 6, 30))
    assert until_june.sessions(date(2024, 1, 7)) == ()
    assert until_june.sessions(date(2026, 6, 7)) == ()
    assert until_june.sessions(date(2026, 7, 5)) == (MORNING,)


def test_a_window_on_counted_sessions_changes_deadlines_only_inside_it() -> None:
    cal = first_sundays(counts=True).without_special_sessions(
        start=date(2026, 3, 1), until=date(2026, 3, 31)
    )
    assert not cal.is_working_day(MARCH_1)
    assert cal.is_working_day(APRIL_5)
    assert cal.closing_time(APRIL_5) == at(APRIL_5, 11, 30)


def test_a_window_on_a_list_of_dates() -> None:
    series = saturdays(date(2026, 3, 14), date(2026, 3, 21), date(2026, 3, 28))
    cal = BASE.with_special_sessions(series).without_special_sessions(
        series, start=date(2026, 3, 20), until=date(2026, 3, 22)
    )
    assert cal.sessions(date(2026, 3, 14)) != ()
    assert cal.sessions(date(2026, 3, 21)) == ()
    assert cal.sessions(date(2026, 3, 28)) != ()


def test_a_window_on_a_day_two_series_share_keeps_the_other_series() -> None:
    earlier = saturdays(date(2026, 3, 14))
    later = SpecialSessions(
        name_vi="Tiếp dân", name_en="Reception", source="x", days=(date(2026, 3, 14),)
    )
    cal = BASE.with_special_sessions(earlier).with_special_sessions(later)
    assert cal.sessions(date(2026, 3, 14)) == later.sessions  # the later series decides
    without = cal.without_special_sessions(later, start=date(2026, 3, 14), until=date(2026, 3, 14))
    assert without.sessions(date(2026, 3, 14)) == (Session(time(8), time(11)),)


def test_removing_the_whole_series_after_a_window_and_adding_it_again() -> None:
    cal = first_sundays()
    (series,) = cal.special_sessions
    windowed = cal.without_special_sessions(series, start=date(2026, 1, 1))
    gone = windowed.without_special_sessions(series)
    assert gone.sessions(date(2025, 1, 5)) == ()
    back = gone.with_special_sessions(series)
    assert back.sessions(MARCH_1) == (MORNING,)  # the window went with the series


# ---------------------------------------------------------------- errors


def test_removing_a_series_the_calendar_does_not_hold() -> None:
    with pytest.raises(CalendarError, match=r"has no special sessions named 'Tết'; it has 'Ngày"):
        first_sundays().without_special_sessions("Tết")
    with pytest.raises(CalendarError, match="has no special sessions; it has none"):
        BASE.without_special_sessions()
    stranger = saturdays(date(2026, 3, 14))
    twin = saturdays(date(2026, 3, 14))  # equal days, but another series
    with pytest.raises(CalendarError, match="has no the special sessions 'Tiếp nhận"):
        BASE.with_special_sessions(twin).without_special_sessions(stranger)


@pytest.mark.parametrize("sessions", ["", "   ", 3, date(2026, 3, 1)])
def test_the_series_is_chosen_by_value_name_or_none(sessions: object) -> None:
    with pytest.raises(CalendarError, match="by their SpecialSessions value, by their name"):
        first_sundays().without_special_sessions(sessions)  # type: ignore[arg-type]


def test_a_window_must_hold_a_session_day() -> None:
    with pytest.raises(CalendarError, match=r"no session day of .* is left in 2023-01-01"):
        first_sundays().without_special_sessions(start=date(2023, 1, 1), until=date(2023, 12, 31))
    with pytest.raises(CalendarError, match="nothing to remove"):  # a Monday to a Saturday
        first_sundays().without_special_sessions(start=date(2026, 3, 2), until=date(2026, 3, 7))
    once = first_sundays().without_special_sessions(start=date(2026, 3, 1), until=date(2026, 3, 31))
    with pytest.raises(CalendarError, match=r"left in 2026-03-01\.\.2026-03-31"):
        once.without_special_sessions(start=date(2026, 3, 1), until=date(2026, 3, 31))
    ended = BASE.with_first_sunday_sessions(
        start=date(2026, 1, 1), until=date(2026, 6, 30), source=AN_KHE_PLAN
    )
    with pytest.raises(CalendarError, match=r"left in 2026-07-01\.\.\(open\)"):
        ended.without_special_sessions(start=date(2026, 7, 1))
    series = saturdays(date(2026, 3, 14))
    with pytest.raises(CalendarError, match="nothing to remove"):
        BASE.with_special_sessions(series).without_special_sessions(until=date(2026, 3, 13))
    everything_after = first_sundays().without_special_sessions(start=date(2026, 1, 1))
    with pytest.raises(CalendarError, match="nothing to remove"):
        everything_after.without_special_sessions(start=date(2027, 1, 1))


def test_the_window_is_checked() -> None:
    cal = first_sundays()
    with pytest.raises(CalendarError, match=r"ends \(2026-03-01\) before it starts"):
        cal.without_special_sessions(start=date(2026, 4, 1), until=date(2026, 3, 1))
    with pytest.raises(CalendarError, match="outside the supported years"):
        cal.without_special_sessions(start=date(1990, 1, 1))
    with pytest.raises(CalendarError, match=r"expected a datetime\.date"):
        cal.without_special_sessions(until=at(MARCH_1, 9))


# ---------------------------------------------------------------- the property

_DAYS_2026 = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]


@st.composite
def series(draw: st.DrawFn) -> SpecialSessions:
    """A series of special sessions: some dates of 2026, or a weekly or monthly rule."""
    counts = draw(st.booleans())
    hours = draw(st.sampled_from([("07:30-11:30",), ("08:00-11:00", "13:30-16:00")]))
    days: rrule | tuple[date, ...]
    if draw(st.booleans()):
        days = tuple(draw(st.lists(st.sampled_from(_DAYS_2026), min_size=1, max_size=8)))
    else:
        start = draw(st.sampled_from(_DAYS_2026[:200]))
        weekly = draw(st.booleans())
        days = rrule(
            WEEKLY if weekly else MONTHLY,
            byweekday=SA if weekly else SU(+1),
            dtstart=datetime.combine(start, time()),
            count=draw(st.integers(1, 10)),
        )
    return SpecialSessions(
        name_vi="Phiên đặc biệt",
        name_en="Special session",
        source="test",
        days=days,
        sessions=hours,
        counts_toward_deadlines=counts,
    )


def _same_day_by_day(one: WorkCalendar, other: WorkCalendar) -> None:
    for day in _DAYS_2026:
        worked = one.is_working_day(day)
        assert worked == other.is_working_day(day), day
        assert one.sessions(day) == other.sessions(day), day
        assert one.explain(day) == other.explain(day), day
        if worked:
            assert one.opening_time(day) == other.opening_time(day)
            assert one.closing_time(day) == other.closing_time(day)
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    assert one.working_days_between(first, last) == other.working_days_between(first, last)
    assert one.add_working_days(first, 200) == other.add_working_days(first, 200)


@given(
    series(),
    st.sampled_from(["national", "first Sundays", "counted first Sundays"]),
    st.sampled_from(["value", "name", "every"]),
)
def test_adding_then_removing_the_same_sessions_gives_back_the_calendar(
    added: SpecialSessions, base: str, how: str
) -> None:
    original = {
        "national": BASE,
        "first Sundays": first_sundays(),
        "counted first Sundays": first_sundays(counts=True),
    }[base]
    if how == "every":
        original = BASE  # removing every series gives back a calendar without any
    with_it = original.with_special_sessions(added)
    choices: dict[str, SpecialSessions | str | None] = {
        "value": added,
        "name": added.name_vi,
        "every": None,
    }
    choice = choices[how]
    removed = with_it.without_special_sessions(choice)
    assert removed.special_sessions == original.special_sessions
    _same_day_by_day(removed, original)


@given(series(), st.sampled_from(_DAYS_2026), st.integers(0, 120))
def test_a_window_removes_exactly_its_days(
    added: SpecialSessions, start: date, length: int
) -> None:
    until = start + timedelta(days=length)
    with_it = BASE.with_special_sessions(added)
    inside = added.dates_in(start, until)
    if not inside:
        with pytest.raises(CalendarError, match="nothing to remove"):
            with_it.without_special_sessions(added, start=start, until=until)
        return
    removed = with_it.without_special_sessions(added, start=start, until=until)
    for day in _DAYS_2026:
        reference = BASE if start <= day <= until else with_it
        assert removed.is_working_day(day) == reference.is_working_day(day), day
        assert removed.sessions(day) == reference.sessions(day), day
