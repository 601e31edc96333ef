"""Scorecards computed from dossiers: a ward's month worked by hand, the scope rules of
indicator 2.1, the inputs of the other metrics, and properties (classes partition the
dossiers, points stay within their maximum, counts of additive metrics merge over periods)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier, Outcome
from onestop.errors import ScoringError
from onestop.procedures import Channel, default_catalog
from onestop.scoring._evaluation import EvaluationChannel, Rating, evaluate
from onestop.scoring._indicators import Profile, decision_766
from onestop.scoring._scorecard import Period, Unit, scorecard

CAL = WorkCalendar.vietnam()
#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc.
PATERNITY = default_catalog().get("1.001022", on=date(2026, 3, 2))
BIRTH = default_catalog().get("1.001193", on=date(2026, 3, 2))
WARD = Unit("20257", "Phường An Khê")
MARCH = Period.month(2026, 3)


def vn(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM_TZ)


def received(name: str, at: datetime, channel: Channel = Channel.IN_PERSON) -> Dossier:
    d = Dossier.file(id=name, procedure=PATERNITY, at=at, calendar=CAL, channel=channel)
    return d.receive(at=at)


def march() -> list[Dossier]:
    """Six dossiers received or processed in March 2026, one before, one refused."""
    return [
        received("D1", vn(3, 2)).finish(at=vn(3, 4)).return_result(at=vn(3, 4, 10)),  # early
        received("D2", vn(3, 2), Channel.ONLINE).finish(at=vn(3, 5)),  # on time
        received("D3", vn(3, 2)).finish(at=vn(3, 9)),  # late
        received("D4", vn(3, 25)),  # open, due 30/03: late at the end of March
        received("D5", vn(3, 30), Channel.ONLINE),  # open, due 02/04
        received("D6", vn(2, 26)).finish(at=vn(3, 3)),  # received in February, on time
        received("D7", vn(2, 2)).finish(at=vn(2, 5)),  # ended before March: out of scope
        Dossier.file(id="D8", procedure=PATERNITY, at=vn(3, 3), calendar=CAL).refuse_at_desk(
            at=vn(3, 3, 10), reason="Không thuộc thẩm quyền"
        ),
    ]


def test_a_ward_month_by_hand() -> None:
    dossiers = march()
    dislike = evaluate(
        dossiers[0], at=vn(3, 4, 11), channel=EvaluationChannel.KIOSK, overall=Rating.DISSATISFIED
    )
    card = scorecard(
        dossiers, unit=WARD, period=MARCH, evaluations=[dislike], inputs={"4.2": (70, 100)}
    )
    assert card.outcomes == {Outcome.EARLY: 1, Outcome.ON_TIME: 2, Outcome.LATE: 2, Outcome.OPEN: 1}
    # 2.1: 4 of 6 early, on time or still in time = 66.67 % → 20 × 0.6667 = 13.33.
    on_time = card.result("2.1")
    assert (on_time.numerator, on_time.denominator, on_time.value, on_time.points) == (
        Decimal(4),
        6,
        Decimal("66.67"),
        Decimal("13.33"),
    )
    # 3.3: 2 of the 5 received in March were filed online: 40 % → 6 × 40 / 50 = 4.80.
    online = card.result("3.3")
    assert (online.numerator, online.denominator, online.points) == (Decimal(2), 5, Decimal("4.80"))
    # 5.4: 100 − 33.33 (late) − 16.67 (disliked) = 50.00 → 6 × 50 / 90 = 3.33.
    satisfaction = card.result("5.4")
    assert (satisfaction.value, satisfaction.points) == (Decimal("50.00"), Decimal("3.33"))
    assert satisfaction.numerator == 3  # neither late nor disliked: D2, D5, D6
    # 2.2: 15 + 22.5 + 37.5 + 22.5 working hours over the 4 dossiers finished in March.
    average = card.result("2.2")
    assert (average.numerator, average.denominator, average.value) == (
        Decimal("97.50"),
        4,
        Decimal("24.38"),
    )
    assert card.result("4.2").points == Decimal("2.80")
    assert card.result("4.2").basis == "input"
    assert card.result("1.1").basis == "missing"
    assert card.group_points("progress") == Decimal("13.33")
    assert card.group_points("satisfaction") == Decimal("3.33")
    assert card.total == Decimal("24.26")
    assert "1.1" in card.unscored
    assert "2.1" not in card.unscored
    assert card.share(Outcome.LATE) == Decimal("33.33")


def test_complaints_count_like_dislikes() -> None:
    card = scorecard(march(), unit=WARD, period=MARCH, complaints=["D2", "D5"])
    # 100 − 33.33 − 33.33 = 33.34 → 6 × 33.34 / 90 = 2.22.
    assert card.result("5.4").value == Decimal("33.34")
    assert card.result("5.4").points == Decimal("2.22")


def test_more_than_one_supplement_request_is_late_in_the_scorecard() -> None:
    """Decision 766 indicator 2.1: more than one supplement request counts as late."""
    d = received("S1", vn(3, 2)).start_processing(at=vn(3, 2, 10))
    for day in (3, 4):
        d = d.request_supplement(at=vn(3, day), missing=["Giấy tờ"]).receive_supplement(
            at=vn(3, day, 10)
        )
    card = scorecard([d.finish(at=vn(3, 4, 11))], unit=WARD, period=MARCH)
    assert card.outcomes[Outcome.LATE] == 1
    assert card.result("2.1").points == Decimal("0.00")


def test_a_procedure_without_a_time_limit_counts_on_time() -> None:
    import attrs

    no_limit = attrs.evolve(PATERNITY, processing_time=None, channels=())
    d = Dossier.file(id="N1", procedure=no_limit, at=vn(3, 2), calendar=CAL).receive(at=vn(3, 2))
    card = scorecard([d.finish(at=vn(3, 30))], unit=WARD, period=MARCH)
    assert card.outcomes[Outcome.ON_TIME] == 1


def test_no_dossier_gives_zero_progress_and_zero_receipt_satisfaction() -> None:
    """practice.md §3.2: a unit with no dossier scores 0 for 2.1 and 5.4."""
    card = scorecard([], unit=WARD, period=MARCH, inputs={"5.2": (0, 0)})
    assert card.result("2.1").points == Decimal("0.00")
    assert card.result("5.4").points == Decimal("0.00")
    assert card.result("3.3").points is None
    assert card.result("5.2").points == Decimal("6.00")


def test_restricting_to_a_procedure_or_a_field() -> None:
    birth = Dossier.file(id="B1", procedure=BIRTH, at=vn(3, 2), calendar=CAL).receive(at=vn(3, 2))
    dossiers = [*march(), birth]
    assert sum(scorecard(dossiers, unit=WARD, period=MARCH).outcomes.values()) == 7
    only_birth = scorecard(dossiers, unit=WARD, period=MARCH, procedure="1.001193")
    assert sum(only_birth.outcomes.values()) == 1
    assert only_birth.scope == "1.001193"
    civil_status = scorecard(dossiers, unit=WARD, period=MARCH, field="Hộ tịch")
    assert sum(civil_status.outcomes.values()) == 7


def test_the_synchronisation_rate_multiplies_the_online_share() -> None:
    """DOCX row 3.3: online / received × synchronisation rate."""
    card = scorecard(march(), unit=WARD, period=MARCH, inputs={"1.4": (9, 10)})
    assert card.result("3.3").value == Decimal("36.00")
    assert card.result("3.3").points == Decimal("4.32")
    assert card.result("1.4").points == Decimal("5.40")


def test_the_document_profile() -> None:
    card = scorecard(
        [], unit=WARD, period=MARCH, inputs={"4.2": (70, 100)}, profile=Profile.DOCUMENT
    )
    assert card.result("4.2").points == Decimal("3.50")


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"4.2": (7, 5)}, "cannot exceed"),
        ({"4.2": (-1, 5)}, "whole numbers >= 0"),
        ({"4.2": (1.5, 5)}, "whole numbers >= 0"),
        ({"9.9": (1, 5)}, "no metric '9.9'"),
        ({"2.1": (1, 5)}, "computed from the dossiers"),
    ],
)
def test_bad_inputs_are_refused(inputs: dict[str, tuple[int, int]], message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        scorecard([], unit=WARD, period=MARCH, inputs=inputs)


def test_periods() -> None:
    assert Period.month(2026, 2).end == date(2026, 2, 28)
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31), "Q4/2026")
    assert Period.year(2026).label == "2026"
    assert MARCH.closes == vn(4, 1, 0) - timedelta(microseconds=1)
    with pytest.raises(ScoringError, match=r"month must be 1\.\.12"):
        Period.month(2026, 13)
    with pytest.raises(ScoringError, match=r"quarter must be 1\.\.4"):
        Period.quarter(2026, 0)
    with pytest.raises(ScoringError, match="before it starts"):
        Period(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ScoringError, match="must be a date"):
        Period(vn(3, 1), date(2026, 3, 2))
    with pytest.raises(ScoringError, match="applies from 2022-06-23"):
        scorecard([], unit=WARD, period=Period.year(2021))


@st.composite
def ward_month_logs(draw: st.DrawFn) -> list[Dossier]:
    """Dossiers received on random days of the first quarter of 2026, some online, some
    finished after a random number of working days."""
    dossiers = []
    for i in range(draw(st.integers(min_value=0, max_value=12))):
        day = CAL.roll(date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 88))))
        at = datetime(day.year, day.month, day.day, 9, tzinfo=VIETNAM_TZ)
        channel = draw(st.sampled_from([Channel.IN_PERSON, Channel.ONLINE]))
        d = received(f"R{i}", at, channel)
        taken = draw(st.none() | st.integers(min_value=1, max_value=8))
        if taken is not None:
            end = CAL.add_working_days(day, taken)
            d = d.finish(at=datetime(end.year, end.month, end.day, 10, tzinfo=VIETNAM_TZ))
        dossiers.append(d)
    return dossiers


@given(ward_month_logs())
def test_classes_partition_the_dossiers_and_points_stay_within_their_maximum(
    dossiers: list[Dossier],
) -> None:
    card = scorecard(dossiers, unit=WARD, period=Period.quarter(2026, 1))
    in_scope = card.result("2.1").denominator
    assert sum(card.outcomes.values()) == in_scope
    shares = [card.share(o) for o in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE, Outcome.OPEN)]
    if in_scope:
        total = sum((s for s in shares if s is not None), Decimal(0))
        assert abs(total - 100) <= Decimal("0.02")
    for result in card.results:
        if result.points is not None:
            assert 0 <= result.points <= result.metric.max_points
    assert 0 <= card.total <= decision_766().max_points


@given(ward_month_logs())
def test_online_counts_over_a_quarter_are_the_sum_of_its_months(dossiers: list[Dossier]) -> None:
    """3.3 counts the dossiers received in the period: months partition a quarter, so their
    counts add up (2.1 does not: a dossier open across months is in every month's scope)."""
    quarter = scorecard(dossiers, unit=WARD, period=Period.quarter(2026, 1)).result("3.3")
    months = [
        scorecard(dossiers, unit=WARD, period=Period.month(2026, m)).result("3.3")
        for m in (1, 2, 3)
    ]
    assert quarter.numerator == sum(m.numerator or 0 for m in months)
    assert quarter.denominator == sum(m.denominator or 0 for m in months)


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=1, max_value=50))
def test_progress_points_are_monotone_in_the_on_time_count(on_time: int, extra: int) -> None:
    total = on_time + extra
    metric = decision_766().metric("2.1")
    from onestop.scoring._indicators import percent

    before = metric.score(percent(on_time, total))
    after = metric.score(percent(on_time + 1, total))
    assert before is not None
    assert after is not None
    assert before <= after
