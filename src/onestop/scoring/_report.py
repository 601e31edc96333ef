"""Scorecards as output: plain records, JSON, CSV and a text table; several wards side by
side; and the reference of an indicator set as Markdown for the documentation."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from onestop.dossier import Outcome
from onestop.errors import ScoringError
from onestop.scoring._indicators import IndicatorSet, Metric, WhenEmpty, decision_766

if TYPE_CHECKING:
    from onestop.scoring._scorecard import MetricResult, Scorecard

__all__ = [
    "Comparison",
    "compare",
    "indicator_reference_markdown",
    "scorecard_csv",
    "scorecard_json",
    "scorecard_records",
    "scorecard_text",
]

Language = Literal["vi", "en"]

#: The classes of the dossiers a scorecard counts, in reporting order.
OUTCOMES = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE, Outcome.OPEN)
_OUTCOME_NAMES = {
    "vi": {
        Outcome.EARLY: "Trước hạn",
        Outcome.ON_TIME: "Đúng hạn",
        Outcome.LATE: "Quá hạn",
        Outcome.OPEN: "Đang giải quyết, trong hạn",
    },
    "en": {
        Outcome.EARLY: "Early",
        Outcome.ON_TIME: "On time",
        Outcome.LATE: "Late",
        Outcome.OPEN: "Open, not yet late",
    },
}
_WORDS = {
    "vi": {
        "card": "Bảng điểm",
        "period": "kỳ",
        "scope": "phạm vi",
        "set": "Bộ chỉ số",
        "profile": "cách tính",
        "id": "Mã",
        "name": "Chỉ số",
        "counts": "Tử/Mẫu",
        "value": "Giá trị",
        "points": "Điểm",
        "total": "Tổng điểm",
        "dossiers": "Hồ sơ tiếp nhận, xử lý trong kỳ",
        "unscored": "Không chấm điểm (–: thiếu số liệu đầu vào, hoặc mẫu số bằng 0)",
        "unit": "Đơn vị",
        "rank": "Xếp hạng",
    },
    "en": {
        "card": "Scorecard",
        "period": "period",
        "scope": "scope",
        "set": "Indicator set",
        "profile": "profile",
        "id": "Id",
        "name": "Indicator",
        "counts": "Counts",
        "value": "Value",
        "points": "Points",
        "total": "Total",
        "dossiers": "Dossiers received or processed in the period",
        "unscored": "Not scored (–: no input, or a zero denominator)",
        "unit": "Unit",
        "rank": "Rank",
    },
}
#: How the text table marks what is not there: a metric not scored, a count not given.
DASH = "–"
_CSV_FIELDS = (
    "unit_code",
    "unit_name",
    "period",
    "period_start",
    "period_end",
    "scope",
    "profile",
    "metric_id",
    "metric_key",
    "group",
    "name_vi",
    "numerator",
    "denominator",
    "value",
    "points",
    "max_points",
    "basis",
    "detail",
)


def _number(value: Decimal | int | None) -> int | float | None:
    """A plain number for output: an int when the Decimal has no decimal places, else the
    float nearest its decimal text (``Decimal("13.33")`` → ``13.33``); exact arithmetic stays
    in Decimal, only the output is converted."""
    if value is None or isinstance(value, int):
        return value
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return float(str(value))


def _language(language: str) -> Language:
    if language == "vi":
        return "vi"
    if language == "en":
        return "en"
    raise ScoringError(f"language must be 'vi' or 'en', got {language!r}")


def scorecard_records(card: Scorecard) -> list[dict[str, object]]:
    """One plain record per metric of ``card``: the unit, the period, the scope and the
    profile, then the metric's counts, value and points. Numbers are ``int``, ``float`` or
    ``None``; dates are ISO text.

    Examples:
        >>> from onestop.scoring import Period, Unit, scorecard
        >>> card = scorecard([], unit=Unit("20257", "Phường An Khê"), period=Period.month(2026, 3),
        ...                  inputs={"4.2": (70, 100)})
        >>> record = scorecard_records(card)[card.indicators.metrics.index(
        ...     card.indicators.metric("4.2"))]
        >>> record["metric_id"], record["numerator"], record["denominator"], record["value"], record["points"]
        ('4.2', 70, 100, 70.0, 2.8)
    """
    header: dict[str, object] = {
        "unit_code": card.unit.code,
        "unit_name": card.unit.name,
        "period": card.period.label,
        "period_start": card.period.start.isoformat(),
        "period_end": card.period.end.isoformat(),
        "scope": card.scope,
        "profile": card.profile.value,
    }
    return [{**header, **_metric_record(result)} for result in card.results]


def _metric_record(result: MetricResult, *, english: bool = False) -> dict[str, object]:
    metric = result.metric
    names = {"name_vi": metric.name_vi, "name_en": metric.name_en} if english else {}
    return {
        "metric_id": metric.id,
        "metric_key": metric.key,
        "group": metric.group,
        "name_vi": metric.name_vi,
        **names,
        "numerator": _number(result.numerator),
        "denominator": _number(result.denominator),
        "value": _number(result.value),
        "points": _number(result.points),
        "max_points": metric.max_points,
        "basis": result.basis,
        "detail": result.detail,
    }


def scorecard_json(card: Scorecard, *, indent: int | None = 2) -> str:
    """``card`` as JSON: the header (unit, period, scope, indicator set, profile), one
    object per metric, the points of each group, the total, the unscored metrics, and the
    dossiers by class with their shares. Keys keep this order; Vietnamese stays readable
    (``ensure_ascii=False``).

    Examples:
        >>> import json
        >>> from onestop.scoring import Period, Unit, scorecard
        >>> card = scorecard([], unit=Unit("20257", "Phường An Khê"), period=Period.year(2026))
        >>> data = json.loads(scorecard_json(card))
        >>> data["unit"], data["total"], data["outcomes"]["late"]
        ({'code': '20257', 'name': 'Phường An Khê'}, 0.0, 0)
    """
    total = sum(card.outcomes.values())
    data = {
        "unit": {"code": card.unit.code, "name": card.unit.name},
        "period": {
            "label": card.period.label,
            "start": card.period.start.isoformat(),
            "end": card.period.end.isoformat(),
        },
        "scope": card.scope,
        "indicators": card.indicators.name,
        "profile": card.profile.value,
        "metrics": [_metric_record(result, english=True) for result in card.results],
        "groups": [
            {
                "key": group.key,
                "name_vi": group.name_vi,
                "name_en": group.name_en,
                "points": _number(card.group_points(group.key)),
                "max_points": group.max_points,
            }
            for group in card.indicators.groups
        ],
        "total": _number(card.total),
        "max_points": card.indicators.max_points,
        "unscored": list(card.unscored),
        "dossiers": total,
        "outcomes": {outcome.value: card.outcomes.get(outcome, 0) for outcome in OUTCOMES},
        "shares": {outcome.value: _number(card.share(outcome)) for outcome in OUTCOMES},
    }
    return json.dumps(data, ensure_ascii=False, indent=indent)


def scorecard_csv(card: Scorecard) -> str:
    """The records of :func:`scorecard_records` as CSV, with a header row; an absent value
    is an empty cell. Lines end with ``\\n``; write the text with ``encoding="utf-8-sig"``
    for a spreadsheet that needs the byte-order mark to read Vietnamese."""
    return _csv(_CSV_FIELDS, scorecard_records(card))


def _csv(fields: Sequence[str], records: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _counts(result: MetricResult) -> str:
    if result.numerator is None and result.denominator is None:
        return DASH
    numerator = DASH if result.numerator is None else str(result.numerator)
    denominator = DASH if result.denominator is None else str(result.denominator)
    return f"{numerator}/{denominator}"


def _value(result: MetricResult) -> str:
    if result.value is None:
        return DASH
    unit = "h" if result.metric.kind == "average" else "%"
    return f"{result.value} {unit}"


def _points(points: Decimal | None, max_points: int) -> str:
    return f"{DASH if points is None else points}/{max_points}"


def _table(rows: Sequence[Sequence[str] | None], right: frozenset[int]) -> list[str]:
    """Rows of cells aligned in columns, separated by two spaces; the columns in ``right``
    are aligned to the right, and a ``None`` row is a rule of dashes. No line is blank, so
    the table reads as one doctest output."""
    cells_only = [row for row in rows if row is not None]
    widths = [max(len(row[i]) for row in cells_only) for i in range(len(cells_only[0]))]
    lines = []
    for row in rows:
        if row is None:
            lines.append("  ".join("-" * width for width in widths))
            continue
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _nfc(text: str) -> str:
    # Decomposed Vietnamese letters would count two code points for one column.
    return unicodedata.normalize("NFC", text)


def scorecard_text(card: Scorecard, language: str = "vi") -> str:
    """``card`` as an aligned text table: each metric with its counts (numerator/denominator),
    value and points of its maximum, then each group's points, the total, and the dossiers
    early, on time, late and still open with their shares. A metric not scored shows ``–``.

    Examples:
        >>> from onestop.scoring import Period, Unit, scorecard
        >>> card = scorecard([], unit=Unit("20257", "Phường An Khê"), period=Period.year(2026))
        >>> print(scorecard_text(card, "en").splitlines()[0])
        Scorecard: Phường An Khê (20257), period 2026 (01/01/2026–31/12/2026)
    """
    lang = _language(language)
    words = _WORDS[lang]
    period = card.period
    title = (
        f"{words['card']}: {card.unit.name} ({card.unit.code}), {words['period']} "
        f"{period.label or period.start.isoformat()} "
        f"({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y})"
    )
    if card.scope is not None:
        title += f", {words['scope']} {card.scope}"
    lines = [
        _nfc(title),
        f"{words['set']}: {card.indicators.name}, {words['profile']}: {card.profile.value}",
    ]
    rows: list[list[str] | None] = [
        [words["id"], words["name"], words["counts"], words["value"], words["points"]],
        None,
    ]
    for result in card.results:
        metric = result.metric
        name = metric.name_vi if lang == "vi" else metric.name_en
        rows.append(
            [
                metric.id,
                _nfc(name),
                _counts(result),
                _value(result),
                _points(result.points, metric.max_points),
            ]
        )
    rows.append(None)
    for group in card.indicators.groups:
        name = group.name_vi if lang == "vi" else group.name_en
        rows.append(
            ["", _nfc(name), "", "", _points(card.group_points(group.key), group.max_points)]
        )
    rows.append(["", words["total"], "", "", _points(card.total, card.indicators.max_points)])
    rows.append(None)
    lines += _table(rows, frozenset({2, 3, 4}))
    lines.append(f"{words['dossiers']}: {sum(card.outcomes.values())}")
    outcome_rows = []
    for outcome in OUTCOMES:
        share = card.share(outcome)
        outcome_rows.append(
            [
                f"  {_OUTCOME_NAMES[lang][outcome]}",
                str(card.outcomes.get(outcome, 0)),
                DASH if share is None else f"{share} %",
            ]
        )
    lines += _table(outcome_rows, frozenset({1, 2}))
    if card.unscored:
        lines.append(f"{words['unscored']}: {', '.join(card.unscored)}")
    return "\n".join(lines)


def _check_cards(instance: Comparison, attribute: object, cards: tuple[Scorecard, ...]) -> None:
    if not cards:
        raise ScoringError("compare needs at least one scorecard")
    first = cards[0]
    problems = []
    for card in cards[1:]:
        # The days decide, not the labels: "03/2026" and an unlabelled March are one period.
        if (card.period.start, card.period.end) != (first.period.start, first.period.end):
            problems.append(
                f"{card.unit.code} covers {card.period.start}..{card.period.end} "
                f"but {first.unit.code} covers {first.period.start}..{first.period.end}"
            )
        if card.indicators != first.indicators:
            problems.append(
                f"{card.unit.code} uses {card.indicators.name} (from "
                f"{card.indicators.valid_from}) but {first.unit.code} uses "
                f"{first.indicators.name} (from {first.indicators.valid_from})"
            )
        if card.profile is not first.profile:
            problems.append(
                f"{card.unit.code} uses the {card.profile.value} profile but "
                f"{first.unit.code} the {first.profile.value} profile"
            )
        if card.scope != first.scope:
            problems.append(
                f"{card.unit.code} is restricted to {card.scope!r} but {first.unit.code} "
                f"to {first.scope!r}"
            )
    codes = [card.unit.code for card in cards]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        problems.append(f"units repeat: {', '.join(repeated)}")
    if problems:
        raise ScoringError(
            "cannot compare these scorecards: "
            + "; ".join(problems)
            + "; compute every card for the same period, indicator set, profile and scope"
        )


def _as_cards(cards: Iterable[Scorecard]) -> tuple[Scorecard, ...]:
    return tuple(cards)


@attrs.frozen
class Comparison:
    """Scorecards of several units for the same period, indicator set, profile and scope,
    side by side.

    Examples:
        >>> from onestop.scoring import Period, Unit, compare, scorecard
        >>> march = Period.month(2026, 3)
        >>> cards = [scorecard([], unit=Unit(code, name), period=march, inputs={"1.4": pair})
        ...          for code, name, pair in [("20257", "An Khê", (9, 10)),
        ...                                   ("26212", "An Khê", (1, 2)),
        ...                                   ("20194", "Hải Châu", (9, 10))]]
        >>> [(rank, card.unit.code, card.total) for rank, card in compare(cards).ranking()]
        [(1, '20257', Decimal('5.40')), (1, '20194', Decimal('5.40')), (3, '26212', Decimal('3.00'))]
    """

    cards: tuple[Scorecard, ...] = attrs.field(converter=_as_cards, validator=_check_cards)

    def ranking(self) -> tuple[tuple[int, Scorecard], ...]:
        """The cards by total, highest first, each with its rank; equal totals share a rank
        and the next rank skips ("1, 1, 3"); equal totals keep the order the cards were
        given in."""
        ordered = sorted(self.cards, key=lambda card: card.total, reverse=True)
        ranked: list[tuple[int, Scorecard]] = []
        for position, card in enumerate(ordered, start=1):
            if ranked and ranked[-1][1].total == card.total:
                ranked.append((ranked[-1][0], card))
            else:
                ranked.append((position, card))
        return tuple(ranked)

    def _ranks(self) -> dict[str, int]:
        return {card.unit.code: rank for rank, card in self.ranking()}

    def to_text(self, language: str = "vi") -> str:
        """One column per unit (its name and code), one row per group, then the total and
        the rank."""
        lang = _language(language)
        words = _WORDS[lang]
        indicators = self.cards[0].indicators
        rows: list[list[str] | None] = [
            [words["unit"], "", *(_nfc(card.unit.name) for card in self.cards)],
            ["", "", *(card.unit.code for card in self.cards)],
            None,
        ]
        for group in indicators.groups:
            name = group.name_vi if lang == "vi" else group.name_en
            rows.append(
                [
                    _nfc(name),
                    f"/{group.max_points}",
                    *(str(card.group_points(group.key)) for card in self.cards),
                ]
            )
        rows.append(
            [
                words["total"],
                f"/{indicators.max_points}",
                *(str(card.total) for card in self.cards),
            ]
        )
        ranks = self._ranks()
        rows.append(None)
        rows.append([words["rank"], "", *(str(ranks[card.unit.code]) for card in self.cards)])
        period = self.cards[0].period
        title = f"{period.label or period.start.isoformat()}, {indicators.name}"
        right = frozenset(range(1, len(self.cards) + 2))
        return "\n".join([title, *_table(rows, right)])

    def to_csv(self) -> str:
        """One row per unit, in the order given: its code, name, rank, the points of each
        group (one column per group key) and the total."""
        indicators = self.cards[0].indicators
        fields = [
            "unit_code",
            "unit_name",
            "period",
            "rank",
            *(group.key for group in indicators.groups),
            "total",
        ]
        ranks = self._ranks()
        records = []
        for card in self.cards:
            record: dict[str, object] = {
                "unit_code": card.unit.code,
                "unit_name": card.unit.name,
                "period": card.period.label,
                "rank": ranks[card.unit.code],
            }
            for group in indicators.groups:
                record[group.key] = _number(card.group_points(group.key))
            record["total"] = _number(card.total)
            records.append(record)
        return _csv(fields, records)


def compare(cards: Iterable[Scorecard]) -> Comparison:
    """The scorecards of several units side by side; they must cover the same period with
    the same indicator set, profile and scope, else :class:`~onestop.errors.ScoringError`
    says which card differs."""
    return Comparison(tuple(cards))


_WHEN_EMPTY = {
    WhenEmpty.ZERO: "0 points",
    WhenEmpty.FULL: "full points ({max})",
    WhenEmpty.NONE: "not scored: the metric adds nothing to its group",
}


def _per_cent(value: Decimal) -> str:
    return f"{value.normalize():f} %"


def _rule(max_points: int, threshold: Decimal | None) -> str:
    if threshold is None:
        return f"{max_points} × rate / 100 %"
    return f"{max_points} when the rate reaches {_per_cent(threshold)}, else {max_points} × rate / {_per_cent(threshold)}"


def _md(text: str) -> str:
    """Plain text safe inside a Markdown list item."""
    return " ".join(text.split()).replace("*", "\\*").replace("_", "\\_")


def _metric_markdown(metric: Metric) -> list[str]:
    if metric.max_points == 0:
        scoring = "none: monitored only, 0 points"
    else:
        scoring = _rule(metric.max_points, metric.threshold)
        if metric.document_threshold is not None:
            scoring += (
                f" (portal profile); {_rule(metric.max_points, metric.document_threshold)} "
                "(document profile)"
            )
        scoring += ", rounded half up to 2 decimals"
    value = "an average" if metric.kind == "average" else "a rate in per cent"
    # Imported here: onestop.feedback builds on onestop.scoring.
    from onestop.feedback._metrics import FEEDBACK_METRICS

    given = f'pass `inputs={{"{metric.id}": (numerator, denominator)}}`'
    if metric.from_log:
        computed = "yes, from the dossiers' events"
    elif metric.key in FEEDBACK_METRICS:
        computed = f"from the feedback log, with `scorecard(..., feedback=items)`; else {given}"
    else:
        computed = f"no: {given}"
    portal = "none" if metric.threshold is None else _per_cent(metric.threshold)
    if metric.max_points == 0:
        threshold = "none (no points)"
    elif metric.document_threshold is None:
        threshold = "none: points proportional to the rate" if portal == "none" else portal
    else:
        threshold = (
            f"{portal} on the portal; {_per_cent(metric.document_threshold)} in the formula "
            "document (profile `document`)"
        )
    lines = [
        f"### {metric.id} {_md(metric.name_en)}",
        "",
        f"- **Key:** `{metric.key}`",
        f"- **Name:** {_md(metric.name_vi)} ({_md(metric.name_en)})",
        f"- **Maximum:** {metric.max_points} points",
        f"- **Threshold:** {threshold}",
        f"- **Value:** {value}",
        f"- **Numerator:** {_md(metric.numerator)}",
        f"- **Denominator:** {_md(metric.denominator)}",
        f"- **Points:** {scoring}",
        f"- **When the denominator is 0:** {_WHEN_EMPTY[metric.when_empty].format(max=metric.max_points)}",
        f"- **Computed from the log:** {computed}",
        f"- **Source:** {_md(metric.source)}",
    ]
    if metric.note:
        lines.append(f"- **Note:** {_md(metric.note)}")
    return [*lines, ""]


def indicator_reference_markdown(indicators: IndicatorSet | None = None) -> str:
    """The reference of every metric of ``indicators`` (Decision 766 by default) as MyST
    Markdown: a table of the groups, then one section per group with, for each metric, its
    id and key, names, maximum, thresholds, numerator and denominator, what a zero
    denominator gives, whether onestop computes it from the dossiers, its source and notes.

    Examples:
        >>> text = indicator_reference_markdown()
        >>> "### 5.4 Satisfaction with receipt and settlement of dossiers" in text
        True
    """
    indicators = indicators or decision_766()
    valid = f"from {indicators.valid_from.isoformat()}"
    if indicators.valid_until is not None:
        valid += f" to {indicators.valid_until.isoformat()}"
    lines = [
        f"## {_md(indicators.name)}: groups",
        "",
        f"Source: {_md(indicators.source)}. Applies to periods starting {valid}.",
        "",
        "| group | name | maximum | metrics |",
        "| --- | --- | --- | --- |",
    ]
    for group in indicators.groups:
        ids = ", ".join(m.id for m in indicators.metrics if m.group == group.key)
        lines.append(
            f"| `{group.key}` | {_md(group.name_en)} ({_md(group.name_vi)}) | "
            f"{group.max_points} | {ids} |"
        )
    lines += [f"| | **total** | **{indicators.max_points}** | |", ""]
    for group in indicators.groups:
        lines += [
            f"## {_md(group.name_en)} ({group.max_points} points)",
            "",
            f"*{_md(group.name_vi)}*, group key `{group.key}`.",
            "",
        ]
        for metric in indicators.metrics:
            if metric.group == group.key:
                lines += _metric_markdown(metric)
    return "\n".join(lines)
