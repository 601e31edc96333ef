"""Stateful test of feedback items: a Hypothesis ``RuleBasedStateMachine`` drives random
command sequences (valid or not, at times that may go backwards) under random limit
policies, and checks after every step that

1. the item is the fold of its events (replaying them gives it back) and its JSON round trip
   is the identity;
2. a refused command raises :class:`FeedbackError`, changes nothing, and really was not
   allowed (not in ``allowed_commands``, or its time went backwards);
3. an accepted command appends exactly its event;
4. the due moments keep their order (refusal before supplement request before the answer's
   deadline, which pauses only move later) and the timeliness always counts a step;
5. satisfaction agrees with its reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from onestop.dossier import Granularity, Outcome, SupplementPolicy
from onestop.errors import FeedbackError
from onestop.feedback import (
    FeedbackClass,
    FeedbackItem,
    Reaction,
    Step,
    limits_for,
)
from tests.feedback._helpers import CAL, item, vn

offsets = st.integers(-2 * 24 * 60, 8 * 24 * 60)  # minutes; negative: backwards
_variants = st.fixed_dictionaries(
    {
        "supplement_policy": st.sampled_from(list(SupplementPolicy)),
        "require_publication": st.booleans(),
        "granularity": st.sampled_from(list(Granularity)),
    }
)


class FeedbackMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.item: FeedbackItem = item(vn(2026, 3, 2))
        self.now: datetime = vn(2026, 3, 2)

    @initialize(
        received=st.datetimes(datetime(2025, 1, 1), datetime(2026, 10, 31)), variant=_variants
    )
    def receive(self, received: datetime, variant: dict[str, object]) -> None:
        at = received.replace(tzinfo=vn(2026, 1, 1).tzinfo)
        limits = attrs.evolve(limits_for(at.date()), **variant)  # type: ignore[arg-type]
        self.item = item(at, limits=limits)
        self.now = at

    def _try(self, command: str, offset: int, run: Callable[[datetime], FeedbackItem]) -> None:
        before = self.item
        at = self.now + timedelta(minutes=offset)
        try:
            after = run(at)
        except FeedbackError:
            assert self.item is before
            assert self.item.events == before.events
            backwards = at < before.events[-1].at
            assert backwards or command not in before.allowed_commands
            return
        assert command in before.allowed_commands
        assert at >= before.events[-1].at
        assert after.events[:-1] == before.events
        assert len(after.events) == len(before.events) + 1
        self.item, self.now = after, at

    @rule(feedback_class=st.sampled_from(list(FeedbackClass)), offset=offsets)
    def classify_as(self, feedback_class: FeedbackClass, offset: int) -> None:
        self._try("classify_as", offset, lambda at: self.item.classify_as(feedback_class, at=at))

    @rule(offset=offsets)
    def refuse(self, offset: int) -> None:
        self._try("refuse", offset, lambda at: self.item.refuse(at=at, reason="Trùng lặp"))

    @rule(offset=offsets)
    def request_supplement(self, offset: int) -> None:
        self._try("request_supplement", offset, lambda at: self.item.request_supplement(at=at))

    @rule(offset=offsets)
    def receive_supplement(self, offset: int) -> None:
        self._try("receive_supplement", offset, lambda at: self.item.receive_supplement(at=at))

    @rule(offset=offsets)
    def answer(self, offset: int) -> None:
        self._try("answer", offset, lambda at: self.item.answer(at=at))

    @rule(offset=offsets)
    def publish(self, offset: int) -> None:
        self._try("publish", offset, lambda at: self.item.publish(at=at))

    @rule(reaction=st.sampled_from(list(Reaction)), offset=offsets)
    def react(self, reaction: Reaction, offset: int) -> None:
        self._try("react", offset, lambda at: self.item.react(reaction, at=at))

    @rule(offset=offsets)
    def reraise(self, offset: int) -> None:
        self._try("reraise", offset, lambda at: self.item.reraise(at=at))

    @invariant()
    def is_the_fold_of_its_events(self) -> None:
        current = self.item
        replayed = FeedbackItem(
            current.id, CAL, current.events, limits_override=current.limits_override
        )
        assert replayed == current
        assert replayed.allowed_commands == current.allowed_commands
        again = FeedbackItem.from_json(current.to_json(), calendar=CAL, limits=current.limits)
        assert again.events == current.events

    @invariant()
    def due_moments_keep_their_order(self) -> None:
        current = self.item
        refuse, request = current.due(Step.REFUSE), current.due(Step.SUPPLEMENT_REQUEST)
        answer, limit = current.due(Step.ANSWER), current.deadline(Step.ANSWER)
        assert refuse is not None
        assert request is not None
        assert answer is not None
        assert limit is not None
        assert refuse <= request
        if current.limits.supplement_policy is SupplementPolicy.PAUSE:
            assert request <= limit.due_at <= answer
        else:
            assert limit.due_at == answer
        assert (current.due(Step.PUBLISH) is None) == (current.answered_at is None)

    @invariant()
    def timeliness_and_satisfaction_agree(self) -> None:
        current = self.item
        now = self.now + timedelta(days=40)
        timeliness = current.classify(now)
        assert timeliness.outcome is not Outcome.UNCOUNTED
        assert (timeliness.outcome is Outcome.LATE) == bool(timeliness.late_steps)
        if current.answered_at is None and current.refused_at is None:
            # Forty days later, an unanswered item is late, unless its clock stands still
            # while the citizen's supplement is awaited.
            assert current.awaiting_supplement or timeliness.outcome is Outcome.LATE
        elif current.ended_at is None and not current.awaiting_supplement:
            # Answered, publication required and not given: late forty days later.
            assert timeliness.outcome is Outcome.LATE
        assert current.satisfied(now) == (not current.dissatisfaction(now))
        assert current.awaiting_supplement == ("receive_supplement" in current.allowed_commands)


FeedbackMachine.TestCase.settings = settings(stateful_step_count=25)
TestFeedbackMachine = FeedbackMachine.TestCase


def test_a_fresh_machine_starts_in_2026() -> None:
    machine = FeedbackMachine()
    assert machine.item.received_at.date() == date(2026, 3, 2)
