"""``onestop report LOG`` on a ward's log with feedback lines: indicators 5.1–5.3 come from the
log in every format; a log without feedback gives the report it gave before. ``onestop
demo`` prints the synthetic ward's feedback indicators."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from onestop.calendar import WorkCalendar
from onestop.cli import main
from onestop.feedback import FeedbackItem, feedback_results
from onestop.io import read_events_file, write_events, write_feedback
from onestop.procedures import default_catalog
from onestop.scoring import Period, Unit, scorecard
from onestop.simulate import SyntheticWard, simulate_ward

MARCH = Period.month(2026, 3)
FEEDBACK_IDS = ("5.1", "5.2", "5.3")


@pytest.fixture(scope="module")
def ward() -> SyntheticWard:
    ward = simulate_ward(
        seed=5, start=date(2026, 3, 1), end=date(2026, 3, 31), daily_mean=3, feedback_per_week=6
    )
    assert ward.feedback
    return ward


@pytest.fixture(scope="module")
def logs(ward: SyntheticWard, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The ward's dossier-only log, and its log with the feedback lines after the dossiers."""
    folder = tmp_path_factory.mktemp("logs")
    dossiers, mixed = folder / "dossiers.jsonl", folder / "ward.jsonl"
    with dossiers.open("w", encoding="utf-8") as out:
        write_events(ward.dossiers, out)
    with mixed.open("w", encoding="utf-8") as out:
        write_events(ward.dossiers, out)
        write_feedback(ward.feedback, out)
    return dossiers, mixed


def expected(
    ward: SyntheticWard, items: list[FeedbackItem] | None = None
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """5.1–5.3 computed from the items in the library: (value, points) by metric id."""
    found = feedback_results(ward.feedback if items is None else items, period=MARCH)
    return {result.metric.id: (result.value, result.points) for result in found}


def report(log: Path, *options: str) -> list[str]:
    return ["report", str(log), "--period", "2026-03", *options]


def test_report_on_a_mixed_log_computes_5_1_to_5_3_from_it(
    ward: SyntheticWard, logs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, mixed = logs
    assert main(report(mixed, "--format", "json")) == 0
    captured = capsys.readouterr()
    card = json.loads(captured.out)
    metrics = {metric["metric_id"]: metric for metric in card["metrics"]}
    want = expected(ward)
    for metric_id in FEEDBACK_IDS:
        metric = metrics[metric_id]
        assert metric["basis"] == "log", metric_id
        value, points = want[metric_id]
        assert metric["value"] == (None if value is None else float(value))
        assert metric["points"] == (None if points is None else float(points))
    assert metrics["5.2"]["points"] is not None
    assert f"; {len(ward.feedback)} feedback items kept, 0 rejected" in captured.err
    assert f"{len(ward.dossiers)} dossiers kept, 0 rejected (0 lines)" in captured.err


def test_report_shows_5_1_to_5_3_in_the_table_and_the_csv(
    ward: SyntheticWard, logs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, mixed = logs
    want = expected(ward)
    assert main(report(mixed, "--language", "en")) == 0
    table = capsys.readouterr().out.splitlines()
    row = next(line for line in table if line.startswith("5.2 "))
    assert "Feedback handled on time" in row
    points = want["5.2"][1]
    assert f"{points}/6" in row
    assert "5.2" not in table[-1]  # scored: not listed among the unscored metrics
    assert main(report(mixed, "--format", "csv")) == 0
    rows = {row["metric_id"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    for metric_id in FEEDBACK_IDS:
        assert rows[metric_id]["basis"] == "log"
    assert Decimal(rows["5.3"]["points"]) == want["5.3"][1]


def test_report_on_a_dossier_only_log_is_unchanged(
    ward: SyntheticWard, logs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    dossiers_log, _ = logs
    assert main(report(dossiers_log, "--format", "json")) == 0
    captured = capsys.readouterr()
    metrics = {metric["metric_id"]: metric for metric in json.loads(captured.out)["metrics"]}
    for metric_id in FEEDBACK_IDS:
        assert metrics[metric_id]["basis"] == "missing"
        assert metrics[metric_id]["points"] is None
    assert "feedback" not in captured.err
    # The very card the library gives for the dossiers alone, as before feedback existed.
    dossiers = list(
        read_events_file(
            dossiers_log, procedures=default_catalog(), calendar=WorkCalendar.vietnam()
        )
    )
    card = scorecard(dossiers, unit=Unit("-", "(unit)"), period=MARCH)
    assert main(report(dossiers_log, "--language", "en")) == 0
    assert capsys.readouterr().out == card.to_text("en") + "\n"


def test_a_bad_feedback_line_is_reported_with_its_line_number(
    ward: SyntheticWard, logs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, mixed = logs
    lines = mixed.read_text(encoding="utf-8").splitlines()
    # The second line of the first item (its lines follow the dossiers' lines).
    first = sum(1 for line in lines if line.startswith('{"dossier"')) + 1
    broken_item = json.loads(lines[first])["feedback"]
    lines[first] = lines[first].replace('"type":"', '"type":"x', 1)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(report(broken, "--format", "json")) == 0
    captured = capsys.readouterr()
    assert f"{broken}:{first + 1}: bad event: unknown event type" in captured.err
    assert f"{len(ward.feedback) - 1} feedback items kept, 1 rejected" in captured.err
    items = [item for item in ward.feedback if item.id != broken_item]
    metrics = {m["metric_id"]: m for m in json.loads(captured.out)["metrics"]}
    assert metrics["5.1"]["denominator"] == expected_denominator(items)
    assert main([*report(broken), "--strict"]) == 2
    assert f"onestop: error: line {first + 1}: bad event" in capsys.readouterr().err


def expected_denominator(items: list[FeedbackItem]) -> int | None:
    [classified, *_] = feedback_results(items, period=MARCH)
    return classified.denominator


def test_a_log_whose_feedback_lines_are_all_rejected_still_tracks_feedback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The ward keeps a feedback log (the line is there), but no item of it could be read:
    # 5.2 and 5.3 are computed from no item (full points), and the bad line is reported.
    log = tmp_path / "ward.jsonl"
    log.write_text(
        '{"feedback": "PA-1", "type": "answer", "at": "2026-03-02T09:00:00+07:00"}\n',
        encoding="utf-8",
    )
    assert main(report(log, "--format", "json")) == 0
    captured = capsys.readouterr()
    metrics = {m["metric_id"]: m for m in json.loads(captured.out)["metrics"]}
    assert (metrics["5.2"]["basis"], metrics["5.2"]["points"]) == ("log", 6.0)
    assert "0 feedback items kept, 1 rejected" in captured.err
    assert f"{log}:1: feedback item 'PA-1': a feedback item starts with a receive" in captured.err


def test_whatif_reads_a_mixed_log_as_its_dossiers(
    logs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    dossiers_log, mixed = logs
    assert main(["whatif", str(dossiers_log), "--period", "2026-03"]) == 0
    alone = capsys.readouterr()
    assert main(["whatif", str(mixed), "--period", "2026-03"]) == 0
    with_feedback = capsys.readouterr()
    assert with_feedback.out == alone.out
    assert "0 rejected (0 lines); " in with_feedback.err


def test_the_demo_prints_the_feedback_indicators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--seed", "3", "--daily", "4", "--language", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ward = simulate_ward(seed=3, daily_mean=4.0)
    card = scorecard(
        ward.dossiers,
        unit=Unit(ward.unit_code, ward.unit_name),
        period=Period.year(2026),
        evaluations=ward.evaluations,
        feedback=ward.feedback,
    )
    received = next(line for line in lines if line.startswith("Feedback items received"))
    assert received.startswith(f"Feedback items received in the year: {len(ward.feedback)} (Zalo ")
    classified = next(line for line in lines if "(indicator 5.1)" in line)
    assert classified.endswith(f"{card.result('5.1').value:.1f} % (tracked, no points)")
    for metric in ("5.2", "5.3"):
        line = next(line for line in lines if f"(indicator {metric})" in line)
        assert line.endswith(f" → {card.result(metric).points}/6 points"), line
    # The scorecard part stays short: the what-if question still follows within a few lines.
    question = next(i for i, line in enumerate(lines) if line.startswith("What if"))
    assert question <= 15


def test_the_demo_speaks_of_feedback_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--seed", "3", "--daily", "2"]) == 0
    out = capsys.readouterr().out
    assert "Phản ánh, kiến nghị nhận được trong năm: " in out
    assert "PAKN xử lý đúng hạn (chỉ số 5.2): " in out
    assert "Hài lòng về xử lý PAKN (chỉ số 5.3): " in out
