"""Hypothesis strategies for the procedure catalog: procedures, effective-dated catalogs, layers.

Every value drawn here is *valid*: it builds without error, and a catalog file holding it
loads back. Texts mix Vietnamese letters (with đ/Đ, precomposed and combining marks) with the
characters a file writer gets wrong: quotes, backslashes, newlines, other control characters,
DEL, C1 controls and line separators.

One corner of the valid values is left out of the catalogs on purpose, because
``dumps_catalog`` cannot write it (``test_files.py`` pins it in a test of its own):

* a change that clears an optional field (``name_en`` "X" in one version, ``None`` in the next).

A fee row with no amount, no verbatim text and no note (``Fee(None, "", None)``) is left out
too: in a file it is the same as no fee at all.

Optional texts are ``None`` or non-empty: the file format has no way to tell ``""`` from an
absent key, and the loader reads an absent key as ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

import attrs
from hypothesis import strategies as st

from onestop.procedures import (
    STANDARD_DAY_HOURS,
    Catalog,
    Channel,
    ChannelOffer,
    Commitment,
    Document,
    DocumentRole,
    Fee,
    Layer,
    LegalBasis,
    Level,
    OnlineService,
    Procedure,
    ProcedureHistory,
    ProcedureVersion,
    Result,
    at_most,
)
from onestop.timing import SAME_DAY_CUTOFF, ProcessingTime, TimeUnit

__all__ = [
    "TRICKY",
    "VIETNAMESE",
    "catalogs",
    "channel_offers",
    "codes",
    "cutoffs",
    "days",
    "documents",
    "fees",
    "histories",
    "layers",
    "legal_bases",
    "non_blank_texts",
    "optional_texts",
    "procedures",
    "processing_times",
    "results",
    "shorter_times",
    "texts",
]

#: Vietnamese letters, precomposed, plus the combining marks of the decomposed spelling.
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    "ĐĂÂÊÔƠƯÀÁẢÃẠ \u0300\u0301\u0303\u0309\u0323"
)
#: Characters that a TOML or JSON writer must escape, or may wrongly escape.
TRICKY = "\"'\\\n\r\t\b\f\x00\x01\x1f\x7f\x80\x9f\u2028\u2029\ufeff/#=[]{}.,"

#: Any text (surrogates excluded: a file is UTF-8), biased to Vietnamese and tricky characters.
texts: st.SearchStrategy[str] = st.text(
    st.one_of(
        st.sampled_from(VIETNAMESE),
        st.sampled_from(TRICKY),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=12,
)
#: Texts with something other than white space: names, document numbers.
non_blank_texts: st.SearchStrategy[str] = texts.filter(lambda text: bool(text.strip()))
#: ``None`` or a non-empty text.
optional_texts: st.SearchStrategy[str | None] = st.none() | texts.filter(bool)

#: Days around the 2025 reform and the 2027 Civil Status Law.
days: st.SearchStrategy[date] = st.dates(date(2015, 1, 1), date(2035, 12, 31))


@st.composite
def codes(draw: st.DrawFn) -> str:
    """A national code "d.dddddd", sometimes with provincial suffixes (".H61", ".000.00.00")."""
    digits = st.text("0123456789", min_size=1, max_size=1)
    national = draw(digits) + "." + draw(st.text("0123456789", min_size=6, max_size=6))
    suffix_part = st.text(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4
    )
    suffixes = draw(st.lists(suffix_part, max_size=2))
    return ".".join([national, *suffixes])


#: Cutoffs are whole minutes of the local clock.
cutoffs: st.SearchStrategy[time] = st.builds(time, st.integers(0, 23), st.integers(0, 59))
_cutoff_or_none: st.SearchStrategy[time | None] = st.one_of(
    st.none(), st.just(SAME_DAY_CUTOFF), cutoffs
)


@st.composite
def processing_times(draw: st.DrawFn) -> ProcessingTime:
    """A statutory time in any unit, with any cutoff."""
    unit = draw(st.sampled_from(TimeUnit))
    amount = 0 if unit is TimeUnit.SAME_DAY else draw(st.integers(1, 999))
    return ProcessingTime(amount, unit, draw(_cutoff_or_none))


@st.composite
def shorter_times(draw: st.DrawFn, statutory: ProcessingTime) -> ProcessingTime:
    """A time no longer than ``statutory`` by :func:`~onestop.procedures.at_most`."""
    # A commitment keeps the law's cutoff, a later one or none; a same-day commitment against
    # days may have any cutoff (at worst it is due on the next working day).
    law = statutory.cutoff
    later = st.none() if law is None else st.none() | st.just(law) | cutoffs.filter(law.__le__)
    cutoff = draw(later)
    candidates: list[ProcessingTime] = [ProcessingTime.same_day(cutoff=cutoff)]
    if statutory.unit in (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS):
        candidates = [ProcessingTime.same_day(cutoff=draw(_cutoff_or_none))]
    if statutory.unit is TimeUnit.WORKING_HOURS:
        candidates = []
    if statutory.unit is not TimeUnit.SAME_DAY:
        amount = draw(st.integers(1, statutory.amount))
        candidates.append(ProcessingTime(amount, statutory.unit, cutoff))
    if statutory.unit is TimeUnit.WORKING_DAYS:
        hours = draw(st.integers(1, int(STANDARD_DAY_HOURS * statutory.amount)))
        candidates.append(ProcessingTime.working_hours(hours, cutoff=cutoff))
    chosen = draw(st.sampled_from(candidates))
    assert at_most(chosen, statutory) is True
    return chosen


legal_bases: st.SearchStrategy[LegalBasis] = st.builds(
    LegalBasis,
    document=non_blank_texts,
    title=st.one_of(st.just(""), texts),
    article=optional_texts,
    url=optional_texts,
)

#: Fees as records state them: an amount in VND, a verbatim text, a note, or several.
fees: st.SearchStrategy[Fee] = st.builds(
    Fee,
    amount_vnd=st.none() | st.integers(0, 10**9),
    verbatim=st.one_of(st.just(""), texts),
    note=optional_texts,
).filter(lambda fee: fee != Fee(None, "", None))

channel_offers: st.SearchStrategy[ChannelOffer] = st.builds(
    ChannelOffer,
    channel=st.sampled_from(Channel),
    processing_time=st.none() | processing_times(),
    time_verbatim=optional_texts,
    fee=st.none() | fees,
    description=optional_texts,
)


_text_tuples = st.lists(texts, max_size=2).map(tuple)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A paper of the dossier with at least one original or copy."""
    originals = draw(st.integers(0, 3))
    copies = draw(st.integers(0 if originals else 1, 3))
    return Document(
        name=draw(non_blank_texts),
        role=draw(st.sampled_from(DocumentRole)),
        originals=originals,
        copies=copies,
        group=draw(optional_texts),
        alternatives=draw(_text_tuples),
    )


results: st.SearchStrategy[Result] = st.builds(Result, name=non_blank_texts, code=optional_texts)


_basis_tuples = st.lists(legal_bases, min_size=1, max_size=2).map(tuple)
_level_sets = st.sets(st.sampled_from(Level)).map(frozenset)
_channel_tuples = st.lists(channel_offers, max_size=2).map(tuple)
_document_tuples = st.lists(documents(), max_size=2).map(tuple)
_result_tuples = st.lists(results, max_size=2).map(tuple)
_optional_times = st.none() | processing_times()
_optional_online = st.none() | st.sampled_from(OnlineService)
_non_empty_texts = texts.filter(bool)


@st.composite
def procedures(draw: st.DrawFn, code: str | None = None) -> Procedure:
    """A valid procedure; a committed time, when there is one, tightens the statutory one."""
    statutory = draw(_optional_times)
    committed = None
    if statutory is not None and draw(st.booleans()):
        committed = draw(shorter_times(statutory))
    return Procedure(
        code=draw(codes()) if code is None else code,
        name_vi=draw(non_blank_texts),
        field=draw(non_blank_texts),
        legal_basis=draw(_basis_tuples),
        name_en=draw(optional_texts),
        levels=draw(_level_sets),
        competent_agency=draw(optional_texts),
        executing_agency=draw(optional_texts),
        processing_time=statutory,
        committed_time=committed,
        committed_by=None if committed is None else draw(optional_texts),
        time_rules=draw(_text_tuples),
        channels=draw(_channel_tuples),
        online_service=draw(_optional_online),
        documents=draw(_document_tuples),
        results=draw(_result_tuples),
        on_the_spot=draw(st.booleans()),
        notes=draw(_text_tuples),
        source=draw(optional_texts),
    )


@st.composite
def _changed(draw: st.DrawFn, before: Procedure) -> Procedure:
    """``before`` with a few fields given new values, as a legal text would change them.

    Optional fields get new values, never ``None`` (see the module docstring); a new statutory
    time keeps the commitment, if any, within it."""
    new: dict[str, Any] = {}
    simple: dict[str, Callable[[], object]] = {
        "name_vi": lambda: draw(non_blank_texts),
        "name_en": lambda: draw(_non_empty_texts),
        "field": lambda: draw(non_blank_texts),
        "legal_basis": lambda: draw(_basis_tuples),
        "levels": lambda: draw(_level_sets),
        "channels": lambda: draw(_channel_tuples),
        "online_service": lambda: draw(st.sampled_from(OnlineService)),
        "documents": lambda: draw(_document_tuples),
        "results": lambda: draw(_result_tuples),
        "on_the_spot": lambda: not before.on_the_spot,
        "notes": lambda: draw(_text_tuples),
        "time_rules": lambda: draw(_text_tuples),
    }
    for name in draw(st.sets(st.sampled_from([*simple, "processing_time"]), min_size=1)):
        if name != "processing_time":
            new[name] = simple[name]()
            continue
        statutory = draw(processing_times())
        new["processing_time"] = statutory
        if before.committed_time is not None:
            new["committed_time"] = draw(shorter_times(statutory))
    return attrs.evolve(before, **new)


@st.composite
def histories(draw: st.DrawFn, code: str | None = None) -> ProcedureHistory:
    """One to four versions of a procedure: each change at a later date, with the legal texts
    that made it; the first version may start on a date or before the records, and the last
    may end (``valid_until``) or still be in force."""
    first = draw(procedures(code=code))
    changes = draw(st.integers(0, 3))
    starts = sorted(draw(st.lists(days, min_size=changes + 2, max_size=changes + 2, unique=True)))
    valid_from = starts[0] if draw(st.booleans()) else None
    valid_until = starts[-1] if draw(st.booleans()) else None
    change_days = starts[1:-1]
    versions: list[ProcedureVersion] = []
    procedure = first
    bounds_from: list[date | None] = [valid_from, *change_days]
    bounds_until: list[date | None] = [*change_days, valid_until]
    for number, (start, end) in enumerate(zip(bounds_from, bounds_until, strict=True)):
        if number:
            procedure = draw(_changed(procedure))
        changed_by = () if not number else draw(_basis_tuples)
        versions.append(ProcedureVersion(procedure, start, end, changed_by))
    return ProcedureHistory(first.code, tuple(versions))


@st.composite
def catalogs(draw: st.DrawFn, max_procedures: int = 3) -> Catalog:
    """A catalog of up to ``max_procedures`` procedures with distinct codes, each with its
    versions."""
    all_codes = draw(st.lists(codes(), min_size=1, max_size=max_procedures, unique=True))
    return Catalog(
        name=draw(texts),
        histories={code: draw(histories(code)) for code in all_codes},
        source=draw(optional_texts),
    )


@st.composite
def layers(draw: st.DrawFn, catalog: Catalog) -> Layer:
    """A valid layer on ``catalog``: commitments no longer than the statutory time of every
    version they cover (procedures without a statutory time are left out)."""
    commitments = []
    for code, history in catalog.histories.items():
        if not draw(st.booleans()):
            continue
        versions = history.versions
        effective_from = draw(st.none() | days)
        if effective_from is not None:
            start = effective_from
            versions = tuple(
                v for v in versions if v.effective_until is None or v.effective_until > start
            )
        # A layer tightens the time in force: committed if there is one, else statutory.
        statutory = [v.procedure.deadline_time for v in versions]
        if not versions or any(time_limit is None for time_limit in statutory):
            continue
        first = statutory[0]
        assert first is not None
        commitment = draw(shorter_times(first))
        if all(at_most(commitment, t) is True for t in statutory if t is not None):
            commitments.append(Commitment(code, commitment, effective_from, draw(texts)))
    return Layer(draw(non_blank_texts), draw(non_blank_texts), tuple(commitments))
