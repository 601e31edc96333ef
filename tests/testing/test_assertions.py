"""The assertion helpers: they pass when the rule holds and explain the computation when not."""

from datetime import UTC, date, datetime

import pytest

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier, Outcome
from onestop.errors import CalendarError
from onestop.procedures import default_catalog
from onestop.testing import (
    assert_classified,
    assert_dossier_due,
    assert_due,
    assert_not_working_day,
    assert_working_day,
)
from onestop.timing import DayEnd, ProcessingTime, ReceiptRules


def vn(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def dossier(received: datetime, code: str = "1.001022") -> Dossier:
    procedure = default_catalog().get(code, on=received.date())
    return Dossier.file(
        id="HS-T", procedure=procedure, at=received, calendar=WorkCalendar.vietnam()
    ).receive(at=received)


def test_working_day_passes_and_fails_with_the_reason() -> None:
    assert_working_day(date(2026, 2, 23))
    assert_working_day(date(2026, 1, 10), WorkCalendar.vietnam())  # a make-up Saturday
    with pytest.raises(AssertionError) as failure:
        assert_working_day(date(2026, 2, 16))
    message = str(failure.value)
    assert "expected a working day" in message
    assert "Monday 16/02/2026: not a working day. Lunar New Year holiday" in message
    assert "Labour Code 2019 art. 112(1)" in message


def test_not_working_day_passes_and_fails_with_the_source() -> None:
    assert_not_working_day(date(2026, 2, 17))
    assert_not_working_day(vn(2, 14, 10))  # a datetime counts by its local day
    with pytest.raises(AssertionError, match="VB 12729/VPCP-KGVX"):
        assert_not_working_day(date(2026, 1, 10))


def test_day_helpers_refuse_naive_datetimes_and_non_dates() -> None:
    with pytest.raises(CalendarError, match="naive datetime"):
        assert_working_day(datetime(2026, 3, 2, 9))
    with pytest.raises(TypeError, match=r"datetime\.date"):
        assert_working_day("2026-03-02")  # type: ignore[arg-type]


def test_due_passes_with_text_or_processing_time() -> None:
    received = vn(2, 13, 15, 20)
    found = assert_due(received, "03 ngày làm việc", vn(2, 25, 17))
    assert found.due_at == vn(2, 25, 17)
    # The same moment in another zone is the same moment.
    expected_utc = datetime(2026, 2, 25, 10, tzinfo=UTC)
    assert_due(received, ProcessingTime.working_days(3), expected_utc, WorkCalendar.vietnam())
    assert_due(
        received, "3 working days", vn(2, 26, 0), rules=ReceiptRules(day_ends=DayEnd.MIDNIGHT)
    )


def test_due_failure_explains_day_by_day() -> None:
    with pytest.raises(AssertionError) as failure:
        assert_due(vn(2, 13, 15, 20), "03 ngày làm việc", vn(2, 18, 17))
    message = str(failure.value)
    assert message.startswith(
        "due moment differs: expected Wednesday 18/02/2026 17:00 (2026-02-18T17:00:00+07:00), "
        "computed Wednesday 25/02/2026 17:00"
    )
    assert "16/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))" in message
    assert "14/02/2026 skipped: Weekly rest day (Saturday)" in message
    assert "23/02/2026 working day 1" in message
    assert message.endswith("Due: Wednesday 25/02/2026 17:00 (close of office)")


def test_due_refuses_naive_moments() -> None:
    with pytest.raises(CalendarError, match="naive datetime"):
        assert_due(datetime(2026, 2, 13, 15, 20), "03 ngày làm việc", vn(2, 25, 17))
    with pytest.raises(CalendarError, match="naive datetime"):
        assert_due(vn(2, 13, 15, 20), "03 ngày làm việc", datetime(2026, 2, 25, 17))


def test_dossier_due_passes_and_explains_pauses() -> None:
    d = dossier(vn(3, 2, 9))
    assert_dossier_due(d, vn(3, 5, 17))
    paused = (
        d.start_processing(at=vn(3, 2, 10))
        .request_supplement(at=vn(3, 3, 9), missing=["copy of ID"])
        .receive_supplement(at=vn(3, 4, 9))
    )
    with pytest.raises(AssertionError) as failure:
        assert_dossier_due(paused, vn(3, 5, 17))
    message = str(failure.value)
    assert "dossier HS-T (procedure 1.001022): due moment differs" in message
    assert "03/03/2026 working day 1" in message
    assert "Paused (supplement): Tuesday 03/03/2026 09:00" in message
    assert "Paused working time: 7:30:00; legal due: Friday 06/03/2026 17:00" in message


def test_classified_passes_with_outcome_or_value() -> None:
    d = dossier(vn(3, 2, 9))
    assert_classified(d.finish(at=vn(3, 3, 10)), Outcome.EARLY)
    assert_classified(d.finish(at=vn(3, 5, 16)), "on_time")
    assert_classified(d, "open", now=vn(3, 4, 9))
    found = assert_classified(d, "late", now=vn(3, 6, 9))
    assert found.appointment == vn(3, 5, 17)


def test_classified_failure_shows_appointment_measure_and_days() -> None:
    late = dossier(vn(3, 2, 9)).finish(at=vn(3, 9, 9))
    with pytest.raises(AssertionError) as failure:
        assert_classified(late, "on_time")
    message = str(failure.value)
    assert message.startswith("dossier HS-T (procedure 1.001022) is late, expected on_time")
    assert "Appointment: Thursday 05/03/2026 17:00" in message
    assert "Measured at: Monday 09/03/2026 09:00" in message
    assert "legal outcome: late" in message
    assert "05/03/2026 working day 3" in message


def test_classified_failure_with_now_and_unreceived_dossier() -> None:
    d = dossier(vn(3, 2, 9))
    with pytest.raises(AssertionError, match=r"is open, expected late \(now = Wednesday"):
        assert_classified(d, "late", now=vn(3, 4, 9))
    filed = Dossier.file(
        id="HS-U",
        procedure=default_catalog().get("1.001022", on=date(2026, 3, 2)),
        at=vn(3, 2, 9),
        calendar=WorkCalendar.vietnam(),
    )
    with pytest.raises(AssertionError, match="never received"):
        assert_classified(filed, "late")


def test_classified_refuses_unknown_outcomes_and_naive_now() -> None:
    d = dossier(vn(3, 2, 9))
    with pytest.raises(ValueError, match="unknown outcome 'tardy'; known outcomes: early"):
        assert_classified(d, "tardy")
    with pytest.raises(CalendarError, match="naive datetime"):
        assert_classified(d, "open", now=datetime(2026, 3, 4, 9))
