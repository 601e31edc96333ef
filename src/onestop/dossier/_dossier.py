"""``Dossier``: a procedure, a calendar and an append-only tuple of events, with the state,
the legal clock and the classification folded from them."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier._clock import LegalClock, Pause, PauseReason
from onestop.dossier._events import (
    Applicant,
    Completed,
    CompletionRequested,
    Event,
    Extended,
    Filed,
    PaymentReceived,
    PaymentRequested,
    ProcessingStarted,
    Received,
    RefusedAtDesk,
    ResultReady,
    ResultReturned,
    Resumed,
    SettledOnTheSpot,
    Stopped,
    SupplementReceived,
    SupplementRequested,
    Suspended,
    Transferred,
    Withdrawn,
    event_from_dict,
    event_to_dict,
)
from onestop.dossier._lifecycle import INITIAL_STATE, TRANSITIONS, EventKind, State
from onestop.dossier._rules import (
    CountingStart,
    Granularity,
    LifecycleRules,
    SupplementPolicy,
    rules_for,
)
from onestop.errors import DossierError, DossierLogError, OnestopError, TransitionError
from onestop.procedures import Catalog, Channel, Procedure
from onestop.timing import ProcessingTime, TimeUnit, deadline

__all__ = [
    "ApologyCheck",
    "ApologyStatus",
    "Classification",
    "Dossier",
    "Outcome",
    "missing_apologies",
]

#: The largest dossier log :meth:`Dossier.from_json` reads unless told otherwise.
MAX_JSON_BYTES = 1 << 20

#: The events that end processing (rules.md, "End of processing"): result ready, returned,
#: stopped or refused, withdrawn.
_ENDING = frozenset(
    {
        EventKind.FINISH,
        EventKind.RETURN_RESULT,
        EventKind.SETTLE_ON_THE_SPOT,
        EventKind.STOP,
        EventKind.REFUSE_AT_DESK,
        EventKind.WITHDRAW,
    }
)


class Outcome(enum.Enum):
    """Early, on time or late (rules.md, "Classification"), or why there is no answer yet."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    #: Still being processed and not yet late.
    OPEN = "open"
    #: Never received, or no time limit: no clock ran.
    UNCOUNTED = "uncounted"


@attrs.frozen
class Classification:
    """How a dossier stands against its appointment.

    ``outcome`` is the one-stop measurement: the end of processing against the appointment
    moved by the paused time, and late when there were more supplement requests than the rule
    set allows (Decision 766/QĐ-TTg indicator 2.1 [S]). ``legal_outcome`` compares the same
    moment with the legal due moment on today's calendar, so a promise broken by a later
    calendar change is visible.
    """

    outcome: Outcome
    legal_outcome: Outcome
    #: The moment compared: the end of processing (or the start of a pause it ended in), or
    #: ``now`` for an open dossier; ``None`` when there is none.
    measured_at: datetime | None
    appointment: datetime | None
    due_at: datetime | None
    reasons: tuple[str, ...] = ()


class ApologyStatus(enum.Enum):
    """Whether the apology a late dossier needs was sent, and in time."""

    NOT_REQUIRED = "not_required"
    SENT_IN_TIME = "sent_in_time"
    SENT_LATE = "sent_late"
    MISSING = "missing"


@attrs.frozen
class ApologyCheck:
    """The apology rule applied to one dossier: a dossier predicted late needs an apology
    with the reason and a new date, sent no later than ``lead`` working days before the due
    day ("chậm nhất 01 ngày trước ngày hết hạn … không quá một lần", Decree 61/2018/NĐ-CP as
    amended, restated in post-2025 provincial rules [S]; law.md §1.3)."""

    status: ApologyStatus
    #: The latest moment the apology could be sent in time.
    required_by: datetime | None
    sent_at: datetime | None = None
    new_due: datetime | None = None


@attrs.frozen
class _View:
    """The fold of a dossier's events."""

    state: State
    rules: LifecycleRules
    filed: Filed
    last_at: datetime
    received: Received | None = None
    clock: LegalClock | None = None
    ended: Event | None = None
    apology: Extended | None = None


class _RuleError(Exception):
    """A rule refuses an event; turned into TransitionError or DossierLogError."""


def _start_clock(
    procedure: Procedure,
    calendar: WorkCalendar,
    rules: LifecycleRules,
    channel: Channel,
    start: datetime,
    promised_at: datetime | None,
) -> LegalClock:
    """The clock counting from ``start`` whose slip promises ``promised_at``."""
    processing_time = procedure.time_for(channel)
    due = (
        None
        if processing_time is None
        else deadline(start, processing_time, calendar, rules.receipt_rules)
    )
    return LegalClock(calendar, processing_time, start, due, promised_at, promised_at)


def _step(
    view: _View | None,
    event: Event,
    procedure: Procedure,
    calendar: WorkCalendar,
    override: LifecycleRules | None,
) -> _View:
    """The view after ``event``; raises :class:`_RuleError` with the rule it breaks."""
    if view is None:
        if not isinstance(event, Filed):
            raise _RuleError(f"a dossier starts with a {EventKind.FILE.value} event")
        rules = override if override is not None else rules_for(event.at.date())
        return _View(INITIAL_STATE, rules, event, event.at)
    kind = event.kind
    target = TRANSITIONS[view.state].get(kind)
    if target is None:
        raise _RuleError(f"{kind.value} is not a transition out of {view.state.value}")
    if event.at < view.last_at:
        raise _RuleError(
            f"time never goes backwards within a dossier: {event.at.isoformat()} is before "
            f"the previous event at {view.last_at.isoformat()}"
        )
    rules, received, clock = view.rules, view.received, view.clock
    if isinstance(event, Received):
        rules = override if override is not None else rules_for(event.at.date())
        received = event
        start = view.filed.at if rules.counting_starts is CountingStart.FILING else event.at
        clock = _start_clock(
            procedure, calendar, rules, view.filed.channel, start, event.promised_at
        )
    elif clock is not None:
        clock = _tick(view, clock, event, procedure, calendar)
    apology = view.apology
    if apology is None and isinstance(event, Extended):
        apology = event
    ended = view.ended
    if ended is None and kind in _ENDING:
        ended = event
    return _View(target, rules, view.filed, event.at, received, clock, ended, apology)


def _tick(
    view: _View, clock: LegalClock, event: Event, procedure: Procedure, calendar: WorkCalendar
) -> LegalClock:
    """The clock after ``event`` (a dossier already received)."""
    rules = view.rules
    if isinstance(event, SupplementRequested):
        return attrs.evolve(
            clock,
            pauses=(*clock.pauses, Pause(PauseReason.SUPPLEMENT, event.at)),
            supplement_requests=clock.supplement_requests + 1,
        )
    if isinstance(event, PaymentRequested) and rules.payment_pauses_clock:
        return attrs.evolve(clock, pauses=(*clock.pauses, Pause(PauseReason.PAYMENT, event.at)))
    if isinstance(event, Suspended):
        return attrs.evolve(clock, pauses=(*clock.pauses, Pause(PauseReason.SUSPENSION, event.at)))
    if isinstance(event, SupplementReceived | PaymentReceived | Resumed) and clock.paused:
        closed = attrs.evolve(clock.pauses[-1], end=event.at)
        clock = attrs.evolve(clock, pauses=(*clock.pauses[:-1], closed))
        if isinstance(event, SupplementReceived) and (
            rules.supplement_policy is SupplementPolicy.RESTART
        ):
            # The full limit runs again from the papers' arrival, with a new appointment.
            fresh = _start_clock(procedure, calendar, rules, view.filed.channel, event.at, None)
            promise = None if fresh.deadline is None else fresh.deadline.due_at
            clock = attrs.evolve(
                fresh,
                slip_promise=promise,
                promised_at=promise,
                pauses=clock.pauses,
                extensions=clock.extensions,
                supplement_requests=clock.supplement_requests,
            )
        return clock
    if isinstance(event, Extended):
        if clock.extensions >= rules.max_extensions:
            raise _RuleError(
                f"the return date may be reset at most {rules.max_extensions} time(s) under "
                f"{rules.name} ('Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần')"
            )
        # The promise now standing: the slip's appointment moved by the pauses, or the new
        # date of an earlier apology.
        current = clock.promised_at if clock.extensions else clock.appointment
        if current is not None and event.new_due <= current:
            raise _RuleError(
                f"the new date {event.new_due.isoformat()} must be later than the current "
                f"promise {current.isoformat()}"
            )
        return attrs.evolve(clock, promised_at=event.new_due, extensions=clock.extensions + 1)
    if isinstance(event, SettledOnTheSpot):
        if not _settles_on_the_spot(procedure, clock.processing_time):
            raise _RuleError(
                f"procedure {procedure.code} is not settled on the spot: it is neither flagged "
                "on_the_spot nor a same-day procedure"
            )
        if view.received is not None and event.at.date() != view.received.at.date():
            raise _RuleError("settling on the spot happens on the day of receipt")
    return clock


def _settles_on_the_spot(procedure: Procedure, processing_time: ProcessingTime | None) -> bool:
    """Whether a dossier of ``procedure`` under ``processing_time`` may be settled on the
    spot: the procedure is flagged so, or its limit is the same day."""
    same_day = processing_time is not None and processing_time.unit is TimeUnit.SAME_DAY
    return procedure.on_the_spot or same_day


def _replay(
    events: Sequence[Event],
    procedure: Procedure,
    calendar: WorkCalendar,
    override: LifecycleRules | None,
) -> _View:
    if not events:
        raise DossierLogError(0, "a dossier has at least its file event")
    view: _View | None = None
    for index, event in enumerate(events):
        if not isinstance(event, Event):
            raise DossierLogError(index, f"not an event: {type(event).__name__}")
        try:
            view = _step(view, event, procedure, calendar, override)
        except (_RuleError, OnestopError) as refusal:
            # A rule set or a calendar that cannot judge the event is as fatal to a replay
            # as a broken rule: the caller needs the index either way.
            raise DossierLogError(index, str(refusal)) from None
    assert view is not None
    return view


def _event_tuple(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(events)


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DossierError(f"a dossier needs a non-empty {attribute.name}, got {value!r}")


@attrs.frozen(repr=False)
class Dossier:
    """A dossier: its procedure (as in force at receipt), its calendar and its events.

    Its state, legal clock and classification are folded from the events; every command
    checks the transition and its rules and returns a new dossier, leaving this one as it was.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> def t(day, hour, minute=0):
        ...     return datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM_TZ)
        >>> birth = default_catalog().get("1.001193", on=t(2, 9).date())
        >>> d = Dossier.file(id="HS-0001", procedure=birth, at=t(2, 9),
        ...                  calendar=WorkCalendar.vietnam())
        >>> d = d.receive(at=t(2, 9, 5), by="desk-1")
        >>> d.state, d.clock.promised_at.isoformat()
        (<State.RECEIVED: 'received'>, '2026-03-02T17:00:00+07:00')
        >>> d.finish(at=t(2, 10)).return_result(at=t(2, 10, 5)).classify().outcome
        <Outcome.ON_TIME: 'on_time'>
    """

    id: str = attrs.field(validator=_non_empty)
    procedure: Procedure = attrs.field(repr=False)
    calendar: WorkCalendar = attrs.field(eq=False, repr=False)
    events: tuple[Event, ...] = attrs.field(converter=_event_tuple)
    #: The rule set to judge by; ``None`` (the default) means the set in force on the day of
    #: receipt (of filing, until the dossier is received).
    rules_override: LifecycleRules | None = attrs.field(default=None, kw_only=True)
    _view: _View = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        view = _replay(self.events, self.procedure, self.calendar, self.rules_override)
        object.__setattr__(self, "_view", view)

    def __repr__(self) -> str:
        return (
            f"Dossier(id={self.id!r}, procedure={self.procedure.code!r}, "
            f"state={self.state.value}, events={len(self.events)})"
        )

    # ---------------------------------------------------------------- derived

    @property
    def state(self) -> State:
        """The state the events lead to."""
        return self._view.state

    @property
    def rules(self) -> LifecycleRules:
        """The rule set the dossier is judged by."""
        return self._view.rules

    @property
    def clock(self) -> LegalClock | None:
        """The legal clock, from receipt on; ``None`` before."""
        return self._view.clock

    @property
    def channel(self) -> Channel:
        """How the dossier was filed."""
        return self._view.filed.channel

    @property
    def applicant(self) -> Applicant | None:
        """Who filed it (masked in every ``repr``)."""
        return self._view.filed.applicant

    @property
    def filed_at(self) -> datetime:
        """When the dossier was filed."""
        return self._view.filed.at

    @property
    def received_at(self) -> datetime | None:
        """When the desk received it; ``None`` before receipt or if it was refused."""
        received = self._view.received
        return None if received is None else received.at

    @property
    def ended_at(self) -> datetime | None:
        """The end of processing: the first of result ready, returned, stopped or refused,
        withdrawn (rules.md); ``None`` while processing goes on."""
        ended = self._view.ended
        return None if ended is None else ended.at

    @property
    def allowed_commands(self) -> tuple[str, ...]:
        """The commands the state allows now (guards aside)."""
        return self.commands_in(self.state)

    @staticmethod
    def commands_in(state: State) -> tuple[str, ...]:
        """The commands ``state`` allows (guards aside).

        Examples:
            >>> Dossier.commands_in(State.RESULT_READY)
            ('return_result',)
        """
        return tuple(kind.value for kind in TRANSITIONS[state])

    def remaining(self, now: datetime) -> timedelta | None:
        """Working time left before the legal due moment; see :meth:`LegalClock.remaining`."""
        clock = self.clock
        return None if clock is None else clock.remaining(now)

    def is_overdue(self, now: datetime) -> bool:
        """Whether the dossier is past its legal due moment at ``now`` (an ended dossier: at
        its end of processing)."""
        clock = self.clock
        if clock is None:
            return False
        ended = self.ended_at
        return clock.is_overdue(ended if ended is not None and ended < now else now)

    # ---------------------------------------------------------------- classification

    def classify(self, now: datetime | None = None) -> Classification:
        """Early, on time or late (rules.md, "Classification").

        An ended dossier is measured at its end of processing; one that ended while waiting
        for the citizen is measured when the wait began (Decision 766/QĐ-TTg indicator 2.1
        [S]). An open dossier is ``LATE`` once ``now`` is past its appointment, else
        ``OPEN``.
        """
        clock = self.clock
        if clock is None or clock.appointment is None:
            why = "never received" if clock is None else "the procedure sets no time limit"
            return Classification(Outcome.UNCOUNTED, Outcome.UNCOUNTED, None, None, None, (why,))
        ended = self._view.ended
        if ended is not None:
            measured: datetime | None = clock.stopped_at(ended.at)
        elif now is not None:
            measured = clock.stopped_at(now)
        else:
            measured = None
        granularity = self.rules.granularity
        appointment, due = clock.appointment, clock.due_at
        outcome = _compare(measured, appointment, granularity, ended is not None)
        legal = _compare(measured, due, granularity, ended is not None)
        reasons: list[str] = []
        if _over_supplement_limit(self.rules, clock):
            outcome = Outcome.LATE
            limit = self.rules.late_after_supplement_requests
            reasons.append(
                f"{clock.supplement_requests} supplement requests: more than {limit} counts "
                "as late (Decision 766/QĐ-TTg indicator 2.1)"
            )
        return Classification(outcome, legal, measured, appointment, due, tuple(reasons))

    def apology(self, now: datetime | None = None) -> ApologyCheck:
        """Whether this dossier needed an apology and got it in time.

        It is needed once the dossier is late against its appointment (at its end, or at
        ``now``) or when one was sent (the office predicted the delay).
        """
        clock = self.clock
        if clock is None or clock.appointment is None:
            return ApologyCheck(ApologyStatus.NOT_REQUIRED, None)
        appointment = clock.appointment
        day = appointment.date()
        lead = self.rules.apology_lead_working_days
        day = (
            self.calendar.add_working_days(day, -lead)
            if lead
            else self.calendar.roll(day, "backward")
        )
        required_by = self.calendar.closing_time(day)
        sent = self._view.apology
        if sent is not None:
            status = (
                ApologyStatus.SENT_IN_TIME if sent.at <= required_by else ApologyStatus.SENT_LATE
            )
            return ApologyCheck(status, required_by, sent.at, sent.new_due)
        ended = self._view.ended
        moment = clock.stopped_at(ended.at) if ended is not None else now
        late = (
            moment is not None
            and _compare(moment, appointment, self.rules.granularity, True) is Outcome.LATE
        )
        status = ApologyStatus.MISSING if late else ApologyStatus.NOT_REQUIRED
        return ApologyCheck(status, required_by)

    # ---------------------------------------------------------------- storage

    def to_json(self) -> str:
        """The dossier as JSON: its id, its procedure code and its events, nothing derived.

        Examples:
            >>> from datetime import datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> from onestop.procedures import default_catalog
            >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM_TZ)
            >>> d = Dossier.file(id="HS-7", procedure=default_catalog().get("1.001193", on=at.date()),
            ...                  at=at, calendar=WorkCalendar.vietnam())
            >>> d.to_json()
            '{"id": "HS-7", "procedure": "1.001193", "events": [{"type": "file", "at": "2026-03-02T09:00:00+07:00", "channel": "in_person"}]}'
        """
        return json.dumps(
            {
                "id": self.id,
                "procedure": self.procedure.code,
                "events": [event_to_dict(event) for event in self.events],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(
        cls,
        text: str | bytes,
        *,
        procedure: Procedure | Catalog,
        calendar: WorkCalendar,
        rules: LifecycleRules | None = None,
        max_bytes: int = MAX_JSON_BYTES,
    ) -> Dossier:
        """The dossier ``text`` (from :meth:`to_json`) describes, replayed event by event.

        ``procedure`` is the procedure itself, or a catalog to look it up in as in force on the
        filing day. A log larger than ``max_bytes``, an unknown or broken event, or events out
        of order raise :class:`~onestop.errors.DossierLogError` with the event's index.

        Examples:
            >>> from onestop.procedures import default_catalog
            >>> from onestop.calendar import WorkCalendar
            >>> text = ('{"id": "HS-7", "procedure": "1.001193", "events": ['
            ...         '{"type": "file", "at": "2026-03-02T09:00:00+07:00"},'
            ...         '{"type": "receive", "at": "2026-03-02T08:00:00+07:00"}]}')
            >>> Dossier.from_json(text, procedure=default_catalog(), calendar=WorkCalendar.vietnam())
            Traceback (most recent call last):
            ...
            onestop.errors.DossierLogError: event 1: time never goes backwards within a dossier: 2026-03-02T08:00:00+07:00 is before the previous event at 2026-03-02T09:00:00+07:00
        """
        size = len(text.encode() if isinstance(text, str) else text)
        if size > max_bytes:
            raise DossierLogError(
                0,
                f"the log is {size} bytes, over the limit of {max_bytes}; raise max_bytes "
                "if the log is trusted",
            )
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise DossierLogError(0, f"not JSON: {error}") from None
        if not isinstance(data, dict) or set(data) != {"id", "procedure", "events"}:
            raise DossierLogError(
                0, 'a dossier is a JSON object with exactly "id", "procedure" and "events"'
            )
        raw_events = data["events"]
        if not isinstance(raw_events, list) or not raw_events:
            raise DossierLogError(0, '"events" must be a non-empty list')
        events: list[Event] = []
        for index, raw in enumerate(raw_events):
            try:
                events.append(event_from_dict(raw))
            except DossierError as error:
                raise DossierLogError(index, str(error)) from None
        code = data["procedure"]
        if isinstance(procedure, Catalog):
            catalog = procedure
            try:
                procedure = catalog.get(str(code), on=events[0].at.date())
            except KeyError:
                raise DossierLogError(
                    0,
                    f"procedure {code!r} is not in catalog {catalog.name!r} on "
                    f"{events[0].at.date().isoformat()}",
                ) from None
        elif procedure.code != code:
            raise DossierLogError(0, f"the log is for procedure {code!r}, not {procedure.code!r}")
        return cls(str(data["id"]), procedure, calendar, events, rules_override=rules)

    # ---------------------------------------------------------------- commands

    @classmethod
    def file(
        cls,
        *,
        id: str,
        procedure: Procedure,
        at: datetime,
        calendar: WorkCalendar,
        channel: Channel = Channel.IN_PERSON,
        applicant: Applicant | None = None,
        by: str | None = None,
        rules: LifecycleRules | None = None,
    ) -> Dossier:
        """A new dossier, filed at ``at`` through ``channel``."""
        event = Filed(at=at, by=by, channel=channel, applicant=applicant)
        if rules is None:
            rules_for(event.at.date())  # a clear DossierError before any replay
        return cls(id, procedure, calendar, (event,), rules_override=rules)

    def apply(self, event: Event) -> Dossier:
        """This dossier with ``event`` appended, if the rules allow it; otherwise
        :class:`~onestop.errors.TransitionError` and nothing changes."""
        self._after(event)
        return attrs.evolve(self, events=(*self.events, event))

    def _after(self, event: Event) -> _View:
        """The view ``event`` would lead to, or the :class:`TransitionError` refusing it."""
        try:
            return _step(self._view, event, self.procedure, self.calendar, self.rules_override)
        except (_RuleError, OnestopError) as refusal:
            raise TransitionError(
                self.state.value, event.kind.value, str(refusal), self.allowed_commands
            ) from None

    def request_completion(
        self,
        *,
        at: datetime,
        missing: Iterable[str],
        reason: str | None = None,
        by: str | None = None,
    ) -> Dossier:
        """Before receipt: ask for the missing papers, once and in writing (form 02)."""
        return self.apply(CompletionRequested(at=at, by=by, missing=missing, reason=reason))

    def complete(self, *, at: datetime, by: str | None = None) -> Dossier:
        """The citizen brought the papers asked for before receipt."""
        return self.apply(Completed(at=at, by=by))

    def refuse_at_desk(self, *, at: datetime, reason: str, by: str | None = None) -> Dossier:
        """Refuse the dossier at the desk with the reason (form 03)."""
        return self.apply(RefusedAtDesk(at=at, by=by, reason=reason))

    def receive(
        self, *, at: datetime, by: str | None = None, receipt_number: str | None = None
    ) -> Dossier:
        """Receive the dossier and promise the return moment on the slip (form 01): the
        deadline of the procedure's time limit for the dossier's channel, from ``at``."""
        event = Received(at=at, by=by, receipt_number=receipt_number)
        # Received without a promise first: the transition and the rule set are checked, and
        # the clock it starts gives the statutory due moment the slip promises.
        clock = self._after(event).clock
        assert clock is not None
        promise = None if clock.deadline is None else clock.deadline.due_at
        return self.apply(attrs.evolve(event, promised_at=promise))

    def transfer(
        self, *, at: datetime, to_unit: str | None = None, by: str | None = None
    ) -> Dossier:
        """Hand the dossier to the unit that settles it."""
        return self.apply(Transferred(at=at, by=by, to_unit=to_unit))

    def start_processing(self, *, at: datetime, by: str | None = None) -> Dossier:
        """The competent unit starts settling the dossier."""
        return self.apply(ProcessingStarted(at=at, by=by))

    def request_supplement(
        self,
        *,
        at: datetime,
        missing: Iterable[str],
        reason: str | None = None,
        by: str | None = None,
    ) -> Dossier:
        """Ask the citizen for missing papers (form 02); the clock pauses by default."""
        return self.apply(SupplementRequested(at=at, by=by, missing=missing, reason=reason))

    def receive_supplement(self, *, at: datetime, by: str | None = None) -> Dossier:
        """The papers arrived: the clock goes on (or restarts, under ``RESTART``)."""
        return self.apply(SupplementReceived(at=at, by=by))

    def request_payment(
        self, *, at: datetime, amount_vnd: int | None = None, by: str | None = None
    ) -> Dossier:
        """Ask the citizen to pay a fee or tax (status 6)."""
        return self.apply(PaymentRequested(at=at, by=by, amount_vnd=amount_vnd))

    def receive_payment(self, *, at: datetime, by: str | None = None) -> Dossier:
        """The citizen paid."""
        return self.apply(PaymentReceived(at=at, by=by))

    def suspend(
        self, *, at: datetime, reason: str, legal_basis: str, by: str | None = None
    ) -> Dossier:
        """Suspend processing on the ground ``legal_basis`` provides; the clock pauses."""
        return self.apply(Suspended(at=at, by=by, reason=reason, legal_basis=legal_basis))

    def resume(self, *, at: datetime, by: str | None = None) -> Dossier:
        """Resume processing after a suspension."""
        return self.apply(Resumed(at=at, by=by))

    def extend(
        self, *, at: datetime, reason: str, new_due: datetime, by: str | None = None
    ) -> Dossier:
        """Send the apology letter with the reason and a new return date (form 04)."""
        return self.apply(Extended(at=at, by=by, reason=reason, new_due=new_due))

    def finish(self, *, at: datetime, result: str | None = None, by: str | None = None) -> Dossier:
        """Processing is finished; the result waits at the desk (status 9)."""
        return self.apply(ResultReady(at=at, by=by, result=result))

    def return_result(self, *, at: datetime, by: str | None = None) -> Dossier:
        """Hand or send the result to the citizen (status 10)."""
        return self.apply(ResultReturned(at=at, by=by))

    def settle_on_the_spot(
        self, *, at: datetime, result: str | None = None, by: str | None = None
    ) -> Dossier:
        """Settle and return at the desk on the day of receipt (same-day procedures and
        procedures flagged ``on_the_spot``, e.g. at a first-Sunday session)."""
        return self.apply(SettledOnTheSpot(at=at, by=by, result=result))

    def withdraw(
        self, *, at: datetime, reason: str | None = None, by: str | None = None
    ) -> Dossier:
        """The citizen withdraws the dossier (status 7)."""
        return self.apply(Withdrawn(at=at, by=by, reason=reason))

    def stop(self, *, at: datetime, reason: str, by: str | None = None) -> Dossier:
        """Stop processing, or refuse after review, with the reason (status 8)."""
        return self.apply(Stopped(at=at, by=by, reason=reason))


def missing_apologies(
    dossiers: Iterable[Dossier], now: datetime | None = None
) -> tuple[tuple[Dossier, ApologyCheck], ...]:
    """The dossiers whose apology is missing or was sent too late, with the check of each:
    the list a ward's head reviews (law.md §1.3).

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> d = Dossier.file(id="HS-1", procedure=default_catalog().get("1.001022", on=at.date()),
        ...                  at=at, calendar=WorkCalendar.vietnam()).receive(at=at)
        >>> late = d.finish(at=datetime(2026, 3, 9, 9, tzinfo=VIETNAM_TZ))
        >>> [(dossier.id, check.status.value) for dossier, check in missing_apologies([d, late])]
        [('HS-1', 'missing')]
    """
    found = []
    for dossier in dossiers:
        check = dossier.apology(now)
        if check.status in (ApologyStatus.MISSING, ApologyStatus.SENT_LATE):
            found.append((dossier, check))
    return tuple(found)


def _compare(
    measured: datetime | None, target: datetime | None, granularity: Granularity, ended: bool
) -> Outcome:
    if target is None:
        return Outcome.UNCOUNTED
    if measured is None:
        return Outcome.OPEN
    if granularity is Granularity.DAY:
        a, b = measured.date(), target.date()
        order = (a > b) - (a < b)
    else:
        a_minute = measured.replace(second=0, microsecond=0)
        b_minute = target.replace(second=0, microsecond=0)
        order = (a_minute > b_minute) - (a_minute < b_minute)
    return _outcome(order, ended)


def _outcome(order: int, ended: bool) -> Outcome:
    """The outcome of an end (or ``now``, when not ``ended``) that is before (``order`` < 0),
    at (0) or after (> 0) its target, compared at the rule set's granularity."""
    if order > 0:
        return Outcome.LATE
    if not ended:
        return Outcome.OPEN
    return Outcome.EARLY if order < 0 else Outcome.ON_TIME


def _over_supplement_limit(rules: LifecycleRules, clock: LegalClock) -> bool:
    """Whether more supplement requests were made than ``rules`` allow before a dossier counts
    as late whatever its dates (Decision 766/QĐ-TTg indicator 2.1 [S])."""
    limit = rules.late_after_supplement_requests
    return limit is not None and clock.supplement_requests > limit
