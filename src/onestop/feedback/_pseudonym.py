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

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from onestop._pseudonymity import MIN_KEY_BYTES, Detector, pseudonymised, secret_key
from onestop.errors import FeedbackError
from onestop.feedback._events import Received
from onestop.feedback._item import FeedbackItem

__all__ = ["MIN_KEY_BYTES", "REDACTED_TEXT", "pseudonymise"]

#: What replaces a free text that contains the author's details.
REDACTED_TEXT = "(đã ẩn: văn bản có thông tin cá nhân của người phản ánh)"

_TEXT_FIELDS = ("summary", "reason", "request", "where")


def pseudonymise(items: Iterable[FeedbackItem], *, key: bytes) -> Iterator[FeedbackItem]:
    """The same items with each author detail replaced by its keyed pseudonym and the free
    texts that contain one replaced by :data:`REDACTED_TEXT`. Streaming: one item at a time.

    ``key`` is at least :data:`MIN_KEY_BYTES` secret random bytes
    (``secrets.token_bytes(32)``).

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.feedback import Author, FeedbackChannel
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
    secret = secret_key(key, FeedbackError)
    for item in items:
        author = item.author
        if author is None:
            yield item
            continue
        finds = Detector(author)
        replaced = pseudonymised(author, secret)
        events = []
        for event in item.events:
            changes: dict[str, Any] = {
                name: REDACTED_TEXT
                for name in _TEXT_FIELDS
                if isinstance(getattr(event, name, None), str) and finds(getattr(event, name))
            }
            if isinstance(event, Received):
                changes["author"] = replaced
            events.append(attrs.evolve(event, **changes) if changes else event)
        yield attrs.evolve(item, events=events)
