"""What-if scenarios: the rounding rule by hand, what cannot be cut, the top-k selection, the
replay of a small log worked by hand, ``safe_cut``, the scenario file, and the two properties
the issue asks for (the empty scenario is the identity; lengthening never makes a dossier
late)."""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, SpecialSessions, WorkCalendar
from onestop.dossier import Dossier, Outcome, Received
from onestop.procedures import Channel, Procedure, default_catalog
from onestop.scoring import Period, Unit
from onestop.timing import ProcessingTime, TimeUnit
from onestop.whatif import (
    Cut,
    Rounding,
    Scenario,
    ScenarioError,
    Tally,
    load_scenario,
    reformed,
    replay,
    safe_cut,
)

CAL = WorkCalendar.vietnam()
MARCH_2 = date(2026, 3, 2)  # a Monday; no holiday in March 2026


def proc(code: str) -> Procedure:
    return default_catalog().get(code, on=MARCH_2)


#: Đăng ký nhận cha, mẹ, con: 03 ngày làm việc.
PATERNITY = proc("1.001022")
#: 07 ngày làm việc, channel rows 07 too.
SEVEN = proc("1.004222")
#: Birth registration: "Trong ngày".
BIRTH = proc("1.001193")
#: No limit of its own; channel rows 17 (online), 20 (postal), 27 (in person) working days.
BY_CHANNEL = proc("1.013978")
#: No limit of its own; channel rows of 15 calendar days.
CALENDAR_DAYS = proc("1.011607")
#: Procedures with working-day limits, for the generated logs.
WORKING_DAY_CODES = ("1.001022", "1.004194", "1.004222", "1.004837", "2.001016", "1.013978")


def vn(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def finished(
    name: str,
    procedure: Procedure,
    received: datetime,
    ended: datetime,
    channel: Channel = Channel.IN_PERSON,
) -> Dossier:
    d = Dossier.file(id=name, procedure=procedure, at=received, calendar=CAL, channel=channel)
    return d.receive(at=received).finish(at=ended)


# ---------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("amount", "share", "rounding", "expected"),
    [
        (3, "0.3", Rounding.DOWN, 2),
        (5, "0.3", Rounding.DOWN, 3),
        (5, "0.3", Rounding.NEAREST, 4),
        (5, "0.3", Rounding.UP, 4),
        (1, "0.3", Rounding.DOWN, 1),
        (1, "0.3", Rounding.UP, 1),
        (2, "0.6", Rounding.DOWN, 1),
        (10, 0.3, Rounding.DOWN, 7),  # the float 0.3 is read as 3/10, not 0.29999…
        (7, "30%", Rounding.DOWN, 4),
        (4, "1/4", Rounding.NEAREST, 3),
    ],
)
def test_rounding_by_hand(amount: int, share: str, rounding: Rounding, expected: int) -> None:
    cut = Cut("1.001022", share, rounding)
    assert cut.reform(ProcessingTime.working_days(amount)).amount == expected


def test_working_hours_are_cut_in_whole_hours_and_keep_the_cutoff() -> None:
    four = ProcessingTime.working_hours(4, cutoff=time(15, 0))
    cut = Cut("1.001022", "0.3").reform(four)
    assert (cut.amount, cut.unit, cut.cutoff) == (2, TimeUnit.WORKING_HOURS, time(15, 0))
    assert Cut("1.001022", "0.9").reform(ProcessingTime.working_hours(1)).amount == 1


def test_lengthening_rounds_the_same_way_and_never_shortens() -> None:
    assert Cut.lengthen("1.001022", "50%").reform(ProcessingTime.working_days(3)).amount == 4
    assert (
        Cut.lengthen("1.001022", "50%", rounding=Rounding.NEAREST)
        .reform(ProcessingTime.working_days(3))
        .amount
        == 5
    )
    assert Cut.lengthen("1.001022", "1%").reform(ProcessingTime.working_days(3)).amount == 3
    assert Cut.lengthen("1.001022", 1).lengthens


@pytest.mark.parametrize("share", [0, "0%", 1, "100%", 1.5, "abc", True, None, "1/0", "nan"])
def test_impossible_cut_shares_are_refused(share: object) -> None:
    with pytest.raises(ScenarioError):
        Cut("1.001022", share)


def test_lengthening_needs_a_positive_share() -> None:
    with pytest.raises(ScenarioError, match="above 0"):
        Cut.lengthen("1.001022", "-0.3")


# ---------------------------------------------------------------- what cannot be cut


def test_a_same_day_procedure_cannot_be_cut() -> None:
    with pytest.raises(ScenarioError, match=r"1\.001193 cannot be cut: .*same-day"):
        Scenario("x").cut(BIRTH, 0.3)
    by_code = Scenario("x").cut("1.001193", 0.3)  # not checked until applied
    with pytest.raises(ScenarioError, match=r"1\.001193 cannot be cut: .*same-day"):
        by_code.apply(BIRTH)
    with pytest.raises(ScenarioError, match="same-day"):
        Cut("1.001193", "0.3").reform(ProcessingTime.same_day())
    with pytest.raises(ScenarioError, match="same-day"):
        Scenario("x").lengthen(BIRTH, 0.3)


def test_calendar_days_and_missing_limits_cannot_be_cut() -> None:
    with pytest.raises(ScenarioError, match="calendar days"):
        Scenario("x").cut(CALENDAR_DAYS, 0.3)
    no_limit = attrs.evolve(PATERNITY, processing_time=None, channels=())
    with pytest.raises(ScenarioError, match="no time limit"):
        Cut(PATERNITY.code, 0.3).apply(no_limit)


def test_a_cut_applies_to_its_own_procedure_only() -> None:
    with pytest.raises(ScenarioError, match="does not apply"):
        Cut("1.004222", 0.3).apply(PATERNITY)
    assert Scenario("x").cut(SEVEN, 0.3).apply(PATERNITY) is PATERNITY


def test_a_procedure_is_cut_once_per_scenario() -> None:
    with pytest.raises(ScenarioError, match="cut twice"):
        Scenario("x").cut("1.004222", 0.3).cut("1.004222", 0.5)
    with pytest.raises(ScenarioError, match="name"):
        Scenario(" ")


# ---------------------------------------------------------------- reforming a procedure


def test_apply_cuts_the_statutory_time_and_the_channel_rows() -> None:
    reform = Scenario("x").cut(SEVEN, 0.3).apply(SEVEN)
    assert reform.processing_time == ProcessingTime.working_days(4)
    assert [o.processing_time for o in reform.channels] == [ProcessingTime.working_days(4)] * 2
    assert [o.time_verbatim for o in reform.channels] == ["04 ngày làm việc"] * 2
    assert reform.notes[-1] == "what-if: time cut by 30% (down)"
    assert SEVEN.processing_time == ProcessingTime.working_days(7)  # the baseline stays


def test_apply_cuts_the_committed_time_when_there_is_one() -> None:
    committed = attrs.evolve(SEVEN, committed_time=ProcessingTime.working_days(5))
    reform = Cut(SEVEN.code, "0.3").apply(committed)
    assert reform.committed_time == ProcessingTime.working_days(3)
    assert reform.processing_time == ProcessingTime.working_days(7)
    assert reform.deadline_time == ProcessingTime.working_days(3)


def test_apply_cuts_each_channel_time_when_the_procedure_has_none() -> None:
    reform = Cut(BY_CHANNEL.code, "0.3").apply(BY_CHANNEL)
    times = {o.channel: o.processing_time for o in reform.channels}
    assert times == {
        Channel.ONLINE: ProcessingTime.working_days(11),  # 17 × 0.7 = 11.9
        Channel.POSTAL: ProcessingTime.working_days(14),
        Channel.IN_PERSON: ProcessingTime.working_days(18),  # 27 × 0.7 = 18.9
    }


def test_a_row_that_does_not_govern_may_keep_an_uncuttable_time() -> None:
    mixed = attrs.evolve(
        SEVEN,
        channels=(
            attrs.evolve(SEVEN.channels[0], processing_time=ProcessingTime.calendar_days(9)),
            SEVEN.channels[1],
        ),
    )
    reform = Cut(SEVEN.code, "0.3").apply(mixed)
    assert [o.processing_time for o in reform.channels] == [
        ProcessingTime.calendar_days(9),
        ProcessingTime.working_days(4),
    ]


# ---------------------------------------------------------------- top-k selection


def small_log() -> list[Dossier]:
    counts = {"1.001193": 4, "1.004222": 3, "1.001022": 3, "1.004837": 1, "2.001016": 1}
    log = []
    for code, count in counts.items():
        for i in range(count):
            log.append(
                Dossier.file(id=f"{code}-{i}", procedure=proc(code), at=vn(3, 2), calendar=CAL)
            )
    return log


def test_top_k_by_hand() -> None:
    # n = 5 codes; ranking by volume then code: 1.001193 (4, same day: skipped),
    # 1.001022 (3), 1.004222 (3), 1.004837 (1), 2.001016 (1).
    top = Scenario.cut_top(small_log(), top_share=0.3, cut=0.3)  # ⌈1.5⌉ = 2
    assert [c.code for c in top.cuts] == ["1.001022", "1.004222"]
    assert {c.share for c in top.cuts} == {Fraction(3, 10)}
    assert [s.code for s in top.skipped] == ["1.001193"]
    assert "same-day" in top.skipped[0].reason
    assert top.name == "cut 30% of the top 30% procedures by volume"
    assert [c.code for c in Scenario.cut_top(small_log(), top_share=0.2).cuts] == ["1.001022"]
    assert len(Scenario.cut_top(small_log(), top_share=1).cuts) == 4
    named = Scenario.cut_top(small_log(), name="An Khê", rounding=Rounding.UP)
    assert named.name == "An Khê"
    assert named.cuts[0].rounding is Rounding.UP


@pytest.mark.parametrize("top_share", [0, 1.5, "-10%"])
def test_top_k_needs_a_share_in_range(top_share: object) -> None:
    with pytest.raises(ScenarioError, match="top_share"):
        Scenario.cut_top(small_log(), top_share=top_share)


def test_top_k_needs_a_log() -> None:
    with pytest.raises(ScenarioError, match="at least one dossier"):
        Scenario.cut_top([])


# ---------------------------------------------------------------- replay by hand


def march_log() -> list[Dossier]:
    """Seven-day dossiers received Monday 2 March 09:00 (due Wednesday 11 March; after a 30 %
    cut, 4 days: Friday 6 March), a 3-day one left alone, a same-day one."""
    log = [finished(f"HS-{end}", SEVEN, vn(3, 2), vn(3, end)) for end in (5, 6, 9, 11, 12)]
    log.append(finished("HS-P", PATERNITY, vn(3, 2), vn(3, 4)))
    log.append(finished("HS-B", BIRTH, vn(3, 2), vn(3, 2, 10)))
    return log


def test_a_30_percent_cut_makes_exactly_the_dossiers_computed_by_hand_late() -> None:
    comparison = replay(march_log(), Scenario("-30%").cut(SEVEN, 0.3))
    # Before: 5, 6, 9 early; 11 on time; 12 late. After (due 6 March): 5 early; 6 on time;
    # 9, 11, 12 late.
    assert [(c.dossier_id, c.before, c.after) for c in comparison.changes] == [
        ("HS-6", Outcome.EARLY, Outcome.ON_TIME),
        ("HS-9", Outcome.EARLY, Outcome.LATE),
        ("HS-11", Outcome.ON_TIME, Outcome.LATE),
    ]
    change = comparison.changes[1]
    assert change.appointment_before == vn(3, 11, 17)
    assert change.appointment_after == vn(3, 6, 17)
    seven = comparison.for_procedure(SEVEN.code)
    assert seven.before == Tally(early=3, on_time=1, late=1)
    assert seven.after == Tally(early=1, on_time=1, late=3)
    assert seven.after.share(Outcome.LATE) == Fraction(3, 5)
    assert comparison.for_procedure(PATERNITY.code).before == Tally(early=1)
    assert comparison.for_procedure(PATERNITY.code).after == Tally(early=1)
    # HS-P early and HS-B on time (same day, day granularity) in both.
    assert comparison.before == Tally(early=4, on_time=2, late=1)
    assert comparison.after == Tally(early=2, on_time=2, late=3)
    assert [p.code for p in comparison.procedures] == ["1.001022", "1.001193", "1.004222"]
    assert comparison.scorecard_before is None
    with pytest.raises(ScenarioError, match="no dossier"):
        comparison.for_procedure("2.001016")


def test_the_reformed_dossier_carries_the_new_slip() -> None:
    original = march_log()[0]
    after = reformed(original, Scenario("-30%").cut(SEVEN, 0.3))
    assert after.procedure.processing_time == ProcessingTime.working_days(4)
    assert after.clock is not None
    assert original.clock is not None
    assert after.clock.promised_at == vn(3, 6, 17)
    assert original.clock.promised_at == vn(3, 11, 17)
    assert [type(e) for e in after.events] == [type(e) for e in original.events]


def test_a_pause_moves_the_reformed_appointment_too() -> None:
    d = Dossier.file(id="HS-S", procedure=SEVEN, at=vn(3, 2), calendar=CAL).receive(at=vn(3, 2))
    d = d.start_processing(at=vn(3, 2, 10)).request_supplement(at=vn(3, 3, 9), missing=["CCCD"])
    d = d.receive_supplement(at=vn(3, 5, 9)).finish(at=vn(3, 10))
    # Paused two working days: before due 13 March (early), after due 10 March (on time).
    comparison = replay([d], Scenario("-30%").cut(SEVEN, 0.3))
    assert (comparison.changes[0].before, comparison.changes[0].after) == (
        Outcome.EARLY,
        Outcome.ON_TIME,
    )
    assert comparison.changes[0].appointment_after == vn(3, 10, 17)


def test_open_dossiers_are_measured_at_now() -> None:
    d = Dossier.file(id="HS-O", procedure=SEVEN, at=vn(3, 2), calendar=CAL).receive(at=vn(3, 2))
    scenario = Scenario("-30%").cut(SEVEN, 0.3)
    assert replay([d], scenario).after == Tally(open=1)
    at_ninth = replay([d], scenario, now=vn(3, 9))
    assert (at_ninth.before, at_ninth.after) == (Tally(open=1), Tally(late=1))
    assert at_ninth.now == vn(3, 9)


def test_a_slip_without_promise_keeps_none() -> None:
    d = Dossier.file(id="HS-N", procedure=SEVEN, at=vn(3, 2), calendar=CAL)
    d = d.apply(Received(at=vn(3, 2)))  # a log that recorded no appointment
    d = d.finish(at=vn(3, 9))
    after = reformed(d, Scenario("-30%").cut(SEVEN, 0.3))
    assert after.clock is not None
    assert after.clock.promised_at is None
    assert after.classify().outcome is Outcome.LATE  # against the reformed statutory due


def test_an_apology_no_longer_needed_is_dropped_and_reported() -> None:
    d = Dossier.file(id="HS-E", procedure=SEVEN, at=vn(3, 2), calendar=CAL).receive(at=vn(3, 2))
    d = d.extend(at=vn(3, 9), reason="xác minh", new_due=vn(3, 13, 17)).finish(at=vn(3, 13))
    longer = replay([d], Scenario("+100%").lengthen(SEVEN, 1))  # 14 days: due 20 March
    assert longer.dropped_extensions == ("HS-E",)
    assert longer.changes[0].after is Outcome.EARLY
    shorter = replay([d], Scenario("-30%").cut(SEVEN, 0.3))  # the apology's date still later
    assert shorter.dropped_extensions == ()
    assert reformed(d, Scenario("-30%").cut(SEVEN, 0.3)).events[-2] == d.events[-2]


def test_a_second_apology_is_checked_against_the_first() -> None:
    two = attrs.evolve(
        Dossier.file(id="HS-2", procedure=SEVEN, at=vn(3, 2), calendar=CAL),
        rules_override=attrs.evolve(
            Dossier.file(id="x", procedure=SEVEN, at=vn(3, 2), calendar=CAL).rules,
            max_extensions=2,
        ),
    ).receive(at=vn(3, 2))
    two = two.extend(at=vn(3, 9), reason="a", new_due=vn(3, 13, 17))
    two = two.extend(at=vn(3, 12), reason="b", new_due=vn(3, 16, 17)).finish(at=vn(3, 16))
    after = reformed(two, Scenario("+100%").lengthen(SEVEN, 1))
    assert after.clock is not None
    assert after.clock.extensions == 0  # both dates fall before 20 March


def test_replay_with_scorecards() -> None:
    ward, march = Unit("20257", "Phường An Khê"), Period.month(2026, 3)
    comparison = replay(march_log(), Scenario("-30%").cut(SEVEN, 0.3), period=march, unit=ward)
    assert comparison.scorecard_before is not None
    assert comparison.scorecard_after is not None
    assert comparison.scorecard_before.outcomes[Outcome.LATE] == 1
    assert comparison.scorecard_after.outcomes[Outcome.LATE] == 3
    before = comparison.scorecard_before.result("2.1").value
    after = comparison.scorecard_after.result("2.1").value
    assert before is not None
    assert after is not None
    assert after < before
    with pytest.raises(ScenarioError, match="both period and unit"):
        replay(march_log(), Scenario("x"), period=march)


def test_special_sessions_that_count_shorten_deadlines() -> None:
    # Friday 3 April 09:00 + 7 working days: Tuesday 14 April; with Sunday 5 April worked,
    # Monday 13 April.
    d = finished("HS-A", SEVEN, vn(4, 3), vn(4, 14))
    sunday = SpecialSessions(
        name_vi="Ngày Chủ nhật gần Dân",
        name_en="First-Sunday session",
        source="test",
        days=(date(2026, 4, 5),),
        counts_toward_deadlines=True,
    )
    scenario = Scenario("Sunday").with_special_sessions(sunday)
    assert not scenario.is_empty
    comparison = replay([d], scenario)
    assert [(c.before, c.after) for c in comparison.changes] == [(Outcome.ON_TIME, Outcome.LATE)]
    uncounted = Scenario("Sunday").with_special_sessions(
        attrs.evolve(sunday, counts_toward_deadlines=False)
    )
    assert replay([d], uncounted).changes == ()


def test_records_and_pandas() -> None:
    comparison = replay(march_log(), Scenario("-30%").cut(SEVEN, 0.3))
    records = comparison.to_records()
    assert len(records) == 4 * len(list(Outcome))
    late_total = next(r for r in records if r["procedure"] == "*" and r["outcome"] == "late")
    assert late_total == {
        "procedure": "*",
        "outcome": "late",
        "before": 1,
        "after": 3,
        "share_before": 1 / 7,
        "share_after": 3 / 7,
    }
    opened = next(r for r in records if r["outcome"] == "open")
    assert opened["share_before"] is None
    changes = comparison.to_records("changes")
    assert [r["dossier_id"] for r in changes] == ["HS-6", "HS-9", "HS-11"]
    with pytest.raises(ScenarioError, match="'summary' or 'changes'"):
        comparison.to_records("other")  # type: ignore[arg-type]


def test_to_pandas_without_pandas_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ScenarioError, match="needs pandas"):
        replay([], Scenario("x")).to_pandas()


def test_tally_shares_are_of_measured_classes_only() -> None:
    assert Tally().share(Outcome.LATE) is None
    with pytest.raises(ScenarioError, match="count"):
        Tally(open=1).share(Outcome.OPEN)
    assert Tally.of([Outcome.OPEN, Outcome.UNCOUNTED]).total == 2


# ---------------------------------------------------------------- safe_cut


def test_safe_cut_by_hand() -> None:
    # Received Monday 2 March; finished 3, 4, 5, 6, 9 March: they need 1, 2, 3, 4, 5 days.
    log = [finished(f"HS-{end}", SEVEN, vn(3, 2), vn(3, end)) for end in (3, 4, 5, 6, 9)]
    log.append(finished("HS-P", PATERNITY, vn(3, 2), vn(3, 20)))  # another procedure: ignored
    none_late = safe_cut(log, SEVEN.code, 0)
    assert (none_late.cut, none_late.reformed, none_late.late_share) == (
        2,
        ProcessingTime.working_days(5),
        Fraction(0),
    )
    two_fifths = safe_cut(log, SEVEN.code, "40%")  # 3 days: 6 and 9 March late
    assert (two_fifths.cut, two_fifths.share, two_fifths.late, two_fifths.measured) == (
        4,
        Fraction(4, 7),
        2,
        5,
    )
    assert two_fifths.within_bound
    everything = safe_cut(log, SEVEN.code, 1)
    assert everything.reformed == ProcessingTime.working_days(1)


def test_safe_cut_when_even_the_baseline_is_over_the_bound() -> None:
    log = [finished("HS-L", SEVEN, vn(3, 2), vn(3, 20))]
    result = safe_cut(log, SEVEN.code, "10%")
    assert (result.cut, result.within_bound, result.late_share) == (0, False, Fraction(1))


def test_safe_cut_refusals() -> None:
    log = march_log()
    with pytest.raises(ScenarioError, match="no dossier"):
        safe_cut(log, "2.001016", 0.1)
    with pytest.raises(ScenarioError, match="same-day"):
        safe_cut(log, BIRTH.code, 0.1)
    with pytest.raises(ScenarioError, match=r"in \[0, 1\]"):
        safe_cut(log, SEVEN.code, 2)
    channels = [
        finished("HS-1", BY_CHANNEL, vn(3, 2), vn(3, 3)),
        finished("HS-2", BY_CHANNEL, vn(3, 2), vn(3, 3), channel=Channel.ONLINE),
    ]
    with pytest.raises(ScenarioError, match="one time limit"):
        safe_cut(channels, BY_CHANNEL.code, 0.1)
    opened = Dossier.file(id="HS-O", procedure=SEVEN, at=vn(3, 2), calendar=CAL)
    with pytest.raises(ScenarioError, match="measured"):
        safe_cut([opened.receive(at=vn(3, 2))], SEVEN.code, 0.1)


# ---------------------------------------------------------------- scenario files


def test_load_scenario() -> None:
    scenario = load_scenario(
        """
        name = "An Khê 2024"
        [[cut]]
        code = "1.004222"
        share = "30%"
        rounding = "nearest"
        [[lengthen]]
        code = "1.001022"
        share = 0.5
        """
    )
    assert scenario.name == "An Khê 2024"
    assert scenario.cuts == (
        Cut("1.004222", Fraction(3, 10), Rounding.NEAREST),
        Cut.lengthen("1.001022", Fraction(1, 2)),
    )


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("name = ", ["not valid TOML"]),
        ("[[cut]]\ncode = '1.004222'\nshare = 0.3", ["$.name: a scenario needs a non-empty name"]),
        ("name = 'x'\nspeed = 2", ["$: unknown key 'speed'"]),
        ("name = 'x'\ncut = 3", ["$.cut: write each as a [[cut]] table"]),
        (
            "name = 'x'\n[[cut]]\nshare = 0.3\nrounding = 'sideways'",
            ["$.cut[0].code: give the procedure code", "$.cut[0].rounding: 'sideways' is not"],
        ),
        ("name = 'x'\n[[cut]]\ncode = '1.004222'", ["$.cut[0].share: missing"]),
        ("name = 'x'\n[[cut]]\ncode = '1.004222'\nshare = 'lots'", ["$.cut[0].share: a share"]),
        ("name = 'x'\n[[lengthen]]\ncode = '1.004222'\nshare = -1", ["$.lengthen[0].share"]),
        (
            "name = 'x'\n[[cut]]\ncode = '1.004222'\nshare = 0.3\n"
            "[[lengthen]]\ncode = '1.004222'\nshare = 0.3",
            ["procedure 1.004222 is reformed 2 times"],
        ),
    ],
)
def test_scenario_file_errors(text: str, messages: list[str]) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(text)
    for message in messages:
        assert message in str(caught.value)


# ---------------------------------------------------------------- properties

_START = date(2026, 3, 2)
_WORKING_DAYS = [CAL.add_working_days(_START, n) for n in range(40)]


@st.composite
def logs(draw: st.DrawFn) -> list[Dossier]:
    """Small logs of dossiers of working-day procedures (and one same-day procedure), received
    on random working days between 09:00 and 16:30, some with a supplement pause, finished
    0–12 working days later, some left open."""
    count = draw(st.integers(1, 8))
    log = []
    for index in range(count):
        code = draw(st.sampled_from((*WORKING_DAY_CODES, BIRTH.code)))
        procedure = proc(code)
        channel = draw(st.sampled_from(sorted(procedure.channel_set, key=lambda c: c.value)))
        day = draw(st.sampled_from(_WORKING_DAYS[:25]))
        received = datetime.combine(day, time(9), tzinfo=VIETNAM_TZ) + timedelta(
            minutes=draw(st.integers(0, 450))
        )
        d = Dossier.file(
            id=f"HS-{index}", procedure=procedure, at=received, calendar=CAL, channel=channel
        ).receive(at=received)
        moment = received
        if draw(st.booleans()):
            moment = moment + timedelta(minutes=30)
            d = d.start_processing(at=moment).request_supplement(at=moment, missing=["Tờ khai"])
            moment = datetime.combine(
                CAL.add_working_days(moment.date(), draw(st.integers(1, 3))),
                time(10),
                tzinfo=VIETNAM_TZ,
            )
            d = d.receive_supplement(at=moment)
        if draw(st.integers(0, 5)):
            end_day = CAL.add_working_days(moment.date(), draw(st.integers(0, 12)))
            end = datetime.combine(end_day, time(16, 45), tzinfo=VIETNAM_TZ)
            d = d.finish(at=max(end, moment + timedelta(minutes=1)))
        log.append(d)
    return log


@st.composite
def lengthenings(draw: st.DrawFn) -> Scenario:
    codes = draw(st.lists(st.sampled_from(WORKING_DAY_CODES), unique=True, min_size=1))
    scenario = Scenario("longer")
    for code in codes:
        share = draw(st.fractions(min_value=Fraction(1, 100), max_value=3))
        rounding = draw(st.sampled_from(list(Rounding)))
        scenario = scenario.lengthen(code, share, rounding=rounding)
    return scenario


_RANK = {Outcome.EARLY: 0, Outcome.ON_TIME: 1, Outcome.OPEN: 1, Outcome.LATE: 2}


@given(logs(), st.sampled_from([None, datetime(2026, 4, 15, 12, tzinfo=VIETNAM_TZ)]))
def test_the_empty_scenario_is_the_identity(log: list[Dossier], now: datetime | None) -> None:
    for scenario in (Scenario("nothing"), Scenario("absent").cut("2.000528", 0.3)):
        comparison = replay(log, scenario, now=now)
        assert comparison.changes == ()
        assert comparison.before == comparison.after
        for item in comparison.procedures:
            assert item.before == item.after
        for dossier in log:
            assert reformed(dossier, scenario) is dossier
            assert reformed(dossier, scenario).classify(now) == dossier.classify(now)


@given(logs(), lengthenings(), st.sampled_from([None, datetime(2026, 4, 6, 12, tzinfo=VIETNAM_TZ)]))
def test_lengthening_never_makes_a_dossier_late(
    log: list[Dossier], scenario: Scenario, now: datetime | None
) -> None:
    comparison = replay(log, scenario, now=now)
    for change in comparison.changes:
        assert change.after is not Outcome.LATE
        assert _RANK[change.after] <= _RANK[change.before]
    assert comparison.after.late <= comparison.before.late


@given(logs())
def test_a_cut_never_makes_a_dossier_earlier(log: list[Dossier]) -> None:
    scenario = Scenario("shorter")
    for code in WORKING_DAY_CODES:
        scenario = scenario.cut(code, "30%")
    for change in replay(log, scenario).changes:
        assert _RANK[change.after] >= _RANK[change.before]
