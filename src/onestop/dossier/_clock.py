"""The legal clock of a dossier: the time limit in force, when it started, when it was paused,
and what follows for the due moment.

Pauses are measured in working time of the office calendar, never in wall-clock time: a
dossier that waits for the citizen from Friday 16:00 to Monday 08:30 was paused for 1 h 30
(16:00–17:00 and 07:30–08:30), and its due moment moves by that much working time.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from onestop.calendar import WorkCalendar, to_local
from onestop.timing import Deadline, ProcessingTime

__all__ = ["LegalClock", "Pause", "PauseReason"]

_ZERO = timedelta(0)


class PauseReason(enum.Enum):
    """Why the clock stopped."""

    #: Waiting for papers the citizen was asked for (rules.md: the clock pauses by default).
    SUPPLEMENT = "supplement"
    #: Waiting for a fee or tax payment, where the rule set says it pauses the clock.
    PAYMENT = "payment"
    #: A suspension on a ground the procedure's own law provides.
    SUSPENSION = "suspension"


@attrs.frozen
class Pause:
    """One interval the clock stood still; ``end`` is ``None`` while it lasts."""

    reason: PauseReason
    start: datetime
    end: datetime | None = None


@attrs.frozen
class LegalClock:
    """The clock of a received dossier.

    ``due_at`` is the legal due moment: the statutory deadline from the moment counting
    started, computed on the calendar as it is now, moved by the paused working time.
    ``promised_at`` is what the citizen holds on paper: the receipt slip's appointment, or the
    apology letter's new date. It never moves when the calendar changes; ``appointment`` is
    the slip's appointment moved by the paused working time, the moment the dossier is
    classified against (rules.md, "Classification").

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.timing import ProcessingTime, deadline
        >>> cal = WorkCalendar.vietnam()
        >>> start = datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM_TZ)
        >>> due = deadline(start, ProcessingTime.working_days(3), cal)
        >>> clock = LegalClock(cal, ProcessingTime.working_days(3), start, due, due.due_at,
        ...                    due.due_at)
        >>> clock.due_at.isoformat()
        '2026-03-05T17:00:00+07:00'
        >>> clock.remaining(datetime(2026, 3, 5, 16, 0, tzinfo=VIETNAM_TZ))
        datetime.timedelta(seconds=3600)
    """

    calendar: WorkCalendar = attrs.field(eq=False, repr=False)
    #: The time limit in force for the dossier's procedure and channel; ``None`` when the
    #: procedure sets none.
    processing_time: ProcessingTime | None
    #: The moment counting started: the receipt, or the last restart.
    started_at: datetime
    #: The statutory deadline from ``started_at``; ``None`` without a time limit.
    deadline: Deadline | None
    #: The appointment on the receipt slip (after a restart, the new slip's).
    slip_promise: datetime | None
    #: What the citizen was last promised: the slip, or the apology letter's new date.
    promised_at: datetime | None
    pauses: tuple[Pause, ...] = ()
    #: How many times the return date was reset with an apology.
    extensions: int = 0
    #: How many supplement requests were made after receipt.
    supplement_requests: int = 0

    @property
    def paused(self) -> bool:
        """Whether the clock stands still now."""
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def paused_time(self) -> timedelta:
        """Working time of the finished pauses since counting started."""
        total = _ZERO
        for pause in self.pauses:
            if pause.end is not None and pause.start >= self.started_at:
                total += self.calendar.working_time_between(pause.start, pause.end)
        return total

    def _moved(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        paused = self.paused_time
        return self.calendar.add_working_time(moment, paused) if paused else moment

    @property
    def due_at(self) -> datetime | None:
        """The legal due moment: the statutory deadline moved by the paused working time."""
        return None if self.deadline is None else self._moved(self.deadline.due_at)

    @property
    def appointment(self) -> datetime | None:
        """The slip's appointment moved by the paused working time; without a slip
        appointment, the legal due moment ("end − start − paused ≤ statutory time")."""
        if self.slip_promise is None:
            return self.due_at
        return self._moved(self.slip_promise)

    def stopped_at(self, now: datetime) -> datetime:
        """``now``, or the start of the pause going on at ``now``: the moment the clock
        shows."""
        local = to_local(now)
        if self.paused and self.pauses[-1].start <= local:
            return self.pauses[-1].start
        return local

    def used(self, now: datetime) -> timedelta:
        """Working time counted from the start of counting to ``now``, pauses excluded."""
        start = self.started_at if self.deadline is None else self.deadline.deemed_received_at
        return self.calendar.working_time_between(start, self.stopped_at(now)) - self.paused_time

    def remaining(self, now: datetime) -> timedelta | None:
        """Working time left before ``due_at`` at ``now`` (frozen while paused); negative once
        the due moment has passed; ``None`` without a time limit."""
        due = self.due_at
        if due is None:
            return None
        return self.calendar.working_time_between(self.stopped_at(now), due)

    def is_overdue(self, now: datetime) -> bool:
        """Whether the clock has passed ``due_at`` at ``now``; never without a time limit."""
        due = self.due_at
        return due is not None and self.stopped_at(now) > due
