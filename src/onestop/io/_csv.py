"""Dossiers as CSV: one row per dossier, the columns of a one-stop system's export.

A row carries much less than the event log: the moments of filing, receipt, finish, return
and end, the appointment, the final national status code and a few derived columns. It is
the shape offices export and analysts read; :func:`read_dossier_csv` rebuilds each dossier
from it through :func:`~onestop.dossier.from_status_history`, so every loss listed there
applies, and more:

* Supplement requests, payments and suspensions in the middle of processing are not in a
  row: the rebuilt dossier goes straight from receipt to the final code, its clock never
  paused, so its ``outcome`` can differ from the written one.
* A dossier whose final code is 4, 5 or 6 gets that code at the last moment the row gives
  (receipt, usually): the row has no moment for it.
* Extensions are not rebuilt (``extended_to`` is written, not read); the appointment is
  ``promised_at``, the receipt slip's promise.
* ``finished_at`` equal to ``returned_at`` is read as settled on the spot when the procedure
  allows it.
* No texts (reasons, papers), no ``by``, no applicant.

The columns ``due_at``, ``status_label``, ``outcome``, ``supplement_requests`` and
``extended_to`` are written for readers of the file and ignored when reading.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TextIO

from onestop.calendar import WorkCalendar
from onestop.dossier import (
    Dossier,
    EventKind,
    LifecycleRules,
    NationalStatus,
    from_status_history,
)
from onestop.errors import DossierLogError, OnestopError
from onestop.io._jsonl import LogError, LogReader, RowError, _ProcedureLookup
from onestop.io._lines import LineRejectedError, redact, shown
from onestop.io._records import Counts, OnError, SeenIds, check_on_error
from onestop.procedures import Catalog, Channel, Procedure

__all__ = ["CSV_COLUMNS", "read_dossier_csv", "write_dossier_csv"]

#: The columns of a dossier CSV, in order.
CSV_COLUMNS = (
    "dossier_id",
    "procedure",
    "channel",
    "national_status",
    "status_label",
    "filed_at",
    "received_at",
    "due_at",
    "promised_at",
    "finished_at",
    "returned_at",
    "ended_at",
    "outcome",
    "supplement_requests",
    "extended_to",
)

_FINISHING = frozenset({EventKind.FINISH, EventKind.SETTLE_ON_THE_SPOT})
_RETURNING = frozenset({EventKind.RETURN_RESULT, EventKind.SETTLE_ON_THE_SPOT})
#: Final codes whose moment is the end of processing.
_ENDING_CODES = frozenset(
    {NationalStatus.NOT_RECEIVED, NationalStatus.WITHDRAWN, NationalStatus.STOPPED}
)


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


def _first_at(dossier: Dossier, kinds: frozenset[EventKind]) -> datetime | None:
    for event in dossier.events:
        if event.kind in kinds:
            return event.at
    return None


def dossier_row(dossier: Dossier) -> dict[str, str]:
    """The CSV row of ``dossier``, column by column, as text."""
    clock = dossier.clock
    status = dossier.state.national_status
    extended = clock is not None and clock.extensions > 0
    return {
        "dossier_id": dossier.id,
        "procedure": dossier.procedure.code,
        "channel": dossier.channel.value,
        "national_status": str(status.value),
        "status_label": status.label_vi,
        "filed_at": _iso(dossier.filed_at),
        "received_at": _iso(dossier.received_at),
        "due_at": _iso(None if clock is None else clock.due_at),
        "promised_at": _iso(None if clock is None else clock.slip_promise),
        "finished_at": _iso(_first_at(dossier, _FINISHING)),
        "returned_at": _iso(_first_at(dossier, _RETURNING)),
        "ended_at": _iso(dossier.ended_at),
        "outcome": dossier.classify().outcome.value,
        "supplement_requests": str(0 if clock is None else clock.supplement_requests),
        "extended_to": _iso(clock.promised_at if clock is not None and extended else None),
    }


def write_dossier_csv(dossiers: Iterable[Dossier], out: TextIO) -> int:
    """Write a header and one row per dossier of ``dossiers`` to ``out``; the number of
    dossier rows written.

    Moments are ISO 8601 with their offset, empty when there is none; ``outcome`` is
    :meth:`~onestop.dossier.Dossier.classify` without ``now`` (an open dossier is ``open``).
    Open files with ``newline=""`` and ``encoding="utf-8"`` (``"utf-8-sig"`` for Excel).

    Examples:
        >>> import io
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> birth = default_catalog().get("1.001193", on=at.date())
        >>> d = (Dossier.file(id="HS-1", procedure=birth, at=at, calendar=WorkCalendar.vietnam())
        ...      .receive(at=at).finish(at=at.replace(hour=10)))
        >>> out = io.StringIO()
        >>> write_dossier_csv([d], out)
        1
        >>> print(out.getvalue().replace(",", "|"), end="")
        dossier_id|procedure|channel|national_status|status_label|filed_at|received_at|due_at|promised_at|finished_at|returned_at|ended_at|outcome|supplement_requests|extended_to
        HS-1|1.001193|in_person|9|Đã xử lý xong|2026-03-02T09:00:00+07:00|2026-03-02T09:00:00+07:00|2026-03-02T17:00:00+07:00|2026-03-02T17:00:00+07:00|2026-03-02T10:00:00+07:00||2026-03-02T10:00:00+07:00|on_time|0|
    """
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for dossier in dossiers:
        writer.writerow(dossier_row(dossier))
        written += 1
    return written


def _moment(row: dict[str, str], column: str) -> datetime | None:
    text = row[column].strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise LineRejectedError(f"{column} is not an ISO 8601 moment") from None
    if moment.tzinfo is None:
        raise LineRejectedError(f"{column} has no UTC offset: onestop does not guess a time zone")
    return moment


def _history(row: dict[str, str]) -> tuple[list[tuple[int, datetime]], datetime | None]:
    """The status changes a row describes, and its appointment."""
    try:
        status = NationalStatus(int(row["national_status"]))
    except ValueError:
        raise LineRejectedError("national_status must be a code from 1 to 10") from None
    filed = _moment(row, "filed_at")
    if filed is None:
        raise LineRejectedError("filed_at is empty: every dossier was filed")
    received = _moment(row, "received_at")
    finished = _moment(row, "finished_at")
    returned = _moment(row, "returned_at")
    ended = _moment(row, "ended_at")
    promised = _moment(row, "promised_at")
    changes: list[tuple[int, datetime]] = [(NationalStatus.NEW, filed)]
    if received is not None:
        changes.append((NationalStatus.RECEIVED, received))
    if finished is not None and finished != returned:
        changes.append((NationalStatus.PROCESSED, finished))
    if returned is not None:
        changes.append((NationalStatus.RETURNED, returned))
    if changes[-1][0] != status:
        if status in _ENDING_CODES and ended is not None:
            changes.append((status, ended))
        else:
            changes.append((status, max(moment for _, moment in changes)))
    return changes, promised


def read_dossier_csv(
    lines: Iterable[str],
    *,
    procedures: Catalog | Mapping[str, Procedure],
    calendar: WorkCalendar,
    on_error: OnError = "raise",
    rules: LifecycleRules | None = None,
    check_reappearing: bool = True,
) -> LogReader:
    """The dossiers of a CSV written by :func:`write_dossier_csv`, streamed row by row.

    Each row is rebuilt as the module says (a row carries less than the event log). The
    header must hold every column of :data:`CSV_COLUMNS` (in any order; other columns are
    ignored); a bad header raises :class:`~onestop.io.LogError` whatever ``on_error``, since
    no row can be read. A bad row (wrong number of fields, an unknown procedure or channel, a
    bad code or moment, an id already read, a history the rules refuse) raises
    :class:`~onestop.io.LogError` with ``on_error="raise"``, or is rejected and recorded with
    ``"collect"``. Line numbers are those of the file, the header being line 1. Reasons never
    quote a cell, only identifiers (the dossier id, the procedure code) and moments.

    Examples:
        >>> from onestop.calendar import WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> text = '''dossier_id,procedure,channel,national_status,status_label,filed_at,received_at,due_at,promised_at,finished_at,returned_at,ended_at,outcome,supplement_requests,extended_to
        ... HS-1,1.001022,in_person,10,,2026-03-02T08:00:00+07:00,2026-03-02T08:30:00+07:00,,2026-03-05T17:00:00+07:00,2026-03-04T10:00:00+07:00,2026-03-04T15:00:00+07:00,,,,
        ... HS-2,1.001022,by_pigeon,1,,2026-03-02T08:00:00+07:00,,,,,,,,,
        ... '''
        >>> reader = read_dossier_csv(text.splitlines(), procedures=default_catalog(),
        ...                           calendar=WorkCalendar.vietnam(), on_error="collect")
        >>> [(d.id, d.state.value, d.classify().outcome.value) for d in reader]
        [('HS-1', 'returned', 'early')]
        >>> print(*reader.errors, sep="\\n")
        line 3 (dossier 'HS-2'): channel is not one of in_person, postal, online
        >>> reader.summary.dossiers_rejected, reader.summary.balanced
        (1, True)
    """
    check_on_error(on_error)
    lookup = _ProcedureLookup(procedures)
    channels = ", ".join(channel.value for channel in Channel)

    def rows(counts: Counts, errors: list[RowError]) -> Iterator[Dossier]:
        seen = SeenIds() if check_reappearing else None
        physical = _Counted(lines, counts)
        reader = csv.reader(physical)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise LogError(1, "the header is not CSV") from None
        absent = [column for column in CSV_COLUMNS if column not in header]
        if absent:
            raise LogError(1, f"the header lacks the columns {absent}")
        counts.lines_kept += physical.count
        position = {column: header.index(column) for column in CSV_COLUMNS}
        while True:
            start = physical.count + 1
            dossier_id: str | None = None
            cells: list[str] = []
            try:
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except csv.Error as error:
                    raise LineRejectedError(f"not CSV: {error}") from None
                cells = fields
                if not any(field.strip() for field in fields):
                    counts.blank_lines += physical.count - start + 1
                    continue
                if len(fields) != len(header):
                    raise LineRejectedError(
                        f"{len(fields)} fields where the header has {len(header)}"
                    )
                row = {column: fields[index] for column, index in position.items()}
                dossier_id = row["dossier_id"].strip() or None
                if dossier_id is None:
                    raise LineRejectedError("dossier_id is empty")
                if seen is not None and not seen.add(dossier_id):
                    raise LineRejectedError(
                        f"dossier {shown(dossier_id)} was already read on an earlier row"
                    )
                try:
                    channel = Channel(row["channel"].strip())
                except ValueError:
                    raise LineRejectedError(f"channel is not one of {channels}") from None
                changes, promised = _history(row)
                procedure = lookup(row["procedure"].strip(), changes[0][1].date())
                try:
                    dossier = from_status_history(
                        changes,
                        id=dossier_id,
                        procedure=procedure,
                        calendar=calendar,
                        channel=channel,
                        promised_at=promised,
                        rules=rules,
                    )
                except DossierLogError as error:
                    raise LineRejectedError(f"status history: {error.reason}") from None
                except OnestopError as error:
                    raise LineRejectedError(str(error)) from None
            except LineRejectedError as refusal:
                lines_used = physical.count - start + 1
                counts.lines_rejected += lines_used
                counts.dossiers_rejected += 1
                safe = {"dossier_id", "procedure"}
                secrets = {
                    cell
                    for column, cell in zip(header, cells, strict=False)
                    if column not in safe and not _is_moment_text(cell)
                }
                secrets.update(cells[len(header) :])
                reason = redact(refusal.reason, secrets)
                if on_error == "raise":
                    raise LogError(start, reason, dossier_id) from None
                errors.append(RowError(start, dossier_id, reason))
                continue
            counts.lines_kept += physical.count - start + 1
            counts.dossiers_kept += 1
            yield dossier

    return LogReader(rows)


def _is_moment_text(text: str) -> bool:
    try:
        return datetime.fromisoformat(text.strip()).tzinfo is not None
    except ValueError:
        return False


class _Counted(Iterator[str]):
    """The lines of the input, counted as the CSV reader takes them (a quoted field may span
    lines), so that every physical line is accounted for."""

    __slots__ = ("_counts", "_lines", "count")

    def __init__(self, lines: Iterable[str], counts: Counts) -> None:
        self._lines = iter(lines)
        self._counts = counts
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        self._counts.lines_read += 1
        return line
