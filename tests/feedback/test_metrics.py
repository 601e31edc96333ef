"""Indicators 5.1–5.3 of Decision 766/QĐ-TTg from a ward's feedback log: a month worked by
hand, the no-feedback rule, the scorecard integration, and properties of the counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.errors import ScoringError
from onestop.feedback import (
    FeedbackClass,
    FeedbackItem,
    Reaction,
    SatisfactionCount,
    feedback_counts,
    feedback_results,
)
from onestop.scoring import MetricResult, Period, Unit, decision_766, scorecard
from tests.feedback._helpers import item, vn

MARCH = Period.month(2026, 3)
WARD = Unit("99001", "Phường Ví Dụ")


def march() -> list[FeedbackItem]:
    """Seven items; five received or handled in March 2026."""
    a = (
        item(vn(2026, 3, 2), id="A")
        .classify_as(FeedbackClass.PROCEDURE, at=vn(2026, 3, 2, 10))
        .answer(at=vn(2026, 3, 10))  # due 23/03: on time
        .react(Reaction.LIKE, at=vn(2026, 3, 11))
    )
    b = (
        item(vn(2026, 3, 2), id="B")
        .classify_as(FeedbackClass.OFFICER_CONDUCT, at=vn(2026, 3, 3))
        .answer(at=vn(2026, 3, 24))  # due 23/03: late
        .react(Reaction.DISLIKE, at=vn(2026, 3, 25))
    )
    c = (
        item(vn(2026, 3, 3), id="C")  # refusal due Thursday 05/03
        .refuse(at=vn(2026, 3, 4), reason="Không thuộc thẩm quyền của phường")
        .react(Reaction.DISLIKE, at=vn(2026, 3, 5))
        .react(Reaction.DISLIKE, at=vn(2026, 3, 5))
        .react(Reaction.LIKE, at=vn(2026, 3, 6))
    )
    # Received Friday 20/03: answer due Friday 10/04, still open and not late on 31/03.
    d = item(vn(2026, 3, 20), id="D").classify_as(FeedbackClass.OTHER, at=vn(2026, 3, 20, 10))
    e = item(vn(2026, 2, 2), id="E").answer(at=vn(2026, 2, 10))  # handled before March
    f = (
        item(vn(2026, 3, 2), id="F")
        .classify_as(FeedbackClass.PROCEDURE, at=vn(2026, 3, 2, 10))
        .answer(at=vn(2026, 3, 5))
        .reraise(at=vn(2026, 3, 20))
    )
    g = item(vn(2026, 4, 1), id="G")  # received after March
    return [a, b, c, d, e, f, g]


def by_id(results: tuple[MetricResult, ...]) -> dict[str, MetricResult]:
    return {result.metric.id: result for result in results}


def test_a_month_worked_by_hand() -> None:
    counts = feedback_counts(march(), MARCH)
    assert counts.items == 5  # A, B, C, D, F
    assert counts.classified == 4  # all but C
    assert counts.by_class == {
        FeedbackClass.PROCEDURE: 2,
        FeedbackClass.OFFICER_CONDUCT: 1,
        None: 1,
        FeedbackClass.OTHER: 1,
    }
    assert (counts.on_time, counts.late) == (4, 1)  # B late
    assert (counts.disliked, counts.reraised, counts.dissatisfied) == (2, 1, 3)  # B, C; F
    results = by_id(feedback_results(march(), period=MARCH))
    # 5.1: 4 / 5 = 80 %, tracked only: 0 points.
    assert (results["5.1"].value, results["5.1"].points) == (Decimal("80.00"), Decimal("0.00"))
    assert results["5.1"].detail == ("procedure 2, officer_conduct 1, other 1, unclassified 1")
    # 5.2: 4 / 5 = 80 %, 6 × 80 % = 4.80.
    assert (results["5.2"].numerator, results["5.2"].denominator) == (Decimal(4), 5)
    assert results["5.2"].points == Decimal("4.80")
    # 5.3: 5 − 3 dissatisfied (B late and disliked, C disliked, F re-raised) = 2: 40 %, 2.40.
    assert (results["5.3"].value, results["5.3"].points) == (Decimal("40.00"), Decimal("2.40"))
    assert all(result.basis == "log" for result in results.values())


def test_each_reason_subtracted_when_asked() -> None:
    # 5 − 2 disliked − 1 re-raised − 1 overdue = 1: 20 %, 1.20 points.
    results = by_id(
        feedback_results(march(), period=MARCH, satisfaction=SatisfactionCount.PER_REASON)
    )
    assert (results["5.3"].value, results["5.3"].points) == (Decimal("20.00"), Decimal("1.20"))
    assert results["5.3"].detail.endswith("each reason subtracted")


def test_a_ward_without_feedback_gets_full_points() -> None:
    # Indicators 5.2 and 5.3: 6 points when the unit received no feedback [API].
    for log in ([], [item(vn(2026, 2, 2), id="E").answer(at=vn(2026, 2, 10))]):
        results = by_id(feedback_results(log, period=MARCH))
        assert results["5.1"].points is None
        assert results["5.2"].points == results["5.3"].points == Decimal("6.00")
        assert results["5.2"].denominator == 0


def test_open_items_are_measured_at_the_end_of_the_period() -> None:
    # D is due 10/04: open and on time at the end of March, late at the end of April.
    d = march()[3]
    assert by_id(feedback_results([d], period=MARCH))["5.2"].points == Decimal("6.00")
    april = by_id(feedback_results([d], period=Period.month(2026, 4)))
    assert april["5.2"].points == Decimal("0.00")
    assert april["5.3"].points == Decimal("0.00")
    assert april["5.2"].detail == "late 1"


def test_scorecard_takes_the_feedback_log() -> None:
    card = scorecard([], unit=WARD, period=MARCH, feedback=march())
    assert card.result("5.2").points == Decimal("4.80")
    assert card.result("5.3").points == Decimal("2.40")
    assert card.result("5.1").basis == "log"
    # 5.4 has no dossiers: 0 points, as before.
    assert card.group_points("satisfaction") == Decimal("7.20")
    assert "5.2" not in card.unscored
    assert "5.3" not in card.unscored


def test_scorecard_with_an_empty_feedback_log_gives_full_points() -> None:
    card = scorecard([], unit=WARD, period=MARCH, feedback=[])
    assert card.result("5.2").points == card.result("5.3").points == Decimal("6.00")


def test_scorecard_without_a_feedback_log_is_unchanged() -> None:
    card = scorecard([], unit=WARD, period=MARCH)
    assert card.result("5.2").basis == "missing"
    assert "5.3" in card.unscored
    given_counts = scorecard([], unit=WARD, period=MARCH, inputs={"5.2": (3, 4)})
    assert given_counts.result("5.2").basis == "input"
    assert given_counts.result("5.2").points == Decimal("4.50")


def test_scorecard_refuses_feedback_counts_given_twice() -> None:
    with pytest.raises(ScoringError, match=r"5\.2 is computed from the feedback log"):
        scorecard([], unit=WARD, period=MARCH, feedback=march(), inputs={"5.2": (1, 1)})


def test_an_indicator_set_without_feedback_metrics_gets_none() -> None:
    full = decision_766()
    trimmed = type(full)(
        name="no feedback",
        valid_from=full.valid_from,
        source="test",
        groups=tuple(g for g in full.groups if g.key != "satisfaction"),
        metrics=tuple(m for m in full.metrics if m.group != "satisfaction"),
    )
    assert feedback_results(march(), period=MARCH, indicators=trimmed) == ()


_items = st.lists(
    st.sampled_from(march()), max_size=7, unique_by=lambda feedback_item: feedback_item.id
)


@given(_items, st.integers(1, 6))
def test_counts_partition_and_points_stay_within_their_maximum(
    items: list[FeedbackItem], month: int
) -> None:
    period = Period.month(2026, month)
    counts = feedback_counts(items, period)
    assert counts.on_time + counts.late == counts.items
    assert sum(counts.by_class.values()) == counts.items
    assert counts.dissatisfied <= counts.items
    assert max(counts.disliked, counts.reraised, counts.late) <= counts.dissatisfied
    for result in feedback_results(items, period=period):
        if result.points is not None:
            assert Decimal(0) <= result.points <= result.metric.max_points
