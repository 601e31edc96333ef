"""The columnar replay against the object replay, and the partition-and-merge path.

The object path (:func:`replay`, which rebuilds every reformed dossier) is the reference: on
random legal dossier histories (supplements, payments, suspensions, apologies, settlements on
the spot, restarts) and random scenarios (cuts, lengthenings, special sessions), the table
must give the very same comparison. Then a log split by dossier and merged again must give
the comparison of the whole.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, SpecialSessions, WorkCalendar
from onestop.dossier import DECREE_118, Dossier, Outcome, SupplementPolicy
from onestop.errors import OnestopError
from onestop.procedures import Procedure, default_catalog
from onestop.testing.strategies import dossiers
from onestop.timing import ProcessingTime
from onestop.whatif import (
    Comparison,
    ReplayTable,
    Rounding,
    Scenario,
    ScenarioError,
    Tally,
    replay,
    replay_chunks,
    replay_table,
)

CAL = WorkCalendar.vietnam()
NOWS = st.sampled_from(
    [None, datetime(2020, 1, 6, 12, tzinfo=VIETNAM_TZ), datetime(2026, 6, 1, 8, tzinfo=VIETNAM_TZ)]
)


def vn(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM_TZ)


def proc(code: str) -> Procedure:
    return default_catalog().get(code, on=date(2026, 3, 2))


#: 07 ngày làm việc.
SEVEN = proc("1.004222")


@st.composite
def logs(draw: st.DrawFn) -> list[Dossier]:
    """Random legal histories, some judged under the restart policy for supplements."""
    log = []
    for number, dossier in enumerate(draw(st.lists(dossiers(max_events=10), max_size=6))):
        override = None
        if draw(st.booleans()):
            override = attrs.evolve(DECREE_118, supplement_policy=SupplementPolicy.RESTART)
        try:
            log.append(
                Dossier(
                    f"HS-{number}",
                    dossier.procedure,
                    dossier.calendar,
                    dossier.events,
                    rules_override=override,
                )
            )
        except OnestopError:
            log.append(attrs.evolve(dossier, id=f"HS-{number}"))
    return log


@st.composite
def scenarios(draw: st.DrawFn, log: list[Dossier]) -> Scenario:
    scenario = Scenario("random")
    codes = sorted({dossier.procedure.code for dossier in log})
    for code in draw(st.lists(st.sampled_from(codes), unique=True)) if codes else ():
        rounding = draw(st.sampled_from(list(Rounding)))
        share = draw(st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100)))
        if draw(st.booleans()):
            scenario = scenario.lengthen(code, share, rounding=rounding)
        else:
            scenario = scenario.cut(code, share, rounding=rounding)
    with_sessions = draw(st.booleans())
    if log and with_sessions:
        days = draw(st.lists(st.sampled_from([d.filed_at.date() for d in log]), min_size=1))
        sundays = sorted({day + timedelta(days=6 - day.weekday()) for day in days})
        scenario = scenario.with_special_sessions(
            SpecialSessions(
                name_vi="Ngày Chủ nhật gần Dân",
                name_en="First-Sunday session",
                source="test",
                days=tuple(sundays),
                counts_toward_deadlines=draw(st.booleans()),
            )
        )
    return scenario


def _replay_or_error(log: list[Dossier], scenario: Scenario, now: datetime | None) -> object:
    try:
        return replay(log, scenario, now=now)
    except ScenarioError as error:
        return type(error)


def _table_or_error(table: ReplayTable, scenario: Scenario) -> object:
    try:
        return replay_table(table, scenario)
    except ScenarioError as error:
        return type(error)


@given(st.data(), logs(), NOWS)
def test_the_table_replays_exactly_as_the_dossiers(
    data: st.DataObject, log: list[Dossier], now: datetime | None
) -> None:
    scenario = data.draw(scenarios(log))
    table = ReplayTable.from_dossiers(log, now=now)
    assert _table_or_error(table, scenario) == _replay_or_error(log, scenario, now)


@given(st.data(), logs(), NOWS, st.integers(1, 4))
def test_partitions_merged_equal_the_whole(
    data: st.DataObject, log: list[Dossier], now: datetime | None, parts: int
) -> None:
    scenario = data.draw(scenarios(log))
    table = ReplayTable.from_dossiers(log, now=now)
    try:
        whole = replay_table(table, scenario)
    except ScenarioError:
        assume(False)
    # Contiguous slices give exactly the whole, in the table path and in the object path.
    assert Comparison.merge(replay_table(part, scenario) for part in table.split(parts)) == whole
    cut = data.draw(st.integers(0, len(log)))
    halves = [replay(log[:cut], scenario, now=now), replay(log[cut:], scenario, now=now)]
    assert Comparison.merge(halves) == whole
    # Any split by dossier gives the same counts; only the order of the changes follows it.
    odd = [replay(log[i::2], scenario, now=now) for i in (0, 1)]
    merged = Comparison.merge(odd)
    assert (merged.before, merged.after, merged.procedures) == (
        whole.before,
        whole.after,
        whole.procedures,
    )
    assert sorted(merged.changes, key=repr) == sorted(whole.changes, key=repr)
    # And tables joined again replay as the whole.
    assert replay_table(ReplayTable.concat(table.split(parts)), scenario) == whole


def _finished(name: str, received: datetime, ended: datetime) -> Dossier:
    d = Dossier.file(id=name, procedure=SEVEN, at=received, calendar=CAL)
    return d.receive(at=received).finish(at=ended)


def test_a_worked_example() -> None:
    # Monday 2 March + 7 working days: Wednesday 11 March. Cut by 30 %: 7 × 0.7 = 4.9,
    # rounded down to 4 working days: Friday 6 March, 17:00.
    log = [_finished(f"HS-{day}", vn(3, 2), vn(3, day)) for day in (5, 6, 9, 11, 12)]
    c = replay_table(ReplayTable.from_dossiers(log), Scenario("-30%").cut(SEVEN, 0.3))
    assert (c.before.early, c.before.on_time, c.before.late) == (3, 1, 1)
    assert (c.after.early, c.after.on_time, c.after.late) == (1, 1, 3)
    assert [(x.dossier_id, x.after, x.appointment_after) for x in c.changes] == [
        ("HS-6", Outcome.ON_TIME, vn(3, 6, 17)),
        ("HS-9", Outcome.LATE, vn(3, 6, 17)),
        ("HS-11", Outcome.LATE, vn(3, 6, 17)),
    ]


def test_an_apology_that_is_no_longer_needed_is_dropped() -> None:
    # Late against 11 March, the office apologised with 13 March; lengthened to 10 working
    # days (16 March) the apology's date is no longer later than the slip: dropped.
    d = Dossier.file(id="HS-A", procedure=SEVEN, at=vn(3, 2), calendar=CAL).receive(at=vn(3, 2))
    d = d.extend(at=vn(3, 10), new_due=vn(3, 13, 17), reason="thiếu cán bộ").finish(at=vn(3, 12))
    scenario = Scenario("longer").lengthen(SEVEN, "50%")
    c = replay_table(ReplayTable.from_dossiers([d]), scenario)
    assert c.dropped_extensions == ("HS-A",)
    assert c == replay([d], scenario)


def test_a_settlement_on_the_spot_of_a_same_day_procedure_is_never_reformed() -> None:
    spot = proc("1.001193")  # birth registration, same day
    assert spot.deadline_time is not None
    d = Dossier.file(id="HS-S", procedure=spot, at=vn(3, 2), calendar=CAL)
    d = d.receive(at=vn(3, 2)).settle_on_the_spot(at=vn(3, 2), result="Giấy khai sinh")
    # No cut applies to a same-day limit, so the settlement stays allowed: no change.
    table = ReplayTable.from_dossiers([d])
    assert replay_table(table, Scenario("x").cut(SEVEN, 0.3)).changes == ()


def test_tables_concatenate_and_split() -> None:
    log = [_finished(f"HS-{day}", vn(3, 2), vn(3, day)) for day in (5, 6, 9)]
    table = ReplayTable.from_dossiers(log)
    assert [len(part) for part in table.split(2)] == [2, 1]
    assert ReplayTable.concat(table.split(2)).ids == table.ids
    with pytest.raises(ScenarioError, match="at least 1 part"):
        table.split(0)
    other = ReplayTable.from_dossiers(log, now=vn(4, 1))
    with pytest.raises(ScenarioError, match="same now"):
        ReplayTable.concat([table, other])


def test_merge_refusals() -> None:
    log = [_finished("HS-1", vn(3, 2), vn(3, 9))]
    with pytest.raises(ScenarioError, match="nothing to merge"):
        Comparison.merge([])
    a = replay(log, Scenario("a").cut(SEVEN, 0.3))
    b = replay(log, Scenario("b").cut(SEVEN, 0.5))
    with pytest.raises(ScenarioError, match="different scenarios"):
        Comparison.merge([a, b])
    from onestop.scoring import Period, Unit

    carded = replay(
        log, Scenario("a").cut(SEVEN, 0.3), period=Period.month(2026, 3), unit=Unit("1", "x")
    )
    with pytest.raises(ScenarioError, match="scorecards do not merge"):
        Comparison.merge([carded])


def test_moments_before_1976_are_refused() -> None:
    from onestop.whatif._table import _us

    with pytest.raises(ScenarioError, match="before 1976"):
        _us(datetime(1975, 1, 1, tzinfo=VIETNAM_TZ))


def test_tallies_add() -> None:
    assert Tally(early=1) + Tally(late=2) == Tally(early=1, late=2)
    assert Tally().__add__(3) is NotImplemented  # type: ignore[operator]
    assert sum((Tally(open=1),) * 3, Tally()) == Tally(open=3)


def test_a_dossier_beyond_the_calendar_names_itself() -> None:
    # Received on the last working days the calendar supports (2000..2099): lengthened to 14
    # working days, its due moment falls beyond them.
    received = datetime(2099, 12, 14, 9, tzinfo=VIETNAM_TZ)
    d = Dossier.file(id="HS-Z", procedure=SEVEN, at=received, calendar=CAL).receive(at=received)
    with pytest.raises(ScenarioError, match="HS-Z"):
        replay_table(ReplayTable.from_dossiers([d]), Scenario("x").lengthen(SEVEN, 1))


def test_an_apology_before_a_restart_is_checked_on_the_reformed_dossier() -> None:
    # Under the restart policy the papers' arrival starts the full limit again; an apology
    # sent before it is judged against the clock then, which only the events can say.
    rules = attrs.evolve(DECREE_118, supplement_policy=SupplementPolicy.RESTART)
    d = Dossier.file(id="HS-R", procedure=SEVEN, at=vn(3, 2), calendar=CAL, rules=rules)
    d = d.receive(at=vn(3, 2)).start_processing(at=vn(3, 3))
    d = d.extend(at=vn(3, 10), new_due=vn(3, 13, 17), reason="chờ xác minh")
    d = d.request_supplement(at=vn(3, 11), missing=["Tờ khai"]).receive_supplement(at=vn(3, 12))
    d = d.finish(at=vn(3, 20))
    table = ReplayTable.from_dossiers([d])
    assert list(table._events_kept) == [0]
    for scenario in (Scenario("shorter").cut(SEVEN, 0.5), Scenario("longer").lengthen(SEVEN, 1)):
        assert replay_table(table, scenario) == replay([d], scenario)


def test_chunks_are_at_least_one_dossier() -> None:
    with pytest.raises(ScenarioError, match="at least 1"):
        replay_chunks([], Scenario("x"), chunk_size=0)


def test_a_settlement_on_the_spot_the_scenario_forbids_is_refused_by_both_paths() -> None:
    # A same-day procedure whose channel rows carry the limit: giving the desk 2 working days
    # takes away the right to settle on the spot (neither flagged nor same day any more).
    birth = proc("1.001193")
    same_day = attrs.evolve(
        birth,
        processing_time=None,
        channels=tuple(
            attrs.evolve(row, processing_time=ProcessingTime.same_day()) for row in birth.channels
        ),
    )
    d = Dossier.file(id="HS-S", procedure=same_day, at=vn(3, 2), calendar=CAL)
    d = d.receive(at=vn(3, 2)).settle_on_the_spot(at=vn(3, 2), result="Giấy khai sinh")
    scenario = Scenario("slower").set_channel_time(same_day, "in_person", "02 ngày làm việc")
    with pytest.raises(ScenarioError, match="HS-S"):
        replay([d], scenario)
    with pytest.raises(ScenarioError, match=r"HS-S.*not settled on the spot"):
        replay_table(ReplayTable.from_dossiers([d]), scenario)
