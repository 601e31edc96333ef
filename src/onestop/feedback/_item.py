"""``FeedbackItem``: a citizen's feedback (phản ánh, kiến nghị) as an append-only tuple of
events, with the due moment of each handling step, its timeliness and its satisfaction
folded from them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from onestop.calendar import WorkCalendar, to_local
from onestop.dossier import Outcome
from onestop.errors import FeedbackError, OnestopError
from onestop.feedback._events import (
    Answered,
    Classified,
    FeedbackEvent,
    Published,
    Reacted,
    Received,
    Refused,
    Reraised,
    SupplementReceived,
    SupplementRequested,
    event_from_dict,
    event_to_dict,
)
from onestop.feedback._fold import COMMANDS, RuleError, View, allowed, replay, step
from onestop.feedback._limits import FeedbackLimits, PublishStart, Step
from onestop.feedback._model import Author, FeedbackChannel, FeedbackClass, Reaction, Subject
from onestop.feedback._timeliness import ORDER, Dissatisfaction, StepTiming, Timeliness, compare
from onestop.timing import Deadline, deadline

__all__ = ["FeedbackItem"]

#: The largest item :meth:`FeedbackItem.from_json` reads unless told otherwise.
MAX_JSON_BYTES = 1 << 20


def _now(now: object) -> datetime:
    try:
        return to_local(now)
    except OnestopError as error:
        raise FeedbackError(f"now is not usable: {error}") from None


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FeedbackError(f"a feedback item needs a non-empty {attribute.name}, got {value!r}")


def _event_tuple(events: Iterable[FeedbackEvent]) -> tuple[FeedbackEvent, ...]:
    return tuple(events)


@attrs.frozen(repr=False)
class FeedbackItem:
    """A feedback item: its id, the office calendar and its events.

    Everything else is folded from the events: the channel, subject and author of its
    receipt, its class, the due moment of each step, its timeliness and its satisfaction.
    Every command checks the order rules and returns a new item, leaving this one as it was;
    a command the rules refuse raises :class:`~onestop.errors.FeedbackError` naming the
    rule and the commands allowed now. The author's details never appear in a ``repr`` or
    an error message.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> def t(month, day, hour=9):
        ...     return datetime(2026, month, day, hour, tzinfo=VIETNAM_TZ)
        >>> item = FeedbackItem.receive(id="PA-1", at=t(2, 13), channel=FeedbackChannel.ZALO,
        ...                             calendar=WorkCalendar.vietnam(),
        ...                             author=Author(name="Trần Thị Bình", phone="0905111222"))
        >>> item
        FeedbackItem(id='PA-1', channel=zalo, class=None, events=1)
        >>> item.due(Step.ANSWER).isoformat()  # 15 working days, Tết skipped
        '2026-03-13T17:00:00+07:00'
        >>> item = item.classify_as(FeedbackClass.PROCEDURE, at=t(2, 13, 10))
        >>> item.answer(at=t(3, 12)).classify().outcome
        <Outcome.EARLY: 'early'>
    """

    id: str = attrs.field(validator=_non_empty)
    calendar: WorkCalendar = attrs.field(eq=False, repr=False)
    events: tuple[FeedbackEvent, ...] = attrs.field(converter=_event_tuple)
    #: The limits to judge by; ``None`` (the default): those in force on the receipt day.
    limits_override: FeedbackLimits | None = attrs.field(default=None, kw_only=True)
    _view: View = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        view = replay(self.id, self.events, self.calendar, self.limits_override)
        object.__setattr__(self, "_view", view)

    def __repr__(self) -> str:
        feedback_class = self.classification
        return (
            f"FeedbackItem(id={self.id!r}, channel={self.channel.value}, "
            f"class={None if feedback_class is None else feedback_class.value}, "
            f"events={len(self.events)})"
        )

    # ---------------------------------------------------------------- derived

    @property
    def limits(self) -> FeedbackLimits:
        """The limits the item is judged by."""
        return self._view.limits

    @property
    def received_at(self) -> datetime:
        """When the ward received the item."""
        return self._view.received.at

    @property
    def channel(self) -> FeedbackChannel:
        """Where it came in."""
        return self._view.received.channel

    @property
    def subject(self) -> Subject | None:
        """What it is about, if stated."""
        return self._view.received.subject

    @property
    def author(self) -> Author | None:
        """Who wrote it (masked in every ``repr``); ``None`` when anonymous."""
        return self._view.received.author

    @property
    def classification(self) -> FeedbackClass | None:
        """Its class (the latest), ``None`` until classified."""
        classified = self._view.classified
        return None if classified is None else classified.feedback_class

    @property
    def refused_at(self) -> datetime | None:
        """When it was refused, if it was."""
        refused = self._view.refused
        return None if refused is None else refused.at

    @property
    def answered_at(self) -> datetime | None:
        """When it was answered, if it was."""
        answered = self._view.answered
        return None if answered is None else answered.at

    @property
    def published_at(self) -> datetime | None:
        """When the answer was published, if it was."""
        published = self._view.published
        return None if published is None else published.at

    @property
    def ended_at(self) -> datetime | None:
        """The end of its handling: the refusal, or the answer (its publication when the
        limits require one); ``None`` while handling goes on."""
        view = self._view
        if view.refused is not None:
            return view.refused.at
        if view.limits.require_publication:
            return self.published_at
        return self.answered_at

    @property
    def awaiting_supplement(self) -> bool:
        """Whether the ward waits for the citizen's supplement (the answer clock stands)."""
        return self._view.awaiting_supplement

    @property
    def supplement_requests(self) -> int:
        """How many supplements were requested."""
        return len(self._view.requests)

    @property
    def likes(self) -> int:
        """How many citizens liked the handling."""
        return self._view.likes

    @property
    def dislikes(self) -> int:
        """How many citizens disliked the handling."""
        return self._view.dislikes

    @property
    def reraised(self) -> bool:
        """Whether the citizen raised the matter again."""
        return self._view.reraises > 0

    @property
    def allowed_commands(self) -> tuple[str, ...]:
        """The commands the item allows now (times aside)."""
        return allowed(self._view)

    # ---------------------------------------------------------------- clock

    def deadline(self, step: Step) -> Deadline | None:
        """The :class:`~onestop.timing.Deadline` of ``step``'s limit, before any supplement
        pause (``.explain()`` shows it day by day); ``None`` for a publication counted from
        an answer not given.

        Examples:
            >>> from datetime import datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> item = FeedbackItem.receive(id="PA-2", channel=FeedbackChannel.HOTLINE,
            ...     at=datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ),
            ...     calendar=WorkCalendar.vietnam())
            >>> print(item.deadline(Step.REFUSE).explain().splitlines()[-1])
            Due: Tuesday 24/02/2026 17:00 (close of office)
        """
        step = Step(step)
        if step is Step.ANSWER:
            return self._view.clock.deadline
        start = self.received_at
        if step is Step.PUBLISH and self.limits.publish_counts_from is PublishStart.ANSWER:
            answered = self.answered_at
            if answered is None:
                return None
            start = answered
        try:
            return deadline(
                start, self.limits.processing_time(step), self.calendar, self.limits.receipt_rules
            )
        except OnestopError as error:
            raise FeedbackError(f"cannot compute the {step.value} limit: {error}") from None

    def due(self, step: Step) -> datetime | None:
        """The due moment of ``step``: its working-day limit counted by
        :func:`onestop.timing.deadline` from the receipt (the publication: from the answer
        by default), the answer's moved by the working time spent waiting for a supplement
        (or counted again from its arrival, under ``SupplementPolicy.RESTART``).

        Examples:
            >>> from datetime import datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> item = FeedbackItem.receive(id="PA-3", channel=FeedbackChannel.PORTAL,
            ...     at=datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ), calendar=WorkCalendar.vietnam())
            >>> [item.due(s).date().isoformat() for s in (Step.REFUSE, Step.SUPPLEMENT_REQUEST,
            ...                                           Step.ANSWER)]
            ['2026-03-04', '2026-03-09', '2026-03-23']
            >>> item.due(Step.PUBLISH) is None  # counted from the answer, not given yet
            True
        """
        if Step(step) is Step.ANSWER:
            return self._view.clock.due_at
        found = self.deadline(step)
        return None if found is None else found.due_at

    def remaining(self, now: datetime, step: Step = Step.ANSWER) -> timedelta | None:
        """Working time left at ``now`` before the due moment of ``step``, negative once it
        has passed; the answer's stands still while a supplement is awaited. ``None`` when
        the due moment is not known yet.

        Examples:
            >>> from datetime import datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> item = FeedbackItem.receive(id="PA-4", channel=FeedbackChannel.DESK,
            ...     at=datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ), calendar=WorkCalendar.vietnam())
            >>> item.remaining(datetime(2026, 3, 4, 16, tzinfo=VIETNAM_TZ), Step.REFUSE)
            datetime.timedelta(seconds=3600)
        """
        local = _now(now)
        if Step(step) is Step.ANSWER:
            return self._view.clock.remaining(local)
        due = self.due(step)
        return None if due is None else self.calendar.working_time_between(local, due)

    # ---------------------------------------------------------------- classification

    def classify(self, now: datetime | None = None) -> Timeliness:
        """Each step against its limit (Decision 766/QĐ-TTg indicator 5.2, law.md §3.3
        [S]), compared by the limits' granularity, and overall the worst of them.

        A step taken is early, on time or late. A step not taken is not counted unless it
        is required: the answer of an item not refused (and the publication of an answered
        item when the limits require it) is ``LATE`` once ``now`` is past its due moment,
        else ``OPEN``. An answer given while a supplement was awaited is measured at the
        request, as the portal measures dossiers (DOCX row 2.1 [S]).
        """
        view, limits = self._view, self._view.limits
        granularity = limits.granularity
        moment = None if now is None else _now(now)
        steps = []
        refused = view.refused
        steps.append(self._taken(Step.REFUSE, None if refused is None else refused.at))
        requests = view.requests
        steps.append(self._taken(Step.SUPPLEMENT_REQUEST, requests[-1].at if requests else None))
        clock, answer_due = view.clock, self.due(Step.ANSWER)
        answered = view.answered
        if refused is not None:
            steps.append(StepTiming(Step.ANSWER, answer_due, None, None, Outcome.UNCOUNTED))
        elif answered is not None:
            stopped = clock.stopped_at(answered.at)
            outcome = compare(stopped, answer_due, granularity, True)
            steps.append(StepTiming(Step.ANSWER, answer_due, answered.at, stopped, outcome))
        else:
            measured = None if moment is None else clock.stopped_at(moment)
            outcome = compare(measured, answer_due, granularity, False)
            steps.append(StepTiming(Step.ANSWER, answer_due, None, measured, outcome))
        published = view.published
        if published is not None or refused is not None or not limits.require_publication:
            steps.append(self._taken(Step.PUBLISH, None if published is None else published.at))
        else:
            due = self.due(Step.PUBLISH)
            outcome = compare(moment, due, granularity, False)
            steps.append(StepTiming(Step.PUBLISH, due, None, moment, outcome))
        counted = {timing.outcome for timing in steps} - {Outcome.UNCOUNTED}
        overall = next(outcome for outcome in ORDER if outcome in counted)
        return Timeliness(overall, tuple(steps))

    def _taken(self, step: Step, taken_at: datetime | None) -> StepTiming:
        due = self.due(step)
        if taken_at is None:
            return StepTiming(step, due, None, None, Outcome.UNCOUNTED)
        outcome = compare(taken_at, due, self.limits.granularity, True)
        return StepTiming(step, due, taken_at, taken_at, outcome)

    def dissatisfaction(self, now: datetime | None = None) -> tuple[Dissatisfaction, ...]:
        """Why the item counts against satisfaction, by the portal's rule (Decision
        766/QĐ-TTg indicator 5.3, law.md §3.3 [S]): more dislikes than likes, raised again,
        or overdue (:meth:`classify` at ``now`` is ``LATE``). Empty when it is satisfied."""
        view = self._view
        reasons = []
        if view.dislikes > view.likes:
            reasons.append(Dissatisfaction.DISLIKED)
        if view.reraises:
            reasons.append(Dissatisfaction.RERAISED)
        if self.classify(now).outcome is Outcome.LATE:
            reasons.append(Dissatisfaction.OVERDUE)
        return tuple(reasons)

    def satisfied(self, now: datetime | None = None) -> bool:
        """Whether the item counts as satisfied: none of :meth:`dissatisfaction`.

        Examples:
            >>> from datetime import datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
            >>> item = (FeedbackItem.receive(id="PA-5", channel=FeedbackChannel.ZALO, at=at,
            ...                              calendar=WorkCalendar.vietnam())
            ...         .answer(at=at.replace(day=5))
            ...         .react(Reaction.LIKE, at=at.replace(day=6))
            ...         .react(Reaction.DISLIKE, at=at.replace(day=6)))
            >>> item.satisfied()  # as many likes as dislikes
            True
            >>> item.react(Reaction.DISLIKE, at=at.replace(day=9)).dissatisfaction()
            (<Dissatisfaction.DISLIKED: 'disliked'>,)
        """
        return not self.dissatisfaction(now)

    # ---------------------------------------------------------------- storage

    def to_json(self) -> str:
        """The item as JSON: its id and its events, nothing derived (the author's details
        included: this is the ward's own record; see :func:`pseudonymise` for analysts)."""
        return json.dumps(
            {"id": self.id, "events": [event_to_dict(event) for event in self.events]},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(
        cls,
        text: str | bytes,
        *,
        calendar: WorkCalendar,
        limits: FeedbackLimits | None = None,
        max_bytes: int = MAX_JSON_BYTES,
    ) -> FeedbackItem:
        """The item ``text`` (from :meth:`to_json`) describes, replayed event by event. A
        text larger than ``max_bytes``, a broken or unknown event, or events out of order
        raise :class:`~onestop.errors.FeedbackError` naming the event's index.

        Examples:
            >>> from onestop.calendar import WorkCalendar
            >>> FeedbackItem.from_json('{"id": "PA-6", "events": ['
            ...     '{"type": "receive", "at": "2026-03-02T09:00:00+07:00", "channel": "zalo"},'
            ...     '{"type": "publish", "at": "2026-03-03T09:00:00+07:00"}]}',
            ...     calendar=WorkCalendar.vietnam())
            Traceback (most recent call last):
            ...
            onestop.errors.FeedbackError: feedback item 'PA-6': event 1: only an answer is published: answer the item first
        """
        size = len(text.encode() if isinstance(text, str) else text)
        if size > max_bytes:
            raise FeedbackError(
                f"the item is {size} bytes, over the limit of {max_bytes}; raise max_bytes "
                "if the text is trusted"
            )
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise FeedbackError("the item is not JSON") from None
        if not isinstance(data, dict) or set(data) != {"id", "events"}:
            raise FeedbackError('a feedback item is a JSON object with exactly "id" and "events"')
        raw_events = data["events"]
        if not isinstance(data["id"], str) or not isinstance(raw_events, list) or not raw_events:
            raise FeedbackError('"id" must be a text and "events" a non-empty list')
        events = []
        for index, raw in enumerate(raw_events):
            try:
                events.append(event_from_dict(raw))
            except FeedbackError as error:
                raise FeedbackError(
                    f"feedback item {data['id']!r}: event {index}: {error}"
                ) from None
        return cls(data["id"], calendar, events, limits_override=limits)

    # ---------------------------------------------------------------- commands

    @classmethod
    def receive(
        cls,
        *,
        id: str,
        at: datetime,
        channel: FeedbackChannel,
        calendar: WorkCalendar,
        subject: Subject | None = None,
        author: Author | None = None,
        summary: str | None = None,
        by: str | None = None,
        limits: FeedbackLimits | None = None,
    ) -> FeedbackItem:
        """A new item, received at ``at`` through ``channel``; judged by the limits in force
        on that day unless ``limits`` is given."""
        event = Received(
            at=at, by=by, channel=channel, subject=subject, author=author, summary=summary
        )
        return cls(id, calendar, (event,), limits_override=limits)

    def apply(self, event: FeedbackEvent) -> FeedbackItem:
        """This item with ``event`` appended, if the rules allow it; otherwise
        :class:`~onestop.errors.FeedbackError` and nothing changes."""
        if not isinstance(event, FeedbackEvent):
            raise FeedbackError(f"not a feedback event: {type(event).__name__}")
        try:
            step(self._view, event, self.calendar, self.limits_override)
        except (RuleError, OnestopError) as refusal:
            command = COMMANDS[event.kind]
            raise FeedbackError(
                f"cannot {command} feedback item {self.id!r}: {refusal}; allowed now: "
                f"{', '.join(self.allowed_commands)}"
            ) from None
        return attrs.evolve(self, events=(*self.events, event))

    def classify_as(
        self, feedback_class: FeedbackClass, *, at: datetime, by: str | None = None
    ) -> FeedbackItem:
        """Classify the item (indicator 5.1); a later classification replaces this one."""
        return self.apply(Classified(at=at, by=by, feedback_class=feedback_class))

    def refuse(self, *, at: datetime, reason: str, by: str | None = None) -> FeedbackItem:
        """Refuse to handle the item, with the reason (limit: 2 working days)."""
        return self.apply(Refused(at=at, by=by, reason=reason))

    def request_supplement(
        self, *, at: datetime, request: str | None = None, by: str | None = None
    ) -> FeedbackItem:
        """Ask the citizen for more information (limit: 5 working days); the answer clock
        pauses until it arrives (by default)."""
        return self.apply(SupplementRequested(at=at, by=by, request=request))

    def receive_supplement(self, *, at: datetime, by: str | None = None) -> FeedbackItem:
        """The information asked for arrived: the answer clock goes on (or restarts)."""
        return self.apply(SupplementReceived(at=at, by=by))

    def answer(
        self, *, at: datetime, summary: str | None = None, by: str | None = None
    ) -> FeedbackItem:
        """Answer the item (limit: 15 working days)."""
        return self.apply(Answered(at=at, by=by, summary=summary))

    def publish(
        self, *, at: datetime, where: str | None = None, by: str | None = None
    ) -> FeedbackItem:
        """Publish the answer (limit: 2 working days, from the answer by default)."""
        return self.apply(Published(at=at, by=by, where=where))

    def react(self, reaction: Reaction, *, at: datetime, by: str | None = None) -> FeedbackItem:
        """Record a citizen's like or dislike of the handling."""
        return self.apply(Reacted(at=at, by=by, reaction=reaction))

    def reraise(
        self, *, at: datetime, reason: str | None = None, by: str | None = None
    ) -> FeedbackItem:
        """Record that the citizen raised the matter again after its handling."""
        return self.apply(Reraised(at=at, by=by, reason=reason))
