"""Catalog rule checks: the meta-rules a reviewer applies to every procedure of a catalog.

A catalog that loads is well-formed; it may still break the rules a reviewer checks by eye:
a procedure without a time limit, a committed time longer than the law's, a same-day limit
of a civil-status procedure without its 15:00 cutoff. :func:`check_catalog` runs every rule
over every version of every procedure and returns every violation at once;
:func:`assert_catalog_follows_rules` is the same check for a test.

Some rules repeat what the model already refuses at construction (a procedure without legal
basis, a negative fee, a document with no copy): they guard procedures built around the
model's validation (deserialised by other tools, changed with ``object.__setattr__``).

Each rule says where it comes from in :attr:`Rule.source`: a legal text, onestop's
convention, or "reviewer's rule" where no text says it.

Examples:
    >>> from onestop.procedures import Catalog, LegalBasis, Procedure, ProcedureHistory
    >>> from onestop.procedures import ProcedureVersion
    >>> from onestop.timing import ProcessingTime
    >>> guardianship = Procedure(
    ...     "1.004837", "Thủ tục đăng ký giám hộ", "Hộ tịch",
    ...     (LegalBasis("60/2014/QH13", "Luật Hộ tịch"),),
    ...     processing_time=ProcessingTime.working_days(3),
    ...     committed_time=ProcessingTime.working_days(5), committed_by="UBND phường")
    >>> catalog = Catalog("ward", {"1.004837": ProcedureHistory(
    ...     "1.004837", (ProcedureVersion(guardianship),))})
    >>> for violation in check_catalog(catalog):
    ...     print(violation)
    1.004837: [committed-within-statutory] committed time 05 ngày làm việc (UBND phường) is longer than the statutory time 03 ngày làm việc
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

import attrs

from onestop.procedures import Catalog, Procedure, at_most
from onestop.timing import ProcessingTime, TimeUnit

__all__ = [
    "DEFAULT_RULES",
    "Rule",
    "Violation",
    "assert_catalog_follows_rules",
    "check_catalog",
]


@attrs.frozen
class Rule:
    """A meta-rule every procedure of a catalog should follow.

    ``check`` returns one message per breach found in a procedure (nothing when the
    procedure follows the rule). ``source`` says where the rule comes from: a legal text,
    onestop's convention, or "reviewer's rule" where no text says it.

    Examples:
        >>> has_english = Rule(
        ...     "name-en", "every procedure has an English name", "the portal team's rule",
        ...     lambda procedure: [] if procedure.name_en else ["no English name"])
        >>> has_english.id
        'name-en'
    """

    id: str
    description: str
    source: str
    check: Callable[[Procedure], Iterable[str]]


@attrs.frozen
class Violation:
    """One breach of a rule by one version of a procedure.

    ``version`` is the version's ``effective_from`` (``None``: in force since before the
    catalog's records).

    Examples:
        >>> print(Violation("1.001193", date(2025, 7, 1), "legal-basis", "no legal basis"))
        1.001193 (from 2025-07-01): [legal-basis] no legal basis
    """

    code: str
    version: date | None
    rule: str
    message: str

    def __str__(self) -> str:
        when = "" if self.version is None else f" (from {self.version})"
        return f"{self.code}{when}: [{self.rule}] {self.message}"


# -- the default rules ---------------------------------------------------------------------

_REVIEWER = "reviewer's rule"


def _times(procedure: Procedure) -> Iterator[tuple[str, ProcessingTime]]:
    """Every time limit a procedure states, with where it stands."""
    if procedure.processing_time is not None:
        yield "statutory time", procedure.processing_time
    if procedure.committed_time is not None:
        yield "committed time", procedure.committed_time
    for index, offer in enumerate(procedure.channels):
        if offer.processing_time is not None:
            yield _row(index, offer.channel.value), offer.processing_time


def _row(index: int, channel: str) -> str:
    return f"channel row {index} ({channel})"


def _legal_basis(procedure: Procedure) -> Iterator[str]:
    if not procedure.legal_basis:
        yield "no legal basis; cite at least one legal text"
    for index, basis in enumerate(procedure.legal_basis):
        if not basis.document.strip():
            yield f"legal basis {index} has no document number"


def _time_limit(procedure: Procedure) -> Iterator[str]:
    if procedure.processing_time is not None or procedure.committed_time is not None:
        return
    if any(offer.processing_time is not None for offer in procedure.channels):
        return
    if not procedure.notes:
        yield (
            "no time limit (no statutory time, no channel row with a time) and no note "
            "saying why; give the time of the legal text or add a note"
        )


def _legal_unit(procedure: Procedure) -> Iterator[str]:
    for where, limit in _times(procedure):
        if not isinstance(limit.unit, TimeUnit):
            yield f"{where} has unit {limit.unit!r}, not one of {[u.value for u in TimeUnit]}"
        elif limit.unit is TimeUnit.SAME_DAY:
            if limit.amount != 0:
                yield f"{where} is same day but has amount {limit.amount}, not 0"
        elif limit.amount < 1:
            yield f"{where} is {limit.amount} {limit.unit.value}; give at least 1"


def _fees(procedure: Procedure) -> Iterator[str]:
    for index, offer in enumerate(procedure.channels):
        fee = offer.fee
        if fee is None:
            continue
        where = _row(index, offer.channel.value)
        if fee.amount_vnd is None:
            if not fee.verbatim.strip():
                yield f"{where}: the fee has no amount and no verbatim text; keep the record's text"
        elif fee.amount_vnd < 0:
            yield f"{where}: fee {fee.amount_vnd} VND is negative"


def _committed(procedure: Procedure) -> Iterator[str]:
    committed, statutory = procedure.committed_time, procedure.processing_time
    if committed is None:
        return
    by = "" if procedure.committed_by is None else f" ({procedure.committed_by})"
    if statutory is None:
        yield f"committed time {committed}{by} cannot be checked: there is no statutory time"
        return
    verdict = at_most(committed, statutory)
    if verdict is None:
        yield (
            f"committed time {committed}{by} cannot be checked: it cannot be compared with "
            f"the statutory time {statutory}"
        )
    elif not verdict:
        yield f"committed time {committed}{by} is longer than the statutory time {statutory}"


#: Fields whose same-day limits carry the 15:00 cutoff by law (rules.md).
_CUTOFF_FIELDS = ("Hộ tịch", "Chứng thực")


def _same_day_cutoff(procedure: Procedure) -> Iterator[str]:
    by_law = procedure.field.strip().casefold() in {f.casefold() for f in _CUTOFF_FIELDS}
    for where, limit in _times(procedure):
        if limit.unit is not TimeUnit.SAME_DAY or limit.cutoff is not None:
            continue
        if by_law:
            yield (
                f"{where} is same day without a cutoff, but {procedure.field} procedures "
                "count a request after 15:00 from the next working day; give the cutoff"
            )
        elif not (procedure.time_rules or procedure.notes):
            yield (
                f"{where} is same day without a cutoff and no time rule or note says the "
                "procedure has none"
            )


def _channel_times(procedure: Procedure) -> Iterator[str]:
    statutory = procedure.processing_time
    if statutory is None:
        return
    for index, offer in enumerate(procedure.channels):
        own = offer.processing_time
        if own is None:
            continue
        where = _row(index, offer.channel.value)
        verdict = at_most(own, statutory)
        if verdict is None:
            yield f"{where}: {own} cannot be compared with the statutory time {statutory}"
        elif not verdict:
            yield f"{where}: {own} is longer than the statutory time {statutory}"


def _documents(procedure: Procedure) -> Iterator[str]:
    for index, document in enumerate(procedure.documents):
        if document.originals < 0 or document.copies < 0:
            yield f"document {index} ({document.name[:40]!r}) has a negative count"
        elif document.originals + document.copies == 0:
            yield f"document {index} ({document.name[:40]!r}) has no original and no copy"


#: The rules :func:`check_catalog` applies unless told otherwise.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        "legal-basis",
        "every procedure cites at least one legal text",
        f"{_REVIEWER} (the national procedure database records a legal basis for each "
        "procedure, law.md §2)",
        _legal_basis,
    ),
    Rule(
        "time-limit",
        "every procedure has a time limit (statutory, or a channel row's time), or a note "
        "saying why not",
        "Decision 766/QĐ-TTg indicator 1.3: a published procedure has all its components, "
        "the time limit among them (law.md §3, [S])",
        _time_limit,
    ),
    Rule(
        "legal-unit",
        "every time limit is in a unit of TimeUnit, at least 1 (0 for same day)",
        "onestop's convention (rules.md: working days, calendar days, working hours, same "
        "day; Civil Code 2015 arts. 144–148 for hours and days)",
        _legal_unit,
    ),
    Rule(
        "fees",
        "every fee belongs to a channel row, is 0 or more, and keeps the record's text when "
        "its amount is unknown",
        f"{_REVIEWER} (fees are per channel in the national database's channel table)",
        _fees,
    ),
    Rule(
        "committed-within-statutory",
        "a committed time is never due later than the statutory time (at_most), and can be "
        "compared with it",
        "onestop's convention: a layer may only tighten the law (Catalog.with_layer)",
        _committed,
    ),
    Rule(
        "same-day-cutoff",
        "a same-day limit has a cutoff, or says it has none; civil-status and certification "
        "procedures have one",
        "Law 60/2014/QH13 art. 5(3) and Decree 23/2015/NĐ-CP art. 7 (the 15:00 cutoff, "
        "rules.md); elsewhere reviewer's rule",
        _same_day_cutoff,
    ),
    Rule(
        "channel-within-statutory",
        "every channel row's own time is never due later than the statutory time",
        f"{_REVIEWER} (the legal text wins over a record's cell: Procedure.time_of)",
        _channel_times,
    ),
    Rule(
        "documents",
        "every document of the dossier asks for at least one original or copy",
        f"{_REVIEWER} (a row with '0 bản chính, 0 bản sao' asks for nothing)",
        _documents,
    ),
)


def check_catalog(
    catalog: Catalog, *, on: date | None = None, rules: Iterable[Rule] = DEFAULT_RULES
) -> tuple[Violation, ...]:
    """Every violation of ``rules`` by every version of every procedure of ``catalog`` (or
    by the versions in force ``on`` a day), by code, then version date, then rule order.

    Examples:
        >>> from onestop.procedures import default_catalog
        >>> found = check_catalog(default_catalog(), on=date(2026, 3, 2))
        >>> all(isinstance(violation, Violation) for violation in found)
        True
    """
    chosen = tuple(rules)
    violations: list[Violation] = []
    for code in sorted(catalog.histories):
        for version in catalog.histories[code].versions:
            if on is not None and not version.in_force(on):
                continue
            for rule in chosen:
                violations.extend(
                    Violation(code, version.effective_from, rule.id, message)
                    for message in rule.check(version.procedure)
                )
    return tuple(violations)


def assert_catalog_follows_rules(
    catalog: Catalog, *, on: date | None = None, rules: Iterable[Rule] = DEFAULT_RULES
) -> None:
    """Fail with an :class:`AssertionError` that lists every violation of ``rules`` found by
    :func:`check_catalog`, for a test.

    Examples:
        >>> from onestop.procedures import Catalog
        >>> assert_catalog_follows_rules(Catalog("empty", {}))
    """
    __tracebackhide__ = True
    violations = check_catalog(catalog, on=on, rules=rules)
    if violations:
        count = len(violations)
        when = "" if on is None else f" on {on}"
        lines = [
            f"{count} violation{'s' if count != 1 else ''} of the catalog rules in "
            f"{catalog.name!r}{when}:"
        ]
        lines.extend(f"  {violation}" for violation in violations)
        raise AssertionError("\n".join(lines))
