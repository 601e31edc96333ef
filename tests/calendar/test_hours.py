"""Office hours and working-time arithmetic.

rules.md: office hours are provincial, default 07:30–11:30 and 13:30–17:00 (7.5 working hours,
not 8), seasonal schedules supported (Huế from 2026: Apr–Sep 13:30–17:30 afternoons, Oct–Mar
13:00–17:00); the lunch break is not working time. The properties compare the indexed
implementation with a naive minute-by-minute walk.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, OfficeHours, SeasonalHours, Session, WorkCalendar
from onestop.errors import CalendarError
from tests.strategies import (
    any_zone_moments,
    minute_amounts,
    minute_moments,
    signed_working_time,
    vietnam_moments,
)

CAL = WorkCalendar.vietnam()
MINUTE = timedelta(minutes=1)
HUE_HOURS = OfficeHours.seasonal(
    summer=["07:30-11:30", "13:30-17:30"], winter=["07:30-11:30", "13:00-17:00"]
)
HUE = WorkCalendar.vietnam().with_office_hours(HUE_HOURS, effective_from=date(2026, 1, 1))

MONDAY = date(2026, 3, 2)  # an ordinary week: Monday 2 to Friday 6 March 2026
TUESDAY = date(2026, 3, 3)


def at(day: date, hour: int, minute: int = 0, tz: timezone | None = None) -> datetime:
    """``day`` at ``hour:minute`` in Vietnam, expressed in ``tz`` when given."""
    moment = datetime.combine(day, time(hour, minute), tzinfo=VIETNAM_TZ)
    return moment if tz is None else moment.astimezone(tz)


# ---------------------------------------------------------------------------- validation


def test_session_parse_accepts_both_spellings() -> None:
    assert Session.parse("07:30-11:30") == Session(time(7, 30), time(11, 30))
    assert Session.parse("7h30 – 11h30") == Session(time(7, 30), time(11, 30))
    assert Session.parse("13:30-17:00").seconds == 3 * 3600 + 1800


@pytest.mark.parametrize("text", ["7:30 to 11:30", "07:30", "", "0730-1130", "a:bc-d:ef"])
def test_session_parse_refuses_bad_text(text: str) -> None:
    with pytest.raises(CalendarError, match="cannot read session"):
        Session.parse(text)


@pytest.mark.parametrize("text", ["25:00-26:00", "07:60-11:30"])
def test_session_parse_refuses_impossible_times(text: str) -> None:
    with pytest.raises(CalendarError, match="not a valid time range"):
        Session.parse(text)


@pytest.mark.parametrize(
    ("start", "end"),
    [(time(11, 30), time(7, 30)), (time(7, 30), time(7, 30))],
    ids=["reversed", "empty"],
)
def test_session_must_start_before_it_ends(start: time, end: time) -> None:
    with pytest.raises(CalendarError, match="start < end"):
        Session(start, end)
    with pytest.raises(CalendarError, match="start < end"):
        Session.parse(f"{start:%H:%M}-{end:%H:%M}")


def test_session_bounds_are_naive_times() -> None:
    with pytest.raises(CalendarError, match="time zone"):
        Session(time(7, 30, tzinfo=UTC), time(11, 30))
    with pytest.raises(CalendarError, match="time zone"):
        Session(time(7, 30), time(11, 30, tzinfo=VIETNAM_TZ))
    with pytest.raises(CalendarError, match=r"datetime\.time"):
        Session("07:30", time(11, 30))


def test_office_hours_need_a_session() -> None:
    with pytest.raises(CalendarError, match="at least one"):
        OfficeHours(sessions=[])


@pytest.mark.parametrize(
    "sessions",
    [["07:30-11:30", "11:00-13:00"], ["07:30-17:00", "13:30-14:00"], ["08:00-09:00"] * 2],
)
def test_office_hours_refuse_overlapping_sessions(sessions: list[str]) -> None:
    with pytest.raises(CalendarError, match="overlap"):
        OfficeHours(sessions=sessions)


def test_office_hours_order_sessions_and_allow_adjacent_ones() -> None:
    hours = OfficeHours(sessions=["13:30-17:00", "07:30-11:30", "11:30-12:00"])
    assert [s.start for s in hours.sessions] == [time(7, 30), time(11, 30), time(13, 30)]


def test_office_hours_refuse_what_is_not_a_session() -> None:
    with pytest.raises(CalendarError, match="expected Session"):
        OfficeHours(sessions=[(time(7, 30), time(11, 30))])  # type: ignore[list-item]


@pytest.mark.parametrize("months", [[], [0], [13], [4, 5, 13]])
def test_season_months_are_within_1_to_12(months: list[int]) -> None:
    with pytest.raises(CalendarError, match="season months"):
        SeasonalHours(months=months, sessions=["07:30-11:30"])


def test_a_month_belongs_to_one_season() -> None:
    summer = SeasonalHours(months=range(4, 10), sessions=["07:30-11:30"])
    autumn = SeasonalHours(months=[9, 10], sessions=["08:00-11:00"])
    with pytest.raises(CalendarError, match=r"\[9\]"):
        OfficeHours(sessions=["07:30-11:30"], seasons=[summer, autumn])
    with pytest.raises(CalendarError, match="two seasons"):
        OfficeHours(sessions=["07:30-11:30"], seasons=[summer, summer])


def test_seasons_must_be_seasonal_hours() -> None:
    with pytest.raises(CalendarError, match="SeasonalHours"):
        OfficeHours(sessions=["07:30-11:30"], seasons=["07:30-11:30"])  # type: ignore[list-item]


@pytest.mark.parametrize("weekday", [7, -1, 10])
def test_weekday_sessions_use_0_to_6(weekday: int) -> None:
    with pytest.raises(CalendarError, match="weekday"):
        OfficeHours(sessions=["07:30-11:30"], weekday_sessions={weekday: ["07:30-11:30"]})


def test_weekday_sessions_take_precedence() -> None:
    hours = OfficeHours(
        sessions=["07:30-11:30", "13:30-17:00"], weekday_sessions={4: ["07:30-11:30"]}
    )
    cal = WorkCalendar.vietnam().with_office_hours(hours)
    assert cal.closing_time(date(2026, 3, 6)) == at(date(2026, 3, 6), 11, 30)  # Friday
    assert cal.closing_time(date(2026, 3, 5)) == at(date(2026, 3, 5), 17)


def test_with_office_hours_refuses_other_values() -> None:
    with pytest.raises(CalendarError, match="OfficeHours"):
        CAL.with_office_hours(["07:30-11:30"])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- opening, closing


def test_default_hours_open_at_07_30_and_close_at_17_00() -> None:
    opening = CAL.opening_time(MONDAY)
    closing = CAL.closing_time(MONDAY)
    assert opening == at(MONDAY, 7, 30)
    assert closing == at(MONDAY, 17)
    assert opening.utcoffset() == closing.utcoffset() == timedelta(hours=7)
    assert [(s.start, s.end) for s in CAL.sessions(MONDAY)] == [
        (time(7, 30), time(11, 30)),
        (time(13, 30), time(17, 0)),
    ]


def test_a_make_up_saturday_keeps_office_hours() -> None:
    assert CAL.opening_time(date(2026, 1, 10)) == at(date(2026, 1, 10), 7, 30)
    assert CAL.closing_time(date(2026, 1, 10)) == at(date(2026, 1, 10), 17)


@pytest.mark.parametrize("day", [date(2026, 3, 7), date(2026, 2, 17), date(2026, 1, 2)])
def test_opening_and_closing_need_a_working_day(day: date) -> None:
    with pytest.raises(CalendarError, match="not a working day"):
        CAL.opening_time(day)
    with pytest.raises(CalendarError, match="not a working day"):
        CAL.closing_time(day)
    assert CAL.sessions(day) == ()


# ---------------------------------------------------------------------------- Huế hours


@pytest.mark.parametrize(
    ("day", "afternoon_start", "closing"),
    [
        (date(2026, 3, 31), time(13, 0), time(17, 0)),  # winter
        (date(2026, 4, 1), time(13, 30), time(17, 30)),  # summer from April
        (date(2026, 6, 1), time(13, 30), time(17, 30)),
        (date(2026, 9, 30), time(13, 30), time(17, 30)),  # summer until September
        (date(2026, 10, 1), time(13, 0), time(17, 0)),  # winter from October
        (date(2026, 12, 31), time(13, 0), time(17, 0)),
    ],
)
def test_hue_seasonal_hours(day: date, afternoon_start: time, closing: time) -> None:
    assert HUE.closing_time(day) == datetime.combine(day, closing, tzinfo=VIETNAM_TZ)
    assert HUE.opening_time(day) == at(day, 7, 30)
    assert HUE.sessions(day)[1].start == afternoon_start
    # 4 hours in the morning and 4 in the afternoon, in both seasons.
    assert HUE.working_time_between(HUE.opening_time(day), HUE.closing_time(day)) == timedelta(
        hours=8
    )


def test_hue_hours_apply_from_their_effective_date_only() -> None:
    before = date(2025, 6, 2)
    assert HUE.closing_time(before) == at(before, 17)
    assert HUE.working_time_between(at(before, 0), at(before, 23)) == timedelta(hours=7, minutes=30)
    # Winter afternoon 13:00-13:30 counts only once the Huế hours apply.
    assert HUE.roll_to_session(at(date(2025, 12, 1), 13, 15)) == at(date(2025, 12, 1), 13, 30)
    assert HUE.roll_to_session(at(date(2026, 12, 1), 13, 15)) == at(date(2026, 12, 1), 13, 15)
    assert HUE.roll_to_session(at(date(2026, 6, 1), 13, 15)) == at(date(2026, 6, 1), 13, 30)


def test_with_office_hours_without_a_date_applies_always() -> None:
    always = CAL.with_office_hours(HUE_HOURS)
    assert always.closing_time(date(2025, 6, 2)) == at(date(2025, 6, 2), 17, 30)
    assert always.closing_time(date(2018, 12, 3)) == at(date(2018, 12, 3), 17)
    assert always.opening_time(date(2018, 12, 3)) == at(date(2018, 12, 3), 7, 30)
    assert always.sessions(date(2018, 12, 3))[1].start == time(13)


def test_successive_office_hours_changes() -> None:
    late = OfficeHours(sessions=["08:00-12:00", "13:00-17:00"])
    cal = CAL.with_office_hours(late, effective_from=date(2024, 1, 1)).with_office_hours(
        HUE_HOURS, effective_from=date(2026, 1, 1)
    )
    assert cal.opening_time(date(2023, 12, 29)) == at(date(2023, 12, 29), 7, 30)
    assert cal.opening_time(date(2024, 1, 2)) == at(date(2024, 1, 2), 8)
    assert cal.opening_time(date(2025, 12, 31)) == at(date(2025, 12, 31), 8)
    assert cal.opening_time(date(2026, 1, 5)) == at(date(2026, 1, 5), 7, 30)
    assert cal.closing_time(date(2026, 6, 1)) == at(date(2026, 6, 1), 17, 30)


def test_changing_office_hours_leaves_the_base_calendar_alone() -> None:
    base = WorkCalendar.vietnam()
    assert base.closing_time(date(2026, 6, 1)) == at(date(2026, 6, 1), 17)
    hue = base.with_office_hours(HUE_HOURS, effective_from=date(2026, 1, 1))
    assert hue.closing_time(date(2026, 6, 1)) == at(date(2026, 6, 1), 17, 30)
    assert base.closing_time(date(2026, 6, 1)) == at(date(2026, 6, 1), 17)
    assert base.working_time_between(at(date(2026, 6, 1), 0), at(date(2026, 6, 2), 0)) == (
        timedelta(hours=7, minutes=30)
    )


# ---------------------------------------------------------------------------- roll_to_session


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(MONDAY, 0), at(MONDAY, 7, 30)),  # before opening
        (at(MONDAY, 7, 29), at(MONDAY, 7, 30)),
        (at(MONDAY, 7, 30), at(MONDAY, 7, 30)),  # opening is inside
        (at(MONDAY, 9, 15), at(MONDAY, 9, 15)),  # in session: unchanged
        (at(MONDAY, 11, 30), at(MONDAY, 13, 30)),  # lunch break 11:30-13:30
        (at(MONDAY, 12), at(MONDAY, 13, 30)),
        (at(MONDAY, 13, 30), at(MONDAY, 13, 30)),
        (at(MONDAY, 16, 59), at(MONDAY, 16, 59)),
        (at(MONDAY, 17), at(TUESDAY, 7, 30)),  # 17:00 is closed
        (at(MONDAY, 22), at(TUESDAY, 7, 30)),
        (at(date(2026, 3, 6), 17, 30), at(date(2026, 3, 9), 7, 30)),  # Friday evening
        (at(date(2026, 3, 7), 10), at(date(2026, 3, 9), 7, 30)),  # Saturday -> Monday
        (at(date(2026, 3, 8), 10), at(date(2026, 3, 9), 7, 30)),  # Sunday -> Monday
        (at(date(2026, 2, 13), 17), at(date(2026, 2, 23), 7, 30)),  # before Tết
        (at(date(2026, 2, 17), 9), at(date(2026, 2, 23), 7, 30)),  # during Tết
        (at(date(2026, 1, 9), 17, 5), at(date(2026, 1, 10), 7, 30)),  # make-up Saturday
    ],
)
def test_roll_to_session(moment: datetime, expected: datetime) -> None:
    assert CAL.roll_to_session(moment) == expected
    assert CAL.roll_to_session(moment).tzinfo is VIETNAM_TZ


def test_roll_to_session_one_microsecond_before_closing_stays() -> None:
    moment = at(MONDAY, 17) - timedelta(microseconds=1)
    assert CAL.roll_to_session(moment) == moment


def test_roll_to_session_converts_other_zones() -> None:
    # 03:00 UTC is 10:00 in Vietnam; 10:00 UTC is 17:00 in Vietnam.
    in_session = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    rolled = CAL.roll_to_session(in_session)
    assert rolled == in_session
    assert rolled.tzinfo is VIETNAM_TZ
    assert rolled.hour == 10
    closed = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert CAL.roll_to_session(closed) == at(TUESDAY, 7, 30)
    # 23:00 on Sunday in New York (UTC-5) is 11:00 on Monday in Vietnam.
    new_york = datetime(2026, 3, 1, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert CAL.roll_to_session(new_york) == at(MONDAY, 11)


def test_roll_to_session_refuses_naive_and_non_datetimes() -> None:
    with pytest.raises(CalendarError, match="naive"):
        CAL.roll_to_session(datetime(2026, 3, 2, 9, 0))
    with pytest.raises(CalendarError, match="aware datetime"):
        CAL.roll_to_session(MONDAY)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- working time


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(MONDAY, 7, 30), at(MONDAY, 17), timedelta(hours=7, minutes=30)),  # a 7.5-hour day
        (at(MONDAY, 0), at(TUESDAY, 0), timedelta(hours=7, minutes=30)),
        (at(MONDAY, 11), at(MONDAY, 14), timedelta(hours=1)),  # lunch break not counted
        (at(MONDAY, 11, 30), at(MONDAY, 13, 30), timedelta(0)),
        (at(MONDAY, 17), at(TUESDAY, 7, 30), timedelta(0)),
        (at(date(2026, 3, 6), 16), at(date(2026, 3, 9), 8, 30), timedelta(hours=2)),  # weekend
        (at(date(2026, 2, 13), 16), at(date(2026, 2, 23), 8, 30), timedelta(hours=2)),  # Tết
        (at(MONDAY, 0), at(date(2026, 3, 9), 0), timedelta(hours=37, minutes=30)),  # a week
        (at(MONDAY, 14), at(MONDAY, 11), timedelta(hours=-1)),  # reversed: negative
    ],
)
def test_working_time_between(start: datetime, end: datetime, expected: timedelta) -> None:
    assert CAL.working_time_between(start, end) == expected
    assert CAL.working_time_between(end, start) == -expected


def test_working_time_between_converts_other_zones() -> None:
    start = at(date(2026, 2, 13), 16, tz=UTC)  # 09:00 UTC
    end = at(date(2026, 2, 23), 8, 30, tz=timezone(timedelta(hours=-5)))
    assert start.tzinfo is UTC
    assert CAL.working_time_between(start, end) == timedelta(hours=2)


@pytest.mark.parametrize(
    ("moment", "amount", "expected"),
    [
        # Positive amounts end at the earliest moment: 17:00, not 07:30 the next day.
        (at(MONDAY, 7, 30), timedelta(hours=7, minutes=30), at(MONDAY, 17)),
        (at(MONDAY, 7, 30), timedelta(hours=4), at(MONDAY, 11, 30)),
        (
            at(MONDAY, 7, 30),
            timedelta(hours=4, microseconds=1),
            at(MONDAY, 13, 30) + timedelta(microseconds=1),
        ),
        (at(MONDAY, 6), timedelta(hours=1), at(MONDAY, 8, 30)),  # counting starts at opening
        (at(MONDAY, 12), timedelta(hours=1), at(MONDAY, 14, 30)),  # ...or after lunch
        (at(MONDAY, 16), timedelta(hours=2), at(TUESDAY, 8, 30)),
        (at(MONDAY, 17), timedelta(hours=7, minutes=30), at(TUESDAY, 17)),
        (at(date(2026, 2, 13), 15, 20), timedelta(hours=4), at(date(2026, 2, 23), 9, 50)),
        (at(date(2026, 3, 6), 16), timedelta(hours=1), at(date(2026, 3, 6), 17)),  # Friday
        (at(date(2026, 1, 9), 16), timedelta(hours=2), at(date(2026, 1, 10), 8, 30)),  # make-up
        # Negative amounts go back in working time.
        (at(TUESDAY, 8, 30), timedelta(hours=-2), at(MONDAY, 16)),
        (at(MONDAY, 14, 30), timedelta(hours=-2), at(MONDAY, 10, 30)),
        # ...and end at the first moment reached going back: 13:30, not 11:30.
        (at(MONDAY, 14, 30), timedelta(hours=-1), at(MONDAY, 13, 30)),
        (at(TUESDAY, 7, 30), timedelta(hours=-3, minutes=-30), at(MONDAY, 13, 30)),
        (at(TUESDAY, 9), timedelta(hours=-1, minutes=-30), at(TUESDAY, 7, 30)),
        (at(MONDAY, 13, 30), timedelta(hours=-4), at(MONDAY, 7, 30)),
        (at(TUESDAY, 7, 30), timedelta(hours=-7, minutes=-30), at(MONDAY, 7, 30)),
        (at(date(2026, 2, 23), 8, 30), timedelta(hours=-2), at(date(2026, 2, 13), 16)),
        (at(MONDAY, 9), timedelta(0), at(MONDAY, 9)),
    ],
)
def test_add_working_time(moment: datetime, amount: timedelta, expected: datetime) -> None:
    result = CAL.add_working_time(moment, amount)
    assert result == expected
    assert result.tzinfo is VIETNAM_TZ


def test_add_working_time_converts_other_zones_to_vietnam() -> None:
    moment = at(MONDAY, 16, tz=timezone(timedelta(hours=2)))  # 11:00 at UTC+2
    result = CAL.add_working_time(moment, timedelta(hours=2))
    assert result == at(TUESDAY, 8, 30)
    assert result.tzinfo is VIETNAM_TZ
    assert (result.hour, result.minute) == (8, 30)
    zero = CAL.add_working_time(moment, timedelta(0))
    assert zero == moment
    assert zero.tzinfo is VIETNAM_TZ


def test_working_time_arguments() -> None:
    naive = datetime(2026, 3, 2, 9, 0)
    with pytest.raises(CalendarError, match="naive"):
        CAL.working_time_between(at(MONDAY, 9), naive)
    with pytest.raises(CalendarError, match="naive"):
        CAL.add_working_time(naive, timedelta(hours=1))
    with pytest.raises(CalendarError, match="timedelta"):
        CAL.add_working_time(at(MONDAY, 9), 3600)  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="aware datetime"):
        CAL.working_time_between(MONDAY, at(MONDAY, 9))  # type: ignore[arg-type]


def test_strict_working_time_refuses_2027() -> None:
    strict = WorkCalendar.vietnam(strict=True)
    with pytest.raises(CalendarError, match="2027"):
        strict.add_working_time(at(date(2026, 12, 31), 9), timedelta(hours=8))
    with pytest.raises(CalendarError, match="2027"):
        strict.working_time_between(at(date(2026, 12, 31), 9), at(date(2027, 1, 4), 9))
    # 09:00-11:30 and 13:30-17:00: six hours end at the last closing of 2026.
    assert strict.add_working_time(at(date(2026, 12, 31), 9), timedelta(hours=6)) == at(
        date(2026, 12, 31), 17
    )


# ---------------------------------------------------------------------------- properties


def working_minute(cal: WorkCalendar, minute_start: datetime) -> bool:
    """Whether the minute beginning at ``minute_start`` (Vietnam time) is working time."""
    day = minute_start.date()
    if not cal.is_working_day(day):
        return False
    clock = minute_start.time()
    return any(session.start <= clock < session.end for session in cal.sessions(day))


def reference_between(cal: WorkCalendar, start: datetime, end: datetime) -> timedelta:
    low, high = sorted((start, end))
    minutes = 0
    moment = low
    while moment < high:
        minutes += working_minute(cal, moment)
        moment += MINUTE
    return minutes * MINUTE if start <= end else -minutes * MINUTE


def reference_add(cal: WorkCalendar, start: datetime, minutes: int) -> datetime:
    """Walk minute by minute until ``minutes`` working minutes have passed: forwards the
    earliest such moment, backwards the latest."""
    left = abs(minutes)
    moment = start
    if minutes > 0:
        while True:
            left -= working_minute(cal, moment)
            moment += MINUTE
            if left == 0:
                return moment
    while True:
        moment -= MINUTE
        left -= working_minute(cal, moment)
        if left == 0:
            return moment


def in_or_at_edge_of_a_session(cal: WorkCalendar, moment: datetime) -> bool:
    day = moment.date()
    clock = moment.time()
    return cal.is_working_day(day) and any(
        session.start <= clock <= session.end for session in cal.sessions(day)
    )


@given(moment=any_zone_moments(), amount=signed_working_time)
def test_working_time_between_inverts_add_working_time(moment: datetime, amount: timedelta) -> None:
    result = CAL.add_working_time(moment, amount)
    assert CAL.working_time_between(moment, result) == amount


@given(moment=any_zone_moments(), amount=signed_working_time)
def test_add_working_time_lands_in_a_working_session(moment: datetime, amount: timedelta) -> None:
    result = CAL.add_working_time(moment, amount)
    assert result.tzinfo is VIETNAM_TZ
    assert in_or_at_edge_of_a_session(CAL, result)
    assert result > moment if amount > timedelta(0) else result < moment


@given(moment=any_zone_moments(), amount=signed_working_time)
def test_hue_hours_obey_the_same_laws(moment: datetime, amount: timedelta) -> None:
    result = HUE.add_working_time(moment, amount)
    assert HUE.working_time_between(moment, result) == amount
    assert in_or_at_edge_of_a_session(HUE, result)


@given(moment=any_zone_moments(), amount=signed_working_time)
def test_add_working_time_ends_at_the_earliest_or_latest_moment(
    moment: datetime, amount: timedelta
) -> None:
    result = CAL.add_working_time(moment, amount)
    # No earlier moment (later, going back) has the same working time: just before the
    # result, working time was still short.
    step = timedelta(microseconds=1) if amount > timedelta(0) else -timedelta(microseconds=1)
    assert abs(CAL.working_time_between(moment, result - step)) < abs(amount)


@given(a=any_zone_moments(), b=any_zone_moments())
def test_working_time_between_is_antisymmetric(a: datetime, b: datetime) -> None:
    assert CAL.working_time_between(a, b) == -CAL.working_time_between(b, a)
    assert CAL.working_time_between(a, a) == timedelta(0)


@given(a=any_zone_moments(), b=any_zone_moments(), c=any_zone_moments())
def test_working_time_between_is_additive(a: datetime, b: datetime, c: datetime) -> None:
    assert CAL.working_time_between(a, b) + CAL.working_time_between(
        b, c
    ) == CAL.working_time_between(a, c)


@given(moment=any_zone_moments())
def test_roll_to_session_lands_in_a_session_and_is_idempotent(moment: datetime) -> None:
    rolled = CAL.roll_to_session(moment)
    assert rolled >= moment
    assert CAL.roll_to_session(rolled) == rolled
    day, clock = rolled.date(), rolled.time()
    assert CAL.is_working_day(day)
    assert any(session.start <= clock < session.end for session in CAL.sessions(day))
    # Nothing of working time was skipped.
    assert CAL.working_time_between(moment, rolled) == timedelta(0)


@given(start=minute_moments(), span=st.integers(-3 * 24 * 60, 3 * 24 * 60))
def test_working_time_between_equals_counting_minutes(start: datetime, span: int) -> None:
    end = start + span * MINUTE
    assert CAL.working_time_between(start, end) == reference_between(CAL, start, end)


@given(start=minute_moments(), minutes=minute_amounts)
def test_add_working_time_equals_walking_minutes(start: datetime, minutes: int) -> None:
    assert CAL.add_working_time(start, minutes * MINUTE) == reference_add(CAL, start, minutes)


@given(start=vietnam_moments(), minutes=minute_amounts)
def test_hue_add_working_time_equals_walking_minutes(start: datetime, minutes: int) -> None:
    start = start.replace(second=0, microsecond=0)
    assert HUE.add_working_time(start, minutes * MINUTE) == reference_add(HUE, start, minutes)
