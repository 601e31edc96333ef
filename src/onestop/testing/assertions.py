"""Assertions that read like the law, with failures that show the computation.

Each helper raises :class:`AssertionError` when the rule does not hold, so pytest reports a
test failure; the message is onestop's own explanation: the calendar's reason and source for
a day, the day-by-day count of a deadline, the appointment and measured moment of a
classification. Naive datetimes are refused as everywhere in onestop (a
:class:`~onestop.errors.CalendarError`, not an assertion failure): a test that does not say
its time zone is a broken test, not a failing rule.

Examples:
    >>> from datetime import date, datetime
    >>> from onestop.calendar import VIETNAM_TZ
    >>> assert_working_day(date(2026, 2, 23))
    >>> assert_not_working_day(date(2026, 2, 17))
    >>> assert_due(datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ), "03 ngày làm việc",
    ...            datetime(2026, 2, 25, 17, 0, tzinfo=VIETNAM_TZ)).due_at.isoformat()
    '2026-02-25T17:00:00+07:00'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from onestop.calendar import WorkCalendar, to_local
from onestop.timing import Deadline, ProcessingTime, ReceiptRules, deadline

if TYPE_CHECKING:
    from onestop.dossier import Classification, Dossier, Outcome

__all__ = [
    "assert_classified",
    "assert_dossier_due",
    "assert_due",
    "assert_not_working_day",
    "assert_working_day",
]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _moment(moment: datetime | None) -> str:
    if moment is None:
        return "none"
    local = to_local(moment)
    return f"{_WEEKDAYS[local.weekday()]} {local:%d/%m/%Y %H:%M} ({local.isoformat()})"


def _day(day: date | datetime) -> date:
    # A datetime is a date too: take its local day, refusing a naive one.
    if isinstance(day, datetime):
        return to_local(day).date()
    if not isinstance(day, date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__} {day!r}")
    return day


def _check_day(day: date | datetime, calendar: WorkCalendar | None, worked: bool) -> None:
    calendar = WorkCalendar.vietnam() if calendar is None else calendar
    explanation = calendar.explain(_day(day))
    if explanation.is_working_day is not worked:
        expected = "a working day" if worked else "not a working day"
        raise AssertionError(f"expected {expected}:\n{explanation.en}\n{explanation.vi}")


def assert_working_day(day: date | datetime, calendar: WorkCalendar | None = None) -> None:
    """Assert that ``day`` is worked on ``calendar`` (the national calendar by default).

    Examples:
        >>> from datetime import date
        >>> assert_working_day(date(2026, 2, 17))
        Traceback (most recent call last):
        ...
        AssertionError: expected a working day:
        Tuesday 17/02/2026: not a working day. Lunar New Year holiday (Labour Code 2019 art. 112(1))
        Thứ Ba 17/02/2026: ngày nghỉ. Nghỉ Tết Nguyên Đán (khoản 1 Điều 112 Bộ luật Lao động 2019)
    """
    _check_day(day, calendar, worked=True)


def assert_not_working_day(day: date | datetime, calendar: WorkCalendar | None = None) -> None:
    """Assert that ``day`` is not worked on ``calendar`` (the national calendar by default).

    Examples:
        >>> from datetime import date
        >>> assert_not_working_day(date(2026, 1, 10))
        Traceback (most recent call last):
        ...
        AssertionError: expected not a working day:
        Saturday 10/01/2026: working day. Make-up working day for 2 January 2026 (VB 12729/VPCP-KGVX (25/12/2025)); also: Weekly rest day (Saturday) (Decision 188/1999/QĐ-TTg)
        ...
    """
    _check_day(day, calendar, worked=False)


def assert_due(
    received_at: datetime,
    processing_time: ProcessingTime | str,
    expected: datetime,
    calendar: WorkCalendar | None = None,
    rules: ReceiptRules | None = None,
) -> Deadline:
    """Assert that a dossier received at ``received_at`` with ``processing_time`` (or its
    wording, as :meth:`ProcessingTime.parse` reads it) is due at ``expected``; returns the
    :class:`~onestop.timing.Deadline` for further checks.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ
        >>> assert_due(datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ), "03 ngày làm việc",
        ...            datetime(2026, 2, 18, 17, 0, tzinfo=VIETNAM_TZ))
        Traceback (most recent call last):
        ...
        AssertionError: due moment differs: expected Wednesday 18/02/2026 17:00 (2026-02-18T17:00:00+07:00), computed Wednesday 25/02/2026 17:00 (2026-02-25T17:00:00+07:00)
        Received: Friday 13/02/2026 15:20
        ...
          16/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))
        ...
        Due: Wednesday 25/02/2026 17:00 (close of office)
    """
    local_received = to_local(received_at)
    local_expected = to_local(expected)
    if isinstance(processing_time, str):
        processing_time = ProcessingTime.parse(processing_time)
    calendar = WorkCalendar.vietnam() if calendar is None else calendar
    rules = ReceiptRules() if rules is None else rules
    computed = deadline(local_received, processing_time, calendar, rules)
    if computed.due_at != local_expected:
        raise AssertionError(
            f"due moment differs: expected {_moment(local_expected)}, computed "
            f"{_moment(computed.due_at)}\n{computed.explain()}"
        )
    return computed


def _dossier_lines(dossier: Dossier) -> list[str]:
    """The dossier's clock: its statutory deadline step by step, then its pauses."""
    clock = dossier.clock
    if clock is None:
        return ["Clock: not started (the dossier was never received)"]
    if clock.deadline is None:
        return ["Clock: the procedure sets no time limit"]
    lines = [clock.deadline.explain()]
    for pause in clock.pauses:
        end = "still paused" if pause.end is None else _moment(pause.end)
        lines.append(f"Paused ({pause.reason.value}): {_moment(pause.start)} → {end}")
    if clock.pauses:
        lines.append(
            f"Paused working time: {clock.paused_time}; legal due: {_moment(clock.due_at)}"
        )
    return lines


def assert_dossier_due(dossier: Dossier, expected: datetime) -> None:
    """Assert that the legal due moment of ``dossier`` (its statutory deadline moved by the
    paused working time) is ``expected``.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.dossier import Dossier
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> d = Dossier.file(id="HS-1", procedure=default_catalog().get("1.001022", on=at.date()),
        ...                  at=at, calendar=WorkCalendar.vietnam()).receive(at=at)
        >>> assert_dossier_due(d, datetime(2026, 3, 5, 17, tzinfo=VIETNAM_TZ))
    """
    local_expected = to_local(expected)
    clock = dossier.clock
    due = None if clock is None else clock.due_at
    if due != local_expected:
        lines = [
            f"dossier {dossier.id} (procedure {dossier.procedure.code}): due moment differs: "
            f"expected {_moment(local_expected)}, computed {_moment(due)}",
            *_dossier_lines(dossier),
        ]
        raise AssertionError("\n".join(lines))


def assert_classified(
    dossier: Dossier, expected: Outcome | str, now: datetime | None = None
) -> Classification:
    """Assert that ``dossier`` is classified ``expected`` (an :class:`Outcome` or its value,
    such as ``"late"``), measured at its end of processing or at ``now``; returns the
    :class:`~onestop.dossier.Classification`.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.dossier import Dossier
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> d = Dossier.file(id="HS-1", procedure=default_catalog().get("1.001022", on=at.date()),
        ...                  at=at, calendar=WorkCalendar.vietnam()).receive(at=at)
        >>> late = d.finish(at=datetime(2026, 3, 9, 9, tzinfo=VIETNAM_TZ))
        >>> assert_classified(late, "on_time")
        Traceback (most recent call last):
        ...
        AssertionError: dossier HS-1 (procedure 1.001022) is late, expected on_time
        Appointment: Thursday 05/03/2026 17:00 (2026-03-05T17:00:00+07:00)
        Measured at: Monday 09/03/2026 09:00 (2026-03-09T09:00:00+07:00)
        ...
    """
    from onestop.dossier import Outcome

    if isinstance(expected, str):
        try:
            expected = Outcome(expected)
        except ValueError:
            known = ", ".join(outcome.value for outcome in Outcome)
            raise ValueError(f"unknown outcome {expected!r}; known outcomes: {known}") from None
    local_now = None if now is None else to_local(now)
    found = dossier.classify(local_now)
    if found.outcome is not expected:
        measured = "" if local_now is None else f" (now = {_moment(local_now)})"
        lines = [
            f"dossier {dossier.id} (procedure {dossier.procedure.code}) is "
            f"{found.outcome.value}, expected {expected.value}{measured}",
            f"Appointment: {_moment(found.appointment)}",
            f"Measured at: {_moment(found.measured_at)}",
            f"Legal due: {_moment(found.due_at)} (legal outcome: {found.legal_outcome.value})",
            f"Rules: {dossier.rules.name}, granularity {dossier.rules.granularity.value}",
        ]
        lines.extend(f"Reason: {reason}" for reason in found.reasons)
        lines.extend(_dossier_lines(dossier))
        raise AssertionError("\n".join(lines))
    return found
