"""Scorecards as output: records, JSON and CSV that parse back to the card's numbers, the
text table of the March card worked by hand in test_scorecard.py, comparison and ranking of
wards, the indicator reference, and the chart of monthly shares."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from decimal import Decimal

import attrs
import matplotlib
import pytest

from onestop.dossier import Outcome
from onestop.errors import ScoringError
from onestop.scoring import (
    Comparison,
    Period,
    Profile,
    Scorecard,
    Unit,
    compare,
    decision_766,
    indicator_reference_markdown,
    plot_monthly_shares,
    scorecard,
)
from onestop.scoring._evaluation import EvaluationChannel, Rating, evaluate
from tests.scoring.test_scorecard import MARCH, WARD, march, vn

matplotlib.use("Agg")


def march_card() -> Scorecard:
    """The card of test_a_ward_month_by_hand: one dislike, 4.2 given as 70/100."""
    dossiers = march()
    dislike = evaluate(
        dossiers[0], at=vn(3, 4, 11), channel=EvaluationChannel.KIOSK, overall=Rating.DISSATISFIED
    )
    return scorecard(
        dossiers, unit=WARD, period=MARCH, evaluations=[dislike], inputs={"4.2": (70, 100)}
    )


def as_decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    assert isinstance(value, int | float | str)
    return Decimal(str(value))


def test_records_are_plain_and_one_per_metric() -> None:
    card = march_card()
    records = card.to_records()
    assert [r["metric_id"] for r in records] == [m.id for m in decision_766().metrics]
    on_time = records[[r["metric_id"] for r in records].index("2.1")]
    assert on_time == {
        "unit_code": "20257",
        "unit_name": "Phường An Khê",
        "period": "03/2026",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "scope": None,
        "profile": "portal",
        "metric_id": "2.1",
        "metric_key": "ON_TIME",
        "group": "progress",
        "name_vi": "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
        "numerator": 4,
        "denominator": 6,
        "value": 66.67,
        "points": 13.33,
        "max_points": 20,
        "basis": "log",
        "detail": "",
    }
    for record in records:
        for value in record.values():
            assert value is None or isinstance(value, str | int | float)


def test_json_round_trips_the_numbers() -> None:
    card = march_card()
    data = json.loads(card.to_json())
    assert list(data) == [
        "unit",
        "period",
        "scope",
        "indicators",
        "profile",
        "metrics",
        "groups",
        "total",
        "max_points",
        "unscored",
        "dossiers",
        "outcomes",
        "shares",
    ]
    assert "Phường An Khê" in card.to_json()  # not escaped
    for item, result in zip(data["metrics"], card.results, strict=True):
        assert item["metric_id"] == result.metric.id
        assert as_decimal(item["numerator"]) == result.numerator
        assert item["denominator"] == result.denominator
        assert as_decimal(item["value"]) == result.value
        assert as_decimal(item["points"]) == result.points
    assert {g["key"]: as_decimal(g["points"]) for g in data["groups"]} == {
        g.key: card.group_points(g.key) for g in card.indicators.groups
    }
    assert as_decimal(data["total"]) == card.total == Decimal("24.26")
    assert data["outcomes"] == {"early": 1, "on_time": 2, "late": 2, "open": 1}
    assert as_decimal(data["shares"]["late"]) == Decimal("33.33")
    assert data["unscored"] == list(card.unscored)
    assert card.to_json() == card.to_json()


def test_csv_has_one_row_per_metric_and_parses_back() -> None:
    card = march_card()
    text = card.to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(card.results) == len(text.splitlines()) - 1
    assert list(rows[0]) == list(card.to_records()[0])
    for row, result in zip(rows, card.results, strict=True):
        assert row["metric_id"] == result.metric.id
        assert as_decimal(row["points"]) == result.points
        assert as_decimal(row["value"]) == result.value
        assert row["unit_name"] == "Phường An Khê"
    # Names with a comma are quoted.
    assert '"Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"' in text


def test_the_text_table_shows_the_march_card() -> None:
    card = march_card()
    lines = card.to_text().splitlines()
    table = lines[2 : 4 + len(card.results)]  # the header, a rule and one row per metric
    assert lines[0] == "Bảng điểm: Phường An Khê (20257), kỳ 03/2026 (01/03/2026–31/03/2026)"
    row = {line.split()[0]: line.split() for line in table[2:]}
    assert list(row) == [result.metric.id for result in card.results]
    assert row["2.1"][-4:] == ["4/6", "66.67", "%", "13.33/20"]
    assert row["2.2"][-4:] == ["97.50/4", "24.38", "h", "0.00/0"]
    assert row["3.3"][-4:] == ["2/5", "40.00", "%", "4.80/6"]
    assert row["4.2"][-4:] == ["70/100", "70.00", "%", "2.80/4"]
    assert row["5.4"][-4:] == ["3/6", "50.00", "%", "3.33/6"]
    assert row["1.1"][-3:] == ["–", "–", "–/6"]
    total = next(line for line in lines if "Tổng điểm" in line)
    assert total.endswith("24.26/100")
    progress = next(line for line in lines if "Tiến độ, kết quả giải quyết" in line)
    assert progress.endswith("13.33/20")
    late = next(line for line in lines if line.strip().startswith("Quá hạn"))
    assert late.split()[-3:] == ["2", "33.33", "%"]
    assert lines[-1].endswith(
        ": 1.1, 1.2, 1.3, 1.4, 3.1, 3.2, 3.5, 3.5b, 3.6, 4.1, 4.3, 4.4, 4.5b, 4.5a, 4.6, 5.2, 5.3"
    )
    # The columns line up: every metric row puts its points at the same right edge.
    widths = {len(line) for line in table}
    assert len(widths) == 1


def test_the_text_table_in_english() -> None:
    text = march_card().to_text("en")
    assert "Dossiers settled early or on time" in text
    assert "Total" in text
    assert "Open, not yet late" in text
    with pytest.raises(ScoringError, match="language must be 'vi' or 'en'"):
        march_card().to_text("fr")


def card_for(code: str, pair: tuple[int, int], period: Period = MARCH) -> Scorecard:
    return scorecard([], unit=Unit(code, f"Phường {code}"), period=period, inputs={"1.4": pair})


def test_ranking_with_ties() -> None:
    cards = [
        card_for("A", (1, 2)),  # 3.00
        card_for("B", (9, 10)),  # 5.40
        card_for("C", (9, 10)),  # 5.40
        card_for("D", (1, 10)),  # 0.60
    ]
    ranking = compare(cards).ranking()
    assert [(rank, card.unit.code) for rank, card in ranking] == [
        (1, "B"),
        (1, "C"),
        (3, "A"),
        (4, "D"),
    ]


def test_the_comparison_side_by_side() -> None:
    comparison = compare([card_for("A", (1, 2)), card_for("B", (9, 10))])
    lines = comparison.to_text("en").splitlines()
    assert lines[0] == "03/2026, Decision 766/QĐ-TTg"
    assert lines[1].split()[-4:] == ["Phường", "A", "Phường", "B"]
    assert lines[4].split()[-3:] == ["/18", "3.00", "5.40"]
    assert lines[-3].split() == ["Total", "/100", "3.00", "5.40"]
    assert lines[-1].split() == ["Rank", "2", "1"]
    rows = list(csv.DictReader(io.StringIO(comparison.to_csv())))
    assert [(r["unit_code"], r["rank"], r["publicity"], r["total"]) for r in rows] == [
        ("A", "2", "3.0", "3.0"),
        ("B", "1", "5.4", "5.4"),
    ]


def test_compare_refuses_cards_that_do_not_match() -> None:
    with pytest.raises(ScoringError, match=r"B covers 2026-04-01\.\.2026-04-30 but A covers"):
        compare([card_for("A", (1, 2)), card_for("B", (1, 2), Period.month(2026, 4))])
    document = scorecard([], unit=Unit("B", "B"), period=MARCH, profile=Profile.DOCUMENT)
    with pytest.raises(ScoringError, match="document profile"):
        compare([card_for("A", (1, 2)), document])
    unlabelled = scorecard([], unit=Unit("B", "B"), period=Period(MARCH.start, MARCH.end))
    assert len(compare([card_for("A", (1, 2)), unlabelled]).cards) == 2
    with pytest.raises(ScoringError, match="units repeat: A"):
        compare([card_for("A", (1, 2)), card_for("A", (1, 3))])
    with pytest.raises(ScoringError, match="at least one"):
        Comparison(())


def test_the_reference_lists_every_metric() -> None:
    text = indicator_reference_markdown()
    for metric in decision_766().metrics:
        assert f"### {metric.id} " in text
        assert f"`{metric.key}`" in text
    for group in decision_766().groups:
        assert f"| `{group.key}` |" in text
    assert "none on the portal; 80 % in the formula document" in text  # 4.2's conflict
    assert "full points (6)" in text  # 5.2 and 5.3 without feedback
    # 5.1-5.3 come from the feedback log when one is given (onestop.feedback).
    assert text.count("from the feedback log, with `scorecard(..., feedback=items)`") == 3
    assert ">>>" not in text


def shares_by_bar(cards: list[Scorecard]) -> list[float]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        assert plot_monthly_shares(cards, ax=ax, language="en") is ax
        totals = [0.0] * len(cards)
        for container in ax.containers:
            for i, bar in enumerate(container):
                totals[i] += bar.get_height()
        assert [t.get_text() for t in ax.get_xticklabels()] == [c.period.label for c in cards]
        return totals
    finally:
        plt.close(fig)


def test_the_chart_stacks_the_shares_of_each_month() -> None:
    dossiers = march()
    cards = [scorecard(dossiers, unit=WARD, period=Period.month(2026, m)) for m in (1, 2, 3, 4)]
    totals = shares_by_bar(cards)
    # January has no dossier: an empty bar; the others sum to 100 within rounding.
    assert totals[0] == 0
    for total in totals[1:]:
        assert abs(total - 100) <= 0.02
    assert cards[2].outcomes[Outcome.LATE] == 2


def test_the_chart_draws_on_a_new_figure() -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ax = plot_monthly_shares([march_card()])
    figure = ax.figure
    assert isinstance(figure, Figure)
    try:
        assert len(ax.containers) == 4
    finally:
        plt.close(figure)
    with pytest.raises(ScoringError, match="at least one"):
        plot_monthly_shares([])


def test_the_chart_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ScoringError, match=r"pip install 'onestop\[plot\]'"):
        plot_monthly_shares([march_card()])


def test_a_card_restricted_to_a_procedure_and_fully_scored() -> None:
    inputs = {m.id: (1, 1) for m in decision_766().metrics if not m.from_log and m.max_points}
    card = scorecard(march(), unit=WARD, period=MARCH, procedure="1.001022", inputs=inputs)
    lines = card.to_text("en").splitlines()
    assert lines[0].endswith(", scope 1.001022")
    assert card.unscored == ()
    assert not any(line.startswith("Not scored") for line in lines)
    assert "" not in lines  # no blank line: the table is one doctest output
    assert json.loads(card.to_json())["scope"] == "1.001022"


def test_compare_refuses_other_indicator_sets_and_scopes() -> None:
    other_set = attrs.evolve(decision_766(), name="Decision 999")
    other = scorecard([], unit=Unit("B", "B"), period=MARCH, indicators=other_set)
    with pytest.raises(ScoringError, match="B uses Decision 999"):
        compare([card_for("A", (1, 2)), other])
    scoped = scorecard([], unit=Unit("B", "B"), period=MARCH, field="Hộ tịch")
    with pytest.raises(ScoringError, match="B is restricted to 'Hộ tịch' but A to None"):
        compare([card_for("A", (1, 2)), scoped])


def test_the_reference_of_another_indicator_set() -> None:
    ended = attrs.evolve(decision_766(), valid_until=date(2030, 12, 31))
    assert "from 2022-06-23 to 2030-12-31" in indicator_reference_markdown(ended)
