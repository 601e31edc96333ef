"""One line of a JSON Lines log, as every reader of :mod:`onestop.io` takes it: the size bound,
the JSON object, the keys, the payload, and what a reason may show of it.

A rejected line is reported with a reason, and a reason must never quote a citizen's data
(an applicant's, a feedback author's): a reason is built freely from what went wrong, then
:func:`redact` hides every text of the line that is not known to be safe (an identifier, a
known type, a well-formed moment). Searching the line for such texts is done only once it
is rejected, so good lines cost nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TextIO

import attrs

#: A key name shown in a reason: plain ASCII, short. Anything else is counted, not shown.
SHOWN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")
#: What stands in a reason for a hidden value.
HIDDEN = "…"
#: The keys of a line that are the event's own fields, lifted out of its payload.
_EVENT_KEYS = ("type", "at", "by")


class LineRejectedError(Exception):
    """A line refused for ``reason``; ``dossier`` is the record (dossier or feedback item) it
    is charged to, ``None`` when it cannot be told."""

    def __init__(self, reason: str, dossier: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.dossier = dossier


def too_long(line: str, max_line_bytes: int) -> bool:
    """Whether ``line`` takes more than ``max_line_bytes`` in UTF-8."""
    # Four bytes at most per character: most lines need no encoding to be measured.
    return len(line) > max_line_bytes // 4 and len(line.encode("utf-8")) > max_line_bytes


def parse(text: str) -> dict[str, Any]:
    """The JSON object of a line; :class:`LineRejectedError` naming what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # The message names the position only, never the text.
        raise LineRejectedError(f"not JSON: {error.msg} (column {error.colno})") from None
    except (ValueError, RecursionError):
        raise LineRejectedError("not JSON: nested too deeply or not decodable") from None
    if not isinstance(data, dict):
        raise LineRejectedError(f"not a JSON object: the line holds a {type(data).__name__}")
    return data


def parse_bounded(text: str, max_line_bytes: int) -> dict[str, Any]:
    """:func:`parse`, after refusing a line over ``max_line_bytes`` unread: the bound keeps a
    hostile log from making the reader hold or parse huge objects."""
    if too_long(text, max_line_bytes):
        raise LineRejectedError(
            f"line too long: over {max_line_bytes} bytes; raise max_line_bytes if the log is "
            "trusted"
        )
    return parse(text)


def bounded_lines(file: TextIO, max_line_bytes: int) -> Iterator[str]:
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


@attrs.frozen
class LineShape:
    """A kind of line: what a reason calls it (``name``: "a line", "a feedback line"), the
    keys it must have (``required``, the first holding its record's id; ``by`` and
    ``payload`` may be added), and which of its values a reason may show: the string values
    of the ``identifiers`` keys, a ``type`` among ``event_types``, and the payload values
    ``shown_in_payload`` accepts (besides a well-formed ``at``, in every kind)."""

    name: str
    required: tuple[str, ...]
    identifiers: frozenset[str]
    event_types: frozenset[str]
    shown_in_payload: Callable[[str, object], bool]
    #: Every key a line may have; worked out once, since it is checked on every line.
    keys: frozenset[str] = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda shape: frozenset((*shape.required, "by", "payload")), takes_self=True
        ),
    )

    def check(self, data: dict[str, Any], owner: str) -> None:
        """Refuse a line of ``owner`` that misses a key or has one it does not know."""
        order = ", ".join((*self.required, "by", "payload"))
        missing = [key for key in self.required if key not in data]
        if missing:
            raise LineRejectedError(f"missing keys {missing}; {self.name} has {order}", owner)
        keys = self.keys
        unknown = [key for key in data if key not in keys]
        if unknown:
            # An unknown key may itself be a citizen's text: only plain short names are shown.
            shown = [key for key in unknown if SHOWN_KEY.match(key)]
            hidden = len(unknown) - len(shown)
            listed = f"{shown}" + (f" and {hidden} more not shown" if hidden else "")
            raise LineRejectedError(f"unknown keys {listed}; {self.name} has {order}", owner)

    def secrets(self, data: dict[str, Any]) -> set[str]:
        """Every text of a parsed line that may be a citizen's data: all strings, numbers and
        odd key names, except the values this kind of line may show, each in its own place."""
        found: set[str] = set()
        for key, item in data.items():
            _odd_key(key, found)
            if key == "payload" and isinstance(item, dict):
                for name, value in item.items():
                    _odd_key(name, found)
                    if not self.shown_in_payload(name, value):
                        _texts(value, found)
            elif (
                (key in self.identifiers and isinstance(item, str))
                or (key == "type" and item in self.event_types)
                or (key == "at" and is_moment(item))
            ):
                continue
            else:
                _texts(item, found)
        return found


def payload(data: dict[str, Any], owner: str) -> dict[str, Any]:
    """The payload of a line (left out or ``null``: empty), refused if it is not an object or
    repeats the event fields the line holds at its top level."""
    found = data.get("payload", {})
    if found is None:
        found = {}
    if not isinstance(found, dict):
        raise LineRejectedError('"payload" must be a JSON object', owner)
    clashing = sorted(key for key in found if key in _EVENT_KEYS)
    if clashing:
        raise LineRejectedError(f"payload repeats the line's keys {clashing}", owner)
    return found


def lifted(record: dict[str, str], fields: dict[str, Any]) -> dict[str, Any]:
    """The JSON object of a line: the ``record``'s keys, then the event's ``type``, ``at`` and
    ``by`` lifted out of its ``fields`` (so that a log can be filtered without parsing
    payloads), then the other fields as ``payload``; :func:`payload` reads them back."""
    rest = dict(fields)
    kind = rest.pop("type")
    at = rest.pop("at")
    by = rest.pop("by", None)
    return {**record, "type": kind, "at": at, "by": by, "payload": rest}


def write_lines(lines: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``lines`` to ``out``, one compact JSON object a line; the number written. Texts
    are written as UTF-8 characters, not escaped: Vietnamese names stay readable."""
    written = 0
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        written += 1
    return written


# ------------------------------------------------------------------ what a reason may show


def is_moment(text: object) -> bool:
    """Whether ``text`` is an ISO 8601 moment with its time zone: a time, not personal data."""
    if not isinstance(text, str):
        return False
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def _odd_key(key: object, found: set[str]) -> None:
    if isinstance(key, str) and not SHOWN_KEY.match(key):
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


def redact(reason: str, secrets: Iterable[str]) -> str:
    """``reason`` with every text of ``secrets`` (and its ``repr``) replaced by ``…``."""
    # Longest first, so that a text containing a shorter one is hidden whole.
    for secret in sorted({s for s in secrets if len(s) >= 2}, key=len, reverse=True):
        if secret in reason:
            reason = reason.replace(repr(secret), HIDDEN).replace(secret, HIDDEN)
    return reason


def shown(text: str) -> str:
    """An identifier (dossier id, item id, procedure code) as a reason may show it."""
    return repr(text if len(text) <= 60 else text[:60] + HIDDEN)
