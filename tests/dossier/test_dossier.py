"""Dossier commands, the legal clock, classification and the apology rule, each with the
example it comes from (law.md §1.1–1.7, rules.md "Lifecycle" and "Classification",
practice.md §2)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import attrs
import pytest

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import (
    DECREE_61,
    DECREE_118,
    ApologyStatus,
    Applicant,
    CountingStart,
    Dossier,
    Filed,
    Granularity,
    Outcome,
    PauseReason,
    Received,
    State,
    SupplementPolicy,
    missing_apologies,
)
from onestop.errors import DossierError, DossierLogError, OnestopError, TransitionError
from onestop.procedures import Channel, Procedure, default_catalog
from onestop.testing import assert_classified
from onestop.timing import ProcessingTime

CAL = WorkCalendar.vietnam()
CATALOG = default_catalog()
#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc (Law 60/2014/QH13 art. 25).
PATERNITY = CATALOG.get("1.001022", on=date(2026, 3, 2))
#: Đăng ký kết hôn: same day, 15:00 cutoff (Law 60/2014/QH13 arts. 5(3), 18).
MARRIAGE = CATALOG.get("1.000894", on=date(2026, 3, 2))
NO_LIMIT = attrs.evolve(PATERNITY, processing_time=None, channels=())


def vn(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)


MONDAY_9 = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)


def received(
    at: datetime = MONDAY_9,
    procedure: Procedure = PATERNITY,
    calendar: WorkCalendar = CAL,
    **file_options: object,
) -> Dossier:
    dossier = Dossier.file(id="HS-1", procedure=procedure, at=at, calendar=calendar, **file_options)  # type: ignore[arg-type]
    return dossier.receive(at=at, by="desk-1", receipt_number="000.00.30.H17-260302-0001")


# ------------------------------------------------------------------ receipt and the slip


def test_friday_before_tet_receipt_promises_the_third_working_day_after_tet() -> None:
    """Civil Code 2015 art. 147 (first day not counted) and the Tết break of 2026
    (calendar.md): received Friday 13/02/2026 16:10, 3 working days → 25/02 17:00."""
    d = received(vn(2, 13, 16, 10))
    assert d.state is State.RECEIVED
    assert d.clock is not None
    assert d.clock.promised_at == vn(2, 25, 17)
    assert d.clock.slip_promise == d.clock.due_at == vn(2, 25, 17)
    assert d.rules is DECREE_118


def test_same_day_procedure_after_the_cutoff_is_due_the_next_working_day() -> None:
    """Law 60/2014/QH13 art. 5(3): received after 15:00 → the next working day."""
    assert received(vn(3, 2, 15, 30), MARRIAGE).clock.promised_at == vn(3, 3, 17)  # type: ignore[union-attr]
    assert received(vn(3, 2, 14, 59), MARRIAGE).clock.promised_at == vn(3, 2, 17)  # type: ignore[union-attr]


def test_a_dossier_filed_on_saturday_does_not_count_saturday() -> None:
    """practice.md §2.1: a production system starts counting on Saturday; onestop does not.
    Filed online Saturday 07/03/2026, counted from the filing: deemed Monday 09/03 07:30,
    3 working days → Thursday 12/03."""
    rules = attrs.evolve(DECREE_118, counting_starts=CountingStart.FILING)
    d = Dossier.file(
        id="HS-2",
        procedure=PATERNITY,
        at=vn(3, 7, 10),
        calendar=CAL,
        channel=Channel.ONLINE,
        rules=rules,
    ).receive(at=vn(3, 9, 9))
    assert d.clock is not None
    assert d.clock.promised_at == vn(3, 12, 17)
    # By default the clock starts at the desk's receipt (Monday 09:00): due Thursday too.
    default = Dossier.file(
        id="HS-2", procedure=PATERNITY, at=vn(3, 6, 16), calendar=CAL, channel=Channel.ONLINE
    ).receive(at=vn(3, 9, 9))
    assert default.clock is not None
    assert default.clock.started_at == vn(3, 9, 9)
    with_filing = Dossier.file(
        id="HS-2",
        procedure=PATERNITY,
        at=vn(3, 6, 16),
        calendar=CAL,
        channel=Channel.ONLINE,
        rules=rules,
    ).receive(at=vn(3, 9, 9))
    assert with_filing.clock is not None
    assert with_filing.clock.promised_at == vn(3, 11, 17)


def test_a_procedure_without_a_time_limit_has_no_appointment() -> None:
    d = received(procedure=NO_LIMIT)
    assert d.clock is not None
    assert d.clock.promised_at is None
    assert d.clock.due_at is None
    assert d.remaining(vn(3, 3, 9)) is None
    assert not d.is_overdue(vn(9, 3, 9))
    assert d.classify(vn(4, 1, 9)).outcome is Outcome.UNCOUNTED
    assert d.apology(vn(4, 1, 9)).status is ApologyStatus.NOT_REQUIRED


def test_the_desk_asks_for_completion_before_receipt_without_starting_the_clock() -> None:
    """law.md §1.1 outcome 2: incomplete → supplement request (form 02), not received."""
    d = Dossier.file(id="HS-3", procedure=PATERNITY, at=vn(3, 2, 9), calendar=CAL)
    d = d.request_completion(at=vn(3, 2, 9, 10), missing=["Tờ khai đăng ký nhận cha, mẹ, con"])
    assert d.state is State.AWAITING_COMPLETION
    assert d.clock is None
    d = d.complete(at=vn(3, 4, 8)).receive(at=vn(3, 4, 8, 15))
    assert d.clock is not None
    assert d.clock.promised_at == vn(3, 9, 17)
    assert d.clock.supplement_requests == 0


def test_refusal_at_the_desk_ends_the_dossier_uncounted() -> None:
    """law.md §1.1 outcome 3: refused with a refusal slip (form 03); no clock ran."""
    d = Dossier.file(id="HS-4", procedure=PATERNITY, at=vn(3, 2, 9), calendar=CAL)
    d = d.refuse_at_desk(at=vn(3, 2, 9, 5), reason="Không thuộc thẩm quyền giải quyết")
    assert d.state is State.REFUSED_AT_DESK
    assert d.ended_at == vn(3, 2, 9, 5)
    assert d.classify().outcome is Outcome.UNCOUNTED
    assert d.classify().reasons == ("never received",)
    assert d.allowed_commands == ()


# ------------------------------------------------------------------ the clock


def test_the_clock_pauses_in_working_time_while_waiting_for_the_citizen() -> None:
    """rules.md: the clock pauses during a supplement request (Decision 766 indicator 2.1
    subtracts that interval), measured in working time: Monday 11:30 → Tuesday 10:00 is 3 h 30 + 2 h 30 = 6 h of sessions."""
    d = received().start_processing(at=vn(3, 2, 10))
    d = d.request_supplement(at=vn(3, 2, 11, 30), missing=["Giấy chứng sinh"])
    assert d.clock is not None
    assert d.clock.paused
    frozen = d.remaining(vn(3, 2, 14))
    # Monday 13:30–17:00, then Tuesday to Thursday: 3 h 30 + 3 × 7 h 30.
    assert frozen == d.remaining(vn(3, 20, 9)) == timedelta(hours=26)
    assert not d.is_overdue(vn(3, 30, 9))
    d = d.receive_supplement(at=vn(3, 3, 10))
    assert d.clock is not None
    assert not d.clock.paused
    assert d.clock.pauses[0].reason is PauseReason.SUPPLEMENT
    assert d.clock.paused_time == timedelta(hours=6)
    # 05/03 17:00 + 6 working hours = 06/03 15:30 (07:30–11:30, 13:30–15:30).
    assert d.clock.due_at == d.clock.appointment == vn(3, 6, 15, 30)
    assert d.clock.promised_at == vn(3, 5, 17)  # the slip does not change
    assert d.remaining(vn(3, 6, 14)) == timedelta(hours=1, minutes=30)
    assert d.is_overdue(vn(3, 6, 15, 31))
    assert not d.is_overdue(vn(3, 6, 15, 30))


def test_the_restart_policy_runs_the_full_limit_again_with_a_new_appointment() -> None:
    """practice.md §2.4 "theo Nghị định": the appointment is recomputed from the moment the
    papers arrive with the full time limit."""
    rules = attrs.evolve(DECREE_118, supplement_policy=SupplementPolicy.RESTART)
    d = Dossier.file(id="HS-5", procedure=PATERNITY, at=vn(3, 2, 9), calendar=CAL, rules=rules)
    d = d.receive(at=vn(3, 2, 9)).start_processing(at=vn(3, 2, 10))
    d = d.request_supplement(at=vn(3, 4, 9), missing=["Giấy chứng sinh"]).receive_supplement(
        at=vn(3, 6, 10)
    )
    assert d.clock is not None
    assert d.clock.started_at == vn(3, 6, 10)
    assert d.clock.due_at == d.clock.promised_at == d.clock.slip_promise == vn(3, 11, 17)
    assert d.clock.paused_time == timedelta(0)


def test_payment_pauses_the_clock_only_where_configured() -> None:
    """rules.md: the fee/tax wait (status 6) pauses the clock where configured."""
    base = received().start_processing(at=vn(3, 2, 10))
    d = base.request_payment(at=vn(3, 3, 9), amount_vnd=8000).receive_payment(at=vn(3, 3, 11))
    assert d.clock is not None
    assert d.clock.paused_time == timedelta(0)
    rules = attrs.evolve(DECREE_118, payment_pauses_clock=True)
    configured = attrs.evolve(base, rules_override=rules)
    d = configured.request_payment(at=vn(3, 3, 9), amount_vnd=8000).receive_payment(at=vn(3, 3, 11))
    assert d.clock is not None
    assert d.clock.paused_time == timedelta(hours=2)
    assert d.clock.pauses[0].reason is PauseReason.PAYMENT


def test_a_suspension_needs_its_legal_ground_and_pauses_the_clock() -> None:
    d = received().start_processing(at=vn(3, 2, 10))
    with pytest.raises(DossierError, match="legal_basis is required"):
        d.suspend(at=vn(3, 3, 9), reason="Xác minh", legal_basis=" ")
    d = d.suspend(at=vn(3, 3, 9), reason="Xác minh", legal_basis="Điều 25 Luật Hộ tịch")
    assert d.state is State.SUSPENDED
    assert d.state.national_status == 8
    d = d.resume(at=vn(3, 3, 10))
    assert d.clock is not None
    assert d.clock.paused_time == timedelta(hours=1)
    assert d.clock.pauses[0].reason is PauseReason.SUSPENSION


def test_a_calendar_change_moves_the_legal_date_not_the_promise() -> None:
    """A storm closure announced after receipt: the legal due moment moves a day, the slip
    keeps its date, and the difference shows in the classification."""
    d = received()
    stormy = CAL.with_closures({date(2026, 3, 4): "Bão số 3"}, source="Công điện ứng phó bão")
    moved = Dossier(d.id, d.procedure, stormy, d.events)
    assert moved.clock is not None
    assert moved.clock.promised_at == vn(3, 5, 17)
    assert moved.clock.due_at == vn(3, 6, 17)
    done = moved.finish(at=vn(3, 6, 9)).return_result(at=vn(3, 6, 10))
    verdict = done.classify()
    assert verdict.outcome is Outcome.LATE
    assert verdict.legal_outcome is Outcome.ON_TIME


# ------------------------------------------------------------------ classification


@pytest.mark.parametrize(
    ("finished", "outcome"),
    [
        (vn(3, 4, 16), Outcome.EARLY),
        (vn(3, 5, 8), Outcome.ON_TIME),
        (vn(3, 5, 17, 30), Outcome.ON_TIME),  # by day: still the appointment day
        (vn(3, 6, 8), Outcome.LATE),
    ],
)
def test_classified_by_day_against_the_appointment(finished: datetime, outcome: Outcome) -> None:
    """rules.md: on time ⇔ end ≤ appointment, early ⇔ strictly before, by day by default
    (practice.md §2.6). Received Monday 02/03 09:00, due Thursday 05/03 17:00."""
    d = received().start_processing(at=vn(3, 2, 10)).finish(at=finished)
    verdict = assert_classified(d, outcome)  # the testing kit's helper, dogfooded
    assert verdict.measured_at == finished
    assert verdict.appointment == vn(3, 5, 17)


def test_classified_by_minute_when_chosen() -> None:
    """practice.md §2.6 (OpenCPS compares timestamps)."""
    rules = attrs.evolve(DECREE_118, granularity=Granularity.MINUTE)
    d = Dossier.file(id="HS-6", procedure=PATERNITY, at=vn(3, 2, 9), calendar=CAL, rules=rules)
    d = d.receive(at=vn(3, 2, 9))
    assert d.finish(at=vn(3, 5, 17, 0)).classify().outcome is Outcome.ON_TIME
    assert d.finish(at=vn(3, 5, 16, 59)).classify().outcome is Outcome.EARLY
    assert d.finish(at=vn(3, 5, 17, 1)).classify().outcome is Outcome.LATE


def test_the_end_of_processing_is_the_result_not_the_return() -> None:
    """rules.md: end of processing = first of result ready, returned, stopped/refused."""
    d = received().start_processing(at=vn(3, 2, 10)).finish(at=vn(3, 5, 9))
    d = d.return_result(at=vn(3, 10, 9))
    assert d.ended_at == vn(3, 5, 9)
    assert d.classify().outcome is Outcome.ON_TIME


def test_more_than_one_supplement_request_counts_as_late() -> None:
    """Decision 766/QĐ-TTg indicator 2.1: "Yêu cầu bổ sung hồ sơ hơn 01 lần thì tính quá
    hạn" [S]."""
    d = received().start_processing(at=vn(3, 2, 10))
    once = d.request_supplement(at=vn(3, 2, 11), missing=["A"]).receive_supplement(at=vn(3, 2, 14))
    assert once.finish(at=vn(3, 3, 9)).classify().outcome is Outcome.EARLY
    twice = once.request_supplement(at=vn(3, 3, 9), missing=["B"]).receive_supplement(
        at=vn(3, 3, 10)
    )
    verdict = twice.finish(at=vn(3, 3, 11)).classify()
    assert verdict.outcome is Outcome.LATE
    assert verdict.legal_outcome is Outcome.EARLY
    assert "2 supplement requests" in verdict.reasons[0]
    off = attrs.evolve(
        twice, rules_override=attrs.evolve(DECREE_118, late_after_supplement_requests=None)
    )
    assert off.finish(at=vn(3, 3, 11)).classify().outcome is Outcome.EARLY


def test_a_dossier_stopped_while_waiting_for_the_citizen_is_measured_at_the_request() -> None:
    """Decision 766 indicator 2.1 [S]: a pending supplement request ends the clock at the
    request time."""
    d = (
        received()
        .start_processing(at=vn(3, 2, 10))
        .request_supplement(at=vn(3, 4, 9), missing=["A"])
    )
    d = d.stop(at=vn(3, 30, 9), reason="Công dân không bổ sung hồ sơ")
    verdict = d.classify()
    assert verdict.measured_at == vn(3, 4, 9)
    assert verdict.outcome is Outcome.EARLY


def test_open_dossiers_are_open_until_past_the_appointment() -> None:
    d = received().start_processing(at=vn(3, 2, 10))
    assert d.classify().outcome is Outcome.OPEN
    assert d.classify(vn(3, 5, 16)).outcome is Outcome.OPEN
    assert d.classify(vn(3, 6, 8)).outcome is Outcome.LATE
    assert d.is_overdue(vn(3, 5, 17, 1))
    assert not d.is_overdue(vn(3, 5, 17))


def test_withdrawal_ends_processing() -> None:
    d = received().withdraw(at=vn(3, 3, 9), reason="Công dân rút hồ sơ")
    assert d.state is State.WITHDRAWN
    assert d.ended_at == vn(3, 3, 9)
    assert d.classify().outcome is Outcome.EARLY


# ------------------------------------------------------------------ extension and apology


def test_late_dossier_with_an_apology_in_time() -> None:
    """law.md §1.3: an apology with the reason and a new date, at the latest one (working)
    day before the due date; the new date stands, the dossier is still late."""
    d = received().start_processing(at=vn(3, 2, 10))
    d = d.extend(at=vn(3, 4, 10), reason="Cần xác minh thêm", new_due=vn(3, 10, 17))
    assert d.clock is not None
    assert d.clock.promised_at == vn(3, 10, 17)
    assert d.clock.extensions == 1
    assert d.clock.slip_promise == vn(3, 5, 17)
    d = d.finish(at=vn(3, 9, 9))
    assert d.classify().outcome is Outcome.LATE
    check = d.apology()
    assert check.status is ApologyStatus.SENT_IN_TIME
    assert check.required_by == vn(3, 4, 17)
    assert check.new_due == vn(3, 10, 17)


def test_an_apology_sent_on_the_due_day_is_late() -> None:
    d = received().extend(at=vn(3, 5, 9), reason="Cần xác minh", new_due=vn(3, 9, 17))
    assert d.apology().status is ApologyStatus.SENT_LATE


def test_a_late_dossier_without_an_apology_misses_it() -> None:
    d = received().start_processing(at=vn(3, 2, 10))
    assert d.apology(vn(3, 4, 9)).status is ApologyStatus.NOT_REQUIRED
    assert d.apology(vn(3, 6, 9)).status is ApologyStatus.MISSING
    assert d.finish(at=vn(3, 6, 9)).apology().status is ApologyStatus.MISSING
    assert d.finish(at=vn(3, 5, 9)).apology().status is ApologyStatus.NOT_REQUIRED


def test_the_dossiers_that_miss_their_apology_are_listed() -> None:
    on_time = received().finish(at=vn(3, 5, 9))
    silent = received().finish(at=vn(3, 9, 9))
    tardy = received().extend(at=vn(3, 5, 9), reason="Xác minh", new_due=vn(3, 9, 17))
    apologised = received().extend(at=vn(3, 3, 9), reason="Xác minh", new_due=vn(3, 9, 17))
    found = missing_apologies([on_time, silent, tardy, apologised])
    assert [(d is silent or d is tardy, check.status) for d, check in found] == [
        (True, ApologyStatus.MISSING),
        (True, ApologyStatus.SENT_LATE),
    ]
    open_and_late = received()
    assert missing_apologies([open_and_late]) == ()
    assert missing_apologies([open_and_late], vn(3, 6, 9))[0][1].status is ApologyStatus.MISSING


def test_the_return_date_is_reset_at_most_once() -> None:
    """law.md §1.3: "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần"."""
    d = received().extend(at=vn(3, 4, 10), reason="Xác minh", new_due=vn(3, 10, 17))
    with pytest.raises(TransitionError, match="at most 1 time"):
        d.extend(at=vn(3, 9, 10), reason="Xác minh lần hai", new_due=vn(3, 13, 17))


def test_the_new_date_must_be_later_than_the_promise() -> None:
    with pytest.raises(TransitionError, match="must be later than the current promise"):
        received().extend(at=vn(3, 4, 10), reason="Xác minh", new_due=vn(3, 5, 17))


# ------------------------------------------------------------------ on the spot


def test_same_day_procedures_settle_on_the_spot() -> None:
    d = received(vn(3, 2, 9), MARRIAGE).settle_on_the_spot(at=vn(3, 2, 9, 40))
    assert d.state is State.RETURNED
    assert d.classify().outcome is Outcome.ON_TIME


def test_first_sunday_session_settles_flagged_procedures_on_the_spot() -> None:
    """rules.md: the first-Sunday session ("Ngày Chủ nhật gần Dân") receives, settles and
    returns on the spot; it does not change deadlines, so the slip still counts from the
    next working session and a result on Sunday is early."""
    sunday = CAL.with_first_sunday_sessions(start=date(2026, 1, 1), source="Kế hoạch UBND phường")
    flagged = attrs.evolve(PATERNITY, on_the_spot=True)
    d = received(vn(3, 1, 8), flagged, sunday).settle_on_the_spot(at=vn(3, 1, 9))
    assert d.classify().outcome is Outcome.EARLY
    with pytest.raises(TransitionError, match="not settled on the spot"):
        received(vn(3, 1, 8), PATERNITY, sunday).settle_on_the_spot(at=vn(3, 1, 9))
    with pytest.raises(TransitionError, match="on the day of receipt"):
        received(vn(3, 1, 8), flagged, sunday).settle_on_the_spot(at=vn(3, 2, 9))


# ------------------------------------------------------------------ commands and errors


def test_an_illegal_command_names_state_command_and_allowed_commands_and_changes_nothing() -> None:
    d = received()
    events = d.events
    with pytest.raises(TransitionError) as caught:
        d.receive_supplement(at=vn(3, 3, 9))
    error = caught.value
    assert (error.state, error.command) == ("received", "receive_supplement")
    assert "start_processing" in error.allowed
    assert "withdraw" in error.allowed
    assert "allowed now: transfer, start_processing" in str(error)
    assert d.events is events
    assert isinstance(error, OnestopError)


def test_time_never_goes_backwards() -> None:
    with pytest.raises(TransitionError, match="time never goes backwards"):
        received().transfer(at=vn(3, 2, 8), to_unit="Công chức tư pháp - hộ tịch")


def test_naive_times_are_refused() -> None:
    with pytest.raises(DossierError, match="naive"):
        received().transfer(at=datetime(2026, 3, 3, 9))


def test_bad_command_arguments_are_refused_before_anything_changes() -> None:
    d = received().start_processing(at=vn(3, 2, 10))
    with pytest.raises(DossierError, match="at least one paper"):
        d.request_supplement(at=vn(3, 3, 9), missing=[])
    with pytest.raises(DossierError, match="reason is required"):
        d.stop(at=vn(3, 3, 9), reason="")
    with pytest.raises(DossierError, match="amount_vnd"):
        d.request_payment(at=vn(3, 3, 9), amount_vnd=-5)
    with pytest.raises(DossierError, match="non-empty id"):
        Dossier.file(id=" ", procedure=PATERNITY, at=vn(3, 2, 9), calendar=CAL)
    assert d.request_supplement(at=vn(3, 3, 9), missing="Giấy chứng sinh").events[-1].missing == (  # type: ignore[attr-defined]
        "Giấy chứng sinh",
    )


def test_a_2024_dossier_is_judged_by_decree_61() -> None:
    d = received(vn(3, 4, 9, year=2024))
    assert d.rules is DECREE_61
    assert d.clock is not None
    assert d.clock.promised_at == vn(3, 7, 17, year=2024)


def test_events_convert_to_vietnam_time() -> None:
    from datetime import UTC

    d = Dossier.file(
        id="HS-8", procedure=PATERNITY, at=datetime(2026, 3, 2, 2, tzinfo=UTC), calendar=CAL
    )
    assert d.filed_at == vn(3, 2, 9)
    assert d.filed_at.tzinfo is VIETNAM_TZ


# ------------------------------------------------------------------ replay and storage


def test_a_log_that_does_not_start_with_filing_is_refused() -> None:
    with pytest.raises(DossierLogError, match="event 0: a dossier starts with a file event"):
        Dossier("HS-9", PATERNITY, CAL, [Received(at=vn(3, 2, 9))])
    with pytest.raises(DossierLogError, match="event 0: a dossier has at least"):
        Dossier("HS-9", PATERNITY, CAL, [])
    with pytest.raises(DossierLogError, match="event 1: not an event"):
        Dossier("HS-9", PATERNITY, CAL, [Filed(at=vn(3, 2, 9)), "receive"])  # type: ignore[list-item]
    with pytest.raises(DossierLogError, match="event 1: file is not a transition"):
        Dossier("HS-9", PATERNITY, CAL, [Filed(at=vn(3, 2, 9)), Filed(at=vn(3, 2, 9))])


def test_json_round_trip_is_identity() -> None:
    applicant = Applicant(name="Trần Thị Bình", id_number="048190000321", phone="0905111222")
    d = received(applicant=applicant).start_processing(at=vn(3, 2, 10))
    d = d.request_supplement(at=vn(3, 3, 9), missing=["Giấy chứng sinh"], reason="Thiếu giấy tờ")
    d = d.receive_supplement(at=vn(3, 4, 9)).extend(
        at=vn(3, 4, 10), reason="Xác minh", new_due=vn(3, 12, 17)
    )
    d = d.finish(at=vn(3, 10, 9), result="Trích lục").return_result(at=vn(3, 10, 10))
    again = Dossier.from_json(d.to_json(), procedure=CATALOG, calendar=CAL)
    assert again == d
    assert again.classify() == d.classify()
    assert again.applicant == applicant


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[", "event 0: not JSON"),
        ('{"id": "x"}', "exactly"),
        ('{"id": "x", "procedure": "1.001022", "events": []}', "non-empty list"),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00"}, {"type": "teleport", "at": "2026-03-02T09:00:00+07:00"}]}',
            "event 1: unknown event type 'teleport'",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00", "colour": 1}]}',
            "event 0: file event has unknown fields \\['colour'\\]",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00"}]}',
            "event 0: .*naive",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": 5}]}',
            "event 0: file.at must be an ISO 8601 string",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "yesterday"}]}',
            "not an ISO 8601 moment",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00", "channel": "fax"}]}',
            "channel 'fax' is not one of",
        ),
        (
            '{"id": "x", "procedure": "9.999999", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00"}]}',
            "procedure '9.999999' is not in catalog",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00"}, {"type": "request_completion", "at": "2026-03-02T09:00:00+07:00", "missing": "A"}]}',
            "event 1: request_completion.missing must be a list",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00", "applicant": {"name": "A", "blood": "O"}}]}',
            "applicant may only hold",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00", "by": 7}]}',
            "file.by must be a string",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00"}, {"type": "finish", "at": "2026-03-02T09:00:00+07:00"}]}',
            "event 1: finish is not a transition out of submitted",
        ),
        (
            '{"id": "x", "procedure": "1.001022", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00"}, {"type": "stop", "at": "2026-03-02T09:00:00+07:00"}]}',
            "event 1: stop event is incomplete",
        ),
    ],
)
def test_broken_logs_are_refused_with_the_event_index(text: str, message: str) -> None:
    with pytest.raises(DossierLogError, match=message):
        Dossier.from_json(text, procedure=CATALOG, calendar=CAL)


def test_logs_are_size_bounded_and_checked_against_the_procedure() -> None:
    text = received().to_json()
    with pytest.raises(DossierLogError, match="over the limit of 10"):
        Dossier.from_json(text, procedure=PATERNITY, calendar=CAL, max_bytes=10)
    with pytest.raises(DossierLogError, match=r"not '1\.000894'"):
        Dossier.from_json(text, procedure=MARRIAGE, calendar=CAL)
    assert Dossier.from_json(text.encode(), procedure=PATERNITY, calendar=CAL) == received()


# ------------------------------------------------------------------ personal data


def test_personal_data_never_shows_in_reprs_or_errors() -> None:
    applicant = Applicant(
        name="Lê Văn Cường", id_number="048090009999", phone="0935000111", email="c@example.vn"
    )
    d = received(applicant=applicant)
    shown = repr(d) + repr(d.events) + repr(d.applicant)
    for secret in ("Lê Văn Cường", "048090009999", "0935000111", "c@example.vn"):
        assert secret not in shown
    with pytest.raises(TransitionError) as caught:
        d.return_result(at=vn(3, 3, 9))
    assert "Cường" not in str(caught.value)
    with pytest.raises(DossierError) as missing_name:
        Applicant(name="")
    assert "name is required" in str(missing_name.value)


def test_deadline_time_is_reported_for_the_channel() -> None:
    d = received(channel=Channel.ONLINE)
    assert d.channel is Channel.ONLINE
    assert d.clock is not None
    assert d.clock.processing_time == ProcessingTime.working_days(3)
    assert d.clock.deadline is not None
    assert d.clock.deadline.deemed_received_at.time() == time(9)
    assert d.clock.used(vn(3, 2, 11)) == timedelta(hours=2)


def test_events_no_rule_set_or_calendar_can_judge_are_refused_with_their_index() -> None:
    """A receipt before Decree 61/2018 took effect has no rule set; one beyond the calendar's
    range has no deadline: a command refuses it, a replay names the event."""
    with pytest.raises(DossierError, match="no one-stop rule set governs") as caught:
        Dossier.file(id="HS-10", procedure=PATERNITY, at=vn(3, 2, 9, year=2010), calendar=CAL)
    assert not isinstance(caught.value, DossierLogError)
    with pytest.raises(DossierLogError, match="event 0: no one-stop rule set governs"):
        Dossier("HS-10", PATERNITY, CAL, [Filed(at=vn(3, 2, 9, year=2010))])
    older = Dossier.file(
        id="HS-10", procedure=PATERNITY, at=vn(3, 2, 9, year=2010), calendar=CAL, rules=DECREE_61
    )
    assert older.receive(at=vn(3, 2, 9, year=2010)).rules is DECREE_61
    far = Dossier.file(id="HS-11", procedure=PATERNITY, at=vn(12, 31, 9, year=2099), calendar=CAL)
    with pytest.raises(TransitionError, match="cannot compute the deadline"):
        far.receive(at=vn(12, 31, 9, year=2099))
    with pytest.raises(DossierLogError, match="event 1: cannot compute the deadline"):
        Dossier(
            "HS-11",
            PATERNITY,
            CAL,
            [Filed(at=vn(12, 31, 9, year=2099)), Received(at=vn(12, 31, 9, year=2099))],
        )
