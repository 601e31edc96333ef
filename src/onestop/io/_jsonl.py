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

import json
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier, Event, EventKind, Filed, LifecycleRules
from onestop.dossier._events import event_from_dict, event_to_dict
from onestop.errors import DossierError, DossierLogError, OnestopError
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

#: The keys of a line; ``by`` and ``payload`` may be left out.
_REQUIRED_KEYS = ("dossier", "procedure", "type", "at")
_KEYS = frozenset((*_REQUIRED_KEYS, "by", "payload"))
_KEY_ORDER = ", ".join((*_REQUIRED_KEYS, "by", "payload"))
#: A key name shown in a reason: plain ASCII, short. Anything else is counted, not shown.
_SHOWN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")
#: Values of these slots are identifiers by contract, not personal data.
_IDENTIFIER_SLOTS = frozenset({"dossier", "procedure", "by"})
_EVENT_TYPES = frozenset(kind.value for kind in EventKind)
_MOMENT_SLOTS = frozenset({"at", "promised_at", "new_due"})
_HIDDEN = "…"

OnError = Literal["raise", "collect"]


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


# ------------------------------------------------------------------ shared by the readers


class _LineRejectedError(Exception):
    """A line refused for ``reason``; ``dossier`` is the dossier it is charged to."""

    def __init__(self, reason: str, dossier: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.dossier = dossier


class _Counts:
    """The running counts behind :class:`ReadSummary`."""

    __slots__ = (
        "blank_lines",
        "dossiers_kept",
        "dossiers_rejected",
        "lines_kept",
        "lines_read",
        "lines_rejected",
    )

    def __init__(self) -> None:
        self.lines_read = self.lines_kept = self.lines_rejected = self.blank_lines = 0
        self.dossiers_kept = self.dossiers_rejected = 0

    def summary(self) -> ReadSummary:
        return ReadSummary(
            self.lines_read,
            self.lines_kept,
            self.lines_rejected,
            self.blank_lines,
            self.dossiers_kept,
            self.dossiers_rejected,
        )


class _SeenIds:
    """The dossier ids read so far, as 64-bit hashes in an open-addressing table: 8 to 16
    bytes per dossier, the only memory of a read that grows with the input.

    Two different ids with the same hash (odds about 1 in 30 million for a million dossiers)
    would be reported as a reappearing id; pass ``check_reappearing=False`` to the reader to
    turn the check off for truly constant memory.
    """

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self) -> None:
        self._slots = array("Q", bytes(8 * 1024))
        self._mask = 1023
        self._count = 0

    def add(self, dossier_id: str) -> bool:
        """Remember ``dossier_id``; ``False`` if it was already there."""
        # 0 marks an empty slot; hash() is stable within the process, which is all we need.
        key = (hash(dossier_id) & 0xFFFF_FFFF_FFFF_FFFF) or 1
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


def _leaves(data: dict[str, Any], found: set[str]) -> None:
    """Every text of a parsed line that may be a citizen's data, into ``found``: all strings,
    numbers and odd key names, except the identifiers (``dossier``, ``procedure``, ``by``, a
    known ``type``), well-formed moments and an amount, each in its own place."""
    for key, item in data.items():
        _key(key, found)
        if key == "payload" and isinstance(item, dict):
            for name, value in item.items():
                _key(name, found)
                if (name in _MOMENT_SLOTS and _is_moment(value)) or (
                    name == "amount_vnd" and isinstance(value, int)
                ):
                    continue
                _texts(value, found)
        elif (
            (key in _IDENTIFIER_SLOTS and isinstance(item, str))
            or (key == "type" and item in _EVENT_TYPES)
            or (key == "at" and _is_moment(item))
        ):
            continue
        else:
            _texts(item, found)


def _key(key: object, found: set[str]) -> None:
    if isinstance(key, str) and not _SHOWN_KEY.match(key):
        found.add(key)


def _texts(value: object, found: set[str]) -> None:
    """Every string, number and key name in ``value``, into ``found``."""
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(str(key))
            _texts(item, found)
    elif isinstance(value, list):
        for item in value:
            _texts(item, found)
    elif isinstance(value, str):
        found.add(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found.add(str(value))


def _is_moment(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _redact(reason: str, secrets: Iterable[str]) -> str:
    """``reason`` with every text of ``secrets`` (and its ``repr``) replaced by ``…``."""
    for secret in sorted({s for s in secrets if len(s) >= 2}, key=len, reverse=True):
        if secret in reason:
            reason = reason.replace(repr(secret), _HIDDEN).replace(secret, _HIDDEN)
    return reason


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


def _shown(text: str) -> str:
    """An identifier (dossier id, procedure code) as a reason may show it."""
    return repr(text if len(text) <= 60 else text[:60] + _HIDDEN)


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
                raise _LineRejectedError(
                    f"unknown procedure {_shown(code)}: not in the procedures given"
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
            raise _LineRejectedError(
                f"unknown procedure {_shown(code)}: not in catalog {procedures.name!r} on "
                f"{day.isoformat()}"
            )
        return cached


def _check_on_error(on_error: str) -> None:
    if on_error not in ("raise", "collect"):
        raise ValueError(f'on_error must be "raise" or "collect", got {on_error!r}')


class LogReader(Iterator[Dossier]):
    """The dossiers of a log, read one at a time, with the errors and the summary of the read.

    Iterate it to read; :attr:`summary` and :attr:`errors` are final once it is exhausted
    (:attr:`done`), and show the counts so far before. Built by :func:`read_events` and
    :func:`~onestop.io.read_dossier_csv`.
    """

    def __init__(
        self,
        rows: Callable[[_Counts, list[RowError]], Iterator[Dossier]],
    ) -> None:
        self._counts = _Counts()
        self._errors: list[RowError] = []
        self._rows = rows(self._counts, self._errors)
        self._done = False

    def __iter__(self) -> LogReader:
        return self

    def __next__(self) -> Dossier:
        try:
            return next(self._rows)
        except StopIteration:
            self._done = True
            raise

    @property
    def done(self) -> bool:
        """Whether the input was read to its end."""
        return self._done

    @property
    def summary(self) -> ReadSummary:
        """How many lines were read, kept, rejected or blank, and dossiers kept or rejected."""
        return self._counts.summary()

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
    payload = event_to_dict(event)
    kind = payload.pop("type")
    at = payload.pop("at")
    by = payload.pop("by", None)
    return {
        "dossier": dossier_id,
        "procedure": procedure_code,
        "type": kind,
        "at": at,
        "by": by,
        "payload": payload,
    }


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
    written = 0
    for dossier in dossiers:
        code = dossier.procedure.code
        for event in dossier.events:
            line = event_line(dossier.id, code, event)
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            written += 1
    return written


# ------------------------------------------------------------------ reading


class _Group:
    """The lines of the dossier being read."""

    __slots__ = ("events", "failed", "id", "lines", "procedure", "rejected_lines")

    def __init__(self, dossier_id: str) -> None:
        self.id = dossier_id
        self.procedure: Procedure | None = None
        self.events: list[Event] = []
        self.lines: list[int] = []
        self.failed = False
        self.rejected_lines = 0


def _too_long(line: str, max_line_bytes: int) -> bool:
    # Four bytes at most per character: most lines need no encoding to be measured.
    return len(line) > max_line_bytes // 4 and len(line.encode("utf-8")) > max_line_bytes


def _parse(text: str) -> dict[str, Any]:
    """The JSON object of a line; :class:`_LineRejectedError` naming what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # The message names the position only, never the text.
        raise _LineRejectedError(f"not JSON: {error.msg} (column {error.colno})") from None
    except (ValueError, RecursionError):
        raise _LineRejectedError("not JSON: nested too deeply or not decodable") from None
    if not isinstance(data, dict):
        raise _LineRejectedError(f"not a JSON object: the line holds a {type(data).__name__}")
    return data


def _dossier_id(data: dict[str, Any]) -> str:
    value = data.get("dossier")
    if not isinstance(value, str) or not value.strip():
        raise _LineRejectedError('"dossier" must be a non-empty string (the dossier id)')
    return value


def _check_keys(data: dict[str, Any], dossier_id: str) -> None:
    missing = [key for key in _REQUIRED_KEYS if key not in data]
    if missing:
        raise _LineRejectedError(f"missing keys {missing}; a line has {_KEY_ORDER}", dossier_id)
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        shown = [key for key in unknown if _SHOWN_KEY.match(key)]
        hidden = len(unknown) - len(shown)
        listed = f"{shown}" + (f" and {hidden} more not shown" if hidden else "")
        raise _LineRejectedError(f"unknown keys {listed}; a line has {_KEY_ORDER}", dossier_id)


def _event(data: dict[str, Any], dossier_id: str) -> Event:
    payload = data.get("payload", {})
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise _LineRejectedError('"payload" must be a JSON object', dossier_id)
    clashing = sorted(key for key in payload if key in ("type", "at", "by"))
    if clashing:
        raise _LineRejectedError(f"payload repeats the line's keys {clashing}", dossier_id)
    fields = {"type": data["type"], "at": data["at"], "by": data.get("by"), **payload}
    try:
        return event_from_dict(fields)
    except DossierError as error:
        raise _LineRejectedError(f"bad event: {error}", dossier_id) from None


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
    return LogReader(
        dossier_rows(
            lines,
            procedures=procedures,
            calendar=calendar,
            on_error=on_error,
            rules=rules,
            max_line_bytes=max_line_bytes,
            max_dossier_lines=max_dossier_lines,
            check_reappearing=check_reappearing,
        )
    )


class SideLines(Protocol):
    """The lines of another kind of record sharing a log with dossiers (the feedback items of
    :mod:`onestop.io._feedback`): :func:`dossier_rows` hands it every line it ``claims`` and
    every line that cannot be told apart (too long, not JSON) when the line before was its."""

    def claims(self, data: dict[str, Any]) -> bool:
        """Whether the parsed line is one of this kind's."""

    def line(self, number: int, data: dict[str, Any], counts: _Counts) -> Iterator[Any]:
        """Take line ``number``; the records it completes."""

    def orphan(self, number: int, reason: str, secrets: set[str], counts: _Counts) -> None:
        """Reject line ``number``, which cannot be told apart, for ``reason``."""

    def end(self, counts: _Counts) -> Iterator[Any]:
        """The input ended: the record being read, if it is kept."""


def dossier_rows(
    lines: Iterable[str],
    *,
    procedures: Catalog | Mapping[str, Procedure],
    calendar: WorkCalendar,
    on_error: OnError,
    rules: LifecycleRules | None,
    max_line_bytes: int,
    max_dossier_lines: int,
    check_reappearing: bool,
    side: SideLines | None = None,
) -> Callable[[_Counts, list[RowError]], Iterator[Any]]:
    """The rows of :func:`read_events` (see there); with ``side``, the lines it claims, and
    the lines that cannot be told apart right after one of them, go to it instead."""
    _check_on_error(on_error)
    if max_line_bytes < 1 or max_dossier_lines < 1:
        raise ValueError("max_line_bytes and max_dossier_lines must be positive")
    lookup = _ProcedureLookup(procedures)

    def rows(counts: _Counts, errors: list[RowError]) -> Iterator[Any]:
        seen = _SeenIds() if check_reappearing else None
        group: _Group | None = None
        side_last = False  # whether the last line told apart was the side's

        def reject(line: int, reason: str, dossier: str | None, secrets: set[str]) -> None:
            reason = _redact(reason, secrets)
            if on_error == "raise":
                raise LogError(line, reason, dossier) from None
            errors.append(RowError(line, dossier, reason))

        def close(current: _Group) -> Dossier | None:
            """The dossier of ``current``, or ``None`` if it is rejected (then counted)."""
            if not current.failed:
                assert current.procedure is not None
                try:
                    dossier = Dossier(
                        current.id,
                        current.procedure,
                        calendar,
                        current.events,
                        rules_override=rules,
                    )
                except DossierLogError as error:
                    index = min(max(error.index, 0), len(current.lines) - 1)
                    current.failed = True
                    reject(
                        current.lines[index],
                        error.reason,
                        current.id,
                        set(_applicant_texts(current.events)),
                    )
                except OnestopError as error:
                    current.failed = True
                    reject(
                        current.lines[0],
                        str(error),
                        current.id,
                        set(_applicant_texts(current.events)),
                    )
                else:
                    counts.lines_kept += len(current.lines)
                    counts.dossiers_kept += 1
                    return dossier
            counts.lines_rejected += len(current.lines) + current.rejected_lines
            counts.dossiers_rejected += 1
            return None

        for number, raw in enumerate(lines, start=1):
            counts.lines_read += 1
            text = raw.rstrip("\r\n")
            if not text.strip():
                counts.blank_lines += 1
                continue
            data: dict[str, Any] | None = None
            try:
                if _too_long(text, max_line_bytes):
                    raise _LineRejectedError(
                        f"line too long: over {max_line_bytes} bytes; raise max_line_bytes "
                        "if the log is trusted"
                    )
                data = _parse(text)
                if side is not None and side.claims(data):
                    side_last = True
                    yield from side.line(number, data, counts)
                    continue
                side_last = False
                dossier_id = _dossier_id(data)
                if group is None or group.id != dossier_id:
                    if group is not None:
                        finished, group = group, None
                        built = close(finished)
                        if built is not None:
                            yield built
                    group = _Group(dossier_id)
                    if seen is not None and not seen.add(dossier_id):
                        raise _LineRejectedError(
                            f"dossier {_shown(dossier_id)} reappears after another dossier: "
                            "the lines of a dossier must be contiguous",
                            dossier_id,
                        )
                _check_keys(data, dossier_id)
                if len(group.lines) + group.rejected_lines >= max_dossier_lines:
                    raise _LineRejectedError(
                        f"dossier {_shown(dossier_id)} has more than {max_dossier_lines} lines; "
                        "raise max_dossier_lines if the log is trusted",
                        dossier_id,
                    )
                code = data["procedure"]
                if not isinstance(code, str):
                    raise _LineRejectedError('"procedure" must be a string (the code)', dossier_id)
                if group.procedure is not None and code != group.procedure.code:
                    raise _LineRejectedError(
                        f"procedure {_shown(code)} differs from the dossier's first line "
                        f"({group.procedure.code!r})",
                        dossier_id,
                    )
                event = _event(data, dossier_id)
                if group.procedure is None and not group.failed:
                    try:
                        group.procedure = lookup(code, event.at.date())
                    except _LineRejectedError as unknown:
                        raise _LineRejectedError(unknown.reason, dossier_id) from None
            except _LineRejectedError as refusal:
                # Only a rejected line is searched for what its reason must not show.
                secrets: set[str] = set()
                if data is not None:
                    _leaves(data, secrets)
                if side is not None and side_last and refusal.dossier is None:
                    side.orphan(number, refusal.reason, secrets, counts)
                    continue
                owner = group
                if refusal.dossier is None and owner is None:
                    # Nothing to charge it to: the line alone is rejected.
                    counts.lines_rejected += 1
                    reject(number, refusal.reason, None, secrets)
                    continue
                assert owner is not None
                owner.failed = True
                owner.rejected_lines += 1
                secrets.update(_applicant_texts(owner.events))
                reject(number, refusal.reason, owner.id, secrets)
                continue
            if not group.failed:
                group.events.append(event)
                group.lines.append(number)
            else:
                group.rejected_lines += 1
        if group is not None:
            built = close(group)
            if built is not None:
                yield built
        if side is not None:
            yield from side.end(counts)

    return rows


def _bounded_lines(file: TextIO, max_line_bytes: int) -> Iterator[str]:
    """The lines of ``file``; a line longer than the limit is cut short (and so still too
    long for the reader), its rest skipped without being held in memory."""
    limit = max_line_bytes + 1
    while True:
        line = file.readline(limit)
        if not line:
            return
        if len(line) == limit and not line.endswith("\n"):
            while True:
                rest = file.readline(1 << 16)
                if not rest or rest.endswith("\n"):
                    break
        yield line


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

    def _read(self, counts: _Counts, errors: list[RowError]) -> Iterator[Dossier]:
        with self._path.open(encoding="utf-8") as file:
            self._inner = self._make(_bounded_lines(file, self._max_line_bytes))
            yield from self._inner

    @property
    def summary(self) -> ReadSummary:
        return ReadSummary() if self._inner is None else self._inner.summary

    @property
    def errors(self) -> tuple[RowError, ...]:
        return () if self._inner is None else self._inner.errors
