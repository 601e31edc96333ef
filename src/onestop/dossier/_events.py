"""The events of a dossier: the facts everything else is derived from.

Every event is a frozen value with the moment it happened (aware, kept in Asia/Ho_Chi_Minh)
and who recorded it. Events are built by the dossier's commands, or read back from storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

import attrs

from onestop.calendar import to_local
from onestop.dossier._lifecycle import EventKind
from onestop.errors import CalendarError, DossierError
from onestop.procedures import Channel

__all__ = [
    "Applicant",
    "Completed",
    "CompletionRequested",
    "Event",
    "Extended",
    "Filed",
    "PaymentReceived",
    "PaymentRequested",
    "ProcessingStarted",
    "Received",
    "RefusedAtDesk",
    "ResultReady",
    "ResultReturned",
    "Resumed",
    "SettledOnTheSpot",
    "Stopped",
    "SupplementReceived",
    "SupplementRequested",
    "Suspended",
    "Transferred",
    "Withdrawn",
]


def _aware(value: object) -> datetime:
    try:
        return to_local(value)
    except CalendarError as error:
        raise DossierError(f"event time {value!r} is not usable: {error}") from None


def _optional_aware(value: object) -> datetime | None:
    return None if value is None else _aware(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        # A bare string would become a tuple of letters.
        return (value,)
    return tuple(value)


def _required(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DossierError(
            f"{type(instance).__name__}.{attribute.name} is required: the form states it"
        )


def _some(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not value or not all(isinstance(item, str) and item.strip() for item in value):
        raise DossierError(
            f"{type(instance).__name__}.{attribute.name} must list at least one paper, each "
            f"named (the request is given once, completely, in writing: law.md §1.1), got {value!r}"
        )


def _mask(text: str | None) -> str | None:
    """``"Nguyễn Văn An"`` → ``"N***"``: enough to tell records apart, nothing to identify."""
    return None if text is None else (text[:1] + "***" if text else "")


@attrs.frozen(kw_only=True, repr=False)
class Applicant:
    """The citizen or organisation that filed the dossier. Personal data: never shown in a
    ``repr``, a log line or an error message.

    Examples:
        >>> Applicant(name="Nguyễn Văn An", id_number="048090000123", phone="0905123456")
        Applicant(name='N***', id_number='0***', phone='0***', address=None, email=None)
    """

    name: str = attrs.field(validator=_required)
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    email: str | None = None

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{field.name}={_mask(getattr(self, field.name))!r}"
            for field in attrs.fields(Applicant)
        )
        return f"Applicant({fields})"


@attrs.frozen(kw_only=True)
class Event:
    """What every event has: when it happened and who recorded it."""

    kind: ClassVar[EventKind]
    #: When it happened; converted to Asia/Ho_Chi_Minh, naive moments refused.
    at: datetime = attrs.field(converter=_aware)
    #: The officer, system or citizen that recorded it (an identifier, not personal data).
    by: str | None = None


@attrs.frozen(kw_only=True)
class Filed(Event):
    """The citizen filed the dossier (status 1 when online)."""

    kind = EventKind.FILE
    channel: Channel = Channel.IN_PERSON
    applicant: Applicant | None = None


@attrs.frozen(kw_only=True)
class CompletionRequested(Event):
    """Before receipt, the desk asked for the missing papers (form 02)."""

    kind = EventKind.REQUEST_COMPLETION
    missing: tuple[str, ...] = attrs.field(converter=_texts, validator=_some)
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Completed(Event):
    """The citizen brought the papers the desk asked for; the desk checks the dossier again."""

    kind = EventKind.COMPLETE


@attrs.frozen(kw_only=True)
class RefusedAtDesk(Event):
    """The desk refused the dossier with a refusal slip stating the reason (form 03)."""

    kind = EventKind.REFUSE_AT_DESK
    reason: str = attrs.field(validator=_required)


@attrs.frozen(kw_only=True)
class Received(Event):
    """The desk received the dossier as complete and valid and issued the receipt slip with
    the appointment (form 01). ``promised_at`` is what the slip says, frozen: ``None`` when
    the procedure sets no time limit."""

    kind = EventKind.RECEIVE
    receipt_number: str | None = None
    promised_at: datetime | None = attrs.field(default=None, converter=_optional_aware)


@attrs.frozen(kw_only=True)
class Transferred(Event):
    """The desk handed the dossier to the unit that settles it."""

    kind = EventKind.TRANSFER
    to_unit: str | None = None


@attrs.frozen(kw_only=True)
class ProcessingStarted(Event):
    """The competent unit started settling the dossier."""

    kind = EventKind.START_PROCESSING


@attrs.frozen(kw_only=True)
class SupplementRequested(Event):
    """Processing found missing papers; the citizen is asked, in writing, once (form 02)."""

    kind = EventKind.REQUEST_SUPPLEMENT
    missing: tuple[str, ...] = attrs.field(converter=_texts, validator=_some)
    reason: str | None = None


@attrs.frozen(kw_only=True)
class SupplementReceived(Event):
    """The citizen brought the papers asked for."""

    kind = EventKind.RECEIVE_SUPPLEMENT


@attrs.frozen(kw_only=True)
class PaymentRequested(Event):
    """The citizen must pay a fee or tax before the result (status 6)."""

    kind = EventKind.REQUEST_PAYMENT
    amount_vnd: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount_vnd is not None and (
            isinstance(self.amount_vnd, bool)
            or not isinstance(self.amount_vnd, int)
            or self.amount_vnd < 0
        ):
            raise DossierError(
                f"PaymentRequested.amount_vnd must be a whole, non-negative number of VND, "
                f"got {self.amount_vnd!r}"
            )


@attrs.frozen(kw_only=True)
class PaymentReceived(Event):
    """The citizen paid."""

    kind = EventKind.RECEIVE_PAYMENT


@attrs.frozen(kw_only=True)
class Suspended(Event):
    """Processing is suspended on a ground the procedure's own law provides; ``legal_basis``
    names it, because the one-stop decrees give no general right to suspend."""

    kind = EventKind.SUSPEND
    reason: str = attrs.field(validator=_required)
    legal_basis: str = attrs.field(validator=_required)


@attrs.frozen(kw_only=True)
class Resumed(Event):
    """Processing resumed after a suspension."""

    kind = EventKind.RESUME


@attrs.frozen(kw_only=True)
class Extended(Event):
    """The dossier is predicted late: an apology letter states the reason and a new return
    date (form 04)."""

    kind = EventKind.EXTEND
    reason: str = attrs.field(validator=_required)
    new_due: datetime = attrs.field(converter=_aware)


@attrs.frozen(kw_only=True)
class ResultReady(Event):
    """Processing is finished; the result is at the desk (status 9)."""

    kind = EventKind.FINISH
    result: str | None = None


@attrs.frozen(kw_only=True)
class ResultReturned(Event):
    """The result was handed or sent to the citizen (status 10)."""

    kind = EventKind.RETURN_RESULT


@attrs.frozen(kw_only=True)
class SettledOnTheSpot(Event):
    """Received, settled and returned at the desk in one sitting: a same-day procedure or a
    first-Sunday session ("Ngày Chủ nhật gần Dân")."""

    kind = EventKind.SETTLE_ON_THE_SPOT
    result: str | None = None


@attrs.frozen(kw_only=True)
class Withdrawn(Event):
    """The citizen withdrew the dossier (status 7)."""

    kind = EventKind.WITHDRAW
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Stopped(Event):
    """Processing stopped or the dossier was refused after review, with the reason
    (status 8; form 05 under Decree 118/2025/NĐ-CP)."""

    kind = EventKind.STOP
    reason: str = attrs.field(validator=_required)


#: The event class of each kind, for reading events back from storage.
EVENT_TYPES: dict[EventKind, type[Event]] = {
    cls.kind: cls
    for cls in (
        Filed,
        CompletionRequested,
        Completed,
        RefusedAtDesk,
        Received,
        Transferred,
        ProcessingStarted,
        SupplementRequested,
        SupplementReceived,
        PaymentRequested,
        PaymentReceived,
        Suspended,
        Resumed,
        Extended,
        ResultReady,
        ResultReturned,
        SettledOnTheSpot,
        Withdrawn,
        Stopped,
    )
}
assert set(EVENT_TYPES) == set(EventKind), "every event kind needs its class"


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of ``event``: ``type`` first, moments in ISO 8601 with offset."""
    data: dict[str, Any] = {"type": event.kind.value}
    for field in attrs.fields(type(event)):
        value = getattr(event, field.name)
        if value is None or value == ():
            continue
        data[field.name] = _plain(value)
    return data


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Channel):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Applicant):
        return {
            field.name: getattr(value, field.name)
            for field in attrs.fields(Applicant)
            if getattr(value, field.name) is not None
        }
    return value


_MOMENT_FIELDS = frozenset({"at", "promised_at", "new_due"})
_TEXT_FIELDS = frozenset({"by", "receipt_number", "to_unit", "reason", "legal_basis", "result"})


def event_from_dict(data: object) -> Event:
    """The event ``data`` describes; anything unexpected raises :class:`DossierError` naming
    the field."""
    if not isinstance(data, dict):
        raise DossierError(f"an event must be a JSON object, got {type(data).__name__}")
    try:
        kind = EventKind(data.get("type"))
    except ValueError:
        known = ", ".join(kind.value for kind in EventKind)
        raise DossierError(
            f"unknown event type {data.get('type')!r}; known types: {known}"
        ) from None
    cls, kind_name = EVENT_TYPES[kind], kind.value
    names = {field.name for field in attrs.fields(cls)}
    unknown = sorted(set(data) - names - {"type"})
    if unknown:
        raise DossierError(f"{kind_name} event has unknown fields {unknown}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "type":
            continue
        values[name] = _typed(kind_name, name, value)
    try:
        return cls(**values)
    except TypeError as error:
        raise DossierError(f"{kind_name} event is incomplete: {error}") from None


def _typed(kind: str, name: str, value: object) -> object:
    """``value`` read from JSON as the type field ``name`` holds."""
    if name in _MOMENT_FIELDS:
        if not isinstance(value, str):
            raise DossierError(f"{kind}.{name} must be an ISO 8601 string, got {value!r}")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise DossierError(f"{kind}.{name} is not an ISO 8601 moment: {value!r}") from None
    if name in _TEXT_FIELDS:
        if value is not None and not isinstance(value, str):
            raise DossierError(f"{kind}.{name} must be a string, got {value!r}")
        return value
    if name == "missing":
        if not isinstance(value, list):
            raise DossierError(f"{kind}.missing must be a list of papers, got {value!r}")
        return tuple(value)
    if name == "channel":
        try:
            return Channel(value)
        except ValueError:
            known = ", ".join(channel.value for channel in Channel)
            raise DossierError(f"{kind}.channel {value!r} is not one of {known}") from None
    if name == "applicant":
        if not isinstance(value, dict):
            raise DossierError(f"{kind}.applicant must be an object")
        fields = {field.name for field in attrs.fields(Applicant)}
        if set(value) - fields or not all(
            isinstance(item, str) or item is None for item in value.values()
        ):
            raise DossierError(f"{kind}.applicant may only hold the texts {sorted(fields)}")
        return Applicant(**value)
    # amount_vnd: the event checks it.
    return value
