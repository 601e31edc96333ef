"""The timeliness of a feedback item: each handling step against its limit, compared as
the dossier classification compares, and why an item counts against satisfaction."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from onestop.dossier import Granularity, Outcome
from onestop.dossier._dossier import _compare
from onestop.feedback._limits import Step

__all__ = ["ORDER", "Dissatisfaction", "StepTiming", "Timeliness", "compare"]

#: Worst first: the overall outcome of an item is the worst of its steps'.
ORDER = (Outcome.LATE, Outcome.OPEN, Outcome.ON_TIME, Outcome.EARLY)


class Dissatisfaction(enum.Enum):
    """Why an item counts against satisfaction (Decision 766/QĐ-TTg indicator 5.3: "total −
    dissatisfied (more dislikes than likes) − re-raised − overdue", law.md §3.3 [S])."""

    #: More dislikes than likes.
    DISLIKED = "disliked"
    #: The citizen raised the matter again.
    RERAISED = "reraised"
    #: A step was late (:meth:`FeedbackItem.classify` is ``LATE``).
    OVERDUE = "overdue"


@attrs.frozen
class StepTiming:
    """One step of an item against its limit.

    ``outcome`` is ``UNCOUNTED`` for a step that was not taken and is not required (no
    refusal, no supplement request; the answer of a refused item; an unpublished answer
    unless the limits require publication).
    """

    step: Step
    #: The step's due moment; ``None`` when it cannot be known yet (a publication counted
    #: from an answer not given).
    due_at: datetime | None
    #: When the step was taken (the last request, for supplement requests).
    taken_at: datetime | None
    #: The moment compared with ``due_at``: ``taken_at``, the start of a supplement wait the
    #: answer came in, or ``now`` for a step still open.
    measured_at: datetime | None
    outcome: Outcome


@attrs.frozen
class Timeliness:
    """How an item stands against its limits: each step, and overall the worst of them
    (late, then open, then on time, then early)."""

    outcome: Outcome
    steps: tuple[StepTiming, ...]

    def step(self, step: Step) -> StepTiming:
        """The timing of one step."""
        return next(timing for timing in self.steps if timing.step is step)

    @property
    def late_steps(self) -> tuple[Step, ...]:
        """The steps that were late."""
        return tuple(timing.step for timing in self.steps if timing.outcome is Outcome.LATE)


def compare(
    measured: datetime | None, target: datetime | None, granularity: Granularity, ended: bool
) -> Outcome:
    """Early, on time, late or open: the comparison the dossier classification makes
    (rules.md, "Classification"): by day, or by minute; open while either moment is
    missing."""
    if measured is None or target is None:
        return Outcome.OPEN
    return _compare(measured, target, granularity, ended)
