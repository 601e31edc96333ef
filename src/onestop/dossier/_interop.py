"""Interoperability with the dossier status codes of the National Public Service Portal.

One-stop systems exchange a dossier's progress with the National Public Service Portal as a
sequence of status codes (TrangThaiHoSo, 1–10; law.md §1.5, practice.md §1.1), each with the
moment it was set. :func:`status_history` writes a :class:`~onestop.dossier.Dossier` as that
sequence; :func:`from_status_history` rebuilds a dossier from it, so that the export most
existing systems can give (codes with timestamps, and the appointment NgayHenTra) can be
loaded and measured.

How a code is read (the events it records, from the state the history has reached):

====  ==========================================================================================
code  events
====  ==========================================================================================
1     ``file`` (first code); ``complete`` after a request for completion (5 before receipt)
2     ``receive``; ``complete`` then ``receive`` after a request for completion
3     ``refuse_at_desk``
4     ``start_processing`` after receipt; ``receive_supplement`` after 5, ``receive_payment``
      after 6, ``resume`` after a suspension (an 8 that a later code follows)
5     ``request_completion`` before receipt; ``request_supplement`` after
6     ``request_payment``
7     ``withdraw``
8     ``stop`` when it is the last code; ``suspend`` when a later code follows
9     ``finish``
10    ``return_result``; ``finish`` then ``return_result`` when 9 was skipped;
      ``settle_on_the_spot`` right after receipt when the procedure allows it (same day, a
      same-day or on-the-spot procedure), else ``finish`` then ``return_result``
====  ==========================================================================================

A history that does not start with 1 (in-person dossiers usually start at 2) gets a ``file``
event at its first moment. Right after receipt (2), a 5, 6 or 8 gets a ``start_processing``
at the same moment, because the model only asks for papers, payment or stops while
processing. Inserted events share the moment of the code that needs them; they add codes to
:func:`status_history` of the rebuilt dossier (an inserted ``finish`` adds a 9), which the
input skipped. Consecutive repeats of a code are ignored (the first moment counts).

Texts the export does not carry (the papers a supplement asks for, a refusal's or a stop's
reason, a suspension's reason and legal basis) are not invented: they are the placeholder
``"(không có trong dữ liệu nhập: trạng thái N)"`` ("not in the imported data: status N"), so
anyone reading a rebuilt dossier sees which texts were imported and from which code. Events
get no ``by``, no receipt number, no amount and no result.

What the codes cannot say (the mapping is lossy):

* ``TRANSFERRED`` and ``IN_PROGRESS`` both send 4: a rebuilt dossier is ``IN_PROGRESS``.
* ``AWAITING_COMPLETION`` and ``SUPPLEMENT_REQUESTED`` both send 5: the state before the 5
  decides (before receipt it is a request for completion, after it a supplement request).
* ``SUSPENDED`` and ``STOPPED`` both send 8, and a suspension followed by a stop sends a single
  8: a last 8 is read as a stop (at the moment of the 8), so a dossier still suspended when
  the export was taken is rebuilt as stopped.
* Extensions (the apology's new date) change no code and cannot be rebuilt; only the
  appointment given as ``promised_at`` is kept.
* S1's national sync rewrites 5, 6 and 8 as 9 before pushing to the portal (practice.md §1.2).
  A history taken from the portal after such a push cannot be told apart from a real
  "Đã xử lý xong": it is read literally, so the 9 is a ``finish`` (the dossier looks processed
  at the moment of the supplement request), and a 4 after such a 9 raises
  :class:`~onestop.errors.DossierLogError`.

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.procedures import default_catalog
    >>> def t(day, hour, minute=0):
    ...     return datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM_TZ)
    >>> recognition = default_catalog().get("1.001022", on=t(2, 8).date())
    >>> d = from_status_history(
    ...     [(2, t(2, 8, 30)), (4, t(2, 9)), (5, t(3, 10)), (4, t(4, 15)), (9, t(5, 10)),
    ...      (10, t(5, 16))],
    ...     id="HS-2026-0117", procedure=recognition, calendar=WorkCalendar.vietnam())
    >>> [change.status.value for change in status_history(d)]
    [1, 2, 4, 5, 4, 9, 10]
    >>> d.events[3].missing
    ('(không có trong dữ liệu nhập: trạng thái 5)',)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from onestop.calendar import WorkCalendar, to_local
from onestop.dossier._dossier import Dossier
from onestop.dossier._events import Received
from onestop.dossier._lifecycle import INITIAL_STATE, TRANSITIONS, EventKind, NationalStatus, State
from onestop.dossier._rules import LifecycleRules
from onestop.errors import CalendarError, DossierError, DossierLogError, OnestopError
from onestop.procedures import Channel, Procedure

__all__ = ["StatusChange", "from_status_history", "status_history"]


def _status(value: object) -> NationalStatus:
    code = _code(value)
    if code is None:
        raise DossierError(f"unknown national status code {value!r}; the codes are 1 to 10")
    return code


def _moment(value: object) -> datetime:
    try:
        return to_local(value)
    except CalendarError as error:
        raise DossierError(f"a status change needs an aware moment: {error}") from None


@attrs.frozen
class StatusChange:
    """The national status a dossier took at a moment, as one-stop systems export it.

    ``status`` accepts the plain code; ``at`` is kept in Asia/Ho_Chi_Minh (naive moments are
    refused).

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ
        >>> change = StatusChange(9, datetime(2026, 3, 5, 10, tzinfo=VIETNAM_TZ))
        >>> change.status, change.status.label_vi
        (<NationalStatus.PROCESSED: 9>, 'Đã xử lý xong')
    """

    status: NationalStatus = attrs.field(converter=_status)
    at: datetime = attrs.field(converter=_moment)


def status_history(dossier: Dossier) -> tuple[StatusChange, ...]:
    """The national status after each event of ``dossier``, consecutive repeats collapsed
    (the first moment of a run counts).

    The history starts with 1 at filing, also for dossiers filed in person. Events that keep
    the code (an extension, processing starting after a transfer) add nothing.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> def t(day, hour, minute=0):
        ...     return datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM_TZ)
        >>> recognition = default_catalog().get("1.001022", on=t(2, 8).date())
        >>> d = (Dossier.file(id="HS-1", procedure=recognition, at=t(2, 8),
        ...                   calendar=WorkCalendar.vietnam())
        ...      .receive(at=t(2, 8, 30)).transfer(at=t(2, 9)).start_processing(at=t(2, 14))
        ...      .finish(at=t(4, 10)).return_result(at=t(4, 15)))
        >>> for change in status_history(d):
        ...     print(change.status.value, change.at.strftime("%d/%m %H:%M"), change.status.label_vi)
        1 02/03 08:00 Mới đăng ký
        2 02/03 08:30 Được tiếp nhận
        4 02/03 09:00 Đang xử lý
        9 04/03 10:00 Đã xử lý xong
        10 04/03 15:00 Đã trả kết quả
    """
    changes: list[StatusChange] = []
    state = INITIAL_STATE
    for index, event in enumerate(dossier.events):
        if index:
            # The dossier replayed its events when it was built: every step is in the table.
            state = TRANSITIONS[state][event.kind]
        status = state.national_status
        if not changes or changes[-1].status is not status:
            changes.append(StatusChange(status, event.at))
    return tuple(changes)


_E = EventKind
_N = NationalStatus
_S = State

#: The events that lead from a state to a code. A code 8 is read here as a stop; an 8 that a
#: later code follows is read with :data:`_SUSPENSIONS`.
_PLANS: Mapping[tuple[State, NationalStatus], tuple[EventKind, ...]] = MappingProxyType(
    {
        (_S.SUBMITTED, _N.RECEIVED): (_E.RECEIVE,),
        (_S.SUBMITTED, _N.NOT_RECEIVED): (_E.REFUSE_AT_DESK,),
        (_S.SUBMITTED, _N.SUPPLEMENT_REQUESTED): (_E.REQUEST_COMPLETION,),
        (_S.SUBMITTED, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.AWAITING_COMPLETION, _N.NEW): (_E.COMPLETE,),
        (_S.AWAITING_COMPLETION, _N.RECEIVED): (_E.COMPLETE, _E.RECEIVE),
        (_S.AWAITING_COMPLETION, _N.NOT_RECEIVED): (_E.REFUSE_AT_DESK,),
        (_S.AWAITING_COMPLETION, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.RECEIVED, _N.PROCESSING): (_E.START_PROCESSING,),
        (_S.RECEIVED, _N.SUPPLEMENT_REQUESTED): (_E.START_PROCESSING, _E.REQUEST_SUPPLEMENT),
        (_S.RECEIVED, _N.FINANCIAL_OBLIGATION): (_E.START_PROCESSING, _E.REQUEST_PAYMENT),
        (_S.RECEIVED, _N.STOPPED): (_E.START_PROCESSING, _E.STOP),
        (_S.RECEIVED, _N.PROCESSED): (_E.FINISH,),
        # Settled on the spot when the procedure and the day allow it (see _apply_plan).
        (_S.RECEIVED, _N.RETURNED): (_E.FINISH, _E.RETURN_RESULT),
        (_S.RECEIVED, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.IN_PROGRESS, _N.SUPPLEMENT_REQUESTED): (_E.REQUEST_SUPPLEMENT,),
        (_S.IN_PROGRESS, _N.FINANCIAL_OBLIGATION): (_E.REQUEST_PAYMENT,),
        (_S.IN_PROGRESS, _N.STOPPED): (_E.STOP,),
        (_S.IN_PROGRESS, _N.PROCESSED): (_E.FINISH,),
        (_S.IN_PROGRESS, _N.RETURNED): (_E.FINISH, _E.RETURN_RESULT),
        (_S.IN_PROGRESS, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.SUPPLEMENT_REQUESTED, _N.PROCESSING): (_E.RECEIVE_SUPPLEMENT,),
        (_S.SUPPLEMENT_REQUESTED, _N.STOPPED): (_E.STOP,),
        (_S.SUPPLEMENT_REQUESTED, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.AWAITING_PAYMENT, _N.PROCESSING): (_E.RECEIVE_PAYMENT,),
        (_S.AWAITING_PAYMENT, _N.STOPPED): (_E.STOP,),
        (_S.AWAITING_PAYMENT, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.SUSPENDED, _N.PROCESSING): (_E.RESUME,),
        (_S.SUSPENDED, _N.WITHDRAWN): (_E.WITHDRAW,),
        (_S.RESULT_READY, _N.RETURNED): (_E.RETURN_RESULT,),
    }
)

#: The events that lead from a state to a suspension: an 8 that a later code follows.
_SUSPENSIONS: Mapping[State, tuple[EventKind, ...]] = MappingProxyType(
    {
        _S.RECEIVED: (_E.START_PROCESSING, _E.SUSPEND),
        _S.IN_PROGRESS: (_E.SUSPEND,),
    }
)


def _check_plans(
    plans: Mapping[tuple[State, NationalStatus], tuple[EventKind, ...]],
    suspensions: Mapping[State, tuple[EventKind, ...]],
) -> None:
    """Refuse a plan the transition table does not allow, or one that misses its code, so a
    broken edit fails at import."""
    checked = [(state, status, plan) for (state, status), plan in plans.items()]
    checked += [(state, _N.STOPPED, plan) for state, plan in suspensions.items()]
    for state, status, plan in checked:
        current = state
        for kind in plan:
            target = TRANSITIONS[current].get(kind)
            if target is None:
                raise AssertionError(f"{kind.value} is not a transition out of {current.value}")
            current = target
        if current.national_status is not status:
            raise AssertionError(
                f"{[kind.value for kind in plan]} from {state.value} does not send {status.value}"
            )


_check_plans(_PLANS, _SUSPENSIONS)


def _placeholder(status: NationalStatus) -> str:
    """The text an event needs and the export does not carry."""
    return f"(không có trong dữ liệu nhập: trạng thái {status.value})"


def _code(value: object) -> NationalStatus | None:
    if isinstance(value, NationalStatus):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return NationalStatus(value)
        except ValueError:
            return None
    return None


def _describe(status: NationalStatus) -> str:
    return f"code {status.value} ({status.label_vi})"


def _plan(state: State, status: NationalStatus, last: bool) -> tuple[EventKind, ...] | None:
    if status is _N.STOPPED and not last:
        return _SUSPENSIONS.get(state)
    return _PLANS.get((state, status))


def _refusal(state: State, status: NationalStatus, last: bool) -> str:
    if state.is_final:
        return f"{_describe(status)} cannot follow state {state.value}: it is final"
    allowed = sorted(
        {code.value for (from_state, code) in _PLANS if from_state is state}
        | ({_N.STOPPED.value} if state in _SUSPENSIONS else set())
    )
    # Only an 8 has two readings: a stop when last, a suspension when a later code follows.
    suspension = status is _N.STOPPED and not last
    reading = " read as a suspension (a later code follows it)" if suspension else ""
    return (
        f"{_describe(status)}{reading} cannot follow state {state.value} "
        f"({_describe(state.national_status)}); codes that can follow: "
        f"{', '.join(map(str, allowed)) or 'none'}"
    )


def _record(
    dossier: Dossier,
    kind: EventKind,
    at: datetime,
    status: NationalStatus,
    promised_at: datetime | None,
) -> Dossier:
    """``dossier`` after the command ``kind`` at ``at``, texts it needs as placeholders."""
    text = _placeholder(status)
    match kind:
        case _E.RECEIVE:
            if promised_at is None:
                return dossier.receive(at=at)
            return dossier.apply(Received(at=at, promised_at=promised_at))
        case _E.REQUEST_COMPLETION:
            return dossier.request_completion(at=at, missing=[text])
        case _E.COMPLETE:
            return dossier.complete(at=at)
        case _E.REFUSE_AT_DESK:
            return dossier.refuse_at_desk(at=at, reason=text)
        case _E.START_PROCESSING:
            return dossier.start_processing(at=at)
        case _E.REQUEST_SUPPLEMENT:
            return dossier.request_supplement(at=at, missing=[text])
        case _E.RECEIVE_SUPPLEMENT:
            return dossier.receive_supplement(at=at)
        case _E.REQUEST_PAYMENT:
            return dossier.request_payment(at=at)
        case _E.RECEIVE_PAYMENT:
            return dossier.receive_payment(at=at)
        case _E.SUSPEND:
            return dossier.suspend(at=at, reason=text, legal_basis=text)
        case _E.RESUME:
            return dossier.resume(at=at)
        case _E.FINISH:
            return dossier.finish(at=at)
        case _E.RETURN_RESULT:
            return dossier.return_result(at=at)
        case _E.WITHDRAW:
            return dossier.withdraw(at=at)
        case _E.STOP:
            return dossier.stop(at=at, reason=text)
        case _:  # pragma: no cover - the plans hold only the kinds above
            raise AssertionError(f"no import for {kind.value}")


def _parse(index: int, item: object) -> tuple[NationalStatus, datetime]:
    """The code and the moment of one change; anything else raises DossierLogError."""
    if isinstance(item, StatusChange):
        return item.status, item.at
    if isinstance(item, str | bytes) or not isinstance(item, Iterable):
        raise DossierLogError(index, f"a status change is a (code, datetime) pair, got {item!r}")
    pair = tuple(item)
    if len(pair) != 2:
        raise DossierLogError(index, f"a status change is a (code, datetime) pair, got {item!r}")
    value, moment = pair
    status = _code(value)
    if status is None:
        raise DossierLogError(
            index, f"unknown national status code {value!r}; the codes are the integers 1 to 10"
        )
    if not isinstance(moment, datetime):
        raise DossierLogError(index, f"the moment must be a datetime, got {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DossierLogError(
            index,
            f"naive timestamp {moment.isoformat()}: onestop does not guess a time zone; attach "
            "tzinfo=onestop.calendar.VIETNAM_TZ (Asia/Ho_Chi_Minh) or UTC",
        )
    return status, to_local(moment)


def from_status_history(
    changes: Iterable[tuple[int | NationalStatus, datetime] | StatusChange],
    *,
    id: str,
    procedure: Procedure,
    calendar: WorkCalendar,
    channel: Channel = Channel.IN_PERSON,
    promised_at: datetime | None = None,
    rules: LifecycleRules | None = None,
) -> Dossier:
    """The dossier a sequence of national status changes describes (see the module for how
    each code is read and what is lost).

    ``changes`` are ``(code, moment)`` pairs or :class:`StatusChange` values, in the order they
    happened. ``promised_at`` is the export's appointment (NgayHenTra), written on the receipt
    event as the slip's promise; when it is ``None`` the receipt computes it from the
    procedure's time limit, as :meth:`Dossier.receive` does. ``rules`` overrides the rule set,
    as in :meth:`Dossier.file`. For a dossier ``d`` built by commands the codes survive:
    ``status_history(from_status_history(status_history(d), ...)) == status_history(d)``.

    A change that cannot follow the state the history has reached (10 right after 1, anything
    after a final state), an unknown code, a naive moment or one before the previous change
    raise :class:`~onestop.errors.DossierLogError` with the index of the change in
    ``changes`` and the state it met. A ``promised_at`` for a history that is never received,
    or a naive one, raises :class:`~onestop.errors.DossierError`.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> def t(day, hour, minute=0):
        ...     return datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM_TZ)
        >>> recognition = default_catalog().get("1.001022", on=t(2, 8).date())
        >>> history = [(1, t(2, 8)), (2, t(2, 8, 30)), (4, t(2, 9)), (9, t(4, 10)), (10, t(4, 15))]
        >>> d = from_status_history(history, id="HS-1", procedure=recognition,
        ...                         calendar=WorkCalendar.vietnam(), promised_at=t(5, 17))
        >>> d.state, d.clock.promised_at.isoformat(), d.classify().outcome
        (<State.RETURNED: 'returned'>, '2026-03-05T17:00:00+07:00', <Outcome.EARLY: 'early'>)
        >>> from_status_history([(1, t(2, 8)), (10, t(2, 9))], id="HS-2", procedure=recognition,
        ...                     calendar=WorkCalendar.vietnam())
        Traceback (most recent call last):
        ...
        onestop.errors.DossierLogError: event 1: code 10 (Đã trả kết quả) cannot follow state submitted (code 1 (Mới đăng ký)); codes that can follow: 2, 3, 5, 7
    """
    if not isinstance(id, str) or not id.strip():
        raise DossierError(f"a dossier needs a non-empty id, got {id!r}")
    if promised_at is not None:
        try:
            promised_at = to_local(promised_at)
        except CalendarError as error:
            raise DossierError(f"promised_at is not usable: {error}") from None
    # Read every change first: a bad moment or code is reported before any event is built,
    # and whether an 8 is the last code is known when it is met.
    runs: list[tuple[int, NationalStatus, datetime]] = []
    previous: datetime | None = None
    for index, item in enumerate(changes):
        status, at = _parse(index, item)
        if previous is not None and at < previous:
            raise DossierLogError(
                index,
                f"time goes backwards: {at.isoformat()} is before the previous change at "
                f"{previous.isoformat()}",
            )
        previous = at
        if not runs or runs[-1][1] is not status:
            runs.append((index, status, at))
    if not runs:
        raise DossierLogError(0, "a status history needs at least one change")
    dossier: Dossier | None = None
    for position, (index, status, at) in enumerate(runs):
        if dossier is None:
            try:
                dossier = Dossier.file(
                    id=id,
                    procedure=procedure,
                    at=at,
                    calendar=calendar,
                    channel=channel,
                    rules=rules,
                )
            except OnestopError as error:
                raise DossierLogError(index, str(error)) from None
            if status is _N.NEW:
                continue
        last = position == len(runs) - 1
        dossier = _apply_plan(dossier, index, status, at, last, promised_at)
    assert dossier is not None
    if promised_at is not None and dossier.received_at is None:
        raise DossierError(
            f"promised_at {promised_at.isoformat()} is an appointment, but the history never "
            f"reaches receipt (code 2); it ends in state {dossier.state.value}"
        )
    return dossier


def _apply_plan(
    dossier: Dossier,
    index: int,
    status: NationalStatus,
    at: datetime,
    last: bool,
    promised_at: datetime | None,
) -> Dossier:
    state = dossier.state
    plan = _plan(state, status, last)
    if plan is None:
        raise DossierLogError(index, _refusal(state, status, last))
    if state is _S.RECEIVED and status is _N.RETURNED:
        # Received and returned with nothing in between: settled on the spot, when the
        # procedure and the day allow it (the command checks both).
        try:
            return dossier.settle_on_the_spot(at=at)
        except DossierError:
            pass
    for kind in plan:
        try:
            dossier = _record(dossier, kind, at, status, promised_at)
        except OnestopError as error:
            # A rule or a computation refused it (e.g. a deadline beyond the supported years).
            raise DossierLogError(
                index, f"{_describe(status)} from state {dossier.state.value}: {error}"
            ) from None
    return dossier
