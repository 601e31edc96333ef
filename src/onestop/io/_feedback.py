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
:func:`~onestop.io.pseudonymise_ward_log` has run). The lines of an item are contiguous.

A ward's log may hold dossier lines and feedback lines: a line with the key ``feedback`` is a
feedback line, any other a dossier line. Dossiers and items may come in any order relative to
each other (all dossiers, then all items, as :func:`~onestop.io.write_ward_log` writes them,
or mixed): the lines of a dossier are contiguous among the dossier lines and the lines of an
item among the feedback lines. :func:`~onestop.io.read_ward_log` (:mod:`onestop.io._ward_log`)
routes every line in one pass, holding one dossier's and one item's lines at a time; every
error carries the file's line number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier
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
from onestop.feedback._fold import COMMANDS, RuleError, View, allowed, step
from onestop.io._jsonl import LogError, ReadSummary, RowError
from onestop.io._lines import (
    LineRejectedError,
    LineShape,
    lifted,
    payload,
    shown,
    write_lines,
)
from onestop.io._records import (
    Counts,
    OnError,
    OpenRecord,
    Reading,
    RecordLines,
    RecordNames,
    Rejections,
    check_on_error,
    read_records,
)

__all__ = [
    "FeedbackLogError",
    "FeedbackReader",
    "FeedbackRowError",
    "WardLogReader",
    "WardLogSummary",
    "read_feedback",
    "write_feedback",
]

T = TypeVar("T")

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
class WardLogSummary(ReadSummary):
    """What a read of a ward's log saw: every line is kept, rejected or blank, and every
    dossier and feedback item is kept or rejected; nothing is dropped without being counted.
    The counts of :class:`~onestop.io.ReadSummary`, and the feedback items'.

    Examples:
        >>> WardLogSummary(lines_read=9, lines_kept=7, lines_rejected=1, blank_lines=1,
        ...                dossiers_kept=1, feedback_kept=1, feedback_rejected=1).balanced
        True
    """

    feedback_kept: int = 0
    feedback_rejected: int = 0

    @property
    def has_feedback(self) -> bool:
        """Whether the log had feedback items (kept or rejected): the ward tracks feedback."""
        return self.feedback_kept + self.feedback_rejected > 0


# ------------------------------------------------------------------ writing


def feedback_line(item_id: str, event: FeedbackEvent) -> dict[str, Any]:
    """The JSON object of one feedback line: ``event`` of the item ``item_id``."""
    return lifted({"feedback": item_id}, event_to_dict(event))


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
    return write_lines(
        (feedback_line(item.id, event) for item in items for event in item.events), out
    )


# ------------------------------------------------------------------ reading


def _shown_in_payload(name: str, value: object) -> bool:
    """Whether a payload value is a known value of a closed set, which a reason may show."""
    # Only a text can be a member; a list or an object in the slot is just hidden.
    return isinstance(value, str) and value in _ENUM_SLOTS.get(name, ())


def _author_texts(author: Author | None) -> set[str]:
    if author is None:
        return set()
    values = (getattr(author, field.name) for field in attrs.fields(Author))
    return {value for value in values if value}


class _OpenItem(OpenRecord[FeedbackEvent]):
    """The lines of the feedback item being read, folded as they come."""

    __slots__ = ("secrets", "view")

    def __init__(self, item_id: str) -> None:
        super().__init__(item_id)
        self.view: View | None = None
        #: The author's details: never shown in a reason charged to this item.
        self.secrets: set[str] = set()


class FeedbackLines(RecordLines[_OpenItem, FeedbackItem]):
    """The feedback lines of a log (:func:`read_feedback`, and a ward's log with dossiers in
    :func:`~onestop.io.read_ward_log`), each folded through the order rules as it comes."""

    shape = LineShape(
        "a feedback line",
        ("feedback", "type", "at"),
        identifiers=frozenset({"feedback", "by"}),
        event_types=frozenset(kind.value for kind in EventKind),
        shown_in_payload=_shown_in_payload,
    )
    names = RecordNames("feedback item", "item", "an item", "max_item_lines")

    def __init__(
        self,
        *,
        calendar: WorkCalendar,
        on_error: OnError,
        limits: FeedbackLimits | None,
        errors: list[FeedbackRowError],
        max_item_lines: int,
        check_reappearing: bool,
    ) -> None:
        super().__init__(
            reject=Rejections(on_error, FeedbackLogError, FeedbackRowError, errors),
            max_lines=max_item_lines,
            check_reappearing=check_reappearing,
        )
        self._calendar = calendar
        self._limits = limits

    def record_id(self, data: dict[str, Any]) -> str:
        if "feedback" not in data and "dossier" in data:
            raise LineRejectedError(
                "a dossier line in a feedback log: read a ward's log of dossiers and "
                "feedback with read_ward_log"
            )
        return super().record_id(data)

    def start(self, record_id: str) -> _OpenItem:
        return _OpenItem(record_id)

    def event(self, data: dict[str, Any], current: _OpenItem) -> FeedbackEvent:
        fields = {"type": data["type"], "at": data["at"], **payload(data, current.id)}
        if data.get("by") is not None:
            fields["by"] = data["by"]
        try:
            event = event_from_dict(fields)
        except (OnestopError, ValueError, TypeError) as error:
            raise LineRejectedError(f"bad event: {error}", current.id) from None
        if not current.failed:
            self._fold(current, event)
        return event

    def _fold(self, current: _OpenItem, event: FeedbackEvent) -> None:
        """Check ``event`` against the order rules, after the item's events before it."""
        try:
            current.view = step(current.view, event, self._calendar, self._limits)
        except (RuleError, OnestopError) as refusal:
            if current.view is None:
                reason = f"feedback item {shown(current.id)}: {refusal}"
            else:
                reason = (
                    f"cannot {COMMANDS[event.kind]} feedback item {shown(current.id)}: "
                    f"{refusal}; allowed now: {', '.join(allowed(current.view))}"
                )
            raise LineRejectedError(reason, current.id) from None
        if isinstance(event, Received):
            current.secrets |= _author_texts(event.author)

    def record_secrets(self, current: _OpenItem) -> set[str]:
        return current.secrets

    def build(self, current: _OpenItem) -> FeedbackItem:
        # Every event was checked by the fold as its line came: the replay cannot fail.
        return FeedbackItem(
            current.id, self._calendar, current.events, limits_override=self._limits
        )

    def count(self, counts: Counts, *, kept: bool) -> None:
        if kept:
            counts.feedback_kept += 1
        else:
            counts.feedback_rejected += 1


#: How a reader of feedback reads its input: into the counts, the dossiers' errors and the
#: feedback items' errors it is given, yielding the records as they are completed.
Rows = Callable[[Counts, list[RowError], list[FeedbackRowError]], Iterator[Any]]


class _Reader(Reading[T]):
    """The records of a log, read one at a time, with the errors and the summary of the read."""

    def __init__(self, rows: Rows) -> None:
        self._counts = Counts()
        self._errors: list[RowError] = []
        self._feedback_errors: list[FeedbackRowError] = []
        super().__init__(rows(self._counts, self._errors, self._feedback_errors))

    @property
    def summary(self) -> WardLogSummary:
        """The lines read, kept, rejected or blank, and the records kept or rejected (final
        once :attr:`done`)."""
        return self._counts.summary(WardLogSummary)

    @property
    def errors(self) -> tuple[RowError | FeedbackRowError, ...]:
        """Every bad line met, by line number (only with ``on_error="collect"``)."""
        found: list[RowError | FeedbackRowError] = [*self._errors, *self._feedback_errors]
        return tuple(sorted(found, key=lambda error: error.line))

    def __repr__(self) -> str:
        summary = self.summary
        return (
            f"{type(self).__name__}(done={self._done}, lines_read={summary.lines_read}, "
            f"dossiers_kept={summary.dossiers_kept}, feedback_kept={summary.feedback_kept}, "
            f"errors={len(self._errors) + len(self._feedback_errors)})"
        )


class FeedbackReader(_Reader[FeedbackItem]):
    """The feedback items of a log, read one at a time (:func:`read_feedback`), with
    :attr:`errors` and :attr:`summary` (its dossier counts are 0)."""

    @property
    def errors(self) -> tuple[FeedbackRowError, ...]:
        """Every bad line met, in order (only with ``on_error="collect"``)."""
        return tuple(self._feedback_errors)


class WardLogReader(_Reader[Dossier | FeedbackItem]):
    """The dossiers and feedback items of a ward's log, in the order they are completed
    (:func:`read_ward_log`), with :attr:`errors` and :attr:`summary`."""


def check_sizes(*sizes: int) -> None:
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
    check_on_error(on_error)
    check_sizes(max_line_bytes, max_item_lines)

    def rows(
        counts: Counts, errors: list[RowError], feedback_errors: list[FeedbackRowError]
    ) -> Iterator[FeedbackItem]:
        feedback = FeedbackLines(
            calendar=calendar,
            on_error=on_error,
            limits=limits,
            errors=feedback_errors,
            max_item_lines=max_item_lines,
            check_reappearing=check_reappearing,
        )
        yield from read_records(lines, counts, max_line_bytes=max_line_bytes, main=feedback)

    return FeedbackReader(rows)
