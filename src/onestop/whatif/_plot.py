"""A chart of a what-if comparison: the shares of dossiers early, on time and late, before and
after the scenario, in total and for the procedures it affects most.

matplotlib is an optional dependency (``pip install 'onestop[plot]'``): it is imported only
when a chart is drawn, so the rest of onestop works without it.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from onestop.dossier import Outcome
from onestop.errors import ScenarioError
from onestop.whatif._replay import MEASURED, Comparison, Tally

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_comparison"]

#: The colours of the scorecard chart (:func:`onestop.scoring.plot_monthly_shares`): early
#: and on time in greens, late in red, readable in grey-scale print too.
_COLOURS = {Outcome.EARLY: "#1b7837", Outcome.ON_TIME: "#a6dba0", Outcome.LATE: "#d6604d"}
_NAMES = {Outcome.EARLY: "Early", Outcome.ON_TIME: "On time", Outcome.LATE: "Late"}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ScenarioError(
            "plotting needs matplotlib, which is not installed: pip install 'onestop[plot]'"
        ) from None
    return plt


def _most_affected(comparison: Comparison, count: int) -> list[str]:
    """The codes of at most ``count`` procedures with the most dossiers that change class,
    most first, ties broken by code (ascending); a procedure without a change is left out."""
    changed = Counter(change.code for change in comparison.changes)
    return sorted(changed, key=lambda code: (-changed[code], code))[:count]


def _percent(share: Fraction | None) -> float:
    return 0.0 if share is None else float(share * 100)


def plot_comparison(comparison: Comparison, ax: Axes | None = None, *, procedures: int = 0) -> Axes:
    """Two stacked bars per group, before and after the scenario, of the shares (per cent) of
    the measured dossiers that were early, on time and late (:meth:`Tally.share`).

    The first group is every dossier of the comparison; with ``procedures`` > 0 it is followed
    by one group for each of the ``procedures`` procedures with the most dossiers that change
    class (most first, ties by code; procedures without a change are not drawn). Each group is
    labelled with its scope and its number of dossiers; a group without measured
    dossiers has empty bars. Draws on ``ax`` if given, else on a new figure, and returns the
    axes.

    Raises:
        ScenarioError: matplotlib is not installed, or ``procedures`` is not a whole number
            at least 0.
    """
    if isinstance(procedures, bool) or not isinstance(procedures, int) or procedures < 0:
        raise ScenarioError(
            f"procedures is how many of the most affected procedures to draw (0 or more), "
            f"got {procedures!r}"
        )
    plt = _pyplot()
    groups: list[tuple[str, Tally, Tally]] = [
        ("All procedures", comparison.before, comparison.after)
    ]
    for code in _most_affected(comparison, procedures):
        item = comparison.for_procedure(code)
        groups.append((code, item.before, item.after))
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(groups) + 2.5), 4), layout="constrained")
    assert ax is not None
    positions: list[float] = []
    tallies: list[Tally] = []
    for index, (_, before, after) in enumerate(groups):
        positions += [3.0 * index, 3.0 * index + 1]
        tallies += [before, after]
    bottoms = [0.0] * len(tallies)
    for outcome in MEASURED:
        heights = [_percent(tally.share(outcome)) for tally in tallies]
        ax.bar(
            positions,
            heights,
            bottom=bottoms,
            label=_NAMES[outcome],
            color=_COLOURS[outcome],
            edgecolor="white",
            linewidth=0.5,
        )
        bottoms = [bottom + height for bottom, height in zip(bottoms, heights, strict=True)]
    ax.set_xticks(positions, ["before", "after"] * len(groups))
    centres = [3.0 * index + 0.5 for index in range(len(groups))]
    labels = [f"{name}\n{before.total:,} dossiers" for name, before, _ in groups]
    ax.set_xticks(centres, labels, minor=True)
    ax.tick_params(axis="x", which="minor", length=0, pad=18)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of measured dossiers")
    ax.set_title(comparison.scenario.name)
    # Listed top to bottom as the bars are stacked.
    handles, names = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False
    )
    return ax
