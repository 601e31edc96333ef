"""The feedback indicators of Decision 766/QĐ-TTg (5.1 classified, 5.2 handled on time, 5.3
satisfaction with the handling), computed from feedback items as
:class:`onestop.scoring.MetricResult` values, ready for a scorecard.

The scope, as for the dossiers of indicator 2.1 ("received or processed in the period", DOCX
row 2.1 [S]; the rows 5.x do not say): the items received by the end of the period whose
handling had not ended before it starts. An item still open is measured at the end of the
period.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from onestop.feedback._item import FeedbackItem
from onestop.feedback._model import FeedbackClass
from onestop.feedback._timeliness import Dissatisfaction
from onestop.scoring import (
    IndicatorSet,
    Metric,
    MetricResult,
    Period,
    Profile,
    decision_766,
    percent,
)

__all__ = [
    "FEEDBACK_METRICS",
    "FeedbackCounts",
    "SatisfactionCount",
    "feedback_counts",
    "feedback_results",
]

#: The keys of the feedback metrics in an indicator set, and the ids they have in Decision 766.
FEEDBACK_METRICS = {
    "PETITION_CLASSIFICATION": "5.1",
    "PETITION_PROCESSING_ON_TIME": "5.2",
    "PETITION_HANDLING_SATISFACTION": "5.3",
}


class SatisfactionCount(enum.Enum):
    """How indicator 5.3 subtracts the dissatisfied items. Row 5.3 reads "(total −
    dissatisfied − re-raised − overdue) / total" (law.md §3.3 [S]) without saying whether an
    item that is both disliked and re-raised is subtracted once or twice."""

    #: Each item at most once: the items with any reason (the default; the rate is then the
    #: share of satisfied items).
    PER_ITEM = "per_item"
    #: Each reason separately, as the row reads literally (the 5.4 formula is applied that
    #: way, :func:`onestop.scoring.scorecard`); the rate never goes below 0.
    PER_REASON = "per_reason"


@attrs.frozen
class FeedbackCounts:
    """The counts behind the feedback indicators of one period."""

    #: Items in scope (received or handled in the period).
    items: int
    #: Items in scope by class; ``None`` counts the unclassified.
    by_class: dict[FeedbackClass | None, int]
    #: Items in scope handled early or on time, or still open and not late.
    on_time: int
    #: Items in scope late at the end of the period.
    late: int
    #: Items in scope with more dislikes than likes.
    disliked: int
    #: Items in scope raised again.
    reraised: int
    #: Items in scope with at least one reason against satisfaction.
    dissatisfied: int

    @property
    def classified(self) -> int:
        """Items in scope that were classified."""
        return self.items - self.by_class.get(None, 0)


def _in_scope(item: FeedbackItem, period: Period) -> bool:
    if item.received_at > period.closes:
        return False
    ended = item.ended_at
    return ended is None or ended >= period.opens


def feedback_counts(items: Iterable[FeedbackItem], period: Period) -> FeedbackCounts:
    """The counts of the feedback indicators over ``period``.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.feedback import FeedbackChannel
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> item = FeedbackItem.receive(id="PA-1", at=at, channel=FeedbackChannel.HOTLINE,
        ...                             calendar=WorkCalendar.vietnam())
        >>> counts = feedback_counts([item.answer(at=at.replace(day=30))], Period.month(2026, 3))
        >>> counts.items, counts.late, counts.dissatisfied, counts.classified
        (1, 1, 1, 0)
    """
    by_class: dict[FeedbackClass | None, int] = {}
    total = on_time = late = disliked = reraised = dissatisfied = 0
    for item in items:
        if not _in_scope(item, period):
            continue
        total += 1
        by_class[item.classification] = by_class.get(item.classification, 0) + 1
        reasons = item.dissatisfaction(period.closes)
        if Dissatisfaction.OVERDUE in reasons:
            late += 1
        else:
            on_time += 1
        disliked += Dissatisfaction.DISLIKED in reasons
        reraised += Dissatisfaction.RERAISED in reasons
        dissatisfied += bool(reasons)
    return FeedbackCounts(total, by_class, on_time, late, disliked, reraised, dissatisfied)


def _result(
    metric: Metric, numerator: int, denominator: int, profile: Profile, detail: str
) -> MetricResult:
    """The metric's result for these counts: its points by :meth:`Metric.score`, which
    gives a unit without feedback the points its ``when_empty`` says (full points for 5.2
    and 5.3 [API])."""
    rate = percent(numerator, denominator)
    return MetricResult(
        metric, Decimal(numerator), denominator, rate, metric.score(rate, profile), "log", detail
    )


def feedback_results(
    items: Iterable[FeedbackItem],
    *,
    period: Period,
    indicators: IndicatorSet | None = None,
    profile: Profile = Profile.PORTAL,
    satisfaction: SatisfactionCount = SatisfactionCount.PER_ITEM,
) -> tuple[MetricResult, ...]:
    """The feedback metrics of ``indicators`` (Decision 766 by default) over ``period``,
    computed from a unit's feedback items, in the set's order: 5.1 classified items among
    those in scope (tracked, 0 points), 5.2 items handled on time (6 × rate), 5.3 items
    neither disliked, re-raised nor overdue (6 × rate); a unit without feedback in the period
    gets what the metric's ``when_empty`` says (full points for 5.2 and 5.3, the portal's
    rule, practice.md §3.2 [API]). Metrics the set does not have are left out.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.feedback import FeedbackChannel
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> item = FeedbackItem.receive(id="PA-1", at=at, channel=FeedbackChannel.HOTLINE,
        ...                             calendar=WorkCalendar.vietnam())
        >>> [(r.metric.id, r.points) for r in feedback_results([], period=Period.month(2026, 3))]
        [('5.1', None), ('5.2', Decimal('6.00')), ('5.3', Decimal('6.00'))]
        >>> late = item.answer(at=at.replace(day=30))
        >>> [(r.metric.id, r.value, r.points)
        ...  for r in feedback_results([late, item.answer(at=at)], period=Period.month(2026, 3))]
        [('5.1', Decimal('0.00'), Decimal('0.00')), ('5.2', Decimal('50.00'), Decimal('3.00')), ('5.3', Decimal('50.00'), Decimal('3.00'))]
    """
    indicators = indicators or decision_766()
    counts = feedback_counts(items, period)
    keys = {metric.key for metric in indicators.metrics}
    results = []
    for key in FEEDBACK_METRICS:
        if key not in keys:
            continue
        metric = indicators.metric(key)
        if key == "PETITION_CLASSIFICATION":
            detail = ", ".join(
                f"{'unclassified' if cls is None else cls.value} {counts.by_class.get(cls, 0)}"
                for cls in (*FeedbackClass, None)
            )
            results.append(_result(metric, counts.classified, counts.items, profile, detail))
        elif key == "PETITION_PROCESSING_ON_TIME":
            detail = f"late {counts.late}"
            results.append(_result(metric, counts.on_time, counts.items, profile, detail))
        else:
            detail = (
                f"disliked {counts.disliked}, re-raised {counts.reraised}, overdue {counts.late}"
            )
            if satisfaction is SatisfactionCount.PER_ITEM:
                satisfied = counts.items - counts.dissatisfied
            else:
                satisfied = max(0, counts.items - counts.disliked - counts.reraised - counts.late)
                detail += ", each reason subtracted"
            results.append(_result(metric, satisfied, counts.items, profile, detail))
    return tuple(results)
