"""Properties of the feedback clock shared with the dossier clock: the same receipt and the
same working days give the same due moment as :func:`onestop.timing.deadline` and as a
dossier's legal clock, pauses move both alike, and every due moment is the close of office
of a working day, never before the receipt, monotone in the limit."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from onestop.dossier import Dossier
from onestop.feedback import FeedbackLimits, Step, limits_for
from onestop.procedures import default_catalog
from onestop.timing import ProcessingTime, deadline
from tests.feedback._helpers import CAL, item
from tests.strategies import any_zone_moments, vietnam_moments

#: Receipts from the first day of Decision 766 to the end of the confirmed calendar.
receipts = any_zone_moments(st.dates(date(2022, 6, 23), date(2026, 12, 31)))
steps = st.sampled_from(list(Step))
limit_days = st.integers(1, 40)
#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc, a dossier clock of three working days.
PATERNITY = default_catalog().get("1.001022", on=date(2026, 3, 2))
BASE = limits_for(date(2026, 1, 1))


def _with(days: int) -> FeedbackLimits:
    return attrs.evolve(BASE, answer=days, refuse=days, supplement_request=days, publish=days)


@given(receipts, steps.filter(lambda step: step is not Step.PUBLISH), limit_days)
def test_a_due_moment_is_the_deadline_of_the_same_working_days(
    received: datetime, step: Step, days: int
) -> None:
    fresh = item(received, limits=_with(days))
    expected = deadline(received, ProcessingTime.working_days(days), CAL)
    assert fresh.due(step) == expected.due_at
    assert fresh.deadline(step) == expected


@given(receipts, steps.filter(lambda step: step is not Step.PUBLISH), limit_days)
def test_a_due_moment_is_the_close_of_a_working_day_after_the_receipt(
    received: datetime, step: Step, days: int
) -> None:
    due = item(received, limits=_with(days)).due(step)
    assert due is not None
    assert due > received
    assert CAL.is_working_day(due.date())
    assert due == CAL.closing_time(due.date())


@given(receipts, steps.filter(lambda step: step is not Step.PUBLISH), limit_days, limit_days)
def test_a_due_moment_is_monotone_in_the_limit(
    received: datetime, step: Step, first: int, second: int
) -> None:
    short, long = sorted((first, second))
    earlier = item(received, limits=_with(short)).due(step)
    later = item(received, limits=_with(long)).due(step)
    assert earlier is not None
    assert later is not None
    assert earlier <= later


@given(receipts, st.integers(0, 20 * 24 * 60))
def test_the_publication_limit_counts_from_the_answer(received: datetime, minutes: int) -> None:
    at = received + timedelta(minutes=minutes)
    answered = item(received).answer(at=at)
    expected = deadline(at, ProcessingTime.working_days(2), CAL)
    assert answered.due(Step.PUBLISH) == expected.due_at


pause_offsets = st.tuples(st.integers(0, 10 * 24 * 60), st.integers(0, 10 * 24 * 60))


@given(vietnam_moments(st.dates(date(2022, 6, 23), date(2026, 10, 31))), pause_offsets, st.data())
def test_the_answer_clock_is_the_dossier_clock(
    received: datetime, offsets: tuple[int, int], data: st.DataObject
) -> None:
    # A feedback item with a 3-working-day answer limit and a dossier of a 3-working-day
    # procedure, received at the same moment, waiting for the same supplement: the same due
    # moment and the same remaining time, whatever the wait.
    asked = received + timedelta(minutes=offsets[0])
    back = asked + timedelta(minutes=offsets[1])
    fresh = item(received, limits=attrs.evolve(BASE, answer=3))
    dossier = Dossier.file(id="HS-1", procedure=PATERNITY, at=received, calendar=CAL)
    dossier = dossier.receive(at=received).start_processing(at=received)
    assert dossier.clock is not None
    assert fresh.due(Step.ANSWER) == dossier.clock.due_at
    fresh = fresh.request_supplement(at=asked)
    dossier = dossier.request_supplement(at=asked, missing=["Giấy tờ"])
    now = asked + timedelta(minutes=data.draw(st.integers(0, 20 * 24 * 60)))
    assert fresh.remaining(now) == dossier.remaining(now)
    fresh = fresh.receive_supplement(at=back)
    dossier = dossier.receive_supplement(at=back)
    assert dossier.clock is not None
    assert fresh.due(Step.ANSWER) == dossier.clock.due_at
    assert fresh.remaining(now + timedelta(days=30)) == dossier.remaining(now + timedelta(days=30))
