"""The benchmark script runs end to end on tiny inputs and its correctness checks hold.

No timing is asserted: timings on a shared machine are noise. What is asserted is that every
baseline agrees with onestop where it must (the checks run before anything is timed), and
that a wrong implementation would be caught rather than timed.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs
import numpy as np
import pytest
from benchmarks import replay, run

from onestop.calendar import WorkCalendar
from onestop.whatif import ReplayTable, Scenario, replay_table


def test_benchmark_smoke_run_checks_pass_and_catch_wrong_code() -> None:
    settings = run.Settings(
        quick=True,
        scalar_samples=8,
        batch_rows=200,
        deadline_samples=12,
        repeat=1,
        import_runs=1,
        cold_runs=1,
        min_time=0.0,  # one loop per timing: the figures are not looked at
    )
    report = run.run(settings, replay.ReplaySettings.tiny())

    # Every benchmark checked its baselines before timing them, and all checks passed.
    assert report.checks
    checked = {check.what.split(":")[0].split(",")[0] for check in report.checks}
    assert {
        run.ADD,
        run.BETWEEN,
        run.ADD_MANY,
        run.BETWEEN_MANY,
        run.DEADLINE,
        run.IMPORT,
        run.REPLAY,
    } <= checked
    for check in report.checks:
        assert check.rows > 0
        if check.verdict.startswith("exact") or check.verdict == "same file":
            assert check.disagreements == 0, check
        else:
            assert check.verdict.startswith(("not exact", "agrees")), check
    exact = [c for c in report.checks if run.NP_ALL_64 in c.what or run.NAIVE in c.what]
    assert exact
    assert all(c.disagreements == 0 for c in exact)
    replayed = [c.what for c in report.checks if c.what.startswith(run.REPLAY)]
    assert any("object path" in what for what in replayed)
    assert any(replay.PANDAS_ROWS in what for what in replayed)
    assert any(replay.PANDAS_ROWS_WEEKDAYS in what for what in replayed)
    assert any("every timed result" in what for what in replayed)
    assert "pandas" in report.machine
    assert any(t.name.startswith("what-if replay_table, 1,000,000 rows") for t in report.targets)
    assert any(t.name.startswith("what-if replay_table memory") for t in report.targets)

    # Every benchmark was measured and every target judged; the report names them all.
    groups = {m.group for m in report.measurements}
    assert {
        run.ADD,
        run.BETWEEN,
        run.ADD_MANY,
        run.BETWEEN_MANY,
        run.DEADLINE,
        run.IMPORT,
        run.REPLAY,
    } <= groups
    assert len(report.targets) == 10
    text = run.render(report)
    assert "## Targets" in text
    assert "AMD" in text or "CPU model" in text
    for target in report.targets:
        assert target.name in text

    # A wrong implementation is caught, not timed: off by one working day ...
    cal = WorkCalendar.vietnam()
    baselines = run.build_baselines(cal)
    days = [date(2024, 4, 30), date(2025, 4, 24), date(2026, 2, 13)]
    steps = [3, 3, 3]
    reference: list[object] = [
        cal.add_working_days(day, n) for day, n in zip(days, steps, strict=True)
    ]

    def span(row: int, result: object) -> tuple[date, date]:
        return days[row], date(2026, 12, 31)

    def off_by_one(day: date, n: int) -> date:
        return cal.add_working_days(day, n + 1)

    wrong = run.Contender("off by one", off_by_one, days, steps, "exact")
    with pytest.raises(run.CheckError, match="differ from onestop"):
        run.check_contender(baselines, "add", wrong, reference, span)

    # ... and a Mon-Fri numpy disagreement with no make-up Saturday to explain it.
    weekdays_only = [date(2023, 3, 1), date(2023, 6, 1)]
    reference = [cal.add_working_days(day, 3) for day in weekdays_only]
    usual = run.Contender("numpy, Mon-Fri", off_by_one, weekdays_only, [3, 3], "weekday-mask")
    with pytest.raises(run.CheckError, match="no worked weekend day"):
        run.check_contender(
            baselines,
            "add",
            usual,
            reference,
            lambda row, result: (weekdays_only[row], date(2023, 7, 1)),
        )

    # The day-by-day references agree with onestop over a make-up Saturday (10/01/2026).
    assert cal.is_working_day(date(2026, 1, 10))
    assert run.naive_add_working_days(cal, date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert run.naive_working_days_between(cal, date(2026, 1, 12), date(2026, 1, 5)) == -6


def test_replay_benchmark_catches_wrong_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """The replay checks run before timing and fail on a wrong result, both sides."""
    settings = run.Settings(True, 1, 1, 1, 1, 1, 1, 0.0)
    tiny = replay.ReplaySettings.tiny()

    # A replay_table whose comparison differs from the object path stops the run.
    def no_changes(table: ReplayTable, scenario: Scenario, *, keep_changes: bool = True) -> object:
        return attrs.evolve(replay_table(table, scenario, keep_changes=keep_changes), changes=())

    monkeypatch.setattr(replay, "replay_table", no_changes)
    report = run.Report(settings, {}, datetime.now())
    with pytest.raises(run.CheckError, match="object path"):
        replay.bench_replay(tiny, report)
    monkeypatch.undo()

    # A pandas version one day late on every reformed row is caught row by row.
    pandas = replay.pandas_replay

    def late_by_a_day(frame: object, calendar: replay.PandasCalendar, **options: bool) -> object:
        result = pandas(frame, calendar, **options)
        moved = result.after.copy()
        reformed = np.asarray(frame["amount"]) >= 0  # type: ignore[index]
        moved[reformed] = np.where(
            result.after[reformed] == replay.EARLY, replay.ON_TIME, replay.LATE
        )
        return replay.PandasResult(moved, result.appointment, result.tallies)

    monkeypatch.setattr(replay, "pandas_replay", late_by_a_day)
    report = run.Report(settings, {}, datetime.now())
    with pytest.raises(run.CheckError, match="differs from onestop"):
        replay.bench_replay(tiny, report)
    monkeypatch.undo()
