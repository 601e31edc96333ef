"""Citizen evaluations and the official service indicators, computed from dossier events.

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.dossier import Dossier
    >>> from onestop.procedures import default_catalog
    >>> from onestop.scoring import Period, Unit, scorecard
    >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
    >>> d = Dossier.file(id="HS-1", procedure=default_catalog().get("1.001022", on=at.date()),
    ...                  at=at, calendar=WorkCalendar.vietnam()).receive(at=at)
    >>> d = d.finish(at=datetime(2026, 3, 4, 10, tzinfo=VIETNAM_TZ))
    >>> card = scorecard([d], unit=Unit("20257", "Phường An Khê"), period=Period.month(2026, 3))
    >>> card.result("2.1").value
    Decimal('100.00')
"""

from onestop.scoring._evaluation import (
    DEFAULT_PROFILE,
    HUE_12,
    PROFILES,
    S1_NINE,
    Criterion,
    Evaluation,
    EvaluationChannel,
    EvaluationProfile,
    Rating,
    evaluate,
    evaluation_from_dict,
    evaluation_to_dict,
)
from onestop.scoring._indicators import (
    IndicatorSet,
    Metric,
    MetricGroup,
    Profile,
    WhenEmpty,
    decision_766,
    load_indicator_set,
    percent,
    points,
)
from onestop.scoring._plot import plot_monthly_shares
from onestop.scoring._report import Comparison, compare, indicator_reference_markdown
from onestop.scoring._scorecard import MetricResult, Period, Scorecard, Unit, scorecard

__all__ = [
    "DEFAULT_PROFILE",
    "HUE_12",
    "PROFILES",
    "S1_NINE",
    "Comparison",
    "Criterion",
    "Evaluation",
    "EvaluationChannel",
    "EvaluationProfile",
    "IndicatorSet",
    "Metric",
    "MetricGroup",
    "MetricResult",
    "Period",
    "Profile",
    "Rating",
    "Scorecard",
    "Unit",
    "WhenEmpty",
    "compare",
    "decision_766",
    "evaluate",
    "evaluation_from_dict",
    "evaluation_to_dict",
    "indicator_reference_markdown",
    "load_indicator_set",
    "percent",
    "plot_monthly_shares",
    "points",
    "scorecard",
]
