"""Procedure records of the national public service portal (dichvucong.gov.vn) as catalog
documents.

The portal's export, as crawled (``procedures_sample.json``), gives one record per procedure:
its code, names, level, a channel table with a time cell and a fee cell per row, the dossier
documents, the results with their KQ.* codes and the legal texts. :func:`from_portal_records`
turns such records into a catalog document in the file format of
:mod:`onestop.procedures._files` (the form ``dumps_toml`` writes and ``loads_catalog`` reads).

The rules, in short:

* Every cell is kept verbatim beside its parsed value (``time_verbatim``, ``fee_verbatim``,
  ``fee_note``, ``time_rules``).
* A time cell becomes a :class:`~onestop.timing.ProcessingTime` only when it names its unit:
  "N Ngày làm việc" (working days) or "N Ngày" (calendar days). A bare number is not read as
  working days, "N Giờ" does not say whether clock or working hours are meant, and "Không có
  thông tin" is no time: those channels keep no parsed time, and a note says why.
* The statutory time comes from the legal texts, supplied by the caller as
  :class:`StatutoryFacts`; it becomes the procedure's ``processing_time``, which applies to
  every channel (:meth:`~onestop.procedures.Procedure.time_of`: the law wins over a cell that
  differs, and a note says so; the cell stays in the row). A time tagged [M] (from memory) is used only when the
  portal's own channel table shows the same time.
* Whatever could not be parsed, or rests on an uncertain source, gets a line in ``notes``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any

import attrs

from onestop.errors import CatalogError, Problem, TimingError
from onestop.procedures._model import (
    CODE,
    Channel,
    DocumentRole,
    LegalBasis,
    Level,
    OnlineService,
    fold,
    invalid,
)
from onestop.timing import ProcessingTime

__all__ = [
    "StatutoryFacts",
    "document_role",
    "from_portal_records",
    "parse_fee",
    "parse_levels",
    "parse_quantity",
    "parse_time_cell",
]

#: The name used for the records in the problems of a :class:`~onestop.errors.CatalogError`.
RECORDS = "<portal records>"
_FORMAT = 1

_CHANNELS = {fold(channel.label_vi): channel for channel in Channel}
_LEVELS = {
    "cap bo": Level.MINISTRY,
    "cap tinh": Level.PROVINCE,
    "cap huyen": Level.DISTRICT,
    "cap xa": Level.COMMUNE,
    "co quan khac": Level.OTHER,
}
_ROLES = {"giay to phai nop": DocumentRole.SUBMIT, "giay to phai xuat trinh": DocumentRole.SHOW}
_ONLINE = {"toan trinh": OnlineService.FULL, "mot phan": OnlineService.PARTIAL}
_NO_INFORMATION = "khong co thong tin"
_RESULT_CODE = re.compile(r"^KQ\.[A-Z0-9]+\.[0-9]+$")
_TAG = re.compile(r"^\[[VSM]\](?:/\[[VSM]\])*$")

_WORKING_DAYS = re.compile(r"^([0-9]{1,6}) ngày làm việc$")
_CALENDAR_DAYS = re.compile(r"^([0-9]{1,6}) ngày$")
_WORKING_HOURS = re.compile(r"^([0-9]{1,6}) giờ làm việc$")
_HOURS = re.compile(r"^([0-9]{1,6}) giờ$")
_BARE = re.compile(r"^[0-9]{1,6}$")
#: "50,000 Việt Nam Đồng", "8,000 VNĐ", "1.000.000 đồng": thousands grouped by "," or ".".
_VND = re.compile(r"^([0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]{1,12})\s*(?:việt nam đồng|vnđ|vnd|đồng|đ)$")
_OTHER_CURRENCY = re.compile(r"^[0-9][0-9.,]*\s*([a-z]{3})$")
_QUANTITY_PART = re.compile(r"^([0-9]{1,3}) bản (chính|sao)$")

_REASON_BARE = (
    "a number without a unit: not read as working days (or any unit) without the legal text"
)
_REASON_HOURS = "hours, but the portal does not say whether clock hours or working hours"
_REASON_NO_TIME = "the portal gives no time"
_REASON_ZERO = "a time of 0 is no time limit"
_REASON_UNREADABLE_TIME = "not a time this converter can read"


def _normal(text: str) -> str:
    """``text`` in NFC, lower-cased, with its spaces collapsed, for matching patterns."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def parse_time_cell(cell: str | None) -> tuple[ProcessingTime | None, str | None]:
    """The time of one channel-table cell, or ``None`` and the reason it is not read.

    "N Ngày làm việc" is N working days and "N Ngày" N calendar days. "N Giờ", a bare
    number and "Không có thông tin" give no time (procedures_sample.md: do not read a bare
    "1" as one working day without the legal text).

    Examples:
        >>> time, reason = parse_time_cell("3 Ngày làm việc")
        >>> str(time), reason
        ('03 ngày làm việc', None)
        >>> str(parse_time_cell("20 Ngày")[0])
        '20 ngày'
        >>> parse_time_cell("1")
        (None, 'a number without a unit: not read as working days (or any unit) without the legal text')
        >>> parse_time_cell("1 Giờ")[1]
        'hours, but the portal does not say whether clock hours or working hours'
    """
    if cell is None or not cell.strip():
        return None, _REASON_NO_TIME
    normal = _normal(cell)
    if fold(normal) == _NO_INFORMATION:
        return None, _REASON_NO_TIME
    if _BARE.match(normal):
        return None, _REASON_BARE
    if _HOURS.match(normal):
        return None, _REASON_HOURS
    for pattern, build in (
        (_WORKING_DAYS, ProcessingTime.working_days),
        (_CALENDAR_DAYS, ProcessingTime.calendar_days),
        (_WORKING_HOURS, ProcessingTime.working_hours),
    ):
        found = pattern.match(normal)
        if found is not None:
            amount = int(found.group(1))
            return (None, _REASON_ZERO) if amount == 0 else (build(amount), None)
    try:
        return ProcessingTime.parse(cell), None
    except TimingError:
        return None, _REASON_UNREADABLE_TIME


def parse_fee(cell: str | None) -> tuple[int | None, str | None]:
    """The amount in đồng of one fee cell, or ``None`` and the reason it is not read.

    "Miễn phí" (free) is 0. Thousands may be grouped by "," or ".".

    Examples:
        >>> parse_fee("Miễn phí"), parse_fee("50,000 Việt Nam Đồng"), parse_fee("8,000 VNĐ")
        ((0, None), (50000, None), (8000, None))
        >>> parse_fee("10 USD")
        (None, 'an amount in USD, not in đồng')
        >>> parse_fee("Không có thông tin")
        (None, 'the portal gives no fee')
    """
    if cell is None or not cell.strip():
        return None, "the portal gives no fee"
    normal = _normal(cell)
    if fold(normal) == "mien phi":
        return 0, None
    if fold(normal) == _NO_INFORMATION:
        return None, "the portal gives no fee"
    if found := _VND.match(normal):
        return int(found.group(1).replace(",", "").replace(".", "")), None
    if found := _OTHER_CURRENCY.match(normal):
        return None, f"an amount in {found.group(1).upper()}, not in đồng"
    return None, "not a fee this converter can read"


def parse_levels(text: str | None) -> tuple[tuple[Level, ...], tuple[str, ...]]:
    """The levels named by a level cell such as "Cấp xã, Cơ quan khác", sorted by value and
    without repeats, and the parts that name no known level.

    Examples:
        >>> levels, unknown = parse_levels("Cấp xã, Cơ quan khác")
        >>> [level.value for level in levels], unknown
        (['commune', 'other'], ())
        >>> parse_levels("Cấp bộ, Cấp thôn")[1]
        ('Cấp thôn',)
    """
    found: set[Level] = set()
    unknown: list[str] = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        level = _LEVELS.get(fold(part))
        if level is None:
            unknown.append(part.strip())
        else:
            found.add(level)
    return tuple(sorted(found, key=lambda level: level.value)), tuple(unknown)


def parse_quantity(text: str | None) -> tuple[int, int] | None:
    """``(originals, copies)`` of a quantity cell such as "1 bản chính, 1 bản sao"; ``None``
    when the cell cannot be read.

    Examples:
        >>> parse_quantity("1 bản chính"), parse_quantity("1 bản chính, 1 bản sao")
        ((1, 0), (1, 1))
        >>> parse_quantity("0 bản chính, 1 bản sao"), parse_quantity("một bản")
        ((0, 1), None)
    """
    if text is None or not text.strip():
        return None
    counts = {"chính": 0, "sao": 0}
    for part in text.split(","):
        found = _QUANTITY_PART.match(_normal(part))
        if found is None:
            return None
        counts[found.group(2)] += int(found.group(1))
    return counts["chính"], counts["sao"]


def document_role(group: str | None) -> DocumentRole:
    """The role of the documents under a heading of the dossier list: "* Giấy tờ phải nộp"
    (submit), "* Giấy tờ phải xuất trình" (show), anything else listed.

    Examples:
        >>> document_role("* Giấy tờ phải nộp"), document_role("* Giấy tờ phải xuất trình")
        (<DocumentRole.SUBMIT: 'submit'>, <DocumentRole.SHOW: 'show'>)
        >>> document_role("--")
        <DocumentRole.LISTED: 'listed'>
    """
    heading = fold((group or "").strip().strip("*-:").strip())
    return _ROLES.get(heading, DocumentRole.LISTED)


def _cutoff_of_text(facts: StatutoryFacts) -> time | None:
    if facts.processing_time is None:
        return None
    return ProcessingTime.parse(facts.processing_time).cutoff


def _bases(value: Iterable[LegalBasis]) -> tuple[LegalBasis, ...]:
    return tuple(value)


def _check_time(
    instance: StatutoryFacts, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None:
        ProcessingTime.parse(value)


def _check_tag(instance: StatutoryFacts, attribute: attrs.Attribute[str], value: str) -> None:
    if not _TAG.match(value):
        raise invalid(
            f"tag {value!r} must be '[V]', '[S]' or '[M]', or several joined by '/'", "$.tag"
        )


def _check_source(instance: StatutoryFacts, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise invalid("source must say where the facts come from (e.g. a law.md row)", "$.source")


@attrs.frozen(kw_only=True)
class StatutoryFacts:
    """What the legal texts say about one procedure, to set beside its portal record.

    ``processing_time`` is the statutory time limit as text ("Trong ngày", "03 ngày làm
    việc"; ``None`` when the texts give none) and ``cutoff`` the hour after which a dossier
    counts as received on the next working day; by default the cutoff the text carries
    (15:00 for a same-day limit, none for the others). ``tag`` is the confidence of the time
    as the research gives it ("[V]" read verbatim, "[S]" secondary, "[M]" from memory;
    without a time, of the other facts). ``source`` cites where the facts come from.

    Examples:
        >>> from datetime import time
        >>> birth = StatutoryFacts(
        ...     processing_time="Trong ngày", cutoff=time(15, 0), tag="[V]",
        ...     source="law.md §2, row 1.001193")
        >>> birth.time == ProcessingTime.same_day()
        True
        >>> StatutoryFacts(processing_time="07 ngày làm việc", tag="[M]", source="x").unverified
        True
    """

    source: str = attrs.field(validator=_check_source)
    tag: str = attrs.field(validator=_check_tag)
    processing_time: str | None = attrs.field(default=None, validator=_check_time)
    cutoff: time | None = attrs.field(default=attrs.Factory(_cutoff_of_text, takes_self=True))
    name_en: str | None = None
    legal_basis: tuple[LegalBasis, ...] = attrs.field(default=(), converter=_bases)
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.processing_time is None and self.cutoff is not None:
            raise invalid("a cutoff needs a processing_time it belongs to", "$.cutoff")
        _ = self.time  # the cutoff must be one ProcessingTime accepts

    @property
    def time(self) -> ProcessingTime | None:
        """The statutory time limit with its cutoff, ``None`` when the texts give none."""
        if self.processing_time is None:
            return None
        parsed = ProcessingTime.parse(self.processing_time)
        return ProcessingTime(parsed.amount, parsed.unit, self.cutoff)

    @property
    def unverified(self) -> bool:
        """Whether the time rests on memory only ([M]), so the portal must confirm it."""
        return "[M]" in self.tag


def _describe(limit: ProcessingTime) -> str:
    text = str(limit)
    if limit.cutoff is not None and limit.cutoff == limit.default_cutoff:
        text += f" (after {limit.cutoff:%H:%M}: the next working day)"
    return text


def _text(value: Any) -> str | None:
    """A text field of the record: ``None`` for a missing, empty or non-text value."""
    if isinstance(value, str) and value.strip():
        return value
    return None


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _join_by_cell(found: Mapping[tuple[str, str], list[str]], what: str, then: str) -> list[str]:
    """One note per (cell, reason): which channels show the cell and why it is not read."""
    return [
        f"{what} {cell!r} on {', '.join(dict.fromkeys(channels))}: {reason}; {then}."
        for (cell, reason), channels in found.items()
    ]


@attrs.define
class _Converter:
    """Converts one record; collects its notes and its problems."""

    record: Mapping[str, Any]
    path: str
    problems: list[Problem]
    notes: list[str] = attrs.Factory(list)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(RECORDS, f"{self.path}{where}", message))

    def convert(self, facts: StatutoryFacts | None) -> dict[str, Any] | None:
        record = self.record
        before = len(self.problems)
        code = _text(record.get("code"))
        name_vi = _text(record.get("name_vi"))
        field = _text(record.get("field"))
        if code is None or not CODE.fullmatch(code.strip()):
            self.fail(".code", f"code {record.get('code')!r} is not a national procedure code")
        if name_vi is None:
            self.fail(".name_vi", "the record has no Vietnamese name")
        if field is None:
            self.fail(".field", "the record has no field (lĩnh vực)")
        levels = self.levels()
        channels, parsed_times, cells = self.channels()
        documents = self.documents()
        results = self.results()
        legal_basis = self.legal_basis(facts)
        if not legal_basis:
            self.fail(".legal_basis", "the record cites no legal text and no statutory facts do")
        processing_time = self.statutory_time(facts, parsed_times, cells)
        online = self.online()
        source = self.source()
        for note in _list(record.get("data_quality_notes")):
            if _text(note) is not None:
                self.notes.append(f"Record: {note}")
        if len(self.problems) > before or code is None:
            return None
        entry: dict[str, Any] = {
            "code": code.strip(),
            "name_vi": name_vi,
            "name_en": None if facts is None else facts.name_en,
            "field": field,
            "levels": [level.value for level in levels],
            "competent_agency": _text(record.get("competent_agency")),
            "executing_agency": _text(record.get("executing_agency")),
            "processing_time": None if processing_time is None else str(processing_time),
            "time_rules": [
                rule for rule in _list(record.get("time_rules_in_steps")) if _text(rule)
            ],
            "online_service": online,
            "notes": self.notes,
            "source": source,
            "legal_basis": legal_basis,
            "channel": channels,
            "document": documents,
            "result": results,
        }
        return _drop_empty(entry)

    def levels(self) -> tuple[Level, ...]:
        text = self.record.get("level")
        levels, unknown = parse_levels(text if isinstance(text, str) else None)
        for part in unknown:
            self.notes.append(
                f"Level {part!r} (in {text!r}) is not Cấp bộ, Cấp tỉnh, Cấp huyện, "
                "Cấp xã or Cơ quan khác; left out of levels."
            )
        if not levels and not unknown:
            self.notes.append("The record gives no level (cấp thực hiện).")
        return levels

    def channels(
        self,
    ) -> tuple[list[dict[str, Any]], list[ProcessingTime | None], list[tuple[str, str]]]:
        """The channel rows, the time read from each, and each row's (channel, time cell)."""
        rows: list[dict[str, Any]] = []
        times: list[ProcessingTime | None] = []
        cells: list[tuple[str, str]] = []
        unread_times: dict[tuple[str, str], list[str]] = {}
        unread_fees: dict[tuple[str, str], list[str]] = {}
        provincial: list[str] = []
        amounts: list[tuple[str, int]] = []
        for number, row in enumerate(_list(self.record.get("channels"))):
            if not isinstance(row, Mapping):
                self.notes.append(f"Channel row {number + 1} is not a table; left out.")
                continue
            label = _text(row.get("channel")) or ""
            channel = _CHANNELS.get(fold(label))
            if channel is None:
                self.notes.append(
                    f"Channel row {number + 1} names no known channel ({label!r}); left out: "
                    f"{_quote(str(row.get('verbatim') or ''), 120)}."
                )
                continue
            cell = _text(row.get("time"))
            limit, reason = parse_time_cell(cell)
            if reason is not None:
                unread_times.setdefault((cell or "", reason), []).append(label)
            times.append(limit)
            cells.append((label, cell or ""))
            fee_cell = _text(row.get("fee"))
            fee_note = _text(row.get("fee_note"))
            amount, fee_reason = parse_fee(fee_cell)
            if fee_reason is not None:
                unread_fees.setdefault((fee_cell or "", fee_reason), []).append(label)
            if fee_cell is None and fee_note is not None:
                self.notes.append(f"{label}: fee note without a fee cell: {fee_note}")
            if amount == 0 and fee_note is not None and "hoi dong nhan dan" in fold(fee_note):
                provincial.append(label)
            if amount is not None:
                amounts.append((label, amount))
            rows.append(
                _drop_empty(
                    {
                        "channel": channel.value,
                        "processing_time": None if limit is None else str(limit),
                        "time_verbatim": cell,
                        "fee_vnd": amount,
                        "fee_verbatim": fee_cell,
                        "fee_note": fee_note,
                        "description": _text(row.get("description")),
                    }
                )
            )
        self.notes += _join_by_cell(
            unread_times, "Time cell", "the channel's processing_time is left unset"
        )
        self.notes += _join_by_cell(
            unread_fees, "Fee cell", "fee_vnd is left unset, the cell is kept in fee_verbatim"
        )
        if provincial:
            self.notes.append(
                f"Fee 'Miễn phí' on {', '.join(dict.fromkeys(provincial))} comes with a note that the provincial "
                "People's Council (HĐND tỉnh) sets the fee: fee_vnd 0 is the portal's cell, the "
                "fee charged is set by each province (exemptions in fee_note)."
            )
        if len({amount for _, amount in amounts}) > 1:
            listed = "; ".join(f"{label}: {amount:,} đ" for label, amount in amounts)
            self.notes.append(
                f"Fees differ between channels ({listed}): kept as the portal shows them; "
                "check whether a lower online fee is intended or the portal is wrong."
            )
        if not rows:
            self.notes.append("The record has no channel table.")
        return rows, times, cells

    def documents(self) -> list[dict[str, Any]]:
        documents: list[dict[str, Any]] = []
        listed: set[str] = set()
        for number, item in enumerate(_list(self.record.get("documents"))):
            name = _text(item.get("name")) if isinstance(item, Mapping) else None
            if not isinstance(item, Mapping) or name is None:
                self.notes.append(f"Document row {number + 1} has no name; left out.")
                continue
            group = _text(item.get("group"))
            role = document_role(group)
            quantity_text = item.get("quantity")
            quantity = parse_quantity(quantity_text if isinstance(quantity_text, str) else None)
            if quantity is None:
                self.notes.append(
                    f"Document {_quote(name)}: quantity {quantity_text!r} cannot be read; "
                    "written as 1 original."
                )
                quantity = (1, 0)
            if quantity == (0, 0):
                self.notes.append(
                    f"Document {_quote(name)}: quantity {quantity_text!r} is neither an original "
                    "nor a copy (a note or a condition); left out."
                )
                continue
            if role is DocumentRole.LISTED:
                listed.add(group or "")
            documents.append(
                _drop_empty(
                    {
                        "name": name,
                        "role": role.value,
                        "originals": quantity[0],
                        "copies": quantity[1],
                        "group": group if role is DocumentRole.LISTED else None,
                    }
                )
            )
        if listed:
            headings = ", ".join(_quote(heading or "(none)", 50) for heading in sorted(listed))
            self.notes.append(
                f"Documents under other headings than 'Giấy tờ phải nộp' or 'Giấy tờ phải xuất "
                f"trình' ({headings}) have role 'listed', the heading kept in group: the record "
                "does not say whether they are submitted or shown."
            )
        total = self.record.get("documents_total")
        if isinstance(total, int) and not isinstance(total, bool) and total > len(documents):
            self.notes.append(
                f"The record keeps {len(documents)} of the portal's {total} documents; "
                "check the portal for the others."
            )
        omitted = self.record.get("document_notes_omitted")
        if isinstance(omitted, int) and not isinstance(omitted, bool) and omitted > 0:
            self.notes.append(
                f"{omitted} rows of the portal's document list with '0 bản chính' (notes or "
                "conditions) are not in the record."
            )
        return documents

    def results(self) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        for number, item in enumerate(_list(self.record.get("result"))):
            name = _text(item.get("name")) if isinstance(item, Mapping) else None
            if not isinstance(item, Mapping) or name is None:
                self.notes.append(f"Result row {number + 1} has no name; left out.")
                continue
            code = _text(item.get("code"))
            if code is not None and not _RESULT_CODE.fullmatch(code):
                self.notes.append(
                    f"Result code {code!r} of {_quote(name)} is not a KQ.* code (an error on the "
                    "portal); kept as is."
                )
            results.append(_drop_empty({"name": name, "code": code}))
        return results

    def legal_basis(self, facts: StatutoryFacts | None) -> list[dict[str, Any]]:
        portal: list[dict[str, Any]] = []
        for number, item in enumerate(_list(self.record.get("legal_basis"))):
            document = _text(item.get("code")) if isinstance(item, Mapping) else None
            if not isinstance(item, Mapping) or document is None:
                self.notes.append(f"Legal basis row {number + 1} has no document number; left out.")
                continue
            portal.append(_drop_empty({"document": document, "title": _text(item.get("title"))}))
        statutory = [] if facts is None else list(facts.legal_basis)
        titles = {entry["document"]: entry.get("title") for entry in portal}
        cited = {basis.document for basis in statutory}
        merged = [
            _drop_empty(
                {
                    "document": basis.document,
                    "title": basis.title or titles.get(basis.document),
                    "article": basis.article,
                    "url": basis.url,
                }
            )
            for basis in statutory
        ]
        return merged + [entry for entry in portal if entry["document"] not in cited]

    def statutory_time(
        self,
        facts: StatutoryFacts | None,
        parsed: list[ProcessingTime | None],
        cells: list[tuple[str, str]],
    ) -> ProcessingTime | None:
        """The statutory time of ``facts``, if it may be used, with notes on how it relates
        to the portal's cells."""
        if facts is None:
            return None
        limit = facts.time
        where = f"{facts.source}; tagged {facts.tag}"
        detail = "" if facts.note is None else f" {facts.note}"
        if limit is None:
            if facts.note is not None:
                self.notes.append(f"Legal texts ({where}): {facts.note}")
            return None
        shown = ", ".join(f"{label}: {cell!r}" for label, cell in cells)
        if facts.unverified:
            if parsed and all(other == limit for other in parsed):
                self.notes.append(
                    f"processing_time {_describe(limit)} is unverified ({where}: from memory); "
                    f"the portal's channel table shows the same time ({shown}).{detail}"
                )
                return limit
            self.notes.append(
                f"{where} gives {_describe(limit)}, unverified (from memory), and the portal's "
                f"channel table does not confirm it ({shown or 'no channel table'}): "
                f"processing_time left unset.{detail}"
            )
            return None
        self.notes.append(
            f"processing_time {_describe(limit)} is the statutory time ({where}).{detail}"
        )
        differing = [
            f"{label}: {cell!r}"
            for other, (label, cell) in zip(parsed, cells, strict=True)
            if other is not None and other != limit
        ]
        if differing:
            # Procedure.time_of: the statutory time applies to every channel; the cell is kept.
            self.notes.append(
                f"The portal's channel time ({', '.join(differing)}) differs from the law's "
                f"{_describe(limit)}. The law wins: deadlines through every channel use the "
                "statutory time; the portal's cell stays in the channel row, verbatim "
                "(time_verbatim) and as read (processing_time)."
            )
        if any(other is None for other in parsed):
            self.notes.append(
                "Channels whose cell gives no usable time fall back to the statutory time."
            )
        return limit

    def online(self) -> str | None:
        value = self.record.get("online")
        if value is None:
            return None
        service = _ONLINE.get(fold(str(value)))
        if service is None:
            self.notes.append(
                f"Online level {value!r} is neither 'toàn trình' nor 'một phần'; left unset."
            )
            return None
        return service.value

    def source(self) -> str | None:
        source = self.record.get("source")
        url = _text(source.get("official_url")) if isinstance(source, Mapping) else None
        if url is None:
            self.notes.append("The record gives no official portal address (source.official_url).")
        return url


def _drop_empty(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``raw`` without ``None``, empty texts and empty lists, as catalog files are written."""
    return {
        key: value
        for key, value in raw.items()
        if value is not None and not (isinstance(value, str | list) and len(value) == 0)
    }


def from_portal_records(
    records: Iterable[Mapping[str, Any]],
    *,
    statutory: Mapping[str, StatutoryFacts] | None = None,
    name: str,
    source: str | None,
) -> dict[str, Any]:
    """A catalog document (the file format that ``dumps_toml`` writes and
    ``loads_catalog`` reads) from portal records shaped like ``procedures_sample.json``,
    with the legal texts' facts in ``statutory`` by procedure code. Procedures are sorted
    by code.

    Raises :class:`~onestop.errors.CatalogError` listing every record that cannot become a
    procedure (no valid code, no name, no field, no legal text, a repeated code).

    Examples:
        >>> record = {
        ...     "code": "1.001193", "name_vi": "Thủ tục đăng ký khai sinh", "field": "Hộ tịch",
        ...     "level": "Cấp xã",
        ...     "channels": [{"channel": "Trực tiếp", "time": "1", "fee": "Miễn phí"}],
        ...     "legal_basis": [{"code": "60/2014/QH13", "title": "Luật 60/2014/QH13"}],
        ... }
        >>> document = from_portal_records([record], name="Ward", source=None)
        >>> procedure = document["procedure"][0]
        >>> procedure["channel"]
        [{'channel': 'in_person', 'time_verbatim': '1', 'fee_vnd': 0, 'fee_verbatim': 'Miễn phí'}]
        >>> procedure["notes"][0][:40]
        "Time cell '1' on Trực tiếp: a number wit"
        >>> facts = StatutoryFacts(processing_time="Trong ngày", tag="[V]", source="law.md §2")
        >>> with_law = from_portal_records(
        ...     [record], statutory={"1.001193": facts}, name="Ward", source=None)
        >>> with_law["procedure"][0]["processing_time"]
        'Trong ngày'
    """
    facts_by_code = dict(statutory or {})
    problems: list[Problem] = []
    entries: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        path = f"$[{index}]"
        if not isinstance(record, Mapping):
            problems.append(Problem(RECORDS, path, "each record is a table (a JSON object)"))
            continue
        code = _text(record.get("code"))
        code = None if code is None else code.strip()
        if code is not None and code in seen:
            problems.append(
                Problem(
                    RECORDS,
                    f"{path}.code",
                    f"duplicate code {code}: also record {seen[code]}; give each procedure once",
                )
            )
            continue
        if code is not None:
            seen[code] = index
        converter = _Converter(record, path, problems)
        entry = converter.convert(None if code is None else facts_by_code.get(code))
        if entry is not None:
            entries[entry["code"]] = entry
    if problems:
        raise CatalogError(problems)
    document: dict[str, Any] = {"format": _FORMAT, "name": name}
    if source is not None:
        document["source"] = source
    document["procedure"] = [entries[code] for code in sorted(entries)]
    return document
