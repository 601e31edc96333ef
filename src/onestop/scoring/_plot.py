"""A chart of the dossiers' classes over a series of scorecards (one per month, say).

matplotlib is an optional dependency (``pip install 'onestop[plot]'``): it is imported only
when a chart is drawn, so the rest of onestop works without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from onestop.dossier import Outcome
from onestop.errors import ScoringError
from onestop.scoring._report import _OUTCOME_NAMES, OUTCOMES, _language

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from onestop.scoring._scorecard import Scorecard

__all__ = ["plot_monthly_shares"]

#: Early and on time in greens, late in red, open in grey: readable in grey-scale print too.
_COLOURS = {
    Outcome.EARLY: "#1b7837",
    Outcome.ON_TIME: "#a6dba0",
    Outcome.LATE: "#d6604d",
    Outcome.OPEN: "#bababa",
}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ScoringError(
            "plotting needs matplotlib, which is not installed: pip install 'onestop[plot]'"
        ) from None
    return plt


def plot_monthly_shares(
    cards: Iterable[Scorecard], ax: Axes | None = None, *, language: str = "vi"
) -> Axes:
    """A stacked bar per card of the shares (per cent) of its dossiers early, on time, late
    and still open; a card without dossiers has an empty bar. The bars are labelled with the
    cards' period labels, in the order given. Draws on ``ax`` if given, else on a new
    figure, and returns the axes.

    Raises:
        ScoringError: matplotlib is not installed, or ``cards`` is empty.
    """
    plt = _pyplot()
    cards = tuple(cards)
    if not cards:
        raise ScoringError("plot_monthly_shares needs at least one scorecard")
    lang = _language(language)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(cards) + 2), 4), layout="constrained")
    assert ax is not None
    labels = [card.period.label or card.period.start.isoformat() for card in cards]
    positions = list(range(len(cards)))
    bottoms = [0.0] * len(cards)
    for outcome in OUTCOMES:
        heights = [float(card.share(outcome) or Decimal(0)) for card in cards]
        ax.bar(
            positions,
            heights,
            bottom=bottoms,
            label=_OUTCOME_NAMES[lang][outcome],
            color=_COLOURS[outcome],
            edgecolor="white",
            linewidth=0.5,
        )
        bottoms = [bottom + height for bottom, height in zip(bottoms, heights, strict=True)]
    ax.set_xticks(positions, labels, rotation=45 if len(cards) > 6 else 0)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% hồ sơ" if lang == "vi" else "% of dossiers")
    units = sorted({card.unit.name for card in cards})
    ax.set_title(", ".join(units))
    # Listed top to bottom as the bars are stacked.
    handles, names = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False
    )
    return ax
