"""States, national status codes and the transition table of the one-stop process.

The table is data: a frozen mapping from a state to the events allowed in it and the state
each event leads to. It is checked when this module loads (one initial state, every state
reachable from it, every state able to reach a final state, nothing leaving a final state), so
a broken edit fails at import, not in production.

Sources: the steps of the one-stop process (Decree 61/2018/NĐ-CP arts. 15–20; Decree
118/2025/NĐ-CP; law.md §1.1–1.3), the receipt outcomes and forms (Circular 01/2018/TT-VPCP,
Circular 03/2025/TT-VPCP; law.md §1.4) and the dossier status codes the one-stop systems
exchange with the National Public Service Portal (law.md §1.5, practice.md §1.1).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "FINAL_STATES",
    "INITIAL_STATE",
    "TRANSITIONS",
    "EventKind",
    "NationalStatus",
    "State",
    "to_dot",
    "to_mermaid",
]


class NationalStatus(enum.IntEnum):
    """The dossier status codes (TrangThaiHoSo) one-stop systems exchange with the National
    Public Service Portal (law.md §1.5 [S]; the defining VPCP document was not found,
    practice.md §6).

    Examples:
        >>> NationalStatus(9).label_vi
        'Đã xử lý xong'
    """

    NEW = 1
    RECEIVED = 2
    NOT_RECEIVED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    PROCESSED = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        """The status name as the portal writes it."""
        return _NATIONAL_VI[self]


_NATIONAL_VI = {
    NationalStatus.NEW: "Mới đăng ký",
    NationalStatus.RECEIVED: "Được tiếp nhận",
    NationalStatus.NOT_RECEIVED: "Không được tiếp nhận",
    NationalStatus.PROCESSING: "Đang xử lý",
    NationalStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    NationalStatus.FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    NationalStatus.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    NationalStatus.STOPPED: "Dừng xử lý",
    NationalStatus.PROCESSED: "Đã xử lý xong",
    NationalStatus.RETURNED: "Đã trả kết quả",
}


class State(enum.Enum):
    """Where a dossier is in the one-stop process.

    Examples:
        >>> State.SUPPLEMENT_REQUESTED.national_status
        <NationalStatus.SUPPLEMENT_REQUESTED: 5>
        >>> State.RETURNED.is_final
        True
    """

    #: Filed (at the desk, by post or online) and not yet checked by the desk.
    SUBMITTED = "submitted"
    #: The desk found the dossier incomplete before receiving it and asked, once and in
    #: writing, for the missing papers (form 02; law.md §1.1 outcome 2).
    AWAITING_COMPLETION = "awaiting_completion"
    #: Refused at the desk with a refusal slip (form 03; law.md §1.1 outcome 3). Final.
    REFUSED_AT_DESK = "refused_at_desk"
    #: Received with a receipt-and-appointment slip (form 01): the legal clock runs.
    RECEIVED = "received"
    #: Handed by the desk to the unit that settles it (law.md §1.1, "chuyển hồ sơ").
    TRANSFERRED = "transferred"
    #: Being settled by the competent unit.
    IN_PROGRESS = "in_progress"
    #: Processing found a missing paper; the dossier waits for the citizen (form 02).
    SUPPLEMENT_REQUESTED = "supplement_requested"
    #: Waiting for the citizen to pay a fee or tax (status 6).
    AWAITING_PAYMENT = "awaiting_payment"
    #: Suspended on a legal ground the procedure's own law provides (e.g. a verification).
    SUSPENDED = "suspended"
    #: The result is ready at the desk (status 9).
    RESULT_READY = "result_ready"
    #: The result was handed or sent to the citizen (status 10). Final.
    RETURNED = "returned"
    #: The citizen withdrew the dossier (status 7). Final.
    WITHDRAWN = "withdrawn"
    #: Processing was stopped or the dossier refused after review, with the reason (status 8;
    #: Decree 118/2025/NĐ-CP's "Thông báo dừng giải quyết hồ sơ", form 05). Final.
    STOPPED = "stopped"

    @property
    def national_status(self) -> NationalStatus:
        """The code exchanged with the National Public Service Portal."""
        return _NATIONAL[self]

    @property
    def is_final(self) -> bool:
        """Whether no event can follow."""
        return self in FINAL_STATES

    @property
    def label_vi(self) -> str:
        """The state in Vietnamese, as a ward desk says it."""
        return _STATE_VI[self]


_NATIONAL = {
    State.SUBMITTED: NationalStatus.NEW,
    State.AWAITING_COMPLETION: NationalStatus.SUPPLEMENT_REQUESTED,
    State.REFUSED_AT_DESK: NationalStatus.NOT_RECEIVED,
    State.RECEIVED: NationalStatus.RECEIVED,
    State.TRANSFERRED: NationalStatus.PROCESSING,
    State.IN_PROGRESS: NationalStatus.PROCESSING,
    State.SUPPLEMENT_REQUESTED: NationalStatus.SUPPLEMENT_REQUESTED,
    State.AWAITING_PAYMENT: NationalStatus.FINANCIAL_OBLIGATION,
    # Reports group 5, 6 and 8 as "tạm dừng xử lý" (practice.md §1.2): a suspension is sent
    # as 8 and its resumption as 4.
    State.SUSPENDED: NationalStatus.STOPPED,
    State.RESULT_READY: NationalStatus.PROCESSED,
    State.RETURNED: NationalStatus.RETURNED,
    State.WITHDRAWN: NationalStatus.WITHDRAWN,
    State.STOPPED: NationalStatus.STOPPED,
}

_STATE_VI = {
    State.SUBMITTED: "Mới nộp, chờ tiếp nhận",
    State.AWAITING_COMPLETION: "Chờ bổ sung, hoàn thiện trước khi tiếp nhận",
    State.REFUSED_AT_DESK: "Từ chối tiếp nhận",
    State.RECEIVED: "Đã tiếp nhận",
    State.TRANSFERRED: "Đã chuyển xử lý",
    State.IN_PROGRESS: "Đang xử lý",
    State.SUPPLEMENT_REQUESTED: "Chờ công dân bổ sung hồ sơ",
    State.AWAITING_PAYMENT: "Chờ thực hiện nghĩa vụ tài chính",
    State.SUSPENDED: "Tạm dừng xử lý",
    State.RESULT_READY: "Đã có kết quả",
    State.RETURNED: "Đã trả kết quả",
    State.WITHDRAWN: "Công dân đã rút hồ sơ",
    State.STOPPED: "Dừng giải quyết",
}


class EventKind(enum.Enum):
    """What can happen to a dossier; each kind is also the name of the command that records it
    (``dossier.request_supplement(...)`` records ``REQUEST_SUPPLEMENT``)."""

    FILE = "file"
    REQUEST_COMPLETION = "request_completion"
    COMPLETE = "complete"
    REFUSE_AT_DESK = "refuse_at_desk"
    RECEIVE = "receive"
    TRANSFER = "transfer"
    START_PROCESSING = "start_processing"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    REQUEST_PAYMENT = "request_payment"
    RECEIVE_PAYMENT = "receive_payment"
    SUSPEND = "suspend"
    RESUME = "resume"
    EXTEND = "extend"
    FINISH = "finish"
    RETURN_RESULT = "return_result"
    SETTLE_ON_THE_SPOT = "settle_on_the_spot"
    WITHDRAW = "withdraw"
    STOP = "stop"


#: The state of a dossier as soon as it is filed: ``FILE`` creates every dossier.
INITIAL_STATE = State.SUBMITTED

#: States no event can leave.
FINAL_STATES = frozenset({State.REFUSED_AT_DESK, State.RETURNED, State.WITHDRAWN, State.STOPPED})

_E = EventKind
_S = State
# The citizen may withdraw until the result is ready (status 7).
_WITHDRAWABLE = (
    _S.SUBMITTED,
    _S.AWAITING_COMPLETION,
    _S.RECEIVED,
    _S.TRANSFERRED,
    _S.IN_PROGRESS,
    _S.SUPPLEMENT_REQUESTED,
    _S.AWAITING_PAYMENT,
    _S.SUSPENDED,
)
_TABLE: dict[State, dict[EventKind, State]] = {
    _S.SUBMITTED: {
        _E.RECEIVE: _S.RECEIVED,
        _E.REQUEST_COMPLETION: _S.AWAITING_COMPLETION,
        _E.REFUSE_AT_DESK: _S.REFUSED_AT_DESK,
    },
    _S.AWAITING_COMPLETION: {
        _E.COMPLETE: _S.SUBMITTED,
        _E.REFUSE_AT_DESK: _S.REFUSED_AT_DESK,
    },
    _S.RECEIVED: {
        _E.TRANSFER: _S.TRANSFERRED,
        # At a ward the desk officer often settles the procedure himself.
        _E.START_PROCESSING: _S.IN_PROGRESS,
        _E.EXTEND: _S.RECEIVED,
        # Same-day procedures and first-Sunday sessions: settled at the desk.
        _E.FINISH: _S.RESULT_READY,
        _E.SETTLE_ON_THE_SPOT: _S.RETURNED,
    },
    _S.TRANSFERRED: {
        _E.START_PROCESSING: _S.IN_PROGRESS,
        _E.REQUEST_SUPPLEMENT: _S.SUPPLEMENT_REQUESTED,
        _E.EXTEND: _S.TRANSFERRED,
        _E.FINISH: _S.RESULT_READY,
        _E.STOP: _S.STOPPED,
    },
    _S.IN_PROGRESS: {
        _E.REQUEST_SUPPLEMENT: _S.SUPPLEMENT_REQUESTED,
        _E.REQUEST_PAYMENT: _S.AWAITING_PAYMENT,
        _E.SUSPEND: _S.SUSPENDED,
        _E.EXTEND: _S.IN_PROGRESS,
        _E.FINISH: _S.RESULT_READY,
        _E.STOP: _S.STOPPED,
    },
    _S.SUPPLEMENT_REQUESTED: {
        _E.RECEIVE_SUPPLEMENT: _S.IN_PROGRESS,
        # The citizen did not bring the papers: processing stops with a written reason.
        _E.STOP: _S.STOPPED,
    },
    _S.AWAITING_PAYMENT: {
        _E.RECEIVE_PAYMENT: _S.IN_PROGRESS,
        _E.STOP: _S.STOPPED,
    },
    _S.SUSPENDED: {
        _E.RESUME: _S.IN_PROGRESS,
        _E.STOP: _S.STOPPED,
    },
    _S.RESULT_READY: {_E.RETURN_RESULT: _S.RETURNED},
    _S.REFUSED_AT_DESK: {},
    _S.RETURNED: {},
    _S.WITHDRAWN: {},
    _S.STOPPED: {},
}
for _state in _WITHDRAWABLE:
    _TABLE[_state][_E.WITHDRAW] = _S.WITHDRAWN

#: The transition table: for each state, the events allowed in it and the state they lead to.
TRANSITIONS: Mapping[State, Mapping[EventKind, State]] = MappingProxyType(
    {state: MappingProxyType(events) for state, events in _TABLE.items()}
)


def _check_table(
    table: Mapping[State, Mapping[EventKind, State]], initial: State, finals: frozenset[State]
) -> None:
    """Refuse a table that could trap a dossier or revive a closed one."""
    if set(table) != set(State):
        missing = sorted(state.value for state in set(State) - set(table))
        raise AssertionError(f"transition table has no row for {missing}")
    for final in finals:
        if table[final]:
            raise AssertionError(f"final state {final.value} has transitions")
    if EventKind.FILE in {kind for row in table.values() for kind in row}:
        raise AssertionError("FILE creates a dossier; it is not a transition")
    reachable = {initial}
    frontier = [initial]
    while frontier:
        for target in table[frontier.pop()].values():
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    if reachable != set(State):
        unreachable = sorted(state.value for state in set(State) - reachable)
        raise AssertionError(f"states {unreachable} cannot be reached from {initial.value}")
    ending = set(finals)
    changed = True
    while changed:
        changed = False
        for state, row in table.items():
            if state not in ending and ending.intersection(row.values()):
                ending.add(state)
                changed = True
    if ending != set(State):
        trapped = sorted(state.value for state in set(State) - ending)
        raise AssertionError(f"states {trapped} can never reach a final state")


_check_table(TRANSITIONS, INITIAL_STATE, FINAL_STATES)


def to_mermaid() -> str:
    """The transition table as a Mermaid state diagram.

    Examples:
        >>> print(to_mermaid().splitlines()[1])
            [*] --> submitted: file
    """
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL_STATE.value}: {EventKind.FILE.value}"]
    for state, row in TRANSITIONS.items():
        for kind, target in row.items():
            lines.append(f"    {state.value} --> {target.value}: {kind.value}")
    lines += [f"    {state.value} --> [*]" for state in State if state in FINAL_STATES]
    return "\n".join(lines) + "\n"


def to_dot() -> str:
    """The transition table as a Graphviz DOT digraph; final states are double circles.

    Examples:
        >>> to_dot().splitlines()[0]
        'digraph dossier {'
    """
    lines = ["digraph dossier {", "    rankdir=LR;", '    start [shape=point, label=""];']
    for state in State:
        shape = "doublecircle" if state in FINAL_STATES else "ellipse"
        lines.append(f'    {state.value} [shape={shape}, tooltip="{state.label_vi}"];')
    lines.append(f'    start -> {INITIAL_STATE.value} [label="{EventKind.FILE.value}"];')
    for state, row in TRANSITIONS.items():
        for kind, target in row.items():
            lines.append(f'    {state.value} -> {target.value} [label="{kind.value}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
