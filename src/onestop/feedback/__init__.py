"""Citizen feedback and petitions (phản ánh, kiến nghị, PAKN): the items a ward receives on
its Zalo page, hotline, portal or desk box, each an append-only log of events with the
working-day limits of its handling, its timeliness, its satisfaction, and the feedback
indicators 5.1–5.3 of Decision 766/QĐ-TTg.

The limits (answer 15 working days, refusal 2, supplement request 5, publication 2) are
effective-dated data with their source (Decision 766/QĐ-TTg, row 5.2 of the portal's formula
document, law.md §3.3 [S]); due moments are computed by :func:`onestop.timing.deadline` and
the answer's clock is a :class:`onestop.dossier.LegalClock`, the dossiers' own machinery.

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.feedback import FeedbackChannel, FeedbackClass, FeedbackItem, Step
    >>> friday = datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ)  # the last day before Tết
    >>> item = FeedbackItem.receive(id="PA-0042", at=friday, channel=FeedbackChannel.ZALO,
    ...                             calendar=WorkCalendar.vietnam())
    >>> item.due(Step.REFUSE).isoformat(), item.due(Step.ANSWER).isoformat()
    ('2026-02-24T17:00:00+07:00', '2026-03-13T17:00:00+07:00')
    >>> item = item.classify_as(FeedbackClass.PROCEDURE, at=friday.replace(hour=16))
    >>> item.answer(at=datetime(2026, 3, 16, 9, tzinfo=VIETNAM_TZ)).classify().outcome
    <Outcome.LATE: 'late'>
"""

from onestop.feedback._events import (
    Answered,
    Classified,
    EventKind,
    FeedbackEvent,
    Published,
    Reacted,
    Received,
    Refused,
    Reraised,
    SupplementReceived,
    SupplementRequested,
    event_from_dict,
    event_to_dict,
)
from onestop.feedback._item import FeedbackItem
from onestop.feedback._limits import (
    FeedbackLimits,
    PublishStart,
    Step,
    default_limits,
    limits_for,
    load_limits,
)
from onestop.feedback._metrics import (
    FeedbackCounts,
    SatisfactionCount,
    feedback_counts,
    feedback_results,
)
from onestop.feedback._model import (
    Author,
    FeedbackChannel,
    FeedbackClass,
    Reaction,
    Subject,
    SubjectKind,
)
from onestop.feedback._pseudonym import MIN_KEY_BYTES, REDACTED_TEXT, pseudonymise
from onestop.feedback._timeliness import Dissatisfaction, StepTiming, Timeliness

__all__ = [
    "MIN_KEY_BYTES",
    "REDACTED_TEXT",
    "Answered",
    "Author",
    "Classified",
    "Dissatisfaction",
    "EventKind",
    "FeedbackChannel",
    "FeedbackClass",
    "FeedbackCounts",
    "FeedbackEvent",
    "FeedbackItem",
    "FeedbackLimits",
    "PublishStart",
    "Published",
    "Reacted",
    "Reaction",
    "Received",
    "Refused",
    "Reraised",
    "SatisfactionCount",
    "Step",
    "StepTiming",
    "Subject",
    "SubjectKind",
    "SupplementReceived",
    "SupplementRequested",
    "Timeliness",
    "default_limits",
    "event_from_dict",
    "event_to_dict",
    "feedback_counts",
    "feedback_results",
    "limits_for",
    "load_limits",
    "pseudonymise",
]
