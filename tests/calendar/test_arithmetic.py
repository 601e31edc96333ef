"""Working-day arithmetic: add_working_days, roll, working_days_between and their batch forms.

Conventions (WorkCalendar docstring, Civil Code 2015 art. 147): for n >= 1 the n-th working
day strictly after the day, for n <= -1 strictly before, n == 0 the day itself when it is
worked; working_days_between counts the half-open [start, end). The properties compare the
indexed implementation with a naive day-by-day walk over ``is_working_day``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, Direction, WorkCalendar
from onestop.errors import CalendarError
from onestop.testing.strategies import non_working_days, working_days
from tests.strategies import (
    SUPPORTED_FIRST,
    SUPPORTED_LAST,
    confirmed_dates,
    large_step_counts,
    nonzero_step_counts,
    small_step_counts,
    step_counts,
    supported_dates,
)

CAL = WorkCalendar.vietnam()
ONE_DAY = timedelta(days=1)


def fresh(*, strict: bool = False) -> WorkCalendar:
    """A national calendar that has answered no query yet (``vietnam()`` may hand out a
    shared instance whose tables are already built; a derived calendar starts empty)."""
    return WorkCalendar.vietnam(strict=strict).with_closures({})


def reference_add(cal: WorkCalendar, day: date, n: int) -> date | None:
    """add_working_days by walking one day at a time; None when no answer exists (n == 0 on
    a non-working day, or a result outside 2000..2099)."""
    if n == 0:
        return day if cal.is_working_day(day) else None
    step = ONE_DAY if n > 0 else -ONE_DAY
    left = abs(n)
    while left:
        day += step
        if not SUPPORTED_FIRST <= day <= SUPPORTED_LAST:
            return None
        if cal.is_working_day(day):
            left -= 1
    return day


def reference_between(cal: WorkCalendar, start: date, end: date) -> int:
    """working_days_between by counting the days of [start, end) one by one."""
    low, high = sorted((start, end))
    count = 0
    day = low
    while day < high:
        count += cal.is_working_day(day)
        day += ONE_DAY
    return count if start <= end else -count


def as_datetime64(days: list[date]) -> Any:
    return np.array([d.isoformat() for d in days], dtype="datetime64[D]")


def from_datetime64(values: Any) -> list[date]:
    assert values.dtype == np.dtype("datetime64[D]")
    return [date.fromisoformat(str(value)) for value in values]


# ---------------------------------------------------------------------------- add_working_days


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 3, 2), 1, date(2026, 3, 3)),  # Monday -> Tuesday
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # from a Saturday: the first day is not counted
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # over Tết 16-20/02/2026
        (date(2026, 2, 13), 3, date(2026, 2, 25)),
        (date(2026, 1, 9), 1, date(2026, 1, 10)),  # make-up Saturday 10/01/2026 counts
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # 29/8-2/9 off
        (date(2026, 3, 2), 5, date(2026, 3, 9)),
    ],
)
def test_positive_n_counts_strictly_after_the_day(day: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(day, n) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 3, 3), -1, date(2026, 3, 2)),
        (date(2026, 3, 9), -1, date(2026, 3, 6)),  # Monday -> Friday
        (date(2026, 3, 8), -1, date(2026, 3, 6)),  # from a Sunday
        (date(2026, 2, 23), -1, date(2026, 2, 13)),  # back over Tết
        (date(2026, 1, 12), -1, date(2026, 1, 10)),  # make-up Saturday
        (date(2026, 9, 3), -1, date(2026, 8, 28)),
        (date(2026, 3, 9), -5, date(2026, 3, 2)),
    ],
)
def test_negative_n_counts_strictly_before_the_day(day: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(day, n) == expected


@pytest.mark.parametrize("day", [date(2026, 3, 4), date(2026, 1, 10)])
def test_zero_on_a_working_day_is_the_day_itself(day: date) -> None:
    assert CAL.add_working_days(day, 0) == day


@pytest.mark.parametrize("day", [date(2026, 3, 7), date(2026, 2, 17), date(2026, 1, 2)])
def test_zero_on_a_non_working_day_raises(day: date) -> None:
    with pytest.raises(CalendarError, match="not a working day"):
        CAL.add_working_days(day, 0)
    with pytest.raises(CalendarError, match="not a working day"):
        fresh().add_working_days(day, 0)


# ---------------------------------------------------------------------------- roll


@pytest.mark.parametrize(
    ("day", "forward", "backward"),
    [
        (date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 4)),  # a working day stays
        (date(2026, 2, 14), date(2026, 2, 23), date(2026, 2, 13)),  # Tết weekend
        (date(2026, 2, 17), date(2026, 2, 23), date(2026, 2, 13)),
        (date(2026, 1, 3), date(2026, 1, 5), date(2025, 12, 31)),  # over 1-2/01/2026
        (date(2026, 1, 10), date(2026, 1, 10), date(2026, 1, 10)),  # make-up Saturday
    ],
)
def test_roll(day: date, forward: date, backward: date) -> None:
    assert CAL.roll(day) == forward
    assert CAL.roll(day, "forward") == forward
    assert CAL.roll(day, Direction.FORWARD) == forward
    assert CAL.roll(day, "backward") == backward
    assert CAL.roll(day, Direction.BACKWARD) == backward


@pytest.mark.parametrize("direction", ["sideways", "FORWARD", "", "back"])
def test_roll_refuses_an_unknown_direction(direction: str) -> None:
    with pytest.raises(CalendarError, match="forward"):
        CAL.roll(date(2026, 3, 7), direction)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- between


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 9), 5),  # Monday to Monday
        (date(2026, 3, 2), date(2026, 3, 2), 0),
        (date(2026, 3, 2), date(2026, 3, 3), 1),  # counts start...
        (date(2026, 3, 6), date(2026, 3, 9), 1),  # ...and not end
        (date(2026, 3, 7), date(2026, 3, 9), 0),
        (date(2026, 2, 13), date(2026, 2, 25), 3),  # 13/02, 23/02, 24/02
        (date(2026, 1, 1), date(2027, 1, 1), 249),
        (date(2026, 3, 9), date(2026, 3, 2), -5),  # reversed: negative
        (date(2026, 2, 25), date(2026, 2, 13), -3),
    ],
)
def test_working_days_between_counts_the_half_open_interval(
    start: date, end: date, expected: int
) -> None:
    assert CAL.working_days_between(start, end) == expected
    assert fresh().working_days_between(start, end) == expected


# ---------------------------------------------------------------------------- batches


def test_add_working_days_many_with_lists() -> None:
    days = [date(2026, 2, 13), date(2026, 8, 28), date(2026, 3, 7)]
    assert CAL.add_working_days_many(days, 1) == [CAL.add_working_days(d, 1) for d in days]
    steps = [3, -1, 2]
    assert CAL.add_working_days_many(days, steps) == [
        CAL.add_working_days(d, k) for d, k in zip(days, steps, strict=True)
    ]
    assert CAL.add_working_days_many([], 5) == []


def test_add_working_days_many_with_numpy() -> None:
    days = [date(2026, 2, 13), date(2026, 8, 28), date(2026, 3, 7), date(2026, 1, 10)]
    steps = [3, -1, 2, 0]
    result = CAL.add_working_days_many(as_datetime64(days), np.array(steps))
    assert from_datetime64(result) == [
        CAL.add_working_days(d, k) for d, k in zip(days, steps, strict=True)
    ]
    one_step = CAL.add_working_days_many(as_datetime64(days[:3]), 1)
    assert from_datetime64(one_step) == [CAL.add_working_days(d, 1) for d in days[:3]]
    empty = CAL.add_working_days_many(np.array([], dtype="datetime64[D]"), 1)
    assert empty.size == 0


def test_add_working_days_many_with_a_list_of_dates_and_an_array_of_steps() -> None:
    # The docstring: days is a sequence of dates (the result is a list of dates); n is one
    # int or a sequence/array of ints.
    days = [date(2026, 2, 13), date(2026, 8, 28)]
    expected = [date(2026, 2, 25), date(2026, 9, 3)]
    assert list(CAL.add_working_days_many(days, np.array([3, 1]))) == expected


def test_working_days_between_many_with_lists_and_numpy() -> None:
    starts = [date(2026, 2, 13), date(2026, 3, 9), date(2026, 1, 1)]
    ends = [date(2026, 2, 25), date(2026, 3, 2), date(2027, 1, 1)]
    expected = [3, -5, 249]
    assert CAL.working_days_between_many(starts, ends) == expected
    result = CAL.working_days_between_many(as_datetime64(starts), as_datetime64(ends))
    assert result.tolist() == expected
    assert result.dtype == np.int64


def test_working_days_between_many_excludes_its_end_like_the_scalar_form() -> None:
    """conventions.md, "Half-open counting": [01/01/2026, 01/01/2027) is the year 2026, even
    on a strict calendar that has no confirmed 2027."""
    strict = WorkCalendar.vietnam(strict=True)
    starts, ends = [date(2026, 1, 1), date(2027, 1, 1)], [date(2027, 1, 1), date(2026, 1, 1)]
    assert strict.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 249
    assert strict.working_days_between_many(starts, ends) == [249, -249]
    result = strict.working_days_between_many(as_datetime64(starts), as_datetime64(ends))
    assert result.tolist() == [249, -249]
    with pytest.raises(CalendarError, match="2027"):
        strict.working_days_between_many(
            as_datetime64(starts), as_datetime64([date(2027, 1, 2)] * 2)
        )


def test_batch_errors() -> None:
    days = [date(2026, 3, 2), date(2026, 3, 3)]
    with pytest.raises(CalendarError, match="rows"):
        CAL.add_working_days_many(days, [1, 2, 3])
    with pytest.raises(CalendarError, match="rows"):
        CAL.working_days_between_many(days, days[:1])
    with pytest.raises(CalendarError, match="not a working day"):
        CAL.add_working_days_many([date(2026, 3, 7)], 0)
    with pytest.raises(CalendarError, match="not a working day"):
        CAL.add_working_days_many(as_datetime64([date(2026, 3, 7)]), 0)
    with pytest.raises(CalendarError, match="NaT"):
        CAL.add_working_days_many(np.array(["2026-03-02", "NaT"], dtype="datetime64[D]"), 1)
    with pytest.raises(CalendarError, match="integers"):
        CAL.add_working_days_many(as_datetime64(days), np.array([1.5, 2.0]))
    with pytest.raises(CalendarError, match="integers"):
        CAL.add_working_days_many(as_datetime64(days), np.array([True, False]))
    with pytest.raises(CalendarError, match="datetime64"):
        CAL.working_days_between_many(np.array([1, 2]), np.array([3, 4]))
    with pytest.raises(CalendarError):
        CAL.add_working_days_many(as_datetime64([date(2100, 1, 1)]), 1)


def test_batch_refuses_a_bool_as_the_common_step() -> None:
    with pytest.raises(CalendarError, match="int"):
        CAL.add_working_days_many([date(2026, 3, 2)], True)


# ---------------------------------------------------------------------------- argument errors


def test_a_datetime_is_not_a_date() -> None:
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM_TZ)
    day = date(2026, 3, 2)
    for cal in (CAL, fresh()):
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.is_working_day(moment)
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.add_working_days(moment, 1)
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.working_days_between(moment, day)
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.working_days_between(day, moment)
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.roll(moment)
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.explain(moment)
        with pytest.raises(CalendarError, match=r"datetime\.date"):
            cal.add_working_days_many([day, moment], 1)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 3, 2, 9, 0)
    aware = datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM_TZ)
    with pytest.raises(CalendarError, match="naive"):
        CAL.roll_to_session(naive)
    with pytest.raises(CalendarError, match="naive"):
        CAL.working_time_between(naive, aware)
    with pytest.raises(CalendarError, match="naive"):
        CAL.add_working_time(naive, timedelta(hours=1))


@pytest.mark.parametrize("n", [True, False, 1.0, "1", None])
def test_the_number_of_working_days_must_be_an_int(n: Any) -> None:
    for cal in (CAL, fresh()):
        with pytest.raises(CalendarError, match="int"):
            cal.add_working_days(date(2026, 3, 2), n)


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2100, 1, 1), date(1970, 1, 1)])
def test_dates_outside_2000_to_2099_are_refused(day: date) -> None:
    inside = date(2026, 3, 2)
    for cal in (CAL, fresh()):
        with pytest.raises(CalendarError, match=r"2000\.\.2099"):
            cal.is_working_day(day)
        with pytest.raises(CalendarError, match=r"2000\.\.2099"):
            cal.add_working_days(day, 1)
        with pytest.raises(CalendarError, match=r"2000\.\.2099"):
            cal.roll(day)
        with pytest.raises(CalendarError, match=r"2000\.\.2099"):
            cal.explain(day)
        with pytest.raises(CalendarError, match=r"2000\.\.2099"):
            cal.add_working_days_many([inside, day], 1)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(1999, 12, 31), date(2000, 1, 5)),  # [start, end) holds 31/12/1999
        (date(2099, 12, 1), date(2100, 1, 2)),  # ...holds 1/1/2100
        (date(2026, 3, 2), date(1999, 12, 31)),  # reversed: [31/12/1999, 2/3/2026)
        (date(2100, 1, 2), date(2026, 3, 2)),
    ],
)
def test_working_days_between_refuses_days_outside_2000_to_2099(start: date, end: date) -> None:
    warm = fresh()
    warm.working_days_between(date(2000, 1, 1), date(2099, 12, 31))  # builds every table
    for cal in (fresh(), warm):
        with pytest.raises(CalendarError, match=r"2000\.\.2099"):
            cal.working_days_between(start, end)


@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "after other queries"])
def test_1_january_2100_may_close_a_half_open_interval(warm: bool) -> None:
    # [1/12/2099, 1/1/2100) holds no day outside the supported years.
    cal = fresh()
    if warm:
        cal.is_working_day(date(2099, 6, 1))
    expected = reference_between(CAL, date(2099, 12, 1), date(2100, 1, 1))
    assert expected > 0
    assert cal.working_days_between(date(2099, 12, 1), date(2100, 1, 1)) == expected
    assert cal.working_days_between(date(2100, 1, 1), date(2099, 12, 1)) == -expected


def test_results_beyond_the_supported_years_raise() -> None:
    with pytest.raises(CalendarError, match="after 2099"):
        fresh().add_working_days(date(2099, 12, 31), 1)
    with pytest.raises(CalendarError, match="before 2000"):
        fresh().add_working_days(date(2000, 1, 3), -1)  # 1-2/01/2000 is a weekend


# ---------------------------------------------------------------------------- strict mode


def test_strict_mode_refuses_a_result_in_2027() -> None:
    with pytest.raises(CalendarError) as raised:
        fresh(strict=True).add_working_days(date(2026, 12, 30), 5)
    assert "2027" in str(raised.value)
    assert "strict=False" in str(raised.value)


def test_default_mode_returns_an_estimated_2027_result() -> None:
    result = fresh().add_working_days(date(2026, 12, 30), 5)
    # 31/12/2026, then 4-7/01/2027 (1/1/2027 is New Year's Day, estimated).
    assert result == date(2027, 1, 7)
    assert CAL.rests_on_estimates(date(2026, 12, 30), result)


def test_strict_mode_refuses_a_result_in_2017_and_names_2017() -> None:
    with pytest.raises(CalendarError) as raised:
        fresh(strict=True).add_working_days(date(2018, 1, 3), -5)
    assert "2017" in str(raised.value)
    assert "strict=False" in str(raised.value)
    assert fresh().add_working_days(date(2018, 1, 3), -5).year == 2017


def test_strict_mode_keeps_results_inside_the_confirmed_years() -> None:
    strict = fresh(strict=True)
    assert strict.add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    assert strict.add_working_days(date(2018, 1, 3), -1) == date(2018, 1, 2)
    assert strict.add_working_days(date(2018, 1, 2), 2000) == CAL.add_working_days(
        date(2018, 1, 2), 2000
    )
    assert strict.add_working_days(date(2026, 12, 31), -2000) == CAL.add_working_days(
        date(2026, 12, 31), -2000
    )


@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "after other queries"])
def test_strict_working_days_between_up_to_1_january_2027(warm: bool) -> None:
    strict = fresh(strict=True)
    if warm:
        strict.is_working_day(date(2026, 6, 1))
    # [1/12/2026, 1/1/2027) holds no day of 2027.
    assert strict.working_days_between(date(2026, 12, 1), date(2027, 1, 1)) == 23
    with pytest.raises(CalendarError, match="2027"):
        strict.working_days_between(date(2026, 12, 1), date(2027, 1, 2))


def test_strict_batches_refuse_unconfirmed_years() -> None:
    strict = fresh(strict=True)
    with pytest.raises(CalendarError, match="2027"):
        strict.add_working_days_many(as_datetime64([date(2026, 12, 30)]), 5)
    with pytest.raises(CalendarError, match="2027"):
        strict.add_working_days_many([date(2026, 12, 30)], 5)
    with pytest.raises(CalendarError, match="2017"):
        strict.working_days_between_many(
            as_datetime64([date(2017, 12, 1)]), as_datetime64([date(2018, 2, 1)])
        )


# ---------------------------------------------------------------------------- index growth


@pytest.mark.parametrize(
    ("day", "n"),
    [
        (date(2026, 6, 15), 2000),
        (date(2026, 6, 15), -2000),
        (date(2050, 6, 15), 2000),
        (date(2050, 6, 15), -2000),
        (date(2090, 6, 1), 2000),
        (date(2009, 6, 1), -2000),
    ],
)
def test_large_n_grows_the_tables(day: date, n: int) -> None:
    cal = fresh()
    result = cal.add_working_days(day, n)
    assert result == reference_add(fresh(), day, n)
    assert abs(result.year - day.year) >= 7
    # The grown tables answer the way back and count the days in between.
    assert cal.add_working_days(result, -n) == cal.roll(day, "backward" if n > 0 else "forward")
    if n > 0:
        assert cal.working_days_between(day + ONE_DAY, result + ONE_DAY) == n
    else:
        assert cal.working_days_between(result, day) == -n
    numpy_result = fresh().add_working_days_many(as_datetime64([day]), n)
    assert from_datetime64(numpy_result) == [result]


def test_one_calendar_grows_its_tables_both_ways() -> None:
    cal = fresh()
    day = date(2040, 3, 1)
    later = cal.add_working_days(day, 2000)
    earlier = cal.add_working_days(day, -2000)
    assert later == reference_add(CAL, day, 2000)
    assert earlier == reference_add(CAL, day, -2000)
    assert cal.working_days_between(earlier, later) == CAL.working_days_between(earlier, later)
    # Facts of the confirmed years are unchanged by the growth.
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))


# ---------------------------------------------------------------------------- properties


@given(day=supported_dates, n=step_counts)
def test_add_working_days_equals_the_day_by_day_walk(day: date, n: int) -> None:
    expected = reference_add(CAL, day, n)
    if expected is None:
        with pytest.raises(CalendarError):
            CAL.add_working_days(day, n)
    else:
        assert CAL.add_working_days(day, n) == expected


@settings(max_examples=20)
@given(day=st.dates(date(2010, 1, 1), date(2040, 12, 31)), n=large_step_counts)
def test_a_fresh_calendar_answers_like_a_used_one(day: date, n: int) -> None:
    assume(n != 0)
    assert fresh().add_working_days(day, n) == CAL.add_working_days(day, n)


@given(day=confirmed_dates, n=step_counts)
def test_inverse_law_on_working_days(day: date, n: int) -> None:
    worked = CAL.roll(day)
    assert CAL.working_days_between(worked, CAL.add_working_days(worked, n)) == n


@given(day=supported_dates, n=nonzero_step_counts)
def test_results_are_working_days_on_the_right_side(day: date, n: int) -> None:
    try:
        result = CAL.add_working_days(day, n)
    except CalendarError:
        assert reference_add(CAL, day, n) is None
        return
    assert CAL.is_working_day(result)
    assert (result > day) if n > 0 else (result < day)


@given(day=confirmed_dates, n1=step_counts, n2=step_counts)
def test_monotone_in_n(day: date, n1: int, n2: int) -> None:
    day = CAL.roll(day)  # so that n == 0 is defined
    low, high = sorted((n1, n2))
    a, b = CAL.add_working_days(day, low), CAL.add_working_days(day, high)
    assert a < b if low < high else a == b


@given(d1=confirmed_dates, d2=confirmed_dates, n=nonzero_step_counts)
def test_monotone_in_the_day(d1: date, d2: date, n: int) -> None:
    early, late = sorted((d1, d2))
    assert CAL.add_working_days(early, n) <= CAL.add_working_days(late, n)


@given(a=confirmed_dates, span=st.integers(-1500, 1500))
def test_working_days_between_equals_counting(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    assert CAL.working_days_between(a, b) == reference_between(CAL, a, b)


@given(a=supported_dates, b=supported_dates)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)
    assert CAL.working_days_between(a, a) == 0


@given(a=supported_dates, b=supported_dates, c=supported_dates)
def test_working_days_between_is_additive(a: date, b: date, c: date) -> None:
    assert CAL.working_days_between(a, b) + CAL.working_days_between(
        b, c
    ) == CAL.working_days_between(a, c)


@given(day=supported_dates, direction=st.sampled_from(["forward", "backward"]))
def test_roll_lands_on_the_nearest_working_day(day: date, direction: str) -> None:
    try:
        rolled = CAL.roll(day, direction)  # type: ignore[arg-type]
    except CalendarError:
        # Only possible at the very ends of the supported years.
        assert day.year in (2000, 2099)
        return
    assert CAL.is_working_day(rolled)
    assert CAL.roll(rolled, direction) == rolled  # type: ignore[arg-type]
    skipped = abs((rolled - day).days)
    step = ONE_DAY if direction == "forward" else -ONE_DAY
    assert all(not CAL.is_working_day(day + step * i) for i in range(skipped))
    assert rolled >= day if direction == "forward" else rolled <= day


@given(
    rows=st.lists(
        st.tuples(confirmed_dates, small_step_counts.filter(lambda n: n != 0)), max_size=20
    )
)
def test_batches_equal_the_scalar_answers(rows: list[tuple[date, int]]) -> None:
    days = [day for day, _ in rows]
    steps = [n for _, n in rows]
    expected = [CAL.add_working_days(day, n) for day, n in rows]
    assert CAL.add_working_days_many(days, steps) == expected
    assert from_datetime64(
        CAL.add_working_days_many(as_datetime64(days), np.array(steps, dtype=np.int64))
    ) == (expected)
    ends = list(reversed(days))
    counts = [CAL.working_days_between(a, b) for a, b in zip(days, ends, strict=True)]
    assert CAL.working_days_between_many(days, ends) == counts
    assert (
        CAL.working_days_between_many(as_datetime64(days), as_datetime64(ends)).tolist() == counts
    )


@given(day=confirmed_dates, n=step_counts)
def test_strict_mode_agrees_inside_the_confirmed_years_and_raises_outside(
    day: date, n: int
) -> None:
    strict = WorkCalendar.vietnam(strict=True)
    expected = reference_add(CAL, day, n)
    if expected is None:
        with pytest.raises(CalendarError):
            strict.add_working_days(day, n)
    elif 2018 <= expected.year <= 2026:
        assert strict.add_working_days(day, n) == expected
    else:
        with pytest.raises(CalendarError):
            strict.add_working_days(day, n)


@given(working_days())
def test_zero_working_days_from_a_working_day_is_that_day(day: date) -> None:
    """The testing kit's strategy, dogfooded: ``n == 0`` on a worked day is the day itself."""
    assert CAL.add_working_days(day, 0) == day


@given(non_working_days())
def test_a_non_working_day_rolls_to_a_working_day(day: date) -> None:
    rolled = CAL.roll(day)
    assert rolled > day
    assert CAL.is_working_day(rolled)
