"""Processing times and deadlines: when a dossier is due.

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.timing import ProcessingTime, deadline
    >>> d = deadline(datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ),
    ...              ProcessingTime.parse("03 ngày làm việc"), WorkCalendar.vietnam())
    >>> d.due_at.isoformat()
    '2026-02-25T17:00:00+07:00'
"""

from onestop.timing._deadline import DayEnd, Deadline, ReceiptRules, deadline
from onestop.timing._processing_time import SAME_DAY_CUTOFF, ProcessingTime, TimeUnit

__all__ = [
    "SAME_DAY_CUTOFF",
    "DayEnd",
    "Deadline",
    "ProcessingTime",
    "ReceiptRules",
    "TimeUnit",
    "deadline",
]
