"""``onestop catalog list|show|validate|export``: every subcommand, its errors, exit codes 0
and 2, the default day (today in Asia/Ho_Chi_Minh, a command-line policy only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from onestop import _cli_catalog
from onestop.calendar import VIETNAM_TZ
from onestop.cli import main
from onestop.errors import CatalogError
from onestop.procedures import (
    Procedure,
    default_catalog,
    dumps_catalog,
    load_catalog,
    loads_catalog,
)
from onestop.procedures._cpsv import to_cpsv_ap
from onestop.procedures._schema import catalog_json_schema

DAY = "2026-03-02"

GOOD = """
format = 1
name = "Phường Mẫu"

[[procedure]]
code = "1.001193"
name_vi = "Thủ tục đăng ký khai sinh"
name_en = "Birth registration"
field = "Hộ tịch"
levels = ["commune"]
competent_agency = "UBND cấp xã"
processing_time = "Trong ngày"
time_rules = ["Sau 15 giờ: ngày làm việc tiếp theo"]
legal_basis = [{ document = "60/2014/QH13", title = "Luật Hộ tịch", article = "Điều 16" }]

[[procedure.channel]]
channel = "in_person"
fee_vnd = 0
fee_verbatim = "Miễn phí"
fee_note = "đăng ký đúng hạn"

[[procedure.channel]]
channel = "online"
processing_time = "Trong ngày"

[[procedure.document]]
name = "Tờ khai đăng ký khai sinh"

[[procedure.document]]
name = "Giấy chứng sinh"
role = "show"
group = "Trẻ sinh tại cơ sở y tế"
alternatives = ["Văn bản của người làm chứng"]

[[procedure.result]]
name = "Giấy khai sinh"
code = "KQ.G17.000100"

[[procedure]]
code = "1.004194"
name_vi = "Đăng ký tạm trú"
field = "Cư trú"
levels = ["commune"]
processing_time = "07 ngày làm việc"
committed_time = "03 ngày làm việc"
committed_by = "Quyết định 5/QĐ-UBND"
legal_basis = [{ document = "68/2020/QH14", article = "Điều 28" }]

[[procedure.channel]]
channel = "postal"
fee_verbatim = "Theo quy định của tỉnh"
description = "Qua bưu chính công ích"

[[procedure.change]]
effective_from = 2026-01-01
legal_basis = [{ document = "55/2025/NĐ-CP", article = "Điều 3" }]
set = { processing_time = "05 ngày làm việc" }

[[procedure]]
code = "2.000884"
name_vi = "Chứng thực chữ ký trong các giấy tờ, văn bản"
field = "Chứng thực"
levels = ["commune", "other"]
processing_time = "Trong ngày"
valid_from = 2015-04-10
valid_until = 2030-01-01
legal_basis = [{ document = "23/2015/NĐ-CP", article = "Điều 7" }]

[[procedure.channel]]
channel = "in_person"
fee_vnd = 10000
"""

#: Three problems in one file: a bad code, a bool as fee, an unknown key.
BAD = """
format = 1
name = "Hỏng"

[[procedure]]
code = "1.1193"
name_vi = "Khai sinh"
field = "Hộ tịch"
legal_basis = [{ document = "60/2014/QH13" }]

[[procedure]]
code = "1.004194"
name_vi = "Tạm trú"
field = "Cư trú"
legal_basis = [{ document = "68/2020/QH14" }]
colour = "red"

[[procedure.channel]]
channel = "postal"
fee_vnd = true
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    """Exit status (returned, or carried by SystemExit), stdout and stderr of one run."""
    try:
        status: int | str | None = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("onestop: error: ")
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "ward.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(BAD, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- list


def test_list_prints_the_default_catalog_in_force_on_the_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(["catalog", "list", "--on", DAY], capsys)
    assert (status, err) == (0, "")
    in_force = default_catalog().as_of(date.fromisoformat(DAY))
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == sorted(in_force)
    count = len(in_force)
    assert lines[-1] == f"{count} procedure{'s' if count != 1 else ''} in force on {DAY}"


def test_list_shows_code_field_deadline_time_and_name(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["catalog", "list", "--file", str(good), "--on", DAY], capsys)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split("  ")[0] == "1.001193"
    assert "Hộ tịch" in lines[0]
    assert "Trong ngày" in lines[0]
    assert lines[0].endswith("Thủ tục đăng ký khai sinh")
    # The committed time is the one deadlines use.
    assert "03 ngày làm việc" in lines[1]
    assert "05 ngày" not in lines[1]
    assert lines[-1] == f"3 procedures in force on {DAY}"


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (["--field", "ho tich"], ["1.001193"]),
        (["--field", "Chứng thực"], ["2.000884"]),
        (["--channel", "postal"], ["1.004194"]),
        (["--channel", "in_person"], ["1.001193", "2.000884"]),
        (["--level", "other"], ["2.000884"]),
        (["--search", "khai sinh"], ["1.001193"]),
        (["--search", "chung thuc", "--level", "commune"], ["2.000884"]),
        (["--search", "1.004"], ["1.004194"]),
        (["--field", "Đất đai"], []),
    ],
)
def test_list_filters(
    good: Path, capsys: pytest.CaptureFixture[str], options: list[str], codes: list[str]
) -> None:
    status, out, _ = run(["catalog", "list", "--file", str(good), "--on", DAY, *options], capsys)
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == codes
    assert lines[-1].startswith(f"{len(codes)} procedure")


def test_list_uses_the_versions_and_validity_of_the_day(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["catalog", "list", "--file", str(good), "--on", "2030-01-01"], capsys)
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()[:-1]] == ["1.001193", "1.004194"]


def test_without_on_the_command_uses_today_in_vietnam(
    good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli_catalog, "_today", lambda: date(2031, 5, 6))
    status, out, _ = run(["catalog", "list", "--file", str(good)], capsys)
    assert status == 0
    assert out.splitlines()[-1] == "2 procedures in force on 2031-05-06"


def test_today_is_the_date_in_asia_ho_chi_minh() -> None:
    before = datetime.now(VIETNAM_TZ).date()
    today = _cli_catalog._today()
    after = datetime.now(VIETNAM_TZ).date()
    assert today in (before, after)
    assert abs(today - datetime.now(VIETNAM_TZ).date()) <= timedelta(days=1)


def test_the_help_states_the_default_day_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["catalog", "list", "--help"], capsys)
    assert status == 0
    text = " ".join(out.split())
    assert "today in Asia/Ho_Chi_Minh" in text
    assert "the library never reads the clock" in text


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["catalog", "list", "--on", "2026-02-30"], "argument --on: cannot read '2026-02-30'"),
        (["catalog", "list", "--on", "02/03/2026"], "write it as 2026-03-02"),
        (["catalog", "list", "--channel", "fax"], "argument --channel: invalid choice"),
        (["catalog", "list", "--level", "village"], "argument --level: invalid choice"),
        (["catalog", "list", "--on"], "expected one argument"),
        (["catalog"], "the following arguments are required"),
        (["catalog", "remove"], "invalid choice"),
        (["catalog", "show"], "the following arguments are required: code"),
        (["catalog", "validate"], "the following arguments are required: FILE"),
        (["catalog", "export", "--format", "xml"], "argument --format: invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    assert needle in one_error_line(err)


def test_a_catalog_file_that_cannot_be_read_exits_2_with_one_line(
    tmp_path: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["catalog", "list", "--file", str(tmp_path / "none.toml")], capsys)
    assert (status, out) == (2, "")
    assert "cannot read the file" in one_error_line(err)
    status, out, err = run(["catalog", "show", "1.004194", "--file", str(bad)], capsys)
    assert (status, out) == (2, "")
    line = one_error_line(err)
    assert str(bad) in line
    assert "more" in line
    assert "onestop catalog validate" in line


# ---------------------------------------------------------------------------- show


def test_show_prints_every_field_the_deadline_time_and_the_versions(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        ["catalog", "show", "1.004194", "--file", str(good), "--on", DAY], capsys
    )
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"1.004194 Đăng ký tạm trú (as in force on {DAY})"
    labels = {line.strip().split(":")[0] for line in lines if line.startswith("  ")}
    assert {field.name for field in attrs.fields(Procedure)} <= labels
    assert "  processing_time: 05 ngày làm việc" in lines
    assert "  committed_time: 03 ngày làm việc" in lines
    assert "  deadline_time (what deadlines use): 03 ngày làm việc (committed)" in lines
    assert "    row 1, postal: own time —; a deadline uses 03 ngày làm việc (committed)" in lines
    versions = lines[lines.index("versions:") :]
    assert versions[1] == "  - since before the records until 2026-01-01 (excluded)"
    assert "      legal basis: Điều 28, 68/2020/QH14" in versions
    assert "  - from 2026-01-01 ← in force on that day" in versions
    assert "      changed by: Điều 3, 55/2025/NĐ-CP" in versions
    assert "      changed fields: processing_time" in versions


def test_show_renders_channels_documents_results_and_legal_texts(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["catalog", "show", "1.001193", "--file", str(good), "--on", DAY], capsys)
    assert status == 0
    assert "  name_en: Birth registration" in out
    assert "  levels: commune" in out
    assert "  on_the_spot: no" in out
    assert "  online_service: —" in out
    assert (
        "    - in_person (Trực tiếp, code 1); fee 0 VND (Miễn phí); fee note: đăng ký đúng hạn"
        in out
    )
    assert "    - online (Trực tuyến, code 2); time Trong ngày" in out
    assert "    - [submit] Tờ khai đăng ký khai sinh (1 original(s), 0 copy/copies)" in out
    assert "case: Trẻ sinh tại cơ sở y tế; or: Văn bản của người làm chứng" in out
    assert "    - Giấy khai sinh (KQ.G17.000100)" in out
    assert "    - Điều 16, 60/2014/QH13 (Luật Hộ tịch)" in out
    assert "  time_rules:\n    - Sau 15 giờ: ngày làm việc tiếp theo" in out
    assert "  deadline_time (what deadlines use): Trong ngày (statutory)" in out


def test_show_prints_each_channel_rows_own_time_and_the_time_a_deadline_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # M4: a channel with two rows (hypothetical: 03 days, 05 days with verification) shows
    # each row's own cell, not the channel's first time twice; the law's time applies.
    rows = GOOD.replace(
        '[[procedure.channel]]\nchannel = "online"\nprocessing_time = "Trong ngày"\n',
        '[[procedure.channel]]\nchannel = "online"\nprocessing_time = "03 ngày làm việc"\n\n'
        '[[procedure.channel]]\nchannel = "online"\nprocessing_time = "05 ngày làm việc"\n',
    )
    assert rows != GOOD
    file = tmp_path / "rows.toml"
    file.write_text(rows, encoding="utf-8")
    status, out, _ = run(["catalog", "show", "1.001193", "--file", str(file), "--on", DAY], capsys)
    assert status == 0
    lines = out.splitlines()
    assert "    row 1, in_person: own time —; a deadline uses Trong ngày (statutory)" in lines
    assert (
        "    row 2, online: own time 03 ngày làm việc; a deadline uses Trong ngày (statutory)"
        in lines
    )
    assert (
        "    row 3, online: own time 05 ngày làm việc; a deadline uses Trong ngày (statutory)"
        in lines
    )


def test_show_renders_a_fee_without_amount(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["catalog", "show", "1.004194", "--file", str(good), "--on", DAY], capsys)
    assert status == 0
    assert (
        "    - postal (Dịch vụ bưu chính, code 3); fee amount not stated (Theo quy định của tỉnh)"
        in out
    )


def test_show_a_procedure_of_the_default_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code = sorted(default_catalog().as_of(date.fromisoformat(DAY)))[0]
    status, out, err = run(["catalog", "show", code, "--on", DAY], capsys)
    assert (status, err) == (0, "")
    assert out.startswith(f"{code} ")
    assert "versions:" in out


def test_show_an_unknown_code_exits_2(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["catalog", "show", "9.999999", "--file", str(good)], capsys)
    assert (status, out) == (2, "")
    assert "no procedure '9.999999' in catalog 'Phường Mẫu'" in one_error_line(err)


def test_show_a_procedure_not_in_force_that_day_exits_2(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        ["catalog", "show", "2.000884", "--file", str(good), "--on", "2014-01-01"], capsys
    )
    assert (status, out) == (2, "")
    line = one_error_line(err)
    assert "2.000884 is not in force on 2014-01-01" in line
    assert "from 2015-04-10 until 2030-01-01 (excluded)" in line


# ---------------------------------------------------------------------------- validate


def test_validate_a_good_file(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["catalog", "validate", str(good)], capsys)
    assert (status, out, err) == (0, "valid: 3 procedures\n", "")


def test_validate_a_good_json_file_of_one_procedure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.json"
    document = {
        "format": 1,
        "name": "Một",
        "procedure": [
            {
                "code": "2.000884",
                "name_vi": "Chứng thực chữ ký",
                "field": "Chứng thực",
                "legal_basis": [{"document": "23/2015/NĐ-CP"}],
            }
        ],
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    status, out, _ = run(["catalog", "validate", str(path)], capsys)
    assert (status, out) == (0, "valid: 1 procedure\n")


def test_validate_a_bad_file_lists_every_problem_with_file_and_path(
    bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["catalog", "validate", str(bad)], capsys)
    assert status == 2
    with pytest.raises(CatalogError) as caught:
        load_catalog(bad)
    expected = [" ".join(str(problem).split()) for problem in caught.value.problems]
    assert out.splitlines() == expected
    assert len(expected) == 3
    assert all(line.startswith(f"{bad}: $.procedure[") for line in expected)
    assert any(".code" in line for line in expected)
    assert any("colour" in line for line in expected)
    assert any(".fee_vnd" in line for line in expected)
    assert one_error_line(err) == f"onestop: error: {bad} is not a valid catalog: 3 problems"


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("missing.toml", None, "cannot read the file"),
        ("broken.toml", "format = 1\nname = ", "not valid TOML"),
        ("broken.json", "{", "not valid JSON"),
        ("latin.toml", b"name = '\xe9'", "not UTF-8"),
        ("v2.toml", 'format = 2\nname = "x"', "format 2 is not supported"),
    ],
)
def test_validate_an_unreadable_file_exits_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes | None,
    needle: str,
) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    status, out, err = run(["catalog", "validate", str(path)], capsys)
    assert status == 2
    [problem] = out.splitlines()
    assert problem.startswith(f"{path}: $")
    assert needle in problem
    assert "1 problem" in one_error_line(err)


# ---------------------------------------------------------------------------- export


def test_export_toml_by_default_loads_back_equal(
    good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["catalog", "export", "--file", str(good)], capsys)
    assert (status, err) == (0, "")
    assert loads_catalog(out) == load_catalog(good)


def test_export_json_loads_back_equal(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["catalog", "export", "--format", "json", "--file", str(good)], capsys)
    assert status == 0
    assert loads_catalog(out, format="json") == load_catalog(good)


def test_export_the_default_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["catalog", "export", "--format", "toml"], capsys)
    assert status == 0
    assert out == dumps_catalog(default_catalog())


def test_export_cpsv_ap(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["catalog", "export", "--format", "cpsv-ap", "--file", str(good), "--on", DAY], capsys
    )
    assert status == 0
    assert json.loads(out) == to_cpsv_ap(load_catalog(good), on=date.fromisoformat(DAY))


def test_export_cpsv_ap_of_the_default_catalog_today(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cli_catalog, "_today", lambda: date(2026, 3, 2))
    status, out, _ = run(["catalog", "export", "--format", "cpsv-ap"], capsys)
    assert status == 0
    assert json.loads(out) == to_cpsv_ap(default_catalog(), on=date(2026, 3, 2))


def test_export_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["catalog", "export", "--format", "schema"], capsys)
    assert status == 0
    assert json.loads(out) == catalog_json_schema()


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        (["--format", "schema", "--on", DAY], "--format schema takes neither --file nor --on"),
        (["--format", "schema", "--file", "x.toml"], "--format schema takes neither"),
        (["--format", "toml", "--on", DAY], "--on applies to --format cpsv-ap only"),
        (["--format", "json", "--on", DAY], "--format json writes every version"),
        (["--format", "cpsv-ap", "--file", "none.toml"], "cannot read the file"),
    ],
)
def test_export_refuses_options_that_do_not_apply(
    capsys: pytest.CaptureFixture[str], options: list[str], needle: str
) -> None:
    status, out, err = run(["catalog", "export", *options], capsys)
    assert (status, out) == (2, "")
    assert needle in one_error_line(err)


def test_export_a_catalog_the_toml_writer_cannot_write_exits_2(
    good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> str:
        raise TypeError("cannot write NoneType None as TOML")

    monkeypatch.setattr(_cli_catalog, "dumps_catalog", refuse)
    status, out, err = run(["catalog", "export", "--file", str(good)], capsys)
    assert (status, out) == (2, "")
    assert "cannot be written as TOML" in one_error_line(err)
    assert "try --format json" in err


# ---------------------------------------------------------------------------- the module


def test_python_m_onestop_catalog_list_prints_vietnamese(good: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "onestop", "catalog", "list", "--file", str(good), "--on", DAY],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Thủ tục đăng ký khai sinh" in done.stdout.decode("utf-8")


def test_a_reader_that_goes_away_stops_the_command_quietly(
    good: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``onestop catalog list | head``: standard output closes early; no traceback."""

    def closed(*_: object) -> None:
        raise BrokenPipeError

    redirected: list[tuple[int, int]] = []
    monkeypatch.setattr(_cli_catalog, "_list", closed)
    monkeypatch.setattr(os, "dup2", lambda fd, to: redirected.append((fd, to)))
    assert main(["catalog", "list", "--file", str(good), "--on", DAY]) == 1
    [(devnull, stdout)] = redirected
    os.close(devnull)
    assert stdout == sys.stdout.fileno()
    assert capfd.readouterr().err == ""


def test_the_other_commands_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["calendar", "2026", "--language", "en"], capsys)
    assert status == 0
    assert out.startswith("Civil-servant working calendar 2026")
