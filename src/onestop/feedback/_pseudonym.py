"""Pseudonymised copies of feedback items, for sharing them with analysts.

The approach of :func:`onestop.io.pseudonymise` for dossiers, applied to feedback: each
detail of the author (name, phone, email, address) is replaced by a keyed HMAC-SHA256
pseudonym of its normalised value, computed exactly as for a dossier's applicant, so that
under the same key the same phone gets the same pseudonym in both (analysts can link a
citizen's feedback to their dossiers without learning who they are). A free text that
contains one of the author's details (the summary, a refusal reason, a supplement request, an
answer, a re-raise reason, where the answer was published; compared without case, spaces or
diacritics, numbers digit by digit) is replaced whole by :data:`REDACTED_TEXT`. Everything
else is kept: ids, times, channels, subjects, classes, reactions and ``by`` identifiers.

The key is a secret: whoever holds it can test whether a known person wrote feedback. Keep it
away from the data and the analysts. A text naming the author another way (a given name
alone, a relative) is not caught: review free texts before sharing outside the office.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from onestop.errors import FeedbackError
from onestop.feedback._events import Received
from onestop.feedback._item import FeedbackItem
from onestop.feedback._model import Author

__all__ = ["MIN_KEY_BYTES", "REDACTED_TEXT", "pseudonymise"]

#: What replaces a free text that contains the author's details.
REDACTED_TEXT = "(đã ẩn: văn bản có thông tin cá nhân của người phản ánh)"

#: The smallest key accepted, in bytes (as for dossiers).
MIN_KEY_BYTES = 16

_TEXT_FIELDS = ("summary", "reason", "request", "where")
_NUMBER_FIELDS = frozenset({"phone"})
_DIGITS = re.compile(r"\D+")
_NOT_WORD = re.compile(r"[\W_]+")


def _folded(text: str) -> str:
    """``text`` as words without case or diacritics (đ as d), padded with spaces."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return f" {_NOT_WORD.sub(' ', plain).strip()} "


def _digits(text: str) -> str:
    digits = _DIGITS.sub("", text)
    # +84 905 123 456 and 0905 123 456 are the same phone.
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def _normalised(field: str, value: str) -> str:
    """Digits of numbers; texts in NFC, without case or extra spaces (diacritics kept)."""
    if field in _NUMBER_FIELDS:
        return _digits(value)
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def _pseudonym(key: bytes, field: str, value: str) -> str:
    message = f"{field}\x1f{_normalised(field, value)}".encode()
    return f"{field}-{hmac.new(key, message, hashlib.sha256).hexdigest()[:20]}"


class _Detector:
    """Whether a text contains one of an author's details."""

    __slots__ = ("_numbers", "_texts")

    def __init__(self, author: Author) -> None:
        self._texts: list[str] = []
        self._numbers: list[str] = []
        for field in attrs.fields(Author):
            value = getattr(author, field.name)
            if not value or not value.strip():
                continue
            digits = _digits(value)
            if field.name in _NUMBER_FIELDS and len(digits) >= 6:
                # Fewer than 6 digits would match ordinary numbers in texts.
                self._numbers += [digits, digits.lstrip("0")]
            else:
                self._texts.append(_folded(value))

    def finds(self, text: str) -> bool:
        folded = _folded(text)
        if any(value.strip() and value in folded for value in self._texts):
            return True
        digits = _DIGITS.sub("", text)
        return any(number and number in digits for number in self._numbers)


def pseudonymise(items: Iterable[FeedbackItem], *, key: bytes) -> Iterator[FeedbackItem]:
    """The same items with each author detail replaced by its keyed pseudonym and the free
    texts that contain one replaced by :data:`REDACTED_TEXT`. Streaming: one item at a time.

    ``key`` is at least :data:`MIN_KEY_BYTES` secret random bytes
    (``secrets.token_bytes(32)``).

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.feedback import FeedbackChannel
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> item = FeedbackItem.receive(id="PA-1", at=at, channel=FeedbackChannel.ZALO,
        ...     calendar=WorkCalendar.vietnam(), summary="Ông An (0905 123 456) chờ lâu",
        ...     author=Author(name="Nguyễn Văn An", phone="0905 123 456"))
        >>> [shared] = pseudonymise([item], key=b"0123456789abcdef0123456789abcdef")
        >>> shared.author.name, shared.author.phone
        ('name-5bd78058a9118b7dd191', 'phone-b9c9abf51be6b3cbc016')
        >>> shared.events[0].summary == REDACTED_TEXT, shared.id
        (True, 'PA-1')
    """
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise FeedbackError(
            f"the pseudonymisation key must be at least {MIN_KEY_BYTES} secret random bytes, "
            "e.g. secrets.token_bytes(32)"
        )
    secret = bytes(key)
    for item in items:
        author = item.author
        if author is None:
            yield item
            continue
        detector = _Detector(author)
        details: dict[str, Any] = {
            field.name: None
            if getattr(author, field.name) is None
            else _pseudonym(secret, field.name, getattr(author, field.name))
            for field in attrs.fields(Author)
        }
        replaced = Author(**details)
        events = []
        for event in item.events:
            changes: dict[str, Any] = {
                name: REDACTED_TEXT
                for name in _TEXT_FIELDS
                if isinstance(getattr(event, name, None), str)
                and detector.finds(getattr(event, name))
            }
            if isinstance(event, Received):
                changes["author"] = replaced
            events.append(attrs.evolve(event, **changes) if changes else event)
        yield attrs.evolve(item, events=events)
