"""Scorecards: every indicator of a unit over a period, computed from its dossiers where the
events carry the inputs, and from counts given by the caller where they do not."""

from __future__ import annotations

import calendar as _month_days
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import attrs

from onestop.calendar import VIETNAM_TZ
from onestop.dossier import Dossier, Outcome
from onestop.errors import ScoringError
from onestop.procedures import Channel
from onestop.scoring._evaluation import Evaluation
from onestop.scoring._indicators import IndicatorSet, Metric, Profile, decision_766, percent

if TYPE_CHECKING:
    from onestop.feedback import FeedbackItem

__all__ = ["MetricResult", "Period", "Scorecard", "Unit", "scorecard"]

_CENT = Decimal("0.01")
_HOUR = timedelta(hours=1)


def _day(instance: object, attribute: attrs.Attribute[date], value: date) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ScoringError(f"Period.{attribute.name} must be a date, got {value!r}")


@attrs.frozen
class Period:
    """A reporting period: the days from ``start`` to ``end``, both included.

    Examples:
        >>> Period.quarter(2026, 1)
        Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), label='Q1/2026')
        >>> Period.month(2024, 2).end
        datetime.date(2024, 2, 29)
    """

    start: date = attrs.field(validator=_day)
    end: date = attrs.field(validator=_day)
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ScoringError(f"period ends {self.end} before it starts {self.start}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month."""
        if not 1 <= month <= 12:
            raise ScoringError(f"month must be 1..12, got {month}")
        last = _month_days.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), f"{month:02d}/{year}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """A calendar quarter (1..4)."""
        if not 1 <= quarter <= 4:
            raise ScoringError(f"quarter must be 1..4, got {quarter}")
        first = 3 * quarter - 2
        last = _month_days.monthrange(year, first + 2)[1]
        return cls(date(year, first, 1), date(year, first + 2, last), f"Q{quarter}/{year}")

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @property
    def opens(self) -> datetime:
        """The first moment of the period, local time."""
        return datetime.combine(self.start, time(0), tzinfo=VIETNAM_TZ)

    @property
    def closes(self) -> datetime:
        """The last moment of the period: unfinished dossiers are measured here (law.md §1.6)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=VIETNAM_TZ) - (
            timedelta(microseconds=1)
        )

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls within the period."""
        return self.opens <= moment <= self.closes


@attrs.frozen
class Unit:
    """The unit a scorecard is for: identified by its code, since names repeat (two wards
    are called An Khê since 2025, rules.md)."""

    code: str
    name: str


@attrs.frozen
class MetricResult:
    """One indicator of a scorecard: the counts, the rate and the points.

    ``value`` is the rate in per cent (an average in hours for 2.2); ``points`` is ``None``
    when the metric is not scored (no input, or 0/0 for a metric the portal then skips).
    """

    metric: Metric
    numerator: Decimal | None
    denominator: int | None
    value: Decimal | None
    points: Decimal | None
    #: ``"log"`` when computed from the dossiers, ``"input"`` when from given counts,
    #: ``"missing"`` when neither was available.
    basis: str
    detail: str = ""


@attrs.frozen
class Scorecard:
    """Every indicator of one unit over one period, with the counts they came from."""

    unit: Unit
    period: Period
    indicators: IndicatorSet
    profile: Profile
    results: tuple[MetricResult, ...]
    #: Dossiers received or processed in the period, by class (early, on time, late, open).
    outcomes: Mapping[Outcome, int]
    #: The procedure code or field the card is restricted to, if any.
    scope: str | None = None

    def result(self, id_or_key: str) -> MetricResult:
        """The result of one metric."""
        metric = self.indicators.metric(id_or_key)
        return next(result for result in self.results if result.metric is metric)

    def group_points(self, key: str) -> Decimal:
        """A group's points: the sum of its metrics' rounded points (practice.md §3.2)."""
        self.indicators.group(key)
        return sum(
            (r.points for r in self.results if r.metric.group == key and r.points is not None),
            Decimal("0.00"),
        )

    @property
    def total(self) -> Decimal:
        """All points."""
        return sum((self.group_points(g.key) for g in self.indicators.groups), Decimal("0.00"))

    @property
    def unscored(self) -> tuple[str, ...]:
        """The ids of the scoring metrics with no points (no input, or not scored)."""
        return tuple(r.metric.id for r in self.results if r.points is None and r.metric.max_points)

    def share(self, outcome: Outcome) -> Decimal | None:
        """The share of ``outcome`` among the dossiers received or processed, in per cent.

        Examples:
            >>> card = scorecard([], unit=Unit("26212", "Phường An Khê"), period=Period.year(2026))
            >>> card.share(Outcome.LATE) is None
            True
        """
        return percent(self.outcomes.get(outcome, 0), sum(self.outcomes.values()))

    def to_records(self) -> list[dict[str, object]]:
        """One plain record per metric (:func:`~onestop.scoring._report.scorecard_records`)."""
        from onestop.scoring._report import scorecard_records

        return scorecard_records(self)

    def to_json(self) -> str:
        """The card as JSON (:func:`~onestop.scoring._report.scorecard_json`)."""
        from onestop.scoring._report import scorecard_json

        return scorecard_json(self)

    def to_csv(self) -> str:
        """The records as CSV (:func:`~onestop.scoring._report.scorecard_csv`)."""
        from onestop.scoring._report import scorecard_csv

        return scorecard_csv(self)

    def to_text(self, language: str = "vi") -> str:
        """The card as an aligned text table, in Vietnamese or English
        (:func:`~onestop.scoring._report.scorecard_text`)."""
        from onestop.scoring._report import scorecard_text

        return scorecard_text(self, language)


def _in_scope(dossier: Dossier, period: Period) -> bool:
    """Received by the end of the period and not ended before it: "hồ sơ được tiếp nhận, xử
    lý trong kỳ" (DOCX row 2.1)."""
    received = dossier.received_at
    if received is None or received > period.closes:
        return False
    ended = dossier.ended_at
    return ended is None or ended >= period.opens


def scorecard(
    dossiers: Iterable[Dossier],
    *,
    unit: Unit,
    period: Period,
    evaluations: Iterable[Evaluation] = (),
    complaints: Iterable[str] = (),
    inputs: Mapping[str, tuple[int, int]] | None = None,
    procedure: str | None = None,
    field: str | None = None,
    profile: Profile = Profile.PORTAL,
    indicators: IndicatorSet | None = None,
    feedback: Iterable[FeedbackItem] | None = None,
) -> Scorecard:
    """The scorecard of ``unit`` for ``period``.

    From the dossiers: 2.1 (early or on time, with the supplement rules of the dossiers'
    classification; unfinished dossiers measured at the end of the period), 2.2 (average
    working hours used by the dossiers finished in the period), 3.3 (filed online among those
    received in the period, times the synchronisation rate of 1.4 when given) and 5.4 (100 %
    minus the late share minus the share with a complaint or a dislike). ``evaluations`` give
    the dislikes; ``complaints`` are the ids of dossiers with a complaint or petition. Every
    other metric takes ``inputs[id] = (numerator, denominator)``; without it the metric is
    not scored and listed in :attr:`Scorecard.unscored`.

    ``feedback`` is the unit's feedback log (:class:`onestop.feedback.FeedbackItem`): when
    given, even empty, 5.1–5.3 are computed from it by
    :func:`onestop.feedback.feedback_results` (a unit without feedback in the period gets
    full points for 5.2 and 5.3) and may not be passed in ``inputs``; when ``None``, they
    take ``inputs`` as before.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> p = default_catalog().get("1.001022", on=at.date())
        >>> d = Dossier.file(id="HS-1", procedure=p, at=at, calendar=WorkCalendar.vietnam())
        >>> d = d.receive(at=at).finish(at=datetime(2026, 3, 4, 9, tzinfo=VIETNAM_TZ))
        >>> card = scorecard([d], unit=Unit("26212", "Phường An Khê"), period=Period.month(2026, 3))
        >>> card.result("2.1").points, card.result("5.4").points, card.result("3.3").points
        (Decimal('20.00'), Decimal('6.00'), Decimal('0.00'))
    """
    indicators = indicators or decision_766()
    if not indicators.in_force(period.start):
        raise ScoringError(
            f"{indicators.name} applies from {indicators.valid_from}; the period {period.label or period.start} "
            "starts outside it: pass the indicator set in force then"
        )
    inputs = dict(inputs or {})
    for key, pair in inputs.items():
        _check_input(indicators, key, pair)
    selected = [
        d
        for d in dossiers
        if (procedure is None or d.procedure.code == procedure)
        and (field is None or d.procedure.field == field)
    ]
    scope = [d for d in selected if _in_scope(d, period)]
    outcomes = dict.fromkeys((Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE, Outcome.OPEN), 0)
    late_ids: set[str] = set()
    for dossier in scope:
        outcome = dossier.classify(period.closes).outcome
        if outcome is Outcome.UNCOUNTED:
            # A procedure with no time limit cannot be late: counted on time, as S1 counts a
            # dossier without an appointment (practice.md §2.6).
            outcome = Outcome.ON_TIME
        outcomes[outcome] += 1
        if outcome is Outcome.LATE:
            late_ids.add(dossier.id)
    from_feedback: dict[str, MetricResult] = {}
    if feedback is not None:
        # Imported here: onestop.feedback builds on this module's MetricResult and Period.
        from onestop.feedback import feedback_results

        for result in feedback_results(
            feedback, period=period, indicators=indicators, profile=profile
        ):
            if result.metric.id in inputs:
                raise ScoringError(
                    f"metric {result.metric.id} is computed from the feedback log given as "
                    "feedback=; do not pass it in inputs too"
                )
            from_feedback[result.metric.id] = result
    results = []
    for metric in indicators.metrics:
        if metric.id in inputs and metric.from_log:
            raise ScoringError(
                f"metric {metric.id} is computed from the dossiers; do not pass it in inputs"
            )
        if metric.id in from_feedback:
            results.append(from_feedback[metric.id])
        elif metric.id == "2.1":
            on_time = len(scope) - len(late_ids)
            results.append(_rate(metric, on_time, len(scope), profile, "log"))
        elif metric.id == "2.2":
            results.append(_average_time(metric, selected, period))
        elif metric.id == "3.3":
            results.append(_online(metric, selected, period, inputs.get("1.4"), profile))
        elif metric.id == "5.4":
            disliked = {e.dossier_id for e in evaluations if e.dislike} | set(complaints)
            results.append(_satisfaction(metric, scope, late_ids, disliked, profile))
        elif metric.id in inputs:
            numerator, denominator = inputs[metric.id]
            results.append(_rate(metric, numerator, denominator, profile, "input"))
        else:
            results.append(MetricResult(metric, None, None, None, None, "missing"))
    return Scorecard(
        unit,
        period,
        indicators,
        profile,
        tuple(results),
        outcomes,
        procedure if procedure is not None else field,
    )


def _check_input(indicators: IndicatorSet, key: str, pair: tuple[int, int]) -> None:
    indicators.metric(key)
    if (
        not isinstance(pair, tuple)
        or len(pair) != 2
        or any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in pair)
    ):
        raise ScoringError(
            f"inputs[{key!r}] must be (numerator, denominator), whole numbers >= 0, got {pair!r}"
        )
    if pair[0] > pair[1]:
        raise ScoringError(
            f"inputs[{key!r}] = {pair!r}: the numerator cannot exceed the denominator"
        )


def _rate(
    metric: Metric, numerator: int, denominator: int, profile: Profile, basis: str
) -> MetricResult:
    rate = percent(numerator, denominator)
    return MetricResult(
        metric, Decimal(numerator), denominator, rate, metric.score(rate, profile), basis
    )


def _average_time(metric: Metric, dossiers: list[Dossier], period: Period) -> MetricResult:
    hours = Decimal(0)
    count = 0
    for dossier in dossiers:
        ended, clock = dossier.ended_at, dossier.clock
        if ended is None or clock is None or not period.contains(ended):
            continue
        hours += Decimal(clock.used(ended) / _HOUR)
        count += 1
    if not count:
        return MetricResult(metric, Decimal(0), 0, None, None, "log")
    total = hours.quantize(_CENT, ROUND_HALF_UP)
    mean = (hours / count).quantize(_CENT, ROUND_HALF_UP)
    return MetricResult(metric, total, count, mean, Decimal("0.00"), "log", "working hours")


def _online(
    metric: Metric,
    dossiers: list[Dossier],
    period: Period,
    sync: tuple[int, int] | None,
    profile: Profile,
) -> MetricResult:
    received = [d for d in dossiers if d.received_at is not None and period.contains(d.received_at)]
    online = sum(1 for d in received if d.channel is Channel.ONLINE)
    rate = percent(online, len(received))
    detail = ""
    if rate is not None and sync is not None and sync[1]:
        # DOCX row 3.3: "... / Tổng số hồ sơ tiếp nhận trong kỳ * Tỷ lệ đồng bộ hồ sơ".
        rate = (rate * Decimal(sync[0]) / Decimal(sync[1])).quantize(_CENT, ROUND_HALF_UP)
        detail = f"× synchronisation rate {sync[0]}/{sync[1]}"
    return MetricResult(
        metric, Decimal(online), len(received), rate, metric.score(rate, profile), "log", detail
    )


def _satisfaction(
    metric: Metric,
    scope: list[Dossier],
    late_ids: set[str],
    disliked: set[str],
    profile: Profile,
) -> MetricResult:
    total = len(scope)
    late_share = percent(len(late_ids), total)
    unhappy = sum(1 for d in scope if d.id in disliked)
    unhappy_share = percent(unhappy, total)
    if late_share is None or unhappy_share is None:
        return MetricResult(metric, None, 0, None, metric.score(None, profile), "log")
    # DOCX row 5.4: 100 % − (late share + share with a complaint or a dislike), literally: a
    # dossier both late and disliked lowers the rate twice.
    rate = max(Decimal("0.00"), Decimal(100) - late_share - unhappy_share)
    detail = f"late {late_share} %, complaint or dislike {unhappy_share} %"
    # The numerator shown is the count the rate stands for: neither late nor disliked (a
    # dossier both late and disliked is subtracted twice, as in the rate).
    return MetricResult(
        metric,
        Decimal(max(0, total - len(late_ids) - unhappy)),
        total,
        rate,
        metric.score(rate, profile),
        "log",
        detail,
    )
