"""The synthetic ward's feedback stream: reproducible byte for byte, drawn from its own
random stream (the dossiers of a seed are those it gave before feedback existed), realistic
shares over a year, legal and readable back from a log, and labelled synthetic."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from datetime import date, datetime

import pytest

from onestop.dossier import Outcome
from onestop.errors import DossierError
from onestop.feedback import FeedbackChannel, FeedbackClass, SubjectKind, feedback_results
from onestop.io import read_feedback, write_feedback
from onestop.scoring import Period, evaluation_to_dict
from onestop.simulate import SyntheticWard, simulate_ward

START, END = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture(scope="module")
def year() -> SyntheticWard:
    """The default year at the default 12 dossiers a day."""
    return simulate_ward(seed=2026)


@pytest.fixture(scope="module")
def march() -> SyntheticWard:
    return simulate_ward(seed=7, start=START, end=END)


def feedback_log(ward: SyntheticWard) -> str:
    out = io.StringIO()
    write_feedback(ward.feedback, out)
    return out.getvalue()


def dossier_hash(ward: SyntheticWard) -> str:
    """The SHA-256 of every dossier and evaluation of ``ward`` as JSON text, one a line."""
    digest = hashlib.sha256()
    for dossier in ward.dossiers:
        digest.update(dossier.to_json().encode() + b"\n")
    for evaluation in ward.evaluations:
        digest.update(json.dumps(evaluation_to_dict(evaluation), ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


# ---------------------------------------------------------------- reproducibility


def test_same_seed_gives_the_same_feedback_byte_for_byte(march: SyntheticWard) -> None:
    again = simulate_ward(seed=7, start=START, end=END)
    assert feedback_log(again) == feedback_log(march)
    assert again.feedback == march.feedback
    assert march.feedback  # a month at 12 dossiers a day has a few items a week


def test_different_seeds_give_different_feedback(march: SyntheticWard) -> None:
    assert feedback_log(simulate_ward(seed=8, start=START, end=END)) != feedback_log(march)


# Computed with the generator as it was before feedback was added (same seeds, same text).
BEFORE_FEEDBACK = {
    (7, START, END, 12.0): (
        308,
        88,
        "01a746e79313957dcb7641a7e6c18edd7b224aa1d83cfe443fdc27a94f3d404e",
    ),
    (11, date(2026, 1, 1), date(2026, 2, 28), 5.0): (
        179,
        58,
        "dc54d504c8d79a5075c0056038f4ea61f10228dfe124c7b52e1b432f2c307499",
    ),
}


@pytest.mark.parametrize("arguments", list(BEFORE_FEEDBACK))
def test_the_dossiers_of_a_seed_are_those_it_gave_before_feedback(
    arguments: tuple[int, date, date, float],
) -> None:
    seed, start, end, daily = arguments
    ward = simulate_ward(seed=seed, start=start, end=end, daily_mean=daily)
    assert (len(ward.dossiers), len(ward.evaluations), dossier_hash(ward)) == BEFORE_FEEDBACK[
        arguments
    ]
    assert ward.feedback


def test_the_feedback_rate_does_not_change_the_dossiers(march: SyntheticWard) -> None:
    quiet = simulate_ward(seed=7, start=START, end=END, feedback_per_week=0)
    busy = simulate_ward(seed=7, start=START, end=END, feedback_per_week=40)
    assert quiet.feedback == ()
    assert quiet.dossiers == busy.dossiers == march.dossiers
    assert quiet.evaluations == march.evaluations
    assert len(busy.feedback) > 3 * len(march.feedback)


def test_the_repr_says_synthetic_and_is_unchanged(march: SyntheticWard) -> None:
    assert repr(march) == (
        "SyntheticWard(SYNTHETIC, seed=7, 2026-03-01..2026-03-31, unit=20257 "
        "'Phường An Khê (mô phỏng)', dossiers=308, evaluations=88)"
    )


# ---------------------------------------------------------------- realistic shares


def test_a_few_items_a_week_in_proportion_to_the_dossiers(year: SyntheticWard) -> None:
    weeks = 365 / 7
    assert 2.5 <= len(year.feedback) / weeks <= 5  # about 3.6 a week at 12 dossiers a day
    small = simulate_ward(seed=2026, start=START, end=END, daily_mean=2)
    assert len(small.feedback) <= 10


def test_items_come_through_every_channel_mostly_zalo(year: SyntheticWard) -> None:
    channels = Counter(item.channel for item in year.feedback)
    assert set(channels) == {
        FeedbackChannel.ZALO,
        FeedbackChannel.PORTAL,
        FeedbackChannel.HOTLINE,
        FeedbackChannel.DESK,
    }
    assert channels.most_common(1)[0][0] is FeedbackChannel.ZALO


def test_shares_over_a_year_are_roughly_as_designed(year: SyntheticWard) -> None:
    items = year.feedback
    total = len(items)

    def share(count: int) -> float:
        return count / total

    assert 0.8 <= share(sum(item.classification is not None for item in items)) <= 0.97
    assert 0.02 <= share(sum(item.refused_at is not None for item in items)) <= 0.15
    assert 0.02 <= share(sum(item.supplement_requests > 0 for item in items)) <= 0.15
    assert 0.3 <= share(sum(item.published_at is not None for item in items)) <= 0.6
    outcomes = Counter(item.classify().outcome for item in items)
    assert outcomes[Outcome.OPEN] == 0  # every item is followed to its end
    assert 0.03 <= share(outcomes[Outcome.LATE]) <= 0.2
    assert 0.3 <= share(sum(item.likes + item.dislikes > 0 for item in items)) <= 0.6
    assert sum(item.likes for item in items) > 2 * sum(item.dislikes for item in items)
    assert 0.01 <= share(sum(item.reraised for item in items)) <= 0.12
    results = {r.metric.id: r for r in feedback_results(items, period=Period.year(2026))}
    assert results["5.1"].denominator == total
    for metric, low, high in (("5.1", 80, 97), ("5.2", 80, 97), ("5.3", 65, 95)):
        value = results[metric].value
        assert value is not None
        assert low <= value <= high, metric


def test_items_are_about_the_wards_procedures_officers_and_places(year: SyntheticWard) -> None:
    codes = {dossier.procedure.code for dossier in year.dossiers}
    kinds: Counter[SubjectKind | None] = Counter()
    for item in year.feedback:
        subject = item.subject
        kinds[None if subject is None else subject.kind] += 1
        if subject is None:
            continue
        if subject.kind is SubjectKind.PROCEDURE:
            assert subject.ref in codes
        elif subject.kind is SubjectKind.OFFICER:
            assert subject.ref.startswith("syn-")
        else:
            assert subject.ref.endswith("(mô phỏng)")
        expected = {
            SubjectKind.PROCEDURE: FeedbackClass.PROCEDURE,
            SubjectKind.OFFICER: FeedbackClass.OFFICER_CONDUCT,
            SubjectKind.PLACE: FeedbackClass.OTHER,
        }[subject.kind]
        assert item.classification in (None, expected)
    assert kinds.most_common(1)[0][0] is SubjectKind.PROCEDURE
    assert set(kinds) == {SubjectKind.PROCEDURE, SubjectKind.OFFICER, SubjectKind.PLACE, None}


def test_items_arrive_when_their_channel_is_open(year: SyntheticWard) -> None:
    calendar = year.calendar
    for item in year.feedback:
        at = item.received_at
        assert year.start <= at.date() <= year.end
        if item.channel in (FeedbackChannel.HOTLINE, FeedbackChannel.DESK):
            assert calendar.is_working_day(at.date())
            assert calendar.roll_to_session(at) == at
        else:
            assert 6 <= at.hour < 23
    weekend = [i for i in year.feedback if i.received_at.weekday() >= 5]
    assert weekend
    assert {item.channel for item in weekend} <= {FeedbackChannel.ZALO, FeedbackChannel.PORTAL}
    received = [item.received_at for item in year.feedback]
    assert received == sorted(received)


# ---------------------------------------------------------------- legal, readable, labelled


def test_every_item_reads_back_from_its_log(year: SyntheticWard) -> None:
    reader = read_feedback(io.StringIO(feedback_log(year)), calendar=year.calendar)
    assert tuple(reader) == year.feedback
    assert reader.summary.feedback_kept == len(year.feedback)


def test_the_feedback_says_it_is_synthetic(march: SyntheticWard) -> None:
    ids = [item.id for item in march.feedback]
    assert ids == [f"SYN-PA-2026-{number:05d}" for number in range(1, len(ids) + 1)]
    for item in march.feedback:
        if item.author is not None:
            assert item.author.name is not None
            assert item.author.name.startswith("Người phản ánh mô phỏng ")
            assert (item.author.phone, item.author.email, item.author.address) == (None,) * 3
        for event in item.events:
            assert event.by is None or event.by.startswith("syn-")
            for name in ("summary", "reason", "request", "where"):
                text = getattr(event, name, None)
                assert text is None or text.endswith("(mô phỏng)"), text


def test_ids_count_per_receipt_year() -> None:
    ward = simulate_ward(
        seed=3, start=date(2026, 12, 1), end=date(2027, 1, 31), feedback_per_week=10
    )
    years = Counter(item.received_at.year for item in ward.feedback)
    assert set(years) == {2026, 2027}
    firsts = [item.id for item in ward.feedback if item.id.endswith("-00001")]
    assert firsts == ["SYN-PA-2026-00001", "SYN-PA-2027-00001"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "feedback_per_week must be a finite number >= 0, got -1"),
        (float("inf"), "got inf"),
        (True, "got True"),
        ("3", "got '3'"),
    ],
)
def test_a_bad_feedback_rate_is_refused(value: object, message: str) -> None:
    with pytest.raises(DossierError, match=message):
        simulate_ward(seed=1, start=START, end=END, feedback_per_week=value)  # type: ignore[arg-type]


def test_feedback_moments_are_aware_and_local(march: SyntheticWard) -> None:
    moments = [event.at for item in march.feedback for event in item.events]
    assert all(isinstance(at, datetime) and at.utcoffset() is not None for at in moments)
