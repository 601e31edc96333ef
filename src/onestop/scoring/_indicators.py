"""The official service indicators as data: groups, metrics, maximum points, thresholds,
and the one conversion from a rate to points.

The indicator set of Decision 766/QĐ-TTg ships as ``onestop/_data/scoring/decision_766.toml``;
a new decision is a new file (:func:`load_indicator_set`), not new code.
"""

from __future__ import annotations

import enum
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

import attrs

from onestop.errors import ScoringError

__all__ = [
    "IndicatorSet",
    "Metric",
    "MetricGroup",
    "Profile",
    "WhenEmpty",
    "decision_766",
    "load_indicator_set",
    "percent",
    "points",
]

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
#: The largest indicator file :func:`load_indicator_set` reads.
MAX_INDICATOR_BYTES = 1 << 20


class Profile(enum.Enum):
    """Which reading of the indicators to apply (rules.md, "Scoring")."""

    #: What the national portal computes (practice.md §3.2, reverse-engineered) [API].
    PORTAL = "portal"
    #: The portal's formula document where it differs (law.md §3.3) [DOC].
    DOCUMENT = "document"


class WhenEmpty(enum.Enum):
    """What a metric scores when its denominator is zero."""

    #: No points (the progress and receipt-satisfaction metrics of a unit with no dossier).
    ZERO = "zero"
    #: Full points (feedback metrics of a unit that received no feedback) [API].
    FULL = "full"
    #: Not scored: the metric adds nothing, as the portal does for 0/0 [API].
    NONE = "none"


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``numerator / denominator`` in per cent, rounded half up to 2 decimals, as the portal
    reports rates; ``None`` when the denominator is 0.

    Examples:
        >>> percent(2, 3)
        Decimal('66.67')
        >>> percent(0, 0) is None
        True
    """
    if denominator == 0:
        return None
    return (Decimal(numerator) * _HUNDRED / Decimal(denominator)).quantize(_CENT, ROUND_HALF_UP)


def points(rate: Decimal, max_points: int, threshold: Decimal | None) -> Decimal:
    """Points for ``rate`` (per cent): the maximum when the rate reaches the threshold, else
    ``rate × max / threshold`` (``rate × max / 100`` without a threshold), rounded half up to
    2 decimals and never below 0 (law.md §3.3).

    Examples:
        >>> points(Decimal("45.00"), 6, Decimal(50))
        Decimal('5.40')
        >>> points(Decimal("97.50"), 20, None)
        Decimal('19.50')
        >>> points(Decimal("91"), 6, Decimal(90))
        Decimal('6.00')
    """
    scale = threshold if threshold is not None else _HUNDRED
    raw = min(Decimal(max_points), Decimal(max_points) * rate / scale)
    return max(Decimal(0), raw).quantize(_CENT, ROUND_HALF_UP)


@attrs.frozen
class MetricGroup:
    """A group of metrics with its maximum points."""

    key: str
    name_vi: str
    name_en: str
    max_points: int


@attrs.frozen
class Metric:
    """One indicator: what it counts, how it scores, and where that comes from."""

    id: str
    key: str
    group: str
    name_vi: str
    name_en: str
    max_points: int
    numerator: str
    denominator: str
    when_empty: WhenEmpty
    source: str
    #: The rate at which the maximum is reached, in per cent (portal profile).
    threshold: Decimal | None = None
    #: The threshold of the formula document where it differs from the portal's.
    document_threshold: Decimal | None = None
    #: Whether onestop computes it from dossier events; the others take counts as inputs.
    from_log: bool = False
    #: ``"rate"`` (per cent) or ``"average"`` (a mean, monitoring only).
    kind: str = "rate"
    note: str | None = None

    def threshold_for(self, profile: Profile) -> Decimal | None:
        """The threshold the profile applies."""
        if profile is Profile.DOCUMENT and self.document_threshold is not None:
            return self.document_threshold
        return self.threshold

    def score(self, rate: Decimal | None, profile: Profile = Profile.PORTAL) -> Decimal | None:
        """The metric's points for ``rate`` (``None``: the denominator was zero).

        Examples:
            >>> online = decision_766().metric("3.3")
            >>> online.score(Decimal("25.00")), online.score(Decimal("60.00"))
            (Decimal('3.00'), Decimal('6.00'))
            >>> decision_766().metric("5.2").score(None)  # no feedback: full points
            Decimal('6.00')
        """
        if rate is None:
            if self.when_empty is WhenEmpty.ZERO:
                return Decimal("0.00")
            if self.when_empty is WhenEmpty.FULL:
                return Decimal(self.max_points).quantize(_CENT)
            return None
        return points(rate, self.max_points, self.threshold_for(profile))


@attrs.frozen
class IndicatorSet:
    """A dated set of groups and metrics.

    Examples:
        >>> s = decision_766()
        >>> s.name, s.max_points, [g.max_points for g in s.groups]
        ('Decision 766/QĐ-TTg', 100, [18, 20, 12, 10, 22, 18])
    """

    name: str
    valid_from: date
    source: str
    groups: tuple[MetricGroup, ...]
    metrics: tuple[Metric, ...]
    valid_until: date | None = None

    def __attrs_post_init__(self) -> None:
        keys = [group.key for group in self.groups]
        problems = []
        if len(set(keys)) != len(keys):
            problems.append("group keys repeat")
        ids = [metric.id for metric in self.metrics]
        if len(set(ids)) != len(ids):
            problems.append("metric ids repeat")
        for group in self.groups:
            total = sum(m.max_points for m in self.metrics if m.group == group.key)
            if total != group.max_points:
                problems.append(
                    f"group {group.key!r} has max_points {group.max_points} but its metrics "
                    f"sum to {total}"
                )
        for metric in self.metrics:
            if metric.group not in keys:
                problems.append(f"metric {metric.id} names unknown group {metric.group!r}")
        if problems:
            raise ScoringError(f"indicator set {self.name!r}: " + "; ".join(problems))

    @property
    def max_points(self) -> int:
        """The points of a perfect unit."""
        return sum(group.max_points for group in self.groups)

    def metric(self, id_or_key: str) -> Metric:
        """The metric with this id (``"2.1"``) or key (``"ON_TIME"``)."""
        for metric in self.metrics:
            if id_or_key in (metric.id, metric.key):
                return metric
        known = ", ".join(metric.id for metric in self.metrics)
        raise ScoringError(f"no metric {id_or_key!r} in {self.name}; metrics: {known}")

    def group(self, key: str) -> MetricGroup:
        """The group with this key."""
        for group in self.groups:
            if group.key == key:
                return group
        raise ScoringError(f"no group {key!r} in {self.name}")

    def in_force(self, day: date) -> bool:
        """Whether the set applies to a period starting on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


_TOP = {"format", "name", "valid_from", "valid_until", "source", "group", "metric"}
_GROUP = {"key", "name_vi", "name_en", "max_points"}
_METRIC_REQUIRED = {
    "id",
    "key",
    "group",
    "name_vi",
    "name_en",
    "max_points",
    "numerator",
    "denominator",
    "when_empty",
    "source",
}
_METRIC_OPTIONAL = {"threshold", "document_threshold", "from_log", "kind", "note"}


def _table(value: object, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScoringError(f"{where} must be a table")
    missing = sorted(required - set(value))
    unknown = sorted(set(value) - required - optional)
    if missing or unknown:
        raise ScoringError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    return value


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScoringError(f"{where} must be a whole number >= 0, got {value!r}")
    return value


def _threshold(value: object, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise ScoringError(f"{where} must be a per cent in (0, 100], got {value!r}")
    return Decimal(str(value))


def load_indicator_set(text: str, *, file: str = "<string>") -> IndicatorSet:
    """An indicator set from TOML ``text`` in the format of the shipped
    ``decision_766.toml``; anything unexpected raises :class:`~onestop.errors.ScoringError`
    naming the file and the entry.

    Examples:
        >>> load_indicator_set('format = 1')
        Traceback (most recent call last):
        ...
        onestop.errors.ScoringError: <string>: missing keys ['group', 'metric', 'name', 'source', 'valid_from'], unknown keys []
    """
    if len(text.encode()) > MAX_INDICATOR_BYTES:
        raise ScoringError(f"{file}: over {MAX_INDICATOR_BYTES} bytes")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScoringError(f"{file}: not TOML: {error}") from None
    top = _table(data, file, _TOP - {"valid_until"}, {"valid_until"})
    if top["format"] != 1:
        raise ScoringError(f"{file}: format {top['format']!r} is not 1")
    groups = []
    for i, raw in enumerate(top["group"]):
        g = _table(raw, f"{file}: group[{i}]", _GROUP, set())
        groups.append(
            MetricGroup(
                str(g["key"]),
                str(g["name_vi"]),
                str(g["name_en"]),
                _count(g["max_points"], f"{file}: group[{i}].max_points"),
            )
        )
    metrics = []
    for i, raw in enumerate(top["metric"]):
        where = f"{file}: metric[{i}]"
        m = _table(raw, where, _METRIC_REQUIRED, _METRIC_OPTIONAL)
        try:
            when_empty = WhenEmpty(m["when_empty"])
        except ValueError:
            raise ScoringError(
                f"{where}.when_empty {m['when_empty']!r} is not zero/full/none"
            ) from None
        kind = m.get("kind", "rate")
        if kind not in ("rate", "average"):
            raise ScoringError(f"{where}.kind {kind!r} is not rate/average")
        metrics.append(
            Metric(
                id=str(m["id"]),
                key=str(m["key"]),
                group=str(m["group"]),
                name_vi=str(m["name_vi"]),
                name_en=str(m["name_en"]),
                max_points=_count(m["max_points"], f"{where}.max_points"),
                numerator=str(m["numerator"]),
                denominator=str(m["denominator"]),
                when_empty=when_empty,
                source=str(m["source"]),
                threshold=_threshold(m.get("threshold"), f"{where}.threshold"),
                document_threshold=_threshold(
                    m.get("document_threshold"), f"{where}.document_threshold"
                ),
                from_log=bool(m.get("from_log", False)),
                kind=kind,
                note=m.get("note"),
            )
        )
    for key in ("valid_from", "valid_until"):
        if key in top and not isinstance(top[key], date):
            raise ScoringError(f"{file}: {key} must be a date, got {top[key]!r}")
    return IndicatorSet(
        name=str(top["name"]),
        valid_from=top["valid_from"],
        source=str(top["source"]),
        groups=tuple(groups),
        metrics=tuple(metrics),
        valid_until=top.get("valid_until"),
    )


@cache
def decision_766() -> IndicatorSet:
    """The indicator set of Decision 766/QĐ-TTg (23/06/2022) shipped with onestop.

    Examples:
        >>> decision_766().metric("5.4").threshold
        Decimal('90')
    """
    text = (
        resources.files("onestop._data.scoring")
        .joinpath("decision_766.toml")
        .read_text(encoding="utf-8")
    )
    return load_indicator_set(text, file="decision_766.toml")
