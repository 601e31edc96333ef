"""A ward's log: its dossiers and its citizens' feedback items in one JSON Lines file.

Dossier lines (:mod:`onestop.io._jsonl`) and feedback lines (:mod:`onestop.io._feedback`)
may come in any order relative to each other; a line with the key ``feedback`` is a feedback
line, any other a dossier line. :func:`read_ward_log` routes every line in one pass, holding
one dossier's and one item's lines at a time; :func:`write_ward_log` writes the records in the
order given, and :func:`pseudonymise_ward_log` gives the same citizen the same pseudonyms in
both kinds of record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier, LifecycleRules
from onestop.feedback import FeedbackItem, FeedbackLimits
from onestop.feedback import pseudonymise as pseudonymise_feedback
from onestop.io._feedback import (
    FeedbackLines,
    FeedbackRowError,
    WardLogReader,
    check_sizes,
    write_feedback,
)
from onestop.io._jsonl import DossierLines, RowError, write_events
from onestop.io._lines import bounded_lines
from onestop.io._pseudonym import pseudonymise as pseudonymise_dossiers
from onestop.io._records import Counts, OnError, check_on_error, read_records
from onestop.procedures import Catalog, Procedure

__all__ = ["pseudonymise_ward_log", "read_ward_log", "read_ward_log_file", "write_ward_log"]


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
    check_on_error(on_error)
    check_sizes(max_line_bytes, max_dossier_lines, max_item_lines)

    def rows(
        counts: Counts, errors: list[RowError], feedback_errors: list[FeedbackRowError]
    ) -> Iterator[Dossier | FeedbackItem]:
        dossiers = DossierLines(
            procedures=procedures,
            calendar=calendar,
            rules=rules,
            on_error=on_error,
            errors=errors,
            max_dossier_lines=max_dossier_lines,
            check_reappearing=check_reappearing,
        )
        feedback = FeedbackLines(
            calendar=calendar,
            on_error=on_error,
            limits=limits,
            errors=feedback_errors,
            max_item_lines=max_item_lines,
            check_reappearing=check_reappearing,
        )
        yield from read_records(
            lines, counts, max_line_bytes=max_line_bytes, main=dossiers, side=feedback
        )

    return WardLogReader(rows)


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
            yield from bounded_lines(file, max_line_bytes)

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
        >>> from onestop.feedback import Author, FeedbackChannel
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
