"""Catalogs: effective-dated procedures, the set in force on a day, layers and diffs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from onestop.errors import CatalogError, Problem
from onestop.procedures._model import (
    STANDARD_DAY_HOURS,
    Channel,
    LegalBasis,
    Level,
    Procedure,
    at_most,
    fold,
    invalid,
)
from onestop.timing import ProcessingTime

__all__ = [
    "Catalog",
    "Commitment",
    "Difference",
    "Layer",
    "ProcedureHistory",
    "ProcedureSet",
    "ProcedureVersion",
]


@attrs.frozen
class ProcedureVersion:
    """A procedure as in force from ``effective_from`` (``None``: since before the catalog's
    records) until the day before ``effective_until`` (``None``: still in force).

    ``changed_by`` cites the legal texts that made this version differ from the previous one.
    """

    procedure: Procedure
    effective_from: date | None = None
    effective_until: date | None = None
    changed_by: tuple[LegalBasis, ...] = ()

    def in_force(self, day: date) -> bool:
        """Whether this version applies on ``day``."""
        starts = self.effective_from is None or self.effective_from <= day
        return starts and (self.effective_until is None or day < self.effective_until)


@attrs.frozen
class ProcedureHistory:
    """Every version of one procedure, in date order, without gaps or overlaps."""

    code: str
    versions: tuple[ProcedureVersion, ...]

    def __attrs_post_init__(self) -> None:
        if not self.versions:
            raise invalid(f"procedure {self.code} has no version")
        for before, after in itertools.pairwise(self.versions):
            if before.effective_until is None or before.effective_until != after.effective_from:
                raise invalid(
                    f"versions of {self.code} must follow each other: one ends "
                    f"{before.effective_until}, the next starts {after.effective_from}"
                )

    def as_of(self, day: date) -> Procedure | None:
        """The version in force on ``day``, if any."""
        for version in self.versions:
            if version.in_force(day):
                return version.procedure
        return None


@attrs.frozen
class Difference:
    """One change between two sets of procedures: a procedure added or removed, or a field
    of it changed."""

    code: str
    field: str | None
    before: object
    after: object

    def __str__(self) -> str:
        if self.field is None:
            return f"{self.code}: {'added' if self.before is None else 'removed'}"
        return f"{self.code}.{self.field}: {self.before!r} -> {self.after!r}"


class ProcedureSet(Mapping[str, Procedure]):
    """The procedures in force on one day, by code: look up, filter, search, diff.

    Examples:
        >>> from onestop.procedures import default_catalog
        >>> ward = default_catalog().as_of(date(2026, 3, 2))
        >>> [p.code for p in ward.search("dang ky khai sinh")][:1]
        ['1.001193']
    """

    __slots__ = ("_by_code", "day")

    def __init__(self, procedures: Iterable[Procedure], day: date | None = None) -> None:
        self._by_code = {procedure.code: procedure for procedure in procedures}
        self.day = day

    def __getitem__(self, code: str) -> Procedure:
        try:
            return self._by_code[code]
        except KeyError:
            when = "" if self.day is None else f" on {self.day}"
            raise KeyError(f"no procedure {code!r} in force{when}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __repr__(self) -> str:
        return f"ProcedureSet({len(self)} procedures, day={self.day})"

    def filter(
        self,
        *,
        field: str | None = None,
        channel: Channel | None = None,
        level: Level | None = None,
    ) -> ProcedureSet:
        """The procedures of a field (compared without diacritics or case), offered through
        a channel, or carried out at a level."""
        wanted = None if field is None else fold(field)
        return ProcedureSet(
            (
                procedure
                for procedure in self.values()
                if (wanted is None or fold(procedure.field) == wanted)
                and (channel is None or channel in procedure.channel_set)
                and (level is None or level in procedure.levels)
            ),
            self.day,
        )

    def search(self, text: str) -> list[Procedure]:
        """Procedures whose code or name contains every word of ``text``, ignoring Vietnamese
        diacritics and case: names holding the words as one phrase first, then shorter names
        (the more specific procedure), then by code."""
        words = fold(text).split()
        found = []
        for procedure in self.values():
            haystack = " ".join(
                (fold(procedure.code), fold(procedure.name_vi), fold(procedure.name_en or ""))
            )
            if all(word in haystack for word in words):
                found.append(procedure)
        query = " ".join(words)
        return sorted(found, key=lambda p: (query not in fold(p.name_vi), len(p.name_vi), p.code))

    def diff(self, other: ProcedureSet) -> tuple[Difference, ...]:
        """What changes from this set to ``other``: added and removed procedures, then each
        changed field, by code."""
        differences = []
        for code in sorted(set(self) | set(other)):
            before, after = self._by_code.get(code), other._by_code.get(code)
            if before is None or after is None:
                differences.append(Difference(code, None, before, after))
                continue
            for attribute in attrs.fields(Procedure):
                old, new = getattr(before, attribute.name), getattr(after, attribute.name)
                if old != new:
                    differences.append(Difference(code, attribute.name, old, new))
        return tuple(differences)


@attrs.frozen
class Commitment:
    """A province's or ward's commitment for one procedure from a date: a shorter time (and
    only shorter: a layer tightens what the law allows, it never loosens it)."""

    code: str
    processing_time: ProcessingTime
    effective_from: date | None = None
    source: str = ""


def _named(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise invalid(
            f"a layer's {attribute.name} must not be empty: it names the authority and the "
            "decision its commitments rest on",
            f"$.layer.{attribute.name}",
        )


@attrs.frozen
class Layer:
    """Commitments of one authority on top of a catalog (e.g. a ward's shorter times).

    Examples:
        >>> from onestop.timing import ProcessingTime
        >>> layer = Layer("Phường An Khê", "Quyết định ... của UBND phường",
        ...     (Commitment("1.004873", ProcessingTime.working_days(2)),))
        >>> layer.commitments[0].code
        '1.004873'
    """

    name: str = attrs.field(validator=_named)
    source: str = attrs.field(validator=_named)
    commitments: tuple[Commitment, ...] = ()


def _read_only(histories: Mapping[str, ProcedureHistory]) -> Mapping[str, ProcedureHistory]:
    # A catalog is shared (default_catalog() is cached): callers must not change it.
    return MappingProxyType(dict(histories))


@attrs.frozen
class Catalog:
    """Effective-dated procedures: every version of every procedure, with the legal text of
    each change, and the layers applied on top.

    Examples:
        >>> from onestop.procedures import default_catalog
        >>> catalog = default_catalog()
        >>> catalog.get("2.000815", on=date(2026, 3, 2)).field
        'Chứng thực'
    """

    name: str
    histories: Mapping[str, ProcedureHistory] = attrs.field(converter=_read_only)
    layers: tuple[Layer, ...] = ()
    source: str | None = None

    def as_of(self, day: date) -> ProcedureSet:
        """The procedures in force on ``day``."""
        found = (history.as_of(day) for history in self.histories.values())
        return ProcedureSet((p for p in found if p is not None), day)

    def get(self, code: str, *, on: date) -> Procedure:
        """Procedure ``code`` as in force on ``on``; ``KeyError`` if it was not."""
        return self.as_of(on)[code]

    def history(self, code: str) -> ProcedureHistory:
        """Every version of ``code``."""
        try:
            return self.histories[code]
        except KeyError:
            raise KeyError(f"no procedure {code!r} in catalog {self.name!r}") from None

    def __len__(self) -> int:
        return len(self.histories)

    def diff(self, other: Catalog, *, on: date) -> tuple[Difference, ...]:
        """What differs from this catalog to ``other`` on the day ``on``."""
        return self.as_of(on).diff(other.as_of(on))

    def changes_between(self, start: date, end: date) -> tuple[Difference, ...]:
        """What differs between the procedures in force on ``start`` and those in force on
        ``end``: the net result, not each change in between (a field changed and changed
        back does not show), read from ``start`` towards ``end`` (if ``end`` comes first,
        ``before`` is the later value)."""
        return self.as_of(start).diff(self.as_of(end))

    def with_layer(self, layer: Layer, *, hours_per_day: float = STANDARD_DAY_HOURS) -> Catalog:
        """This catalog with ``layer``'s commitments applied, or
        :class:`~onestop.errors.CatalogError` listing every commitment that breaks a rule.

        The commitments on one procedure apply in the order of their dates, whatever their
        order in the layer: each holds from its ``effective_from`` until the next one starts.
        Each must name a procedure of the catalog, cover at least one of its versions, start
        on another day than the layer's other commitments on the procedure, and be never due
        later (:func:`~onestop.procedures.at_most`, with ``hours_per_day``) than the time in
        force in every version it covers: the time committed by an earlier layer if there is
        one, else the statutory time. A layer may only tighten, never loosen, the law or an
        earlier layer.

        A commitment dated inside a version cuts it in two; the second part is made by the
        layer's decision (``changed_by``), and so is a version that starts on the
        commitment's date.
        """
        # Why each refused commitment is refused, by its position in the layer.
        refusals: dict[int, str] = {}
        by_code: dict[str, list[tuple[int, Commitment]]] = {}
        for index, commitment in enumerate(layer.commitments):
            if commitment.code in self.histories:
                by_code.setdefault(commitment.code, []).append((index, commitment))
            else:
                refusals[index] = f"no procedure {commitment.code} in the catalog"
        histories = dict(self.histories)
        for code, numbered in by_code.items():
            ordered = sorted(numbered, key=lambda item: (_start(item[1].effective_from), item[0]))
            for position, (index, commitment) in enumerate(ordered):
                start = _start(commitment.effective_from)
                earlier = ordered[position - 1] if position > 0 else None
                if earlier is not None and _start(earlier[1].effective_from) == start:
                    when = "before the records" if start == date.min else f"from {start}"
                    refusals[index] = (
                        f"{code}: commitments[{earlier[0]}] of the layer also holds {when}; "
                        "give one commitment per procedure and date"
                    )
                    continue
                following = next(
                    (c for _, c in ordered[position + 1 :] if _start(c.effective_from) > start),
                    None,
                )
                refusal = _refusal(self.histories[code], commitment, following, hours_per_day)
                if refusal is not None:
                    refusals[index] = refusal
            histories[code] = _committed(histories[code], [c for _, c in ordered], layer)
        if refusals:
            raise CatalogError(
                [
                    Problem(layer.name, f"$.commitments[{index}]", message)
                    for index, message in sorted(refusals.items())
                ]
            )
        return attrs.evolve(self, histories=histories, layers=(*self.layers, layer))


def _start(day: date | None) -> date:
    """The first day of a commitment: one without a date holds since before the records."""
    return date.min if day is None else day


def _refusal(
    history: ProcedureHistory,
    commitment: Commitment,
    following: Commitment | None,
    hours_per_day: float,
) -> str | None:
    """Why ``commitment`` may not apply to ``history`` until ``following`` starts, or
    ``None`` if it may."""
    code, committed = commitment.code, commitment.processing_time
    start = commitment.effective_from
    end = None if following is None else following.effective_from
    covered = [
        version
        for version in history.versions
        if (start is None or version.effective_until is None or version.effective_until > start)
        and (end is None or version.effective_from is None or version.effective_from < end)
    ]
    if not covered:
        spans = ", ".join(_span(version) for version in history.versions)
        until = "" if end is None else f" until {end}"
        return (
            f"{code}: the commitment from {start}{until} covers no version of the procedure "
            f"(in force {spans}); check its date"
        )
    for version in covered:
        procedure = version.procedure
        limit = procedure.deadline_time
        verdict = None if limit is None else at_most(committed, limit, hours_per_day=hours_per_day)
        if verdict is True:
            continue
        if limit is None:
            reason = "it has no statutory time to compare with"
        elif verdict is None:
            reason = f"{committed} cannot be compared with {limit}"
        elif procedure.committed_time is not None:
            reason = f"the time committed by {procedure.committed_by} is {limit}"
        else:
            reason = f"the statutory time is {limit}"
        return (
            f"{code}: committed time {committed} must not exceed the law, but {reason}; "
            "a layer may only tighten"
        )
    return None


def _span(version: ProcedureVersion) -> str:
    start = "the start" if version.effective_from is None else str(version.effective_from)
    end = "now" if version.effective_until is None else f"{version.effective_until}"
    return f"{start} to {end}"


def _committed(
    history: ProcedureHistory, commitments: list[Commitment], layer: Layer
) -> ProcedureHistory:
    """``history`` with ``commitments`` (in date order) applied: each from its date on, the
    later ones over the earlier."""
    versions = list(history.versions)
    for commitment in commitments:
        # A blank source means the commitment rests on the layer's own decision.
        source = commitment.source.strip() or layer.source
        # The layer's own decision is the legal text of the version it starts.
        decision = LegalBasis(source, layer.name)
        versions = _split(versions, commitment.effective_from, decision)
        start = commitment.effective_from
        versions = [
            version
            if start is not None
            and version.effective_until is not None
            and version.effective_until <= start
            else attrs.evolve(
                version,
                procedure=attrs.evolve(
                    version.procedure,
                    committed_time=commitment.processing_time,
                    committed_by=source,
                ),
            )
            for version in versions
        ]
    return ProcedureHistory(history.code, tuple(versions))


def _split(
    versions: list[ProcedureVersion], day: date | None, decision: LegalBasis
) -> list[ProcedureVersion]:
    """``versions`` with the one in force on ``day`` cut in two at ``day``, the second part
    made by ``decision``; a version that starts on ``day`` is made by ``decision`` too."""
    if day is None:
        return versions
    result = []
    for version in versions:
        if version.effective_from == day:
            if decision not in version.changed_by:
                version = attrs.evolve(version, changed_by=(*version.changed_by, decision))
            result.append(version)
        elif version.in_force(day):
            result.append(attrs.evolve(version, effective_until=day))
            result.append(attrs.evolve(version, effective_from=day, changed_by=(decision,)))
        else:
            result.append(version)
    return result
