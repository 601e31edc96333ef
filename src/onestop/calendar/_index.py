"""Dense per-day tables that answer every calendar query in constant time.

For a span of days ``[origin, origin + size)`` the index holds:

* ``worked[i]``: 1 if day ``i`` is a working day;
* ``rank[i]``: how many working days lie in ``[origin, origin + i)`` (``size + 1`` entries),
  so the working days in ``[a, b)`` are ``rank[b] - rank[a]``;
* ``nth[k]``: the ``k``-th working day of the span (0-based), so "the n-th working day after
  day i" is ``nth[rank[i + 1] + n - 1]``;
* ``estimated_rank``: the same prefix count for days that rest on estimated facts;
* ``sessions[i]`` and ``work_rank``: the working sessions of each day in microseconds from
  midnight, and the prefix sum of working microseconds, for working-time arithmetic;
* ``opening[i]`` and ``closing[i]``: caches of the aware first-opening and last-closing
  moments of working days.

Building is linear in the span; a calendar builds it lazily for the years it is asked about.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

__all__: list[str] = []

#: A day's working sessions as (start, end) microseconds from local midnight.
DaySessions = tuple[tuple[int, int], ...]
#: For one day: (is worked, rests on an estimated fact, working sessions).
DayStatus = tuple[bool, bool, DaySessions]


class DayIndex:
    """Immutable tables over whole years ``first_year..last_year``."""

    __slots__ = (
        "_numpy_tables",
        "closing",
        "count",
        "estimated_rank",
        "first_year",
        "last_year",
        "nth",
        "opening",
        "origin",
        "rank",
        "sessions",
        "size",
        "work_rank",
        "worked",
    )

    def __init__(self, first_year: int, last_year: int, status: Callable[[date], DayStatus]):
        first = date(first_year, 1, 1)
        self.first_year = first_year
        self.last_year = last_year
        self.origin = first.toordinal()
        self.size = date(last_year, 12, 31).toordinal() - self.origin + 1
        worked = bytearray(self.size)
        rank = [0] * (self.size + 1)
        estimated_rank = [0] * (self.size + 1)
        work_rank = [0] * (self.size + 1)
        sessions: list[DaySessions] = [()] * self.size
        nth: list[date] = []
        day = first
        one = timedelta(days=1)
        for i in range(self.size):
            is_worked, estimated, day_sessions = status(day)
            if is_worked:
                worked[i] = 1
                nth.append(day)
                sessions[i] = day_sessions
            rank[i + 1] = rank[i] + is_worked
            estimated_rank[i + 1] = estimated_rank[i] + estimated
            work_rank[i + 1] = work_rank[i] + sum(end - start for start, end in sessions[i])
            day += one
        self.worked = bytes(worked)
        self.rank = rank
        self.estimated_rank = estimated_rank
        self.work_rank = work_rank
        self.sessions = sessions
        self.nth = nth
        self.count = len(nth)
        self._numpy_tables: Any = None
        # Aware opening and closing moments of working days, filled on first use: building
        # an aware datetime costs more than the rest of a deadline computation.
        self.opening: list[Any] = [None] * self.size
        self.closing: list[Any] = [None] * self.size

    def covers(self, year: int) -> bool:
        """Whether the index spans ``year``."""
        return self.first_year <= year <= self.last_year

    def numpy_tables(self) -> Any:
        """``(rank, nth_epoch_days, worked)`` as numpy arrays, built on first use."""
        if self._numpy_tables is None:
            import numpy as np

            epoch = date(1970, 1, 1).toordinal()
            self._numpy_tables = (
                np.asarray(self.rank, dtype=np.int64),
                np.asarray([d.toordinal() - epoch for d in self.nth], dtype=np.int64),
                np.frombuffer(self.worked, dtype=np.uint8).astype(bool),
            )
        return self._numpy_tables
