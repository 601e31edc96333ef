"""Catalogs: effective-dated procedures, the set in force on a day, layers and diffs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from onestop.errors import CatalogError, Problem
from onestop.procedures._model import (
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

    name: str
    source: str
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
        """What changed in this catalog from ``start`` to ``end``."""
        return self.as_of(start).diff(self.as_of(end))

    def with_layer(self, layer: Layer) -> Catalog:
        """This catalog with ``layer``'s commitments applied; every commitment must name a
        procedure of the catalog and be no longer than the statutory time of every version it
        covers, or :class:`~onestop.errors.CatalogError` lists every violation."""
        problems: list[Problem] = []
        histories = dict(self.histories)
        for index, commitment in enumerate(layer.commitments):
            path = f"$.commitments[{index}]"
            history = histories.get(commitment.code)
            if history is None:
                problems.append(
                    Problem(layer.name, path, f"no procedure {commitment.code} in the catalog")
                )
                continue
            versions = []
            # The layer's own decision is the legal text of the version it starts.
            decision = (LegalBasis(commitment.source or layer.source, layer.name),)
            for version in _split(history.versions, commitment.effective_from, decision):
                starts_before = commitment.effective_from is not None and (
                    version.effective_until is not None
                    and version.effective_until <= commitment.effective_from
                )
                if starts_before:
                    versions.append(version)
                    continue
                statutory = version.procedure.processing_time
                verdict = (
                    None if statutory is None else at_most(commitment.processing_time, statutory)
                )
                if verdict is not True:
                    reason = (
                        "it has no statutory time to compare with"
                        if statutory is None
                        else f"the statutory time is {statutory}"
                        if verdict is False
                        else f"{commitment.processing_time} cannot be compared with {statutory}"
                    )
                    problems.append(
                        Problem(
                            layer.name,
                            path,
                            f"{commitment.code}: committed time {commitment.processing_time} "
                            f"must not exceed the law, but {reason}; a layer may only tighten",
                        )
                    )
                    break
                procedure = attrs.evolve(
                    version.procedure,
                    committed_time=commitment.processing_time,
                    committed_by=commitment.source or layer.source,
                )
                versions.append(attrs.evolve(version, procedure=procedure))
            else:
                histories[commitment.code] = ProcedureHistory(commitment.code, tuple(versions))
        if problems:
            raise CatalogError(problems)
        return attrs.evolve(self, histories=histories, layers=(*self.layers, layer))


def _split(
    versions: tuple[ProcedureVersion, ...], day: date | None, changed_by: tuple[LegalBasis, ...]
) -> list[ProcedureVersion]:
    """``versions`` with the one in force on ``day`` cut in two at ``day``, the second part
    made by ``changed_by``."""
    if day is None:
        return list(versions)
    result = []
    for version in versions:
        inside = version.in_force(day) and version.effective_from != day
        if inside:
            result.append(attrs.evolve(version, effective_until=day))
            result.append(attrs.evolve(version, effective_from=day, changed_by=changed_by))
        else:
            result.append(version)
    return result
