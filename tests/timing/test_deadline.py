"""``deadline()``: when a dossier is due, rule by rule, and properties against a naive
reference.

Each unit test cites in its docstring the legal text (law.md §1.7, calendar.md) or the
rules.md decision it checks. The reference implementation at the bottom walks the calendar
one day and one session at a time with ``is_working_day`` and ``sessions`` only, and the
properties compare it with the indexed implementation for every unit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, OfficeHours, Session, WorkCalendar
from onestop.errors import CalendarError, TimingError
from onestop.testing import assert_due
from onestop.timing import (
    DayEnd,
    Deadline,
    ProcessingTime,
    ReceiptRules,
    TimeUnit,
    deadline,
)
from tests.strategies import any_zone_moments, confirmed_dates, vietnam_moments

CAL = WorkCalendar.vietnam()
MIDNIGHT = ReceiptRules(day_ends=DayEnd.MIDNIGHT)
ONE_DAY = timedelta(days=1)

WD3 = ProcessingTime.working_days(3)
SAME_DAY = ProcessingTime.same_day()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local moment in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)


# ---------------------------------------------------------------------------- working days


def test_working_days_are_due_at_the_close_of_the_nth_working_day() -> None:
    """Civil Code 2015 art. 147 (the first day is not counted) and rules.md "Time" (due at
    the close of office hours of the due day): received on Monday 02/03/2026 at 09:00 in
    office hours, 3 working days are due on Thursday 05/03/2026 at 17:00."""
    d = deadline(vn(2026, 3, 2, 9), WD3, CAL)
    assert d.due_at == vn(2026, 3, 5, 17)
    assert d.due_at == CAL.closing_time(CAL.add_working_days(date(2026, 3, 2), 3))
    assert d.deemed_received_at == d.received_at == vn(2026, 3, 2, 9)
    assert d.counted_from == date(2026, 3, 2)
    assert d.processing_time == WD3


@pytest.mark.parametrize(
    "received",
    [vn(2026, 3, 2, 7, 30), vn(2026, 3, 2, 11, 29), vn(2026, 3, 2, 13, 30), vn(2026, 3, 2, 16, 59)],
)
@pytest.mark.parametrize("n", [1, 2, 3, 5, 15])
def test_receipt_inside_hours_is_due_on_add_working_days_of_the_receipt_day(
    received: datetime, n: int
) -> None:
    """Civil Code 2015 art. 147 and the ``deadline`` docstring: received inside office hours
    on a worked day, N working days are due at the close of
    ``calendar.add_working_days(received_day, N)``."""
    d = deadline(received, ProcessingTime.working_days(n), CAL)
    assert d.due_at == CAL.closing_time(CAL.add_working_days(received.date(), n))
    assert d.deemed_received_at == received


def test_working_days_over_tet_2026() -> None:
    """TB 9441/TB-BNV (16/10/2025): Tết 16-20/02/2026 off. Received Friday 13/02/2026 at
    15:20, 3 working days are 23, 24 and 25/02/2026, due 25/02/2026 at 17:00."""
    d = deadline(vn(2026, 2, 13, 15, 20), ProcessingTime.parse("03 ngày làm việc"), CAL)
    assert d.due_at == vn(2026, 2, 25, 17)
    assert d.counted_from == date(2026, 2, 13)
    assert d.estimated is False


@pytest.mark.parametrize("received", [vn(2026, 3, 2, 17, 0), vn(2026, 3, 2, 17, 30)])
def test_receipt_after_closing_is_deemed_at_the_next_working_session(received: datetime) -> None:
    """rules.md "Time" and practice.md §2.1/§2.3: a receipt after 17:00 (sessions are
    [start, end), so 17:00 itself is after hours) counts from the opening of the next working
    session; 3 working days from Tuesday 03/03/2026 end on Friday 06/03/2026."""
    d = deadline(received, WD3, CAL)
    assert d.deemed_received_at == vn(2026, 3, 3, 7, 30)
    assert d.counted_from == date(2026, 3, 3)
    assert d.due_at == vn(2026, 3, 6, 17)


def test_receipt_before_opening_is_deemed_at_the_opening() -> None:
    """rules.md "Time": a receipt before 07:30 (e.g. an online dossier at 06:45) counts from
    the opening of the day's first session, on the same day."""
    d = deadline(vn(2026, 3, 2, 6, 45), WD3, CAL)
    assert d.deemed_received_at == vn(2026, 3, 2, 7, 30)
    assert d.counted_from == date(2026, 3, 2)
    assert d.due_at == vn(2026, 3, 5, 17)


@pytest.mark.parametrize(
    "received", [vn(2026, 3, 2, 11, 30), vn(2026, 3, 2, 12, 10), vn(2026, 3, 2, 13, 29)]
)
def test_receipt_during_the_lunch_break_is_deemed_at_13_30(received: datetime) -> None:
    """rules.md "Time" (default sessions 07:30-11:30 and 13:30-17:00) and practice.md §2.1:
    the lunch break is not working time; a receipt at lunch counts from 13:30."""
    d = deadline(received, WD3, CAL)
    assert d.deemed_received_at == vn(2026, 3, 2, 13, 30)
    assert d.due_at == vn(2026, 3, 5, 17)


@pytest.mark.parametrize("received", [vn(2026, 3, 7, 9), vn(2026, 3, 7, 14), vn(2026, 3, 8, 10)])
def test_weekend_receipt_does_not_start_counting_on_the_weekend(received: datetime) -> None:
    """Decision 188/1999/QĐ-TTg (Saturday and Sunday off) and rules.md / practice.md §2.1: a
    dossier accepted on Saturday 07/03/2026 must not start counting on Saturday (the
    production bug would give Wednesday 11/03); it counts from Monday 09/03/2026 07:30, so 3
    working days are 10, 11 and 12/03/2026."""
    d = deadline(received, WD3, CAL)
    assert d.deemed_received_at == vn(2026, 3, 9, 7, 30)
    assert d.counted_from == date(2026, 3, 9)
    assert d.due_at == vn(2026, 3, 12, 17)
    assert d.due_at.date() != CAL.add_working_days(received.date(), 3)


def test_receipt_on_a_tet_day_is_deemed_at_the_next_working_session() -> None:
    """Labour Code 2019 art. 112(1), TB 9441/TB-BNV: Tuesday 17/02/2026 is a Tết day off; an
    (online) receipt that day counts from Monday 23/02/2026 07:30."""
    d = deadline(vn(2026, 2, 17, 10), WD3, CAL)
    assert d.deemed_received_at == vn(2026, 2, 23, 7, 30)
    assert d.counted_from == date(2026, 2, 23)
    assert d.due_at == vn(2026, 2, 26, 17)


# ---------------------------------------------------------------------------- the 15:00 cutoff


@pytest.mark.parametrize(
    "received", [vn(2026, 3, 2, 7, 30), vn(2026, 3, 2, 10), vn(2026, 3, 2, 14, 59)]
)
def test_same_day_before_15_00_is_due_at_the_close_of_that_day(received: datetime) -> None:
    """Law 60/2014/QH13 art. 5(3): "được giải quyết ngay trong ngày"; Decree 23/2015/NĐ-CP
    art. 7 for certification."""
    d = deadline(received, SAME_DAY, CAL)
    assert d.due_at == vn(2026, 3, 2, 17)
    assert d.counted_from == date(2026, 3, 2)


def test_same_day_at_exactly_15_00_is_still_same_day() -> None:
    """Law 60/2014/QH13 art. 5(3) moves only a receipt "sau 15 giờ" (after 15:00): a receipt
    at 15:00 sharp is settled on the day."""
    d = deadline(vn(2026, 3, 2, 15), SAME_DAY, CAL)
    assert d.deemed_received_at == vn(2026, 3, 2, 15)
    assert d.due_at == vn(2026, 3, 2, 17)


@pytest.mark.parametrize(
    "received",
    [vn(2026, 3, 2, 15, 1), vn(2026, 3, 2, 16, 59), vn(2026, 3, 2, 15) + timedelta(seconds=1)],
)
def test_same_day_after_15_00_is_due_at_the_close_of_the_next_working_day(
    received: datetime,
) -> None:
    """Law 60/2014/QH13 art. 5(3): "trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết
    được ngay thì trả kết quả trong ngày làm việc tiếp theo"."""
    d = deadline(received, SAME_DAY, CAL)
    assert d.deemed_received_at == vn(2026, 3, 3, 7, 30)
    assert d.counted_from == date(2026, 3, 3)
    assert d.due_at == vn(2026, 3, 3, 17)


def test_same_day_after_15_00_on_the_eve_of_tet_is_due_after_tet() -> None:
    """Law 60/2014/QH13 art. 5(3) with Tết 2026 (TB 9441/TB-BNV): received Friday 13/02/2026
    at 15:20, the next working day is Monday 23/02/2026."""
    d = deadline(vn(2026, 2, 13, 15, 20), SAME_DAY, CAL)
    assert d.due_at == vn(2026, 2, 23, 17)


def test_same_day_without_cutoff_is_due_the_same_day_even_late() -> None:
    """rules.md "Time": a procedure without the 15:00 rule says so explicitly
    (``same_day(cutoff=None)``); it is then due at the close of the receipt day."""
    d = deadline(vn(2026, 3, 2, 16, 30), ProcessingTime.same_day(cutoff=None), CAL)
    assert d.due_at == vn(2026, 3, 2, 17)
    assert d.deemed_received_at == vn(2026, 3, 2, 16, 30)


def test_working_day_limit_with_a_15_00_cutoff_counts_from_the_next_working_day() -> None:
    """Decree 63/2024/NĐ-CP art. 7: "Nếu tiếp nhận hồ sơ sau 15 giờ thì thời gian được tính
    bắt đầu từ ngày làm việc tiếp theo". Received Monday 02/03/2026 at 15:30, 1 working day
    with the cutoff counts from Tuesday 03/03 and is due Wednesday 04/03/2026; without the
    cutoff it is due Tuesday 03/03."""
    with_cutoff = ProcessingTime.working_days(1, cutoff=time(15))
    d = deadline(vn(2026, 3, 2, 15, 30), with_cutoff, CAL)
    assert d.deemed_received_at == vn(2026, 3, 3, 7, 30)
    assert d.counted_from == date(2026, 3, 3)
    assert d.due_at == vn(2026, 3, 4, 17)
    plain = deadline(vn(2026, 3, 2, 15, 30), ProcessingTime.working_days(1), CAL)
    assert plain.due_at == vn(2026, 3, 3, 17)
    before = deadline(vn(2026, 3, 2, 14, 30), with_cutoff, CAL)
    assert before.due_at == vn(2026, 3, 3, 17)


def test_cutoff_on_a_friday_moves_past_the_weekend() -> None:
    """Decree 63/2024/NĐ-CP art. 7: the next *working* day after a Friday is Monday."""
    d = deadline(vn(2026, 3, 6, 15, 30), ProcessingTime.working_days(2, cutoff=time(15)), CAL)
    assert d.counted_from == date(2026, 3, 9)
    assert d.due_at == vn(2026, 3, 11, 17)


# ---------------------------------------------------------------------------- calendar days


def test_calendar_days_count_every_day() -> None:
    """Civil Code 2015 arts. 147-148: a period in days counts every day from the day after
    the event; received Monday 02/03/2026, 30 days end on Wednesday 01/04/2026."""
    d = deadline(vn(2026, 3, 2, 9), ProcessingTime.parse("30 ngày"), CAL)
    assert d.due_at == vn(2026, 4, 1, 17)
    weekend_crossing = deadline(vn(2026, 2, 13, 9), ProcessingTime.calendar_days(10), CAL)
    assert weekend_crossing.due_at == vn(2026, 2, 23, 17)  # Tết inside the span still counts


def test_calendar_days_ending_on_a_sunday_move_to_the_next_working_day() -> None:
    """Civil Code 2015 art. 148(1): "nếu ngày cuối cùng của thời hạn là ngày nghỉ cuối tuần
    hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc ngày làm việc tiếp theo".
    Received Friday 06/03/2026, day 30 is Sunday 05/04/2026: due Monday 06/04/2026."""
    assert date(2026, 4, 5).weekday() == 6
    d = deadline(vn(2026, 3, 6, 10), ProcessingTime.calendar_days(30), CAL)
    assert d.due_at == vn(2026, 4, 6, 17)


def test_calendar_days_ending_in_tet_move_past_tet() -> None:
    """Civil Code 2015 art. 148(1) with Tết 2026 (TB 9441/TB-BNV): received Monday
    19/01/2026, day 30 is Wednesday 18/02/2026 (Tết): due Monday 23/02/2026."""
    d = deadline(vn(2026, 1, 19, 9), ProcessingTime.calendar_days(30), CAL)
    assert d.due_at == vn(2026, 2, 23, 17)


# ---------------------------------------------------------------------------- working hours


def test_working_hours_over_tet_skip_lunch_nights_and_holidays() -> None:
    """rules.md "Time" (working hours counted over office sessions) with Tết 2026: "04 giờ
    làm việc" from Friday 13/02/2026 15:20 uses 1h40 on Friday and 2h20 on Monday
    23/02/2026: due 09:50."""
    d = deadline(vn(2026, 2, 13, 15, 20), ProcessingTime.parse("04 giờ làm việc"), CAL)
    assert d.due_at == vn(2026, 2, 23, 9, 50)
    assert d.counted_from == date(2026, 2, 13)


def test_working_hours_do_not_count_the_lunch_break() -> None:
    """practice.md §2.1 and rules.md: the lunch break is not working time. 2 hours from
    10:30 are one hour in the morning and one after 13:30: due 14:30, not 12:30."""
    d = deadline(vn(2026, 3, 2, 10, 30), ProcessingTime.working_hours(2), CAL)
    assert d.due_at == vn(2026, 3, 2, 14, 30)


def test_eight_working_hours_are_more_than_one_default_working_day() -> None:
    """rules.md / practice.md §2.1: an 8-hour day must not be assumed when the sessions last
    7.5 hours; 8 hours from Monday 07:30 end on Tuesday at 08:00."""
    d = deadline(vn(2026, 3, 2, 7, 30), ProcessingTime.working_hours(8), CAL)
    assert d.due_at == vn(2026, 3, 3, 8)


def test_working_hours_ending_at_a_session_end_are_due_then() -> None:
    """``add_working_time`` returns the earliest moment: 4 hours from 07:30 are 11:30."""
    d = deadline(vn(2026, 3, 2, 7, 30), ProcessingTime.working_hours(4), CAL)
    assert d.due_at == vn(2026, 3, 2, 11, 30)


# ---------------------------------------------------------------------------- end of day


def test_midnight_day_end_gives_the_next_day_at_00_00() -> None:
    """Civil Code 2015 art. 148(2): "thời điểm kết thúc ngày cuối cùng của thời hạn vào lúc
    hai mươi tư giờ của ngày đó". With DayEnd.MIDNIGHT, 3 working days from Monday 02/03/2026
    end at 24:00 on Thursday 05/03, i.e. Friday 06/03/2026 00:00."""
    d = deadline(vn(2026, 3, 2, 9), WD3, CAL, MIDNIGHT)
    assert d.due_at == vn(2026, 3, 6, 0, 0)
    assert d.rules.day_ends is DayEnd.MIDNIGHT
    same_day = deadline(vn(2026, 3, 2, 9), SAME_DAY, CAL, MIDNIGHT)
    assert same_day.due_at == vn(2026, 3, 3, 0, 0)
    calendar_days = deadline(vn(2026, 3, 6, 10), ProcessingTime.calendar_days(30), CAL, MIDNIGHT)
    assert calendar_days.due_at == vn(2026, 4, 7, 0, 0)


def test_midnight_is_exactly_00_00_whatever_the_opening_time() -> None:
    """Civil Code 2015 art. 148(2): the day ends at 24:00 sharp, whatever the office hours
    (here a first session opening at 07:30:15)."""
    hours = OfficeHours(
        sessions=[Session(time(7, 30, 15), time(11, 30)), Session(time(13, 30), time(17))]
    )
    cal = WorkCalendar.vietnam(office_hours=hours)
    d = deadline(vn(2026, 3, 2, 9), ProcessingTime.working_days(1), cal, MIDNIGHT)
    assert d.due_at == vn(2026, 3, 4, 0, 0)


def test_close_of_office_is_the_default() -> None:
    """rules.md "Time": ``Deadline.due_at`` defaults to the close of office hours."""
    assert ReceiptRules().day_ends is DayEnd.CLOSE_OF_OFFICE
    assert deadline(vn(2026, 3, 2, 9), WD3, CAL, ReceiptRules()) == deadline(
        vn(2026, 3, 2, 9), WD3, CAL
    )


def test_seasonal_hours_set_the_closing_time() -> None:
    """law.md §5: Huế Decision 4010/QĐ-UBND (from 01/01/2026), summer afternoons end at
    17:30; the due moment is the close of the due day's last session."""
    hue = WorkCalendar.vietnam().with_office_hours(
        OfficeHours.seasonal(
            summer=["07:30-11:30", "13:30-17:30"], winter=["07:30-11:30", "13:00-17:00"]
        ),
        effective_from=date(2026, 1, 1),
    )
    assert deadline(vn(2026, 6, 1, 9), WD3, hue).due_at == vn(2026, 6, 4, 17, 30)
    assert deadline(vn(2026, 3, 2, 9), WD3, hue).due_at == vn(2026, 3, 5, 17)
    assert deadline(vn(2026, 3, 2, 12, 45), WD3, hue).deemed_received_at == vn(2026, 3, 2, 13)


# ---------------------------------------------------------------------------- the 2026 swap


def test_make_up_saturday_10_01_2026_is_a_working_day() -> None:
    """VB 12729/VPCP-KGVX (25/12/2025): Saturday 10/01/2026 is worked (làm bù). Received
    Thursday 08/01/2026, 2 working days are Friday 09/01 and Saturday 10/01/2026; a receipt
    on that Saturday is inside office hours."""
    d = deadline(vn(2026, 1, 8, 9), ProcessingTime.working_days(2), CAL)
    assert d.due_at == vn(2026, 1, 10, 17)
    on_saturday = deadline(vn(2026, 1, 10, 9), ProcessingTime.working_days(1), CAL)
    assert on_saturday.deemed_received_at == vn(2026, 1, 10, 9)
    assert on_saturday.due_at == vn(2026, 1, 12, 17)
    same_day = deadline(vn(2026, 1, 10, 10), SAME_DAY, CAL)
    assert same_day.due_at == vn(2026, 1, 10, 17)


def test_the_2_january_2026_swap_is_skipped() -> None:
    """VB 12729/VPCP-KGVX (25/12/2025): Friday 02/01/2026 is off in exchange for 10/01.
    Received Wednesday 31/12/2025, 1 working day skips 01/01 (New Year, Labour Code 2019
    art. 112(1)), 02/01 and the weekend: due Monday 05/01/2026. A receipt on 02/01 counts
    from Monday 05/01 07:30."""
    d = deadline(vn(2025, 12, 31, 9), ProcessingTime.working_days(1), CAL)
    assert d.due_at == vn(2026, 1, 5, 17)
    on_swap = deadline(vn(2026, 1, 2, 10), ProcessingTime.working_days(1), CAL)
    assert on_swap.deemed_received_at == vn(2026, 1, 5, 7, 30)
    assert on_swap.due_at == vn(2026, 1, 6, 17)


# ---------------------------------------------------------------------------- estimated


@pytest.mark.parametrize(
    ("received", "pt"),
    [
        (vn(2026, 12, 30, 9), WD3),  # due in January 2027: no confirmed overlay
        (vn(2026, 12, 31, 18), SAME_DAY),  # deemed received in 2027
        (vn(2027, 3, 2, 9), WD3),  # entirely in 2027
        (vn(2026, 11, 20, 9), WD3),  # counts over 24/11/2026, a pending policy day off
        (vn(2026, 11, 2, 9), ProcessingTime.calendar_days(30)),  # span contains 24/11/2026
    ],
)
def test_estimated_when_the_span_touches_an_unconfirmed_day(
    received: datetime, pt: ProcessingTime
) -> None:
    """calendar.md: years without an announcement are estimates; 24/11/2026 (Resolution
    80-NQ/TW, 30/NQ-CP) is policy without a legal instrument."""
    assert deadline(received, pt, CAL).estimated is True


@pytest.mark.parametrize(
    ("received", "pt"),
    [
        (vn(2026, 2, 13, 15, 20), WD3),
        (vn(2026, 11, 25, 9), WD3),  # after 24/11/2026
        (vn(2026, 11, 20, 9), SAME_DAY),  # before 24/11/2026
        (vn(2026, 12, 29, 9), ProcessingTime.working_days(2)),  # due 31/12/2026
        (vn(2018, 1, 2, 9), ProcessingTime.calendar_days(30)),
    ],
)
def test_not_estimated_within_confirmed_days(received: datetime, pt: ProcessingTime) -> None:
    """calendar.md: 2018-2026 follow the Government's announcements."""
    assert deadline(received, pt, CAL).estimated is False


@pytest.mark.parametrize(
    ("received", "pt", "due"),
    [
        # After the cutoff on Monday 23/11/2026: the next working day is 25/11 only if the
        # pending 24/11 is really off.
        (vn(2026, 11, 23, 16), SAME_DAY, vn(2026, 11, 25, 17)),
        # Received on 24/11/2026 itself: deemed on 25/11 only if 24/11 is really off.
        (vn(2026, 11, 24, 9), WD3, vn(2026, 11, 30, 17)),
        # After closing on 23/11/2026: deemed on 25/11 only if 24/11 is really off.
        (vn(2026, 11, 23, 17, 30), WD3, vn(2026, 11, 30, 17)),
    ],
)
def test_estimated_when_the_deemed_receipt_skips_an_unconfirmed_day(
    received: datetime, pt: ProcessingTime, due: datetime
) -> None:
    """``Deadline.estimated``: "whether the span rests on ... a pending entry, so the due
    moment may still move". If 24/11/2026 (pending policy day off) turns out to be worked,
    these dossiers are deemed received on 24/11 and due a working day earlier, so the due
    moment rests on the pending entry even though counting starts after it."""
    d = deadline(received, pt, CAL)
    assert d.due_at == due
    assert d.counted_from == date(2026, 11, 25)
    assert d.estimated is True


# ---------------------------------------------------------------------------- errors


def test_strict_calendar_refuses_a_span_reaching_2027() -> None:
    """calendar.md: 2027 has no announcement; a strict calendar refuses to estimate, and
    ``deadline`` reports the CalendarError as a TimingError."""
    strict = WorkCalendar.vietnam(strict=True)
    with pytest.raises(TimingError, match="2027") as info:
        deadline(vn(2026, 12, 30, 9), WD3, strict)
    assert isinstance(info.value.__cause__, CalendarError)
    with pytest.raises(TimingError, match="2027"):
        deadline(vn(2027, 3, 2, 9), WD3, strict)
    with pytest.raises(TimingError, match="2027"):
        deadline(vn(2026, 12, 31, 18), SAME_DAY, strict)


def test_strict_calendar_answers_within_confirmed_years() -> None:
    strict = WorkCalendar.vietnam(strict=True)
    d = deadline(vn(2026, 2, 13, 15, 20), WD3, strict)
    assert d.due_at == vn(2026, 2, 25, 17)
    assert d.estimated is False


def test_naive_datetime_is_refused() -> None:
    """rules.md "Time": counting starts at a recorded moment; onestop does not guess the
    zone of a naive datetime."""
    with pytest.raises(TimingError, match="naive") as info:
        deadline(datetime(2026, 3, 2, 9), WD3, CAL)
    assert isinstance(info.value.__cause__, CalendarError)


@pytest.mark.parametrize("received", [date(2026, 3, 2), "2026-03-02 09:00", None])
def test_non_datetime_receipt_is_refused(received: object) -> None:
    with pytest.raises(TimingError):
        deadline(received, WD3, CAL)  # type: ignore[arg-type]


@pytest.mark.parametrize("pt", ["03 ngày làm việc", 3, None])
def test_processing_time_must_be_a_processing_time(pt: object) -> None:
    with pytest.raises(TimingError, match="ProcessingTime"):
        deadline(vn(2026, 3, 2, 9), pt, CAL)  # type: ignore[arg-type]


def test_receipt_outside_the_supported_years_is_a_timing_error() -> None:
    with pytest.raises(TimingError, match="supported"):
        deadline(datetime(2099, 12, 31, 16, tzinfo=VIETNAM_TZ), WD3, CAL)


# ---------------------------------------------------------------------------- time zones


def test_utc_receipt_is_converted_to_local_time() -> None:
    """Online systems record UTC: 2026-02-13 08:20 UTC is 15:20 in Asia/Ho_Chi_Minh."""
    utc = datetime(2026, 2, 13, 8, 20, tzinfo=UTC)
    d = deadline(utc, WD3, CAL)
    assert d.received_at == utc
    assert d.received_at.utcoffset() == timedelta(hours=7)
    assert (d.received_at.hour, d.received_at.minute) == (15, 20)
    assert d == deadline(vn(2026, 2, 13, 15, 20), WD3, CAL)
    assert d.due_at == vn(2026, 2, 25, 17)
    assert d.due_at.utcoffset() == timedelta(hours=7)


def test_receipt_in_another_zone_crossing_the_date_is_converted() -> None:
    """Monday 02/03/2026 20:30 at UTC-5 is Tuesday 03/03/2026 08:30 local: inside hours."""
    moment = datetime(2026, 3, 2, 20, 30, tzinfo=timezone(timedelta(hours=-5)))
    d = deadline(moment, SAME_DAY, CAL)
    assert d.deemed_received_at == vn(2026, 3, 3, 8, 30)
    assert d.due_at == vn(2026, 3, 3, 17)


# ---------------------------------------------------------------------------- explain


def test_explain_in_english_names_each_skipped_day_its_reason_and_source() -> None:
    """``Deadline.explain``: each day counted or skipped with its reason and source, and
    the due moment (Tết 2026: Labour Code 2019 art. 112(1); weekends: Decision
    188/1999/QĐ-TTg)."""
    text = deadline(vn(2026, 2, 13, 15, 20), WD3, CAL).explain("en")
    lines = text.splitlines()
    assert lines[0] == "Received: Friday 13/02/2026 15:20"
    assert "counted from the day after 13/02/2026 (Civil Code 2015 art. 147)" in lines[1]
    assert "  14/02/2026 skipped: Weekly rest day (Saturday) (Decision 188/1999/QĐ-TTg)" in lines
    for day in range(16, 21):
        assert (
            f"  {day}/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))"
            in lines
        )
    assert "  22/02/2026 skipped: Weekly rest day (Sunday) (Decision 188/1999/QĐ-TTg)" in lines
    assert "  23/02/2026 working day 1" in lines
    assert "  25/02/2026 working day 3" in lines
    assert lines[-1] == "Due: Wednesday 25/02/2026 17:00 (close of office)"
    assert "Estimated" not in text


def test_explain_in_vietnamese_names_each_skipped_day_its_reason_and_source() -> None:
    text = deadline(vn(2026, 2, 13, 15, 20), WD3, CAL).explain("vi")
    lines = text.splitlines()
    assert lines[0] == "Tiếp nhận: Thứ Sáu 13/02/2026 15:20"
    assert "(Điều 147 Bộ luật Dân sự 2015)" in lines[1]
    assert (
        "  14/02/2026 không tính: Ngày nghỉ hằng tuần (Thứ Bảy) (Quyết định 188/1999/QĐ-TTg)"
        in lines
    )
    for day in range(16, 21):
        assert (
            f"  {day}/02/2026 không tính: Nghỉ Tết Nguyên Đán "
            "(khoản 1 Điều 112 Bộ luật Lao động 2019)" in lines
        )
    assert "  25/02/2026 ngày làm việc thứ 3" in lines
    assert lines[-1] == "Hạn trả: Thứ Tư 25/02/2026 17:00 (hết giờ làm việc)"


def test_explain_names_the_swap_and_the_make_up_day_with_their_dispatch() -> None:
    """VB 12729/VPCP-KGVX (25/12/2025) is the source of both the 02/01/2026 swap and the
    10/01/2026 make-up Saturday."""
    d = deadline(vn(2025, 12, 31, 9), ProcessingTime.working_days(6), CAL)
    assert d.due_at == vn(2026, 1, 10, 17)
    en = d.explain("en").splitlines()
    assert "  01/01/2026 skipped: New Year's Day (Labour Code 2019 art. 112(1))" in en
    assert (
        "  02/01/2026 skipped: Swapped day off, made up on Saturday 10 January 2026 "
        "(VB 12729/VPCP-KGVX (25/12/2025))" in en
    )
    assert "  10/01/2026 working day 6" in en
    assert en[-1] == "Due: Saturday 10/01/2026 17:00 (close of office)"
    vi = d.explain("vi").splitlines()
    assert (
        "  02/01/2026 không tính: Nghỉ hoán đổi, làm bù thứ Bảy 10/01/2026 "
        "(VB 12729/VPCP-KGVX (25/12/2025))" in vi
    )
    assert "  10/01/2026 ngày làm việc thứ 6" in vi
    assert vi[-1] == "Hạn trả: Thứ Bảy 10/01/2026 17:00 (hết giờ làm việc)"


def test_explain_gives_the_deemed_receipt_and_its_reason() -> None:
    saturday = deadline(vn(2026, 3, 7, 9), WD3, CAL)
    assert (
        "Deemed received: Monday 09/03/2026 07:30 "
        "(received on a non-working day: next working session)"
    ) in saturday.explain("en").splitlines()
    assert (
        "Coi như tiếp nhận: Thứ Hai 09/03/2026 07:30 "
        "(nhận vào ngày nghỉ: tính từ buổi làm việc tiếp theo)"
    ) in saturday.explain("vi").splitlines()
    late = deadline(vn(2026, 3, 2, 15, 30), SAME_DAY, CAL)
    assert (
        "Deemed received: Tuesday 03/03/2026 07:30 "
        "(received after the 15:00 cutoff of the procedure: next working day)"
    ) in late.explain("en").splitlines()
    lunch = deadline(vn(2026, 3, 2, 12), WD3, CAL)
    assert (
        "Deemed received: Monday 02/03/2026 13:30 "
        "(received outside office sessions: next working session)"
    ) in lunch.explain("en").splitlines()
    inside = deadline(vn(2026, 3, 2, 9), WD3, CAL).explain("en")
    assert "Deemed" not in inside


def test_the_friday_before_tet_with_the_testing_kit() -> None:
    """The kit's ``assert_due`` reads the procedure record's wording, as a portal team's
    suite would (calendar.md: Tết 16–20/02/2026)."""
    due = assert_due(vn(2026, 2, 13, 16, 10), "03 ngày làm việc", vn(2026, 2, 25, 17))
    assert due.counted_from == date(2026, 2, 13)


def test_explain_names_the_cutoff_when_the_lunch_break_carries_a_receipt_past_it() -> None:
    """conventions.md, "Deemed receipt": with a 12:00 cutoff, a receipt at 12:00 in the lunch
    break counts at 13:30, after the cutoff, so the next working day; the reason is the
    cutoff, not the session."""
    noon = deadline(vn(2026, 3, 10, 12), ProcessingTime.same_day(cutoff=time(12)), CAL)
    assert noon.deemed_received_at == vn(2026, 3, 11, 7, 30)
    assert (
        "Deemed received: Wednesday 11/03/2026 07:30 "
        "(received after the 12:00 cutoff of the procedure: next working day)"
    ) in noon.explain("en").splitlines()


def test_explain_calendar_days_marks_the_moved_last_day() -> None:
    """Civil Code 2015 art. 148(1): the last day not worked moves to the next working day."""
    d = deadline(vn(2026, 3, 6, 10), ProcessingTime.calendar_days(30), CAL)
    lines = d.explain("en").splitlines()
    assert (
        "  07/03/2026 day 1: not worked, Weekly rest day (Saturday) (Decision 188/1999/QĐ-TTg)"
        in lines
    )
    assert (
        "  05/04/2026 day 30: not worked, Weekly rest day (Sunday) (Decision 188/1999/QĐ-TTg)"
        in lines
    )
    assert (
        "  06/04/2026 next working day: the limit ends here, its last day was not worked "
        "(Civil Code 2015 art. 148(1))"
    ) in lines
    assert lines[-1] == "Due: Monday 06/04/2026 17:00 (close of office)"


def test_explain_midnight_hours_and_estimated() -> None:
    midnight = deadline(vn(2026, 3, 2, 9), WD3, CAL, MIDNIGHT).explain("en").splitlines()
    assert midnight[-1] == "Due: Friday 06/03/2026 00:00 (24:00, Civil Code 2015 art. 148(2))"
    assert "  05/03/2026 working day 3" in midnight
    assert not any(line.startswith("  06/03/2026") for line in midnight)
    hours = deadline(vn(2026, 2, 13, 15, 20), ProcessingTime.working_hours(4), CAL)
    assert hours.explain("en").splitlines()[-1] == (
        "Due: Monday 23/02/2026 09:50 (working hours counted over office sessions)"
    )
    estimated = deadline(vn(2026, 12, 30, 9), WD3, CAL).explain("en").splitlines()
    assert estimated[-1].startswith("Estimated")
    vi = deadline(vn(2026, 12, 30, 9), WD3, CAL).explain("vi").splitlines()
    assert vi[-1].startswith("Ước tính")


# ---------------------------------------------------------------------------- local facts


def test_a_storm_closure_pushes_the_due_date() -> None:
    """rules.md / calendar.md: local closures (storm, force majeure) decided by the province
    are days off. With Tuesday 03/03/2026 closed, 3 working days from Monday 02/03 end on
    Friday 06/03 instead of Thursday 05/03, and explain names the decision."""
    stormy = CAL.with_closures(
        {date(2026, 3, 3): "Nghỉ tránh bão số 1"}, source="Công điện 01/CĐ-UBND"
    )
    d = deadline(vn(2026, 3, 2, 9), WD3, stormy)
    assert d.due_at == vn(2026, 3, 6, 17)
    assert deadline(vn(2026, 3, 2, 9), WD3, CAL).due_at == vn(2026, 3, 5, 17)
    assert (
        "  03/03/2026 skipped: Nghỉ tránh bão số 1 (Công điện 01/CĐ-UBND)"
        in d.explain("en").splitlines()
    )
    on_closure = deadline(vn(2026, 3, 3, 9), SAME_DAY, stormy)
    assert on_closure.due_at == vn(2026, 3, 4, 17)


def test_first_sunday_sessions_do_not_change_deadlines_by_default() -> None:
    """rules.md "Time": special sessions ("Ngày Chủ nhật gần Dân", first Sunday of each
    month) add sessions for on-the-spot settlement; they do not change statutory deadlines
    unless configured. Sunday 01/03/2026 is the first Sunday of March."""
    sundays = CAL.with_first_sunday_sessions(
        start=date(2024, 1, 1), source="Kế hoạch của UBND phường An Khê"
    )
    for received in (vn(2026, 2, 27, 9), vn(2026, 3, 1, 9), vn(2026, 2, 28, 9)):
        for pt in (ProcessingTime.working_days(1), WD3, SAME_DAY):
            assert deadline(received, pt, sundays) == deadline(received, pt, CAL)
    assert deadline(vn(2026, 2, 27, 9), ProcessingTime.working_days(1), sundays).due_at == vn(
        2026, 3, 2, 17
    )


def test_first_sunday_sessions_counted_toward_deadlines() -> None:
    """rules.md "Time": with ``counts_toward_deadlines=True`` the first Sunday is a working
    day with its own session (07:30-11:30 by default): received Friday 27/02/2026, 1
    working day is due Sunday 01/03/2026 at 11:30, and a receipt that Sunday morning counts
    from the Sunday."""
    counted = CAL.with_first_sunday_sessions(
        start=date(2024, 1, 1),
        source="Kế hoạch của UBND phường An Khê",
        counts_toward_deadlines=True,
    )
    d = deadline(vn(2026, 2, 27, 9), ProcessingTime.working_days(1), counted)
    assert d.due_at == vn(2026, 3, 1, 11, 30)
    assert deadline(vn(2026, 2, 27, 9), WD3, counted).due_at == vn(2026, 3, 3, 17)
    on_sunday = deadline(vn(2026, 3, 1, 9), SAME_DAY, counted)
    assert on_sunday.deemed_received_at == vn(2026, 3, 1, 9)
    assert on_sunday.due_at == vn(2026, 3, 1, 11, 30)
    after_session = deadline(vn(2026, 3, 1, 12), SAME_DAY, counted)
    assert after_session.deemed_received_at == vn(2026, 3, 2, 7, 30)


def test_deadlines_are_values() -> None:
    a = deadline(vn(2026, 3, 2, 9), WD3, CAL)
    b = deadline(vn(2026, 3, 2, 9), WD3, CAL)
    assert a == b
    assert isinstance(a, Deadline)
    assert a != deadline(vn(2026, 3, 2, 9), ProcessingTime.working_days(4), CAL)


# ============================================================================ properties
#
# The reference below uses nothing of the calendar but ``is_working_day`` and ``sessions``
# and walks one day (and one session) at a time. Cutoffs are drawn at or after 13:30, the
# latest afternoon opening of the calendars used, where "received after the cutoff" reads
# the same on the receipt clock and on the deemed moment.

HUE = WorkCalendar.vietnam().with_office_hours(
    OfficeHours.seasonal(
        summer=["07:30-11:30", "13:30-17:30"], winter=["07:30-11:30", "13:00-17:00"]
    ),
    effective_from=date(2022, 1, 1),
)
STORMY = WorkCalendar.vietnam().with_closures(
    {
        date(2024, 9, 6): "Nghỉ tránh bão số 3 (Yagi)",
        date(2025, 10, 28): "Nghỉ tránh bão số 12",
        date(2026, 3, 3): "Nghỉ tránh bão",
    },
    source="Công điện của UBND tỉnh",
)
SUNDAYS = WorkCalendar.vietnam().with_first_sunday_sessions(
    start=date(2018, 1, 1), source="Kế hoạch của UBND phường", counts_toward_deadlines=True
)
CALENDARS = (CAL, HUE, STORMY, SUNDAYS)

calendars: st.SearchStrategy[WorkCalendar] = st.sampled_from(CALENDARS)
afternoon_cutoffs: st.SearchStrategy[time] = st.one_of(
    st.just(time(15)),
    st.integers(13 * 60 + 30, 23 * 60 + 59).map(lambda m: time(m // 60, m % 60)),
)
day_ends: st.SearchStrategy[DayEnd] = st.sampled_from(DayEnd)

_MAX_AMOUNT = {
    TimeUnit.WORKING_DAYS: 40,
    TimeUnit.CALENDAR_DAYS: 60,
    TimeUnit.WORKING_HOURS: 60,
    TimeUnit.SAME_DAY: 0,
}


@st.composite
def processing_times(
    draw: st.DrawFn, units: tuple[TimeUnit, ...] = tuple(TimeUnit)
) -> ProcessingTime:
    unit = draw(st.sampled_from(units))
    amount = 0 if unit is TimeUnit.SAME_DAY else draw(st.integers(1, _MAX_AMOUNT[unit]))
    default = time(15) if unit is TimeUnit.SAME_DAY else None
    cutoff = draw(st.one_of(st.just(default), st.none(), afternoon_cutoffs))
    return ProcessingTime(amount, unit, cutoff)


DAY_UNITS = (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.SAME_DAY)
receipts = any_zone_moments(confirmed_dates)


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=VIETNAM_TZ)


def _next_working_day(cal: WorkCalendar, day: date) -> date:
    day += ONE_DAY
    while not cal.is_working_day(day):
        day += ONE_DAY
    return day


def reference_deemed(cal: WorkCalendar, received: datetime, cutoff: time | None) -> datetime:
    """The receipt if inside a session of a working day before the cutoff; else the next
    session opening of that day (before the cutoff); else the next working day's opening."""
    local = received.astimezone(VIETNAM_TZ)
    day, clock = local.date(), local.time()
    if cal.is_working_day(day) and (cutoff is None or clock <= cutoff):
        for session in cal.sessions(day):
            if clock < session.start:
                return _at(day, session.start)
            if clock < session.end:
                return local
    following = _next_working_day(cal, day)
    return _at(following, cal.sessions(following)[0].start)


def reference_add_hours(cal: WorkCalendar, start: datetime, hours: int) -> datetime:
    """Consume ``hours`` of working sessions from ``start``, session by session."""
    remaining = timedelta(hours=hours)
    day = start.date()
    while True:
        if cal.is_working_day(day):
            for session in cal.sessions(day):
                begin = max(_at(day, session.start), start)
                end = _at(day, session.end)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
        day += ONE_DAY


def reference_deadline(
    cal: WorkCalendar, received: datetime, pt: ProcessingTime, day_end: DayEnd
) -> tuple[datetime, date, datetime]:
    """(deemed receipt, counted-from day, due moment), one day at a time."""
    deemed = reference_deemed(cal, received, pt.cutoff)
    counted_from = deemed.date()
    if pt.unit is TimeUnit.WORKING_HOURS:
        return deemed, counted_from, reference_add_hours(cal, deemed, pt.amount)
    day = counted_from
    if pt.unit is TimeUnit.WORKING_DAYS:
        left = pt.amount
        while left:
            day += ONE_DAY
            if cal.is_working_day(day):
                left -= 1
    elif pt.unit is TimeUnit.CALENDAR_DAYS:
        day = counted_from + timedelta(days=pt.amount)
        while not cal.is_working_day(day):
            day += ONE_DAY
    if day_end is DayEnd.MIDNIGHT:
        due = _at(day + ONE_DAY, time(0))
    else:
        due = _at(day, cal.sessions(day)[-1].end)
    return deemed, counted_from, due


@given(calendars, receipts, processing_times(), day_ends)
def test_agrees_with_the_day_by_day_reference(
    cal: WorkCalendar, received: datetime, pt: ProcessingTime, day_end: DayEnd
) -> None:
    d = deadline(received, pt, cal, ReceiptRules(day_ends=day_end))
    assert (d.deemed_received_at, d.counted_from, d.due_at) == reference_deadline(
        cal, received, pt, day_end
    )


@given(calendars, receipts, processing_times(DAY_UNITS))
def test_day_units_are_due_at_the_closing_time_of_a_working_day(
    cal: WorkCalendar, received: datetime, pt: ProcessingTime
) -> None:
    d = deadline(received, pt, cal)
    due_day = d.due_at.date()
    assert cal.is_working_day(due_day)
    assert cal.closing_time(due_day) == d.due_at


@given(calendars, receipts, processing_times(), day_ends)
def test_due_after_deemed_receipt_after_receipt(
    cal: WorkCalendar, received: datetime, pt: ProcessingTime, day_end: DayEnd
) -> None:
    d = deadline(received, pt, cal, ReceiptRules(day_ends=day_end))
    assert d.due_at >= d.deemed_received_at >= d.received_at
    assert d.received_at == received
    assert d.received_at.utcoffset() == timedelta(hours=7)
    assert d.counted_from == d.deemed_received_at.date()
    assert cal.is_working_day(d.counted_from)


@given(calendars, receipts, receipts, processing_times(), day_ends)
def test_a_later_receipt_is_never_due_earlier(
    cal: WorkCalendar,
    first: datetime,
    second: datetime,
    pt: ProcessingTime,
    day_end: DayEnd,
) -> None:
    early, late = sorted((first, second))
    rules = ReceiptRules(day_ends=day_end)
    assert deadline(early, pt, cal, rules).due_at <= deadline(late, pt, cal, rules).due_at


@given(
    calendars,
    vietnam_moments(confirmed_dates),
    st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.WORKING_HOURS]),
    st.integers(1, 40),
    st.integers(1, 40),
    st.one_of(st.none(), afternoon_cutoffs),
)
def test_a_longer_limit_is_never_due_earlier(
    cal: WorkCalendar,
    received: datetime,
    unit: TimeUnit,
    a: int,
    b: int,
    cutoff: time | None,
) -> None:
    small, large = sorted((a, b))
    assume(small != large)
    short = deadline(received, ProcessingTime(small, unit, cutoff), cal)
    long = deadline(received, ProcessingTime(large, unit, cutoff), cal)
    assert short.due_at <= long.due_at
    if unit is TimeUnit.WORKING_DAYS:
        assert short.due_at < long.due_at


@given(calendars, receipts, st.integers(1, 60), st.one_of(st.none(), afternoon_cutoffs))
def test_n_working_days_lie_between_counting_start_and_due_day(
    cal: WorkCalendar, received: datetime, n: int, cutoff: time | None
) -> None:
    d = deadline(received, ProcessingTime.working_days(n, cutoff=cutoff), cal)
    assert cal.working_days_between(d.counted_from, d.due_at.date()) == n
    assert d.due_at.date() == cal.add_working_days(d.counted_from, n)


@given(calendars, receipts, st.integers(1, 60))
def test_working_hours_consume_exactly_their_amount(
    cal: WorkCalendar, received: datetime, hours: int
) -> None:
    d = deadline(received, ProcessingTime.working_hours(hours), cal)
    assert cal.working_time_between(d.deemed_received_at, d.due_at) == timedelta(hours=hours)


@given(receipts, processing_times())
def test_any_zone_gives_the_same_deadline_as_local_time(
    received: datetime, pt: ProcessingTime
) -> None:
    assert deadline(received, pt, CAL) == deadline(received.astimezone(VIETNAM_TZ), pt, CAL)
