"""The events of a feedback item: the facts its state, clock and satisfaction are folded from.

Every event is a frozen value with the moment it happened (aware, kept in Asia/Ho_Chi_Minh;
naive moments refused) and who recorded it, like the events of a dossier
(:mod:`onestop.dossier`).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, ClassVar

import attrs

from onestop.calendar import to_local
from onestop.errors import CalendarError, FeedbackError
from onestop.feedback._model import (
    Author,
    FeedbackChannel,
    FeedbackClass,
    Reaction,
    Subject,
    SubjectKind,
)

__all__ = [
    "Answered",
    "Classified",
    "EventKind",
    "FeedbackEvent",
    "Published",
    "Reacted",
    "Received",
    "Refused",
    "Reraised",
    "SupplementReceived",
    "SupplementRequested",
    "event_from_dict",
    "event_to_dict",
]


class EventKind(enum.Enum):
    """What happened to a feedback item; also the ``type`` of a stored event."""

    RECEIVE = "receive"
    CLASSIFY = "classify"
    REFUSE = "refuse"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    ANSWER = "answer"
    PUBLISH = "publish"
    REACT = "react"
    RERAISE = "reraise"


def _aware(value: object) -> datetime:
    try:
        return to_local(value)
    except CalendarError as error:
        raise FeedbackError(f"event time is not usable: {error}") from None


def _required(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FeedbackError(
            f"{type(instance).__name__}.{attribute.name} is required: state it in a few words"
        )


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise FeedbackError(
            f"{type(instance).__name__}.{attribute.name} must be a text or None, got "
            f"{type(value).__name__}"
        )


def _instance_of(cls: type[Any], optional: bool = False) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (optional and value is None) or isinstance(value, cls):
            return
        raise FeedbackError(
            f"{type(instance).__name__}.{attribute.name} must be a {cls.__name__}"
            f"{' or None' if optional else ''}, got {type(value).__name__}"
        )

    return check


@attrs.frozen(kw_only=True)
class FeedbackEvent:
    """What every event has: when it happened and who recorded it."""

    kind: ClassVar[EventKind]
    #: When it happened; converted to Asia/Ho_Chi_Minh, naive moments refused.
    at: datetime = attrs.field(converter=_aware)
    #: The officer, system or account that recorded it (an identifier).
    by: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Received(FeedbackEvent):
    """The ward received the item through ``channel``; the first event of every item."""

    kind = EventKind.RECEIVE
    channel: FeedbackChannel = attrs.field(validator=_instance_of(FeedbackChannel))
    subject: Subject | None = attrs.field(default=None, validator=_instance_of(Subject, True))
    #: Who wrote it; ``None`` for anonymous feedback. Masked in every ``repr``.
    author: Author | None = attrs.field(default=None, validator=_instance_of(Author, True))
    #: What it says, in a few words (free text: it may name the author).
    summary: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Classified(FeedbackEvent):
    """The item was classified (indicator 5.1); a later classification replaces it."""

    kind = EventKind.CLASSIFY
    feedback_class: FeedbackClass = attrs.field(validator=_instance_of(FeedbackClass))


@attrs.frozen(kw_only=True)
class Refused(FeedbackEvent):
    """The ward refused to handle the item, with the reason (e.g. outside its competence)."""

    kind = EventKind.REFUSE
    reason: str = attrs.field(validator=_required)


@attrs.frozen(kw_only=True)
class SupplementRequested(FeedbackEvent):
    """The ward asked the citizen for more information."""

    kind = EventKind.REQUEST_SUPPLEMENT
    request: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class SupplementReceived(FeedbackEvent):
    """The citizen gave the information asked for."""

    kind = EventKind.RECEIVE_SUPPLEMENT


@attrs.frozen(kw_only=True)
class Answered(FeedbackEvent):
    """The ward answered the item (handled it)."""

    kind = EventKind.ANSWER
    summary: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Published(FeedbackEvent):
    """The answer was published (on the portal, the ward's page, ...)."""

    kind = EventKind.PUBLISH
    where: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Reacted(FeedbackEvent):
    """A citizen liked or disliked the handling."""

    kind = EventKind.REACT
    reaction: Reaction = attrs.field(validator=_instance_of(Reaction))


@attrs.frozen(kw_only=True)
class Reraised(FeedbackEvent):
    """The citizen raised the same matter again after its handling (phản ánh lại)."""

    kind = EventKind.RERAISE
    reason: str | None = attrs.field(default=None, validator=_optional_text)


#: The event class of each kind, for reading events back from storage.
EVENT_TYPES: dict[EventKind, type[FeedbackEvent]] = {
    cls.kind: cls
    for cls in (
        Received,
        Classified,
        Refused,
        SupplementRequested,
        SupplementReceived,
        Answered,
        Published,
        Reacted,
        Reraised,
    )
}
assert set(EVENT_TYPES) == set(EventKind), "every event kind needs its class"


def event_to_dict(event: FeedbackEvent) -> dict[str, Any]:
    """A JSON-ready dict of ``event``: ``type`` first, moments in ISO 8601 with offset, enums
    by value; ``None`` fields left out.

    Examples:
        >>> from onestop.calendar import VIETNAM_TZ
        >>> event_to_dict(Reacted(at=datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                       reaction=Reaction.LIKE))
        {'type': 'react', 'at': '2026-03-02T09:00:00+07:00', 'reaction': 'like'}
    """
    data: dict[str, Any] = {"type": event.kind.value}
    for field in attrs.fields(type(event)):
        value = getattr(event, field.name)
        if value is not None:
            data[field.name] = _plain(value)
    return data


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Subject):
        return {"kind": value.kind.value, "ref": value.ref}
    if isinstance(value, Author):
        return {
            field.name: getattr(value, field.name)
            for field in attrs.fields(Author)
            if getattr(value, field.name) is not None
        }
    return value


_TEXT_FIELDS = frozenset({"by", "summary", "reason", "request", "where"})
_ENUM_FIELDS: dict[str, type[enum.Enum]] = {
    "channel": FeedbackChannel,
    "feedback_class": FeedbackClass,
    "reaction": Reaction,
}


def event_from_dict(data: object) -> FeedbackEvent:
    """The event ``data`` (from :func:`event_to_dict`) describes; anything unexpected raises
    :class:`~onestop.errors.FeedbackError` naming the field, never quoting the author's data.

    Examples:
        >>> event_from_dict({"type": "react", "at": "2026-03-02T09:00:00+07:00",
        ...                  "reaction": "dislike"}).reaction
        <Reaction.DISLIKE: 'dislike'>
        >>> event_from_dict({"type": "answer", "at": "2026-03-02T09:00:00"})
        Traceback (most recent call last):
        ...
        onestop.errors.FeedbackError: event time is not usable: naive datetime 2026-03-02T09:00:00 has no time zone; onestop does not guess one: attach tzinfo=onestop.calendar.VIETNAM_TZ (Asia/Ho_Chi_Minh) or UTC
    """
    if not isinstance(data, dict):
        raise FeedbackError(f"an event must be a JSON object, got {type(data).__name__}")
    try:
        kind = EventKind(data.get("type"))
    except ValueError:
        known = ", ".join(kind.value for kind in EventKind)
        raise FeedbackError(
            f"unknown event type {str(data.get('type'))[:40]!r}; known types: {known}"
        ) from None
    cls = EVENT_TYPES[kind]
    names = {field.name for field in attrs.fields(cls)}
    unknown = sorted(str(name)[:40] for name in set(data) - names - {"type"})
    if unknown:
        raise FeedbackError(f"{kind.value} event has unknown fields {unknown}")
    values: dict[str, Any] = {
        name: _typed(kind.value, name, value) for name, value in data.items() if name != "type"
    }
    try:
        return cls(**values)
    except TypeError:
        missing = sorted(
            field.name
            for field in attrs.fields(cls)
            if field.default is attrs.NOTHING and field.name not in values
        )
        raise FeedbackError(f"{kind.value} event is incomplete: missing {missing}") from None


def _typed(kind: str, name: str, value: object) -> object:
    """``value`` read from JSON as the type field ``name`` holds."""
    if name == "at":
        if not isinstance(value, str):
            raise FeedbackError(f"{kind}.at must be an ISO 8601 string")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise FeedbackError(f"{kind}.at is not an ISO 8601 moment: {value[:40]!r}") from None
    if name in _TEXT_FIELDS:
        # The texts are checked by the event, which never quotes them.
        return value
    if name in _ENUM_FIELDS:
        cls = _ENUM_FIELDS[name]
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(member.value for member in cls)
            raise FeedbackError(f"{kind}.{name} must be one of {known}") from None
    if name == "subject":
        if not isinstance(value, dict) or set(value) != {"kind", "ref"}:
            raise FeedbackError(f'{kind}.subject must be an object with "kind" and "ref"')
        try:
            subject_kind = SubjectKind(value["kind"])
        except ValueError:
            known = ", ".join(member.value for member in SubjectKind)
            raise FeedbackError(f"{kind}.subject.kind must be one of {known}") from None
        return Subject(subject_kind, value["ref"])
    # author: the only field left.
    fields = {field.name for field in attrs.fields(Author)}
    if not isinstance(value, dict) or set(value) - fields:
        raise FeedbackError(f"{kind}.author must be an object with only {sorted(fields)}")
    return Author(**value)
