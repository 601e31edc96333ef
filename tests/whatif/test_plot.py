"""The what-if chart: bar heights are the tallies' shares, ``procedures=`` adds one group per
most affected procedure, and a clear error without matplotlib."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, datetime

import matplotlib
import pytest

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier, Outcome
from onestop.procedures import default_catalog
from onestop.whatif import Comparison, Scenario, ScenarioError, Tally, plot_comparison, replay

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

CAL = WorkCalendar.vietnam()
MARCH_2 = date(2026, 3, 2)  # a Monday; no holiday in March 2026
SEVEN = default_catalog().get("1.004222", on=MARCH_2)  # 07 ngày làm việc
THREE = default_catalog().get("1.001022", on=MARCH_2)  # 03 ngày làm việc
OTHER = default_catalog().get("1.004194", on=MARCH_2)  # 03 ngày làm việc, not cut
OUTCOMES = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)


def vn(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=VIETNAM_TZ)


def log() -> list[Dossier]:
    """Received on Monday 2 March at 09:00 and finished on the day given at 10:00.

    1.004222: due 11 March, cut by 30 % to 4 days, due 6 March: ends on 5 (early, early),
    9 (early → late), 11 (on time → late), 12 (late, late): two changes.
    1.001022: due 5 March, cut to 2 days, due 4 March: ends on 3 (early, early) and 5 (on
    time → late): one change. 1.004194 is not cut: ends on 3, early both times.
    """
    ends = [(SEVEN, 5), (SEVEN, 9), (SEVEN, 11), (SEVEN, 12), (THREE, 3), (THREE, 5), (OTHER, 3)]
    return [
        Dossier.file(id=f"HS-{i}", procedure=procedure, at=vn(2), calendar=CAL)
        .receive(at=vn(2))
        .finish(at=vn(end, 10))
        for i, (procedure, end) in enumerate(ends)
    ]


@pytest.fixture
def comparison() -> Comparison:
    return replay(log(), Scenario("-30 %").cut(SEVEN, 0.3).cut(THREE, 0.3))


@pytest.fixture
def axes() -> Iterator[Axes]:
    figure, ax = plt.subplots()
    yield ax
    plt.close(figure)


def heights(ax: Axes) -> list[float]:
    """The bar heights of each stacked layer (early, on time, late) in turn, bar by bar."""
    return [bar.get_height() for container in ax.containers for bar in container]


def expected(tallies: list[Tally]) -> list[float]:
    """The shares of ``tallies`` in per cent, in the order of :func:`heights`."""
    return [
        float(share) * 100 if (share := tally.share(outcome)) is not None else 0.0
        for outcome in OUTCOMES
        for tally in tallies
    ]


def test_the_log_is_as_worked_by_hand(comparison: Comparison) -> None:
    assert comparison.before == Tally(early=4, on_time=2, late=1)
    assert comparison.after == Tally(early=3, on_time=0, late=4)
    assert [change.code for change in comparison.changes] == ["1.004222"] * 2 + ["1.001022"]


def test_the_bars_are_the_shares_before_and_after(comparison: Comparison, axes: Axes) -> None:
    assert plot_comparison(comparison, axes) is axes
    assert heights(axes) == pytest.approx(expected([comparison.before, comparison.after]))
    # By hand: 4, 2 and 1 of 7 dossiers before; 3, 0 and 4 of 7 after.
    assert heights(axes) == pytest.approx([400 / 7, 300 / 7, 200 / 7, 0.0, 100 / 7, 400 / 7])
    # Stacked: each layer starts where the one below ends, and every bar reaches 100 %.
    early, on_time, late = axes.containers
    for i in range(2):
        assert on_time[i].get_y() == pytest.approx(early[i].get_height())
        assert late[i].get_y() + late[i].get_height() == pytest.approx(100)
    legend = axes.get_legend()
    assert legend is not None
    assert [label.get_text() for label in legend.get_texts()] == [
        "Late",
        "On time",
        "Early",
    ]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["before", "after"]
    assert [t.get_text() for t in axes.get_xticklabels(minor=True)] == [
        "All procedures\n7 dossiers"
    ]
    assert axes.get_title() == "-30 %"
    assert axes.get_ylim() == (0, 100)


def test_procedures_adds_the_most_affected_groups(comparison: Comparison, axes: Axes) -> None:
    plot_comparison(comparison, axes, procedures=1)
    seven = comparison.for_procedure("1.004222")
    tallies = [comparison.before, comparison.after, seven.before, seven.after]
    assert heights(axes) == pytest.approx(expected(tallies))
    assert [t.get_text() for t in axes.get_xticklabels(minor=True)] == [
        "All procedures\n7 dossiers",
        "1.004222\n4 dossiers",
    ]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["before", "after"] * 2


def test_procedures_without_a_change_are_not_drawn(comparison: Comparison, axes: Axes) -> None:
    plot_comparison(comparison, axes, procedures=5)
    groups = [t.get_text().split("\n")[0] for t in axes.get_xticklabels(minor=True)]
    # Most changes first (two, then one); 1.004194 changes nothing.
    assert groups == ["All procedures", "1.004222", "1.001022"]
    three = comparison.for_procedure("1.001022")
    assert [container[4].get_height() for container in axes.containers] == pytest.approx(
        [50.0, 50.0, 0.0]
    )
    assert [container[5].get_height() for container in axes.containers] == pytest.approx(
        [50.0, 0.0, 50.0]
    )
    assert three.after == Tally(early=1, late=1)


def test_ties_are_broken_by_code(axes: Axes) -> None:
    dossiers = [d for d in log() if d.id in ("HS-1", "HS-5")]  # one change each
    plot_comparison(
        replay(dossiers, Scenario("x").cut(SEVEN, 0.3).cut(THREE, 0.3)), axes, procedures=2
    )
    groups = [t.get_text().split("\n")[0] for t in axes.get_xticklabels(minor=True)]
    assert groups == ["All procedures", "1.001022", "1.004222"]


def test_a_new_figure_and_an_empty_comparison() -> None:
    from matplotlib.figure import Figure

    ax = plot_comparison(replay([], Scenario("nothing")), procedures=3)
    figure = ax.figure
    assert isinstance(figure, Figure)
    try:
        assert heights(ax) == [0.0] * 6
        assert [t.get_text() for t in ax.get_xticklabels(minor=True)] == [
            "All procedures\n0 dossiers"
        ]
    finally:
        plt.close(figure)


@pytest.mark.parametrize("procedures", [-1, 1.5, True, "2", None])
def test_procedures_must_be_a_count(comparison: Comparison, procedures: object) -> None:
    with pytest.raises(ScenarioError, match="most affected procedures"):
        plot_comparison(comparison, procedures=procedures)  # type: ignore[arg-type]


def test_the_chart_without_matplotlib(
    comparison: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ScenarioError, match=r"pip install 'onestop\[plot\]'"):
        plot_comparison(comparison)
