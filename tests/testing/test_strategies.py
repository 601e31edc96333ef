"""The guarantees of :mod:`onestop.testing.strategies`, each as a property, and that examples
shrink small. Example counts come from the profile of ``tests/conftest.py``."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import FINAL_STATES, Dossier, EventKind, Outcome
from onestop.errors import CatalogError
from onestop.procedures import Catalog, Channel, Procedure, dumps_catalog, loads_catalog
from onestop.testing.strategies import (
    CATALOG_RULES,
    catalogs,
    dossiers,
    invalid_catalogs,
    moments_in_session,
    moments_outside_session,
    non_working_days,
    procedures,
    processing_times,
    working_days,
)
from onestop.timing import ProcessingTime, TimeUnit

CALENDAR = WorkCalendar.vietnam()
# Tết 2026 and the days around it; a ward closed on the Monday after.
TET_FIRST, TET_LAST = date(2026, 2, 10), date(2026, 2, 28)
WARD = CALENDAR.with_closures({date(2026, 2, 23): "Ngập lụt"})


def quietly(condition: Callable[[Dossier], bool], *, shrink: bool = True) -> Dossier:
    """``find(dossiers(), condition)``: Hypothesis warns that a dossier's repr is long.
    Without ``shrink``, the first dossier found (shrinking a long walk takes seconds)."""
    # find's own default example budget, with the shrinking left out.
    quick = settings(max_examples=2000, phases=[Phase.generate], database=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return find(dossiers(), condition, settings=None if shrink else quick)


# ------------------------------------------------------------------ calendar


@given(working_days())
def test_working_days_are_worked(day: date) -> None:
    assert CALENDAR.is_working_day(day)
    assert date(2018, 1, 1) <= day <= date(2026, 12, 31)


@given(non_working_days())
def test_non_working_days_are_not_worked(day: date) -> None:
    assert not CALENDAR.is_working_day(day)


@given(
    working_days(WARD, min_value=TET_FIRST, max_value=TET_LAST),
    non_working_days(WARD, min_value=TET_FIRST, max_value=TET_LAST),
)
def test_days_follow_the_given_calendar_and_range(worked: date, rest: date) -> None:
    assert TET_FIRST <= worked <= TET_LAST
    assert TET_FIRST <= rest <= TET_LAST
    assert WARD.is_working_day(worked)
    assert not WARD.is_working_day(rest)
    assert worked != date(2026, 2, 23)


@given(moments_in_session())
def test_moments_in_session_are_in_a_working_session(moment: datetime) -> None:
    assert moment.tzinfo is VIETNAM_TZ
    assert CALENDAR.is_working_day(moment.date())
    assert CALENDAR.roll_to_session(moment) == moment


@given(moments_outside_session(), moments_outside_session(WARD))
def test_moments_outside_session_are_outside(national: datetime, ward: datetime) -> None:
    assert CALENDAR.roll_to_session(national) > national
    assert WARD.roll_to_session(ward) > ward
    clock = national.time()
    assert not any(s.start <= clock < s.end for s in CALENDAR.sessions(national.date()))


def test_calendar_strategies_shrink_to_the_start_of_the_range() -> None:
    assert find(working_days(), lambda day: True) == date(2018, 1, 2)
    assert find(non_working_days(), lambda day: True) == date(2018, 1, 1)
    opening = find(moments_in_session(), lambda moment: True)
    assert opening.isoformat() == "2018-01-02T07:30:00+07:00"
    midnight = find(moments_outside_session(), lambda moment: True)
    assert midnight.isoformat() == "2018-01-01T00:00:00+07:00"


def test_an_empty_range_is_refused() -> None:
    with pytest.raises(ValueError, match="min_value 2026-01-02 is after max_value"):
        working_days(min_value=date(2026, 1, 2), max_value=date(2026, 1, 1))


# ------------------------------------------------------------------ processing times


@given(processing_times())
def test_processing_times_read_back_from_their_text(limit: ProcessingTime) -> None:
    assert ProcessingTime.parse(str(limit)) == limit


@given(processing_times([TimeUnit.WORKING_HOURS, TimeUnit.SAME_DAY]))
def test_processing_times_keep_to_the_units_asked(limit: ProcessingTime) -> None:
    assert limit.unit in (TimeUnit.WORKING_HOURS, TimeUnit.SAME_DAY)


def test_processing_times_need_a_unit() -> None:
    with pytest.raises(ValueError, match="units is empty"):
        processing_times([])


# ------------------------------------------------------------------ procedures and catalogs


@given(procedures(timed=True))
def test_timed_procedures_have_a_limit_on_every_channel(procedure: Procedure) -> None:
    assert procedure.processing_time is not None
    assert all(procedure.time_for(channel) is not None for channel in Channel)


@given(procedures(timed=False))
def test_untimed_procedures_have_no_limit(procedure: Procedure) -> None:
    assert all(procedure.time_for(channel) is None for channel in Channel)


@given(catalogs())
def test_catalogs_load_back_from_their_file(catalog: Catalog) -> None:
    assert 1 <= len(catalog.histories) <= 4
    assert loads_catalog(dumps_catalog(catalog)) == catalog
    assert loads_catalog(dumps_catalog(catalog, format="json"), format="json") == catalog


@given(catalogs(max_procedures=1))
def test_catalogs_keep_to_max_procedures(catalog: Catalog) -> None:
    assert len(catalog.histories) == 1


@given(invalid_catalogs())
def test_invalid_catalogs_are_refused_naming_their_rule(pair: tuple[str, str]) -> None:
    text, rule = pair
    with pytest.raises(CatalogError) as refused:
        loads_catalog(text)
    assert len(refused.value.problems) == 1, str(refused.value)
    assert CATALOG_RULES[rule] in str(refused.value)


@pytest.mark.parametrize("rule", sorted(CATALOG_RULES))
def test_every_rule_is_broken_and_shrinks_to_one_procedure(rule: str) -> None:
    text, found = find(invalid_catalogs(), lambda pair: pair[1] == rule)
    assert found == rule
    assert text.count("[[procedure]]") == (2 if rule == "duplicate code" else 1)


# ------------------------------------------------------------------ dossiers


def replay(dossier: Dossier) -> Dossier:
    """The dossier rebuilt from its events, one by one."""
    filed = dossier.events[0]
    again = Dossier.file(
        id=dossier.id,
        procedure=dossier.procedure,
        at=filed.at,
        calendar=dossier.calendar,
        channel=dossier.channel,
    )
    for event in dossier.events[1:]:
        again = again.apply(event)
    return again


@given(dossiers())
def test_dossier_histories_are_legal_and_replay(dossier: Dossier) -> None:
    events = dossier.events
    assert 1 <= len(events) <= 15
    assert events[0].kind is EventKind.FILE
    assert all(a.at <= b.at for a, b in pairwise(events))
    assert all(event.kind is not EventKind.FILE for event in events[1:])
    again = replay(dossier)
    assert again.events == events
    assert again.state is dossier.state


@given(st.data())
def test_dossiers_keep_to_their_bounds_calendar_and_catalog(data: st.DataObject) -> None:
    catalog = data.draw(catalogs(max_procedures=2))
    dossier = data.draw(dossiers(WARD, catalog, min_events=3, max_events=5))
    assert 3 <= len(dossier.events) <= 5
    assert dossier.calendar is WARD
    assert dossier.procedure.code in catalog.histories
    assert replay(dossier).events == dossier.events


def test_dossiers_shrink_to_few_events() -> None:
    dossier = quietly(lambda d: len(d.events) >= 3)
    assert len(dossier.events) == 3
    assert dossier.events[0].at == dossier.events[-1].at


@pytest.mark.parametrize(
    "kind",
    [
        EventKind.REQUEST_COMPLETION,
        EventKind.REQUEST_SUPPLEMENT,
        EventKind.RECEIVE_PAYMENT,
        EventKind.SUSPEND,
        EventKind.EXTEND,
        EventKind.RETURN_RESULT,
        EventKind.WITHDRAW,
    ],
)
def test_walks_reach_every_kind_of_event(kind: EventKind) -> None:
    dossier = quietly(lambda d: any(event.kind is kind for event in d.events), shrink=False)
    assert replay(dossier).events == dossier.events


def test_walks_include_late_returns() -> None:
    dossier = quietly(
        lambda d: (
            d.state in FINAL_STATES
            and d.events[-1].kind is EventKind.RETURN_RESULT
            and d.classify().outcome is Outcome.LATE
        ),
        shrink=False,
    )
    assert dossier.classify().outcome is Outcome.LATE
    assert dossier.events[-1].at - dossier.events[0].at > timedelta(0)


def test_event_bounds_are_checked() -> None:
    with pytest.raises(ValueError, match="min_events 0"):
        dossiers(min_events=0)
    with pytest.raises(ValueError, match="min_events 4, max_events 3"):
        dossiers(min_events=4, max_events=3)
