"""The time limits of handling feedback, effective-dated data: which limits an item is judged
by is decided by the day it was received, as a dossier is judged by the rule set in force at
its receipt (rules.md, "Rule sets are effective-dated").

The limits ship as ``onestop/_data/feedback/limits.toml``; next year's change is a new entry
of that file (or a file of your own, :func:`load_limits`), not new code.
"""

from __future__ import annotations

import enum
import itertools
import tomllib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

import attrs

from onestop.dossier import Granularity, SupplementPolicy
from onestop.errors import FeedbackError
from onestop.timing import ProcessingTime, ReceiptRules

__all__ = [
    "FeedbackLimits",
    "PublishStart",
    "Step",
    "default_limits",
    "limits_for",
    "load_limits",
]

#: The largest limits file :func:`load_limits` reads.
MAX_LIMITS_BYTES = 1 << 16
_CERTAINTY = ("V", "S", "M")
_DEFAULT_RECEIPT = ReceiptRules()


class Step(enum.Enum):
    """A step of handling a feedback item that has a time limit (Decision 766/QĐ-TTg
    indicator 5.2, row 5.2 of the portal's formula document, law.md §3.3 [S])."""

    #: Answer the item (xử lý, trả lời): 15 working days.
    ANSWER = "answer"
    #: Refuse it (từ chối, e.g. not within the ward's competence): 2 working days.
    REFUSE = "refuse"
    #: Ask the citizen for more information (yêu cầu bổ sung): 5 working days.
    SUPPLEMENT_REQUEST = "supplement_request"
    #: Publish the answer (công khai): 2 working days.
    PUBLISH = "publish"


class PublishStart(enum.Enum):
    """From which moment the publication limit counts. Row 5.2 says "publication within 2"
    without saying from when (law.md §3.3 [S]); onestop's default is the answer, because an
    answer can only be published once it exists."""

    #: From the answer (the default).
    ANSWER = "answer"
    #: From the receipt of the item, like the other three limits.
    RECEIPT = "receipt"


def _days(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FeedbackError(
            f"FeedbackLimits.{attribute.name} must be a whole number of working days >= 1, "
            f"got {value!r}"
        )


def _certainty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _CERTAINTY:
        raise FeedbackError(
            f"FeedbackLimits.certainty must be one of {', '.join(_CERTAINTY)} (read verbatim, "
            f"secondary, unverified: the tags of law.md), got {value!r}"
        )


def _source(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FeedbackError("FeedbackLimits.source must cite the document and its row or article")


@attrs.frozen(kw_only=True)
class FeedbackLimits:
    """The working-day limits of handling a feedback item received from ``valid_from`` to
    ``valid_to`` (both included; ``None``: still in force), with their source and the
    certainty of that source, and the policies onestop applies where the facts are silent.

    References:
        Decision 766/QĐ-TTg (23/06/2022), indicator 5.2 "Tiến độ xử lý PAKN", row 5.2 of the
        portal's formula document: answered within 15 working days, refused within 2, a
        supplement requested within 5, published within 2 (law.md §3.3 [S]; practice.md
        §3.3 [DOC]). Civil Code 2015 art. 147: a limit in days counts from the day after the
        event, as :func:`onestop.timing.deadline` counts it.

    Examples:
        >>> limits = limits_for(date(2026, 2, 13))
        >>> limits.answer, limits.refuse, limits.supplement_request, limits.publish
        (15, 2, 5, 2)
        >>> limits.processing_time(Step.REFUSE)
        ProcessingTime(amount=2, unit=<TimeUnit.WORKING_DAYS: 'working_days'>, cutoff=None)
        >>> limits.certainty, limits.publish_counts_from
        ('S', <PublishStart.ANSWER: 'answer'>)
    """

    valid_from: date
    valid_to: date | None = None
    source: str = attrs.field(validator=_source)
    #: How sure the source is: ``V`` read verbatim, ``S`` secondary, ``M`` unverified.
    certainty: str = attrs.field(validator=_certainty)
    answer: int = attrs.field(default=15, validator=_days)
    refuse: int = attrs.field(default=2, validator=_days)
    supplement_request: int = attrs.field(default=5, validator=_days)
    publish: int = attrs.field(default=2, validator=_days)
    #: From when the publication limit counts; the answer by default (row 5.2 is silent).
    publish_counts_from: PublishStart = PublishStart.ANSWER
    #: What waiting for the citizen's supplement does to the answer limit. Row 5.2 is
    #: silent; the default pauses it, as the dossier clock does by default (rules.md,
    #: "Supplement requested during processing"; DOCX row 2.1 subtracts the supplement time
    #: [S]). ``RESTART`` runs the full limit again from the supplement's arrival.
    supplement_policy: SupplementPolicy = SupplementPolicy.PAUSE
    #: Whether an answered item must also be published to be handled. Row 5.2 gives a limit
    #: for publication but does not say that every answer is published: off by default, so
    #: only a publication that happened is judged.
    require_publication: bool = False
    #: How a step's moment is compared with its due moment: by day by default, as the
    #: dossier classification compares (practice.md §2.6).
    granularity: Granularity = Granularity.DAY
    #: When a limit's due day ends and how a receipt outside office hours counts: those of
    #: :func:`onestop.timing.deadline` (close of office; next working session).
    receipt_rules: ReceiptRules = _DEFAULT_RECEIPT

    def __attrs_post_init__(self) -> None:
        for name in ("valid_from", "valid_to"):
            value = getattr(self, name)
            if (value is not None or name == "valid_from") and (
                isinstance(value, datetime) or not isinstance(value, date)
            ):
                raise FeedbackError(f"FeedbackLimits.{name} must be a date, got {value!r}")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise FeedbackError(
                f"FeedbackLimits valid_to {self.valid_to} is before valid_from "
                f"{self.valid_from}: an entry is in force from valid_from to valid_to"
            )

    def days(self, step: Step) -> int:
        """The limit of ``step`` in working days."""
        return {
            Step.ANSWER: self.answer,
            Step.REFUSE: self.refuse,
            Step.SUPPLEMENT_REQUEST: self.supplement_request,
            Step.PUBLISH: self.publish,
        }[Step(step)]

    def processing_time(self, step: Step) -> ProcessingTime:
        """The limit of ``step`` as a :class:`~onestop.timing.ProcessingTime`, for
        :func:`~onestop.timing.deadline`."""
        return ProcessingTime.working_days(self.days(step))

    def in_force(self, day: date) -> bool:
        """Whether an item received on ``day`` is judged by these limits."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _checked(entries: Sequence[FeedbackLimits], file: str) -> tuple[FeedbackLimits, ...]:
    """``entries`` oldest first, refused when two overlap or leave a gap."""
    if not entries:
        raise FeedbackError(f"{file}: no [[limits]] entry")
    ordered = sorted(entries, key=lambda entry: entry.valid_from)
    for before, after in itertools.pairwise(ordered):
        if before.valid_to is None or after.valid_from <= before.valid_to:
            raise FeedbackError(
                f"{file}: the entries from {before.valid_from} and from {after.valid_from} "
                "overlap: give the earlier one a valid_to before the later one's valid_from"
            )
        if after.valid_from != before.valid_to + timedelta(days=1):
            raise FeedbackError(
                f"{file}: no limits for items received from {before.valid_to + timedelta(days=1)} "
                f"to {after.valid_from - timedelta(days=1)}: the entries must follow one "
                "another without a gap"
            )
    return tuple(ordered)


_REQUIRED = {
    "valid_from",
    "source",
    "certainty",
    "answer",
    "refuse",
    "supplement_request",
    "publish",
}
_OPTIONAL = {
    "valid_to",
    "publish_counts_from",
    "supplement_policy",
    "require_publication",
    "granularity",
}
_ENUMS: dict[str, type[enum.Enum]] = {
    "publish_counts_from": PublishStart,
    "supplement_policy": SupplementPolicy,
    "granularity": Granularity,
}


def _entry(raw: object, where: str) -> FeedbackLimits:
    if not isinstance(raw, dict):
        raise FeedbackError(f"{where} must be a table")
    missing, unknown = sorted(_REQUIRED - set(raw)), sorted(set(raw) - _REQUIRED - _OPTIONAL)
    if missing or unknown:
        raise FeedbackError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    values: dict[str, Any] = dict(raw)
    for key in ("valid_from", "valid_to"):
        if key in values and not isinstance(values[key], date):
            raise FeedbackError(f"{where}.{key} must be a TOML date, got {values[key]!r}")
    for key, kind in _ENUMS.items():
        if key in values:
            try:
                values[key] = kind(values[key])
            except ValueError:
                known = ", ".join(repr(member.value) for member in kind)
                raise FeedbackError(f"{where}.{key} must be one of {known}") from None
    if not isinstance(values.get("require_publication", False), bool):
        raise FeedbackError(f"{where}.require_publication must be true or false")
    try:
        return FeedbackLimits(**values)
    except FeedbackError as error:
        raise FeedbackError(f"{where}: {error}") from None


def load_limits(text: str, *, file: str = "<string>") -> tuple[FeedbackLimits, ...]:
    """The limits in TOML ``text`` (the format of the shipped ``limits.toml``), oldest first.
    Entries that overlap or leave a gap between them, and anything unexpected, raise
    :class:`~onestop.errors.FeedbackError` naming the file and the entry.

    Examples:
        >>> entry = '''
        ... [[limits]]
        ... valid_from = 2022-06-23
        ... source = "Decision 766/QĐ-TTg, DOCX row 5.2"
        ... certainty = "S"
        ... answer = 10
        ... refuse = 2
        ... supplement_request = 5
        ... publish = 2
        ... '''
        >>> load_limits("format = 1" + entry)[0].answer
        10
        >>> load_limits("format = 1" + entry + entry.replace("10", "12"))
        Traceback (most recent call last):
        ...
        onestop.errors.FeedbackError: <string>: the entries from 2022-06-23 and from 2022-06-23 overlap: give the earlier one a valid_to before the later one's valid_from
    """
    if len(text.encode()) > MAX_LIMITS_BYTES:
        raise FeedbackError(f"{file}: over {MAX_LIMITS_BYTES} bytes")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FeedbackError(f"{file}: not TOML: {error}") from None
    if set(data) != {"format", "limits"} or data["format"] != 1:
        raise FeedbackError(f'{file}: expected exactly "format = 1" and [[limits]] entries')
    raw = data["limits"]
    if not isinstance(raw, list):
        raise FeedbackError(f"{file}: limits must be an array of tables ([[limits]])")
    return _checked([_entry(item, f"{file}: limits[{i}]") for i, item in enumerate(raw)], file)


@cache
def default_limits() -> tuple[FeedbackLimits, ...]:
    """The limits shipped with onestop, oldest first.

    Examples:
        >>> [entry.valid_from.isoformat() for entry in default_limits()]
        ['2022-06-23']
    """
    text = (
        resources.files("onestop._data.feedback")
        .joinpath("limits.toml")
        .read_text(encoding="utf-8")
    )
    return load_limits(text, file="limits.toml")


def limits_for(day: date, limits: Iterable[FeedbackLimits] | None = None) -> FeedbackLimits:
    """The limits an item received on ``day`` is judged by: the entry of ``limits`` (the
    shipped ones by default) in force on that day.

    Examples:
        >>> limits_for(date(2026, 2, 13)).answer
        15
        >>> limits_for(date(2021, 1, 4))
        Traceback (most recent call last):
        ...
        onestop.errors.FeedbackError: no feedback limits in force for an item received on 2021-01-04: the limits known start on 2022-06-23 (Decision 766/QĐ-TTg); pass limits= for an older item
    """
    entries = default_limits() if limits is None else _checked(list(limits), "limits")
    for entry in entries:
        if entry.in_force(day):
            return entry
    raise FeedbackError(
        f"no feedback limits in force for an item received on {day.isoformat()}: the limits "
        f"known start on {entries[0].valid_from.isoformat()} (Decision 766/QĐ-TTg); pass "
        "limits= for an older item"
    )
