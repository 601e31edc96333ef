"""The benchmark script runs end to end on tiny inputs and its correctness checks hold.

No timing is asserted: timings on a shared machine are noise. What is asserted is that every
baseline agrees with onestop where it must (the checks run before anything is timed), and
that a wrong implementation would be caught rather than timed.
"""

from __future__ import annotations

from datetime import date

import pytest
from benchmarks import run

from onestop.calendar import WorkCalendar


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
    report = run.run(settings)

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

    # Every benchmark was measured and every target judged; the report names them all.
    groups = {m.group for m in report.measurements}
    assert {
        run.ADD,
        run.BETWEEN,
        run.ADD_MANY,
        run.BETWEEN_MANY,
        run.DEADLINE,
        run.IMPORT,
    } <= groups
    assert len(report.targets) == 8
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
