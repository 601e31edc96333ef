"""National status codes (law.md §1.5, practice.md §1): a dossier written as the status history
one-stop systems exchange with the National Public Service Portal, and rebuilt from one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import (
    DECREE_61,
    CompletionRequested,
    Dossier,
    Event,
    EventKind,
    LifecycleRules,
    NationalStatus,
    PaymentRequested,
    RefusedAtDesk,
    State,
    Stopped,
    SupplementRequested,
    Suspended,
)
from onestop.dossier._interop import (
    StatusChange,
    _check_plans,
    from_status_history,
    status_history,
)
from onestop.errors import DossierError, DossierLogError, TransitionError
from onestop.procedures import Channel, Procedure, default_catalog

E = TypeVar("E", bound=Event)

CAL = WorkCalendar.vietnam()
CATALOG = default_catalog()
#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc.
RECOGNITION = CATALOG.get("1.001022", on=date(2026, 3, 2))
#: Đăng ký khai sinh: same day (15:00 cutoff), so it can be settled on the spot.
BIRTH = CATALOG.get("1.001193", on=date(2026, 3, 2))


def vn(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def rebuild(
    history: Iterable[tuple[int | NationalStatus, datetime] | StatusChange],
    procedure: Procedure = RECOGNITION,
    *,
    channel: Channel = Channel.IN_PERSON,
    promised_at: datetime | None = None,
    rules: LifecycleRules | None = None,
) -> Dossier:
    return from_status_history(
        history,
        id="HS-IMPORT",
        procedure=procedure,
        calendar=CAL,
        channel=channel,
        promised_at=promised_at,
        rules=rules,
    )


def event(dossier: Dossier, index: int, cls: type[E]) -> E:
    found = dossier.events[index]
    assert isinstance(found, cls), found
    return found


def codes(dossier: Dossier) -> list[int]:
    return [change.status.value for change in status_history(dossier)]


def kinds(dossier: Dossier) -> list[str]:
    return [event.kind.value for event in dossier.events]


def placeholder(code: int) -> str:
    return f"(không có trong dữ liệu nhập: trạng thái {code})"


# ------------------------------------------------------------------ status_history


def test_status_history_of_a_command_built_dossier() -> None:
    d = (
        Dossier.file(id="HS-1", procedure=RECOGNITION, at=vn(2, 8), calendar=CAL)
        .receive(at=vn(2, 8, 30))
        .transfer(at=vn(2, 9))
        .start_processing(at=vn(2, 14))
        .request_supplement(at=vn(3, 10), missing=["Giấy chứng sinh"])
        .receive_supplement(at=vn(4, 15))
        .finish(at=vn(5, 10))
        .return_result(at=vn(5, 16))
    )
    assert status_history(d) == (
        StatusChange(NationalStatus.NEW, vn(2, 8)),
        StatusChange(NationalStatus.RECEIVED, vn(2, 8, 30)),
        # Transfer and start of processing both send 4: the first moment counts.
        StatusChange(NationalStatus.PROCESSING, vn(2, 9)),
        StatusChange(NationalStatus.SUPPLEMENT_REQUESTED, vn(3, 10)),
        StatusChange(NationalStatus.PROCESSING, vn(4, 15)),
        StatusChange(NationalStatus.PROCESSED, vn(5, 10)),
        StatusChange(NationalStatus.RETURNED, vn(5, 16)),
    )


def test_status_history_ignores_events_that_keep_the_code() -> None:
    d = (
        Dossier.file(id="HS-1", procedure=RECOGNITION, at=vn(2, 8), calendar=CAL)
        .receive(at=vn(2, 8))
        .start_processing(at=vn(2, 9))
        .extend(at=vn(3, 9), reason="Chờ xác minh", new_due=vn(12, 17))
    )
    assert codes(d) == [1, 2, 4]


def test_status_history_sends_a_suspension_and_its_stop_as_one_8() -> None:
    d = (
        Dossier.file(id="HS-1", procedure=RECOGNITION, at=vn(2, 8), calendar=CAL)
        .receive(at=vn(2, 8))
        .start_processing(at=vn(2, 9))
        .suspend(at=vn(3, 9), reason="Xác minh", legal_basis="Điều 25 Luật Hộ tịch")
        .stop(at=vn(10, 9), reason="Không đủ điều kiện")
    )
    assert status_history(d)[-1] == StatusChange(NationalStatus.STOPPED, vn(3, 9))
    assert codes(d) == [1, 2, 4, 8]


def test_status_change_reads_plain_codes_and_keeps_vietnam_time() -> None:
    change = StatusChange(4, datetime(2026, 3, 2, 2, tzinfo=UTC))
    assert change.status is NationalStatus.PROCESSING
    assert change.at == vn(2, 9)
    assert change.at.tzinfo is VIETNAM_TZ


@pytest.mark.parametrize("code", [0, 11, True, "4", None])
def test_status_change_refuses_unknown_codes(code: object) -> None:
    with pytest.raises(DossierError, match="unknown national status code"):
        StatusChange(code, vn(2, 9))


def test_status_change_refuses_naive_moments() -> None:
    with pytest.raises(DossierError, match="naive"):
        StatusChange(4, datetime(2026, 3, 2, 9))


# ------------------------------------------------------------------ one rule per code


def test_a_realistic_history_rebuilds_event_by_event() -> None:
    history = [
        (1, vn(2, 8)),
        (2, vn(2, 8, 30)),
        (4, vn(2, 9)),
        (5, vn(3, 10)),
        (4, vn(4, 15)),
        (9, vn(5, 10)),
        (10, vn(5, 16)),
    ]
    d = rebuild(history)
    assert kinds(d) == [
        "file",
        "receive",
        "start_processing",
        "request_supplement",
        "receive_supplement",
        "finish",
        "return_result",
    ]
    assert [event.at for event in d.events] == [at for _, at in history]
    assert [(c.status.value, c.at) for c in status_history(d)] == history
    assert d.state is State.RETURNED
    assert event(d, 3, SupplementRequested).missing == (placeholder(5),)
    # The slip's appointment is computed (3 working days), and the supplement wait paused it.
    assert d.clock is not None
    assert d.clock.slip_promise == vn(5, 17)
    assert d.clock.paused_time > timedelta(0)


def test_code_1_files_the_dossier_with_the_channel_given() -> None:
    d = rebuild([(1, vn(2, 8))], channel=Channel.ONLINE)
    assert kinds(d) == ["file"]
    assert d.state is State.SUBMITTED
    assert d.channel is Channel.ONLINE
    assert d.filed_at == vn(2, 8)


def test_code_2_receives() -> None:
    d = rebuild([(1, vn(2, 8)), (2, vn(2, 10))])
    assert kinds(d) == ["file", "receive"]
    assert d.received_at == vn(2, 10)


def test_a_history_starting_at_2_is_filed_at_the_same_moment() -> None:
    d = rebuild([(2, vn(2, 8, 30)), (4, vn(2, 9))])
    assert kinds(d) == ["file", "receive", "start_processing"]
    assert d.filed_at == d.received_at == vn(2, 8, 30)
    assert codes(d) == [1, 2, 4]


def test_code_3_refuses_at_the_desk_with_a_placeholder_reason() -> None:
    d = rebuild([(1, vn(2, 8)), (3, vn(2, 8, 20))])
    assert kinds(d) == ["file", "refuse_at_desk"]
    assert d.state is State.REFUSED_AT_DESK
    assert event(d, 1, RefusedAtDesk).reason == placeholder(3)
    assert d.ended_at == vn(2, 8, 20)
    assert d.received_at is None


def test_a_refusal_in_person_starts_at_3() -> None:
    d = rebuild([(3, vn(2, 8, 20))])
    assert kinds(d) == ["file", "refuse_at_desk"]
    assert codes(d) == [1, 3]


def test_code_5_before_receipt_requests_completion_then_1_completes() -> None:
    history = [(1, vn(2, 8)), (5, vn(2, 8, 10)), (1, vn(4, 9)), (2, vn(4, 9, 5))]
    d = rebuild(history)
    assert kinds(d) == ["file", "request_completion", "complete", "receive"]
    assert event(d, 1, CompletionRequested).missing == (placeholder(5),)
    assert [(c.status.value, c.at) for c in status_history(d)] == history


def test_code_2_after_a_completion_request_inserts_the_completion() -> None:
    d = rebuild([(1, vn(2, 8)), (5, vn(2, 8, 10)), (2, vn(4, 9))])
    assert kinds(d) == ["file", "request_completion", "complete", "receive"]
    assert d.events[2].at == d.events[3].at == vn(4, 9)


def test_code_3_after_a_completion_request_refuses() -> None:
    d = rebuild([(1, vn(2, 8)), (5, vn(2, 8, 10)), (3, vn(9, 9))])
    assert kinds(d) == ["file", "request_completion", "refuse_at_desk"]


def test_code_4_after_receipt_starts_processing() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 14))])
    assert kinds(d)[-1] == "start_processing"
    assert d.state is State.IN_PROGRESS


def test_code_5_after_receipt_requests_a_supplement() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (5, vn(2, 10))])
    assert kinds(d)[-1] == "request_supplement"
    assert d.state is State.SUPPLEMENT_REQUESTED
    assert d.clock is not None
    assert d.clock.supplement_requests == 1


def test_code_5_right_after_receipt_inserts_the_start_of_processing() -> None:
    d = rebuild([(2, vn(2, 8)), (5, vn(2, 10))])
    assert kinds(d) == ["file", "receive", "start_processing", "request_supplement"]
    assert d.events[2].at == vn(2, 10)
    assert codes(d) == [1, 2, 4, 5]


def test_code_6_requests_payment_and_4_receives_it() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (6, vn(3, 9)), (4, vn(3, 15))])
    assert kinds(d)[-2:] == ["request_payment", "receive_payment"]
    assert event(d, -2, PaymentRequested).amount_vnd is None
    assert d.state is State.IN_PROGRESS


def test_code_6_right_after_receipt_inserts_the_start_of_processing() -> None:
    d = rebuild([(2, vn(2, 8)), (6, vn(2, 8, 5))])
    assert kinds(d) == ["file", "receive", "start_processing", "request_payment"]


def test_code_7_withdraws_from_any_open_state() -> None:
    d = rebuild([(1, vn(2, 8)), (2, vn(2, 8, 30)), (4, vn(2, 9)), (7, vn(3, 11))])
    assert kinds(d)[-1] == "withdraw"
    assert d.state is State.WITHDRAWN
    assert d.ended_at == vn(3, 11)
    assert rebuild([(1, vn(2, 8)), (7, vn(2, 9))]).state is State.WITHDRAWN
    assert rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (5, vn(2, 10)), (7, vn(9, 9))]).state is (
        State.WITHDRAWN
    )


def test_a_last_code_8_stops_with_a_placeholder_reason() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (8, vn(3, 9))])
    assert kinds(d)[-1] == "stop"
    assert d.state is State.STOPPED
    assert event(d, -1, Stopped).reason == placeholder(8)


def test_code_8_followed_by_4_is_a_suspension_and_its_resumption() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (8, vn(3, 9)), (4, vn(6, 9)), (9, vn(9, 10))])
    assert kinds(d)[-3:] == ["suspend", "resume", "finish"]
    suspended = event(d, -3, Suspended)
    assert suspended.reason == placeholder(8)
    assert suspended.legal_basis == placeholder(8)
    assert d.clock is not None
    assert d.clock.paused_time > timedelta(0)


def test_code_8_followed_by_7_is_a_suspension_then_a_withdrawal() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (8, vn(3, 9)), (7, vn(6, 9))])
    assert kinds(d)[-2:] == ["suspend", "withdraw"]


def test_code_8_after_a_supplement_request_stops_when_last() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (5, vn(2, 10)), (8, vn(20, 9))])
    assert kinds(d)[-1] == "stop"


def test_code_8_right_after_receipt_inserts_the_start_of_processing() -> None:
    assert kinds(rebuild([(2, vn(2, 8)), (8, vn(2, 9))]))[-2:] == ["start_processing", "stop"]
    assert kinds(rebuild([(2, vn(2, 8)), (8, vn(2, 9)), (4, vn(3, 9))]))[-3:] == [
        "start_processing",
        "suspend",
        "resume",
    ]


def test_code_9_finishes_and_10_returns() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (9, vn(4, 10)), (10, vn(4, 15))])
    assert kinds(d)[-2:] == ["finish", "return_result"]
    assert d.ended_at == vn(4, 10)


def test_code_10_without_9_inserts_the_finish_at_the_same_moment() -> None:
    d = rebuild([(2, vn(2, 8)), (4, vn(2, 9)), (10, vn(4, 15))])
    assert kinds(d)[-2:] == ["finish", "return_result"]
    assert d.events[-2].at == d.events[-1].at == vn(4, 15)
    assert codes(d) == [1, 2, 4, 9, 10]


def test_code_10_right_after_receipt_settles_on_the_spot_when_the_procedure_allows() -> None:
    d = rebuild([(2, vn(2, 9)), (10, vn(2, 9, 40))], procedure=BIRTH)
    assert kinds(d) == ["file", "receive", "settle_on_the_spot"]
    assert codes(d) == [1, 2, 10]


def test_code_10_right_after_receipt_finishes_then_returns_otherwise() -> None:
    # A three-day procedure, and a same-day one returned on another day.
    assert kinds(rebuild([(2, vn(2, 9)), (10, vn(2, 16))]))[-2:] == ["finish", "return_result"]
    later = rebuild([(2, vn(2, 16)), (10, vn(3, 9))], procedure=BIRTH)
    assert kinds(later)[-2:] == ["finish", "return_result"]


def test_repeated_codes_are_ignored_and_the_first_moment_counts() -> None:
    d = rebuild([(1, vn(2, 8)), (2, vn(2, 9)), (2, vn(2, 9, 1)), (4, vn(2, 10)), (4, vn(3, 8))])
    assert kinds(d) == ["file", "receive", "start_processing"]
    assert d.events[-1].at == vn(2, 10)


def test_status_changes_and_enum_codes_are_accepted() -> None:
    history = [
        StatusChange(NationalStatus.NEW, vn(2, 8)),
        (NationalStatus.RECEIVED, vn(2, 9)),
        (4, datetime(2026, 3, 2, 3, tzinfo=UTC)),
    ]
    d = rebuild(history)  # type: ignore[arg-type]
    assert kinds(d) == ["file", "receive", "start_processing"]
    assert d.events[-1].at == vn(2, 10)


def test_the_exported_appointment_is_the_slip_promise() -> None:
    d = rebuild([(2, vn(2, 9)), (4, vn(2, 10)), (9, vn(6, 10))], promised_at=vn(6, 17))
    assert d.clock is not None
    assert d.clock.slip_promise == vn(6, 17)
    assert d.clock.appointment == vn(6, 17)
    # The statutory due moment is still computed from the procedure.
    assert d.clock.due_at == vn(5, 17)


def test_the_appointment_needs_a_receipt_and_a_time_zone() -> None:
    with pytest.raises(DossierError, match="never reaches receipt"):
        rebuild([(1, vn(2, 8)), (3, vn(2, 9))], promised_at=vn(6, 17))
    with pytest.raises(DossierError, match="promised_at"):
        rebuild([(2, vn(2, 8))], promised_at=datetime(2026, 3, 6, 17))


def test_rules_are_passed_to_the_dossier() -> None:
    d = rebuild([(2, vn(2, 8))], rules=DECREE_61)
    assert d.rules is DECREE_61


def test_a_non_empty_id_is_required() -> None:
    with pytest.raises(DossierError, match="non-empty id"):
        from_status_history([(1, vn(2, 8))], id=" ", procedure=RECOGNITION, calendar=CAL)


# ------------------------------------------------------------------ what is lost


def test_a_suspended_dossier_is_rebuilt_as_stopped_with_the_same_history() -> None:
    original = (
        Dossier.file(id="HS-1", procedure=RECOGNITION, at=vn(2, 8), calendar=CAL)
        .receive(at=vn(2, 8))
        .transfer(at=vn(2, 9))
        .start_processing(at=vn(2, 10))
        .suspend(at=vn(3, 9), reason="Xác minh", legal_basis="Điều 25 Luật Hộ tịch")
    )
    rebuilt = rebuild(status_history(original))
    assert original.state is State.SUSPENDED
    assert rebuilt.state is State.STOPPED
    assert status_history(rebuilt) == status_history(original)
    # The transfer (4) is not rebuilt: processing starts at the transfer's moment.
    assert EventKind.TRANSFER not in {event.kind for event in rebuilt.events}


def test_a_history_pushed_by_s1_is_read_literally() -> None:
    # S1 pushes a supplement request (5) as 9: the dossier then looks processed, and the 4
    # of the supplement's arrival cannot follow.
    pushed = [(2, vn(2, 8)), (4, vn(2, 9)), (9, vn(3, 10)), (4, vn(4, 15)), (9, vn(5, 10))]
    with pytest.raises(DossierLogError, match="cannot follow state result_ready") as caught:
        rebuild(pushed)
    assert caught.value.index == 3


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("history", "index", "message"),
    [
        pytest.param(
            [(1, vn(2, 8)), (10, vn(2, 9))],
            1,
            r"code 10 \(Đã trả kết quả\) cannot follow state submitted .*can follow: 2, 3, 5, 7",
            id="10-after-1",
        ),
        pytest.param(
            [(1, vn(2, 8)), (1, vn(2, 8)), (4, vn(2, 9))],
            2,
            "code 4 .* cannot follow state submitted",
            id="4-after-1-index-counts-repeats",
        ),
        pytest.param(
            [(1, vn(2, 8)), (3, vn(2, 9)), (2, vn(2, 10))],
            2,
            "cannot follow state refused_at_desk: it is final",
            id="after-refusal",
        ),
        pytest.param(
            [(2, vn(2, 8)), (4, vn(2, 9)), (9, vn(3, 9)), (10, vn(3, 10)), (4, vn(4, 9))],
            4,
            "cannot follow state returned: it is final",
            id="after-return",
        ),
        pytest.param(
            [(2, vn(2, 8)), (7, vn(2, 9)), (4, vn(2, 10))],
            2,
            "cannot follow state withdrawn: it is final",
            id="after-withdrawal",
        ),
        pytest.param(
            [(2, vn(2, 8)), (4, vn(2, 9)), (9, vn(3, 9)), (7, vn(3, 10))],
            3,
            "code 7 .* cannot follow state result_ready",
            id="withdraw-after-result",
        ),
        pytest.param(
            [(2, vn(2, 8)), (4, vn(2, 9)), (5, vn(2, 10)), (8, vn(3, 9)), (4, vn(4, 9))],
            3,
            "code 8 .* read as a suspension .* cannot follow state supplement_requested",
            id="suspension-while-waiting-for-papers",
        ),
        pytest.param(
            [(4, vn(2, 8))],
            0,
            "code 4 .* cannot follow state submitted",
            id="history-starting-at-4",
        ),
        pytest.param([(1, vn(2, 8)), (11, vn(2, 9))], 1, "unknown .* code 11", id="code-11"),
        pytest.param([(0, vn(2, 8))], 0, "unknown .* code 0", id="code-0"),
        pytest.param([(True, vn(2, 8))], 0, "unknown .* code True", id="bool"),
        pytest.param([("2", vn(2, 8))], 0, "unknown .* code '2'", id="text-code"),
        pytest.param(
            [(1, vn(2, 8)), (2, datetime(2026, 3, 2, 9))], 1, "naive timestamp", id="naive"
        ),
        pytest.param([(1, "2026-03-02T08:00+07:00")], 0, "must be a datetime", id="text-moment"),
        pytest.param(
            [(1, vn(2, 8)), (2, vn(2, 9)), (4, vn(2, 8, 59))],
            2,
            "time goes backwards",
            id="backwards",
        ),
        pytest.param(
            [(1, vn(2, 8)), (1, vn(2, 7))], 1, "time goes backwards", id="backwards-repeat"
        ),
        pytest.param([(1, vn(2, 8)), (2,)], 1, r"\(code, datetime\) pair", id="short-pair"),
        pytest.param([(1, vn(2, 8)), "2"], 1, r"\(code, datetime\) pair", id="text-item"),
        pytest.param([(1, vn(2, 8)), 2], 1, r"\(code, datetime\) pair", id="int-item"),
        pytest.param([], 0, "at least one change", id="empty"),
    ],
)
def test_bad_histories_name_the_change(history: list[object], index: int, message: str) -> None:
    with pytest.raises(DossierLogError, match=message) as caught:
        rebuild(history)  # type: ignore[arg-type]
    assert caught.value.index == index
    assert str(caught.value).startswith(f"event {index}: ")


def test_a_rule_set_missing_for_the_filing_day_names_the_first_change() -> None:
    old = datetime(2010, 3, 2, 8, tzinfo=VIETNAM_TZ)
    with pytest.raises(DossierLogError, match="no one-stop rule set") as caught:
        rebuild([(2, old)])
    assert caught.value.index == 0


def test_a_receipt_the_calendar_cannot_count_names_its_change() -> None:
    late = datetime(2099, 12, 31, 9, tzinfo=VIETNAM_TZ)
    with pytest.raises(DossierLogError, match=r"beyond the supported years") as caught:
        rebuild([(1, late), (2, late)])
    assert caught.value.index == 1
    assert "from state submitted" in str(caught.value)


@pytest.mark.parametrize(
    ("plans", "suspensions", "message"),
    [
        pytest.param(
            {(State.SUBMITTED, NationalStatus.PROCESSING): (EventKind.START_PROCESSING,)},
            {},
            "start_processing is not a transition out of submitted",
            id="not-a-transition",
        ),
        pytest.param(
            {},
            {State.RECEIVED: (EventKind.START_PROCESSING,)},
            "from received does not send 8",
            id="wrong-code",
        ),
    ],
)
def test_a_broken_plan_fails_at_import(
    plans: dict[tuple[State, NationalStatus], tuple[EventKind, ...]],
    suspensions: dict[State, tuple[EventKind, ...]],
    message: str,
) -> None:
    with pytest.raises(AssertionError, match=message):
        _check_plans(plans, suspensions)


# ------------------------------------------------------------------ the round trip


def _command(dossier: Dossier, command: str, at: datetime) -> Dossier:
    """``dossier`` after ``command`` at ``at``, with the texts the command needs."""
    text = {"reason": "Lý do"}
    match command:
        case "request_completion" | "request_supplement":
            return getattr(dossier, command)(at=at, missing=["Tờ khai"])  # type: ignore[no-any-return]
        case "refuse_at_desk" | "stop":
            return getattr(dossier, command)(at=at, **text)  # type: ignore[no-any-return]
        case "suspend":
            return dossier.suspend(at=at, reason="Xác minh", legal_basis="Điều 25")
        case "extend":
            return dossier.extend(at=at, reason="Chờ xác minh", new_due=at + timedelta(days=60))
        case "request_payment":
            return dossier.request_payment(at=at, amount_vnd=8000)
        case _:
            return getattr(dossier, command)(at=at)  # type: ignore[no-any-return]


_CUT_SHORT = frozenset({"withdraw", "refuse_at_desk", "stop"})


@st.composite
def command_built(draw: st.DrawFn) -> Dossier:
    """A dossier built by a random legal sequence of commands, in 2025-2026 (both rule
    sets), each command a few minutes to a few days after the previous one."""
    procedure = draw(st.sampled_from([RECOGNITION, BIRTH]))
    channel = draw(st.sampled_from(list(Channel)))
    at = datetime(2025, 6, 2, 7, tzinfo=VIETNAM_TZ) + timedelta(
        minutes=draw(st.integers(0, 60 * 24 * 200))
    )
    dossier = Dossier.file(id="HS-P", procedure=procedure, at=at, calendar=CAL, channel=channel)
    for _ in range(draw(st.integers(0, 14))):
        if dossier.state.is_final:
            break
        allowed = dossier.allowed_commands
        # Endings that cut the history short are drawn one time in eight.
        going_on = [command for command in allowed if command not in _CUT_SHORT]
        keep_going = draw(st.integers(0, 7)) > 0
        if going_on and keep_going:
            allowed = tuple(going_on)
        command = draw(st.sampled_from(allowed))
        at += timedelta(minutes=draw(st.sampled_from([0, 1, 45, 240, 60 * 24, 60 * 24 * 3])))
        try:
            dossier = _command(dossier, command, at)
        except TransitionError:
            # A guard refused it (settling on the spot, a second extension): go on without.
            continue
    return dossier


@given(command_built())
def test_the_status_history_survives_a_rebuild(original: Dossier) -> None:
    history = status_history(original)
    rebuilt = rebuild(history, procedure=original.procedure, channel=original.channel)
    assert status_history(rebuilt) == history
    assert rebuilt.state.national_status is original.state.national_status
    assert rebuilt.received_at == original.received_at
    # A suspension, and the stop that may end it, send one 8: a last 8 is rebuilt as a stop
    # at the moment of the 8.
    last_kinds = [event.kind for event in original.events[-2:]]
    last_8_suspended = original.state is State.SUSPENDED or last_kinds == [
        EventKind.SUSPEND,
        EventKind.STOP,
    ]
    if last_8_suspended:
        assert rebuilt.state is State.STOPPED
        assert rebuilt.ended_at == history[-1].at
    else:
        assert rebuilt.ended_at == original.ended_at
    # Pairs read the same as StatusChange values.
    pairs = [(change.status.value, change.at) for change in history]
    assert status_history(rebuild(pairs, procedure=original.procedure)) == history


def test_only_an_8_followed_by_a_code_is_called_a_suspension() -> None:
    with pytest.raises(DossierLogError) as caught:
        from_status_history(
            [(1, vn(2, 9)), (10, vn(2, 10)), (2, vn(2, 11))],
            id="HS-X",
            procedure=RECOGNITION,
            calendar=CAL,
        )
    assert "cannot follow state submitted" in str(caught.value)
    assert "suspension" not in str(caught.value)
