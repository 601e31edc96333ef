"""Hypothesis strategies for property tests of code built on onestop.

Working and non-working days of a calendar, moments inside and outside its office sessions,
processing times, procedures and catalogs (valid ones, and invalid catalog files that break
one named rule), and dossier histories that are legal paths through the state machine.
Every strategy shrinks to a small, readable example: the first days of 2018, the opening of
a session, one procedure with short texts, a dossier with few events and no time between
them.

This module is for test suites: it imports :mod:`hypothesis`, which onestop itself does not
need. Install it with the ``testing`` extra (``pip install onestop[testing]``).

Examples:
    >>> from hypothesis import find
    >>> from onestop.testing.strategies import working_days
    >>> find(working_days(), lambda day: True)
    datetime.date(2018, 1, 2)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import TRANSITIONS, Dossier, EventKind
from onestop.procedures import (
    STANDARD_DAY_HOURS,
    Catalog,
    Channel,
    ChannelOffer,
    Document,
    DocumentRole,
    Fee,
    LegalBasis,
    Level,
    OnlineService,
    Procedure,
    ProcedureHistory,
    ProcedureVersion,
    Result,
    at_most,
    default_catalog,
)
from onestop.timing import SAME_DAY_CUTOFF, ProcessingTime, TimeUnit

__all__ = [
    "CATALOG_RULES",
    "catalogs",
    "dossiers",
    "invalid_catalogs",
    "moments_in_session",
    "moments_outside_session",
    "non_working_days",
    "procedures",
    "processing_times",
    "working_days",
]

_FIRST = date(2018, 1, 1)
_LAST = date(2026, 12, 31)
_DAY_US = 24 * 3600 * 1_000_000


@functools.cache
def _vietnam() -> WorkCalendar:
    """The national calendar, built on first use (not when this module is imported)."""
    return WorkCalendar.vietnam()


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return _vietnam() if calendar is None else calendar


def _check_range(min_value: date, max_value: date) -> None:
    if min_value > max_value:
        raise ValueError(
            f"min_value {min_value} is after max_value {max_value}; give min_value <= max_value"
        )


# ------------------------------------------------------------------ calendar


def working_days(
    calendar: WorkCalendar | None = None,
    *,
    min_value: date = _FIRST,
    max_value: date = _LAST,
) -> st.SearchStrategy[date]:
    """Days from ``min_value`` to ``max_value`` that ``calendar`` works (default: the national
    calendar, :meth:`WorkCalendar.vietnam`). Shrinks to the first working day of the range.

    Examples:
        >>> from hypothesis import find
        >>> find(working_days(), lambda day: True)
        datetime.date(2018, 1, 2)
    """
    _check_range(min_value, max_value)
    return st.dates(min_value, max_value).filter(
        lambda day: _calendar(calendar).is_working_day(day)
    )


def non_working_days(
    calendar: WorkCalendar | None = None,
    *,
    min_value: date = _FIRST,
    max_value: date = _LAST,
) -> st.SearchStrategy[date]:
    """Days from ``min_value`` to ``max_value`` that ``calendar`` does not work: weekends,
    public holidays, closures. Shrinks to the first of them in the range.

    Examples:
        >>> from hypothesis import find
        >>> find(non_working_days(), lambda day: day.weekday() < 5)
        datetime.date(2018, 1, 1)
    """
    _check_range(min_value, max_value)
    return st.dates(min_value, max_value).filter(
        lambda day: not _calendar(calendar).is_working_day(day)
    )


def _at(day: date, microseconds: int) -> datetime:
    return datetime.combine(day, time(), tzinfo=VIETNAM_TZ) + timedelta(microseconds=microseconds)


def _us(clock: time) -> int:
    return ((clock.hour * 60 + clock.minute) * 60 + clock.second) * 1_000_000 + clock.microsecond


def moments_in_session(
    calendar: WorkCalendar | None = None,
    *,
    min_value: date = _FIRST,
    max_value: date = _LAST,
) -> st.SearchStrategy[datetime]:
    """Aware moments (Asia/Ho_Chi_Minh) inside a working session of a working day of
    ``calendar``, between ``min_value`` and ``max_value``: ``calendar.roll_to_session(moment)``
    is ``moment``. Shrinks to the opening of the first working day.

    Examples:
        >>> from hypothesis import find
        >>> find(moments_in_session(), lambda moment: moment.hour >= 12).isoformat()
        '2018-01-02T13:30:00+07:00'
    """

    @st.composite
    def draw_moment(draw: st.DrawFn) -> datetime:
        cal = _calendar(calendar)
        day = draw(working_days(cal, min_value=min_value, max_value=max_value))
        session = draw(st.sampled_from(cal.sessions(day)))
        start, end = _us(session.start), _us(session.end)
        return _at(day, draw(st.integers(start, end - 1)))

    return draw_moment()


def moments_outside_session(
    calendar: WorkCalendar | None = None,
    *,
    min_value: date = _FIRST,
    max_value: date = _LAST,
) -> st.SearchStrategy[datetime]:
    """Aware moments (Asia/Ho_Chi_Minh) outside every office session of their day: before
    opening, at lunch, after closing, or any time of a day without sessions. Shrinks to
    midnight at the start of ``min_value``.

    Examples:
        >>> from hypothesis import find
        >>> find(moments_outside_session(), lambda moment: moment.hour >= 10).isoformat()
        '2018-01-01T10:00:00+07:00'
    """
    _check_range(min_value, max_value)

    @st.composite
    def draw_moment(draw: st.DrawFn) -> datetime:
        cal = _calendar(calendar)
        day = draw(st.dates(min_value, max_value))
        gaps, opened = [], 0
        for session in cal.sessions(day):
            start, end = _us(session.start), _us(session.end)
            if start > opened:
                gaps.append((opened, start))
            opened = end
        if opened < _DAY_US:
            gaps.append((opened, _DAY_US))
        first, last = draw(st.sampled_from(gaps))
        return _at(day, draw(st.integers(first, last - 1)))

    return draw_moment()


# ------------------------------------------------------------------ processing times

#: Cutoffs are whole minutes of the local clock.
_cutoffs: st.SearchStrategy[time] = st.builds(time, st.integers(0, 23), st.integers(0, 59))
_cutoff_or_none: st.SearchStrategy[time | None] = st.one_of(
    st.none(), st.just(SAME_DAY_CUTOFF), _cutoffs
)


def processing_times(units: Iterable[TimeUnit] | None = None) -> st.SearchStrategy[ProcessingTime]:
    """Statutory times in one of ``units`` (default: every :class:`TimeUnit`), with no cutoff,
    the usual 15:00 one, or any whole minute. Shrinks to the first unit, amount 1, no cutoff.

    Examples:
        >>> from hypothesis import find
        >>> str(find(processing_times([TimeUnit.WORKING_DAYS]), lambda t: t.amount > 2))
        '03 ngày làm việc'
    """
    chosen = list(TimeUnit) if units is None else list(units)
    if not chosen:
        raise ValueError("units is empty; give at least one TimeUnit (or None for all)")

    @st.composite
    def draw_time(draw: st.DrawFn) -> ProcessingTime:
        unit = draw(st.sampled_from(chosen))
        amount = 0 if unit is TimeUnit.SAME_DAY else draw(st.integers(1, 999))
        return ProcessingTime(amount, unit, draw(_cutoff_or_none))

    return draw_time()


@st.composite
def _shorter_times(draw: st.DrawFn, statutory: ProcessingTime) -> ProcessingTime:
    """A time no longer than ``statutory`` by :func:`~onestop.procedures.at_most`."""
    # A commitment keeps the law's cutoff, a later one or none; a same-day commitment against
    # days may have any cutoff (at worst it is due on the next working day).
    law = statutory.cutoff
    later = st.none() if law is None else st.none() | st.just(law) | _cutoffs.filter(law.__le__)
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
    if at_most(chosen, statutory) is not True:  # pragma: no cover - a bug of this module
        raise AssertionError(f"{chosen} is not within {statutory}")
    return chosen


# ------------------------------------------------------------------ procedures and catalogs

#: Vietnamese letters, precomposed, plus the combining marks of the decomposed spelling.
_VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    "ĐĂÂÊÔƠƯÀÁẢÃẠ \u0300\u0301\u0303\u0309\u0323"
)
#: Characters that a TOML or JSON writer must escape, or may wrongly escape.
_TRICKY = "\"'\\\n\r\t\b\f\x00\x01\x1f\x7f\x80\x9f\u2028\u2029\ufeff/#=[]{}.,"

# Surrogates are left out: a catalog file is UTF-8.
_texts: st.SearchStrategy[str] = st.text(
    st.one_of(
        st.sampled_from(_VIETNAMESE),
        st.sampled_from(_TRICKY),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=12,
)
_non_blank_texts = _texts.filter(lambda text: bool(text.strip()))
_non_empty_texts = _texts.filter(bool)
# The file format cannot tell "" from an absent key, so optional texts are None or non-empty.
_optional_texts: st.SearchStrategy[str | None] = st.none() | _non_empty_texts
_days = st.dates(date(2015, 1, 1), date(2035, 12, 31))


@st.composite
def _codes(draw: st.DrawFn) -> str:
    """A national code "d.dddddd", sometimes with provincial suffixes (".H61")."""
    national = draw(st.text("0123456789", min_size=1, max_size=1))
    national += "." + draw(st.text("0123456789", min_size=6, max_size=6))
    suffix_part = st.text(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4
    )
    return ".".join([national, *draw(st.lists(suffix_part, max_size=2))])


_legal_bases: st.SearchStrategy[LegalBasis] = st.builds(
    LegalBasis,
    document=_non_blank_texts,
    title=st.one_of(st.just(""), _texts),
    article=_optional_texts,
    url=_optional_texts,
)
# A fee with no amount, no verbatim text and no note is, in a file, no fee at all.
_fees: st.SearchStrategy[Fee] = st.builds(
    Fee,
    amount_vnd=st.none() | st.integers(0, 10**9),
    verbatim=st.one_of(st.just(""), _texts),
    note=_optional_texts,
).filter(lambda fee: fee != Fee(None, "", None))


def _channel_offers(timed: bool | None) -> st.SearchStrategy[ChannelOffer]:
    return st.builds(
        ChannelOffer,
        channel=st.sampled_from(Channel),
        processing_time=st.none() if timed is False else st.none() | processing_times(),
        time_verbatim=_optional_texts,
        fee=st.none() | _fees,
        description=_optional_texts,
    )


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    """A paper of the dossier with at least one original or copy."""
    originals = draw(st.integers(0, 3))
    return Document(
        name=draw(_non_blank_texts),
        role=draw(st.sampled_from(DocumentRole)),
        originals=originals,
        copies=draw(st.integers(0 if originals else 1, 3)),
        group=draw(_optional_texts),
        alternatives=draw(_text_tuples),
    )


_results = st.builds(Result, name=_non_blank_texts, code=_optional_texts)
_text_tuples = st.lists(_texts, max_size=2).map(tuple)
_basis_tuples = st.lists(_legal_bases, min_size=1, max_size=2).map(tuple)
_level_sets = st.sets(st.sampled_from(Level)).map(frozenset)
_document_tuples = st.lists(_documents(), max_size=2).map(tuple)
_result_tuples = st.lists(_results, max_size=2).map(tuple)


@st.composite
def _procedure(draw: st.DrawFn, timed: bool | None, code: str | None) -> Procedure:
    statutory: ProcessingTime | None = None
    if timed or (timed is None and draw(st.booleans())):
        statutory = draw(processing_times())
    committed = None
    if statutory is not None and draw(st.booleans()):
        committed = draw(_shorter_times(statutory))
    return Procedure(
        code=draw(_codes()) if code is None else code,
        name_vi=draw(_non_blank_texts),
        field=draw(_non_blank_texts),
        legal_basis=draw(_basis_tuples),
        name_en=draw(_optional_texts),
        levels=draw(_level_sets),
        competent_agency=draw(_optional_texts),
        executing_agency=draw(_optional_texts),
        processing_time=statutory,
        committed_time=committed,
        committed_by=None if committed is None else draw(_optional_texts),
        time_rules=draw(_text_tuples),
        channels=tuple(draw(st.lists(_channel_offers(timed), max_size=2))),
        online_service=draw(st.none() | st.sampled_from(OnlineService)),
        documents=draw(_document_tuples),
        results=draw(_result_tuples),
        on_the_spot=draw(st.booleans()),
        notes=draw(_text_tuples),
        source=draw(_optional_texts),
    )


def procedures(*, timed: bool | None = None) -> st.SearchStrategy[Procedure]:
    """Valid procedures, their texts mixing Vietnamese letters with characters file writers
    get wrong (quotes, backslashes, control characters). With ``timed=True`` each has a
    statutory time; with ``timed=False`` no channel has a time limit
    (``procedure.time_for(channel) is None``). A committed time, when there is one, is within
    the statutory one.

    Examples:
        Shrinking a whole procedure takes seconds, hence the skip:

        >>> from hypothesis import find
        >>> p = find(procedures(timed=True), lambda p: True)  # doctest: +SKIP
        >>> p.code, p.name_vi, str(p.processing_time)  # doctest: +SKIP
        ('0.000000', '0', '01 ngày làm việc')
    """
    return _procedure(timed, None)


@st.composite
def _changed(draw: st.DrawFn, before: Procedure) -> Procedure:
    """``before`` with a few fields given new values, as a legal text would change them.

    Optional fields get new values, never ``None``: a catalog file cannot say that a change
    clears a field that ``dumps_catalog`` would write back."""
    simple: dict[str, Callable[[], object]] = {
        "name_vi": lambda: draw(_non_blank_texts),
        "name_en": lambda: draw(_non_empty_texts),
        "field": lambda: draw(_non_blank_texts),
        "legal_basis": lambda: draw(_basis_tuples),
        "levels": lambda: draw(_level_sets),
        "channels": lambda: tuple(draw(st.lists(_channel_offers(None), max_size=2))),
        "online_service": lambda: draw(st.sampled_from(OnlineService)),
        "documents": lambda: draw(_document_tuples),
        "results": lambda: draw(_result_tuples),
        "on_the_spot": lambda: not before.on_the_spot,
        "notes": lambda: draw(_text_tuples),
        "time_rules": lambda: draw(_text_tuples),
    }
    new: dict[str, Any] = {}
    for name in draw(st.sets(st.sampled_from([*simple, "processing_time"]), min_size=1)):
        if name != "processing_time":
            new[name] = simple[name]()
            continue
        statutory = draw(processing_times())
        new["processing_time"] = statutory
        if before.committed_time is not None:
            new["committed_time"] = draw(_shorter_times(statutory))
    return attrs.evolve(before, **new)


@st.composite
def _histories(draw: st.DrawFn, code: str) -> ProcedureHistory:
    """One to four versions of procedure ``code``, each change at a later date."""
    first = draw(_procedure(None, code))
    changes = draw(st.integers(0, 3))
    starts = sorted(draw(st.lists(_days, min_size=changes + 2, max_size=changes + 2, unique=True)))
    bounds_from: list[date | None] = [starts[0] if draw(st.booleans()) else None, *starts[1:-1]]
    bounds_until: list[date | None] = [*starts[1:-1], starts[-1] if draw(st.booleans()) else None]
    versions: list[ProcedureVersion] = []
    procedure = first
    for number, (start, end) in enumerate(zip(bounds_from, bounds_until, strict=True)):
        if number:
            procedure = draw(_changed(procedure))
        changed_by = draw(_basis_tuples) if number else ()
        versions.append(ProcedureVersion(procedure, start, end, changed_by))
    return ProcedureHistory(code, tuple(versions))


def catalogs(*, max_procedures: int = 4) -> st.SearchStrategy[Catalog]:
    """Valid catalogs of one to ``max_procedures`` procedures with distinct codes, each with
    one to four effective-dated versions. ``loads_catalog(dumps_catalog(catalog))`` gives the
    catalog back.

    Examples:
        Shrinking a whole catalog takes minutes, hence the skip:

        >>> from hypothesis import find
        >>> catalog = find(catalogs(), lambda c: len(c.histories) > 1)  # doctest: +SKIP
        >>> sorted(catalog.histories)  # doctest: +SKIP
        ['0.000000', '0.000001']
    """
    if max_procedures < 1:
        raise ValueError(f"max_procedures is {max_procedures}; give 1 or more")

    @st.composite
    def draw_catalog(draw: st.DrawFn) -> Catalog:
        codes = draw(st.lists(_codes(), min_size=1, max_size=max_procedures, unique=True))
        return Catalog(
            name=draw(_texts),
            histories={code: draw(_histories(code)) for code in codes},
            source=draw(_optional_texts),
        )

    return draw_catalog()


# ------------------------------------------------------------------ invalid catalogs

#: The rules :func:`invalid_catalogs` breaks, each with the words of the message
#: :func:`~onestop.procedures.loads_catalog` gives when it refuses the file.
CATALOG_RULES: Mapping[str, str] = MappingProxyType(
    {
        "unknown key": "unknown keys",
        "duplicate code": "duplicate code",
        "negative fee": "is negative",
        "missing legal basis": "missing legal basis",
        "impossible date": "is not a real date",
        "malformed code": "is not a national procedure code",
        "blank name": "must not be empty",
        "no original or copy": "needs at least one original or copy",
        "ends before it starts": "must come after valid_from",
        "commitment longer than the law": "must be no longer than the statutory time",
        "unreadable time limit": "cannot read the time limit",
        "unsupported format": "is not supported",
    }
)

_NAMES = ["Đăng ký khai sinh", "Đăng ký kết hôn", "Chứng thực bản sao", "Cấp bản sao trích lục"]
_FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai"]
_LAWS = ["Luật 60/2014/QH13", "Nghị định 123/2015/NĐ-CP", "Nghị định 23/2015/NĐ-CP"]


def _toml(value: object) -> str:
    """A TOML value; JSON strings and integers are TOML as they are."""
    return json.dumps(value, ensure_ascii=False)


def _procedure_text(number: int, draw: st.DrawFn, rule: str | None) -> list[str]:
    """The lines of one valid procedure entry, made to break ``rule`` if given."""
    code = f"1.{number + 1:06d}"
    if rule == "duplicate code":
        code = "1.000001"
    if rule == "malformed code":
        code = draw(st.sampled_from(["1.1", "abc", "1.0001930", "01.001193"]))
    name = draw(st.sampled_from(_NAMES))
    if rule == "blank name":
        name = draw(st.sampled_from(["", " ", "\t"]))
    fields = {
        "code": code,
        "name_vi": name,
        "field": draw(st.sampled_from(_FIELDS)),
    }
    lines = ["", "[[procedure]]", *(f"{key} = {_toml(value)}" for key, value in fields.items())]
    year = draw(st.integers(2018, 2026))
    if rule == "unknown key":
        lines.append(f"{draw(st.sampled_from(['colour', 'nane_vi', 'fee']))} = 1")
    if rule == "impossible date":
        impossible = draw(st.sampled_from(["02-30", "02-29", "13-01", "04-31", "00-10"]))
        if impossible == "02-29" and year % 4 == 0:
            year += 1
        lines.append(f'valid_from = "{year}-{impossible}"')
    if rule == "ends before it starts":
        lines += [
            f"valid_from = {year}-07-01",
            f"valid_until = {year}-0{draw(st.integers(1, 7))}-01",
        ]
    amount = draw(st.integers(1, 30))
    statutory = f"{amount:02d} ngày làm việc"
    if rule == "unreadable time limit":
        statutory = draw(st.sampled_from(["soon", "ba ngày", "-3 ngày làm việc", ""]))
    if rule in ("commitment longer than the law", "unreadable time limit") or draw(st.booleans()):
        lines.append(f"processing_time = {_toml(statutory)}")
    if rule == "commitment longer than the law":
        lines.append(f'committed_time = "{amount + draw(st.integers(1, 10)):02d} ngày làm việc"')
    if rule == "missing legal basis":
        lines.append("legal_basis = []")
    else:
        lines += [
            "",
            "[[procedure.legal_basis]]",
            f"document = {_toml(draw(st.sampled_from(_LAWS)))}",
        ]
    if rule == "negative fee" or draw(st.booleans()):
        fee = -draw(st.integers(1, 100_000)) if rule == "negative fee" else draw(st.integers(0, 50))
        channel = draw(st.sampled_from(Channel)).value
        lines += ["", "[[procedure.channel]]", f'channel = "{channel}"', f"fee_vnd = {fee}"]
    if rule == "no original or copy":
        lines += ["", "[[procedure.document]]", 'name = "Tờ khai"', "originals = 0", "copies = 0"]
    return lines


@st.composite
def _invalid_catalog(draw: st.DrawFn) -> tuple[str, str]:
    rule = draw(st.sampled_from(sorted(CATALOG_RULES)))
    count = draw(st.integers(2 if rule == "duplicate code" else 1, 3))
    # Which entry breaks the rule; a duplicate is the repetition of the first code.
    broken = draw(st.integers(1 if rule == "duplicate code" else 0, count - 1))
    version = draw(st.sampled_from([0, 2, 99])) if rule == "unsupported format" else 1
    lines = [
        f"format = {version}",
        f"name = {_toml(draw(st.sampled_from(['Phường Bến Nghé', 'UBND xã'])))}",
    ]
    for number in range(count):
        lines += _procedure_text(number, draw, rule if number == broken else None)
    return "\n".join(lines) + "\n", rule


def invalid_catalogs() -> st.SearchStrategy[tuple[str, str]]:
    """Pairs ``(text, rule)``: a TOML catalog file of one to three procedures that breaks
    exactly one rule, and the name of that rule (a key of :data:`CATALOG_RULES`).
    :func:`~onestop.procedures.loads_catalog` refuses ``text`` with a
    :class:`~onestop.errors.CatalogError` of one problem, whose message holds
    ``CATALOG_RULES[rule]``. Shrinks to one procedure with the rule broken plainly.

    Examples:
        >>> from hypothesis import find
        >>> text, rule = find(invalid_catalogs(), lambda pair: pair[1] == "negative fee")
        >>> print(text)
        format = 1
        name = "Phường Bến Nghé"
        <BLANKLINE>
        [[procedure]]
        code = "1.000001"
        name_vi = "Đăng ký khai sinh"
        field = "Hộ tịch"
        <BLANKLINE>
        [[procedure.legal_basis]]
        document = "Luật 60/2014/QH13"
        <BLANKLINE>
        [[procedure.channel]]
        channel = "in_person"
        fee_vnd = -1
        <BLANKLINE>
    """
    return _invalid_catalog()


# ------------------------------------------------------------------ dossiers

_MINUTE = timedelta(minutes=1)
# Nothing, a few minutes or hours (same session), a few days, or up to six weeks: enough for
# any limit of the default catalog to pass, so late returns are common.
_forward_steps: st.SearchStrategy[timedelta] = st.one_of(
    st.sampled_from([timedelta(0), timedelta(minutes=30), timedelta(hours=2), timedelta(days=1)]),
    st.integers(0, 10 * 60).map(lambda minutes: minutes * _MINUTE),
    st.integers(0, 42 * 24 * 60).map(lambda minutes: minutes * _MINUTE),
)
_REASONS = ["Cần xác minh", "Thiếu bản chính", "Quá tải", "Hồ sơ không hợp lệ"]
_PAPERS = ["Giấy chứng sinh", "Tờ khai", "Bản sao CCCD"]
_CUT_SHORT = frozenset({EventKind.WITHDRAW, EventKind.REFUSE_AT_DESK, EventKind.STOP})
# Shrinks to False; a small integer range would be drawn with a bias to its ends.
_ONE_IN_TWELVE = st.sampled_from([False] * 11 + [True])
_FILING_TIMES = st.one_of(
    st.sampled_from([time(8, 0), time(7, 30), time(11, 30), time(14, 59), time(15, 0)]),
    st.times(),
)


@functools.cache
def _default_procedures() -> tuple[Procedure, ...]:
    return _latest(default_catalog())


def _latest(catalog: Catalog) -> tuple[Procedure, ...]:
    """The latest version of every procedure of ``catalog``; the 3-working-day 1.001022 first
    (examples shrink to it)."""
    latest = [catalog.histories[code].versions[-1].procedure for code in sorted(catalog.histories)]
    return tuple(sorted(latest, key=lambda procedure: procedure.code != "1.001022"))


def _payload(draw: st.DrawFn, dossier: Dossier, kind: EventKind, at: datetime) -> dict[str, Any]:
    """The keyword arguments of the command ``kind``, drawn."""
    reason = {"reason": draw(st.sampled_from(_REASONS))}
    papers = {"missing": draw(st.lists(st.sampled_from(_PAPERS), min_size=1, max_size=2))}
    if kind is EventKind.EXTEND:
        clock = dossier.clock
        promise = (
            None if clock is None else clock.promised_at if clock.extensions else clock.appointment
        )
        later = draw(st.integers(1, 20)) * timedelta(days=1)
        return {**reason, "new_due": (promise or at) + later}
    extra: dict[EventKind, dict[str, Any]] = {
        EventKind.REQUEST_COMPLETION: {**papers, **reason},
        EventKind.REFUSE_AT_DESK: reason,
        EventKind.RECEIVE: {"receipt_number": "BN-1"},
        EventKind.TRANSFER: {"to_unit": "Tư pháp"},
        EventKind.REQUEST_SUPPLEMENT: {**papers, **reason},
        EventKind.REQUEST_PAYMENT: {"amount_vnd": draw(st.none() | st.integers(0, 5_000_000))},
        EventKind.SUSPEND: {**reason, "legal_basis": "Điều 12 Luật 60/2014/QH13"},
        EventKind.FINISH: {"result": "KQ-1"},
        EventKind.SETTLE_ON_THE_SPOT: {"result": "KQ-1"},
        EventKind.WITHDRAW: reason,
        EventKind.STOP: reason,
    }
    return extra.get(kind, {})


def _allowed(dossier: Dossier) -> list[EventKind]:
    """The commands the state and the guards allow now (times aside)."""
    kinds = []
    last = dossier.events[-1].at
    received = dossier.received_at
    clock = dossier.clock
    for kind in TRANSITIONS[dossier.state]:
        if kind is EventKind.EXTEND and (
            clock is None or clock.extensions >= dossier.rules.max_extensions
        ):
            continue
        if kind is EventKind.SETTLE_ON_THE_SPOT:
            processing_time = None if clock is None else clock.processing_time
            may = dossier.procedure.on_the_spot or (
                processing_time is not None and processing_time.unit is TimeUnit.SAME_DAY
            )
            if not (may and received is not None and last.date() == received.date()):
                continue
        kinds.append(kind)
    return kinds


def _step(draw: st.DrawFn, dossier: Dossier, *, may_end: bool) -> Dossier | None:
    """``dossier`` after one allowed command at a later or equal time; ``None`` when only a
    command that ends it is left and ``may_end`` is false."""
    kinds = _allowed(dossier)
    ending = [k for k in kinds if TRANSITIONS[dossier.state][k].is_final]
    going_on = [k for k in kinds if k not in ending]
    if not may_end:
        ending = []
    cut_short = [k for k in ending if k in _CUT_SHORT]
    # A walk ends early (withdrawn, refused, stopped) one step in twelve, so that most go on
    # to processing, supplements, payments, suspensions and the return.
    if not going_on and not ending:
        return None
    if going_on and (not cut_short or not draw(_ONE_IN_TWELVE)):
        pool = going_on + [k for k in ending if k not in _CUT_SHORT]
    else:
        pool = ending
    kind = draw(st.sampled_from(pool))
    last = dossier.events[-1].at
    at = last + draw(_forward_steps)
    if kind is EventKind.SETTLE_ON_THE_SPOT:
        at = last
    command: Callable[..., Dossier] = getattr(dossier, kind.value)
    return command(at=at, by="can-bo-1", **_payload(draw, dossier, kind, at))


def dossiers(
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    *,
    min_events: int = 1,
    max_events: int = 15,
) -> st.SearchStrategy[Dossier]:
    """Legal dossier histories of ``min_events`` to ``max_events`` events: filed (from
    2018-06-21 to 2026-12-31) for the latest version of a procedure of ``catalog`` (default:
    the shipped catalog) on ``calendar`` (default: the national one), then a random walk of
    the commands the state allows, times never going back. Guards are kept: at most the
    allowed extensions, each later than the promise; on the spot only on the day of receipt.
    Walks include completion requests, supplements, payments, suspensions, extensions and
    late returns. Shrinks to few events, no time between them and, mostly, the first command
    each state allows (receive, transfer, ...).

    Examples:
        >>> from hypothesis import find
        >>> import warnings
        >>> with warnings.catch_warnings():  # a Dossier's repr is long, and Hypothesis says so
        ...     warnings.simplefilter("ignore")
        ...     d = find(dossiers(), lambda d: len(d.events) >= 3)
        >>> len(d.events), d.events[0].kind.value
        (3, 'file')
    """
    if not 1 <= min_events <= max_events:
        raise ValueError(
            f"min_events {min_events}, max_events {max_events}: give 1 <= min_events <= max_events"
        )

    @st.composite
    def draw_dossier(draw: st.DrawFn) -> Dossier:
        pool = _default_procedures() if catalog is None else _latest(catalog)
        if not pool:
            raise ValueError("the catalog has no procedure to file a dossier for")
        day = draw(st.dates(date(2018, 6, 21), date(2026, 12, 31)))
        dossier = Dossier.file(
            id="HS-1",
            procedure=draw(st.sampled_from(pool)),
            at=datetime.combine(day, draw(_FILING_TIMES), tzinfo=VIETNAM_TZ),
            calendar=_calendar(calendar),
            channel=draw(st.sampled_from([Channel.IN_PERSON, Channel.ONLINE, Channel.POSTAL])),
        )
        wanted = draw(st.integers(min_events, max_events))
        while len(dossier.events) < wanted and not dossier.state.is_final:
            after = _step(draw, dossier, may_end=len(dossier.events) + 1 >= min_events)
            if after is None:
                break
            dossier = after
        assume(len(dossier.events) >= min_events)
        return dossier

    return draw_dossier()


# ------------------------------------------------------------------ feedback items

# Appended to the list above (the strategies of onestop.feedback).
__all__ += ["feedback_items"]

_FEEDBACK_TEXTS = ["Chờ lâu", "Không thuộc thẩm quyền", "Đã trả lời", "Cần thêm ảnh"]
_FEEDBACK_PLACES = ["Tổ dân phố 1", "Bộ phận một cửa"]
# No time, a few minutes or hours, a few days, or up to five weeks: enough for any limit of
# a feedback item (15 working days at most) to pass, so late handling is common.
_feedback_steps: st.SearchStrategy[timedelta] = st.one_of(
    st.sampled_from([timedelta(0), timedelta(hours=2), timedelta(days=1)]),
    st.integers(0, 35 * 24 * 60).map(lambda minutes: minutes * _MINUTE),
)


def feedback_items(
    calendar: WorkCalendar | None = None,
    *,
    min_value: date = date(2022, 6, 23),
    max_value: date = _LAST,
    max_events: int = 10,
) -> st.SearchStrategy[Any]:
    """Legal feedback histories (:class:`onestop.feedback.FeedbackItem`) of 1 to
    ``max_events`` events: received between ``min_value`` (the first day the shipped limits
    are in force, by default) and ``max_value`` through any channel, with or without a
    subject, an author (synthetic details) and a summary, on ``calendar`` (default: the
    national one), then a random walk of the commands the item allows, times never going
    back: classifications, refusals, supplement requests and arrivals, answers,
    publications, reactions and re-raises. Shrinks to a bare receipt.

    Examples:
        >>> from hypothesis import find
        >>> import warnings
        >>> with warnings.catch_warnings():  # Hypothesis shows the calendar too, and says so
        ...     warnings.simplefilter("ignore")
        ...     item = find(feedback_items(), lambda item: item.answered_at is not None)
        >>> [event.kind.value for event in item.events]
        ['receive', 'answer']
    """
    from onestop.feedback import (
        Author,
        FeedbackChannel,
        FeedbackClass,
        FeedbackItem,
        Reaction,
        Subject,
    )

    _check_range(min_value, max_value)
    if max_events < 1:
        raise ValueError(f"max_events must be at least 1, got {max_events}")
    subjects = st.none() | st.one_of(
        st.sampled_from(["1.001193", "1.001022", "2.000942"]).map(Subject.procedure),
        st.sampled_from(["can-bo-1", "can-bo-2"]).map(Subject.officer),
        st.sampled_from(_FEEDBACK_PLACES).map(Subject.place),
    )
    authors = st.none() | st.builds(
        Author,
        name=st.sampled_from(["Người dân thử nghiệm", "Công dân A"]),
        phone=st.none() | st.sampled_from(["0900000001", "0900000002"]),
    )
    texts = st.none() | st.sampled_from(_FEEDBACK_TEXTS)

    @st.composite
    def draw_item(draw: st.DrawFn) -> FeedbackItem:
        day = draw(st.dates(min_value, max_value))
        item = FeedbackItem.receive(
            id="PA-1",
            at=datetime.combine(day, draw(_FILING_TIMES), tzinfo=VIETNAM_TZ),
            channel=draw(st.sampled_from(FeedbackChannel)),
            calendar=_calendar(calendar),
            subject=draw(subjects),
            author=draw(authors),
            summary=draw(texts),
        )
        wanted = draw(st.integers(1, max_events))
        while len(item.events) < wanted:
            command = draw(st.sampled_from(item.allowed_commands))
            at = item.events[-1].at + draw(_feedback_steps)
            by = draw(st.none() | st.just("can-bo-1"))
            if command == "classify_as":
                item = item.classify_as(draw(st.sampled_from(FeedbackClass)), at=at, by=by)
            elif command == "refuse":
                item = item.refuse(at=at, reason=draw(st.sampled_from(_FEEDBACK_TEXTS)), by=by)
            elif command == "request_supplement":
                item = item.request_supplement(at=at, request=draw(texts), by=by)
            elif command == "receive_supplement":
                item = item.receive_supplement(at=at, by=by)
            elif command == "answer":
                item = item.answer(at=at, summary=draw(texts), by=by)
            elif command == "publish":
                item = item.publish(at=at, where=draw(texts), by=by)
            elif command == "react":
                item = item.react(draw(st.sampled_from(Reaction)), at=at)
            else:
                item = item.reraise(at=at, reason=draw(texts))
        return item

    return draw_item()
