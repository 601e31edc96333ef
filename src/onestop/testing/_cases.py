"""Declarative cases: a TOML format people who know the law can write, and its runner.

A case file holds ``[[case]]`` tables::

    [[case]]
    name = "birth registration received Friday before Tết"
    procedure = "1.001022"
    received = 2026-02-13T16:10:00+07:00
    channel = "in_person"                 # optional, the default
    events = [{type = "finish", at = 2026-02-20T10:00:00+07:00}]
    expect_due = 2026-02-25T17:00:00+07:00
    expect_outcome = "early"

``events`` use the command names of :class:`~onestop.dossier.EventKind` (``finish``,
``request_supplement``, ...) with the command's fields; the dossier is filed at ``filed``
(default: ``received``) and received at ``received`` first. ``now`` (optional) is the moment
an open dossier is classified at. Moments carry their UTC offset: local TOML times are
refused, as onestop refuses naive datetimes. Unknown keys are refused, so a typo never turns
a check off silently.
"""

from __future__ import annotations

import inspect
import tomllib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

__all__ = ["MAX_CASE_FILE_BYTES", "Case", "CaseFileError", "read_cases", "run_case"]

#: The largest case file read: case files are written by hand, a bigger one is a mistake.
MAX_CASE_FILE_BYTES = 1 << 20

_REQUIRED = ("name", "procedure", "received")
_OPTIONAL = ("channel", "filed", "events", "expect_due", "expect_outcome", "now")
#: The events a case's ``events`` may hold: every command but ``file`` and ``receive``,
#: which the case's ``filed`` and ``received`` record.
_FIRST_EVENTS = frozenset({"file", "receive"})


class CaseFileError(ValueError):
    """A case file that cannot be read, naming the file and the case."""


@attrs.frozen
class Case:
    """One declarative case, as read from its file (nothing run yet)."""

    name: str
    procedure: str
    received: datetime
    channel: str = "in_person"
    filed: datetime | None = None
    events: tuple[Mapping[str, Any], ...] = ()
    expect_due: datetime | None = None
    expect_outcome: str | None = None
    now: datetime | None = None


def _commands() -> dict[str, frozenset[str]]:
    """Each event command a case may use, with its keyword fields."""
    from onestop.dossier import Dossier, EventKind

    found = {}
    for kind in EventKind:
        if kind.value in _FIRST_EVENTS:
            continue
        signature = inspect.signature(getattr(Dossier, kind.value))
        found[kind.value] = frozenset(name for name in signature.parameters if name != "self")
    return found


def _moment(where: str, key: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise CaseFileError(
            f"{where}: {key} must be a TOML date-time with its offset, such as "
            f"2026-02-13T16:10:00+07:00, got {value!r}"
        )
    if value.tzinfo is None:
        raise CaseFileError(
            f"{where}: {key} = {value.isoformat()} has no UTC offset; onestop does not guess "
            "one: write it as " + value.isoformat() + "+07:00"
        )
    return value


def _text(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CaseFileError(f"{where}: {key} must be a non-empty string, got {value!r}")
    return value


def _event(where: str, index: int, raw: object, commands: dict[str, frozenset[str]]) -> Any:
    where = f"{where}, event {index + 1}"
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where}: an event is a table such as {{type = 'finish', at = ...}}")
    kind = raw.get("type")
    if kind not in commands:
        known = ", ".join(sorted(commands))
        raise CaseFileError(f"{where}: unknown event type {kind!r}; known types: {known}")
    fields = commands[kind]
    unknown = sorted(set(raw) - fields - {"type"})
    if unknown:
        raise CaseFileError(
            f"{where}: {kind} has unknown fields {unknown}; its fields: {sorted(fields)}"
        )
    values = {key: value for key, value in raw.items() if key != "type"}
    for key in ("at", "new_due"):
        if key in values:
            values[key] = _moment(where, key, values[key])
    if "at" not in values:
        raise CaseFileError(f"{where}: {kind} needs its moment 'at'")
    return {"type": kind, **values}


def _case(where: str, raw: object, commands: dict[str, frozenset[str]]) -> Case:
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where}: a case is a [[case]] table")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        allowed = ", ".join((*_REQUIRED, *_OPTIONAL))
        raise CaseFileError(f"{where}: unknown keys {unknown}; a case has: {allowed}")
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise CaseFileError(f"{where}: missing {missing}")
    if "expect_due" not in raw and "expect_outcome" not in raw:
        raise CaseFileError(f"{where}: a case checks something: give expect_due or expect_outcome")
    events = raw.get("events", [])
    if not isinstance(events, list):
        raise CaseFileError(f"{where}: events must be a list of tables")
    outcome = raw.get("expect_outcome")
    if outcome is not None:
        from onestop.dossier import Outcome

        known = [item.value for item in Outcome]
        if outcome not in known:
            raise CaseFileError(
                f"{where}: expect_outcome {outcome!r} is not one of {', '.join(known)}"
            )
    optional_moments = {
        key: _moment(where, key, raw[key]) for key in ("filed", "expect_due", "now") if key in raw
    }
    return Case(
        name=_text(where, "name", raw["name"]),
        procedure=_text(where, "procedure", raw["procedure"]),
        received=_moment(where, "received", raw["received"]),
        channel=_text(where, "channel", raw.get("channel", "in_person")),
        events=tuple(_event(where, i, event, commands) for i, event in enumerate(events)),
        expect_outcome=(
            _text(where, "expect_outcome", raw["expect_outcome"])
            if "expect_outcome" in raw
            else None
        ),
        **optional_moments,
    )


def read_cases(path: Path, *, max_bytes: int = MAX_CASE_FILE_BYTES) -> tuple[Case, ...]:
    """The cases of the file at ``path``; :class:`CaseFileError` names the file and the case
    when anything is wrong.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> (folder / "onestop_x.toml").write_text('[[case]]\\nname = "a"\\nprocedure = "1"\\n'
        ...     'received = 2026-02-13T16:10:00\\nexpect_outcome = "late"\\n', encoding="utf-8")
        91
        >>> read_cases(folder / "onestop_x.toml")
        Traceback (most recent call last):
        ...
        onestop.testing._cases.CaseFileError: onestop_x.toml, case 'a': received = 2026-02-13T16:10:00 has no UTC offset; onestop does not guess one: write it as 2026-02-13T16:10:00+07:00
    """
    name = path.name
    size = path.stat().st_size
    if size > max_bytes:
        raise CaseFileError(f"{name}: {size} bytes, over the limit of {max_bytes} for a case file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CaseFileError(f"{name}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - {"case"})
    if unknown:
        raise CaseFileError(f"{name}: unknown top-level keys {unknown}; write [[case]] tables")
    raw_cases = data.get("case", [])
    if not isinstance(raw_cases, list) or not raw_cases:
        raise CaseFileError(f"{name}: no cases; write at least one [[case]] table")
    commands = _commands()
    cases: list[Case] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_cases):
        label = raw.get("name") if isinstance(raw, dict) else None
        where = (
            f"{name}, case {label!r}" if isinstance(label, str) else f"{name}, case #{index + 1}"
        )
        case = _case(where, raw, commands)
        if case.name in seen:
            raise CaseFileError(f"{where}: the name is used twice; each case needs its own")
        seen.add(case.name)
        cases.append(case)
    return tuple(cases)


def run_case(case: Case) -> None:
    """File, receive and replay ``case`` on the national calendar and the default catalog,
    then check what it expects; :class:`AssertionError` explains a difference.

    Examples:
        >>> from onestop.calendar import VIETNAM_TZ
        >>> run_case(Case("a", "1.001022", datetime(2026, 2, 13, 16, 10, tzinfo=VIETNAM_TZ),
        ...               expect_due=datetime(2026, 2, 25, 17, tzinfo=VIETNAM_TZ)))
    """
    from onestop.calendar import WorkCalendar
    from onestop.dossier import Dossier
    from onestop.errors import OnestopError
    from onestop.procedures import Channel, default_catalog
    from onestop.testing.assertions import assert_classified, assert_dossier_due

    filed = case.received if case.filed is None else case.filed
    try:
        channel = Channel(case.channel)
    except ValueError:
        known = ", ".join(channel.value for channel in Channel)
        raise AssertionError(f"channel {case.channel!r} is not one of {known}") from None
    try:
        procedure = default_catalog().get(case.procedure, on=filed.date())
    except KeyError:
        raise AssertionError(
            f"procedure {case.procedure!r} is not in the default catalog on {filed.date()}"
        ) from None
    try:
        dossier = Dossier.file(
            id=case.name,
            procedure=procedure,
            at=filed,
            calendar=WorkCalendar.vietnam(),
            channel=channel,
        ).receive(at=case.received)
        for event in case.events:
            fields = {key: value for key, value in event.items() if key != "type"}
            dossier = getattr(dossier, event["type"])(**fields)
    except OnestopError as error:
        raise AssertionError(f"the case's events are refused: {error}") from None
    if case.expect_due is not None:
        assert_dossier_due(dossier, case.expect_due)
    if case.expect_outcome is not None:
        assert_classified(dossier, case.expect_outcome, now=case.now)
