"""onestop.io: event logs as JSON Lines and dossiers as CSV, read back streaming with every
bad line reported and counted, no citizen's data in any error, and pseudonymised copies."""

from __future__ import annotations

import csv
import io
import json
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Applicant, Dossier, Filed, State
from onestop.errors import DossierError
from onestop.io import (
    CSV_COLUMNS,
    REDACTED_TEXT,
    LogError,
    LogReader,
    ReadSummary,
    pseudonymise,
    read_dossier_csv,
    read_events,
    read_events_file,
    write_dossier_csv,
    write_events,
)
from onestop.procedures import Channel, Procedure, default_catalog
from tests.dossier.strategies import dossiers as dossier_histories

CAL = WorkCalendar.vietnam()
CATALOG = default_catalog()
#: Đăng ký khai sinh: same day (15:00 cutoff), so it can be settled on the spot.
BIRTH = CATALOG.get("1.001193", on=date(2026, 3, 2))
#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc.
RECOGNITION = CATALOG.get("1.001022", on=date(2026, 3, 2))
#: Đăng ký kết hôn.
MARRIAGE = CATALOG.get("1.000894", on=date(2026, 3, 2))

NAME, PHONE, ID_NUMBER = "Nguyễn Văn An", "0905123456", "048090000123"
AN = Applicant(
    name=NAME,
    id_number=ID_NUMBER,
    phone=PHONE,
    address="12 Lê Lợi, phường Hải Châu",
    email="an.nguyen@example.vn",
)
BINH = Applicant(name="Lê Thị Bình", id_number="048191000456", phone="0914222333")
CHI = Applicant(name="Trần Thị Chi", phone="0935 444 555")
#: Every personal value in the dossiers above.
PERSONAL = (
    *(v for a in (AN, BINH, CHI) for v in attrs.astuple(a) if v),
    "0935444555",
)


def vn(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def filed(
    id: str,
    procedure: Procedure,
    at: datetime,
    applicant: Applicant | None = None,
    channel: Channel = Channel.IN_PERSON,
) -> Dossier:
    return Dossier.file(
        id=id, procedure=procedure, at=at, calendar=CAL, applicant=applicant, channel=channel
    )


def realistic() -> list[Dossier]:
    """A ward's morning: settled on the spot, a supplement and an extension, a refusal that
    names the citizen, an online dossier with completion and payment, a stop, a withdrawal,
    an open dossier and a suspended one."""
    settled = (
        filed("HS-2026-0001", BIRTH, vn(2, 9), AN)
        .receive(at=vn(2, 9, 5), by="desk-1", receipt_number="BN-0001")
        .settle_on_the_spot(at=vn(2, 9, 30), by="desk-1", result="Giấy khai sinh số 12")
    )
    supplemented = (
        filed("HS-2026-0002", RECOGNITION, vn(2, 8), BINH)
        .receive(at=vn(2, 8, 30), by="desk-2")
        .transfer(at=vn(2, 9), to_unit="Tư pháp - Hộ tịch", by="desk-2")
        .start_processing(at=vn(2, 9, 30), by="tp-1")
        .request_supplement(
            at=vn(3, 10),
            missing=["Giấy tờ chứng minh quan hệ cha con"],
            reason="Thiếu chứng cứ",
            by="tp-1",
        )
        .receive_supplement(at=vn(4, 15), by="desk-2")
        .extend(at=vn(5, 8), reason="Cần xác minh thêm", new_due=vn(11, 17), by="tp-1")
        .finish(at=vn(9, 10), by="tp-1", result="Trích lục số 7")
        .return_result(at=vn(9, 15), by="desk-2")
    )
    refused = (
        filed("HS-2026-0003", RECOGNITION, vn(2, 10), CHI)
        .request_completion(at=vn(2, 10, 15), missing=["Tờ khai"], by="desk-1")
        .refuse_at_desk(at=vn(3, 9), reason="Bà Trần Thị Chi (0935 444 555) không có quyền yêu cầu")
    )
    online = (
        filed("HS-2026-0004", MARRIAGE, vn(2, 11), BINH, Channel.ONLINE)
        .request_completion(at=vn(2, 13, 45), missing=["Giấy xác nhận tình trạng hôn nhân"])
        .complete(at=vn(3, 8))
        .receive(at=vn(3, 8, 10), by="desk-1")
        .start_processing(at=vn(3, 8, 20), by="tp-1")
        .request_payment(at=vn(3, 8, 30), amount_vnd=0, by="tp-1")
        .receive_payment(at=vn(3, 9))
        .finish(at=vn(3, 10), by="tp-1")
        .return_result(at=vn(3, 14), by="desk-1")
    )
    stopped = (
        filed("HS-2026-0005", RECOGNITION, vn(4, 8))
        .receive(at=vn(4, 8, 10))
        .start_processing(at=vn(4, 9))
        .stop(at=vn(5, 9), reason="Có tranh chấp về quan hệ cha con")
    )
    withdrawn = filed("HS-2026-0006", BIRTH, vn(4, 10), AN).withdraw(
        at=vn(4, 10, 30), reason="Công dân xin rút"
    )
    open_ = filed("HS-2026-0007", RECOGNITION, vn(5, 14)).receive(at=vn(5, 14, 5))
    suspended = (
        filed("HS-2026-0008", RECOGNITION, vn(5, 15))
        .receive(at=vn(5, 15, 5))
        .start_processing(at=vn(5, 15, 30))
        .suspend(
            at=vn(6, 9), reason="Chờ kết quả giám định ADN", legal_basis="Điều 25 Luật Hộ tịch"
        )
    )
    return [settled, supplemented, refused, online, stopped, withdrawn, open_, suspended]


def read(lines: Any, **options: Any) -> LogReader:
    return read_events(lines, procedures=CATALOG, calendar=CAL, **options)


def log_text(dossiers: list[Dossier]) -> str:
    out = io.StringIO()
    write_events(dossiers, out)
    return out.getvalue()


# ------------------------------------------------------------------ JSON Lines round trip


def test_written_log_reads_back_as_the_same_dossiers() -> None:
    dossiers = realistic()
    text = log_text(dossiers)
    assert text.count("\n") == sum(len(d.events) for d in dossiers)
    reader = read(io.StringIO(text))
    assert list(reader) == dossiers
    assert reader.done
    assert reader.errors == ()
    lines = text.count("\n")
    assert reader.summary == ReadSummary(lines, lines, 0, 0, len(dossiers), 0)


def test_each_line_holds_one_event_with_type_time_and_officer_at_the_top() -> None:
    [settled, supplemented, *_] = realistic()
    lines = [json.loads(line) for line in log_text([settled, supplemented]).splitlines()]
    assert [line["dossier"] for line in lines] == ["HS-2026-0001"] * 3 + ["HS-2026-0002"] * 9
    assert all(
        list(line) == ["dossier", "procedure", "type", "at", "by", "payload"] for line in lines
    )
    assert [line["type"] for line in lines[:3]] == ["file", "receive", "settle_on_the_spot"]
    assert lines[1]["at"] == "2026-03-02T09:05:00+07:00"
    assert lines[1]["by"] == "desk-1"
    assert lines[1]["payload"] == {
        "receipt_number": "BN-0001",
        "promised_at": "2026-03-02T17:00:00+07:00",
    }
    assert lines[0]["payload"]["applicant"]["name"] == "Nguyễn Văn An"


def test_a_mapping_of_procedures_and_a_rule_override_are_used() -> None:
    dossier = filed("HS-1", RECOGNITION, vn(2, 8)).receive(at=vn(2, 8, 30))
    text = log_text([dossier])
    reader = read_events(
        text.splitlines(), procedures={RECOGNITION.code: RECOGNITION}, calendar=CAL
    )
    assert list(reader) == [dossier]
    rules = dossier.rules
    [again] = read_events(text.splitlines(), procedures=CATALOG, calendar=CAL, rules=rules)
    assert again.rules_override is rules


def test_a_file_is_read_as_utf8_and_closed(tmp_path: Path) -> None:
    dossiers = realistic()
    path = tmp_path / "log.jsonl"
    path.write_text(log_text(dossiers), encoding="utf-8")
    reader = read_events_file(path, procedures=CATALOG, calendar=CAL)
    assert reader.summary == ReadSummary()
    assert list(reader) == dossiers
    assert reader.summary.dossiers_kept == len(dossiers)


def test_a_huge_line_in_a_file_is_cut_short_and_rejected(tmp_path: Path) -> None:
    good = log_text([filed("HS-1", BIRTH, vn(2, 9))])
    path = tmp_path / "log.jsonl"
    path.write_text("x" * 300_000 + "\n" + good, encoding="utf-8")
    reader = read_events_file(path, procedures=CATALOG, calendar=CAL, on_error="collect")
    assert [d.id for d in reader] == ["HS-1"]
    assert [(e.line, e.reason.split(":")[0]) for e in reader.errors] == [(1, "line too long")]
    assert reader.summary.lines_read == 2
    assert reader.summary.balanced


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 4).flatmap(
        lambda count: st.tuples(
            *(
                dossier_histories(rules=st.none(), dossier_id=f"HS-{index}", max_steps=8)
                for index in range(count)
            )
        )
    )
)
def test_round_trip_of_generated_dossiers(generated: tuple[Dossier, ...]) -> None:
    procedures: dict[str, Procedure] = {}
    for dossier in generated:
        assume(
            procedures.setdefault(dossier.procedure.code, dossier.procedure) == dossier.procedure
        )
    text = log_text(list(generated))
    reader = read_events(io.StringIO(text), procedures=procedures, calendar=CAL)
    assert tuple(reader) == generated
    assert reader.summary.lines_kept == text.count("\n")


# ------------------------------------------------------------------ bad lines


def line(
    dossier: object,
    kind: str,
    at: str,
    procedure: object = "1.001193",
    **extra: Any,
) -> str:
    return json.dumps(
        {"dossier": dossier, "procedure": procedure, "type": kind, "at": at, **extra},
        ensure_ascii=False,
    )


T9, T905, T10, T1005, T8 = (
    "2026-03-02T09:00:00+07:00",
    "2026-03-02T09:05:00+07:00",
    "2026-03-02T10:00:00+07:00",
    "2026-03-02T10:05:00+07:00",
    "2026-03-02T08:00:00+07:00",
)


def base_log() -> list[str]:
    return [
        line("HS-A", "file", T9),
        line("HS-A", "receive", T905),
        line("HS-B", "file", T10),
        line("HS-B", "receive", T1005),
    ]


def replaced(index: int, text: str, lines: list[str] | None = None) -> list[str]:
    lines = base_log() if lines is None else lines
    lines[index] = text
    return lines


#: name -> (log, options, bad line, start of the reason, ids kept, lines rejected)
BAD: dict[str, tuple[list[str], dict[str, Any], int, str, list[str], int]] = {
    "not JSON": (replaced(1, '{"dossier": "HS-A", "type": '), {}, 2, "not JSON", ["HS-B"], 2),
    "not an object": (replaced(3, '["HS-B", "receive"]'), {}, 4, "not a JSON object", ["HS-A"], 2),
    "missing key": (
        replaced(1, json.dumps({"dossier": "HS-A", "procedure": "1.001193", "type": "receive"})),
        {},
        2,
        "missing keys ['at']",
        ["HS-B"],
        2,
    ),
    "unknown key": (
        replaced(2, line("HS-B", "file", T10, note="x")),
        {},
        3,
        "unknown keys ['note']",
        ["HS-A"],
        2,
    ),
    "unknown procedure": (
        replaced(
            2,
            line("HS-B", "file", T10, "9.999999"),
            replaced(3, line("HS-B", "receive", T1005, "9.999999")),
        ),
        {},
        3,
        "unknown procedure '9.999999'",
        ["HS-A"],
        2,
    ),
    "another procedure": (
        replaced(1, line("HS-A", "receive", T905, "1.001022")),
        {},
        2,
        "procedure '1.001022' differs",
        ["HS-B"],
        2,
    ),
    "not contiguous": (
        [*base_log(), line("HS-A", "finish", T10)],
        {},
        5,
        "dossier 'HS-A' reappears after another dossier",
        ["HS-A", "HS-B"],
        1,
    ),
    "refused by the rules": (
        replaced(1, line("HS-A", "receive", T8)),
        {},
        2,
        "time never goes backwards",
        ["HS-B"],
        2,
    ),
    "line too long": (
        replaced(3, line("HS-B", "receive", T1005, payload={"receipt_number": "x" * 300})),
        {"max_line_bytes": 300},
        4,
        "line too long",
        ["HS-A"],
        2,
    ),
    "unknown event type": (
        replaced(1, line("HS-A", "teleport", T905)),
        {},
        2,
        "bad event: unknown event type …; known types: file,",
        ["HS-B"],
        2,
    ),
    "no dossier id": (
        replaced(1, line(7, "receive", T905)),
        {},
        2,
        '"dossier" must be',
        ["HS-B"],
        2,
    ),
    "payload not an object": (
        replaced(1, line("HS-A", "receive", T905, payload=[1])),
        {},
        2,
        '"payload" must be a JSON object',
        ["HS-B"],
        2,
    ),
    "too many lines": (
        base_log(),
        {"max_dossier_lines": 1},
        2,
        "dossier 'HS-A' has more than 1 lines",
        [],
        4,
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_the_first_bad_line_raises_with_its_number_and_reason(case: str) -> None:
    lines, options, number, reason, _, _ = BAD[case]
    with pytest.raises(LogError) as raised:
        list(read(lines, **options))
    assert raised.value.line == number
    assert raised.value.reason.startswith(reason)
    assert str(raised.value) == f"line {number}: {raised.value.reason}"
    assert isinstance(raised.value, DossierError)


@pytest.mark.parametrize("case", BAD)
def test_collecting_rejects_the_dossier_of_a_bad_line_and_goes_on(case: str) -> None:
    lines, options, number, reason, kept, rejected = BAD[case]
    reader = read(lines, on_error="collect", **options)
    assert [d.id for d in reader] == kept
    first = reader.errors[0]
    assert (first.line, first.reason[: len(reason)]) == (number, reason)
    summary = reader.summary
    assert summary.lines_read == len(lines)
    assert summary.lines_rejected == rejected
    assert summary.lines_kept == len(lines) - rejected
    assert summary.dossiers_kept == len(kept)
    assert summary.balanced


def test_blank_lines_are_skipped_and_every_line_is_counted() -> None:
    lines = [
        "",
        *base_log()[:2],
        "   \n",
        line("HS-C", "file", T9),
        line("HS-C", "receive", T8),  # refused: time goes back
        line("HS-C", "finish", T10),
        "not json at all",  # charged to HS-C, already rejected
        *base_log()[2:],
        "\n",
    ]
    reader = read(lines, on_error="collect")
    assert [d.id for d in reader] == ["HS-A", "HS-B"]
    assert reader.summary == ReadSummary(
        lines_read=11,
        lines_kept=4,
        lines_rejected=4,
        blank_lines=3,
        dossiers_kept=2,
        dossiers_rejected=1,
    )
    assert reader.summary.balanced
    # The unreadable line rejects HS-C before its events are replayed: one error, not two.
    assert [(error.line, error.dossier) for error in reader.errors] == [(8, "HS-C")]


def test_a_bad_line_before_any_dossier_is_rejected_alone() -> None:
    reader = read(["[]", *base_log()], on_error="collect")
    assert [d.id for d in reader] == ["HS-A", "HS-B"]
    assert [(e.line, e.dossier) for e in reader.errors] == [(1, None)]
    assert reader.summary.lines_rejected == 1
    assert reader.summary.dossiers_rejected == 0
    assert reader.summary.balanced


def test_the_reappearing_check_can_be_turned_off() -> None:
    lines = [*base_log(), line("HS-A", "file", T10)]
    assert [d.id for d in read(lines, check_reappearing=False)] == ["HS-A", "HS-B", "HS-A"]


def test_wrong_options_are_refused() -> None:
    with pytest.raises(ValueError, match="on_error"):
        read([], on_error="ignore")
    with pytest.raises(ValueError, match="positive"):
        read([], max_line_bytes=0)


# ------------------------------------------------------------------ personal data


APPLICANT = {"name": NAME, "phone": PHONE, "id_number": ID_NUMBER}
FILE_LINE = line("HS-P", "file", T9, payload={"applicant": APPLICANT})

#: Bad lines that carry the applicant's data where an error message could quote it.
LEAKS: dict[str, list[str]] = {
    "name as channel": [
        line("HS-P", "file", T9, payload={"applicant": APPLICANT, "channel": NAME})
    ],
    "phone as time": [line("HS-P", "file", PHONE, payload={"applicant": APPLICANT})],
    "id number as key": [FILE_LINE, line("HS-P", "receive", T905, **{ID_NUMBER: NAME})],
    "name as type": [FILE_LINE, line("HS-P", NAME, T905)],
    "extra applicant field": [
        line("HS-P", "file", T9, payload={"applicant": {**APPLICANT, "cccd": ID_NUMBER}})
    ],
    "not JSON": [FILE_LINE[:-10]],
    "too long": [FILE_LINE + " " * 70_000],
    "refused by the rules": [FILE_LINE, line("HS-P", "receive", T8)],
    "phone as amount": [
        FILE_LINE,
        line("HS-P", "receive", T905),
        line("HS-P", "start_processing", T905),
        line("HS-P", "request_payment", T10, payload={"amount_vnd": PHONE}),
    ],
    "name as missing papers": [
        FILE_LINE,
        line("HS-P", "receive", T905),
        line("HS-P", "start_processing", T905),
        line("HS-P", "request_supplement", T10, payload={"missing": NAME}),
    ],
    "name as procedure code": [
        line("HS-P", "file", T9, procedure=NAME.encode().hex(), payload={"applicant": APPLICANT})
    ],
    "name under by": [line("HS-P", "file", T9, by={"officer": NAME})],
    "name in a payload slot named like an identifier": [
        FILE_LINE,
        line("HS-P", "receive", T905, payload={"dossier": NAME, "to_unit": PHONE}),
    ],
    "applicant not an object": [line("HS-P", "file", T9, payload={"applicant": [NAME, PHONE]})],
}


def assert_no_personal_data(*texts: str) -> None:
    for text in texts:
        for value in (NAME, PHONE, ID_NUMBER, "Nguyễn", "0905", repr(NAME)):
            assert value not in text, f"{value!r} leaked into {text!r}"


@pytest.mark.parametrize("case", LEAKS)
def test_errors_never_quote_the_applicant_when_raising(case: str) -> None:
    with pytest.raises(LogError) as raised:
        list(read(LEAKS[case]))
    error = raised.value
    assert_no_personal_data(
        str(error), repr(error), error.reason, "".join(traceback.format_exception(error))
    )


@pytest.mark.parametrize("case", LEAKS)
def test_errors_never_quote_the_applicant_when_collecting(case: str) -> None:
    reader = read(LEAKS[case], on_error="collect")
    assert list(reader) == []
    assert reader.errors
    assert_no_personal_data(
        repr(reader),
        repr(reader.summary),
        repr(reader.errors),
        *(str(error) for error in reader.errors),
    )
    assert reader.summary.balanced


def test_reprs_of_read_dossiers_hide_the_applicant() -> None:
    [dossier] = read([FILE_LINE])
    assert_no_personal_data(repr(dossier), repr(dossier.events), repr(dossier.applicant))


# ------------------------------------------------------------------ streaming


def simple_log(count: int, *, start: int = 0) -> Iterator[str]:
    """``count`` lines: dossiers filed, received, finished and returned on one day."""
    base = datetime(2026, 3, 2, 8, tzinfo=VIETNAM_TZ)
    for index in range(start, start + count // 4):
        day = base + timedelta(days=index % 20)
        head = f'"dossier":"HS-{index}","procedure":"1.001022"'
        moments = [day + timedelta(minutes=m) for m in (0, 5, 120, 120)]
        kinds = ["file", "receive", "finish", "return_result"]
        for kind, at in zip(kinds, moments, strict=True):
            yield f'{{{head},"type":"{kind}","at":"{at.isoformat()}","by":"desk-1","payload":{{}}}}\n'


def peak_memory(count: int, **options: Any) -> tuple[int, ReadSummary]:
    tracemalloc.start()
    try:
        reader = read(simple_log(count), **options)
        for _ in reader:
            pass
        return tracemalloc.get_traced_memory()[1], reader.summary
    finally:
        tracemalloc.stop()


def test_reading_is_streaming_in_bounded_memory() -> None:
    # Warm the calendar's per-year indexes and the catalog, which every read shares.
    list(read(simple_log(400)))
    started = time.perf_counter()
    small, _ = peak_memory(1_000, check_reappearing=False)
    large, summary = peak_memory(10_000, check_reappearing=False)
    assert summary.lines_read == summary.lines_kept == 10_000
    assert summary.dossiers_kept == 2_500
    # Ten times the input, the same memory: one dossier at a time.
    assert large < 1_000_000
    assert large < small * 1.5 + 100_000
    # The reappearing check costs at most 16 bytes per dossier (plus one table being grown).
    checked, _ = peak_memory(10_000)
    assert checked < large + 3 * 8 * 16_384
    assert time.perf_counter() - started < 30


def test_a_generator_is_consumed_lazily() -> None:
    consumed = 0

    def counting() -> Iterator[str]:
        nonlocal consumed
        for text in simple_log(4_000):
            consumed += 1
            yield text

    reader = read(counting())
    first = next(reader)
    assert first.id == "HS-0"
    # The first dossier is built when the second one's first line arrives.
    assert consumed == 5
    assert not reader.done


# ------------------------------------------------------------------ CSV


def csv_rows(dossiers: list[Dossier]) -> list[dict[str, str]]:
    out = io.StringIO()
    assert write_dossier_csv(dossiers, out) == len(dossiers)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def csv_text(dossiers: list[Dossier]) -> str:
    out = io.StringIO()
    write_dossier_csv(dossiers, out)
    return out.getvalue()


def read_csv(text: str | list[str], **options: Any) -> LogReader:
    lines = text.splitlines(keepends=True) if isinstance(text, str) else text
    return read_dossier_csv(lines, procedures=CATALOG, calendar=CAL, **options)


#: The columns a CSV row gives back exactly, whatever the dossier went through.
STABLE = (
    "dossier_id",
    "procedure",
    "channel",
    "national_status",
    "status_label",
    "filed_at",
    "received_at",
    "promised_at",
    "finished_at",
    "returned_at",
)


def test_csv_columns_of_a_dossier() -> None:
    [settled, supplemented, refused, *_] = csv_rows(realistic())
    assert tuple(settled) == CSV_COLUMNS
    assert settled["national_status"] == "10"
    assert settled["finished_at"] == settled["returned_at"] == "2026-03-02T09:30:00+07:00"
    assert supplemented["supplement_requests"] == "1"
    assert supplemented["extended_to"] == "2026-03-11T17:00:00+07:00"
    assert supplemented["promised_at"] == "2026-03-05T17:00:00+07:00"
    assert refused["received_at"] == refused["due_at"] == ""
    assert (refused["national_status"], refused["outcome"]) == ("3", "uncounted")


def test_csv_round_trip_of_the_columns() -> None:
    dossiers = realistic()
    first = csv_rows(dossiers)
    reader = read_csv(csv_text(dossiers))
    rebuilt = list(reader)
    assert [d.id for d in rebuilt] == [d.id for d in dossiers]
    assert reader.summary == ReadSummary(
        len(dossiers) + 1, len(dossiers) + 1, 0, 0, len(dossiers), 0
    )
    again = csv_rows(rebuilt)
    for before, after in zip(first, again, strict=True):
        assert {c: before[c] for c in STABLE} == {c: after[c] for c in STABLE}
    # Without pauses, extensions or a suspension, every column comes back.
    lossy = {"HS-2026-0002", "HS-2026-0008"}
    for before, after in zip(first, again, strict=True):
        if before["dossier_id"] not in lossy:
            assert before == after
    # The suspended dossier is read as stopped (a last 8), the supplemented one never paused.
    states = {d.id: d.state for d in rebuilt}
    assert states["HS-2026-0008"] is State.STOPPED
    assert states["HS-2026-0001"] is State.RETURNED
    assert rebuilt[0].events[-1].kind.value == "settle_on_the_spot"


CSV_BAD: dict[str, tuple[Callable[[dict[str, str]], None], str]] = {
    "unknown procedure": (lambda row: row.update(procedure="9.999999"), "unknown procedure"),
    "bad channel": (lambda row: row.update(channel="pigeon"), "channel is not one of"),
    "bad code": (lambda row: row.update(national_status="11"), "national_status must be"),
    "bad moment": (lambda row: row.update(received_at="hôm qua"), "received_at is not an ISO"),
    "naive moment": (
        lambda row: row.update(received_at="2026-03-02T09:05:00"),
        "received_at has no UTC offset",
    ),
    "no filing": (lambda row: row.update(filed_at=""), "filed_at is empty"),
    "no id": (lambda row: row.update(dossier_id=" "), "dossier_id is empty"),
    "refused history": (
        lambda row: row.update(received_at="", national_status="10"),
        "status history: code 9 (Đã xử lý xong)",
    ),
}


def bad_csv(change: Callable[[dict[str, str]], None]) -> list[str]:
    rows = csv_rows(realistic()[:3])
    change(rows[1])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().splitlines(keepends=True)


@pytest.mark.parametrize("case", CSV_BAD)
def test_a_bad_csv_row_raises_or_is_collected(case: str) -> None:
    change, reason = CSV_BAD[case]
    with pytest.raises(LogError) as raised:
        list(read_csv(bad_csv(change)))
    assert (raised.value.line, raised.value.reason[: len(reason)]) == (3, reason)
    reader = read_csv(bad_csv(change), on_error="collect")
    assert [d.id for d in reader] == ["HS-2026-0001", "HS-2026-0003"]
    assert [(e.line, e.reason[: len(reason)]) for e in reader.errors] == [(3, reason)]
    assert reader.summary == ReadSummary(4, 3, 1, 0, 2, 1)


def test_csv_rows_of_the_wrong_width_duplicates_and_blank_rows() -> None:
    lines = csv_text(realistic()[:2]).splitlines(keepends=True)
    lines = [*lines, "\n", lines[1], "HS-9,1.001193\n"]
    reader = read_csv(lines, on_error="collect")
    assert [d.id for d in reader] == ["HS-2026-0001", "HS-2026-0002"]
    assert [(e.line, e.reason) for e in reader.errors] == [
        (5, "dossier 'HS-2026-0001' was already read on an earlier row"),
        (6, "2 fields where the header has 15"),
    ]
    assert reader.summary == ReadSummary(6, 3, 2, 1, 2, 2)


def test_a_bad_csv_header_stops_the_read_in_both_modes() -> None:
    for mode in ("raise", "collect"):
        with pytest.raises(LogError, match="line 1: the header lacks the columns"):
            list(read_csv(["dossier_id,procedure\n"], on_error=mode))
    assert list(read_csv([])) == []


def test_csv_errors_never_quote_a_cell() -> None:
    def change(row: dict[str, str]) -> None:
        row.update(channel=NAME, received_at=PHONE)

    reader = read_csv(bad_csv(change), on_error="collect")
    list(reader)
    assert_no_personal_data(*(str(e) for e in reader.errors), repr(reader.errors))
    with pytest.raises(LogError) as raised:
        list(read_csv(bad_csv(change)))
    assert_no_personal_data(str(raised.value), "".join(traceback.format_exception(raised.value)))


# ------------------------------------------------------------------ pseudonymisation

KEY = b"k" * 32
OTHER_KEY = b"o" * 32


def test_pseudonyms_are_deterministic_per_key_and_differ_between_keys() -> None:
    dossiers = realistic()
    once = list(pseudonymise(dossiers, key=KEY))
    assert list(pseudonymise(dossiers, key=KEY)) == once
    other = list(pseudonymise(dossiers, key=OTHER_KEY))
    for a, b in zip(once, other, strict=True):
        if a.applicant is not None:
            assert b.applicant is not None
            assert a.applicant.name != b.applicant.name
            assert a.applicant.phone != b.applicant.phone


def test_the_same_person_gets_the_same_pseudonym() -> None:
    an_again = attrs.evolve(AN, name="  nguyễn  văn AN ", phone="+84 905 123 456")
    first = filed("HS-1", BIRTH, vn(2, 9), AN)
    second = filed("HS-2", BIRTH, vn(2, 10), an_again)
    stranger = filed("HS-3", BIRTH, vn(2, 11), BINH)
    a, b, c = (d.applicant for d in pseudonymise([first, second, stranger], key=KEY))
    assert a is not None
    assert b is not None
    assert c is not None
    assert (a.name, a.phone, a.id_number) == (b.name, b.phone, b.id_number)
    assert a.name != c.name
    assert a.phone != c.phone


def test_pseudonymisation_removes_every_applicant_value_and_keeps_the_rest() -> None:
    dossiers = realistic()
    shared = list(pseudonymise(dossiers, key=KEY))
    text = log_text(shared)
    folded = text.casefold()
    for value in PERSONAL:
        assert value.casefold() not in folded, value
    assert "0935 444 555" not in text
    for before, after in zip(dossiers, shared, strict=True):
        assert (after.id, after.procedure, after.state) == (
            before.id,
            before.procedure,
            before.state,
        )
        assert after.classify() == before.classify()
        assert len(after.events) == len(before.events)
        for old, new in zip(before.events, after.events, strict=True):
            assert (type(new), new.at, new.by) == (type(old), old.at, old.by)
            if isinstance(old, Filed):
                assert isinstance(new, Filed)
                assert (new.channel, new.applicant is None) == (old.channel, old.applicant is None)
                continue
            differing = {
                field.name
                for field in attrs.fields(type(old))
                if getattr(old, field.name) != getattr(new, field.name)
            }
            # Only the refusal reason naming the citizen changes.
            if differing:
                assert (before.id, differing) == ("HS-2026-0003", {"reason"})
                assert new.reason == REDACTED_TEXT  # type: ignore[attr-defined]
    # Papers and reasons without personal data are kept for the analysts.
    supplement = shared[1].events[4]
    assert supplement.missing == ("Giấy tờ chứng minh quan hệ cha con",)  # type: ignore[attr-defined]
    # A pseudonymised log is still a valid log.
    assert list(read(io.StringIO(text))) == shared


def test_texts_naming_the_applicant_any_way_round_are_replaced() -> None:
    d = (
        filed("HS-1", RECOGNITION, vn(2, 8), AN)
        .receive(at=vn(2, 8, 30))
        .start_processing(at=vn(2, 9))
        .request_supplement(
            at=vn(2, 10),
            missing=["Tờ khai", "CCCD 048 090 000 123", "Bản sao giấy tờ của NGUYEN VAN AN"],
            reason="Gọi 0905.123.456 để hẹn",
        )
        .stop(at=vn(3, 9), reason="Không có tranh chấp; an toàn")
    )
    [shared] = pseudonymise([d], key=KEY)
    supplement = shared.events[3]
    assert supplement.missing == ("Tờ khai", REDACTED_TEXT, REDACTED_TEXT)  # type: ignore[attr-defined]
    assert supplement.reason == REDACTED_TEXT  # type: ignore[attr-defined]
    # A word is not a name: "an toàn" does not contain the name "Nguyễn Văn An".
    assert shared.events[4].reason == "Không có tranh chấp; an toàn"  # type: ignore[attr-defined]


def test_dossiers_without_an_applicant_pass_unchanged_and_short_keys_are_refused() -> None:
    plain = filed("HS-1", BIRTH, vn(2, 9))
    assert list(pseudonymise([plain], key=KEY)) == [plain]
    with pytest.raises(DossierError, match="at least 16"):
        list(pseudonymise([plain], key=b"short"))
