"""The indicators of Decision 766/QĐ-TTg as data, and the conversion from rates to points,
with cases computed by hand from the formulas of law.md §3.3 and practice.md §3.1–3.2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.errors import ScoringError
from onestop.scoring._indicators import (
    IndicatorSet,
    Profile,
    WhenEmpty,
    decision_766,
    load_indicator_set,
    percent,
    points,
)

SET = decision_766()
SHIPPED = resources.files("onestop._data.scoring").joinpath("decision_766.toml").read_text("utf-8")


def test_groups_and_maximums_as_the_portal_serves_them() -> None:
    """practice.md §3.1: 18 + 20 + 12 + 10 + 22 + 18 = 100, with the per-metric maximums."""
    assert {g.key: g.max_points for g in SET.groups} == {
        "publicity": 18,
        "progress": 20,
        "online": 12,
        "payment": 10,
        "digitisation": 22,
        "satisfaction": 18,
    }
    assert SET.max_points == 100
    assert [SET.metric(k).max_points for k in ("1.1", "1.2", "1.3", "1.4")] == [6, 4, 2, 6]
    assert SET.metric("ON_TIME") is SET.metric("2.1")
    assert SET.valid_from == date(2022, 6, 23)
    assert SET.in_force(date(2026, 1, 1))
    assert not SET.in_force(date(2021, 1, 1))


def test_thresholds_of_the_formula_document() -> None:
    """law.md §3.3: 3.1 80 %, 3.3 50 %, 3.5 80 %, 4.2 80 % (document only), 4.3 80 %, 5.4 90 %."""
    thresholds = {m.id: m.threshold for m in SET.metrics if m.threshold is not None}
    assert thresholds == {
        "3.1": 80,
        "3.3": 50,
        "3.5": 80,
        "3.5b": 80,
        "4.3": 80,
        "5.4": 90,
    }
    assert SET.metric("4.2").threshold_for(Profile.PORTAL) is None
    assert SET.metric("4.2").threshold_for(Profile.DOCUMENT) == 80


def test_rates_round_half_up_to_two_decimals() -> None:
    """law.md §3.3: rates to 2 decimals (half up, not the banker's rounding of round())."""
    assert percent(1, 800) == Decimal("0.13")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(5, 5) == Decimal("100.00")
    assert percent(3, 0) is None


@pytest.mark.parametrize(
    ("metric", "rate", "profile", "expected"),
    [
        # Points = max if R >= T, else R × max / T (law.md §3.3).
        ("3.3", "45.00", Profile.PORTAL, "5.40"),
        ("3.3", "50.00", Profile.PORTAL, "6.00"),
        ("3.3", "73.10", Profile.PORTAL, "6.00"),
        ("5.4", "88.00", Profile.PORTAL, "5.87"),  # 6 × 88 / 90 = 5.866…
        ("3.1", "70.00", Profile.PORTAL, "1.75"),
        ("4.3", "40.00", Profile.PORTAL, "1.00"),
        # Without a threshold, points are proportional to the rate (practice.md §3.2).
        ("2.1", "97.50", Profile.PORTAL, "19.50"),
        ("3.6", "33.33", Profile.PORTAL, "2.00"),  # 6 × 0.3333 = 1.9998
        ("1.2", "12.50", Profile.PORTAL, "0.50"),
        # 4.2: the portal scores 4 × rate, the document reaches the maximum at 80 %.
        ("4.2", "70.00", Profile.PORTAL, "2.80"),
        ("4.2", "70.00", Profile.DOCUMENT, "3.50"),
        ("4.2", "85.00", Profile.DOCUMENT, "4.00"),
    ],
)
def test_points_by_hand(metric: str, rate: str, profile: Profile, expected: str) -> None:
    assert SET.metric(metric).score(Decimal(rate), profile) == Decimal(expected)


def test_zero_denominators_follow_the_portal() -> None:
    """practice.md §3.2: no dossier gives 0 progress and 0 receipt satisfaction; no feedback
    gives full feedback points; other 0/0 metrics are not scored."""
    assert SET.metric("2.1").when_empty is WhenEmpty.ZERO
    assert SET.metric("2.1").score(None) == Decimal("0.00")
    assert SET.metric("5.4").score(None) == Decimal("0.00")
    assert SET.metric("5.2").score(None) == Decimal("6.00")
    assert SET.metric("5.3").score(None) == Decimal("6.00")
    assert SET.metric("1.1").score(None) is None


@given(
    rate=st.decimals(min_value=0, max_value=100, places=2),
    metric=st.sampled_from(SET.metrics),
    profile=st.sampled_from(Profile),
)
def test_points_stay_within_zero_and_the_maximum(
    rate: Decimal, metric: object, profile: Profile
) -> None:
    from onestop.scoring._indicators import Metric

    assert isinstance(metric, Metric)
    score = metric.score(rate, profile)
    assert score is not None
    assert Decimal(0) <= score <= metric.max_points


@given(
    a=st.decimals(min_value=0, max_value=100, places=2),
    b=st.decimals(min_value=0, max_value=100, places=2),
    max_points=st.integers(min_value=0, max_value=20),
    threshold=st.none() | st.decimals(min_value=1, max_value=100, places=0),
)
def test_points_are_monotone_in_the_rate(
    a: Decimal, b: Decimal, max_points: int, threshold: Decimal | None
) -> None:
    low, high = sorted((a, b))
    assert points(low, max_points, threshold) <= points(high, max_points, threshold)


def test_the_shipped_file_loads_to_the_shipped_set() -> None:
    assert load_indicator_set(SHIPPED, file="decision_766.toml") == SET


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("format = 1", "format = 2"), "format 2 is not 1"),
        (
            lambda t: t.replace("max_points = 18\n", "max_points = 19\n", 1),
            "group 'publicity' has max_points 19",
        ),
        (lambda t: t.replace('id = "1.2"', 'id = "1.1"'), "metric ids repeat"),
        (lambda t: t.replace("threshold = 50", "threshold = 150"), "must be a per cent"),
        (
            lambda t: t.replace('when_empty = "full"', 'when_empty = "maybe"', 1),
            "is not zero/full/none",
        ),
        (lambda t: t.replace('kind = "average"', 'kind = "median"'), "is not rate/average"),
        (
            lambda t: t.replace('group = "online"', 'group = "offline"', 1),
            "unknown group 'offline'",
        ),
        (
            lambda t: t.replace("valid_from = 2022-06-23", 'valid_from = "2022"'),
            "valid_from must be a date",
        ),
        (
            lambda t: t.replace('note = "Monitoring', 'notes = "Monitoring'),
            "unknown keys \\['notes'\\]",
        ),
        (lambda t: t.replace("max_points = 6\n", "max_points = -6\n", 1), "must be a whole number"),
        (lambda t: t + "[[[", "not TOML"),
        (lambda t: t + "#" * (1 << 20), "over 1048576 bytes"),
    ],
)
def test_a_broken_indicator_file_is_refused(edit: object, message: str) -> None:
    assert callable(edit)
    with pytest.raises(ScoringError, match=message):
        load_indicator_set(edit(SHIPPED))


def test_lookups_name_what_exists() -> None:
    with pytest.raises(ScoringError, match=r"no metric '9\.9'.*metrics: 1\.1, 1\.2"):
        SET.metric("9.9")
    with pytest.raises(ScoringError, match="no group 'fun'"):
        SET.group("fun")
    assert isinstance(SET, IndicatorSet)
