"""Dossier event logs as JSON Lines: one event per line, the lines of a dossier contiguous.

A line is one JSON object with exactly these keys (``by`` and ``payload`` may be left out)::

    {"dossier": "HS-1", "procedure": "1.001193", "type": "receive",
     "at": "2026-03-02T09:05:00+07:00", "by": "desk-1",
     "payload": {"receipt_number": "...", "promised_at": "2026-03-02T17:00:00+07:00"}}

``type``, ``at`` and ``by`` are the event's own fields, lifted to the top level so that a log
can be filtered without parsing payloads; ``payload`` holds the event's other fields exactly
as :meth:`~onestop.dossier.Dossier.to_json` writes them (the applicant of a ``file`` event is
in its payload: a log is personal data until :func:`~onestop.io.pseudonymise` has run).

Reading is streaming: :func:`read_events` holds one dossier's events at a time, and builds the
dossier when the next dossier's first line (or the end of the input) arrives.

A ward's log may also hold feedback lines, with the key ``feedback`` in place of ``dossier``
and ``procedure`` (:mod:`onestop.io._feedback`, read with :func:`onestop.io.read_ward_log`);
:func:`read_events` reads dossier logs only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier, Event, EventKind, Filed, LifecycleRules
from onestop.dossier._events import event_from_dict, event_to_dict
from onestop.errors import DossierError, DossierLogError, OnestopError
from onestop.io._lines import (
    LineRejectedError,
    LineShape,
    bounded_lines,
    is_moment,
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
    RecordRefusedError,
    Rejections,
    check_on_error,
    read_records,
)
from onestop.procedures import Catalog, Procedure

__all__ = [
    "LogError",
    "LogReader",
    "ReadSummary",
    "RowError",
    "read_events",
    "read_events_file",
    "write_events",
]

#: Payload slots that hold moments, which a reason may show.
_MOMENT_SLOTS = frozenset({"at", "promised_at", "new_due"})


class LogError(DossierError):
    """A line of a dossier log (JSON Lines or CSV) that cannot be read: its 1-based line
    number and why. The reason never quotes a citizen's data: values that are not
    identifiers or times are shown as ``…``.

    Examples:
        >>> error = LogError(7, "not JSON: Expecting value (column 1)")
        >>> print(error)
        line 7: not JSON: Expecting value (column 1)
        >>> error.line, error.dossier
        (7, None)
    """

    def __init__(self, line: int, reason: str, dossier: str | None = None) -> None:
        self.line = line
        self.reason = reason
        self.dossier = dossier
        super().__init__(f"line {line}: {reason}")


@attrs.frozen
class RowError:
    """One bad line, as collected with ``on_error="collect"``: its 1-based line number, the
    dossier it was charged to (``None`` when none could be told) and why.

    Examples:
        >>> print(RowError(3, "HS-1", "unknown procedure '9.999999'"))
        line 3 (dossier 'HS-1'): unknown procedure '9.999999'
    """

    line: int
    dossier: str | None
    reason: str

    def __str__(self) -> str:
        where = "" if self.dossier is None else f" (dossier {self.dossier!r})"
        return f"line {self.line}{where}: {self.reason}"


@attrs.frozen
class ReadSummary:
    """What a read saw: every line is kept, rejected or blank, and every dossier is kept or
    rejected; nothing is dropped without being counted.

    ``lines_read == lines_kept + lines_rejected + blank_lines`` always holds. For CSV, the
    header counts as a kept line.

    Examples:
        >>> ReadSummary(lines_read=10, lines_kept=6, lines_rejected=3, blank_lines=1,
        ...             dossiers_kept=2, dossiers_rejected=1).balanced
        True
    """

    lines_read: int = 0
    lines_kept: int = 0
    lines_rejected: int = 0
    blank_lines: int = 0
    dossiers_kept: int = 0
    dossiers_rejected: int = 0

    @property
    def balanced(self) -> bool:
        """Whether every line read is accounted for."""
        return self.lines_read == self.lines_kept + self.lines_rejected + self.blank_lines


class LogReader(Reading[Dossier]):
    """The dossiers of a log, read one at a time, with the errors and the summary of the read.

    Iterate it to read; :attr:`summary` and :attr:`errors` are final once it is exhausted
    (:attr:`done`), and show the counts so far before. Built by :func:`read_events` and
    :func:`~onestop.io.read_dossier_csv`.
    """

    def __init__(
        self,
        rows: Callable[[Counts, list[RowError]], Iterator[Dossier]],
    ) -> None:
        self._counts = Counts()
        self._errors: list[RowError] = []
        super().__init__(rows(self._counts, self._errors))

    @property
    def summary(self) -> ReadSummary:
        """How many lines were read, kept, rejected or blank, and dossiers kept or rejected."""
        return self._counts.summary(ReadSummary)

    @property
    def errors(self) -> tuple[RowError, ...]:
        """Every bad line met, in order (only with ``on_error="collect"``)."""
        return tuple(self._errors)

    def __repr__(self) -> str:
        counts = self._counts
        return (
            f"LogReader(done={self._done}, lines_read={counts.lines_read}, "
            f"dossiers_kept={counts.dossiers_kept}, "
            f"dossiers_rejected={counts.dossiers_rejected}, errors={len(self._errors)})"
        )


# ------------------------------------------------------------------ writing


def event_line(dossier_id: str, procedure_code: str, event: Event) -> dict[str, Any]:
    """The JSON object of one line of the log: ``event`` of the dossier ``dossier_id``."""
    return lifted({"dossier": dossier_id, "procedure": procedure_code}, event_to_dict(event))


def write_events(dossiers: Iterable[Dossier], out: TextIO) -> int:
    """Write the events of ``dossiers`` to ``out`` as JSON Lines; the number of lines written.

    The lines of a dossier are contiguous and in event order; texts are written as UTF-8
    characters (open files with ``encoding="utf-8"``).

    Examples:
        >>> import io
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> birth = default_catalog().get("1.001193", on=at.date())
        >>> d = Dossier.file(id="HS-1", procedure=birth, at=at, calendar=WorkCalendar.vietnam())
        >>> out = io.StringIO()
        >>> write_events([d.receive(at=at, by="desk-1")], out)
        2
        >>> print(out.getvalue(), end="")
        {"dossier":"HS-1","procedure":"1.001193","type":"file","at":"2026-03-02T09:00:00+07:00","by":null,"payload":{"channel":"in_person"}}
        {"dossier":"HS-1","procedure":"1.001193","type":"receive","at":"2026-03-02T09:00:00+07:00","by":"desk-1","payload":{"promised_at":"2026-03-02T17:00:00+07:00"}}
    """
    return write_lines(
        (
            event_line(dossier.id, dossier.procedure.code, event)
            for dossier in dossiers
            for event in dossier.events
        ),
        out,
    )


# ------------------------------------------------------------------ reading


class _ProcedureLookup:
    """Procedures by code (and filing day, for a catalog), with a small bounded cache."""

    __slots__ = ("_cache", "_procedures")

    def __init__(self, procedures: Catalog | Mapping[str, Procedure]) -> None:
        self._procedures = procedures
        self._cache: dict[tuple[str, date], Procedure | None] = {}

    def __call__(self, code: str, day: date) -> Procedure:
        procedures = self._procedures
        if not isinstance(procedures, Catalog):
            found = procedures.get(code)
            if found is None:
                raise LineRejectedError(
                    f"unknown procedure {shown(code)}: not in the procedures given"
                )
            return found
        key = (code, day)
        if key in self._cache:
            cached = self._cache[key]
        else:
            if len(self._cache) >= 4096:
                self._cache.clear()
            try:
                cached = procedures.get(code, on=day)
            except KeyError:
                cached = None
            self._cache[key] = cached
        if cached is None:
            raise LineRejectedError(
                f"unknown procedure {shown(code)}: not in catalog {procedures.name!r} on "
                f"{day.isoformat()}"
            )
        return cached


def _applicant_texts(events: Iterable[Event]) -> list[str]:
    texts: list[str] = []
    for event in events:
        if isinstance(event, Filed) and event.applicant is not None:
            applicant = event.applicant
            for value in (
                applicant.name,
                applicant.id_number,
                applicant.phone,
                applicant.address,
                applicant.email,
            ):
                if value:
                    texts.append(value)
    return texts


def _shown_in_payload(name: str, value: object) -> bool:
    """Whether a payload value is a time or an amount, which a reason may show."""
    return (name in _MOMENT_SLOTS and is_moment(value)) or (
        name == "amount_vnd" and isinstance(value, int)
    )


class _OpenDossier(OpenRecord[Event]):
    """The lines of the dossier being read, and its procedure once its first line named it."""

    __slots__ = ("procedure",)

    def __init__(self, dossier_id: str) -> None:
        super().__init__(dossier_id)
        self.procedure: Procedure | None = None


class DossierLines(RecordLines[_OpenDossier, Dossier]):
    """The dossier lines of a log (:func:`read_events`, and a ward's log with feedback in
    :func:`~onestop.io.read_ward_log`), each dossier replayed through its rules when its
    lines are all read."""

    shape = LineShape(
        "a line",
        ("dossier", "procedure", "type", "at"),
        # Values of these keys are identifiers by contract, not personal data.
        identifiers=frozenset({"dossier", "procedure", "by"}),
        event_types=frozenset(kind.value for kind in EventKind),
        shown_in_payload=_shown_in_payload,
    )
    names = RecordNames("dossier", "dossier", "a dossier", "max_dossier_lines")

    def __init__(
        self,
        *,
        procedures: Catalog | Mapping[str, Procedure],
        calendar: WorkCalendar,
        rules: LifecycleRules | None,
        on_error: OnError,
        errors: list[RowError],
        max_dossier_lines: int,
        check_reappearing: bool,
    ) -> None:
        super().__init__(
            reject=Rejections(on_error, LogError, RowError, errors),
            max_lines=max_dossier_lines,
            check_reappearing=check_reappearing,
        )
        self._lookup = _ProcedureLookup(procedures)
        self._calendar = calendar
        self._rules = rules

    def start(self, record_id: str) -> _OpenDossier:
        return _OpenDossier(record_id)

    def event(self, data: dict[str, Any], current: _OpenDossier) -> Event:
        dossier_id = current.id
        code = data["procedure"]
        if not isinstance(code, str):
            raise LineRejectedError('"procedure" must be a string (the code)', dossier_id)
        if current.procedure is not None and code != current.procedure.code:
            raise LineRejectedError(
                f"procedure {shown(code)} differs from the dossier's first line "
                f"({current.procedure.code!r})",
                dossier_id,
            )
        # The line's own fields first: a bad ``by`` is named before a bad payload field.
        fields = {"type": data["type"], "at": data["at"], "by": data.get("by")}
        fields |= payload(data, dossier_id)
        try:
            event = event_from_dict(fields)
        except DossierError as error:
            raise LineRejectedError(f"bad event: {error}", dossier_id) from None
        if current.procedure is None and not current.failed:
            try:
                # A catalog gives the procedure in force on the filing day.
                current.procedure = self._lookup(code, event.at.date())
            except LineRejectedError as unknown:
                raise LineRejectedError(unknown.reason, dossier_id) from None
        return event

    def record_secrets(self, current: _OpenDossier) -> set[str]:
        return set(_applicant_texts(current.events))

    def build(self, current: _OpenDossier) -> Dossier:
        # Every line read well, so the first one named a known procedure.
        assert current.procedure is not None
        try:
            return Dossier(
                current.id,
                current.procedure,
                self._calendar,
                current.events,
                rules_override=self._rules,
            )
        except DossierLogError as error:
            index = min(max(error.index, 0), len(current.lines) - 1)
            raise RecordRefusedError(current.lines[index], error.reason) from None
        except OnestopError as error:
            raise RecordRefusedError(current.lines[0], str(error)) from None

    def count(self, counts: Counts, *, kept: bool) -> None:
        if kept:
            counts.dossiers_kept += 1
        else:
            counts.dossiers_rejected += 1


def _check_sizes(max_line_bytes: int, max_dossier_lines: int) -> None:
    if max_line_bytes < 1 or max_dossier_lines < 1:
        raise ValueError("max_line_bytes and max_dossier_lines must be positive")


def read_events(
    lines: Iterable[str],
    *,
    procedures: Catalog | Mapping[str, Procedure],
    calendar: WorkCalendar,
    on_error: OnError = "raise",
    rules: LifecycleRules | None = None,
    max_line_bytes: int = 64 * 1024,
    max_dossier_lines: int = 10_000,
    check_reappearing: bool = True,
) -> LogReader:
    """The dossiers of a JSON Lines event log (as :func:`write_events` writes it), streamed.

    ``lines`` is any iterable of lines (an open file, a generator); the contiguous lines of a
    dossier are grouped and the dossier is built, replaying its events through the rules,
    when the next dossier starts or the input ends. Memory holds one dossier's events, plus
    8 to 16 bytes per dossier id to detect ids that reappear after another dossier (turn that
    off with ``check_reappearing=False``). ``procedures`` is a catalog, where a dossier's
    procedure is taken as in force on its filing day, or a mapping from code to procedure.
    ``rules`` overrides the rule set of every dossier, as in
    :meth:`~onestop.dossier.Dossier.file`.

    A bad line is one that is longer than ``max_line_bytes`` (UTF-8), is not JSON or not a
    JSON object, misses a key or has an unknown one, names an unknown procedure or another
    procedure than its dossier's first line, holds an event that cannot be read, carries the
    id of a dossier already read (lines not contiguous), makes its dossier longer than
    ``max_dossier_lines``, or holds an event its dossier's rules refuse. Blank lines are
    skipped, and counted.

    With ``on_error="raise"`` the first bad line raises :class:`LogError` with its line number
    and reason. With ``"collect"`` a bad line rejects its whole dossier (all its lines are
    counted as rejected), is recorded in :attr:`LogReader.errors` and reading goes on. A line
    that cannot be told to belong to a dossier (not JSON, no id) is charged to the dossier
    being read, so that no dossier is ever kept with a line missing.

    Reasons never quote a citizen's data: every value of the bad line that is not an
    identifier (dossier id, procedure code, event type, ``by``) or a well-formed moment is
    shown as ``…``, and so are the applicant's details of its dossier.

    Examples:
        >>> from onestop.calendar import WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> log = [
        ...     '{"dossier": "HS-1", "procedure": "1.001193", "type": "file",'
        ...     ' "at": "2026-03-02T09:00:00+07:00",'
        ...     ' "payload": {"applicant": {"name": "Nguyễn Văn An"}}}',
        ...     '{"dossier": "HS-1", "procedure": "1.001193", "type": "receive",'
        ...     ' "at": "2026-03-02T08:00:00+07:00"}',
        ...     '',
        ...     '{"dossier": "HS-2", "procedure": "1.001193", "type": "file",'
        ...     ' "at": "2026-03-02T10:00:00+07:00"}',
        ... ]
        >>> reader = read_events(log, procedures=default_catalog(),
        ...                      calendar=WorkCalendar.vietnam(), on_error="collect")
        >>> [d.id for d in reader]
        ['HS-2']
        >>> for error in reader.errors:
        ...     print(error)
        line 2 (dossier 'HS-1'): time never goes backwards within a dossier: 2026-03-02T08:00:00+07:00 is before the previous event at 2026-03-02T09:00:00+07:00
        >>> reader.summary
        ReadSummary(lines_read=4, lines_kept=1, lines_rejected=2, blank_lines=1, dossiers_kept=1, dossiers_rejected=1)
    """
    check_on_error(on_error)
    _check_sizes(max_line_bytes, max_dossier_lines)

    def rows(counts: Counts, errors: list[RowError]) -> Iterator[Dossier]:
        dossiers = DossierLines(
            procedures=procedures,
            calendar=calendar,
            rules=rules,
            on_error=on_error,
            errors=errors,
            max_dossier_lines=max_dossier_lines,
            check_reappearing=check_reappearing,
        )
        yield from read_records(lines, counts, max_line_bytes=max_line_bytes, main=dossiers)

    return LogReader(rows)


def read_events_file(
    path: str | Path,
    *,
    procedures: Catalog | Mapping[str, Procedure],
    calendar: WorkCalendar,
    on_error: OnError = "raise",
    rules: LifecycleRules | None = None,
    max_line_bytes: int = 64 * 1024,
    max_dossier_lines: int = 10_000,
    check_reappearing: bool = True,
) -> LogReader:
    """:func:`read_events` on the UTF-8 file at ``path``. The file is opened on the first
    read (so a missing file raises then) and closed when the read ends. A line longer than
    ``max_line_bytes`` is never held whole in memory: it is cut short and rejected.

    Examples:
        >>> import tempfile, pathlib
        >>> from onestop.calendar import WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> folder = tempfile.TemporaryDirectory()
        >>> path = pathlib.Path(folder.name) / "log.jsonl"
        >>> _ = path.write_text('{"dossier": "HS-1", "procedure": "1.001193", "type": "file",'
        ...                     ' "at": "2026-03-02T09:00:00+07:00"}\\n', encoding="utf-8")
        >>> reader = read_events_file(path, procedures=default_catalog(),
        ...                           calendar=WorkCalendar.vietnam())
        >>> [d.id for d in reader], reader.summary.dossiers_kept
        (['HS-1'], 1)
        >>> folder.cleanup()
    """
    return _FileReader(
        Path(path),
        lambda lines: read_events(
            lines,
            procedures=procedures,
            calendar=calendar,
            on_error=on_error,
            rules=rules,
            max_line_bytes=max_line_bytes,
            max_dossier_lines=max_dossier_lines,
            check_reappearing=check_reappearing,
        ),
        max_line_bytes,
    )


class _FileReader(LogReader):
    """A :class:`LogReader` over a file it opens on the first read and closes at the end."""

    def __init__(
        self, path: Path, make: Callable[[Iterable[str]], LogReader], max_line_bytes: int
    ) -> None:
        self._path = path
        self._make = make
        self._max_line_bytes = max_line_bytes
        self._inner: LogReader | None = None
        super().__init__(self._read)

    def _read(self, counts: Counts, errors: list[RowError]) -> Iterator[Dossier]:
        with self._path.open(encoding="utf-8") as file:
            self._inner = self._make(bounded_lines(file, self._max_line_bytes))
            yield from self._inner

    @property
    def summary(self) -> ReadSummary:
        return ReadSummary() if self._inner is None else self._inner.summary

    @property
    def errors(self) -> tuple[RowError, ...]:
        return () if self._inner is None else self._inner.errors
