"""Dossiers: an event-sourced state machine with the legal clock.

A :class:`Dossier` is its procedure (as in force at receipt), its calendar and an append-only
tuple of events; its state, its :class:`LegalClock` and its :class:`Classification` are folded
from the events through one transition table (:data:`TRANSITIONS`). Commands return new
dossiers; a command the rules do not allow raises :class:`~onestop.errors.TransitionError` and
changes nothing.

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.procedures import default_catalog
    >>> from onestop.dossier import Dossier
    >>> friday = datetime(2026, 2, 13, 16, 10, tzinfo=VIETNAM_TZ)
    >>> marriage = default_catalog().get("1.000894", on=friday.date())
    >>> d = Dossier.file(id="HS-0042", procedure=marriage, at=friday,
    ...                  calendar=WorkCalendar.vietnam()).receive(at=friday)
    >>> d.clock.promised_at.isoformat()
    '2026-02-23T17:00:00+07:00'
"""

from onestop.dossier._clock import LegalClock, Pause, PauseReason
from onestop.dossier._documents import SMS_LIMIT, Office, render, render_sms
from onestop.dossier._dossier import (
    ApologyCheck,
    ApologyStatus,
    Classification,
    Dossier,
    Outcome,
    missing_apologies,
)
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
)
from onestop.dossier._interop import StatusChange, from_status_history, status_history
from onestop.dossier._lifecycle import (
    FINAL_STATES,
    INITIAL_STATE,
    TRANSITIONS,
    EventKind,
    NationalStatus,
    State,
    to_dot,
    to_mermaid,
)
from onestop.dossier._rules import (
    DECREE_61,
    DECREE_118,
    RULE_SETS,
    CountingStart,
    Form,
    FormKind,
    Granularity,
    LifecycleRules,
    SupplementPolicy,
    rules_for,
)

__all__ = [
    "DECREE_61",
    "DECREE_118",
    "FINAL_STATES",
    "INITIAL_STATE",
    "RULE_SETS",
    "SMS_LIMIT",
    "TRANSITIONS",
    "ApologyCheck",
    "ApologyStatus",
    "Applicant",
    "Classification",
    "Completed",
    "CompletionRequested",
    "CountingStart",
    "Dossier",
    "Event",
    "EventKind",
    "Extended",
    "Filed",
    "Form",
    "FormKind",
    "Granularity",
    "LegalClock",
    "LifecycleRules",
    "NationalStatus",
    "Office",
    "Outcome",
    "Pause",
    "PauseReason",
    "PaymentReceived",
    "PaymentRequested",
    "ProcessingStarted",
    "Received",
    "RefusedAtDesk",
    "ResultReady",
    "ResultReturned",
    "Resumed",
    "SettledOnTheSpot",
    "State",
    "StatusChange",
    "Stopped",
    "SupplementPolicy",
    "SupplementReceived",
    "SupplementRequested",
    "Suspended",
    "Transferred",
    "Withdrawn",
    "from_status_history",
    "missing_apologies",
    "render",
    "render_sms",
    "rules_for",
    "status_history",
    "to_dot",
    "to_mermaid",
]
