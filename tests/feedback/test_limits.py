"""The limits of Decision 766/QĐ-TTg row 5.2, one test per limit with its worked example
(dates around Tết 2026, 30/04–01/05 and the make-up Saturday of 10/01/2026, computed by hand
in the comments), and the loading of effective-dated limits data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
import pytest

from onestop.dossier import Granularity, Outcome, SupplementPolicy
from onestop.errors import FeedbackError
from onestop.feedback import (
    FeedbackLimits,
    PublishStart,
    Step,
    default_limits,
    limits_for,
    load_limits,
)
from tests.feedback._helpers import item, vn

# --------------------------------------------------------------- the four limits


def test_refusal_within_2_working_days_across_tet() -> None:
    # Received Friday 13/02/2026 15:20, the last working day before Tết. Counting starts the
    # day after (Civil Code 2015 art. 147): 14–15/02 weekend, 16–20/02 Tết, 21–22/02
    # weekend; Monday 23/02 is working day 1, Tuesday 24/02 working day 2: due 24/02 17:00.
    received = item(vn(2026, 2, 13, 15, 20))
    assert received.due(Step.REFUSE) == vn(2026, 2, 24, 17)
    assert (
        received.refuse(at=vn(2026, 2, 24, 16, 30), reason="Không thuộc thẩm quyền")
        .classify()
        .step(Step.REFUSE)
        .outcome
        is Outcome.ON_TIME
    )
    late = received.refuse(at=vn(2026, 2, 25, 8), reason="Không thuộc thẩm quyền")
    assert late.classify().outcome is Outcome.LATE
    assert late.classify().late_steps == (Step.REFUSE,)


def test_refusal_counts_the_make_up_saturday() -> None:
    # Received Thursday 08/01/2026: Friday 09/01 is working day 1 and Saturday 10/01 is a
    # make-up working day (VB 12729/VPCP-KGVX) and so working day 2: due Saturday 10/01.
    assert item(vn(2026, 1, 8)).due(Step.REFUSE) == vn(2026, 1, 10, 17)


def test_supplement_request_within_5_working_days_across_tet() -> None:
    # Received Friday 13/02/2026 09:00: 23, 24, 25, 26, 27/02 are working days 1..5: due
    # Friday 27/02 17:00.
    received = item(vn(2026, 2, 13))
    assert received.due(Step.SUPPLEMENT_REQUEST) == vn(2026, 2, 27, 17)
    on_time = received.request_supplement(at=vn(2026, 2, 27, 16), request="Ảnh chụp hiện trường")
    assert on_time.classify().step(Step.SUPPLEMENT_REQUEST).outcome is Outcome.ON_TIME
    late = received.request_supplement(at=vn(2026, 3, 2, 8))
    assert late.classify().step(Step.SUPPLEMENT_REQUEST).outcome is Outcome.LATE


def test_answer_within_15_working_days_across_tet() -> None:
    # Received Friday 13/02/2026: 23–27/02 are working days 1..5, 02–06/03 6..10, 09–13/03
    # 11..15: due Friday 13/03/2026 17:00.
    received = item(vn(2026, 2, 13))
    assert received.due(Step.ANSWER) == vn(2026, 3, 13, 17)
    assert received.answer(at=vn(2026, 3, 13, 16, 59)).classify().outcome is Outcome.ON_TIME
    assert received.answer(at=vn(2026, 3, 12)).classify().outcome is Outcome.EARLY
    assert received.answer(at=vn(2026, 3, 16, 8)).classify().outcome is Outcome.LATE


def test_the_answer_limit_pauses_while_a_supplement_is_awaited() -> None:
    # Same item; a supplement asked Monday 23/02 16:00 arrives Tuesday 24/02 09:00. The wait
    # is 2 h 30 of office time (16:00–17:00 and 07:30–09:00), so the answer is due 2 h 30 of
    # office time after 13/03 17:00: Monday 16/03 07:30 + 2 h 30 = 10:00.
    received = item(vn(2026, 2, 13)).request_supplement(at=vn(2026, 2, 23, 16))
    assert received.awaiting_supplement
    assert received.remaining(vn(2026, 2, 23, 16)) == received.remaining(vn(2026, 3, 20))
    back = received.receive_supplement(at=vn(2026, 2, 24, 9))
    assert back.due(Step.ANSWER) == vn(2026, 3, 16, 10)
    # Its deadline before the pause is unchanged.
    deadline = back.deadline(Step.ANSWER)
    assert deadline is not None
    assert deadline.due_at == vn(2026, 3, 13, 17)


def test_under_restart_the_answer_limit_runs_again_from_the_supplement() -> None:
    # From Tuesday 24/02 09:00, 15 working days: 25/02..27/02 (3), 02–06/03 (8), 09–13/03
    # (13), 16–17/03 (15): due Tuesday 17/03 17:00.
    limits = attrs.evolve(limits_for(date(2026, 2, 13)), supplement_policy=SupplementPolicy.RESTART)
    back = (
        item(vn(2026, 2, 13), limits=limits)
        .request_supplement(at=vn(2026, 2, 23, 16))
        .receive_supplement(at=vn(2026, 2, 24, 9))
    )
    assert back.due(Step.ANSWER) == vn(2026, 3, 17, 17)


def test_publication_within_2_working_days_of_the_answer() -> None:
    # Answered Wednesday 29/04/2026 10:00: 30/04 and 01/05 are holidays, 02–03/05 a
    # weekend; Monday 04/05 is working day 1 and Tuesday 05/05 working day 2: due 05/05 17:00.
    answered = item(vn(2026, 4, 15)).answer(at=vn(2026, 4, 29, 10))
    assert answered.due(Step.PUBLISH) == vn(2026, 5, 5, 17)
    assert answered.publish(at=vn(2026, 5, 5, 9)).classify().step(Step.PUBLISH).outcome is (
        Outcome.ON_TIME
    )
    assert answered.publish(at=vn(2026, 5, 6, 9)).classify().outcome is Outcome.LATE


def test_publication_counted_from_the_receipt_when_configured() -> None:
    # From Wednesday 15/04/2026: 16 and 17/04 are working days 1 and 2.
    limits = attrs.evolve(limits_for(date(2026, 4, 15)), publish_counts_from=PublishStart.RECEIPT)
    received = item(vn(2026, 4, 15), limits=limits)
    assert received.due(Step.PUBLISH) == vn(2026, 4, 17, 17)


def test_required_publication_stays_open_then_late() -> None:
    limits = attrs.evolve(limits_for(date(2026, 4, 15)), require_publication=True)
    received = item(vn(2026, 4, 15), limits=limits)
    assert received.classify(vn(2026, 4, 16)).step(Step.PUBLISH).outcome is Outcome.OPEN
    answered = received.answer(at=vn(2026, 4, 29, 10))
    assert answered.ended_at is None
    assert answered.classify(vn(2026, 5, 5, 16)).outcome is Outcome.OPEN
    assert answered.classify(vn(2026, 5, 6, 9)).outcome is Outcome.LATE
    published = answered.publish(at=vn(2026, 5, 5, 9))
    assert published.ended_at == vn(2026, 5, 5, 9)


def test_minute_granularity_separates_the_evening_of_the_due_day() -> None:
    # Due 24/02 17:00: refused 17:30 the same day is on time by day, late by minute.
    refused = item(vn(2026, 2, 13, 15, 20)).refuse(at=vn(2026, 2, 24, 17, 30), reason="Trùng")
    assert refused.classify().outcome is Outcome.ON_TIME
    minute = attrs.evolve(refused.limits, granularity=Granularity.MINUTE)
    strict = attrs.evolve(refused, limits_override=minute)
    assert strict.classify().outcome is Outcome.LATE


# --------------------------------------------------------------- the data


def test_the_shipped_limits_cite_decision_766_row_5_2() -> None:
    [entry] = default_limits()
    assert (entry.answer, entry.refuse, entry.supplement_request, entry.publish) == (15, 2, 5, 2)
    assert entry.valid_from == date(2022, 6, 23)
    assert entry.valid_to is None
    assert "766/QĐ-TTg" in entry.source
    assert "5.2" in entry.source
    assert entry.certainty == "S"
    assert entry.days(Step.PUBLISH) == 2


def test_items_before_decision_766_have_no_limits() -> None:
    with pytest.raises(FeedbackError, match=r"no feedback limits in force.*2022-06-22"):
        item(vn(2022, 6, 22))
    assert item(vn(2022, 6, 23)).limits == default_limits()[0]


def _entry(valid_from: str, valid_to: str | None = None, answer: int = 15, **extra: str) -> str:
    lines = [
        "[[limits]]",
        f"valid_from = {valid_from}",
        *([f"valid_to = {valid_to}"] if valid_to else []),
        'source = "Decision 766/QĐ-TTg, DOCX row 5.2"',
        'certainty = "S"',
        f"answer = {answer}",
        "refuse = 2",
        "supplement_request = 5",
        "publish = 2",
        *(f"{key} = {value}" for key, value in extra.items()),
    ]
    return "\n".join(lines) + "\n"


def test_dated_entries_are_chosen_by_the_receipt_day() -> None:
    text = "format = 1\n" + _entry("2026-07-01", answer=10) + _entry("2022-06-23", "2026-06-30")
    limits = load_limits(text)
    assert [entry.answer for entry in limits] == [15, 10]
    assert limits_for(date(2026, 6, 30), limits).answer == 15
    assert limits_for(date(2026, 7, 1), limits).answer == 10
    # An item takes the entry in force on its receipt day.
    assert item(vn(2026, 7, 1), limits=limits_for(date(2026, 7, 1), limits)).limits.answer == 10


def test_overlapping_or_gapped_entries_are_refused() -> None:
    overlap = "format = 1\n" + _entry("2022-06-23", "2026-07-01") + _entry("2026-07-01")
    with pytest.raises(FeedbackError, match="overlap"):
        load_limits(overlap, file="ward.toml")
    gap = "format = 1\n" + _entry("2022-06-23", "2026-06-29") + _entry("2026-07-01")
    with pytest.raises(
        FeedbackError, match="no limits for items received from 2026-06-30 to 2026-06-30"
    ):
        load_limits(gap)
    with pytest.raises(FeedbackError, match="overlap"):
        limits_for(date(2026, 1, 1), [default_limits()[0], default_limits()[0]])


def test_optional_policies_are_read() -> None:
    text = "format = 1\n" + _entry(
        "2022-06-23",
        publish_counts_from='"receipt"',
        supplement_policy='"restart"',
        require_publication="true",
        granularity='"minute"',
    )
    [entry] = load_limits(text)
    assert entry.publish_counts_from is PublishStart.RECEIPT
    assert entry.supplement_policy is SupplementPolicy.RESTART
    assert entry.require_publication is True
    assert entry.granularity is Granularity.MINUTE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format = 1\n[[limits]\n", "not TOML"),
        ("format = 2\n" + _entry("2022-06-23"), "format = 1"),
        ("format = 1\nlimits = 3\n", "array of tables"),
        ("format = 1\nlimits = [3]\n", r"limits\[0\] must be a table"),
        ("format = 1\n[[limits]]\nvalid_from = 2022-06-23\n", "missing keys"),
        ("format = 1\n" + _entry("2022-06-23", colour='"red"'), "unknown keys"),
        ("format = 1\n" + _entry('"2022-06-23"'), "valid_from must be a TOML date"),
        ("format = 1\n" + _entry("2022-06-23", granularity='"hour"'), "granularity must be one of"),
        ("format = 1\n" + _entry("2022-06-23", require_publication='"yes"'), "true or false"),
        ("format = 1\n" + _entry("2022-06-23", answer=0), "answer must be a whole number"),
        ("format = 1\n" + _entry("2022-06-23", "2022-01-01"), "before valid_from"),
        ("format = 1\nlimits = []\n", "no \\[\\[limits\\]\\] entry"),
        ("format = 1\n" + _entry("2022-06-23").replace('"S"', '"X"'), "certainty must be one of"),
        (
            "format = 1\n"
            + _entry("2022-06-23").replace('"Decision 766/QĐ-TTg, DOCX row 5.2"', '" "'),
            "must cite",
        ),
    ],
)
def test_bad_limits_data_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(FeedbackError, match=message):
        load_limits(text)


def test_oversized_limits_data_is_refused() -> None:
    with pytest.raises(FeedbackError, match="over 65536 bytes"):
        load_limits("#" * 70_000)


def test_limits_refuse_a_datetime_as_their_start() -> None:
    with pytest.raises(FeedbackError, match="valid_from must be a date"):
        FeedbackLimits(valid_from=datetime(2022, 6, 23), source="x", certainty="S")
    assert FeedbackLimits(valid_from=date(2022, 6, 23), source="x", certainty="V").in_force(
        date(2022, 6, 23) + timedelta(days=10_000)
    )
