"""Records read from the contiguous lines of a log: the bookkeeping every JSON Lines reader of
:mod:`onestop.io` shares, whatever the record (a dossier, a feedback item).

A log is read in one pass, holding one record's lines at a time: the lines of a record are
contiguous, and a record is built when the next record of its kind starts or the input
ends. Every line is counted (kept, rejected or blank) and every record (kept or rejected):
nothing is dropped silently. A bad line rejects its whole record, so that no record is ever
kept with a line missing; with ``on_error="raise"`` the first one raises, with ``"collect"``
it is recorded and reading goes on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, Literal, Self, TypeVar

import attrs

from onestop.io._lines import LineRejectedError, LineShape, parse_bounded, redact, shown

OnError = Literal["raise", "collect"]

EventT = TypeVar("EventT")
OpenT = TypeVar("OpenT", bound="OpenRecord[Any]")
RecordT = TypeVar("RecordT")
RowT = TypeVar("RowT")
T = TypeVar("T")
SummaryT = TypeVar("SummaryT", bound=attrs.AttrsInstance)


def check_on_error(on_error: str) -> None:
    if on_error not in ("raise", "collect"):
        raise ValueError(f'on_error must be "raise" or "collect", got {on_error!r}')


class Counts:
    """The running counts of a read: its lines, and the records of each kind kept or
    rejected."""

    __slots__ = (
        "blank_lines",
        "dossiers_kept",
        "dossiers_rejected",
        "feedback_kept",
        "feedback_rejected",
        "lines_kept",
        "lines_read",
        "lines_rejected",
    )

    def __init__(self) -> None:
        self.lines_read = self.lines_kept = self.lines_rejected = self.blank_lines = 0
        self.dossiers_kept = self.dossiers_rejected = 0
        self.feedback_kept = self.feedback_rejected = 0

    def summary(self, kind: type[SummaryT]) -> SummaryT:
        """The counts so far as ``kind``, a summary whose fields are some of these counts."""
        return kind(**{field.name: getattr(self, field.name) for field in attrs.fields(kind)})


class SeenIds:
    """The record ids read so far, as 64-bit hashes in an open-addressing table: 8 to 16
    bytes per record, the only memory of a read that grows with the input.

    Two different ids with the same hash (odds about 1 in 30 million for a million records)
    would be reported as a reappearing id; pass ``check_reappearing=False`` to the reader to
    turn the check off for truly constant memory.
    """

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self) -> None:
        self._slots = array("Q", bytes(8 * 1024))
        self._mask = 1023
        self._count = 0

    def add(self, record_id: str) -> bool:
        """Remember ``record_id``; ``False`` if it was already there."""
        # 0 marks an empty slot; hash() is stable within the process, which is all we need.
        key = (hash(record_id) & 0xFFFF_FFFF_FFFF_FFFF) or 1
        slots, mask = self._slots, self._mask
        index = key & mask
        while True:
            found = slots[index]
            if found == key:
                return False
            if not found:
                break
            index = (index + 1) & mask
        slots[index] = key
        self._count += 1
        if 2 * self._count > mask:
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = 2 * len(old) - 1
        slots, mask = self._slots, self._mask
        for key in old:
            if key:
                index = key & mask
                while slots[index]:
                    index = (index + 1) & mask
                slots[index] = key


class Rejections(Generic[RowT]):
    """Where the bad lines of one kind of record go: raised at once (``on_error="raise"``) or
    collected in :attr:`errors`, their reasons redacted either way.

    ``error`` and ``row`` make the exception and the collected row of a bad line from its
    line number, reason and record id (each kind has its own, which say which kind).
    """

    def __init__(
        self,
        on_error: OnError,
        error: Callable[[int, str, str | None], Exception],
        row: Callable[[int, str | None, str], RowT],
        errors: list[RowT],
    ) -> None:
        self._on_error = on_error
        self._error = error
        self._row = row
        self.errors = errors

    def __call__(self, line: int, reason: str, record: str | None, secrets: set[str]) -> None:
        """Reject line ``line`` of ``record`` for ``reason``, which must not show ``secrets``."""
        reason = redact(reason, secrets)
        if self._on_error == "raise":
            raise self._error(line, reason, record) from None
        self.errors.append(self._row(line, record, reason))


class RecordRefusedError(Exception):
    """The lines of a record were each good, but the record cannot be built from them: line
    ``line`` (of the file) is the one to blame, for ``reason``."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class OpenRecord(Generic[EventT]):
    """The lines of the record being read."""

    __slots__ = ("events", "failed", "id", "lines", "rejected_lines")

    def __init__(self, record_id: str) -> None:
        self.id = record_id
        self.events: list[EventT] = []
        #: The line numbers of ``events``, one each.
        self.lines: list[int] = []
        #: Whether a line was rejected: the record will be, whole.
        self.failed = False
        #: Lines charged to the record besides ``lines``: bad ones, and good ones after them.
        self.rejected_lines = 0


@attrs.frozen
class RecordNames:
    """How reasons name a kind of record: ``noun`` ("dossier", "feedback item"), ``short``
    after "another" ("dossier", "item") and with its article (``a_short``), and the reader's
    option that bounds its lines (``limit``)."""

    noun: str
    short: str
    a_short: str
    limit: str


class RecordLines(ABC, Generic[OpenT, RecordT]):
    """The lines of one kind of record in a log, fed one at a time by :func:`read_records`.

    A subclass says what its lines look like (:attr:`shape`, :meth:`event`), how reasons
    name its records (:attr:`names`), what of them is secret, how a record is built and
    counted; this class groups the lines into records and does the bookkeeping.
    """

    #: What its lines look like: their keys (the first holds the record id), what is shown.
    shape: LineShape
    names: RecordNames

    def __init__(
        self,
        *,
        reject: Rejections[Any],
        max_lines: int,
        check_reappearing: bool,
    ) -> None:
        self.reject = reject
        self._max_lines = max_lines
        self._seen = SeenIds() if check_reappearing else None
        self._open: OpenT | None = None

    # -------------------------------------------------------------- what a kind says

    def claims(self, data: dict[str, Any]) -> bool:
        """Whether the parsed line is one of this kind's, when the kind is the ``side`` of
        :func:`read_records` (the ``main`` kind takes every line the side does not): it holds
        the key of the kind's record id, the first key of its :attr:`shape`."""
        return self.shape.required[0] in data

    def record_id(self, data: dict[str, Any]) -> str:
        """The id of the record the line is of; :class:`LineRejectedError` if it has none."""
        key = self.shape.required[0]
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LineRejectedError(
                f'"{key}" must be a non-empty string (the {self.names.noun} id)'
            )
        return value

    @abstractmethod
    def start(self, record_id: str) -> OpenT:
        """A new record, ``record_id``, with no line yet."""

    @abstractmethod
    def event(self, data: dict[str, Any], current: OpenT) -> object:
        """The event of a line of ``current`` (its keys checked), checked against the record's
        lines before it unless it has ``failed``; :class:`LineRejectedError` if it is refused."""

    @abstractmethod
    def record_secrets(self, current: OpenT) -> set[str]:
        """The texts of ``current``'s lines that no reason charged to it may show."""

    @abstractmethod
    def build(self, current: OpenT) -> RecordT:
        """The record of ``current``'s lines, none rejected; :class:`RecordRefusedError` if the
        record cannot be built."""

    @abstractmethod
    def count(self, counts: Counts, *, kept: bool) -> None:
        """Count a record kept (or rejected) in ``counts``."""

    # -------------------------------------------------------------- the bookkeeping

    def line(self, number: int, data: dict[str, Any], counts: Counts) -> Iterator[RecordT]:
        """Take line ``number``, parsed as ``data``; the record it completes, if it starts
        the next one and the record before it is kept."""
        try:
            record_id = self.record_id(data)
            current = self._open
            if current is None or current.id != record_id:
                if current is not None:
                    self._open = None
                    yield from self._close(current, counts)
                current = self._open = self.start(record_id)
                if self._seen is not None and not self._seen.add(record_id):
                    names = self.names
                    raise LineRejectedError(
                        f"{names.noun} {shown(record_id)} reappears after another "
                        f"{names.short}: the lines of {names.a_short} must be contiguous",
                        record_id,
                    )
            self.shape.check(data, record_id)
            if len(current.lines) + current.rejected_lines >= self._max_lines:
                raise LineRejectedError(
                    f"{self.names.noun} {shown(record_id)} has more than {self._max_lines} "
                    f"lines; raise {self.names.limit} if the log is trusted",
                    record_id,
                )
            event = self.event(data, current)
        except LineRejectedError as refusal:
            # Only a rejected line is searched for what its reason must not show.
            self.orphan(number, refusal.reason, self.shape.secrets(data), counts)
            return
        if current.failed:
            current.rejected_lines += 1
        else:
            current.events.append(event)
            current.lines.append(number)

    def orphan(self, number: int, reason: str, secrets: set[str], counts: Counts) -> None:
        """Reject line ``number`` for ``reason``, charged to the record being read: a line
        whose record cannot be told (not JSON, no id) is taken to be of the record before."""
        owner = self._open
        if owner is None:
            # Nothing to charge it to: the line alone is rejected.
            counts.lines_rejected += 1
            self.reject(number, reason, None, secrets)
            return
        owner.failed = True
        owner.rejected_lines += 1
        self.reject(number, reason, owner.id, secrets | self.record_secrets(owner))

    def end(self, counts: Counts) -> Iterator[RecordT]:
        """The input ended: the record being read, if it is kept."""
        current, self._open = self._open, None
        if current is not None:
            yield from self._close(current, counts)

    def _close(self, current: OpenT, counts: Counts) -> Iterator[RecordT]:
        """The record of ``current``, if it is kept; counted either way."""
        if not current.failed:
            try:
                record = self.build(current)
            except RecordRefusedError as refusal:
                current.failed = True
                self.reject(refusal.line, refusal.reason, current.id, self.record_secrets(current))
            else:
                counts.lines_kept += len(current.lines)
                self.count(counts, kept=True)
                yield record
                return
        counts.lines_rejected += len(current.lines) + current.rejected_lines
        self.count(counts, kept=False)


def read_records(
    lines: Iterable[str],
    counts: Counts,
    *,
    max_line_bytes: int,
    main: RecordLines[Any, Any],
    side: RecordLines[Any, Any] | None = None,
) -> Iterator[Any]:
    """The records of ``lines``, each yielded when the next record of its kind starts or the
    input ends: ``side`` takes the lines it claims, ``main`` all the others.

    A line that cannot be told apart (too long, not JSON) goes to the kind of the line before
    it, since the lines of a record are contiguous; to ``main`` if none came before.
    """
    last = main
    for number, raw in enumerate(lines, start=1):
        counts.lines_read += 1
        text = raw.rstrip("\r\n")
        if not text.strip():
            counts.blank_lines += 1
            continue
        try:
            data = parse_bounded(text, max_line_bytes)
        except LineRejectedError as refusal:
            last.orphan(number, refusal.reason, set(), counts)
            continue
        last = side if side is not None and side.claims(data) else main
        yield from last.line(number, data, counts)
    yield from main.end(counts)
    if side is not None:
        yield from side.end(counts)


class Reading(Iterator[T]):
    """Records read one at a time; :attr:`done` once the input is read to its end."""

    def __init__(self, records: Iterator[T]) -> None:
        self._records = records
        self._done = False

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        try:
            return next(self._records)
        except StopIteration:
            self._done = True
            raise

    @property
    def done(self) -> bool:
        """Whether the input was read to its end."""
        return self._done
