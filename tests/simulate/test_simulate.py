"""The synthetic ward: byte-for-byte reproducible, every dossier legal and replayable, the
designed shares roughly met over a year, the first-Sunday sessions, the synthetic label, and
one test per argument check."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from onestop.calendar import WorkCalendar
from onestop.dossier import (
    ApologyStatus,
    Dossier,
    Extended,
    Outcome,
    SettledOnTheSpot,
    State,
    SupplementRequested,
)
from onestop.errors import DossierError, OnestopError
from onestop.procedures import (
    Catalog,
    Channel,
    ProcedureHistory,
    ProcedureVersion,
    default_catalog,
)
from onestop.scoring import evaluation_to_dict
from onestop.simulate import FIRST_SUNDAY_SOURCE, SyntheticWard, simulate_ward
from onestop.simulate._ward import _tet_holiday

START, END = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture(scope="module")
def year() -> SyntheticWard:
    """The default year at the default 12 dossiers a day: the one long generation."""
    return simulate_ward(seed=2026)


@pytest.fixture(scope="module")
def march() -> SyntheticWard:
    return simulate_ward(seed=7, start=START, end=END)


def log(ward: SyntheticWard) -> list[str]:
    """Every dossier and evaluation of ``ward`` as JSON text."""
    return [d.to_json() for d in ward.dossiers] + [
        json.dumps(evaluation_to_dict(e), ensure_ascii=False) for e in ward.evaluations
    ]


def counted(ward: SyntheticWard) -> Counter[Outcome]:
    outcomes = Counter(d.classify().outcome for d in ward.dossiers)
    return Counter({k: v for k, v in outcomes.items() if k is not Outcome.UNCOUNTED})


# ---------------------------------------------------------------- reproducibility


def test_same_seed_gives_the_same_log_byte_for_byte(march: SyntheticWard) -> None:
    again = simulate_ward(seed=7, start=START, end=END)
    assert log(again) == log(march)
    assert again == march


def test_different_seeds_give_different_logs(march: SyntheticWard) -> None:
    assert log(simulate_ward(seed=8, start=START, end=END)) != log(march)


def test_every_dossier_replays_from_its_json(year: SyntheticWard) -> None:
    for d in year.dossiers:
        assert Dossier.from_json(d.to_json(), procedure=d.procedure, calendar=d.calendar) == d


def test_every_dossier_replays_from_the_catalog(march: SyntheticWard) -> None:
    catalog = default_catalog()
    for d in march.dossiers:
        assert Dossier.from_json(d.to_json(), procedure=catalog, calendar=march.calendar) == d


# ---------------------------------------------------------------- the model


def test_shares_over_a_year_are_roughly_as_designed(year: SyntheticWard) -> None:
    outcomes = counted(year)
    total = sum(outcomes.values())
    assert total > 2500
    assert outcomes[Outcome.LATE] / total < 0.06
    assert outcomes[Outcome.LATE] > 0
    assert outcomes[Outcome.EARLY] / total > 0.5
    assert 0.15 < outcomes[Outcome.ON_TIME] / total < 0.45
    states = Counter(d.state for d in year.dossiers)
    assert states[State.RETURNED] / len(year.dossiers) > 0.95
    assert 0 < states[State.WITHDRAWN] / len(year.dossiers) < 0.03
    assert states[State.STOPPED] > 0
    supplements = [sum(isinstance(e, SupplementRequested) for e in d.events) for d in year.dossiers]
    assert 0.02 < sum(n > 0 for n in supplements) / len(supplements) < 0.12
    assert 0 < sum(n == 2 for n in supplements) < sum(n == 1 for n in supplements) / 3


def test_online_share_follows_the_parameter_where_both_channels_are_offered(
    year: SyntheticWard,
) -> None:
    both = [
        d
        for d in year.dossiers
        if {Channel.IN_PERSON, Channel.ONLINE} <= d.procedure.channel_set
        and d.procedure.time_for(Channel.ONLINE) is not None
        and d.procedure.time_for(Channel.IN_PERSON) is not None
        and year.calendar.is_working_day(d.filed_at.date())
    ]
    share = sum(d.channel is Channel.ONLINE for d in both) / len(both)
    assert abs(share - 0.35) < 0.04
    offline = simulate_ward(seed=3, online_share=0.0, start=START, end=END)
    assert all(
        d.channel is Channel.IN_PERSON or d.procedure.time_for(Channel.IN_PERSON) is None
        for d in offline.dossiers
    )


def test_a_few_procedures_make_most_of_the_volume(year: SyntheticWard) -> None:
    volumes = Counter(d.procedure.code for d in year.dossiers).most_common()
    top = math.ceil(len(volumes) / 10)
    assert sum(n for _, n in volumes[:top]) / len(year.dossiers) >= 0.5
    assert len(volumes) >= 20


def test_mondays_and_the_weeks_before_tet_are_busier(year: SyntheticWard) -> None:
    cal = year.calendar
    per_day = Counter(d.filed_at.date() for d in year.dossiers)
    working = [year.start + timedelta(days=i) for i in range(365)]
    working = [day for day in working if cal.is_working_day(day)]

    def mean(days: list[date]) -> float:
        return sum(per_day[day] for day in days) / len(days)

    mondays = [day for day in working if day.weekday() == 0]
    fridays = [day for day in working if day.weekday() == 4]
    assert mean(mondays) > mean(fridays)
    tet = _tet_holiday(cal, 2026)
    assert tet == (date(2026, 2, 14), date(2026, 2, 22))
    before = [day for day in working if tet[0] - timedelta(days=14) <= day < tet[0]]
    later = [day for day in working if date(2026, 3, 2) <= day < date(2026, 6, 1)]
    assert mean(before) > 1.25 * mean(later)


def test_first_sunday_dossiers_are_settled_on_the_spot(march: SyntheticWard) -> None:
    sunday = [d for d in march.dossiers if d.filed_at.date() == date(2026, 3, 1)]
    assert sunday
    assert march.calendar.explain(date(2026, 3, 1)).facts[-1].source == FIRST_SUNDAY_SOURCE
    for d in sunday:
        last = d.events[-1]
        assert isinstance(last, SettledOnTheSpot)
        assert last.at.date() == date(2026, 3, 1)
        assert d.state is State.RETURNED
    other_sundays = {d.filed_at.date() for d in march.dossiers if d.filed_at.weekday() == 6}
    assert other_sundays == {date(2026, 3, 1)}


def test_events_move_forward_inside_office_sessions(march: SyntheticWard) -> None:
    cal = march.calendar
    for d in march.dossiers:
        moments = [e.at for e in d.events]
        assert moments == sorted(moments)
        for event in d.events[1:]:
            day = event.at.date()
            if cal.is_working_day(day):
                assert cal.roll_to_session(event.at) == event.at, (d.id, event)
            else:
                assert cal.sessions(day), (d.id, event)


def test_late_dossiers_mostly_apologise_in_time(year: SyntheticWard) -> None:
    apologies = Counter(
        d.apology().status for d in year.dossiers if any(isinstance(e, Extended) for e in d.events)
    )
    assert apologies[ApologyStatus.SENT_IN_TIME] > apologies[ApologyStatus.SENT_LATE] > 0
    missing = [d for d in year.dossiers if d.apology().status is ApologyStatus.MISSING]
    assert 0 < len(missing) < apologies[ApologyStatus.SENT_IN_TIME]


def test_evaluations_follow_returns_and_are_mostly_satisfied(year: SyntheticWard) -> None:
    by_id = {d.id: d for d in year.dossiers}
    returned = sum(d.state is State.RETURNED for d in year.dossiers)
    assert 0.2 < len(year.evaluations) / returned < 0.4
    for e in year.evaluations:
        dossier = by_id[e.dossier_id]
        assert dossier.state is State.RETURNED
        assert e.at >= dossier.events[-1].at
    dislikes = sum(e.dislike for e in year.evaluations)
    assert 0 < dislikes < 0.1 * len(year.evaluations)


# ---------------------------------------------------------------- the label


def test_the_ward_says_it_is_synthetic(march: SyntheticWard) -> None:
    assert march.label == "synthetic"
    assert "SYNTHETIC" in repr(march)
    assert SyntheticWard.__doc__ is not None
    assert "SYNTHETIC" in SyntheticWard.__doc__
    assert "mô phỏng" in march.unit_name
    assert march.dossiers[0].id == "SYN-2026-000001"
    assert len({d.id for d in march.dossiers}) == len(march.dossiers)
    for d in march.dossiers:
        assert d.id.startswith("SYN-2026-")
        assert d.applicant is not None
        assert d.applicant.name.startswith("Công dân mô phỏng ")
        assert d.applicant.id_number is d.applicant.phone is d.applicant.address is None


def test_ids_count_per_filing_year() -> None:
    ward = simulate_ward(seed=1, start=date(2026, 12, 30), end=date(2027, 1, 6), daily_mean=5)
    years = {d.id[4:8] for d in ward.dossiers}
    assert years == {"2026", "2027"}
    first_2027 = next(d for d in ward.dossiers if d.id.startswith("SYN-2027-"))
    assert first_2027.id == "SYN-2027-000001"


# ---------------------------------------------------------------- parameters


def test_progress_is_reported_per_day() -> None:
    calls: list[tuple[int, int]] = []
    simulate_ward(
        seed=1,
        start=date(2026, 3, 2),
        end=date(2026, 3, 8),
        daily_mean=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(day, 7) for day in range(1, 8)]


def test_a_zero_mean_gives_no_dossier_and_a_large_one_many() -> None:
    assert simulate_ward(seed=1, daily_mean=0, start=START, end=END).dossiers == ()
    busy = simulate_ward(seed=1, start=date(2026, 3, 2), end=date(2026, 3, 3), daily_mean=80)
    assert 120 < len(busy.dossiers) < 220


def test_a_calendar_without_sessions_has_no_sunday_dossiers() -> None:
    ward = simulate_ward(seed=5, calendar=WorkCalendar.vietnam(), start=START, end=END)
    assert all(ward.calendar.is_working_day(d.filed_at.date()) for d in ward.dossiers)


def test_procedures_out_of_force_are_no_longer_filed() -> None:
    catalog = default_catalog()
    copy = catalog.get("2.000815", on=date(2026, 3, 1))
    paternity = catalog.get("1.001022", on=date(2026, 3, 1))
    ending = date(2026, 3, 15)
    small = Catalog(
        "two procedures",
        {
            "2.000815": ProcedureHistory(
                "2.000815", (ProcedureVersion(copy, effective_until=ending),)
            ),
            "1.001022": ProcedureHistory("1.001022", (ProcedureVersion(paternity),)),
        },
    )
    ward = simulate_ward(
        seed=4, start=date(2026, 3, 1), end=date(2026, 4, 10), daily_mean=6, catalog=small
    )
    codes_after = {d.procedure.code for d in ward.dossiers if d.filed_at.date() >= ending}
    assert codes_after == {"1.001022"}
    assert {d.procedure.code for d in ward.dossiers if d.filed_at.date() < ending} == {
        "2.000815",
        "1.001022",
    }
    only_paternity = Catalog("one", {"1.001022": small.histories["1.001022"]})
    ward = simulate_ward(seed=4, daily_mean=6, catalog=only_paternity, start=START, end=END)
    assert ward.dossiers
    assert all(ward.calendar.is_working_day(d.filed_at.date()) for d in ward.dossiers)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"start": date(2026, 3, 2), "end": date(2026, 3, 1)}, "end 2026-03-01 is before start"),
        ({"daily_mean": -1.0}, "daily_mean must be a finite number >= 0, got -1.0"),
        ({"daily_mean": math.nan}, "daily_mean must be a finite number >= 0"),
        ({"daily_mean": math.inf}, "daily_mean must be a finite number >= 0"),
        ({"daily_mean": "12"}, "daily_mean must be a number"),
        ({"online_share": -0.1}, "online_share must be between 0 and 1, got -0.1"),
        ({"online_share": 1.5}, "online_share must be between 0 and 1, got 1.5"),
        ({"online_share": True}, "online_share must be a number"),
        ({"seed": True}, "seed must be a whole number"),
        ({"seed": "42"}, "seed must be a whole number"),
        ({"start": datetime(2026, 3, 1)}, "start must be a date"),
        ({"end": "2026-12-31"}, "end must be a date"),
        ({"start": date(2017, 1, 1)}, "before the first one-stop rule set"),
        ({"start": date(2019, 1, 1), "end": date(2019, 1, 2)}, "no procedure of catalog"),
        ({"unit_code": " "}, "unit_code must be a non-empty text"),
        ({"unit_name": None}, "unit_name must be a non-empty text"),
        ({"calendar": "vietnam"}, "calendar must be a WorkCalendar"),
        ({"catalog": {}}, "catalog must be a Catalog"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(
    arguments: dict[str, object], message: str
) -> None:
    call: dict[str, object] = {"seed": 1, **arguments}
    with pytest.raises(DossierError, match=re.escape(message)) as error:
        simulate_ward(**call)  # type: ignore[arg-type]
    assert isinstance(error.value, OnestopError)
    assert isinstance(error.value, ValueError)
