"""``onestop report LOG`` and ``onestop whatif LOG`` on a small synthetic event log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from onestop._cli_log import period_of
from onestop.cli import main
from onestop.errors import OnestopError
from onestop.io import write_events
from onestop.scoring import Period, decision_766
from onestop.simulate import simulate_ward


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ward = simulate_ward(seed=5, start=date(2026, 3, 1), end=date(2026, 3, 31), daily_mean=3)
    path = tmp_path_factory.mktemp("logs") / "ward.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_events(ward.dossiers, out)
    return path


def test_report_prints_the_scorecard_and_the_read_summary(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(log), "--period", "2026-03", "--language", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Scorecard: (unit) (-), period 03/2026")
    assert "Dossiers settled early or on time" in captured.out
    assert "dossiers kept, 0 rejected (0 lines)" in captured.err


def test_report_formats(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(log), "--period", "2026-03", "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["period"]["label"] == "03/2026"
    assert main(["report", str(log), "--period", "2026-03", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + len(decision_766().metrics)  # a header, one row per metric


def test_bad_lines_are_reported_and_the_good_dossiers_kept(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n" + log.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["report", str(broken), "--period", "2026-03"]) == 0
    err = capsys.readouterr().err
    assert f"{broken}:1: " in err
    # The line belongs to no dossier: it is rejected, and every dossier is kept.
    assert "71 dossiers kept, 0 rejected (1 lines)" in err
    assert main(["report", str(broken), "--period", "2026-03", "--strict"]) == 2
    assert "onestop: error:" in capsys.readouterr().err


def test_whatif_cuts_the_most_frequent_procedures(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["whatif", str(log), "--period", "2026-03", "--cut", "30%", "--top", "10%"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("cut ")
    assert out[-1].endswith("dossiers change class")
    late = next(line for line in out if line.startswith("late"))
    before, after = int(late.split()[1]), int(late.split()[3])
    assert after >= before  # cutting time cannot make a late dossier on time
    assert main(["whatif", str(log), "--period", "2026-03", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"procedure", "outcome", "before", "after"} <= set(records[0])


def test_errors_exit_with_status_2(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "no/such/file.jsonl", "--period", "2026"]) == 2
    assert "onestop: error:" in capsys.readouterr().err
    assert main(["whatif", str(log), "--period", "2026-13"]) == 2
    assert main(["whatif", str(log), "--period", "2026", "--cut", "200%"]) == 2


def test_periods_are_read_as_year_month_or_quarter() -> None:
    assert period_of("2026") == Period.year(2026)
    assert period_of("2026-03") == Period.month(2026, 3)
    assert period_of(" 2026-Q4 ") == Period.quarter(2026, 4)
    with pytest.raises(OnestopError):
        period_of("2026-Q5")
