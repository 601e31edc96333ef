"""Feedback items (phản ánh, kiến nghị) in JSON Lines, alone or in a ward's log with its
dossiers.

A feedback line is a dossier line (:mod:`onestop.io._jsonl`) with the key ``feedback``, the
item's id, in place of ``dossier`` and ``procedure``: one JSON object with exactly these keys
(``by`` and ``payload`` may be left out)::

    {"feedback": "PA-2026-0017", "type": "receive", "at": "2026-02-13T15:20:00+07:00",
     "by": null, "payload": {"channel": "zalo", "subject": {"kind": "procedure",
     "ref": "1.001193"}, "author": {"name": "...", "phone": "..."}, "summary": "..."}}
    {"feedback": "PA-2026-0017", "type": "classify", "at": "2026-02-23T08:00:00+07:00",
     "by": "cb-07", "payload": {"feedback_class": "procedure"}}

``type``, ``at`` and ``by`` are the event's own fields (:class:`onestop.feedback.EventKind`
names the types), lifted to the top level; ``payload`` holds its other fields exactly as
:func:`onestop.feedback.event_to_dict` writes them. The first line of an item is its
``receive`` event, whose payload says where it came in (``channel``), what it is about
(``subject``) and who wrote it (``author``: personal data, in the log until
:func:`pseudonymise_ward_log` has run). The lines of an item are contiguous.

A ward's log may hold dossier lines and feedback lines: a line with the key ``feedback`` is a
feedback line, any other a dossier line. Dossiers and items may come in any order relative to
each other (all dossiers, then all items, as :func:`write_ward_log` writes them, or mixed):
the lines of a dossier are contiguous among the dossier lines and the lines of an item among
the feedback lines. :func:`read_ward_log` routes every line in one pass, holding one
dossier's and one item's lines at a time; every error carries the file's line number.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TextIO, TypeVar

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier, LifecycleRules
from onestop.errors import FeedbackError, OnestopError
from onestop.feedback import (
    Author,
    EventKind,
    FeedbackChannel,
    FeedbackClass,
    FeedbackEvent,
    FeedbackItem,
    FeedbackLimits,
    Reaction,
    Received,
    event_from_dict,
    event_to_dict,
)
from onestop.feedback import pseudonymise as pseudonymise_feedback
from onestop.feedback._fold import COMMANDS, RuleError, View, allowed, step
from onestop.io._jsonl import (
    _SHOWN_KEY,
    LogError,
    OnError,
    RowError,
    _bounded_lines,
    _check_on_error,
    _Counts,
    _is_moment,
    _key,
    _LineRejectedError,
    _parse,
    _redact,
    _SeenIds,
    _shown,
    _texts,
    _too_long,
    dossier_rows,
    write_events,
)
from onestop.io._pseudonym import pseudonymise as pseudonymise_dossiers
from onestop.procedures import Catalog, Procedure

__all__ = [
    "FeedbackLogError",
    "FeedbackReader",
    "FeedbackRowError",
    "WardLogReader",
    "WardLogSummary",
    "pseudonymise_ward_log",
    "read_feedback",
    "read_ward_log",
    "read_ward_log_file",
    "write_feedback",
    "write_ward_log",
]

T = TypeVar("T")

#: The keys of a feedback line; ``by`` and ``payload`` may be left out.
_REQUIRED_KEYS = ("feedback", "type", "at")
_KEYS = frozenset((*_REQUIRED_KEYS, "by", "payload"))
_KEY_ORDER = ", ".join((*_REQUIRED_KEYS, "by", "payload"))
_EVENT_TYPES = frozenset(kind.value for kind in EventKind)
#: Payload slots whose known values are shown in a reason (closed sets, not personal data).
_ENUM_SLOTS: dict[str, frozenset[str]] = {
    "channel": frozenset(member.value for member in FeedbackChannel),
    "feedback_class": frozenset(member.value for member in FeedbackClass),
    "reaction": frozenset(member.value for member in Reaction),
}


class FeedbackLogError(LogError, FeedbackError):
    """A feedback line that cannot be read: its 1-based line number in the file, the item it
    was charged to and why. A :class:`~onestop.io.LogError` (so one ``except`` catches the
    bad lines of a ward's log) and a :class:`~onestop.errors.FeedbackError`. The reason never
    quotes the author's data.

    Examples:
        >>> error = FeedbackLogError(4, "not JSON: Expecting value (column 1)", "PA-1")
        >>> print(error)
        line 4: not JSON: Expecting value (column 1)
        >>> error.line, error.item, error.dossier
        (4, 'PA-1', None)
    """

    def __init__(self, line: int, reason: str, item: str | None = None) -> None:
        super().__init__(line, reason)
        self.item = item


@attrs.frozen
class FeedbackRowError:
    """One bad feedback line, as collected with ``on_error="collect"``: its 1-based line
    number, the item it was charged to (``None`` when none could be told) and why.

    Examples:
        >>> print(FeedbackRowError(3, "PA-1", "bad event: ..."))
        line 3 (feedback item 'PA-1'): bad event: ...
    """

    line: int
    item: str | None
    reason: str

    def __str__(self) -> str:
        where = "" if self.item is None else f" (feedback item {self.item!r})"
        return f"line {self.line}{where}: {self.reason}"


@attrs.frozen
class WardLogSummary:
    """What a read of a ward's log saw: every line is kept, rejected or blank, and every
    dossier and feedback item is kept or rejected; nothing is dropped without being counted.

    Examples:
        >>> WardLogSummary(lines_read=9, lines_kept=7, lines_rejected=1, blank_lines=1,
        ...                dossiers_kept=1, feedback_kept=1, feedback_rejected=1).balanced
        True
    """

    lines_read: int = 0
    lines_kept: int = 0
    lines_rejected: int = 0
    blank_lines: int = 0
    dossiers_kept: int = 0
    dossiers_rejected: int = 0
    feedback_kept: int = 0
    feedback_rejected: int = 0

    @property
    def balanced(self) -> bool:
        """Whether every line read is accounted for."""
        return self.lines_read == self.lines_kept + self.lines_rejected + self.blank_lines

    @property
    def has_feedback(self) -> bool:
        """Whether the log had feedback items (kept or rejected): the ward tracks feedback."""
        return self.feedback_kept + self.feedback_rejected > 0


# ------------------------------------------------------------------ writing


def feedback_line(item_id: str, event: FeedbackEvent) -> dict[str, Any]:
    """The JSON object of one feedback line: ``event`` of the item ``item_id``."""
    payload = event_to_dict(event)
    kind = payload.pop("type")
    at = payload.pop("at")
    by = payload.pop("by", None)
    return {"feedback": item_id, "type": kind, "at": at, "by": by, "payload": payload}


def write_feedback(items: Iterable[FeedbackItem], out: TextIO) -> int:
    """Write the events of ``items`` to ``out`` as JSON Lines; the number of lines written.
    The lines of an item are contiguous and in event order; texts are written as UTF-8
    characters (open files with ``encoding="utf-8"``). Append them to a file of dossier
    lines (:func:`~onestop.io.write_events`) to make a ward's log.

    Examples:
        >>> import io
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.feedback import FeedbackChannel, Subject
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> item = FeedbackItem.receive(id="PA-1", at=at, channel=FeedbackChannel.HOTLINE,
        ...     calendar=WorkCalendar.vietnam(), subject=Subject.procedure("1.001193"))
        >>> out = io.StringIO()
        >>> write_feedback([item.answer(at=at.replace(day=4), by="cb-07")], out)
        2
        >>> print(out.getvalue(), end="")
        {"feedback":"PA-1","type":"receive","at":"2026-03-02T09:00:00+07:00","by":null,"payload":{"channel":"hotline","subject":{"kind":"procedure","ref":"1.001193"}}}
        {"feedback":"PA-1","type":"answer","at":"2026-03-04T09:00:00+07:00","by":"cb-07","payload":{}}
    """
    written = 0
    for item in items:
        for event in item.events:
            line = feedback_line(item.id, event)
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            written += 1
    return written


def write_ward_log(records: Iterable[Dossier | FeedbackItem], out: TextIO) -> int:
    """Write dossiers and feedback items, in the order given, as one ward's log; the number of
    lines written. Streaming: with :func:`read_ward_log` and :func:`pseudonymise_ward_log`,
    a log is copied, pseudonymised, one record at a time.

    Examples:
        >>> import io
        >>> write_ward_log([], io.StringIO())
        0
    """
    written = 0
    for record in records:
        if isinstance(record, Dossier):
            written += write_events([record], out)
        elif isinstance(record, FeedbackItem):
            written += write_feedback([record], out)
        else:
            raise TypeError(f"not a dossier or a feedback item: {type(record).__name__}")
    return written


# ------------------------------------------------------------------ reading


def _leaves(data: dict[str, Any], found: set[str]) -> None:
    """Every text of a parsed feedback line that may be the author's data, into ``found``:
    all strings, numbers and odd key names except the identifiers (``feedback``, ``by``), a
    known ``type``, well-formed moments and the known values of the closed sets."""
    for key, item in data.items():
        _key(key, found)
        if key == "payload" and isinstance(item, dict):
            for name, value in item.items():
                _key(name, found)
                if value in _ENUM_SLOTS.get(name, ()):
                    continue
                _texts(value, found)
        elif (
            (key in ("feedback", "by") and isinstance(item, str))
            or (key == "type" and item in _EVENT_TYPES)
            or (key == "at" and _is_moment(item))
        ):
            continue
        else:
            _texts(item, found)


def _author_texts(author: Author | None) -> set[str]:
    if author is None:
        return set()
    values = (getattr(author, field.name) for field in attrs.fields(Author))
    return {value for value in values if value}


def _item_id(data: dict[str, Any]) -> str:
    value = data.get("feedback")
    if not isinstance(value, str) or not value.strip():
        if "feedback" not in data and "dossier" in data:
            raise _LineRejectedError(
                "a dossier line in a feedback log: read a ward's log of dossiers and feedback "
                "with read_ward_log"
            )
        raise _LineRejectedError('"feedback" must be a non-empty string (the feedback item id)')
    return value


def _check_keys(data: dict[str, Any], item_id: str) -> None:
    missing = [key for key in _REQUIRED_KEYS if key not in data]
    if missing:
        raise _LineRejectedError(
            f"missing keys {missing}; a feedback line has {_KEY_ORDER}", item_id
        )
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        shown = [key for key in unknown if _SHOWN_KEY.match(key)]
        hidden = len(unknown) - len(shown)
        listed = f"{shown}" + (f" and {hidden} more not shown" if hidden else "")
        raise _LineRejectedError(
            f"unknown keys {listed}; a feedback line has {_KEY_ORDER}", item_id
        )


def _event(data: dict[str, Any], item_id: str) -> FeedbackEvent:
    payload = data.get("payload", {})
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise _LineRejectedError('"payload" must be a JSON object', item_id)
    clashing = sorted(key for key in payload if key in ("type", "at", "by"))
    if clashing:
        raise _LineRejectedError(f"payload repeats the line's keys {clashing}", item_id)
    fields = {"type": data["type"], "at": data["at"], **payload}
    if data.get("by") is not None:
        fields["by"] = data["by"]
    try:
        return event_from_dict(fields)
    except (OnestopError, ValueError, TypeError) as error:
        raise _LineRejectedError(f"bad event: {error}", item_id) from None


class _Open:
    """The lines of the feedback item being read, folded as they come."""

    __slots__ = ("events", "failed", "id", "lines", "rejected_lines", "secrets", "view")

    def __init__(self, item_id: str) -> None:
        self.id = item_id
        self.view: View | None = None
        self.events: list[FeedbackEvent] = []
        self.lines: list[int] = []
        self.failed = False
        self.rejected_lines = 0
        #: The author's details: never shown in a reason charged to this item.
        self.secrets: set[str] = set()


class _FeedbackLines:
    """The feedback lines of a log, fed one at a time (a :class:`~onestop.io._jsonl.SideLines`
    of :func:`~onestop.io._jsonl.dossier_rows`, or driven by :func:`read_feedback`)."""

    def __init__(
        self,
        *,
        calendar: WorkCalendar,
        on_error: OnError,
        limits: FeedbackLimits | None,
        max_item_lines: int,
        check_reappearing: bool,
    ) -> None:
        self._calendar = calendar
        self._on_error = on_error
        self._limits = limits
        self._max_lines = max_item_lines
        self._seen = _SeenIds() if check_reappearing else None
        self._open: _Open | None = None
        self.errors: list[FeedbackRowError] = []
        self.kept = 0
        self.rejected = 0

    def claims(self, data: dict[str, Any]) -> bool:
        return "feedback" in data

    def _reject(self, line: int, reason: str, item: str | None, secrets: set[str]) -> None:
        reason = _redact(reason, secrets)
        if self._on_error == "raise":
            raise FeedbackLogError(line, reason, item) from None
        self.errors.append(FeedbackRowError(line, item, reason))

    def _close(self, current: _Open, counts: _Counts) -> FeedbackItem | None:
        if not current.failed:
            # Every event was checked by the fold as its line came: the replay cannot fail.
            item = FeedbackItem(
                current.id, self._calendar, current.events, limits_override=self._limits
            )
            counts.lines_kept += len(current.lines)
            self.kept += 1
            return item
        counts.lines_rejected += len(current.lines) + current.rejected_lines
        self.rejected += 1
        return None

    def _fold(self, current: _Open, event: FeedbackEvent) -> None:
        try:
            current.view = step(current.view, event, self._calendar, self._limits)
        except (RuleError, OnestopError) as refusal:
            if current.view is None:
                reason = f"feedback item {_shown(current.id)}: {refusal}"
            else:
                reason = (
                    f"cannot {COMMANDS[event.kind]} feedback item {_shown(current.id)}: "
                    f"{refusal}; allowed now: {', '.join(allowed(current.view))}"
                )
            raise _LineRejectedError(reason, current.id) from None
        if isinstance(event, Received):
            current.secrets |= _author_texts(event.author)

    def line(self, number: int, data: dict[str, Any], counts: _Counts) -> Iterator[FeedbackItem]:
        try:
            item_id = _item_id(data)
            current = self._open
            if current is None or current.id != item_id:
                if current is not None:
                    self._open = None
                    built = self._close(current, counts)
                    if built is not None:
                        yield built
                current = self._open = _Open(item_id)
                if self._seen is not None and not self._seen.add(item_id):
                    raise _LineRejectedError(
                        f"feedback item {_shown(item_id)} reappears after another item: the "
                        "lines of an item must be contiguous",
                        item_id,
                    )
            _check_keys(data, item_id)
            if len(current.lines) + current.rejected_lines >= self._max_lines:
                raise _LineRejectedError(
                    f"feedback item {_shown(item_id)} has more than {self._max_lines} lines; "
                    "raise max_item_lines if the log is trusted",
                    item_id,
                )
            event = _event(data, item_id)
            if not current.failed:
                self._fold(current, event)
        except _LineRejectedError as refusal:
            secrets: set[str] = set()
            _leaves(data, secrets)
            self.orphan(number, refusal.reason, secrets, counts)
            return
        if current.failed:
            current.rejected_lines += 1
        else:
            current.events.append(event)
            current.lines.append(number)

    def orphan(self, number: int, reason: str, secrets: set[str], counts: _Counts) -> None:
        owner = self._open
        if owner is None:
            # Nothing to charge it to: the line alone is rejected.
            counts.lines_rejected += 1
            self._reject(number, reason, None, secrets)
            return
        owner.failed = True
        owner.rejected_lines += 1
        self._reject(number, reason, owner.id, secrets | owner.secrets)

    def end(self, counts: _Counts) -> Iterator[FeedbackItem]:
        current, self._open = self._open, None
        if current is not None:
            built = self._close(current, counts)
            if built is not None:
                yield built


class _Reader(Iterator[T], Generic[T]):
    """The records of a log, read one at a time, with the errors and the summary of the read."""

    def __init__(
        self,
        rows: Callable[[_Counts, list[RowError]], Iterator[Any]],
        side: _FeedbackLines,
    ) -> None:
        self._counts = _Counts()
        self._errors: list[RowError] = []
        self._side = side
        self._rows = rows(self._counts, self._errors)
        self._done = False

    def __iter__(self) -> _Reader[T]:
        return self

    def __next__(self) -> T:
        try:
            record: T = next(self._rows)
        except StopIteration:
            self._done = True
            raise
        return record

    @property
    def done(self) -> bool:
        """Whether the input was read to its end."""
        return self._done

    @property
    def summary(self) -> WardLogSummary:
        """The lines read, kept, rejected or blank, and the records kept or rejected (final
        once :attr:`done`)."""
        counts, side = self._counts, self._side
        return WardLogSummary(
            counts.lines_read,
            counts.lines_kept,
            counts.lines_rejected,
            counts.blank_lines,
            counts.dossiers_kept,
            counts.dossiers_rejected,
            side.kept,
            side.rejected,
        )

    @property
    def errors(self) -> tuple[RowError | FeedbackRowError, ...]:
        """Every bad line met, by line number (only with ``on_error="collect"``)."""
        found: list[RowError | FeedbackRowError] = [*self._errors, *self._side.errors]
        return tuple(sorted(found, key=lambda error: error.line))

    def __repr__(self) -> str:
        summary = self.summary
        return (
            f"{type(self).__name__}(done={self._done}, lines_read={summary.lines_read}, "
            f"dossiers_kept={summary.dossiers_kept}, feedback_kept={summary.feedback_kept}, "
            f"errors={len(self._errors) + len(self._side.errors)})"
        )


class FeedbackReader(_Reader[FeedbackItem]):
    """The feedback items of a log, read one at a time (:func:`read_feedback`), with
    :attr:`errors` and :attr:`summary` (its dossier counts are 0)."""

    @property
    def errors(self) -> tuple[FeedbackRowError, ...]:
        """Every bad line met, in order (only with ``on_error="collect"``)."""
        return tuple(self._side.errors)


class WardLogReader(_Reader[Dossier | FeedbackItem]):
    """The dossiers and feedback items of a ward's log, in the order they are completed
    (:func:`read_ward_log`), with :attr:`errors` and :attr:`summary`."""


def _check_sizes(*sizes: int) -> None:
    if any(size < 1 for size in sizes):
        raise ValueError("max_line_bytes, max_dossier_lines and max_item_lines must be positive")


def read_feedback(
    lines: Iterable[str],
    *,
    calendar: WorkCalendar,
    on_error: OnError = "raise",
    limits: FeedbackLimits | None = None,
    max_line_bytes: int = 64 * 1024,
    max_item_lines: int = 10_000,
    check_reappearing: bool = True,
) -> FeedbackReader:
    """The feedback items of a JSON Lines log (as :func:`write_feedback` writes it), streamed
    like :func:`~onestop.io.read_events` streams dossiers: the contiguous lines of an item are
    folded through the order rules as they come, and the item is built when the next item
    starts or the input ends. Memory holds one item's events, plus 8 to 16 bytes per item id
    to detect ids that reappear (turn that off with ``check_reappearing=False``). ``limits``
    judges every item by other limits (:class:`~onestop.feedback.FeedbackLimits`).

    A bad line is one that is longer than ``max_line_bytes`` (UTF-8), is not JSON or not a
    JSON object, is a dossier line, misses a key or has an unknown one, holds an event that
    cannot be read, carries the id of an item already read, makes its item longer than
    ``max_item_lines``, or holds an event the order rules refuse. Blank lines are skipped,
    and counted. With ``on_error="raise"`` the first bad line raises
    :class:`FeedbackLogError` with its line number; with ``"collect"`` it rejects its whole
    item, is recorded in :attr:`FeedbackReader.errors` and reading goes on. A line that
    cannot be told to belong to an item (not JSON, no id) is charged to the item being read.
    Reasons never quote the author's data: every value of the bad line that is not an
    identifier (item id, ``by``), a known type or value, or a well-formed moment is shown as
    ``…``, and so are the author's details of its item.

    Examples:
        >>> from onestop.calendar import WorkCalendar
        >>> log = [
        ...     '{"feedback": "PA-1", "type": "receive", "at": "2026-03-02T09:00:00+07:00",'
        ...     ' "payload": {"channel": "zalo", "author": {"name": "Trần Thị Bình"}}}',
        ...     '{"feedback": "PA-1", "type": "publish", "at": "2026-03-03T09:00:00+07:00"}',
        ...     '{"feedback": "PA-2", "type": "receive", "at": "2026-03-02T10:00:00+07:00",'
        ...     ' "payload": {"channel": "hotline"}}',
        ... ]
        >>> reader = read_feedback(log, calendar=WorkCalendar.vietnam(), on_error="collect")
        >>> [item.id for item in reader]
        ['PA-2']
        >>> for error in reader.errors:
        ...     print(error)
        line 2 (feedback item 'PA-1'): cannot publish feedback item 'PA-1': only an answer is published: answer the item first; allowed now: classify_as, refuse, request_supplement, answer
        >>> reader.summary.feedback_kept, reader.summary.feedback_rejected, reader.summary.balanced
        (1, 1, True)
    """
    _check_on_error(on_error)
    _check_sizes(max_line_bytes, max_item_lines)
    side = _FeedbackLines(
        calendar=calendar,
        on_error=on_error,
        limits=limits,
        max_item_lines=max_item_lines,
        check_reappearing=check_reappearing,
    )

    def rows(counts: _Counts, errors: list[RowError]) -> Iterator[FeedbackItem]:
        for number, raw in enumerate(lines, start=1):
            counts.lines_read += 1
            text = raw.rstrip("\r\n")
            if not text.strip():
                counts.blank_lines += 1
                continue
            try:
                if _too_long(text, max_line_bytes):
                    raise _LineRejectedError(
                        f"line too long: over {max_line_bytes} bytes; raise max_line_bytes "
                        "if the log is trusted"
                    )
                data = _parse(text)
            except _LineRejectedError as refusal:
                side.orphan(number, refusal.reason, set(), counts)
                continue
            yield from side.line(number, data, counts)
        yield from side.end(counts)

    return FeedbackReader(rows, side)


def read_ward_log(
    lines: Iterable[str],
    *,
    procedures: Catalog | Mapping[str, Procedure],
    calendar: WorkCalendar,
    on_error: OnError = "raise",
    rules: LifecycleRules | None = None,
    limits: FeedbackLimits | None = None,
    max_line_bytes: int = 64 * 1024,
    max_dossier_lines: int = 10_000,
    max_item_lines: int = 10_000,
    check_reappearing: bool = True,
) -> WardLogReader:
    """The dossiers and feedback items of a ward's log, in one streaming pass: every line with
    the key ``feedback`` is read as :func:`read_feedback` reads it, every other line as
    :func:`~onestop.io.read_events` reads it (a log without feedback lines reads exactly as
    there, the same dossiers, errors and counts). Each record is yielded when its kind's next
    record starts or the input ends; memory holds one dossier's and one item's lines.

    Errors (:class:`~onestop.io.LogError` for a dossier's line, :class:`FeedbackLogError`,
    also a ``LogError``, for an item's; or :attr:`WardLogReader.errors` with ``"collect"``)
    carry the line number in the whole log. A line that cannot be told apart (too long, not
    JSON) is charged to the record of the line before it.

    Examples:
        >>> from onestop.calendar import WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> log = [
        ...     '{"dossier": "HS-1", "procedure": "1.001193", "type": "file",'
        ...     ' "at": "2026-03-02T09:00:00+07:00"}',
        ...     '{"feedback": "PA-1", "type": "receive", "at": "2026-03-02T09:30:00+07:00",'
        ...     ' "payload": {"channel": "desk"}}',
        ...     '{"feedback": "PA-1", "type": "classify", "at": "2026-03-02T10:00:00+07:00",'
        ...     ' "payload": {"feedback_class": "oops"}}',
        ... ]
        >>> reader = read_ward_log(log, procedures=default_catalog(),
        ...                        calendar=WorkCalendar.vietnam(), on_error="collect")
        >>> [record.id for record in reader]
        ['HS-1']
        >>> print(*reader.errors)
        line 3 (feedback item 'PA-1'): bad event: classify.feedback_class must be one of procedure, officer_conduct, other
        >>> reader.summary
        WardLogSummary(lines_read=3, lines_kept=1, lines_rejected=2, blank_lines=0, dossiers_kept=1, dossiers_rejected=0, feedback_kept=0, feedback_rejected=1)
    """
    _check_on_error(on_error)
    _check_sizes(max_line_bytes, max_dossier_lines, max_item_lines)
    side = _FeedbackLines(
        calendar=calendar,
        on_error=on_error,
        limits=limits,
        max_item_lines=max_item_lines,
        check_reappearing=check_reappearing,
    )
    rows = dossier_rows(
        lines,
        procedures=procedures,
        calendar=calendar,
        on_error=on_error,
        rules=rules,
        max_line_bytes=max_line_bytes,
        max_dossier_lines=max_dossier_lines,
        check_reappearing=check_reappearing,
        side=side,
    )
    return WardLogReader(rows, side)


def read_ward_log_file(
    path: str | Path,
    *,
    procedures: Catalog | Mapping[str, Procedure],
    calendar: WorkCalendar,
    on_error: OnError = "raise",
    rules: LifecycleRules | None = None,
    limits: FeedbackLimits | None = None,
    max_line_bytes: int = 64 * 1024,
    max_dossier_lines: int = 10_000,
    max_item_lines: int = 10_000,
    check_reappearing: bool = True,
) -> WardLogReader:
    """:func:`read_ward_log` on the UTF-8 file at ``path``, opened on the first read (so a
    missing file raises then) and closed when the read ends; a line longer than
    ``max_line_bytes`` is never held whole in memory: it is cut short and rejected.

    Examples:
        >>> import tempfile, pathlib
        >>> from onestop.calendar import WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> folder = tempfile.TemporaryDirectory()
        >>> path = pathlib.Path(folder.name) / "ward.jsonl"
        >>> _ = path.write_text('{"feedback": "PA-1", "type": "receive",'
        ...                     ' "at": "2026-03-02T09:00:00+07:00",'
        ...                     ' "payload": {"channel": "portal"}}\\n', encoding="utf-8")
        >>> reader = read_ward_log_file(path, procedures=default_catalog(),
        ...                             calendar=WorkCalendar.vietnam())
        >>> list(reader), reader.summary.has_feedback
        ([FeedbackItem(id='PA-1', channel=portal, class=None, events=1)], True)
        >>> folder.cleanup()
    """
    source = Path(path)

    def file_lines() -> Iterator[str]:
        with source.open(encoding="utf-8") as file:
            yield from _bounded_lines(file, max_line_bytes)

    return read_ward_log(
        file_lines(),
        procedures=procedures,
        calendar=calendar,
        on_error=on_error,
        rules=rules,
        limits=limits,
        max_line_bytes=max_line_bytes,
        max_dossier_lines=max_dossier_lines,
        max_item_lines=max_item_lines,
        check_reappearing=check_reappearing,
    )


# ------------------------------------------------------------------ pseudonymised copies


def pseudonymise_ward_log(
    records: Iterable[Dossier | FeedbackItem], *, key: bytes
) -> Iterator[Dossier | FeedbackItem]:
    """The same dossiers and feedback items, in the same order, each pseudonymised under
    ``key``: dossiers by :func:`onestop.io.pseudonymise`, items by
    :func:`onestop.feedback.pseudonymise`, which give the same detail the same pseudonym, so
    analysts can link a citizen's feedback to their dossiers without learning who they are.
    Streaming; a key shorter than :data:`~onestop.io.MIN_KEY_BYTES` is refused at once.

    Examples:
        >>> import io
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.feedback import FeedbackChannel
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> item = FeedbackItem.receive(id="PA-1", at=at, channel=FeedbackChannel.ZALO,
        ...     calendar=WorkCalendar.vietnam(), author=Author(phone="0905 123 456"))
        >>> [shared] = pseudonymise_ward_log([item], key=b"0123456789abcdef0123456789abcdef")
        >>> shared.author.phone
        'phone-b9c9abf51be6b3cbc016'
    """
    # Both check the key; run one now so that a bad key fails here, not at the first record.
    list(pseudonymise_dossiers((), key=key))
    return _pseudonymised(records, key)


def _pseudonymised(
    records: Iterable[Dossier | FeedbackItem], key: bytes
) -> Iterator[Dossier | FeedbackItem]:
    for record in records:
        if isinstance(record, Dossier):
            yield from pseudonymise_dossiers([record], key=key)
        elif isinstance(record, FeedbackItem):
            yield from pseudonymise_feedback([record], key=key)
        else:
            raise TypeError(f"not a dossier or a feedback item: {type(record).__name__}")
