"""The fold of a feedback item's events: the order rules every event must keep, and the clock
of the answer limit (a :class:`onestop.dossier.LegalClock`, so that pauses work exactly as
they do for a dossier)."""

from __future__ import annotations

from datetime import datetime

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import LegalClock, Pause, PauseReason, SupplementPolicy
from onestop.errors import FeedbackError, OnestopError
from onestop.feedback._events import (
    Answered,
    Classified,
    EventKind,
    FeedbackEvent,
    Published,
    Reacted,
    Received,
    Refused,
    Reraised,
    SupplementReceived,
    SupplementRequested,
)
from onestop.feedback._limits import FeedbackLimits, Step, limits_for
from onestop.feedback._model import Reaction
from onestop.timing import deadline

__all__ = ["COMMANDS", "RuleError", "View", "allowed", "answer_clock", "replay", "step"]

#: The command of each event kind, as the item's methods are named.
COMMANDS: dict[EventKind, str] = {
    EventKind.RECEIVE: "receive",
    EventKind.CLASSIFY: "classify_as",
    EventKind.REFUSE: "refuse",
    EventKind.REQUEST_SUPPLEMENT: "request_supplement",
    EventKind.RECEIVE_SUPPLEMENT: "receive_supplement",
    EventKind.ANSWER: "answer",
    EventKind.PUBLISH: "publish",
    EventKind.REACT: "react",
    EventKind.RERAISE: "reraise",
}


class RuleError(Exception):
    """A rule refuses an event; turned into a FeedbackError by the caller."""


@attrs.frozen
class View:
    """The fold of an item's events."""

    received: Received
    limits: FeedbackLimits
    last_at: datetime
    #: The clock of the answer limit.
    clock: LegalClock
    classified: Classified | None = None
    refused: Refused | None = None
    requests: tuple[SupplementRequested, ...] = ()
    answered: Answered | None = None
    published: Published | None = None
    likes: int = 0
    dislikes: int = 0
    reraises: int = 0

    @property
    def handled(self) -> bool:
        """Refused or answered: the handling the citizen can react to."""
        return self.refused is not None or self.answered is not None

    @property
    def awaiting_supplement(self) -> bool:
        """Waiting for the citizen's supplement, the item neither refused nor answered."""
        return self.clock.paused and not self.handled


def answer_clock(calendar: WorkCalendar, limits: FeedbackLimits, start: datetime) -> LegalClock:
    """The clock of the answer limit counting from ``start``: the limit's deadline by
    :func:`onestop.timing.deadline`, no slip appointment."""
    processing_time = limits.processing_time(Step.ANSWER)
    due = deadline(start, processing_time, calendar, limits.receipt_rules)
    return LegalClock(calendar, processing_time, start, due, None, None)


def allowed(view: View) -> tuple[str, ...]:
    """The commands ``view`` allows now (times aside)."""
    commands = ["classify_as"]
    if not view.handled:
        commands.append("refuse")
        commands.append("receive_supplement" if view.awaiting_supplement else "request_supplement")
        commands.append("answer")
    if view.answered is not None and view.published is None:
        commands.append("publish")
    if view.handled:
        commands += ["react", "reraise"]
    return tuple(commands)


def step(
    view: View | None,
    event: FeedbackEvent,
    calendar: WorkCalendar,
    override: FeedbackLimits | None,
) -> View:
    """The view after ``event``; raises :class:`RuleError` with the rule it breaks."""
    if view is None:
        if not isinstance(event, Received):
            raise RuleError(f"a feedback item starts with a {EventKind.RECEIVE.value} event")
        limits = override if override is not None else limits_for(event.at.date())
        return View(event, limits, event.at, answer_clock(calendar, limits, event.at))
    if isinstance(event, Received):
        raise RuleError(
            f"an item is received once; it was received at {view.received.at.isoformat()}"
        )
    if event.at < view.last_at:
        # The log is append-only: a fact recorded later cannot have happened earlier.
        raise RuleError(
            f"time never goes backwards within a feedback item: {event.at.isoformat()} is "
            f"before the previous event at {view.last_at.isoformat()}"
        )
    view = attrs.evolve(view, last_at=event.at)
    if isinstance(event, Classified):
        return attrs.evolve(view, classified=event)
    if isinstance(event, Reacted | Reraised):
        return _after_handling(view, event)
    if isinstance(event, Published):
        if view.answered is None:
            raise RuleError("only an answer is published: answer the item first")
        if view.published is not None:
            raise RuleError(f"the answer was already published at {view.published.at.isoformat()}")
        return attrs.evolve(view, published=event)
    # Refusal, supplement and answer: the handling itself, which ends at a refusal or answer.
    if view.refused is not None:
        raise RuleError(
            f"the item was refused at {view.refused.at.isoformat()}: a refusal ends its handling"
        )
    if view.answered is not None:
        raise RuleError(
            f"the item was answered at {view.answered.at.isoformat()}: an answer ends its "
            "handling; a citizen who raises it again is recorded with reraise"
        )
    clock = view.clock
    if isinstance(event, Refused):
        return attrs.evolve(view, refused=event)
    if isinstance(event, Answered):
        # An answer given while the supplement is still awaited is measured at the request,
        # as the portal measures a dossier ended in a pending supplement (DOCX row 2.1 [S]):
        # the pause stays open and the clock shows its start.
        return attrs.evolve(view, answered=event)
    if isinstance(event, SupplementRequested):
        if clock.paused:
            raise RuleError(
                f"a supplement has been awaited since {clock.pauses[-1].start.isoformat()}: "
                "record its arrival with receive_supplement before asking again"
            )
        clock = attrs.evolve(
            clock,
            pauses=(*clock.pauses, Pause(PauseReason.SUPPLEMENT, event.at)),
            supplement_requests=clock.supplement_requests + 1,
        )
        return attrs.evolve(view, clock=clock, requests=(*view.requests, event))
    assert isinstance(event, SupplementReceived)
    if not clock.paused:
        raise RuleError("no supplement is awaited: request_supplement first")
    closed = attrs.evolve(clock.pauses[-1], end=event.at)
    clock = attrs.evolve(clock, pauses=(*clock.pauses[:-1], closed))
    if view.limits.supplement_policy is SupplementPolicy.RESTART:
        # The full answer limit runs again from the supplement's arrival.
        fresh = answer_clock(calendar, view.limits, event.at)
        clock = attrs.evolve(
            fresh, pauses=clock.pauses, supplement_requests=clock.supplement_requests
        )
    return attrs.evolve(view, clock=clock)


def _after_handling(view: View, event: Reacted | Reraised) -> View:
    if not view.handled:
        raise RuleError(
            f"{COMMANDS[event.kind]} concerns the handling of the item, and it has none yet: "
            "answer or refuse it first"
        )
    if isinstance(event, Reraised):
        return attrs.evolve(view, reraises=view.reraises + 1)
    if event.reaction is Reaction.LIKE:
        return attrs.evolve(view, likes=view.likes + 1)
    return attrs.evolve(view, dislikes=view.dislikes + 1)


def replay(
    item_id: str,
    events: tuple[FeedbackEvent, ...],
    calendar: WorkCalendar,
    override: FeedbackLimits | None,
) -> View:
    """The fold of ``events``; the first bad one raises :class:`FeedbackError` with its
    index."""
    if not events:
        raise FeedbackError(f"feedback item {item_id!r}: event 0: an item has its receive event")
    view: View | None = None
    for index, event in enumerate(events):
        if not isinstance(event, FeedbackEvent):
            raise FeedbackError(
                f"feedback item {item_id!r}: event {index}: not a feedback event: "
                f"{type(event).__name__}"
            )
        try:
            view = step(view, event, calendar, override)
        except (RuleError, OnestopError) as refusal:
            raise FeedbackError(f"feedback item {item_id!r}: event {index}: {refusal}") from None
    assert view is not None
    return view
