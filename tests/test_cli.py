"""The ``onestop`` command line: ``calendar YEAR`` and ``deadline``.

The module docstring of ``onestop.cli`` is the contract: bad arguments print one clear line
and exit with status 2; times typed on the command line are local time in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import onestop
from onestop.calendar import WorkCalendar
from onestop.cli import main

TET = ["deadline", "--received", "2026-02-13 15:20", "--time", "03 ngày làm việc"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    """Exit status (returned, or carried by SystemExit), stdout and stderr of one run."""
    try:
        status: int | str | None = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def run_module(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``python -m onestop ARGV`` in a fresh interpreter, output in UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "onestop", *argv],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
        timeout=120,
    )


def assert_one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("onestop: error: ")
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------------------- calendar


def test_calendar_2026_lists_the_swap_and_the_make_up_day_with_their_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """calendar.md: 2026 has the 02/01 swap and the 10/01 make-up Saturday, both from VB
    12729/VPCP-KGVX (25/12/2025), and 249 working days."""
    assert main(["calendar", "2026"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Lịch làm việc của cán bộ, công chức năm 2026 (trạng thái: confirmed)"
    swap = next(line for line in lines if line.startswith("02/01/2026"))
    make_up = next(line for line in lines if line.startswith("10/01/2026"))
    assert "VB 12729/VPCP-KGVX" in swap
    assert "nghỉ" in swap
    assert "VB 12729/VPCP-KGVX" in make_up
    assert "làm việc" in make_up
    assert "Thứ Bảy" in make_up
    assert lines[-1] == "Số ngày làm việc: 249"


def test_calendar_2026_lists_every_day_off_in_date_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """calendar.md, 2026 row: 01-02/01, 16-20/02, 27/04, 30/04, 01/05, 31/08, 01-02/09 off,
    Saturdays 10/01 and 22/08 worked; 24/11 pending (estimated)."""
    assert main(["calendar", "2026"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line[:10] for line in lines[1:-1]]
    assert listed == [
        "01/01/2026",
        "02/01/2026",
        "10/01/2026",
        "16/02/2026",
        "17/02/2026",
        "18/02/2026",
        "19/02/2026",
        "20/02/2026",
        "27/04/2026",
        "30/04/2026",
        "01/05/2026",
        "22/08/2026",
        "31/08/2026",
        "01/09/2026",
        "02/09/2026",
        "24/11/2026",
    ]
    culture_day = lines[-2]
    assert culture_day.startswith("24/11/2026")
    assert culture_day.endswith("[estimated]")
    assert sum(line.endswith("[estimated]") for line in lines) == 1


def test_calendar_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026", "--language", "en"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Civil-servant working calendar 2026 (status: confirmed)"
    swap = next(line for line in lines if line.startswith("02/01/2026"))
    assert swap.startswith("02/01/2026 Fri")
    assert "off" in swap
    assert "Swapped day off" in swap
    make_up = next(line for line in lines if line.startswith("10/01/2026"))
    assert make_up.startswith("10/01/2026 Sat")
    assert "worked" in make_up
    assert "VB 12729/VPCP-KGVX" in make_up
    assert lines[-1] == "Working days: 249"


def test_calendar_of_an_estimated_year_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """calendar.md: years without an announcement are estimates."""
    assert main(["calendar", "2031", "--language", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Civil-servant working calendar 2031 (status: estimated)"
    assert all(line.endswith("[estimated]") for line in lines[1:-1])
    assert lines[-1].startswith("Working days: ")


def test_calendar_strict_refuses_an_unconfirmed_year(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["calendar", "2031", "--strict"], capsys)
    assert status == 2
    assert out == ""
    line = assert_one_error_line(err)
    assert "2031" in line
    assert "strict" in line


def test_calendar_strict_accepts_a_confirmed_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026", "--strict"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Số ngày làm việc: 249"


def test_calendar_of_the_last_supported_year_counts_its_working_days(tmp_path: Path) -> None:
    """2099 is a supported year (2000..2099): its calendar ends with its working-day count
    like any other year. Run in a fresh process: the shared national calendar of this
    process may already hold tables reaching 2099, which hides the failure."""
    cal = WorkCalendar.vietnam().with_closures({})
    day, expected = date(2099, 1, 1), 0
    while day.year == 2099:
        expected += cal.is_working_day(day)
        day += timedelta(days=1)
    result = run_module(["calendar", "2099"], tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b""
    assert result.stdout.decode("utf-8").splitlines()[-1] == f"Số ngày làm việc: {expected}"


@pytest.mark.parametrize("year", ["0", "10000", "-5"])
def test_calendar_of_an_impossible_year_is_one_error_line(
    year: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """cli docstring: bad arguments print one clear line and exit with status 2."""
    status, _, err = run(["calendar", "--", year], capsys)
    assert status == 2
    assert_one_error_line(err)


@pytest.mark.parametrize("year", ["1999", "2100"])
def test_calendar_of_an_unsupported_year_prints_only_the_error(
    year: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """cli docstring: bad arguments print one clear line (and nothing else: no heading that
    calls an unsupported year "estimated")."""
    status, out, err = run(["calendar", year], capsys)
    assert status == 2
    assert "2000..2099" in assert_one_error_line(err)
    assert out == ""


# ---------------------------------------------------------------------------- deadline


def test_deadline_over_tet(capsys: pytest.CaptureFixture[str]) -> None:
    """TB 9441/TB-BNV: Tết 16-20/02/2026; 3 working days from Friday 13/02/2026 15:20."""
    assert main(TET) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Hạn trả: 2026-02-25 17:00 (+07:00)"
    assert lines[1] == "Tiếp nhận: Thứ Sáu 13/02/2026 15:20"
    assert "  16/02/2026 không tính: Nghỉ Tết Nguyên Đán" in out
    assert lines[-1] == "Hạn trả: Thứ Tư 25/02/2026 17:00 (hết giờ làm việc)"


def test_deadline_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*TET, "--language", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Due: 2026-02-25 17:00 (+07:00)"
    assert lines[1] == "Received: Friday 13/02/2026 15:20"
    assert lines[-1] == "Due: Wednesday 25/02/2026 17:00 (close of office)"


def test_deadline_same_day_after_the_cutoff(capsys: pytest.CaptureFixture[str]) -> None:
    """Law 60/2014/QH13 art. 5(3): after 15:00, the next working day (after Tết)."""
    argv = ["deadline", "--received", "2026-02-13 15:20", "--time", "Trong ngày"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Hạn trả: 2026-02-23 17:00 (+07:00)"


def test_deadline_cutoff_none_removes_the_same_day_cutoff(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["deadline", "--received", "2026-02-13 15:20", "--time", "Trong ngày"]
    assert main([*argv, "--cutoff", "none"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Hạn trả: 2026-02-13 17:00 (+07:00)"
    assert "không có giờ chốt" in out
    assert main([*argv, "--cutoff", "NONE"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Hạn trả: 2026-02-13 17:00 (+07:00)"


def test_deadline_cutoff_15_00_on_a_working_day_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Decree 63/2024/NĐ-CP art. 7: after 15:00, counting starts the next working day
    (Monday 23/02/2026 after Tết), so 3 working days end on 26/02/2026."""
    assert main([*TET, "--cutoff", "15:00", "--language", "en"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Due: 2026-02-26 17:00 (+07:00)"
    assert "after the 15:00 cutoff" in out


@pytest.mark.parametrize("cutoff", ["3pm", "25:00", "15h", "", "15:00:30"])
def test_deadline_bad_cutoff_is_one_error_line(
    cutoff: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run([*TET, "--cutoff", cutoff], capsys)
    assert status == 2
    assert out == ""
    assert_one_error_line(err)


def test_deadline_bad_cutoff_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run([*TET, "--cutoff", "3pm"], capsys)
    assert status == 2
    assert "--cutoff" in assert_one_error_line(err)


def test_deadline_midnight(capsys: pytest.CaptureFixture[str]) -> None:
    """Civil Code 2015 art. 148(2): the last day ends at 24:00."""
    assert main([*TET, "--midnight", "--language", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Due: 2026-02-26 00:00 (+07:00)"
    assert lines[-1] == "Due: Thursday 26/02/2026 00:00 (24:00, Civil Code 2015 art. 148(2))"


def test_deadline_accepts_an_explicit_utc_offset(capsys: pytest.CaptureFixture[str]) -> None:
    """08:20 UTC is 15:20 in Asia/Ho_Chi_Minh."""
    argv = ["deadline", "--received", "2026-02-13T08:20+00:00", "--time", "03 ngày làm việc"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Hạn trả: 2026-02-25 17:00 (+07:00)"
    assert lines[1] == "Tiếp nhận: Thứ Sáu 13/02/2026 15:20"


def test_deadline_strict_refuses_2031(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "--received", "2031-03-03 09:00", "--time", "03 ngày làm việc"]
    status, out, err = run([*argv, "--strict"], capsys)
    assert status == 2
    assert out == ""
    assert "2031" in assert_one_error_line(err)


@pytest.mark.parametrize("received", ["13/02/2026 15:20", "yesterday", "2026-02-30 10:00", ""])
def test_deadline_bad_received_is_one_error_line(
    received: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["deadline", "--received", received, "--time", "03 ngày làm việc"]
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    assert "--received" in assert_one_error_line(err)


def test_deadline_bare_number_time_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A bare "3" is not read as working days: the legal text names the unit."""
    argv = ["deadline", "--received", "2026-02-13 15:20", "--time", "3"]
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    line = assert_one_error_line(err)
    assert "has no unit" in line
    assert "'03 ngày làm việc'" in line


@pytest.mark.parametrize("text", ["Không có thông tin", "5 giờ", ""])
def test_deadline_unreadable_time_is_one_error_line(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["deadline", "--received", "2026-02-13 15:20", "--time", text]
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    assert "cannot read the time limit" in assert_one_error_line(err)


# ---------------------------------------------------------------------------- argparse


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["calendar"],
        ["calendar", "twenty"],
        ["calendar", "2026", "--language", "fr"],
        ["deadline"],
        ["deadline", "--received", "2026-02-13 15:20"],
        ["deadline", "--time", "Trong ngày"],
        ["deadline", "--received", "2026-02-13 15:20", "--time", "Trong ngày", "--bogus"],
    ],
)
def test_argument_errors_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert_one_error_line(err)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"onestop {onestop.__version__}\n"


def test_python_dash_m_onestop(tmp_path: Path) -> None:
    """``python -m onestop`` is the same as the ``onestop`` command."""
    result = run_module(["calendar", "2026"], tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")
    assert "02/01/2026" in out
    assert "VB 12729/VPCP-KGVX" in out
    assert out.splitlines()[-1] == "Số ngày làm việc: 249"


def test_python_dash_m_onestop_reports_errors_with_status_2(tmp_path: Path) -> None:
    result = run_module(["calendar", "2031", "--strict"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert_one_error_line(result.stderr.decode("utf-8"))
