"""The transition table, the national status codes and the rule sets.

The table is checked at import; these tests show the check refuses each kind of broken table
and pin the facts the table rests on (law.md §1.1–1.5, rules.md "Lifecycle").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs
import pytest

from onestop.dossier import (
    DECREE_61,
    DECREE_118,
    FINAL_STATES,
    INITIAL_STATE,
    TRANSITIONS,
    EventKind,
    FormKind,
    NationalStatus,
    State,
    rules_for,
    to_dot,
    to_mermaid,
)
from onestop.dossier._lifecycle import _check_table
from onestop.errors import DossierError


def _table_with(state: State, row: dict[EventKind, State]) -> dict[State, dict[EventKind, State]]:
    table = {s: dict(r) for s, r in TRANSITIONS.items()}
    table[state] = row
    return table


def test_the_shipped_table_passes_its_own_check() -> None:
    _check_table(TRANSITIONS, INITIAL_STATE, FINAL_STATES)


def test_a_final_state_with_a_transition_is_refused() -> None:
    broken = _table_with(State.RETURNED, {EventKind.WITHDRAW: State.WITHDRAWN})
    with pytest.raises(AssertionError, match="final state returned has transitions"):
        _check_table(broken, INITIAL_STATE, FINAL_STATES)


def test_a_state_that_cannot_reach_a_final_state_is_refused() -> None:
    # Result ready that can only loop on itself traps the dossier.
    broken = _table_with(State.RESULT_READY, {EventKind.EXTEND: State.RESULT_READY})
    with pytest.raises(AssertionError, match="result_ready"):
        _check_table(broken, INITIAL_STATE, FINAL_STATES)


def test_an_unreachable_state_is_refused() -> None:
    broken = _table_with(State.SUSPENDED, {EventKind.RESUME: State.IN_PROGRESS})
    broken[State.IN_PROGRESS] = {
        kind: target
        for kind, target in broken[State.IN_PROGRESS].items()
        if target is not State.SUSPENDED
    }
    with pytest.raises(AssertionError, match="suspended"):
        _check_table(broken, INITIAL_STATE, FINAL_STATES)


def test_a_missing_row_and_file_as_a_transition_are_refused() -> None:
    missing: dict[State, Mapping[EventKind, State]] = {
        s: r for s, r in TRANSITIONS.items() if s is not State.STOPPED
    }
    with pytest.raises(AssertionError, match="no row"):
        _check_table(missing, INITIAL_STATE, FINAL_STATES)
    refiled = _table_with(
        State.RECEIVED, {**TRANSITIONS[State.RECEIVED], EventKind.FILE: State.SUBMITTED}
    )
    with pytest.raises(AssertionError, match="FILE creates a dossier"):
        _check_table(refiled, INITIAL_STATE, FINAL_STATES)


def test_the_table_is_read_only() -> None:
    assert isinstance(TRANSITIONS, MappingProxyType)
    table: Any = TRANSITIONS
    with pytest.raises(TypeError):
        table[State.RETURNED] = {}
    with pytest.raises(TypeError):
        table[State.RECEIVED][EventKind.STOP] = State.STOPPED


def test_receipt_has_exactly_the_three_outcomes_of_the_desk() -> None:
    """law.md §1.1: receive (slip 01), ask for completion (02), refuse (03)."""
    assert set(TRANSITIONS[State.SUBMITTED]) == {
        EventKind.RECEIVE,
        EventKind.REQUEST_COMPLETION,
        EventKind.REFUSE_AT_DESK,
        EventKind.WITHDRAW,
    }


def test_every_state_sends_a_national_code_and_codes_1_to_10_are_all_used() -> None:
    """law.md §1.5: the ten status codes of the National Public Service Portal."""
    assert {state.national_status for state in State} == set(NationalStatus)
    assert [s.value for s in NationalStatus] == list(range(1, 11))
    assert NationalStatus.FINANCIAL_OBLIGATION.label_vi == "Yêu cầu thực hiện nghĩa vụ tài chính"
    assert State.AWAITING_PAYMENT.national_status is NationalStatus.FINANCIAL_OBLIGATION
    assert State.REFUSED_AT_DESK.national_status is NationalStatus.NOT_RECEIVED


def test_final_states_and_labels() -> None:
    assert {s for s in State if s.is_final} == {
        State.REFUSED_AT_DESK,
        State.RETURNED,
        State.WITHDRAWN,
        State.STOPPED,
    }
    assert all(state.label_vi for state in State)


def test_diagrams_list_every_transition() -> None:
    mermaid, dot = to_mermaid(), to_dot()
    count = sum(len(row) for row in TRANSITIONS.values())
    assert mermaid.count(" --> ") == count + 1 + len(FINAL_STATES)
    assert dot.count(" -> ") == count + 1
    assert "supplement_requested --> in_progress: receive_supplement" in mermaid
    assert "returned [shape=doublecircle" in dot


def test_rule_sets_change_on_1_july_2025() -> None:
    """rules.md: Decree 61/2018 until 30/06/2025, Decree 118/2025 from 01/07/2025."""
    assert rules_for(date(2025, 6, 30)) is DECREE_61
    assert rules_for(date(2025, 7, 1)) is DECREE_118
    assert rules_for(date(2018, 6, 21)) is DECREE_61


def test_no_rule_set_before_decree_61() -> None:
    with pytest.raises(DossierError, match=r"2018-06-20.*pass rules= explicitly"):
        rules_for(date(2018, 6, 20))


def test_forms_follow_the_rule_set() -> None:
    """law.md §1.4: Circular 01/2018 has six forms, Circular 03/2025 seven, with the new
    stop notice (05) and a new title for the apology (04)."""
    assert len(DECREE_61.forms) == 6
    assert len(DECREE_118.forms) == 7
    assert DECREE_61.form(FormKind.STOP_NOTICE) is None
    stop = DECREE_118.form(FormKind.STOP_NOTICE)
    assert stop is not None
    assert (stop.number, stop.title) == (
        "05",
        "Thông báo dừng giải quyết hồ sơ",
    )
    apology = DECREE_118.form(FormKind.APOLOGY)
    assert apology is not None
    assert apology.title == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    assert apology.cite(DECREE_118.forms_circular) == "Mẫu số 04, Thông tư 03/2025/TT-VPCP"
    assert DECREE_61.form(FormKind.REGISTER) is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_extensions", -1),
        ("apology_lead_working_days", -2),
        ("late_after_supplement_requests", -1),
        ("max_extensions", True),
    ],
)
def test_rule_set_parameters_are_checked(field: str, value: object) -> None:
    changes: dict[str, Any] = {field: value}
    with pytest.raises(DossierError, match=field):
        attrs.evolve(DECREE_118, **changes)


def test_the_supplement_count_rule_can_be_switched_off() -> None:
    assert (
        attrs.evolve(DECREE_118, late_after_supplement_requests=None).late_after_supplement_requests
        is None
    )
