"""Benchmarks of onestop's working-day arithmetic, deadlines, import time and what-if replay.

Run from the repository root::

    python -m benchmarks.run                  # full run: a few minutes
    python -m benchmarks.run --quick          # smoke run: a few seconds, figures indicative only
    python -m benchmarks.run --output FILE    # also write the Markdown report to FILE

Everything runs in one process on one calendar, ``WorkCalendar.vietnam()`` (official overlay
2018-2026). The baselines are built from that same calendar, and every baseline that is exact
is checked row by row against onestop on the sampled inputs *before* anything is timed, so a
benchmark never times wrong code: a disagreement stops the run.

Baselines:

* ``numpy.busday_offset`` / ``numpy.busday_count`` with a ``numpy.busdaycalendar`` built from
  onestop's days, in two forms: the usual one (weekmask Mon-Fri, holidays = every weekday that
  onestop says is not worked), which cannot express the make-up Saturdays that onestop works,
  and an exact one (weekmask of all seven days, holidays = every day that onestop says is not
  worked, weekends included). Disagreements of the Mon-Fri form are counted and each one must
  be explained by a worked Saturday inside the row's span.
* ``holidays``' ``get_nth_working_day`` / ``get_working_days_count`` over its own Vietnam
  calendar (``holidays.country_holidays("VN")``), which differs from the official calendar on
  a few days: its disagreements are counted and each must be explained by such a day.
* A naive day-by-day loop over ``WorkCalendar.is_working_day``, exact.

The what-if replay of 1,000,000 dossiers, against a pandas implementation, is in
:mod:`benchmarks.replay`.

Timings use :mod:`timeit` (loop counts chosen as ``autorange`` does, then many short repeats,
taken round-robin over the implementations of a benchmark so that a burst of load from another
process hits them alike; garbage collector off as timeit does). The figure reported is the
minimum over the repeats, with the median beside it. Import times are the median over fresh
interpreters, minus the median of an empty interpreter.
"""

from __future__ import annotations

import argparse
import collections
import functools
import importlib.metadata
import itertools
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
import timeit
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import holidays
import numpy as np

import onestop
from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.timing import ProcessingTime, deadline

if TYPE_CHECKING:
    from benchmarks.replay import ReplaySettings

__all__ = [
    "Baselines",
    "Check",
    "CheckError",
    "Contender",
    "Measurement",
    "Report",
    "Settings",
    "Target",
    "build_baselines",
    "check_contender",
    "main",
    "naive_add_working_days",
    "naive_working_days_between",
    "render",
    "run",
]

ONE_DAY = timedelta(days=1)
#: Days the baseline calendars copy from onestop. The official overlay covers 2018-2026; the
#: last days of 2025 plus 250 working days land in January 2027, so 2027 (estimated by
#: onestop) is copied too, to keep every sampled result inside the copied span.
COVERED_FIRST = date(2018, 1, 1)
COVERED_LAST = date(2027, 12, 31)
#: Random start days of the working-day benchmarks.
SAMPLE_FIRST = date(2019, 1, 1)
SAMPLE_LAST = date(2025, 12, 31)
#: Steps of the scalar benchmarks, and the largest random step of the batch benchmark.
STEPS = (1, 20, 250)
MAX_STEP = 250
#: Receipt moments of the deadline benchmark are spread over this year.
DEADLINE_YEAR = 2026

# Targets.
SCALAR_SPEEDUP = 5.0
FLAT_LIMIT = 1.25
BATCH_FRACTION = 0.5
DEADLINE_LIMIT = 3e-6
IMPORT_LIMIT = 0.2

# Implementation names, shared by the measurements, the checks and the targets.
ONESTOP = "onestop"
ONESTOP_ARRAY = "onestop, datetime64 arrays"
ONESTOP_LIST = "onestop, lists of date/int"
NP_WEEKDAYS_64 = "numpy, Mon–Fri mask, datetime64 scalars"
NP_WEEKDAYS_DATE = "numpy, Mon–Fri mask, date inputs"
NP_ALL_64 = "numpy, 7-day mask (exact), datetime64 scalars"
NP_ALL_DATE = "numpy, 7-day mask (exact), date inputs"
NP_WEEKDAYS_VECTOR = "numpy vectorised, Mon–Fri mask"
NP_ALL_VECTOR = "numpy vectorised, 7-day mask (exact)"
HOLIDAYS = "holidays (its own VN calendar)"
NAIVE = "naive day-by-day loop"

ADD = "add_working_days"
BETWEEN = "working_days_between"
ADD_MANY = "add_working_days_many"
BETWEEN_MANY = "working_days_between_many"
DEADLINE = "deadline"
IMPORT = "import"
COLD = "index build"
REPLAY = "what-if replay"

#: How a contender's results must relate to onestop's.
Kind = Literal["onestop", "exact", "weekday-mask", "other-calendar"]


class CheckError(AssertionError):
    """A benchmarked implementation disagrees with onestop where it must not."""


@dataclass(frozen=True)
class Settings:
    """Sizes and repetitions of one run."""

    quick: bool
    scalar_samples: int
    batch_rows: int
    deadline_samples: int
    repeat: int
    import_runs: int
    cold_runs: int
    #: Each timing loops the measured call until it takes at least this long (seconds).
    min_time: float = 0.2
    seed: int = 2026

    @classmethod
    def full(cls, seed: int = 2026) -> Settings:
        return cls(False, 1000, 1_000_000, 1000, 15, 15, 3, 0.05, seed)

    @classmethod
    def smoke(cls, seed: int = 2026) -> Settings:
        return cls(True, 100, 20_000, 200, 3, 3, 1, 0.005, seed)


@dataclass(frozen=True)
class Measurement:
    """Seconds per call of one implementation on one benchmark."""

    group: str
    label: str
    name: str
    best: float
    median: float
    onestop: bool


@dataclass(frozen=True)
class Check:
    """The agreement of one implementation with onestop on the sampled inputs."""

    what: str
    rows: int
    disagreements: int
    verdict: str


@dataclass(frozen=True)
class Target:
    """A performance target and whether this run met it."""

    name: str
    goal: str
    measured: str
    met: bool


@dataclass
class Report:
    """Everything one run found."""

    settings: Settings
    machine: dict[str, str]
    started: datetime
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass(frozen=True)
class Baselines:
    """The onestop calendar and the baseline calendars built from it."""

    calendar: WorkCalendar
    #: ``numpy.busdaycalendar``: weekmask Mon-Fri, holidays = weekdays onestop does not work.
    weekdays: Any
    #: ``numpy.busdaycalendar``: weekmask of seven days, holidays = every day not worked.
    all_days: Any
    #: ``holidays.country_holidays("VN")`` over the covered years.
    holidays_calendar: Any
    #: Weekend days that onestop works (make-up Saturdays), in order.
    worked_weekend_days: tuple[date, ...]
    #: Days on which ``holidays``' calendar and onestop's disagree, in order.
    holidays_differences: tuple[date, ...]
    weekday_holidays: int
    non_working_days: int


@dataclass(frozen=True)
class Contender:
    """One implementation on one benchmark: ``call(xs[i], ys[i])`` for every row."""

    name: str
    call: Callable[[Any, Any], object]
    xs: Sequence[Any]
    ys: Sequence[Any]
    kind: Kind


# ---------------------------------------------------------------------------------- baselines


def _covered_days() -> list[date]:
    count = (COVERED_LAST - COVERED_FIRST).days + 1
    return [COVERED_FIRST + timedelta(days=k) for k in range(count)]


def build_baselines(calendar: WorkCalendar) -> Baselines:
    """numpy and holidays calendars that copy ``calendar``'s days over the covered span."""
    days = _covered_days()
    worked = {day: calendar.is_working_day(day) for day in days}
    weekday_holidays = [day for day in days if day.weekday() < 5 and not worked[day]]
    non_working = [day for day in days if not worked[day]]
    worked_weekend = tuple(day for day in days if day.weekday() >= 5 and worked[day])
    other = holidays.country_holidays("VN", years=range(COVERED_FIRST.year, COVERED_LAST.year + 1))
    differences = tuple(day for day in days if bool(other.is_working_day(day)) != worked[day])
    return Baselines(
        calendar=calendar,
        weekdays=np.busdaycalendar(
            weekmask="1111100", holidays=np.array(weekday_holidays, dtype="datetime64[D]")
        ),
        all_days=np.busdaycalendar(
            weekmask="1111111", holidays=np.array(non_working, dtype="datetime64[D]")
        ),
        holidays_calendar=other,
        worked_weekend_days=worked_weekend,
        holidays_differences=differences,
        weekday_holidays=len(weekday_holidays),
        non_working_days=len(non_working),
    )


def naive_add_working_days(calendar: WorkCalendar, day: date, n: int) -> date:
    """The n-th working day after ``day`` (before it for negative ``n``), stepping day by day."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def naive_working_days_between(calendar: WorkCalendar, start: date, end: date) -> int:
    """Working days in ``[start, end)``, stepping day by day; negative when ``end < start``."""
    if end < start:
        return -naive_working_days_between(calendar, end, start)
    count = 0
    day = start
    while day < end:
        if calendar.is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


# ---------------------------------------------------------------------------------- helpers


def _plain(value: object) -> object:
    """A numpy scalar as the equivalent Python date or int."""
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").item()
    if isinstance(value, np.integer):
        return int(value)
    return value


def _any_between(days: Sequence[date], after: date, upto: date) -> bool:
    """Whether some day of the sorted ``days`` lies in ``(after, upto]``."""
    return bisect_right(days, upto) > bisect_right(days, after)


@dataclass(frozen=True)
class _Timed:
    """A timing to take: ``call()`` makes ``calls`` calls of the measured function."""

    group: str
    label: str
    name: str
    onestop: bool
    call: Callable[[], object]
    calls: int


def _autorange(timer: timeit.Timer, min_time: float) -> int:
    """:meth:`timeit.Timer.autorange` with a chosen minimum time."""
    scale = 1
    while True:
        for factor in (1, 2, 5):
            number = scale * factor
            if timer.timeit(number) >= min_time:
                return number
        scale *= 10


def _time_all(report: Report, entries: Sequence[_Timed], settings: Settings) -> None:
    """Time ``entries`` round-robin: each repeat times every entry once, so a burst of load
    from another process hits them all alike instead of skewing one row. ``timeit`` picks the
    number of loops per timing as ``autorange`` does (the first of 1, 2, 5, 10, 20, 50, ...
    that takes at least :attr:`Settings.min_time`); the best and the median of the repeats
    are recorded, in seconds per call."""
    timers = [timeit.Timer(entry.call) for entry in entries]
    numbers = [_autorange(timer, settings.min_time) for timer in timers]
    per_call: list[list[float]] = [[] for _ in entries]
    for _ in range(settings.repeat):
        for times, entry, timer, number in zip(per_call, entries, timers, numbers, strict=True):
            times.append(timer.timeit(number) / (number * entry.calls))
    for times, entry in zip(per_call, entries, strict=True):
        report.measurements.append(
            Measurement(
                entry.group,
                entry.label,
                entry.name,
                min(times),
                statistics.median(times),
                entry.onestop,
            )
        )


def _loop(call: Callable[[Any, Any], object], xs: Sequence[Any], ys: Sequence[Any]) -> None:
    collections.deque(map(call, xs, ys), maxlen=0)


def _progress(settings: Settings, message: str) -> None:
    if not settings.quick:
        print(message, file=sys.stderr, flush=True)


def _sample_days(rng: random.Random, count: int) -> list[date]:
    span = (SAMPLE_LAST - SAMPLE_FIRST).days + 1
    return [SAMPLE_FIRST + timedelta(days=rng.randrange(span)) for _ in range(count)]


def check_contender(
    baselines: Baselines,
    what: str,
    contender: Contender,
    reference: Sequence[object],
    span: Callable[[int, object], tuple[date, date]],
) -> Check:
    """Compare one contender with onestop row by row; raise on an unexplained disagreement.

    ``span(row, result)`` gives the days ``(after, upto]`` a row depends on: a disagreement
    of the Mon-Fri numpy calendar must have a worked weekend day there, one of ``holidays``
    a day on which its calendar differs from onestop's.
    """
    results = [_plain(r) for r in map(contender.call, contender.xs, contender.ys)]
    bad = [row for row, (a, b) in enumerate(zip(reference, results, strict=True)) if a != b]
    label = f"{what}: {contender.name}"
    if contender.kind in ("onestop", "exact"):
        if bad:
            row = bad[0]
            raise CheckError(
                f"{label}: {len(bad)} of {len(reference)} rows differ from onestop; first: "
                f"row {row}, inputs {contender.xs[row]!r}, {contender.ys[row]!r}: "
                f"{results[row]!r} != {reference[row]!r}"
            )
        return Check(label, len(reference), 0, "exact: every row agrees")
    special = (
        baselines.worked_weekend_days
        if contender.kind == "weekday-mask"
        else baselines.holidays_differences
    )
    unexplained = [row for row in bad if not _any_between(special, *span(row, results[row]))]
    if unexplained:
        row = unexplained[0]
        raise CheckError(
            f"{label}: row {row} ({contender.xs[row]!r}, {contender.ys[row]!r}) differs from "
            f"onestop ({results[row]!r} != {reference[row]!r}) with no "
            f"{'worked weekend day' if contender.kind == 'weekday-mask' else 'differing day'} "
            "in its span"
        )
    reason = (
        "a worked (make-up) Saturday in the span"
        if contender.kind == "weekday-mask"
        else "a day its calendar gives differently in the span"
    )
    verdict = f"not exact: each disagreement has {reason}" if bad else "agrees on these rows"
    return Check(label, len(reference), len(bad), verdict)


def _later(a: object, b: object) -> date:
    if not isinstance(a, date) or not isinstance(b, date):
        raise CheckError(f"expected dates, got {a!r} and {b!r}")
    return max(a, b)


# ---------------------------------------------------------------------------------- benchmarks


def bench_add_working_days(
    baselines: Baselines, rng: random.Random, settings: Settings, report: Report
) -> None:
    """``add_working_days`` per scalar call at each of :data:`STEPS`."""
    cal = baselines.calendar
    offset = functools.partial(np.busday_offset, roll="backward")
    timings: list[_Timed] = []
    for n in STEPS:
        days = _sample_days(rng, settings.scalar_samples)
        days64 = list(np.array(days, dtype="datetime64[D]"))
        steps = [n] * len(days)
        reference: list[object] = [cal.add_working_days(day, n) for day in days]
        contenders = [
            Contender(ONESTOP, cal.add_working_days, days, steps, "onestop"),
            Contender(
                NP_WEEKDAYS_64,
                functools.partial(offset, busdaycal=baselines.weekdays),
                days64,
                steps,
                "weekday-mask",
            ),
            Contender(
                NP_WEEKDAYS_DATE,
                functools.partial(offset, busdaycal=baselines.weekdays),
                days,
                steps,
                "weekday-mask",
            ),
            Contender(
                NP_ALL_64,
                functools.partial(offset, busdaycal=baselines.all_days),
                days64,
                steps,
                "exact",
            ),
            Contender(
                NP_ALL_DATE,
                functools.partial(offset, busdaycal=baselines.all_days),
                days,
                steps,
                "exact",
            ),
            Contender(
                HOLIDAYS,
                baselines.holidays_calendar.get_nth_working_day,
                days,
                steps,
                "other-calendar",
            ),
            Contender(NAIVE, functools.partial(naive_add_working_days, cal), days, steps, "exact"),
        ]
        what = f"{ADD}, n = {n}"

        def span(
            row: int, result: object, days: list[date] = days, reference: list[object] = reference
        ) -> tuple[date, date]:
            return days[row], _later(result, reference[row])

        timings += _check_contenders(
            baselines, what, ADD, f"n = {n}", contenders, reference, span, report
        )
    _time_all(report, timings, settings)
    _progress(settings, f"  {ADD}: done")


def bench_working_days_between(
    baselines: Baselines, rng: random.Random, settings: Settings, report: Report
) -> None:
    """``working_days_between`` per scalar call over spans of each of :data:`STEPS` working
    days (start: a working day; end: the n-th working day after it)."""
    cal = baselines.calendar
    timings: list[_Timed] = []
    for n in STEPS:
        starts = [cal.roll(day) for day in _sample_days(rng, settings.scalar_samples)]
        ends = [cal.add_working_days(start, n) for start in starts]
        # holidays counts the closed [start, end]: give it the day before the end.
        ends_closed = [end - ONE_DAY for end in ends]
        starts64 = list(np.array(starts, dtype="datetime64[D]"))
        ends64 = list(np.array(ends, dtype="datetime64[D]"))
        reference: list[object] = [
            cal.working_days_between(start, end) for start, end in zip(starts, ends, strict=True)
        ]
        if any(count != n for count in reference):
            raise CheckError(
                f"{BETWEEN}: a span built to hold {n} working days holds another count"
            )
        count = np.busday_count
        contenders = [
            Contender(ONESTOP, cal.working_days_between, starts, ends, "onestop"),
            Contender(
                NP_WEEKDAYS_64,
                functools.partial(count, busdaycal=baselines.weekdays),
                starts64,
                ends64,
                "weekday-mask",
            ),
            Contender(
                NP_WEEKDAYS_DATE,
                functools.partial(count, busdaycal=baselines.weekdays),
                starts,
                ends,
                "weekday-mask",
            ),
            Contender(
                NP_ALL_64,
                functools.partial(count, busdaycal=baselines.all_days),
                starts64,
                ends64,
                "exact",
            ),
            Contender(
                NP_ALL_DATE,
                functools.partial(count, busdaycal=baselines.all_days),
                starts,
                ends,
                "exact",
            ),
            Contender(
                HOLIDAYS,
                baselines.holidays_calendar.get_working_days_count,
                starts,
                ends_closed,
                "other-calendar",
            ),
            Contender(
                NAIVE, functools.partial(naive_working_days_between, cal), starts, ends, "exact"
            ),
        ]
        what = f"{BETWEEN}, n = {n}"

        def span(
            row: int, result: object, starts: list[date] = starts, ends: list[date] = ends
        ) -> tuple[date, date]:
            return starts[row] - ONE_DAY, ends[row] - ONE_DAY

        timings += _check_contenders(
            baselines, what, BETWEEN, f"n = {n}", contenders, reference, span, report
        )
    _time_all(report, timings, settings)
    _progress(settings, f"  {BETWEEN}: done")


def _check_contenders(
    baselines: Baselines,
    what: str,
    group: str,
    label: str,
    contenders: list[Contender],
    reference: Sequence[object],
    span: Callable[[int, object], tuple[date, date]],
    report: Report,
) -> list[_Timed]:
    """Check every contender (``reference`` holds onestop's own results), then return the
    timings to take: nothing is timed unless all contenders are right on these inputs."""
    for contender in contenders:
        if contender.kind != "onestop":
            report.checks.append(check_contender(baselines, what, contender, reference, span))
    return [
        _Timed(
            group,
            label,
            contender.name,
            contender.kind == "onestop",
            functools.partial(_loop, contender.call, contender.xs, contender.ys),
            len(contender.xs),
        )
        for contender in contenders
    ]


def _batch_inputs(settings: Settings) -> tuple[Any, Any, Any]:
    generator = np.random.default_rng(settings.seed)
    rows = settings.batch_rows
    span = (SAMPLE_LAST - SAMPLE_FIRST).days + 1
    starts = np.datetime64(SAMPLE_FIRST, "D") + generator.integers(0, span, rows)
    steps = generator.integers(1, MAX_STEP + 1, rows)
    ends = starts + generator.integers(0, 366, rows)
    return starts, steps, ends


def _batch_check(
    report: Report, what: str, name: str, rows: int, bad: Any, unexplained: Any
) -> None:
    disagreements = int(np.count_nonzero(bad))
    if unexplained is None:
        if disagreements:
            raise CheckError(f"{what}: {name}: {disagreements} of {rows} rows differ from onestop")
        report.checks.append(Check(f"{what}: {name}", rows, 0, "exact: every row agrees"))
        return
    left = int(np.count_nonzero(unexplained))
    if left:
        raise CheckError(
            f"{what}: {name}: {left} rows differ from onestop with no worked weekend day in "
            "their span"
        )
    verdict = (
        "not exact: each disagreement has a worked (make-up) Saturday in the span"
        if disagreements
        else "agrees on these rows"
    )
    report.checks.append(Check(f"{what}: {name}", rows, disagreements, verdict))


def bench_batch(baselines: Baselines, settings: Settings, report: Report) -> None:
    """The batch forms on :attr:`Settings.batch_rows` random rows."""
    cal = baselines.calendar
    starts, steps, ends = _batch_inputs(settings)
    start_list, step_list, end_list = starts.tolist(), steps.tolist(), ends.tolist()
    rows = len(start_list)
    worked_weekend = np.array(baselines.worked_weekend_days, dtype="datetime64[D]")
    label = f"{rows:,} rows"

    # add_working_days_many
    what = f"{ADD_MANY}, {label}"
    result = cal.add_working_days_many(starts, steps)
    low, high = np.datetime64(COVERED_FIRST, "D"), np.datetime64(COVERED_LAST, "D")
    if rows and (result.min() < low or result.max() > high):
        raise CheckError(f"{what}: results leave the span the baseline calendars copy")
    from_list = np.array(cal.add_working_days_many(start_list, step_list), dtype="datetime64[D]")
    _batch_check(report, what, ONESTOP_LIST + " vs arrays", rows, from_list != result, None)
    exact = np.busday_offset(starts, steps, roll="backward", busdaycal=baselines.all_days)
    _batch_check(report, what, NP_ALL_VECTOR, rows, exact != result, None)
    usual = np.busday_offset(starts, steps, roll="backward", busdaycal=baselines.weekdays)
    later = np.maximum(usual, result)
    explained = np.searchsorted(worked_weekend, later, side="right") > np.searchsorted(
        worked_weekend, starts, side="right"
    )
    bad = usual != result
    _batch_check(report, what, NP_WEEKDAYS_VECTOR, rows, bad, bad & ~explained)
    contenders: list[tuple[str, Callable[[], object], bool]] = [
        (ONESTOP_ARRAY, lambda: cal.add_working_days_many(starts, steps), True),
        (ONESTOP_LIST, lambda: cal.add_working_days_many(start_list, step_list), True),
        (
            NP_WEEKDAYS_VECTOR,
            lambda: np.busday_offset(starts, steps, roll="backward", busdaycal=baselines.weekdays),
            False,
        ),
        (
            NP_ALL_VECTOR,
            lambda: np.busday_offset(starts, steps, roll="backward", busdaycal=baselines.all_days),
            False,
        ),
    ]
    timings = [_Timed(ADD_MANY, label, name, own, call, 1) for name, call, own in contenders]

    # working_days_between_many
    what = f"{BETWEEN_MANY}, {label}"
    counts = cal.working_days_between_many(starts, ends)
    from_list = np.array(cal.working_days_between_many(start_list, end_list), dtype=np.int64)
    _batch_check(report, what, ONESTOP_LIST + " vs arrays", rows, from_list != counts, None)
    exact = np.busday_count(starts, ends, busdaycal=baselines.all_days)
    _batch_check(report, what, NP_ALL_VECTOR, rows, exact != counts, None)
    usual = np.busday_count(starts, ends, busdaycal=baselines.weekdays)
    explained = np.searchsorted(worked_weekend, ends, side="left") > np.searchsorted(
        worked_weekend, starts, side="left"
    )
    bad = usual != counts
    _batch_check(report, what, NP_WEEKDAYS_VECTOR, rows, bad, bad & ~explained)
    contenders = [
        (ONESTOP_ARRAY, lambda: cal.working_days_between_many(starts, ends), True),
        (ONESTOP_LIST, lambda: cal.working_days_between_many(start_list, end_list), True),
        (
            NP_WEEKDAYS_VECTOR,
            lambda: np.busday_count(starts, ends, busdaycal=baselines.weekdays),
            False,
        ),
        (
            NP_ALL_VECTOR,
            lambda: np.busday_count(starts, ends, busdaycal=baselines.all_days),
            False,
        ),
    ]
    timings += [_Timed(BETWEEN_MANY, label, name, own, call, 1) for name, call, own in contenders]
    _time_all(report, timings, settings)
    _progress(settings, "  batches: done")


def _expected_due_day(
    calendar: WorkCalendar, received: datetime, processing_time: ProcessingTime
) -> tuple[date, date]:
    """(counted_from, due day) by the rules of ``deadline()``, computed day by day: the
    receipt counts on its own day when that day is worked, the office has not closed yet and
    any cutoff hour has not passed; otherwise on the next working day."""
    day = received.date()
    same_day = (
        calendar.is_working_day(day)
        and received < calendar.closing_time(day)
        and (processing_time.cutoff is None or received.time() <= processing_time.cutoff)
    )
    counted_from = day if same_day else naive_add_working_days(calendar, day, 1)
    if processing_time.amount:
        return counted_from, naive_add_working_days(calendar, counted_from, processing_time.amount)
    return counted_from, counted_from


def bench_deadline(
    baselines: Baselines, rng: random.Random, settings: Settings, report: Report
) -> None:
    """``deadline()`` per call, receipt moments spread over :data:`DEADLINE_YEAR`."""
    cal = baselines.calendar
    first = datetime(DEADLINE_YEAR, 1, 1, tzinfo=VIETNAM_TZ)
    minutes = (date(DEADLINE_YEAR + 1, 1, 1) - first.date()).days * 24 * 60
    moments = [
        first + timedelta(minutes=rng.randrange(minutes)) for _ in range(settings.deadline_samples)
    ]
    times = [
        ("ProcessingTime.working_days(3)", ProcessingTime.working_days(3)),
        ("ProcessingTime.same_day()", ProcessingTime.same_day()),
    ]
    timings: list[_Timed] = []
    for label, processing_time in times:
        what = f"{DEADLINE}, {label}"
        wrong = 0
        for moment in moments:
            found = deadline(moment, processing_time, cal)
            counted_from, due_day = _expected_due_day(cal, moment, processing_time)
            if (
                found.counted_from != counted_from
                or found.due_at != cal.closing_time(due_day)
                or found.deemed_received_at < moment
            ):
                wrong += 1
        if wrong:
            raise CheckError(
                f"{what}: {wrong} of {len(moments)} deadlines differ from a day-by-day computation"
            )
        report.checks.append(
            Check(f"{what}: vs day-by-day rules", len(moments), 0, "exact: every row agrees")
        )
        call = functools.partial(_deadline_loop, moments, processing_time, cal)
        timings.append(_Timed(DEADLINE, label, ONESTOP, True, call, len(moments)))
    _time_all(report, timings, settings)
    _progress(settings, f"  {DEADLINE}: done")


def _deadline_loop(
    moments: list[datetime], processing_time: ProcessingTime, cal: WorkCalendar
) -> None:
    collections.deque(
        map(deadline, moments, itertools.repeat(processing_time), itertools.repeat(cal)),
        maxlen=0,
    )


def bench_cold_index(settings: Settings, report: Report) -> None:
    """The first query on a fresh calendar, which builds the day index (one-off cost)."""
    times = []
    for _ in range(settings.cold_runs):
        fresh = WorkCalendar.vietnam().with_closures({})  # same rules, its own empty index
        start = time.perf_counter()
        fresh.add_working_days(date(2022, 6, 1), 1)
        times.append(time.perf_counter() - start)
    report.measurements.append(
        Measurement(COLD, "first query", ONESTOP, min(times), statistics.median(times), True)
    )


_IMPORTS = {
    "empty interpreter": "pass",
    "import onestop": "import onestop",
    "import onestop.calendar, onestop.timing": "import onestop.calendar, onestop.timing",
}
_IMPORTTIME_LINE = re.compile(r"^import time:\s*\d+ \|\s*(\d+) \| (\S.*)$")


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    source = str(Path(onestop.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    return env


def bench_import(settings: Settings, report: Report) -> None:
    """Import time in fresh interpreters: wall clock minus an empty interpreter (median), and
    the cumulative time ``-X importtime`` gives for the top-level imports (median)."""
    env = _subprocess_env()
    where = subprocess.run(
        [sys.executable, "-c", "import onestop; print(onestop.__file__)"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if Path(where).resolve() != Path(onestop.__file__).resolve():
        raise CheckError(f"{IMPORT}: the subprocess imports {where}, not {onestop.__file__}")
    report.checks.append(
        Check(f"{IMPORT}: subprocess imports the benchmarked onestop", 1, 0, "same file")
    )
    walls: dict[str, list[float]] = {label: [] for label in _IMPORTS}
    cumulative: list[float] = []
    for _ in range(settings.import_runs):
        for label, code in _IMPORTS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
            walls[label].append(time.perf_counter() - start)
        traced = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-c",
                _IMPORTS["import onestop.calendar, onestop.timing"],
            ],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stderr
        top = {
            m.group(2): int(m.group(1))
            for m in map(_IMPORTTIME_LINE.match, traced.splitlines())
            if m is not None
        }
        cumulative.append(
            sum(top.get(name, 0) for name in ("onestop", "onestop.calendar", "onestop.timing"))
            / 1e6
        )
    empty = statistics.median(walls["empty interpreter"])
    for label in _IMPORTS:
        if label == "empty interpreter":
            continue
        extra = [wall - empty for wall in walls[label]]
        report.measurements.append(
            Measurement(
                IMPORT,
                label,
                "wall clock − empty interpreter",
                min(extra),
                statistics.median(extra),
                True,
            )
        )
    report.measurements.append(
        Measurement(
            IMPORT,
            "import onestop.calendar, onestop.timing",
            "-X importtime, cumulative",
            min(cumulative),
            statistics.median(cumulative),
            True,
        )
    )
    report.notes.append(
        f"Empty interpreter start (median of {settings.import_runs}): {_time(empty)}."
    )
    _progress(settings, f"  {IMPORT}: done")


# ---------------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return {
        "processor (platform.processor())": platform.processor()
        or f"'' (machine: {platform.machine()})",
        "CPU model (/proc/cpuinfo)": model,
        "cores": f"{os.cpu_count()} ({usable} usable)",
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "numpy": str(np.__version__),
        "holidays": importlib.metadata.version("holidays"),
        "onestop": onestop.__version__,
        "load average at start (1, 5, 15 min)": load,
    }


# ---------------------------------------------------------------------------------- targets


def _find(report: Report, group: str, label: str, name: str) -> Measurement:
    for m in report.measurements:
        if (m.group, m.label, m.name) == (group, label, name):
            return m
    raise KeyError((group, label, name))


def _targets(report: Report) -> None:
    numpy_scalar = (NP_WEEKDAYS_64, NP_WEEKDAYS_DATE, NP_ALL_64, NP_ALL_DATE)
    for group in (ADD, BETWEEN):
        ratios = []
        for n in STEPS:
            label = f"n = {n}"
            own = _find(report, group, label, ONESTOP).best
            fastest = min(_find(report, group, label, name).best for name in numpy_scalar)
            ratios.append((fastest / own, n))
        worst, at = min(ratios)
        report.targets.append(
            Target(
                f"{group}: faster than numpy per element",
                f"≥ {SCALAR_SPEEDUP:g}× the fastest numpy per-element variant, every n",
                f"worst {worst:.1f}× (n = {at}); "
                + ", ".join(f"n = {n}: {r:.1f}×" for r, n in ratios),
                worst >= SCALAR_SPEEDUP,
            )
        )
        own_times = [_find(report, group, f"n = {n}", ONESTOP).best for n in STEPS]
        spread = max(own_times) / min(own_times)
        report.targets.append(
            Target(
                f"{group}: flat in n",
                f"slowest n within {FLAT_LIMIT:g}× of the fastest (n = {', '.join(map(str, STEPS))})",
                f"{spread:.2f}× (" + ", ".join(_time(t) for t in own_times) + ")",
                spread <= FLAT_LIMIT,
            )
        )
    for group in (ADD_MANY, BETWEEN_MANY):
        label = next(m.label for m in report.measurements if m.group == group)
        own = _find(report, group, label, ONESTOP_ARRAY).best
        fastest_name = min(
            (NP_WEEKDAYS_VECTOR, NP_ALL_VECTOR),
            key=lambda name: _find(report, group, label, name).best,
        )
        fastest = _find(report, group, label, fastest_name).best
        report.targets.append(
            Target(
                f"{group}: {label}",
                f"≤ {BATCH_FRACTION:g}× the time of the fastest vectorised numpy",
                f"{own / fastest:.2f}× ({_time(own)} vs {_time(fastest)}, {fastest_name})",
                own <= BATCH_FRACTION * fastest,
            )
        )
    slowest = max((m for m in report.measurements if m.group == DEADLINE), key=lambda m: m.best)
    report.targets.append(
        Target(
            "deadline() per call",
            f"< {_time(DEADLINE_LIMIT)} for each processing time",
            ", ".join(
                f"{m.label}: {_time(m.best)}" for m in report.measurements if m.group == DEADLINE
            ),
            slowest.best < DEADLINE_LIMIT,
        )
    )
    imported = _find(
        report, IMPORT, "import onestop.calendar, onestop.timing", "wall clock − empty interpreter"
    )
    report.targets.append(
        Target(
            "import onestop.calendar, onestop.timing",
            f"< {IMPORT_LIMIT:g} s (median, wall clock − empty interpreter)",
            _time(imported.median),
            imported.median < IMPORT_LIMIT,
        )
    )


# ---------------------------------------------------------------------------------- report


def _time(seconds: float) -> str:
    if abs(seconds) < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if abs(seconds) < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if abs(seconds) < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(report: Report, level: int = 1) -> str:
    """The report as Markdown; ``level`` is the heading level of its title."""
    h1, h2 = "#" * level, "#" * (level + 1)
    s = report.settings
    out = [
        f"{h1} onestop benchmarks{' (quick run: figures indicative only)' if s.quick else ''}",
        "",
        f"Run on {report.started:%Y-%m-%d %H:%M %z} in {report.elapsed:.0f} s "
        f"(seed {s.seed}; {s.scalar_samples} inputs per scalar benchmark, "
        f"{s.batch_rows:,} batch rows, {s.deadline_samples} receipt moments, "
        f"{s.repeat} repeats, {s.import_runs} interpreter starts).",
        "",
        f"{h2} Machine",
        "",
        *_table(("", ""), [(k, v) for k, v in report.machine.items()]),
        "",
        f"{h2} Method",
        "",
        *(f"- {note}" for note in report.notes),
        "",
        f"{h2} Correctness checks (run before any timing)",
        "",
        *_table(
            ("check", "rows", "disagreements", "verdict"),
            [(c.what, f"{c.rows:,}", f"{c.disagreements:,}", c.verdict) for c in report.checks],
        ),
        "",
    ]
    titles = {
        ADD: "`add_working_days(day, n)`, one call per row (time per call)",
        BETWEEN: "`working_days_between(start, end)` over n working days, one call per row (time per call)",
        ADD_MANY: "`add_working_days_many` (time per batch)",
        BETWEEN_MANY: "`working_days_between_many` (time per batch)",
        DEADLINE: "`deadline()` (time per call)",
        COLD: "Index build: first query on a fresh calendar (one-off, not in the figures above)",
        IMPORT: "Import time (fresh interpreters)",
        REPLAY: "What-if replay (`benchmarks/replay.py`): time per dossier row",
    }
    for group, title in titles.items():
        rows = [m for m in report.measurements if m.group == group]
        if not rows:
            continue
        reference = {m.label: m for m in reversed(rows) if m.onestop}
        table: list[tuple[str, ...]] = []
        for m in rows:
            ref = reference[m.label]
            ratio = "1 (reference)" if m is ref else f"{m.best / ref.best:.2f}"
            table.append((m.label, m.name, _time(m.best), _time(m.median), ratio))
        header: tuple[str, ...] = ("case", "implementation", "best", "median", "time ÷ onestop's")
        if group in (IMPORT, COLD, DEADLINE):
            table = [row[:4] for row in table]
            header = header[:4]
        out += [f"{h2} {title}", "", *_table(header, table), ""]
    out += [
        f"{h2} Targets",
        "",
        *_table(
            ("target", "goal", "measured", "met"),
            [
                (t.name, t.goal, t.measured, "met" if t.met else "**not met**")
                for t in report.targets
            ],
        ),
        "",
    ]
    return "\n".join(out)


def _method_notes(baselines: Baselines, settings: Settings) -> list[str]:
    saturdays = ", ".join(f"{d:%d/%m/%Y}" for d in baselines.worked_weekend_days)
    differences = ", ".join(f"{d:%d/%m/%Y}" for d in baselines.holidays_differences)
    return [
        "Calendar: `WorkCalendar.vietnam()` (official overlay 2018–2026), one instance, its "
        "day index built before timing; every figure is measured in this one process.",
        "Time per call: `timeit`, loop count chosen as `autorange` does (each timing at least "
        f"{settings.min_time:g} s), then {settings.repeat} repeats taken round-robin over all the "
        "rows of a table, so that load from another process hits them alike; garbage collector "
        "off as timeit does. **best** is the minimum over the repeats, **median** their median. "
        "Scalar figures map the function over the "
        "prepared inputs (`collections.deque(map(f, xs, ys), maxlen=0)`), so the few tens of "
        "nanoseconds of loop overhead are in every row alike. A ratio above 1 says how many times "
        "slower than onestop that row is.",
        f"Inputs: start days uniform over {SAMPLE_FIRST:%Y}–{SAMPLE_LAST:%Y}; scalar n = "
        f"{', '.join(map(str, STEPS))}; batch n uniform in 1..{MAX_STEP}, batch ends = start + "
        "0..365 days; `working_days_between` scalar rows start on a working day and end on the "
        "n-th working day after it.",
        "numpy baselines copy onestop's verdict for every day of "
        f"{COVERED_FIRST:%Y}–{COVERED_LAST:%Y} (late-2025 starts plus 250 working days reach "
        "January 2027). *Mon–Fri mask*: weekmask Mon–Fri, holidays = the "
        f"{baselines.weekday_holidays} weekdays onestop does not work: it cannot express the "
        f"{len(baselines.worked_weekend_days)} worked make-up Saturdays ({saturdays}), so it is "
        "not exact: its disagreements are counted and each must have a make-up Saturday in its "
        "span (checked). *7-day mask (exact)*: weekmask of all seven days, holidays = the "
        f"{baselines.non_working_days} days onestop does not work, weekends included: it must "
        "agree on every row (checked). `busday_offset` uses `roll='backward'`, which gives "
        "onestop's convention (n-th working day strictly after the day) for n ≥ 1 from any day.",
        "`holidays` baseline: `holidays.country_holidays('VN')` with its own calendar, which "
        f"differs from onestop's on {len(baselines.holidays_differences)} day(s) of the span "
        f"({differences or 'none'}); `get_working_days_count` counts the closed "
        "`[start, end]`, so it is given `end − 1 day`. Each disagreement must have such a day in "
        "its span (checked).",
        "Naive loop: day by day over `WorkCalendar.is_working_day` (exact, checked).",
        "`deadline()`: receipt moments uniform over every minute of "
        f"{DEADLINE_YEAR} (inside and outside office hours, working and non-working days); each "
        "result is checked against a day-by-day computation of the receipt rules.",
        "Figures are noisy when another process is running: on a shared machine run the "
        "benchmark two or three times and keep the best run.",
    ]


def run(settings: Settings, replay: ReplaySettings | None = None) -> Report:
    """Check, then time, everything; the targets are judged at the end. ``replay`` sizes the
    what-if replay benchmark (by default, as ``settings.quick`` says)."""
    from benchmarks.replay import ReplaySettings, bench_replay, replay_targets

    started = time.perf_counter()
    report = Report(settings, machine(), datetime.now().astimezone())
    rng = random.Random(settings.seed)
    cal = WorkCalendar.vietnam()
    _progress(settings, "building baselines")
    baselines = build_baselines(cal)
    report.notes += _method_notes(baselines, settings)
    bench_add_working_days(baselines, rng, settings, report)
    bench_working_days_between(baselines, rng, settings, report)
    bench_batch(baselines, settings, report)
    bench_deadline(baselines, rng, settings, report)
    bench_cold_index(settings, report)
    bench_import(settings, report)
    if replay is None:
        replay = ReplaySettings.smoke() if settings.quick else ReplaySettings.full()
    replayed = bench_replay(replay, report)
    _targets(report)
    report.targets += replay_targets(replayed)
    report.elapsed = time.perf_counter() - started
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        report.machine["load average at end (1, 5, 15 min)"] = load
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke test")
    parser.add_argument(
        "--output", metavar="FILE", type=Path, help="also write the Markdown report here"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the random inputs")
    args = parser.parse_args(argv)
    settings = Settings.smoke(args.seed) if args.quick else Settings.full(args.seed)
    report = run(settings)
    text = render(report)
    print(text)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
