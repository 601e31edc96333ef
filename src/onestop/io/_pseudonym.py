"""Pseudonymised copies of dossiers, for sharing event logs with analysts.

Each detail of an applicant (name, ID number, phone, address, email) is replaced by a keyed
HMAC-SHA256 pseudonym of its normalised value: the same person (the same detail) gets the
same pseudonym under the same key, so analysts can still count repeat applicants, and nobody
without the key can recompute or test a guess. Everything else is kept as it was: dossier
ids, procedures, times, channels, officers' ``by`` identifiers (officers act in their
office, they are not the citizens whose data this is) and the lists of missing papers.

Free texts can name the applicant: a refusal reason, a stop's reason, a paper in a
supplement request, a result reference. A free text that contains one of the applicant's
details (compared without case, spaces or Vietnamese diacritics; phone and ID numbers digit
by digit) is replaced whole by :data:`REDACTED_TEXT`; the others are kept, because they are
what analysts study (why dossiers are refused). This check only finds the details the
applicant record holds: a text naming the person another way (a given name alone, a
relative) is not caught, so review or drop free texts before sharing a log outside the
office.

The key is a secret: whoever holds it can test whether a known person is in the data, so
keep it away from the data and the analysts, and use a new key for data that must not be
linkable. Pseudonymised data is still data about identifiable people for whoever holds the
key or can link it to other sources: share it under the same care as the original.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from onestop._pseudonymity import MIN_KEY_BYTES, Detector, pseudonymised, secret_key
from onestop.dossier import Dossier, Event, Filed
from onestop.errors import DossierError

__all__ = ["MIN_KEY_BYTES", "REDACTED_TEXT", "pseudonymise"]

#: What replaces a free text that contains the applicant's details.
REDACTED_TEXT = "(đã ẩn: văn bản có thông tin cá nhân của người nộp hồ sơ)"

#: The free-text fields of events; ``missing`` is a tuple of texts.
_TEXT_FIELDS = ("reason", "legal_basis", "result", "receipt_number", "to_unit")


def _cleaned(event: Event, finds: Detector) -> Event:
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, str) and finds(value):
            changes[name] = REDACTED_TEXT
    missing = getattr(event, "missing", None)
    if isinstance(missing, tuple) and any(finds(paper) for paper in missing):
        changes["missing"] = tuple(REDACTED_TEXT if finds(paper) else paper for paper in missing)
    return attrs.evolve(event, **changes) if changes else event


def pseudonymise(dossiers: Iterable[Dossier], *, key: bytes) -> Iterator[Dossier]:
    """The same dossiers with each applicant detail replaced by its keyed pseudonym and the
    free texts that contain one replaced by :data:`REDACTED_TEXT` (see the module for what
    is kept, and why the key must stay secret). Streaming: one dossier at a time.

    ``key`` is at least :data:`MIN_KEY_BYTES` random bytes (``secrets.token_bytes(32)``).

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> from onestop.dossier import Applicant
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> birth = default_catalog().get("1.001193", on=at.date())
        >>> an = Applicant(name="Nguyễn Văn An", phone="0905 123 456")
        >>> d = (Dossier.file(id="HS-1", procedure=birth, at=at, calendar=WorkCalendar.vietnam(),
        ...                   applicant=an)
        ...      .refuse_at_desk(at=at, reason="Ông Nguyễn Văn An chưa đủ tuổi", by="desk-1"))
        >>> [shared] = pseudonymise([d], key=b"0123456789abcdef0123456789abcdef")
        >>> shared.applicant.name, shared.applicant.phone
        ('name-5bd78058a9118b7dd191', 'phone-b9c9abf51be6b3cbc016')
        >>> shared.events[1].reason == REDACTED_TEXT, shared.events[1].by, shared.id
        (True, 'desk-1', 'HS-1')
    """
    secret = secret_key(key, DossierError)
    for dossier in dossiers:
        applicant = dossier.applicant
        if applicant is None:
            yield dossier
            continue
        finds = Detector(applicant)
        replaced = pseudonymised(applicant, secret)
        events = [
            attrs.evolve(event, applicant=replaced)
            if isinstance(event, Filed) and event.applicant is not None
            else _cleaned(event, finds)
            for event in dossier.events
        ]
        yield attrs.evolve(dossier, events=events)
