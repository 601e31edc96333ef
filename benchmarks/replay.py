"""The what-if replay benchmark: a reform of time limits replayed over 1,000,000 dossiers.

Run as part of ``python -m benchmarks.run`` (``--quick`` replays 50,000 rows). In one process:

1. A SYNTHETIC ward (:func:`onestop.simulate.simulate_ward`, a year at about 40 dossiers a
   working day, about 5 events each) becomes a :class:`~onestop.whatif.ReplayTable`; the build
   is timed per dossier. The table is then repeated to 1,000,000 rows
   (:meth:`ReplayTable.concat`): generating a million dossier objects takes minutes, and the
   cost of replaying a row does not depend on repetition beyond the per-day cache of due
   moments, which a year of a ward already fills.
2. onestop: :func:`~onestop.whatif.replay_table` under the An Khê question, a 30 % cut of the
   time limits of the top 10 % procedures by volume (:meth:`Scenario.cut_top`). Before any
   timing, its comparison on the unrepeated table must equal that of
   :func:`~onestop.whatif.replay` (the object path), and the comparison of the timed large
   table must equal the merge of its repeated parts.
3. pandas: a straightforward pandas implementation of the same computation from the same
   facts (:func:`pandas_replay`): due days with ``CustomBusinessDay``, paused working time
   with ``CustomBusinessHour`` over the two office sessions, early / on time / late by day.
   Its outcomes are checked row by row against onestop's on the unrepeated table before it is
   timed; every disagreement must be explained, or the run stops.
4. Memory: the peak traced memory (:mod:`tracemalloc`) of ``replay_table(...,
   keep_changes=False)`` on tables of N and 4N rows, beyond the tables themselves, and the
   peak of :func:`~onestop.whatif.replay_chunks` streaming the ward's dossiers.
"""

from __future__ import annotations

import functools
import gc
import importlib
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

import numpy as np

from benchmarks.run import (
    FLAT_LIMIT,
    REPLAY,
    Check,
    CheckError,
    Measurement,
    Report,
    Target,
    _progress,
    _time,
)
from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier, Granularity, Outcome
from onestop.simulate import simulate_ward
from onestop.timing import DayEnd, TimeUnit
from onestop.whatif import Comparison, ReplayTable, Scenario, replay, replay_chunks, replay_table

__all__ = [
    "PANDAS_DISTINCT",
    "PANDAS_ROWS",
    "PANDAS_ROWS_WEEKDAYS",
    "REPLAY_LIMIT",
    "PandasCalendar",
    "ReplayFigures",
    "ReplaySettings",
    "bench_replay",
    "check_pandas",
    "onestop_outcomes",
    "pandas_calendar",
    "pandas_frame",
    "pandas_replay",
    "replay_targets",
    "tile",
]

#: Target: seconds per 1,000,000 rows for ``replay_table`` on one core.
REPLAY_LIMIT = 5.0
MILLION = 1_000_000

ONESTOP_BUILD = "onestop, ReplayTable.from_dossiers"
ONESTOP_REPLAY = "onestop, replay_table"
PANDAS_ROWS = "pandas, CustomBusinessDay/Hour applied per row (7-day mask)"
PANDAS_ROWS_WEEKDAYS = "pandas, CustomBusinessDay/Hour applied per row (Mon–Fri mask)"
PANDAS_DISTINCT = "pandas, offsets applied once per distinct day (7-day mask)"

_OUTCOMES = tuple(Outcome)
EARLY, ON_TIME, LATE, OPEN = (
    _OUTCOMES.index(o) for o in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE, Outcome.OPEN)
)
#: ``amount`` of a row whose time limit the scenario leaves as it is.
UNCHANGED = -1
#: ``amount`` of a row whose reformed limit the pandas version does not model.
NOT_MODELLED = -2
# Columns of a ReplayTable (benchmark code reads its private columns).
_ABSENT = -1
_ENDED, _FORCED_LATE = 1, 2
_OFFSET_US = 7 * 3_600_000_000  # Asia/Ho_Chi_Minh is UTC+07:00 at every moment held
_MINUTE_US = 60_000_000
_HOUR_US = 60 * _MINUTE_US
_DAY_US = 24 * _HOUR_US


@dataclass(frozen=True)
class ReplaySettings:
    """Sizes and repetitions of the replay benchmark."""

    quick: bool
    #: The synthetic ward: filings from ``ward_start`` to ``ward_end``, about ``daily_mean``
    #: a working day.
    ward_start: date
    ward_end: date
    daily_mean: float
    #: Rows of the large (repeated) table.
    rows: int
    #: N: peak memory is measured on tables of N and 4N rows.
    memory_rows: int
    repeat: int
    #: Repeats of the per-row pandas version (slow), taken with the first repeats.
    pandas_repeat: int
    seed: int = 1
    chunk_size: int = 10_000

    @classmethod
    def full(cls) -> ReplaySettings:
        return cls(False, date(2026, 1, 1), date(2026, 12, 31), 40.0, MILLION, 100_000, 5, 2)

    @classmethod
    def smoke(cls) -> ReplaySettings:
        return cls(True, date(2026, 1, 1), date(2026, 1, 20), 12.0, 50_000, 5_000, 2, 1)

    @classmethod
    def tiny(cls) -> ReplaySettings:
        """A few hundred rows: for the test suite."""
        return cls(True, date(2026, 1, 5), date(2026, 1, 16), 8.0, 1_000, 200, 1, 1, 1, 40)


@dataclass(frozen=True)
class ReplayFigures:
    """What the targets read: seconds per row and the peaks of traced memory (bytes)."""

    rows: int
    onestop_per_row: float
    pandas_per_row: float
    memory_rows: int
    peak_small: int
    peak_large: int
    peak_chunks: int


# ---------------------------------------------------------------------------------- tables


def tile(table: ReplayTable, rows: int) -> ReplayTable:
    """``table`` repeated to ``rows`` rows (the last copy cut short)."""
    whole, rest = divmod(rows, len(table))
    parts = [table] * whole + ([table._slice(0, rest)] if rest else [])
    return ReplayTable.concat(parts)


def onestop_outcomes(table: ReplayTable, comparison: Comparison) -> Any:
    """Each row's outcome code (index in ``tuple(Outcome)``) after the scenario: the outcome
    before, changed where ``comparison`` lists a change. Ids must be unique."""
    after = np.frombuffer(table._before, dtype=np.uint8).astype(np.int8)
    position = {dossier_id: row for row, dossier_id in enumerate(table.ids)}
    if len(position) != len(table):
        raise CheckError("onestop_outcomes needs a table with unique dossier ids")
    for change in comparison.changes:
        row = position[change.dossier_id]
        if after[row] != _OUTCOMES.index(change.before):
            raise CheckError(f"{change.dossier_id}: the change's outcome before is not the row's")
        after[row] = _OUTCOMES.index(change.after)
    return after


# ---------------------------------------------------------------------------------- pandas


def _pandas() -> Any:
    return importlib.import_module("pandas")


@dataclass(frozen=True)
class PandasCalendar:
    """onestop's calendar as pandas offsets over a span of days."""

    name: str
    #: ``CustomBusinessDay``.
    day: Any
    #: ``CustomBusinessHour`` over the office sessions.
    hour: Any
    #: The sessions of every working day, in microseconds of the day.
    sessions: tuple[tuple[int, int], ...]
    #: Worked weekend days (make-up Saturdays) of the span, which a Mon–Fri mask cannot work.
    worked_weekend_days: tuple[date, ...]
    #: Whether this is the usual Mon–Fri mask (not exact), else the exact 7-day mask.
    weekdays: bool
    first: date
    last: date


def pandas_calendar(
    calendar: WorkCalendar, first: date, last: date, *, weekdays: bool
) -> PandasCalendar:
    """``CustomBusinessDay`` and ``CustomBusinessHour`` copying ``calendar`` from ``first`` to
    ``last``: with ``weekdays``, the usual form (weekmask Mon–Fri, holidays = the weekdays not
    worked), else the exact one (weekmask of seven days, holidays = every day not worked)."""
    offsets = _pandas().tseries.offsets
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    worked = {day: calendar.is_working_day(day) for day in days}
    patterns = {tuple(calendar.sessions(day)) for day in days if worked[day]}
    if len(patterns) != 1:
        raise CheckError(
            f"the pandas baseline needs one session pattern on every working day; the calendar "
            f"has {len(patterns)} from {first} to {last}"
        )
    (sessions,) = patterns
    if any((s.end.hour - s.start.hour) * 60 + s.end.minute - s.start.minute < 60 for s in sessions):
        raise CheckError("the pandas baseline adds minutes by hand within sessions of 1 h or more")
    if weekdays:
        mask = "Mon Tue Wed Thu Fri"
        holidays = [day for day in days if not worked[day] and day.weekday() < 5]
    else:
        mask = "Mon Tue Wed Thu Fri Sat Sun"
        holidays = [day for day in days if not worked[day]]
    starts = [f"{s.start:%H:%M}" for s in sessions]
    ends = [f"{s.end:%H:%M}" for s in sessions]
    return PandasCalendar(
        "Mon–Fri mask" if weekdays else "7-day mask",
        offsets.CustomBusinessDay(weekmask=mask, holidays=holidays),
        offsets.CustomBusinessHour(start=starts, end=ends, weekmask=mask, holidays=holidays),
        tuple(
            (
                (s.start.hour * 60 + s.start.minute) * _MINUTE_US,
                (s.end.hour * 60 + s.end.minute) * _MINUTE_US,
            )
            for s in sessions
        ),
        tuple(day for day in days if worked[day] and day.weekday() >= 5),
        weekdays,
        first,
        last,
    )


def _local(us: Any) -> Any:
    """Epoch microseconds (``_ABSENT``: none) as local wall-clock ``datetime64[us]``."""
    moments = (us + _OFFSET_US).astype("datetime64[us]")
    moments[us == _ABSENT] = np.datetime64("NaT")
    return moments


def pandas_frame(table: ReplayTable, scenario: Scenario) -> Any:
    """The facts of ``table`` as a ``pandas.DataFrame``, one row per dossier: procedure code,
    deemed receipt (local), paused working time (µs), measured moment (local), ended, forced
    late (over the supplement limit), granularity, the outcome before, and the reformed
    amount in working days (``UNCHANGED`` where the scenario leaves the limit as it is,
    ``NOT_MODELLED`` where the pandas version does not model the reformed limit)."""
    pd = _pandas()
    members = table._groups
    amount = np.full(len(members), UNCHANGED, dtype=np.int64)
    minute = np.zeros(len(members), dtype=bool)
    codes = sorted({member.procedure.code for member in members})
    code = np.array([codes.index(member.procedure.code) for member in members], dtype=np.int64)
    for index, member in enumerate(members):
        minute[index] = member.rules.granularity is Granularity.MINUTE
        old = member.procedure.time_for(member.channel)
        new = scenario.apply(member.procedure).time_for(member.channel)
        new_calendar = scenario.apply_calendar(member.calendar) is not member.calendar
        if not new_calendar and new == old:
            continue
        if (
            new_calendar
            or old is None
            or new is None
            or new.cutoff != old.cutoff
            or new.unit not in (TimeUnit.WORKING_DAYS, TimeUnit.SAME_DAY)
            or member.rules.receipt_rules.day_ends is not DayEnd.CLOSE_OF_OFFICE
        ):
            amount[index] = NOT_MODELLED
        else:
            amount[index] = 0 if new.unit is TimeUnit.SAME_DAY else new.amount
    group = np.frombuffer(table._group, dtype=np.int64)
    started = np.frombuffer(table._started, dtype=np.int64)
    flags = np.frombuffer(table._flags, dtype=np.uint8)
    rows = amount[group]
    rows[started == _ABSENT] = UNCHANGED  # never received: no clock, nothing to reform
    return pd.DataFrame(
        {
            "code": pd.Categorical.from_codes(code[group], categories=codes),
            "deemed": _local(np.frombuffer(table._deemed, dtype=np.int64)),
            "paused": np.frombuffer(table._paused, dtype=np.int64),
            "measured": _local(np.frombuffer(table._measured, dtype=np.int64)),
            "ended": (flags & _ENDED) != 0,
            "forced_late": (flags & _FORCED_LATE) != 0,
            "minute": minute[group],
            "before": np.frombuffer(table._before, dtype=np.uint8).astype(np.int8),
            "amount": rows,
        }
    )


def _shift(values: Any, offset: Any, distinct: bool) -> Any:
    """``values`` (``datetime64[us]``) moved by a pandas offset: per row, or once per
    distinct value (``pandas.factorize``) and gathered back."""
    pd = _pandas()
    if distinct:
        codes, uniques = pd.factorize(values)
        return _shift(np.asarray(uniques, dtype="datetime64[us]"), offset, False)[codes]
    return (pd.Series(values) + offset).to_numpy(dtype="datetime64[us]")


@dataclass(frozen=True)
class PandasResult:
    """The outcome code of every row after the scenario, the appointment of the rows the
    scenario reforms (``NaT`` elsewhere) and the tallies by procedure, before and after."""

    after: Any
    appointment: Any
    tallies: Any


def pandas_replay(frame: Any, calendar: PandasCalendar, *, distinct: bool = False) -> PandasResult:
    """The straightforward pandas replay: for each reformed row, the due day is the deemed
    receipt day plus the reformed amount of ``CustomBusinessDay`` (a same-day limit: the day
    itself), due at the close of office; the paused working time is added with
    ``CustomBusinessHour`` over the office sessions, whole hours by the offset and the
    remaining minutes by hand (the offset counts whole hours only); the row is then early,
    on time or late by the day (or minute) of its measured moment. Rows the scenario leaves
    as they are keep their outcome."""
    pd = _pandas()
    after = frame["before"].to_numpy().copy()
    appointment = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[us]")
    rows = np.flatnonzero(frame["amount"].to_numpy() >= 0)
    todo = frame.iloc[rows]
    amounts = todo["amount"].to_numpy()
    deemed_day = todo["deemed"].to_numpy(dtype="datetime64[us]").astype("datetime64[D]")
    deemed_day = deemed_day.astype("datetime64[us]")
    due = deemed_day.copy()
    with warnings.catch_warnings():
        # pandas applies a custom business offset element by element, and says so.
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        for amount in np.unique(amounts):
            if amount:
                at = amounts == amount
                due[at] = _shift(deemed_day[at], int(amount) * calendar.day, distinct)
        close = calendar.sessions[-1][1]
        due = due + np.timedelta64(close, "us")
        # Paused working time: whole hours with CustomBusinessHour ...
        paused = todo["paused"].to_numpy()
        hours, rest = np.divmod(paused, _HOUR_US)
        moment = due.copy()
        for count in np.unique(hours[hours > 0]):
            at = hours == count
            moment[at] = _shift(due[at], int(count) * calendar.hour, distinct)
        # ... and the remaining minutes by hand, within the session the moment is in.
        left = np.flatnonzero(rest > 0)
        if len(left):
            start = moment[left]
            day = start.astype("datetime64[D]").astype("datetime64[us]")
            of_day = (start - day).astype(np.int64)
            target = of_day + rest[left]
            moved = start + rest[left].astype("timedelta64[us]")
            for index, (first, end) in enumerate(calendar.sessions):
                over = (of_day >= first) & (of_day <= end) & (target > end)
                if index + 1 < len(calendar.sessions):
                    opening, next_day = calendar.sessions[index + 1][0], day[over]
                else:
                    opening = calendar.sessions[0][0]
                    next_day = _shift(day[over], calendar.day, distinct)
                moved[over] = next_day + (opening + target[over] - end).astype("timedelta64[us]")
            moment[left] = moved
    # Early, on time or late by the day (or the minute) of the measured moment.
    per = np.where(todo["minute"].to_numpy(), _MINUTE_US, _DAY_US)
    measured = todo["measured"].to_numpy(dtype="datetime64[us]")
    order = np.sign(measured.astype(np.int64) // per - moment.astype(np.int64) // per)
    ended = todo["ended"].to_numpy()
    outcome = np.where(order > 0, LATE, np.where(~ended, OPEN, np.where(order < 0, EARLY, ON_TIME)))
    outcome[np.isnat(measured)] = OPEN
    outcome[todo["forced_late"].to_numpy()] = LATE
    after[rows] = outcome
    appointment[rows] = moment
    tallies = (
        pd.DataFrame({"code": frame["code"], "before": frame["before"], "after": after})
        .groupby(["code", "before", "after"], observed=True)
        .size()
    )
    return PandasResult(after, appointment, tallies)


def _onestop_appointment(calendar: WorkCalendar, deemed: datetime, amount: int, paused: int) -> Any:
    """onestop's appointment of a reformed row, from its public calendar (for explanations)."""
    due = calendar.closing_time(calendar.add_working_days(deemed.date(), amount))
    return calendar.add_working_time(due, timedelta(microseconds=paused))


def check_pandas(
    what: str,
    frame: Any,
    calendar: WorkCalendar,
    offsets: PandasCalendar,
    expected: Any,
    result: PandasResult,
) -> Check:
    """Compare the pandas outcomes with onestop's (``expected``) row by row; raise on a
    disagreement that none of these explains: the row's reformed limit is not modelled; with
    the Mon–Fri mask, a worked make-up Saturday lies between the deemed receipt day and the
    appointment; onestop's appointment falls on the end of a session, where
    ``CustomBusinessHour`` gives the opening of the next session instead."""
    bad = np.flatnonzero(result.after != expected)
    reasons = {"limit not modelled": 0, "make-up Saturday in the span": 0, "session end": 0}
    saturdays = offsets.worked_weekend_days if offsets.weekdays else ()
    ends = {end for _, end in offsets.sessions}
    for row in bad.tolist():
        facts = frame.iloc[row]
        amount, paused = int(facts["amount"]), int(facts["paused"])
        if amount == NOT_MODELLED:
            reasons["limit not modelled"] += 1
            continue
        deemed = facts["deemed"].to_pydatetime()
        own = _onestop_appointment(calendar, deemed, amount, paused)
        theirs = result.appointment[row].item()
        last = own.date() if theirs is None else max(own.date(), theirs.date())
        if any(deemed.date() < day <= last for day in saturdays):
            reasons["make-up Saturday in the span"] += 1
            continue
        of_day = ((own.hour * 60 + own.minute) * 60 + own.second) * 1_000_000 + own.microsecond
        if paused and of_day in ends:
            reasons["session end"] += 1
            continue
        raise CheckError(
            f"{what}: row {row} differs from onestop ({_OUTCOMES[result.after[row]].value} "
            f"!= {_OUTCOMES[expected[row]].value}; appointment {theirs} vs {own:%Y-%m-%d %H:%M}) "
            f"with no explanation: deemed receipt {deemed}, paused {paused} µs, reformed limit "
            f"{amount} working days"
        )
    if not len(bad):
        verdict = "agrees on these rows" if offsets.weekdays else "exact: every row agrees"
        return Check(what, len(frame), 0, verdict)
    because = ", ".join(f"{count:,} {why}" for why, count in reasons.items() if count)
    return Check(what, len(frame), len(bad), f"not exact: each disagreement explained: {because}")


# ---------------------------------------------------------------------------------- timing


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    """Seconds of one call, garbage collector off as timeit does, and its result."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = call()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def _peak(call: Callable[[], object]) -> int:
    """Peak traced memory of ``call()`` beyond what was allocated before it, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        base, _ = tracemalloc.get_traced_memory()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


def _size(size: float) -> str:
    if size >= 1e6:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.0f} kB"


def _columns_size(table: ReplayTable) -> int:
    """Bytes of the table's columns (the ids and the few per-row mappings apart)."""
    columns = (
        table._group,
        table._started,
        table._deemed,
        table._paused,
        table._measured,
        table._flags,
        table._before,
        table._appointment,
    )
    return sum(len(column) * column.itemsize for column in columns)


def _measure(
    report: Report, label: str, name: str, times: Sequence[float], rows: int, own: bool
) -> None:
    per_row = [t / rows for t in times]
    report.measurements.append(
        Measurement(REPLAY, label, name, min(per_row), statistics.median(per_row), own)
    )


# ---------------------------------------------------------------------------------- benchmark


def bench_replay(settings: ReplaySettings, report: Report) -> ReplayFigures:
    """Check, then time, the replay of a reform over ``settings.rows`` rows, onestop and
    pandas; then measure the peak memory. Adds checks, measurements and notes to ``report``."""
    pd = _pandas()
    report.machine["pandas"] = str(pd.__version__)

    # 1. The ward, its table, the scenario.
    ward = simulate_ward(
        seed=settings.seed,
        start=settings.ward_start,
        end=settings.ward_end,
        daily_mean=settings.daily_mean,
    )
    dossiers: tuple[Dossier, ...] = ward.dossiers
    now = datetime.combine(settings.ward_end + timedelta(days=120), clock_time(0), VIETNAM_TZ)
    build, table = _timed(lambda: ReplayTable.from_dossiers(dossiers, now=now))
    assert isinstance(table, ReplayTable)
    scenario = Scenario.cut_top(dossiers, 0.10, 0.30)
    events = sum(len(d.events) for d in dossiers) / len(dossiers)
    _measure(report, "table build, per dossier", ONESTOP_BUILD, [build], len(table), True)
    _progress(report.settings, f"  replay: ward of {len(table):,} dossiers built")

    # 2. onestop: the table path must give the object path's comparison.
    what = f"{REPLAY}, {len(table):,} dossiers"
    small = replay_table(table, scenario)
    if small != replay(dossiers, scenario, now=now):
        raise CheckError(f"{what}: replay_table differs from replay (the object path)")
    report.checks.append(
        Check(
            f"{what}: replay_table vs replay (object path)",
            len(table),
            0,
            "exact: the same comparison (tallies, changes, dropped apologies)",
        )
    )
    expected = onestop_outcomes(table, small)

    # 3. pandas: checked row by row on the unrepeated table, both weekmasks.
    frame = pandas_frame(table, scenario)
    deemed = frame["deemed"].dropna()
    measured = frame["measured"].dropna()
    first = date(deemed.min().year, 1, 1)
    last = date(max(measured.max().year, deemed.max().year) + 1, 12, 31)
    calendars = {member.calendar for member in table._groups}
    if len(calendars) != 1:
        raise CheckError(f"{what}: the pandas baseline needs one calendar, got {len(calendars)}")
    (calendar,) = calendars
    exact = pandas_calendar(calendar, first, last, weekdays=False)
    usual = pandas_calendar(calendar, first, last, weekdays=True)
    small_pandas = pandas_replay(frame, exact)
    for name, offsets, contender in (
        (PANDAS_ROWS, exact, small_pandas),
        (PANDAS_DISTINCT, exact, pandas_replay(frame, exact, distinct=True)),
        (PANDAS_ROWS_WEEKDAYS, usual, pandas_replay(frame, usual)),
    ):
        report.checks.append(
            check_pandas(f"{what}: {name}", frame, calendar, offsets, expected, contender)
        )
    reformed = int(np.count_nonzero(frame["amount"].to_numpy() >= 0))
    not_modelled = int(np.count_nonzero(frame["amount"].to_numpy() == NOT_MODELLED))
    _progress(report.settings, "  replay: checks passed")

    # The large table: the ward's table repeated.
    big = tile(table, settings.rows)
    big_frame = pandas_frame(big, scenario)
    whole, rest = divmod(settings.rows, len(table))
    parts = [small] * whole + ([replay_table(table._slice(0, rest), scenario)] if rest else [])
    expected_big = Comparison.merge(parts)
    tiled = np.arange(settings.rows) % len(table)

    # Timings, round-robin; the per-row pandas version (slow) only in the first repeats.
    own_times: list[float] = []
    distinct_times: list[float] = []
    rows_times: list[float] = []
    for repeat in range(settings.repeat):
        elapsed, result = _timed(functools.partial(replay_table, big, scenario))
        if result != expected_big:
            raise CheckError(
                f"{REPLAY}, {settings.rows:,} rows: the comparison is not the merge of its parts"
            )
        own_times.append(elapsed)
        del result
        elapsed, found = _timed(functools.partial(pandas_replay, big_frame, exact, distinct=True))
        distinct_times.append(elapsed)
        assert isinstance(found, PandasResult)
        if not np.array_equal(found.after, small_pandas.after[tiled]):
            raise CheckError(f"{REPLAY}: {PANDAS_DISTINCT} on the large table is not tiled")
        del found
        if repeat < settings.pandas_repeat:
            elapsed, found = _timed(functools.partial(pandas_replay, big_frame, exact))
            rows_times.append(elapsed)
            assert isinstance(found, PandasResult)
            if not np.array_equal(found.after, small_pandas.after[tiled]):
                raise CheckError(f"{REPLAY}: {PANDAS_ROWS} on the large table is not tiled")
            del found
        _progress(report.settings, f"  replay: repeat {repeat + 1} of {settings.repeat} timed")
    report.checks.append(
        Check(
            f"{REPLAY}, {settings.rows:,} rows: every timed result vs its unrepeated parts",
            settings.rows,
            0,
            "exact: onestop's comparison is the merge of the parts', pandas' outcomes the "
            "checked ones repeated",
        )
    )
    label = f"replay, per row of {settings.rows:,}"
    _measure(report, label, ONESTOP_REPLAY, own_times, settings.rows, True)
    _measure(report, label, PANDAS_ROWS, rows_times, settings.rows, False)
    _measure(report, label, PANDAS_DISTINCT, distinct_times, settings.rows, False)
    columns = _columns_size(big)
    del big_frame

    # 4. Memory beyond the tables, on N and 4N rows; replay_chunks streaming the ward.
    n = settings.memory_rows
    peaks = []
    for size in (n, 4 * n):
        sized = tile(table, size)
        peaks.append(_peak(functools.partial(replay_table, sized, scenario, keep_changes=False)))
        del sized
    peak_chunks = _peak(
        lambda: replay_chunks(
            dossiers, scenario, now=now, chunk_size=settings.chunk_size, keep_changes=False
        )
    )
    _progress(report.settings, "  replay: memory measured")

    best = min(own_times) / settings.rows
    pandas_best = min(rows_times) / settings.rows
    report.notes += [
        f"What-if replay: a SYNTHETIC ward (`simulate_ward(seed={settings.seed}, "
        f"daily_mean={settings.daily_mean:g})`, filings {settings.ward_start:%d/%m/%Y}–"
        f"{settings.ward_end:%d/%m/%Y}): {len(table):,} dossiers, {events:.1f} events each, "
        f"classified at {now:%d/%m/%Y}; scenario: `Scenario.cut_top(dossiers, 0.10, 0.30)` "
        f"(cuts {', '.join(c.code for c in scenario.cuts)}; "
        f"{reformed:,} of the ward's rows have a reformed limit).",
        f"What-if replay: the {settings.rows:,}-row table is the ward's table repeated "
        f"({whole} copies{f' and its first {rest:,} rows' if rest else ''}, "
        "`ReplayTable.concat`): generating a million dossier objects takes minutes, and the cost "
        "of replaying a row does not depend on repetition beyond the per-day cache of due "
        "moments, which a year of a ward already fills. Its columns hold "
        f"{_size(columns)}. Build (`ReplayTable.from_dossiers`, a classification per dossier) "
        f"is timed once on the ward; replays are timed {settings.repeat} times "
        f"(per-row pandas: {settings.pandas_repeat}), round-robin, garbage collector off, in "
        "one process on one core (the replay is single-threaded); the figure is the best, "
        "per row.",
        "What-if replay, checks: `replay_table` on the ward must give the comparison of "
        "`replay` (the object path) before anything is timed; each timed comparison must "
        "equal the merge of its parts (`Comparison.merge`), and each timed pandas result the "
        "checked outcomes repeated.",
        "What-if replay, pandas: one row per dossier with the table's facts (deemed receipt, "
        "paused working time, measured moment, ended, forced late, granularity, reformed "
        "amount in working days; frame built before timing). Due day = deemed receipt day + "
        "amount × `CustomBusinessDay`, due at the close of office; paused time added with "
        "`CustomBusinessHour` over the two sessions for whole hours (its n counts whole "
        "hours), the remaining minutes by hand; then early / on time / late by day. "
        "Offsets copy onestop's calendar over "
        f"{first:%Y}–{last:%Y}: *7-day mask* (exact; holidays = every day not worked, so the "
        f"make-up Saturdays {', '.join(f'{d:%d/%m/%Y}' for d in exact.worked_weekend_days)} "
        "count) is timed; *Mon–Fri mask* (holidays = weekdays not worked) is checked only. "
        "pandas applies these offsets element by element (it warns so); the *distinct day* "
        "variant applies them once per distinct value (`pandas.factorize`), as onestop caches "
        "the due moment per deemed receipt day. Rows outside the reformed procedures keep "
        f"their outcome in both. Rows whose reformed limit it does not model: {not_modelled:,}.",
        f"What-if replay, memory: peak traced memory (`tracemalloc`) of `replay_table(..., "
        f"keep_changes=False)` beyond the table: {_size(peaks[0])} at {n:,} rows, "
        f"{_size(peaks[1])} at {4 * n:,} rows; `replay_chunks` streaming the ward's "
        f"{len(dossiers):,} dossiers (chunks of {settings.chunk_size:,}): "
        f"{_size(peak_chunks)}. onestop {_time(best)} per row = {best * MILLION:.2f} s per "
        f"1,000,000 rows; pandas (per row, 7-day mask) {_time(pandas_best)} per row, "
        f"{pandas_best / best:.1f}× onestop's time.",
    ]
    return ReplayFigures(settings.rows, best, pandas_best, n, peaks[0], peaks[1], peak_chunks)


def replay_targets(figures: ReplayFigures) -> list[Target]:
    """The replay's targets: under 5 s per 1,000,000 rows, memory flat in the log size."""
    per_million = figures.onestop_per_row * MILLION
    ratio = figures.peak_large / figures.peak_small if figures.peak_small else float("inf")
    return [
        Target(
            "what-if replay_table, 1,000,000 rows on one core",
            f"< {REPLAY_LIMIT:g} s per 1,000,000 rows",
            f"{per_million:.2f} s per 1,000,000 rows ({_time(figures.onestop_per_row)} per row, "
            f"{figures.rows:,} rows timed); pandas per row: "
            f"{figures.pandas_per_row * MILLION:.1f} s "
            f"({figures.pandas_per_row / figures.onestop_per_row:.1f}×)",
            per_million < REPLAY_LIMIT,
        ),
        Target(
            "what-if replay_table memory: flat in the log size",
            f"peak at 4N rows ≤ {FLAT_LIMIT:g}× the peak at N (keep_changes=False)",
            f"{ratio:.2f}× ({_size(figures.peak_small)} at {figures.memory_rows:,} rows, "
            f"{_size(figures.peak_large)} at {4 * figures.memory_rows:,})",
            ratio <= FLAT_LIMIT,
        ),
    ]
