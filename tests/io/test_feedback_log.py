"""Feedback items in JSON Lines, alone and in a ward's log with its dossiers: the round trip,
one streaming pass over a mixed log with the file's line numbers in every error, collect mode
counts, no personal data in any error, and the pseudonymised export."""

from __future__ import annotations

import io
import json
import time
import traceback
import tracemalloc
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Applicant, Dossier
from onestop.errors import DossierError, FeedbackError
from onestop.feedback import REDACTED_TEXT as FEEDBACK_REDACTED
from onestop.feedback import (
    Author,
    FeedbackChannel,
    FeedbackClass,
    FeedbackItem,
    Reaction,
    Subject,
    limits_for,
)
from onestop.io import (
    FeedbackLogError,
    FeedbackReader,
    FeedbackRowError,
    LogError,
    RowError,
    WardLogReader,
    WardLogSummary,
    pseudonymise_ward_log,
    read_events,
    read_feedback,
    read_ward_log,
    read_ward_log_file,
    write_events,
    write_feedback,
    write_ward_log,
)
from onestop.procedures import default_catalog
from onestop.testing.strategies import feedback_items

CAL = WorkCalendar.vietnam()
CATALOG = default_catalog()
BIRTH = CATALOG.get("1.001193", on=date(2026, 3, 2))
RECOGNITION = CATALOG.get("1.001022", on=date(2026, 3, 2))

NAME, PHONE, EMAIL = "Lê Thị Hồng Nhung", "0935777888", "nhung.le@example.vn"
AUTHOR = Author(name=NAME, phone=PHONE, email=EMAIL)
KEY = b"k" * 32


def vn(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def received(
    id: str, at: datetime, author: Author | None = AUTHOR, summary: str | None = None
) -> FeedbackItem:
    return FeedbackItem.receive(
        id=id,
        at=at,
        channel=FeedbackChannel.ZALO,
        calendar=CAL,
        subject=Subject.procedure("1.001193"),
        author=author,
        summary=summary,
    )


def ward_feedback() -> list[FeedbackItem]:
    """A ward's week of feedback: every kind of event, a refusal naming the author, an open
    item and an anonymous one."""
    answered = (
        received("PA-1", vn(2, 9), summary=f"Bà {NAME} chờ khai sinh quá lâu")
        .classify_as(FeedbackClass.PROCEDURE, at=vn(2, 10), by="cb-07")
        .request_supplement(at=vn(2, 14), request="Ngày nộp hồ sơ", by="cb-07")
        .receive_supplement(at=vn(3, 9))
        .answer(at=vn(5, 10), summary="Đã trả kết quả", by="cb-07")
        .publish(at=vn(6, 9), where="Trang Zalo của phường", by="cb-07")
        .react(Reaction.LIKE, at=vn(6, 20))
        .react(Reaction.DISLIKE, at=vn(7, 8))
        .reraise(at=vn(10, 8), reason="Chưa nhận được bản sao")
    )
    refused = (
        FeedbackItem.receive(
            id="PA-2",
            at=vn(3, 8),
            channel=FeedbackChannel.HOTLINE,
            calendar=CAL,
            subject=Subject.place("Tổ dân phố 3"),
            author=Author(name="Trần Văn Cường", phone="0914 222 333"),
        )
        .classify_as(FeedbackClass.OTHER, at=vn(3, 9))
        .refuse(at=vn(4, 9), reason="Ông Trần Văn Cường hỏi việc của quận", by="cb-02")
    )
    still_open = received("PA-3", vn(6, 15))
    anonymous = received("PA-4", vn(6, 16), author=None).answer(at=vn(9, 9))
    return [answered, refused, still_open, anonymous]


def ward_dossiers() -> list[Dossier]:
    settled = (
        Dossier.file(
            id="HS-1",
            procedure=BIRTH,
            at=vn(2, 9),
            calendar=CAL,
            applicant=Applicant(name=NAME, phone="0935 777 888"),
        )
        .receive(at=vn(2, 9, 5), by="desk-1")
        .settle_on_the_spot(at=vn(2, 9, 30), by="desk-1")
    )
    finished = (
        Dossier.file(id="HS-2", procedure=RECOGNITION, at=vn(2, 10), calendar=CAL)
        .receive(at=vn(2, 10, 5))
        .finish(at=vn(4, 10))
    )
    return [settled, finished]


def feedback_text(items: list[FeedbackItem]) -> str:
    out = io.StringIO()
    write_feedback(items, out)
    return out.getvalue()


def ward_text(records: list[Dossier | FeedbackItem]) -> str:
    out = io.StringIO()
    write_ward_log(records, out)
    return out.getvalue()


def mixed_lines() -> list[str]:
    """Dossier HS-1, item PA-1, dossier HS-2, item PA-2: 3 + 9 + 3 + 3 lines."""
    dossiers, items = ward_dossiers(), ward_feedback()
    return ward_text([dossiers[0], items[0], dossiers[1], items[1]]).splitlines()


def read_ward(lines: Any, **options: Any) -> WardLogReader:
    return read_ward_log(lines, procedures=CATALOG, calendar=CAL, **options)


def fb_line(item: object, kind: str, at: datetime, **fields: Any) -> str:
    return json.dumps({"feedback": item, "type": kind, "at": at.isoformat(), **fields})


RECEIVE = fb_line("PA-9", "receive", vn(2, 9), payload={"channel": "desk"})


# ------------------------------------------------------------------ writing and reading items


def test_written_feedback_reads_back_as_the_same_items() -> None:
    items = ward_feedback()
    text = feedback_text(items)
    reader = read_feedback(io.StringIO(text), calendar=CAL)
    assert isinstance(reader, FeedbackReader)
    assert list(reader) == items
    assert reader.done
    assert reader.summary == WardLogSummary(lines_read=15, lines_kept=15, feedback_kept=4)
    assert reader.errors == ()
    # Derived facts come back too: they are folded from the same events.
    again = list(read_feedback(text.splitlines(), calendar=CAL))
    assert [item.classify(vn(31, 17)) for item in again] == [
        item.classify(vn(31, 17)) for item in items
    ]


def test_each_line_holds_one_event_and_the_first_says_where_it_came_in() -> None:
    lines = [json.loads(text) for text in feedback_text(ward_feedback()[1:2]).splitlines()]
    assert [set(line) for line in lines] == [{"feedback", "type", "at", "by", "payload"}] * 3
    first = lines[0]
    assert (first["feedback"], first["type"], first["at"]) == (
        "PA-2",
        "receive",
        vn(3, 8).isoformat(),
    )
    assert first["payload"]["channel"] == "hotline"
    assert first["payload"]["subject"] == {"kind": "place", "ref": "Tổ dân phố 3"}
    assert lines[2]["by"] == "cb-02"
    assert lines[1]["by"] is None
    assert lines[1]["payload"] == {"feedback_class": "other"}


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(feedback_items(max_events=8), max_size=4))
def test_round_trip_of_generated_items(generated: list[FeedbackItem]) -> None:
    items = [attrs.evolve(item, id=f"PA-{index}") for index, item in enumerate(generated)]
    text = feedback_text(items)
    reader = read_feedback(io.StringIO(text), calendar=CAL)
    assert list(reader) == items
    summary = reader.summary
    assert summary.lines_kept == summary.lines_read == sum(len(i.events) for i in items)
    assert summary.feedback_kept == len(items)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(feedback_items(max_events=6), min_size=1, max_size=3), st.data())
def test_a_mixed_log_in_any_order_gives_every_record_back(
    generated: list[FeedbackItem], data: st.DataObject
) -> None:
    items = [attrs.evolve(item, id=f"PA-{index}") for index, item in enumerate(generated)]
    records: list[Dossier | FeedbackItem] = data.draw(st.permutations([*ward_dossiers(), *items]))
    reader = read_ward(ward_text(records).splitlines())
    got = list(reader)
    # Each kind comes back in its own order; every record comes back once.
    assert [r for r in got if isinstance(r, Dossier)] == [
        r for r in records if isinstance(r, Dossier)
    ]
    assert [r for r in got if isinstance(r, FeedbackItem)] == [
        r for r in records if isinstance(r, FeedbackItem)
    ]
    assert len(got) == len(records)
    assert reader.summary.balanced
    assert reader.summary.has_feedback


def test_blank_lines_and_empty_payloads_are_read() -> None:
    lines = ["", RECEIVE, "  \r\n", fb_line("PA-9", "answer", vn(3, 9), by=None, payload=None)]
    reader = read_feedback(lines, calendar=CAL)
    [item] = reader
    assert item.answered_at == vn(3, 9)
    assert item.events[-1].by is None
    assert reader.summary == WardLogSummary(
        lines_read=4, lines_kept=2, blank_lines=2, feedback_kept=1
    )


def test_the_strategy_refuses_impossible_arguments() -> None:
    with pytest.raises(ValueError, match="max_events must be at least 1"):
        feedback_items(max_events=0)
    with pytest.raises(ValueError, match="min_value"):
        feedback_items(min_value=date(2026, 1, 2), max_value=date(2026, 1, 1))


def test_limits_given_judge_every_item() -> None:
    strict = attrs.evolve(limits_for(date(2026, 3, 2)), answer=5)
    [item] = read_feedback([RECEIVE], calendar=CAL, limits=strict)
    assert item.limits is strict
    [record] = read_ward([RECEIVE], limits=strict)
    assert isinstance(record, FeedbackItem)
    assert record.limits is strict


# ------------------------------------------------------------------ mixed logs


def test_a_ward_log_yields_dossiers_and_items_with_their_counts() -> None:
    reader = read_ward(mixed_lines())
    assert repr(reader).startswith("WardLogReader(done=False, lines_read=0")
    records = list(reader)
    assert sorted(record.id for record in records) == ["HS-1", "HS-2", "PA-1", "PA-2"]
    assert [type(record).__name__ for record in records] == [
        "Dossier",
        "FeedbackItem",
        "Dossier",
        "FeedbackItem",
    ]
    assert reader.summary == WardLogSummary(
        lines_read=18, lines_kept=18, dossiers_kept=2, feedback_kept=2
    )
    assert repr(reader) == (
        "WardLogReader(done=True, lines_read=18, dossiers_kept=2, feedback_kept=2, errors=0)"
    )


def test_feedback_appended_to_a_dossier_log_makes_a_ward_log() -> None:
    out = io.StringIO()
    assert write_events(ward_dossiers(), out) == 6
    assert write_feedback(ward_feedback(), out) == 15
    assert out.getvalue() == ward_text([*ward_dossiers(), *ward_feedback()])
    records = list(read_ward(out.getvalue().splitlines()))
    # The last dossier is complete when the input ends: it comes after the first items.
    assert [record.id for record in records] == ["HS-1", "PA-1", "PA-2", "PA-3", "HS-2", "PA-4"]
    assert sorted(records, key=lambda r: r.id) == [*ward_dossiers(), *ward_feedback()]


def test_a_log_without_feedback_reads_exactly_as_read_events() -> None:
    good = ward_text(list(ward_dossiers())).splitlines()
    broken = [good[0], "not json", good[1], *good[2:], '{"dossier": 7}', good[3]]
    for lines in (good, broken):
        events = read_events(lines, procedures=CATALOG, calendar=CAL, on_error="collect")
        ward = read_ward(lines, on_error="collect")
        assert list(ward) == list(events)
        assert ward.errors == events.errors
        summary = events.summary
        assert ward.summary == WardLogSummary(**attrs.asdict(summary))
        assert not ward.summary.has_feedback


def test_records_of_each_kind_are_yielded_as_soon_as_the_next_one_starts() -> None:
    consumed = 0
    lines = mixed_lines()

    def counting() -> Iterator[str]:
        nonlocal consumed
        for text in lines:
            consumed += 1
            yield text

    reader = read_ward(counting())
    # HS-1 is complete when HS-2's first line (line 13) arrives; PA-1 when PA-2's does.
    assert next(reader).id == "HS-1"
    assert consumed == 13
    assert next(reader).id == "PA-1"
    assert consumed == 16
    assert not reader.done


def test_a_feedback_line_in_a_dossier_log_is_an_error_for_read_events() -> None:
    with pytest.raises(LogError, match='"dossier" must be'):
        list(read_events([RECEIVE], procedures=CATALOG, calendar=CAL))


def test_a_dossier_line_in_a_feedback_log_is_refused() -> None:
    lines = ward_text([ward_dossiers()[1]]).splitlines()
    reader = read_feedback([*lines, RECEIVE], calendar=CAL, on_error="collect")
    assert [item.id for item in reader] == ["PA-9"]
    assert [(e.line, e.item) for e in reader.errors] == [(1, None), (2, None), (3, None)]
    assert reader.errors[0].reason.startswith("a dossier line in a feedback log")


# ------------------------------------------------------------------ errors and line numbers


def replaced(number: int, text: str) -> list[str]:
    """The mixed log with its line ``number`` (1-based) replaced by ``text``."""
    lines = mixed_lines()
    lines[number - 1] = text
    return lines


PA1 = "PA-1"
#: name: (lines, options, line number, item or dossier charged, reason starts with, kept ids)
BAD: dict[str, tuple[list[str], dict[str, Any], int, str | None, str, list[str]]] = {
    "rule refused": (
        replaced(10, fb_line(PA1, "publish", vn(9, 9))),
        {},
        10,
        PA1,
        "cannot publish feedback item 'PA-1': the answer was already published",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "first event not a receipt": (
        replaced(4, fb_line(PA1, "answer", vn(2, 9))),
        {},
        4,
        PA1,
        "feedback item 'PA-1': a feedback item starts with a receive event",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "time goes back": (
        replaced(6, fb_line(PA1, "request_supplement", vn(1, 9))),
        {},
        6,
        PA1,
        "cannot request_supplement feedback item 'PA-1': time never goes backwards",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "not JSON after a feedback line": (
        replaced(5, "{not json"),
        {},
        5,
        PA1,
        "not JSON: Expecting property name",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "not JSON after a dossier line": (
        replaced(15, "[]"),
        {},
        15,
        "HS-2",
        "not a JSON object",
        ["HS-1", "PA-1", "PA-2"],
    ),
    "line too long after a feedback line": (
        replaced(18, fb_line("PA-2", "refuse", vn(4, 9), payload={"reason": "x" * 900})),
        {"max_line_bytes": 800},
        18,
        "PA-2",
        "line too long",
        ["HS-1", "PA-1", "HS-2"],
    ),
    "no item id": (
        replaced(7, fb_line("", "answer", vn(5, 9))),
        {},
        7,
        PA1,
        '"feedback" must be a non-empty string',
        ["HS-1", "HS-2", "PA-2"],
    ),
    "missing key": (
        replaced(7, json.dumps({"feedback": PA1, "type": "answer"})),
        {},
        7,
        PA1,
        "missing keys ['at']; a feedback line has feedback, type, at, by, payload",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "unknown keys": (
        replaced(7, fb_line(PA1, "answer", vn(5, 9), procedure="1.001193", **{NAME: 1})),
        {},
        7,
        PA1,
        "unknown keys ['procedure'] and 1 more not shown",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "payload not an object": (
        replaced(7, fb_line(PA1, "answer", vn(5, 9), payload=[NAME])),
        {},
        7,
        PA1,
        '"payload" must be a JSON object',
        ["HS-1", "HS-2", "PA-2"],
    ),
    "payload repeats a key": (
        replaced(7, fb_line(PA1, "answer", vn(5, 9), payload={"at": "x"})),
        {},
        7,
        PA1,
        "payload repeats the line's keys ['at']",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "unknown type": (
        replaced(7, fb_line(PA1, "teleport", vn(5, 9))),
        {},
        7,
        PA1,
        "bad event: unknown event type …; known types: receive,",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "reappearing item": (
        [*mixed_lines(), fb_line(PA1, "answer", vn(9, 9))],
        {},
        19,
        PA1,
        "feedback item 'PA-1' reappears after another item",
        ["HS-1", "PA-1", "PA-2", "HS-2"],
    ),
    "too many lines": (
        mixed_lines(),
        {"max_item_lines": 3},
        7,
        PA1,
        "feedback item 'PA-1' has more than 3 lines",
        ["HS-1", "HS-2", "PA-2"],
    ),
    "a dossier line after feedback lines": (
        replaced(14, json.dumps({"dossier": "HS-2", "procedure": "1.001022", "type": "finish"})),
        {},
        14,
        "HS-2",
        "missing keys ['at']",
        ["HS-1", "PA-1", "PA-2"],
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_the_first_bad_line_raises_with_its_line_number_in_the_file(case: str) -> None:
    lines, options, number, owner, reason, _ = BAD[case]
    with pytest.raises(LogError) as raised:
        list(read_ward(lines, **options))
    error = raised.value
    assert (error.line, error.reason[: len(reason)]) == (number, reason)
    assert str(error) == f"line {number}: {error.reason}"
    if owner is not None and owner.startswith("PA"):
        assert isinstance(error, FeedbackLogError)
        assert isinstance(error, FeedbackError)
        assert (error.item, error.dossier) == (owner, None)
    else:
        assert not isinstance(error, FeedbackLogError)


@pytest.mark.parametrize("case", BAD)
def test_collecting_rejects_the_record_of_a_bad_line_and_goes_on(case: str) -> None:
    lines, options, number, owner, reason, kept = BAD[case]
    reader = read_ward(lines, on_error="collect", **options)
    assert [record.id for record in reader] == kept
    error = reader.errors[0]
    assert (error.line, error.reason[: len(reason)]) == (number, reason)
    if owner is not None and owner.startswith("PA"):
        assert isinstance(error, FeedbackRowError)
        assert error.item == owner
        assert str(error).startswith(f"line {number} (feedback item {owner!r}): ")
    else:
        assert isinstance(error, RowError)
        assert error.dossier == owner
    summary = reader.summary
    assert summary.balanced
    assert summary.lines_read == len(lines)
    assert summary.dossiers_kept + summary.feedback_kept == len(kept)
    assert summary.dossiers_rejected + summary.feedback_rejected == 4 - len(kept) + (
        case == "reappearing item"
    )


def test_collect_mode_counts_every_line_of_a_rejected_item() -> None:
    lines = [
        "",
        *mixed_lines()[:4],  # HS-1 (3 lines), PA-1's receipt
        fb_line(PA1, "answer", vn(1, 9)),  # line 6: time goes back, PA-1 rejected
        *mixed_lines()[5:12],  # the rest of PA-1: 7 lines, rejected with it
        "   ",
        fb_line(7, "answer", vn(1, 9)),  # line 15: no id, charged to PA-1 still being read
        *mixed_lines()[12:],  # HS-2, PA-2
    ]
    reader = read_ward(lines, on_error="collect")
    assert [record.id for record in reader] == ["HS-1", "HS-2", "PA-2"]
    assert reader.summary == WardLogSummary(
        lines_read=21,
        lines_kept=9,
        lines_rejected=10,
        blank_lines=2,
        dossiers_kept=2,
        feedback_kept=1,
        feedback_rejected=1,
    )
    assert [(error.line, getattr(error, "item", None)) for error in reader.errors] == [
        (6, PA1),
        (15, PA1),
    ]


def test_errors_are_listed_by_line_number_across_kinds() -> None:
    lines = mixed_lines()
    lines[16] = fb_line("PA-2", "answer", vn(1, 1))  # line 17
    lines[1] = json.dumps({"dossier": "HS-1", "procedure": "1.001193", "type": "teleport"})
    reader = read_ward(lines, on_error="collect")
    assert [record.id for record in reader] == ["PA-1", "HS-2"]
    assert [error.line for error in reader.errors] == [2, 17]
    assert [type(error).__name__ for error in reader.errors] == ["RowError", "FeedbackRowError"]


def test_a_bad_line_before_any_item_is_rejected_alone() -> None:
    reader = read_feedback(
        ["{", fb_line(" ", "answer", vn(1, 9)), RECEIVE], calendar=CAL, on_error="collect"
    )
    assert [item.id for item in reader] == ["PA-9"]
    assert [(error.line, error.item) for error in reader.errors] == [(1, None), (2, None)]
    assert reader.summary == WardLogSummary(
        lines_read=3, lines_kept=1, lines_rejected=2, feedback_kept=1
    )


def test_a_too_long_line_of_a_feedback_log_is_charged_to_its_item() -> None:
    reader = read_feedback(
        [RECEIVE, fb_line("PA-9", "answer", vn(3, 9), payload={"summary": "y" * 500})],
        calendar=CAL,
        on_error="collect",
        max_line_bytes=200,
    )
    assert list(reader) == []
    assert [(error.line, error.item) for error in reader.errors] == [(2, "PA-9")]
    assert reader.summary.feedback_rejected == 1


def test_the_reappearing_check_can_be_turned_off() -> None:
    lines = [RECEIVE, fb_line("PA-8", "receive", vn(2, 9), payload={"channel": "zalo"}), RECEIVE]
    assert [i.id for i in read_feedback(lines, calendar=CAL, check_reappearing=False)] == [
        "PA-9",
        "PA-8",
        "PA-9",
    ]


def test_wrong_options_are_refused() -> None:
    with pytest.raises(ValueError, match="on_error"):
        read_feedback([], calendar=CAL, on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="on_error"):
        read_ward([], on_error="skip")
    with pytest.raises(ValueError, match="positive"):
        read_feedback([], calendar=CAL, max_item_lines=0)
    with pytest.raises(ValueError, match="positive"):
        read_ward([], max_dossier_lines=0)


# ------------------------------------------------------------------ personal data

AUTHOR_DATA = {"name": NAME, "phone": PHONE, "email": EMAIL}
LEAKS: dict[str, list[str]] = {
    "rule refused": [
        fb_line("PA-P", "receive", vn(2, 9), payload={"channel": "zalo", "author": AUTHOR_DATA}),
        fb_line("PA-P", "react", vn(2, 10), payload={"reaction": "like"}),
    ],
    "author as the type": [
        fb_line("PA-P", "receive", vn(2, 9)).replace('"receive"', json.dumps(NAME))
    ],
    "author as a channel": [
        fb_line("PA-P", "receive", vn(2, 9), payload={"channel": NAME, "summary": PHONE})
    ],
    "author as the time": [
        json.dumps({"feedback": "PA-P", "type": "receive", "at": f"{NAME} {PHONE}"})
    ],
    "author in an unknown field": [
        fb_line("PA-P", "receive", vn(2, 9), payload={"channel": "zalo", NAME: PHONE})
    ],
    "author as a subject kind": [
        fb_line(
            "PA-P",
            "receive",
            vn(2, 9),
            payload={"channel": "zalo", "subject": {"kind": NAME, "ref": PHONE}},
        )
    ],
    "author not an object": [
        fb_line("PA-P", "receive", vn(2, 9), payload={"channel": "zalo", "author": [NAME, PHONE]})
    ],
    "author under by": [fb_line("PA-P", "receive", vn(2, 9), by={"citizen": NAME})],
    "author as a class": [
        fb_line("PA-P", "receive", vn(2, 9), payload={"channel": "desk", "author": AUTHOR_DATA}),
        fb_line("PA-P", "classify", vn(2, 10), payload={"feedback_class": PHONE}),
    ],
    "then a broken line": [
        fb_line("PA-P", "receive", vn(2, 9), payload={"channel": "desk", "author": AUTHOR_DATA}),
        '{"feedback": "PA-P", "summary": "' + NAME,
    ],
}


def assert_no_personal_data(*texts: str) -> None:
    for text in texts:
        for value in (NAME, PHONE, EMAIL, "Nhung", "0935", repr(NAME)):
            assert value not in text, f"{value!r} leaked into {text!r}"


@pytest.mark.parametrize("case", LEAKS)
def test_errors_never_quote_the_author_when_raising(case: str) -> None:
    for lines in (LEAKS[case], [*mixed_lines()[:3], *LEAKS[case]]):
        with pytest.raises(FeedbackLogError) as raised:
            list(read_ward(lines))
        error = raised.value
        assert_no_personal_data(
            str(error), repr(error), error.reason, "".join(traceback.format_exception(error))
        )


@pytest.mark.parametrize("case", LEAKS)
def test_errors_never_quote_the_author_when_collecting(case: str) -> None:
    reader = read_feedback(LEAKS[case], calendar=CAL, on_error="collect")
    assert list(reader) == []
    assert reader.errors
    assert_no_personal_data(
        repr(reader), repr(reader.summary), repr(reader.errors), *map(str, reader.errors)
    )
    assert reader.summary.balanced


def test_reprs_of_read_items_hide_the_author() -> None:
    [item] = read_feedback(LEAKS["rule refused"][:1], calendar=CAL)
    assert item.author == AUTHOR
    assert_no_personal_data(repr(item), repr(item.events), repr(item.author))


# ------------------------------------------------------------------ pseudonymised export


def test_the_pseudonymised_copy_of_a_ward_log_has_no_personal_data() -> None:
    source = io.StringIO("\n".join(mixed_lines()) + "\n")
    shared = io.StringIO()
    reader = read_ward(source)
    written = write_ward_log(pseudonymise_ward_log(reader, key=KEY), shared)
    assert written == reader.summary.lines_read == 18
    text = shared.getvalue()
    for value in (NAME, PHONE, EMAIL, "Trần Văn Cường", "0914 222 333", "0935 777 888"):
        assert value not in text, value
    assert text.count(FEEDBACK_REDACTED) == 2  # PA-1's summary and PA-2's refusal reason
    again = list(read_ward(text.splitlines()))
    assert [record.id for record in again] == ["HS-1", "PA-1", "HS-2", "PA-2"]
    # Everything but the personal data is kept: the indicators come out the same.
    originals = [r for r in read_ward(mixed_lines()) if isinstance(r, FeedbackItem)]
    copies = [r for r in again if isinstance(r, FeedbackItem)]
    assert [c.classify(vn(31, 17)) for c in copies] == [o.classify(vn(31, 17)) for o in originals]
    assert [c.satisfied() for c in copies] == [o.satisfied() for o in originals]


def test_the_same_citizen_gets_the_same_pseudonym_in_a_dossier_and_in_feedback() -> None:
    dossier, item = ward_dossiers()[0], ward_feedback()[0]
    shared_dossier, shared_item = pseudonymise_ward_log([dossier, item], key=KEY)
    assert isinstance(shared_dossier, Dossier)
    assert isinstance(shared_item, FeedbackItem)
    assert shared_dossier.applicant is not None
    assert shared_item.author is not None
    assert shared_dossier.applicant.phone == shared_item.author.phone
    assert shared_dossier.applicant.name == shared_item.author.name
    assert shared_item.author.phone != PHONE


def test_a_short_key_is_refused_at_once_and_other_records_are_refused() -> None:
    with pytest.raises(DossierError, match="at least 16"):
        pseudonymise_ward_log([], key=b"short")
    with pytest.raises(TypeError, match="not a dossier or a feedback item: str"):
        list(pseudonymise_ward_log(["HS-1"], key=KEY))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a dossier or a feedback item: int"):
        write_ward_log([1], io.StringIO())  # type: ignore[list-item]


# ------------------------------------------------------------------ files and streaming


def test_a_ward_log_file_is_read_as_utf8_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "ward.jsonl"
    path.write_text("x" * 300_000 + "\n" + "\n".join(mixed_lines()) + "\n", encoding="utf-8")
    reader = read_ward_log_file(path, procedures=CATALOG, calendar=CAL, on_error="collect")
    assert reader.summary == WardLogSummary()
    assert [record.id for record in reader] == ["HS-1", "PA-1", "HS-2", "PA-2"]
    assert [(e.line, e.reason.split(":")[0]) for e in reader.errors] == [(1, "line too long")]
    assert reader.summary.lines_read == 19
    path.unlink()  # closed: nothing holds it open
    missing = read_ward_log_file(tmp_path / "missing.jsonl", procedures=CATALOG, calendar=CAL)
    with pytest.raises(FileNotFoundError):
        next(missing)


def many_items(count: int) -> Iterator[str]:
    """``count`` lines: items received, classified and answered on a day."""
    base = datetime(2026, 3, 2, 8, tzinfo=VIETNAM_TZ)
    for index in range(count // 3):
        day = base + timedelta(days=index % 20)
        yield fb_line(f"PA-{index}", "receive", day, payload={"channel": "zalo"}) + "\n"
        yield (
            fb_line(
                f"PA-{index}",
                "classify",
                day + timedelta(hours=1),
                payload={"feedback_class": "other"},
            )
            + "\n"
        )
        yield fb_line(f"PA-{index}", "answer", day + timedelta(hours=2)) + "\n"


def peak_memory(count: int) -> tuple[int, WardLogSummary]:
    tracemalloc.start()
    try:
        reader = read_ward(many_items(count), check_reappearing=False)
        for _ in reader:
            pass
        return tracemalloc.get_traced_memory()[1], reader.summary
    finally:
        tracemalloc.stop()


def test_reading_feedback_is_streaming_in_bounded_memory() -> None:
    list(read_ward(many_items(300)))
    started = time.perf_counter()
    small, _ = peak_memory(900)
    large, summary = peak_memory(9_000)
    assert summary.feedback_kept == 3_000
    assert summary.lines_kept == summary.lines_read == 9_000
    assert large < small * 1.5 + 100_000
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("slot", ["channel", "feedback_class", "reaction"])
def test_a_list_where_a_closed_set_belongs_is_a_collected_error(slot: str) -> None:
    # The value of a closed-set slot may be shown in a reason; a list or an object there is
    # not a member, and must be refused like any bad value, not crash the read.
    line = json.loads(RECEIVE)
    line["payload"][slot] = ["Lê Thị Hồng Nhung"]
    reader = read_feedback([json.dumps(line)], calendar=CAL, on_error="collect")
    assert list(reader) == []
    [error] = reader.errors
    assert error.line == 1
    assert "Nhung" not in error.reason
