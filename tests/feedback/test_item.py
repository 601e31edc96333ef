"""The feedback item: its order rules, the masking of its author, the portal's satisfaction
rule, its events and its JSON round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.dossier import Outcome
from onestop.errors import FeedbackError
from onestop.feedback import (
    Author,
    Classified,
    Dissatisfaction,
    FeedbackChannel,
    FeedbackClass,
    FeedbackItem,
    Reacted,
    Reaction,
    Received,
    Step,
    Subject,
    SubjectKind,
    event_from_dict,
    event_to_dict,
)
from tests.feedback._helpers import AUTHOR, CAL, EMAIL, NAME, PHONE, item, vn

T0 = vn(2026, 3, 2)  # Monday


def answered() -> FeedbackItem:
    return (
        item(T0)
        .classify_as(FeedbackClass.PROCEDURE, at=vn(2026, 3, 2, 10))
        .answer(at=vn(2026, 3, 10), summary="Đã hướng dẫn")
    )


# --------------------------------------------------------------- order rules


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: item(T0).refuse(at=vn(2026, 3, 3), reason="x").answer(at=vn(2026, 3, 4)),
            "refused at .* a refusal ends its handling",
        ),
        (
            lambda: (
                item(T0).refuse(at=vn(2026, 3, 3), reason="x").refuse(at=vn(2026, 3, 4), reason="y")
            ),
            "refusal ends",
        ),
        (lambda: answered().refuse(at=vn(2026, 3, 11), reason="x"), "an answer ends its handling"),
        (lambda: answered().answer(at=vn(2026, 3, 11)), "an answer ends its handling"),
        (lambda: answered().request_supplement(at=vn(2026, 3, 11)), "an answer ends"),
        (lambda: item(T0).publish(at=vn(2026, 3, 3)), "only an answer is published"),
        (
            lambda: answered().publish(at=vn(2026, 3, 11)).publish(at=vn(2026, 3, 12)),
            "already published",
        ),
        (lambda: item(T0).react(Reaction.LIKE, at=vn(2026, 3, 3)), "react concerns the handling"),
        (lambda: item(T0).reraise(at=vn(2026, 3, 3)), "reraise concerns the handling"),
        (lambda: item(T0).receive_supplement(at=vn(2026, 3, 3)), "no supplement is awaited"),
        (
            lambda: (
                item(T0).request_supplement(at=vn(2026, 3, 3)).request_supplement(at=vn(2026, 3, 4))
            ),
            "record its arrival with receive_supplement",
        ),
        (lambda: item(T0).answer(at=vn(2026, 3, 1)), "time never goes backwards"),
        (
            lambda: item(T0).apply(Received(at=vn(2026, 3, 3), channel=FeedbackChannel.DESK)),
            "an item is received once",
        ),
    ],
)
def test_commands_out_of_order_are_refused_and_change_nothing(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(FeedbackError, match=message) as error:
        build()
    assert "allowed now:" in str(error.value)


def test_a_refused_command_leaves_the_item_as_it_was() -> None:
    before = answered()
    events = before.events
    with pytest.raises(FeedbackError):
        before.refuse(at=vn(2026, 3, 11), reason="late idea")
    assert before.events == events
    assert before.answered_at == vn(2026, 3, 10)


def test_apply_refuses_what_is_not_a_feedback_event() -> None:
    with pytest.raises(FeedbackError, match="not a feedback event: str"):
        item(T0).apply("answer")  # type: ignore[arg-type]


def test_allowed_commands_follow_the_handling() -> None:
    fresh = item(T0)
    assert fresh.allowed_commands == ("classify_as", "refuse", "request_supplement", "answer")
    waiting = fresh.request_supplement(at=vn(2026, 3, 3))
    assert waiting.allowed_commands == ("classify_as", "refuse", "receive_supplement", "answer")
    assert answered().allowed_commands == ("classify_as", "publish", "react", "reraise")
    refused = fresh.refuse(at=vn(2026, 3, 3), reason="Không thuộc thẩm quyền")
    assert refused.allowed_commands == ("classify_as", "react", "reraise")


def test_the_first_event_must_be_a_receipt_and_events_must_be_events() -> None:
    with pytest.raises(FeedbackError, match="event 0: a feedback item starts with a receive"):
        FeedbackItem("PA-9", CAL, [Classified(at=T0, feedback_class=FeedbackClass.OTHER)])
    with pytest.raises(FeedbackError, match="event 0: an item has its receive event"):
        FeedbackItem("PA-9", CAL, [])
    with pytest.raises(FeedbackError, match="event 1: not a feedback event: int"):
        FeedbackItem("PA-9", CAL, [item(T0).events[0], 3])  # type: ignore[list-item]
    with pytest.raises(FeedbackError, match="non-empty id"):
        FeedbackItem(" ", CAL, item(T0).events)


def test_classification_can_be_revised_and_the_latest_counts() -> None:
    revised = answered().classify_as(FeedbackClass.OFFICER_CONDUCT, at=vn(2026, 3, 11))
    assert revised.classification is FeedbackClass.OFFICER_CONDUCT
    assert item(T0).classification is None


def test_an_answer_while_a_supplement_is_awaited_is_measured_at_the_request() -> None:
    # Due 23/03; asked 20/03, answered 27/03 without the supplement: measured at 20/03.
    late_answer = item(T0).request_supplement(at=vn(2026, 3, 20)).answer(at=vn(2026, 3, 27))
    timing = late_answer.classify().step(Step.ANSWER)
    assert timing.measured_at == vn(2026, 3, 20)
    assert timing.outcome is Outcome.EARLY
    assert not late_answer.awaiting_supplement


def test_an_open_item_is_late_once_past_due_and_open_before() -> None:
    fresh = item(T0)  # answer due Monday 23/03/2026 17:00
    assert fresh.classify().outcome is Outcome.OPEN
    assert fresh.classify(vn(2026, 3, 23, 16)).outcome is Outcome.OPEN
    assert fresh.classify(vn(2026, 3, 24, 8)).outcome is Outcome.LATE
    assert fresh.remaining(vn(2026, 3, 23, 16)).total_seconds() == 3600  # type: ignore[union-attr]
    assert fresh.remaining(vn(2026, 3, 3), Step.PUBLISH) is None
    # Publication due Thursday 12/03 17:00: at 11/03 09:00, 2 h 30 + 3 h 30 + 7 h 30 of office.
    assert answered().remaining(vn(2026, 3, 11), Step.PUBLISH).total_seconds() == 13.5 * 3600  # type: ignore[union-attr]


def test_naive_moments_are_refused_with_the_fix() -> None:
    with pytest.raises(FeedbackError, match="attach tzinfo"):
        item(T0).answer(at=datetime(2026, 3, 3, 9))
    with pytest.raises(FeedbackError, match="now is not usable"):
        item(T0).classify(datetime(2026, 3, 3, 9))


def test_every_step_is_reported_with_its_due_moment() -> None:
    timeliness = answered().classify()
    assert [timing.step for timing in timeliness.steps] == [
        Step.REFUSE,
        Step.SUPPLEMENT_REQUEST,
        Step.ANSWER,
        Step.PUBLISH,
    ]
    assert timeliness.step(Step.REFUSE).outcome is Outcome.UNCOUNTED
    assert timeliness.step(Step.ANSWER).due_at == vn(2026, 3, 23, 17)
    assert timeliness.step(Step.PUBLISH).due_at == vn(2026, 3, 12, 17)
    assert timeliness.late_steps == ()


# --------------------------------------------------------------- satisfaction


def test_satisfaction_follows_the_portal_rule() -> None:
    done = answered()
    assert done.satisfied()
    liked = done.react(Reaction.LIKE, at=vn(2026, 3, 11)).react(
        Reaction.DISLIKE, at=vn(2026, 3, 11)
    )
    assert liked.satisfied()
    assert (liked.likes, liked.dislikes) == (1, 1)
    disliked = liked.react(Reaction.DISLIKE, at=vn(2026, 3, 12))
    assert disliked.dissatisfaction() == (Dissatisfaction.DISLIKED,)
    reraised = done.reraise(at=vn(2026, 3, 20), reason="Chưa được giải quyết")
    assert reraised.reraised
    assert reraised.dissatisfaction() == (Dissatisfaction.RERAISED,)
    late = item(T0).answer(at=vn(2026, 3, 24))
    assert late.dissatisfaction() == (Dissatisfaction.OVERDUE,)
    everything = late.react(Reaction.DISLIKE, at=vn(2026, 3, 25)).reraise(at=vn(2026, 3, 26))
    assert everything.dissatisfaction() == tuple(Dissatisfaction)
    # An open item becomes overdue with time.
    assert item(T0).satisfied(vn(2026, 3, 23))
    assert not item(T0).satisfied(vn(2026, 3, 24))


def test_a_refused_item_can_be_disliked() -> None:
    refused = item(T0).refuse(at=vn(2026, 3, 3), reason="Không thuộc thẩm quyền")
    assert not refused.react(Reaction.DISLIKE, at=vn(2026, 3, 4)).satisfied()


# --------------------------------------------------------------- masking


def _texts_of(thing: object) -> str:
    return repr(thing) + str(thing)


def test_the_author_never_shows_in_a_repr() -> None:
    fresh = item(T0)
    for shown in (fresh, fresh.author, fresh.events, fresh.events[0], fresh.classify()):
        text = _texts_of(shown)
        assert NAME not in text
        assert PHONE not in text
        assert EMAIL not in text
    assert repr(AUTHOR) == "Author(name='L***', phone='0***', email='n***', address=None)"


def test_the_author_never_shows_in_an_error() -> None:
    fresh = item(T0)
    messages = []
    for command in (
        lambda: fresh.publish(at=vn(2026, 3, 3)),
        lambda: fresh.answer(at=vn(2026, 3, 1)),
        lambda: fresh.react(Reaction.DISLIKE, at=vn(2026, 3, 3)),
        lambda: event_from_dict(
            {
                "type": "receive",
                "at": T0.isoformat(),
                "channel": "zalo",
                "author": {"name": NAME, "phone": 935777888},
            }
        ),
        lambda: event_from_dict(
            {
                "type": "receive",
                "at": T0.isoformat(),
                "channel": "zalo",
                "author": {"name": NAME, "id_number": PHONE},
            }
        ),
        lambda: event_from_dict(
            {"type": "receive", "at": T0.isoformat(), "channel": "zalo", "summary": 935777888}
        ),
        lambda: Author(name=NAME, phone=935777888),  # type: ignore[arg-type]
    ):
        with pytest.raises(FeedbackError) as error:
            command()
        messages.append(str(error.value))
    for message in messages:
        assert NAME not in message
        assert PHONE not in message
        assert "935777888" not in message


@given(
    name=st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=6, max_size=20),
    phone=st.from_regex(r"0[0-9]{9}", fullmatch=True),
)
def test_any_author_is_masked_in_repr_and_errors(name: str, phone: str) -> None:
    fresh = item(T0, author=Author(name=name, phone=phone))
    texts = [repr(fresh), repr(fresh.events), str(fresh.author)]
    commands: tuple[Callable[[], object], ...] = (
        lambda: fresh.publish(at=vn(2026, 3, 3)),
        lambda: fresh.reraise(at=vn(2026, 3, 3)),
    )
    for command in commands:
        with pytest.raises(FeedbackError) as error:
            command()
        texts.append(str(error.value))
    assert not any(name in text or phone in text for text in texts)


def test_an_author_needs_a_detail() -> None:
    with pytest.raises(FeedbackError, match="author=None"):
        Author(name=" ")
    anonymous = item(T0, author=None)
    assert anonymous.author is None


# --------------------------------------------------------------- events and JSON


def test_events_round_trip_through_dicts() -> None:
    full = (
        item(T0, channel=FeedbackChannel.HOTLINE)
        .classify_as(FeedbackClass.OFFICER_CONDUCT, at=vn(2026, 3, 2, 10), by="cb-1")
        .request_supplement(at=vn(2026, 3, 3), request="Thời điểm sự việc")
        .receive_supplement(at=vn(2026, 3, 4))
        .answer(at=vn(2026, 3, 5), summary="Đã nhắc nhở cán bộ")
        .publish(at=vn(2026, 3, 6), where="dichvucong")
        .react(Reaction.LIKE, at=vn(2026, 3, 7))
        .reraise(at=vn(2026, 3, 8), reason="Vẫn chưa thay đổi")
    )
    for event in full.events:
        assert event_from_dict(event_to_dict(event)) == event
    assert event_to_dict(full.events[0])["author"] == {"name": NAME, "phone": PHONE, "email": EMAIL}
    assert event_to_dict(full.events[0])["subject"] == {"kind": "procedure", "ref": "1.001193"}
    again = FeedbackItem.from_json(full.to_json(), calendar=CAL)
    assert again == full
    assert again.to_json() == full.to_json()
    refused = item(T0, author=None).refuse(at=vn(2026, 3, 3), reason="Trùng lặp")
    assert FeedbackItem.from_json(refused.to_json().encode(), calendar=CAL) == refused


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object"),
        ({"type": "wave", "at": "2026-03-02T09:00:00+07:00"}, "unknown event type 'wave'"),
        (
            {"type": "answer", "at": "2026-03-02T09:00:00+07:00", "mood": 1},
            r"unknown fields \['mood'\]",
        ),
        ({"type": "answer", "at": 3}, "must be an ISO 8601 string"),
        ({"type": "answer", "at": "yesterday"}, "not an ISO 8601 moment"),
        (
            {"type": "refuse", "at": "2026-03-02T09:00:00+07:00"},
            r"incomplete: missing \['reason'\]",
        ),
        (
            {"type": "refuse", "at": "2026-03-02T09:00:00+07:00", "reason": " "},
            "reason is required",
        ),
        (
            {"type": "react", "at": "2026-03-02T09:00:00+07:00", "reaction": "love"},
            "reaction must be one of",
        ),
        (
            {
                "type": "receive",
                "at": "2026-03-02T09:00:00+07:00",
                "channel": "zalo",
                "subject": "x",
            },
            "subject must be an object",
        ),
        (
            {
                "type": "receive",
                "at": "2026-03-02T09:00:00+07:00",
                "channel": "zalo",
                "subject": {"kind": "street", "ref": "x"},
            },
            "subject.kind must be one of",
        ),
        (
            {
                "type": "receive",
                "at": "2026-03-02T09:00:00+07:00",
                "channel": "zalo",
                "subject": {"kind": "place", "ref": ""},
            },
            "Subject.ref must be a non-empty text",
        ),
        (
            {"type": "receive", "at": "2026-03-02T09:00:00+07:00", "channel": "fax"},
            "channel must be one of",
        ),
        ({"type": "answer", "at": "2026-03-02T09:00:00+07:00", "by": 7}, "by must be a text"),
    ],
)
def test_broken_events_are_refused_naming_the_field(data: object, message: str) -> None:
    with pytest.raises(FeedbackError, match=message):
        event_from_dict(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "not JSON"),  # too deep: a RecursionError, caught
        ('{"id": "PA-1"}', 'exactly "id" and "events"'),
        ('{"id": 1, "events": []}', '"id" must be a text'),
        ('{"id": "PA-1", "events": [{"type": "answer"}]}', r"event 0: answer event is incomplete"),
    ],
)
def test_broken_json_is_refused(text: str, message: str) -> None:
    with pytest.raises(FeedbackError, match=message):
        FeedbackItem.from_json(text, calendar=CAL)


def test_json_size_is_bounded_and_the_bound_can_be_raised() -> None:
    text = answered().to_json()
    with pytest.raises(FeedbackError, match="raise max_bytes"):
        FeedbackItem.from_json(text, calendar=CAL, max_bytes=100)
    assert FeedbackItem.from_json(text, calendar=CAL, max_bytes=len(text.encode())) == answered()
    assert json.loads(text)["id"] == "PA-1"


def test_events_check_their_values() -> None:
    with pytest.raises(FeedbackError, match=r"Received\.channel must be a FeedbackChannel"):
        Received(at=T0, channel="zalo")  # type: ignore[arg-type]
    with pytest.raises(FeedbackError, match=r"Reacted\.reaction must be a Reaction, got str"):
        Reacted(at=T0, reaction="like")  # type: ignore[arg-type]
    with pytest.raises(FeedbackError, match="subject must be a Subject or None"):
        Received(at=T0, channel=FeedbackChannel.DESK, subject="1.001193")  # type: ignore[arg-type]
    with pytest.raises(FeedbackError, match=r"Subject\.kind must be a SubjectKind"):
        Subject("procedure", "1.001193")  # type: ignore[arg-type]
    assert Subject.officer("CB-07").kind is SubjectKind.OFFICER
    assert Subject.place("Chợ An Khê").kind is SubjectKind.PLACE


def test_subject_and_supplement_count_are_kept() -> None:
    waiting = item(T0).request_supplement(at=vn(2026, 3, 3))
    back = waiting.receive_supplement(at=vn(2026, 3, 4)).request_supplement(at=vn(2026, 3, 5))
    assert back.supplement_requests == 2
    assert back.subject == Subject.procedure("1.001193")


def test_a_limit_past_the_supported_calendar_is_refused_with_the_reason() -> None:
    answered = item(vn(2099, 11, 2)).answer(at=vn(2099, 12, 31, 10))
    with pytest.raises(FeedbackError, match="cannot compute the publish limit"):
        answered.due(Step.PUBLISH)
