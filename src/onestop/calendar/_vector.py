"""Vectorised batch arithmetic for numpy ``datetime64`` input (numpy is never required:
this module is imported only when the caller passes numpy arrays)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from onestop.errors import CalendarError

if TYPE_CHECKING:
    from onestop.calendar._calendar import WorkCalendar
    from onestop.calendar._index import DayIndex

_EPOCH = date(1970, 1, 1).toordinal()


def _epoch_days(np: Any, values: Any, what: str) -> Any:
    array = np.asarray(values)
    if array.dtype.kind != "M":
        raise CalendarError(f"{what} must be a numpy datetime64 array, got dtype {array.dtype}")
    days = array.astype("datetime64[D]")
    if np.isnat(days).any():
        raise CalendarError(f"{what} contains NaT; drop or fill missing dates first")
    return days.astype(np.int64)


def _covering(cal: WorkCalendar, np: Any, *epoch_days: Any) -> DayIndex:
    low = min(int(values.min()) for values in epoch_days if values.size)
    high = max(int(values.max()) for values in epoch_days if values.size)
    first, last = date.fromordinal(low + _EPOCH), date.fromordinal(high + _EPOCH)
    cal.is_working_day(first)  # validates the range and its strictness
    cal.is_working_day(last)
    return cal._index(first.year, last.year)


def add_working_days(cal: WorkCalendar, days: Any, n: Any) -> Any:
    import numpy as np

    epoch_days = _epoch_days(np, days, "days")
    steps = np.broadcast_to(np.asarray(n), epoch_days.shape)
    if steps.dtype.kind not in "iu":
        raise CalendarError(f"n must hold integers, got dtype {steps.dtype}")
    steps = steps.astype(np.int64)
    if epoch_days.size == 0:
        return epoch_days.astype("datetime64[D]")
    index = _covering(cal, np, epoch_days)
    while True:
        rank, nth, worked = index.numpy_tables()
        i = epoch_days + _EPOCH - index.origin
        if ((steps == 0) & ~worked[i]).any():
            bad = date.fromordinal(int(epoch_days[(steps == 0) & ~worked[i]][0]) + _EPOCH)
            raise CalendarError(
                f"add_working_days({bad}, 0): {bad} is not a working day; roll it first"
            )
        k = np.where(steps > 0, rank[i + 1] + steps - 1, rank[i] + steps)
        if k.size and int(k.min()) < 0:
            index = cal._extend(index, forward=False)
            continue
        if k.size and int(k.max()) >= index.count:
            index = cal._extend(index, forward=True)
            continue
        result = np.where(steps == 0, epoch_days, nth[np.clip(k, 0, index.count - 1)])
        return result.astype("datetime64[D]")


def working_days_between(cal: WorkCalendar, starts: Any, ends: Any) -> Any:
    import numpy as np

    first = _epoch_days(np, starts, "starts")
    last = _epoch_days(np, ends, "ends")
    if first.shape != last.shape:
        raise CalendarError(f"starts has shape {first.shape} but ends has {last.shape}")
    if first.size == 0:
        return np.zeros(first.shape, dtype=np.int64)
    lower, upper = np.minimum(first, last), np.maximum(first, last)
    # [lower, upper) never includes upper, which may be 1 January after the last supported
    # year: as in the scalar form, only the days inside are checked and indexed.
    index = _covering(cal, np, lower, np.where(upper > lower, upper - 1, lower))
    rank = index.numpy_tables()[0]
    return rank[last + _EPOCH - index.origin] - rank[first + _EPOCH - index.origin]
