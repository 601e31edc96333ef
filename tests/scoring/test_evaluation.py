"""Citizen evaluation of one dossier: the shipped profiles, a realistic paternity dossier
evaluated at the kiosk, one test per validation rule, and the dict form's round trip."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier
from onestop.errors import EvaluationError
from onestop.procedures import Channel, default_catalog
from onestop.scoring._evaluation import (
    DEFAULT_PROFILE,
    HUE_12,
    PROFILES,
    S1_NINE,
    Criterion,
    Evaluation,
    EvaluationChannel,
    EvaluationProfile,
    Rating,
    evaluate,
    evaluation_from_dict,
    evaluation_to_dict,
)
from tests.strategies import any_zone_moments

CAL = WorkCalendar.vietnam()
#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc.
PATERNITY = default_catalog().get("1.001022", on=date(2026, 3, 2))
#: Đăng ký khai sinh: settled the same day.
BIRTH = default_catalog().get("1.001193", on=date(2026, 3, 2))


def vn(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM_TZ)


def received(dossier_id: str = "HS-2026-0301") -> Dossier:
    return Dossier.file(
        id=dossier_id, procedure=PATERNITY, at=vn(2, 8, 40), calendar=CAL, channel=Channel.ONLINE
    ).receive(at=vn(2, 9), by="desk-2")


def returned() -> Dossier:
    """Received Monday 02/03, ready Wednesday, handed to the citizen Thursday 05/03 at 10:00."""
    return received().finish(at=vn(4, 15, 30)).return_result(at=vn(5, 10), by="desk-2")


# ---------------------------------------------------------------- shipped profiles


def test_hue_profile_has_the_twelve_portal_criteria() -> None:
    assert len(HUE_12.criteria) == 12
    assert len(set(HUE_12.codes)) == 12
    assert HUE_12.criterion("desk_contacts").name_vi.startswith("Số lần phải liên hệ")
    assert all(c.scores == (0, 1, 2) for c in HUE_12.criteria)
    assert [c.source.rsplit(" ", 1)[-1] for c in HUE_12.criteria] == [str(n) for n in range(1, 13)]
    assert "assumption" in HUE_12.note
    assert "not found" in HUE_12.note


def test_s1_profile_has_nine_indicators_and_two_questions() -> None:
    assert len(S1_NINE.criteria) == 9 + 2
    assert len(set(S1_NINE.codes)) == 11
    assert S1_NINE.codes[-2:] == ("ease_of_use", "overall")
    assert all(c.scores == (0, 1, 2) for c in S1_NINE.criteria)
    one_stop = S1_NINE.criterion("one_stop_desk")
    assert one_stop.note is not None
    assert "61/2018/NĐ-CP art. 14(5)" in one_stop.note
    assert all(c.note for c in S1_NINE.criteria)


def test_shipped_profiles() -> None:
    assert PROFILES == (HUE_12, S1_NINE)
    assert DEFAULT_PROFILE is HUE_12
    assert len({p.name for p in PROFILES}) == len(PROFILES)


def test_rating_and_channel_labels() -> None:
    assert [r.label_vi for r in Rating] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert [r.is_dislike for r in Rating] == [False, False, True]
    assert [r.points for r in Rating] == [2, 1, 0]
    assert all(c.value == c.name.lower() and c.label_vi for c in EvaluationChannel)


# ---------------------------------------------------------------- a realistic dossier


def test_paternity_dossier_evaluated_at_the_kiosk() -> None:
    dossier = returned()
    evaluation = evaluate(
        dossier,
        at=vn(5, 10, 2),
        channel=EvaluationChannel.KIOSK,
        overall=Rating.VERY_SATISFIED,
        scores={"attitude": 2, "overall": 2, "on_time": 2, "desk_contacts": 1},
    )
    assert evaluation.dossier_id == "HS-2026-0301"
    assert evaluation.profile == "hue_12"
    # Sorted by the profile's order, whatever order the kiosk sent them in.
    assert evaluation.scores == (
        ("overall", 2),
        ("on_time", 2),
        ("attitude", 2),
        ("desk_contacts", 1),
    )
    assert evaluation.score("desk_contacts") == 1
    assert evaluation.score("publicity") is None
    assert not evaluation.dislike


def test_sms_reply_in_utc_is_kept_in_vietnam_time() -> None:
    evaluation = evaluate(
        returned(),
        at=datetime(2026, 3, 5, 5, 30, tzinfo=UTC),
        channel=EvaluationChannel.SMS,
        overall=Rating.DISSATISFIED,
    )
    assert evaluation.at == vn(5, 12, 30)
    assert evaluation.at.tzinfo is VIETNAM_TZ
    assert evaluation.scores == ()
    assert evaluation.dislike


def test_dossier_settled_on_the_spot_can_be_evaluated() -> None:
    dossier = (
        Dossier.file(id="HS-2026-0302", procedure=BIRTH, at=vn(2, 9), calendar=CAL)
        .receive(at=vn(2, 9))
        .settle_on_the_spot(at=vn(2, 9, 20))
    )
    evaluation = evaluate(
        dossier,
        at=vn(2, 9, 20),
        channel=EvaluationChannel.PAPER,
        overall=Rating.SATISFIED,
        scores={"total_time": 2, "ease_of_use": 1},
        profile=S1_NINE,
    )
    assert evaluation.profile == "s1_nine"
    assert evaluation.scores == (("total_time", 2), ("ease_of_use", 1))
    with pytest.raises(EvaluationError, match="before dossier 'HS-2026-0302' was returned"):
        evaluate(
            dossier, at=vn(2, 9, 19), channel=EvaluationChannel.KIOSK, overall=Rating.SATISFIED
        )


def test_repr_masks_the_comment() -> None:
    evaluation = evaluate(
        returned(),
        at=vn(5, 11),
        channel=EvaluationChannel.ZALO,
        overall=Rating.SATISFIED,
        comment="Chị Lan, 0905123456, phục vụ tốt",
    )
    assert evaluation.comment == "Chị Lan, 0905123456, phục vụ tốt"
    assert "0905123456" not in repr(evaluation)
    assert "Lan" not in repr(evaluation)
    assert "comment='***'" in repr(evaluation)


# ---------------------------------------------------------------- validation, one rule each


@pytest.mark.parametrize(
    "dossier",
    [
        pytest.param(received(), id="received"),
        pytest.param(received().finish(at=vn(4, 15)), id="result-ready"),
        pytest.param(
            Dossier.file(id="HS-R", procedure=PATERNITY, at=vn(2, 9), calendar=CAL).refuse_at_desk(
                at=vn(2, 9, 10), reason="Không thuộc thẩm quyền"
            ),
            id="refused",
        ),
    ],
)
def test_a_dossier_never_returned_is_refused(dossier: Dossier) -> None:
    with pytest.raises(EvaluationError, match=r"in state \w+: .* once its result is returned"):
        evaluate(dossier, at=vn(6, 9), channel=EvaluationChannel.PORTAL, overall=Rating.SATISFIED)


def test_a_moment_before_the_return_is_refused() -> None:
    with pytest.raises(
        EvaluationError, match=r"2026-03-05T09:59:00\+07:00 is before .* 2026-03-05T10:00:00\+07:00"
    ):
        evaluate(
            returned(), at=vn(5, 9, 59), channel=EvaluationChannel.KIOSK, overall=Rating.SATISFIED
        )


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(
        EvaluationError, match=r"naive datetime .* tzinfo=onestop\.calendar\.VIETNAM_TZ"
    ):
        evaluate(
            returned(),
            at=datetime(2026, 3, 5, 11),
            channel=EvaluationChannel.KIOSK,
            overall=Rating.SATISFIED,
        )


def test_an_unknown_criterion_is_refused_listing_the_profile_codes() -> None:
    with pytest.raises(EvaluationError) as error:
        evaluate(
            returned(),
            at=vn(5, 11),
            channel=EvaluationChannel.KIOSK,
            overall=Rating.SATISFIED,
            scores={"speed": 2},
        )
    message = str(error.value)
    assert "criterion 'speed' does not exist in evaluation profile 'hue_12'" in message
    assert ", ".join(HUE_12.codes) in message


@pytest.mark.parametrize("score", [3, -1, True, 1.5, "2", None])
def test_a_score_outside_the_scale_is_refused_listing_the_allowed_ones(score: object) -> None:
    with pytest.raises(
        EvaluationError,
        match=rf"score {score!r} for criterion 'attitude' is outside its scale; "
        r"allowed scores: 0, 1, 2",
    ):
        evaluate(
            returned(),
            at=vn(5, 11),
            channel=EvaluationChannel.KIOSK,
            overall=Rating.SATISFIED,
            scores={"attitude": score},  # type: ignore[dict-item]
        )


def test_every_bad_score_is_reported_at_once() -> None:
    with pytest.raises(
        EvaluationError,
        match=r"2 problems.*\n  criterion 'speed' does not exist.*\n  score 5 for criterion 'publicity'",
    ):
        evaluate(
            returned(),
            at=vn(5, 11),
            channel=EvaluationChannel.KIOSK,
            overall=Rating.SATISFIED,
            scores={"speed": 1, "publicity": 5},
        )


@pytest.mark.parametrize("overall", ["satisfied", 2, None])
def test_an_overall_that_is_not_a_rating_is_refused(overall: object) -> None:
    with pytest.raises(EvaluationError, match=r"overall must be a Rating .* Rating\(value\)"):
        evaluate(
            returned(),
            at=vn(5, 11),
            channel=EvaluationChannel.KIOSK,
            overall=overall,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("channel", ["kiosk", Channel.ONLINE, None])
def test_a_channel_that_is_not_an_evaluation_channel_is_refused(channel: object) -> None:
    with pytest.raises(EvaluationError, match="channel must be a EvaluationChannel"):
        evaluate(
            returned(),
            at=vn(5, 11),
            channel=channel,  # type: ignore[arg-type]
            overall=Rating.SATISFIED,
        )


def test_a_profile_must_be_a_profile() -> None:
    with pytest.raises(EvaluationError, match="profile must be an EvaluationProfile"):
        evaluate(
            returned(),
            at=vn(5, 11),
            channel=EvaluationChannel.KIOSK,
            overall=Rating.SATISFIED,
            profile="hue_12",  # type: ignore[arg-type]
        )


def test_profiles_are_validated_at_construction() -> None:
    one = Criterion("a", "A", "A", (0, 1), source="test")
    with pytest.raises(EvaluationError, match=r"repeats criterion codes \['a'\]"):
        EvaluationProfile("twice", "test", (one, one), note="")
    with pytest.raises(EvaluationError, match="has no criteria"):
        EvaluationProfile("none", "test", (), note="")
    with pytest.raises(EvaluationError, match="criterion 'b' has an empty scale"):
        Criterion("b", "B", "B", (), source="test")
    with pytest.raises(EvaluationError, match="repeats a score"):
        Criterion("c", "C", "C", (1, 1), source="test")
    with pytest.raises(EvaluationError, match="whole numbers"):
        Criterion("d", "D", "D", (0, True), source="test")


def test_a_custom_profile_plugs_in() -> None:
    five = EvaluationProfile(
        "five_levels",
        "test",
        (Criterion("overall", "Đánh giá chung", "Overall", range(1, 6), source="test"),),
        note="a 5-level survey (RHL, HL, BT, KHL, RKHL)",
    )
    evaluation = evaluate(
        returned(),
        at=vn(5, 11),
        channel=EvaluationChannel.PORTAL,
        overall=Rating.SATISFIED,
        scores={"overall": 5},
        profile=five,
    )
    data = evaluation_to_dict(evaluation)
    with pytest.raises(EvaluationError, match="profile 'five_levels' is unknown"):
        evaluation_from_dict(data)
    assert evaluation_from_dict(data, profiles=(*PROFILES, five)) == evaluation


# ---------------------------------------------------------------- dict form


def test_dict_form_of_the_kiosk_evaluation() -> None:
    evaluation = evaluate(
        returned(),
        at=vn(5, 10, 2),
        channel=EvaluationChannel.KIOSK,
        overall=Rating.VERY_SATISFIED,
        scores={"attitude": 2},
        comment="Nhanh",
    )
    assert evaluation_to_dict(evaluation) == {
        "dossier_id": "HS-2026-0301",
        "at": "2026-03-05T10:02:00+07:00",
        "channel": "kiosk",
        "overall": "very_satisfied",
        "scores": {"attitude": 2},
        "profile": "hue_12",
        "comment": "Nhanh",
    }


GOOD = {
    "dossier_id": "HS-1",
    "at": "2026-03-05T10:02:00+07:00",
    "channel": "kiosk",
    "overall": "satisfied",
    "profile": "hue_12",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stars": 5}, r"unknown keys \['stars'\]"),
        ({"at": "2026-03-05T10:02:00"}, "naive datetime"),
        ({"at": "tomorrow"}, "not an ISO 8601 moment"),
        ({"at": 1741143720}, "must be an ISO 8601 string"),
        ({"channel": "fax"}, "channel 'fax' is not one of kiosk, portal, sms, zalo, paper"),
        ({"overall": "angry"}, "overall 'angry' is not one of"),
        ({"profile": "sipas"}, "profile 'sipas' is unknown; known profiles: hue_12, s1_nine"),
        ({"scores": {"attitude": 4}}, "score 4 for criterion 'attitude' is outside its scale"),
        ({"scores": [["attitude", 1]]}, "scores must be an object"),
        ({"dossier_id": ""}, "dossier_id must be a non-empty text"),
        ({"comment": 5}, "comment must be a text"),
    ],
)
def test_bad_dicts_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(EvaluationError, match=message):
        evaluation_from_dict({**GOOD, **change})


def test_missing_keys_are_refused() -> None:
    data = {key: value for key, value in GOOD.items() if key != "overall"}
    with pytest.raises(EvaluationError, match=r"lacks the keys \['overall'\]"):
        evaluation_from_dict(data)
    with pytest.raises(EvaluationError, match="must be a JSON object, got list"):
        evaluation_from_dict([GOOD])


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    profile = draw(st.sampled_from(PROFILES))
    answered = draw(st.lists(st.sampled_from(profile.criteria), unique=True))
    scores = {c.code: draw(st.sampled_from(c.scores)) for c in answered}
    return Evaluation(
        draw(st.text(min_size=1).filter(str.strip)),
        draw(any_zone_moments()),
        draw(st.sampled_from(EvaluationChannel)),
        draw(st.sampled_from(Rating)),
        tuple((code, scores[code]) for code in profile.codes if code in scores),
        profile.name,
        draw(st.none() | st.text()),
    )


@given(evaluations())
def test_dict_form_round_trips_through_json(evaluation: Evaluation) -> None:
    data = evaluation_to_dict(evaluation)
    assert evaluation_from_dict(data) == evaluation
    assert evaluation_from_dict(json.loads(json.dumps(data))) == evaluation
    assert evaluation_to_dict(evaluation_from_dict(data)) == data
