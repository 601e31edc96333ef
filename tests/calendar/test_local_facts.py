"""Local facts: closures, local working days and special sessions, on top of the national
calendar.

rules.md: first-Sunday sessions ("Ngày Chủ nhật gần Dân", An Khê ward) add working sessions
for on-the-spot settlement; they do not change statutory deadlines unless configured.
Precedence (WorkCalendar._decide): local closure > local working day > counted special
session > official overlay > the week of Decision 188/1999/QĐ-TTg. Calendars are immutable.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import attrs
import pytest

from onestop.calendar import (
    VIETNAM_TZ,
    FactKind,
    OfficeHours,
    Session,
    SpecialSessions,
    WorkCalendar,
)
from onestop.errors import CalendarError

BASE = WorkCalendar.vietnam()

STORM_DAY = date(2025, 10, 28)  # a Tuesday
STORM = "Bão số 12"
STORM_ORDER = "Công điện của UBND thành phố"
SATURDAY = date(2026, 3, 7)
WARD_DECISION = "Quyết định của UBND phường"
AN_KHE_PLAN = "Kế hoạch của UBND phường An Khê"

#: The first Sundays of 2026.
FIRST_SUNDAYS_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 1),
    date(2026, 3, 1),
    date(2026, 4, 5),
    date(2026, 5, 3),
    date(2026, 6, 7),
    date(2026, 7, 5),
    date(2026, 8, 2),
    date(2026, 9, 6),
    date(2026, 10, 4),
    date(2026, 11, 1),
    date(2026, 12, 6),
]
MORNING = Session(time(7, 30), time(11, 30))
LATE_HOURS = OfficeHours(sessions=["08:00-12:00", "13:00-17:00"])


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM_TZ)


def first_sundays(*, counts: bool = False) -> WorkCalendar:
    return BASE.with_first_sunday_sessions(
        start=date(2024, 1, 1), source=AN_KHE_PLAN, counts_toward_deadlines=counts
    )


# ---------------------------------------------------------------------------- closures


def test_a_storm_closure_makes_a_working_day_non_working() -> None:
    assert BASE.is_working_day(STORM_DAY)
    closed = BASE.with_closures({STORM_DAY: STORM}, source=STORM_ORDER)
    assert not closed.is_working_day(STORM_DAY)
    assert closed.sessions(STORM_DAY) == ()
    # Deadlines move past the closed day.
    assert BASE.add_working_days(date(2025, 10, 27), 1) == STORM_DAY
    assert closed.add_working_days(date(2025, 10, 27), 1) == date(2025, 10, 29)
    assert closed.working_days_between(date(2025, 10, 27), date(2025, 10, 31)) == 3
    with pytest.raises(CalendarError, match="not a working day"):
        closed.closing_time(STORM_DAY)


def test_a_closure_is_explained_by_its_reason_and_source() -> None:
    closed = BASE.with_closures({STORM_DAY: STORM}, source=STORM_ORDER)
    explanation = closed.explain(STORM_DAY)
    assert not explanation.is_working_day
    fact = explanation.facts[0]
    assert fact.kind is FactKind.CLOSURE
    assert (fact.name_vi, fact.name_en, fact.source) == (STORM, STORM, STORM_ORDER)
    assert STORM in explanation.en
    assert STORM_ORDER in explanation.en
    assert STORM_ORDER in explanation.vi
    assert explanation.en.startswith("Tuesday 28/10/2025: not a working day.")


def test_a_closure_without_source_cites_its_reason() -> None:
    reason = "Bão số 12 (Công điện số 05/CĐ-UBND)"
    fact = BASE.with_closures({STORM_DAY: reason}).explain(STORM_DAY).facts[0]
    assert fact.source == reason


def test_closing_on_a_holiday() -> None:
    tet = date(2026, 2, 17)
    closed = BASE.with_closures({tet: STORM}, source=STORM_ORDER)
    assert not closed.is_working_day(tet)
    kinds = [fact.kind for fact in closed.explain(tet).facts]
    assert kinds[0] is FactKind.CLOSURE
    assert FactKind.HOLIDAY in kinds  # the holiday is still named
    assert closed.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 249


def test_closing_a_make_up_saturday() -> None:
    closed = BASE.with_closures({date(2026, 1, 10): STORM}, source=STORM_ORDER)
    assert not closed.is_working_day(date(2026, 1, 10))
    assert closed.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 248


def test_closures_accumulate() -> None:
    second = date(2025, 10, 29)
    closed = BASE.with_closures({STORM_DAY: STORM}).with_closures({second: "Lũ"})
    assert not closed.is_working_day(STORM_DAY)
    assert not closed.is_working_day(second)
    assert closed.add_working_days(date(2025, 10, 27), 1) == date(2025, 10, 30)


@pytest.mark.parametrize(
    "closures",
    [
        {STORM_DAY: ""},
        {STORM_DAY: "   "},
        {STORM_DAY: None},
        {datetime(2025, 10, 28, 8, 0, tzinfo=VIETNAM_TZ): STORM},
        {date(2100, 1, 1): STORM},
        [STORM_DAY],
    ],
    ids=["empty reason", "blank reason", "no reason", "datetime", "2100", "not a mapping"],
)
def test_bad_local_facts_are_refused(closures: object) -> None:
    with pytest.raises(CalendarError):
        BASE.with_closures(closures)  # type: ignore[arg-type]
    with pytest.raises(CalendarError):
        BASE.with_workdays(closures)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- local working days


def test_a_local_working_day() -> None:
    cal = BASE.with_workdays({SATURDAY: "Làm việc thứ Bảy"}, source=WARD_DECISION)
    assert not BASE.is_working_day(SATURDAY)
    assert cal.is_working_day(SATURDAY)
    fact = cal.explain(SATURDAY).facts[0]
    assert fact.kind is FactKind.LOCAL_WORKDAY
    assert fact.source == WARD_DECISION
    assert WARD_DECISION in cal.explain(SATURDAY).en
    assert cal.opening_time(SATURDAY) == at(SATURDAY, 7, 30)
    assert cal.closing_time(SATURDAY) == at(SATURDAY, 17)
    assert cal.add_working_days(date(2026, 3, 6), 1) == SATURDAY
    assert BASE.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_a_local_working_day_on_a_holiday_is_worked() -> None:
    tet = date(2026, 2, 17)
    cal = BASE.with_workdays({tet: "Trực Tết"}, source=WARD_DECISION)
    assert cal.is_working_day(tet)
    kinds = [fact.kind for fact in cal.explain(tet).facts]
    assert kinds[0] is FactKind.LOCAL_WORKDAY
    assert FactKind.HOLIDAY in kinds


@pytest.mark.parametrize("order", ["closure first", "working day first"])
def test_a_day_cannot_be_both_closed_and_worked(order: str) -> None:
    if order == "closure first":
        closed = BASE.with_closures({SATURDAY: STORM})
        with pytest.raises(CalendarError, match="2026-03-07"):
            closed.with_workdays({SATURDAY: "Làm việc thứ Bảy"})
    else:
        worked = BASE.with_workdays({SATURDAY: "Làm việc thứ Bảy"})
        with pytest.raises(CalendarError, match="2026-03-07"):
            worked.with_closures({SATURDAY: STORM})


def test_a_conflict_names_the_first_clashing_day() -> None:
    days = {date(2026, 3, 14): "Làm việc", date(2026, 3, 7): "Làm việc"}
    worked = BASE.with_workdays(days)
    with pytest.raises(CalendarError, match="2026-03-07"):
        worked.with_closures({date(2026, 3, 14): STORM, date(2026, 3, 7): STORM})


# ---------------------------------------------------------------------------- first Sundays


def test_first_sundays_are_open_but_not_working_days_by_default() -> None:
    cal = first_sundays()
    for sunday in FIRST_SUNDAYS_2026:
        assert sunday.weekday() == 6
        assert cal.sessions(sunday) == (MORNING,)
        assert not cal.is_working_day(sunday)
        assert BASE.sessions(sunday) == ()
    # Other Sundays, and first Sundays before the start, have no sessions.
    assert cal.sessions(date(2026, 3, 8)) == ()
    assert cal.sessions(date(2023, 12, 3)) == ()
    assert cal.sessions(date(2024, 1, 7)) == (MORNING,)


def test_first_sundays_do_not_change_deadlines_by_default() -> None:
    cal = first_sundays()
    assert cal.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 2)
    assert cal.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 249
    assert cal.roll_to_session(at(date(2026, 3, 1), 9)) == at(date(2026, 3, 2), 7, 30)
    assert cal.working_time_between(at(date(2026, 2, 28), 0), at(date(2026, 3, 2), 0)) == (
        timedelta(0)
    )


def test_first_sunday_sessions_are_explained() -> None:
    explanation = first_sundays().explain(date(2026, 3, 1))
    assert not explanation.is_working_day
    assert explanation.facts[0].kind is FactKind.WEEKEND
    special = [fact for fact in explanation.facts if fact.kind is FactKind.SPECIAL_SESSION]
    assert len(special) == 1
    assert special[0].source == AN_KHE_PLAN
    assert special[0].name_vi == "Ngày Chủ nhật gần Dân"
    assert AN_KHE_PLAN in explanation.en


def test_first_sundays_counting_toward_deadlines_are_working_days() -> None:
    cal = first_sundays(counts=True)
    sunday = date(2026, 3, 1)
    assert cal.is_working_day(sunday)
    assert cal.explain(sunday).facts[0].kind is FactKind.SPECIAL_SESSION
    # Deadlines get shorter: the Sunday counts.
    assert cal.add_working_days(date(2026, 2, 27), 1) == sunday
    assert cal.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 249 + 12
    assert cal.add_working_days(date(2026, 2, 27), 5) < BASE.add_working_days(date(2026, 2, 27), 5)
    # Its working hours are the special sessions.
    assert cal.opening_time(sunday) == at(sunday, 7, 30)
    assert cal.closing_time(sunday) == at(sunday, 11, 30)
    assert cal.working_time_between(at(sunday, 0), at(sunday, 23)) == timedelta(hours=4)
    assert cal.roll_to_session(at(sunday, 12)) == at(date(2026, 3, 2), 7, 30)


def test_first_sundays_with_own_hours_and_an_end() -> None:
    cal = BASE.with_first_sunday_sessions(
        start=date(2026, 1, 1),
        until=date(2026, 6, 30),
        sessions=["08:00-11:00", "14:00-16:00"],
        source=AN_KHE_PLAN,
    )
    assert [(s.start, s.end) for s in cal.sessions(date(2026, 6, 7))] == [
        (time(8), time(11)),
        (time(14), time(16)),
    ]
    assert cal.sessions(date(2026, 7, 5)) == ()


def test_facts_list_the_first_sundays_in_date_order() -> None:
    facts = first_sundays().facts(2026)
    special = [fact.day for fact in facts if fact.kind is FactKind.SPECIAL_SESSION]
    assert special == FIRST_SUNDAYS_2026
    assert [fact.day for fact in facts] == sorted(fact.day for fact in facts)
    # The official facts are still listed.
    assert len(facts) == len(BASE.facts(2026)) + 12


# ---------------------------------------------------------------------------- explicit lists


def test_special_sessions_on_an_explicit_list_of_dates() -> None:
    days = [date(2026, 3, 14), date(2026, 3, 21)]
    special = SpecialSessions(
        name_vi="Tiếp nhận hồ sơ thứ Bảy",
        name_en="Saturday reception",
        source=WARD_DECISION,
        days=days,
        sessions=["08:00-11:00"],
    )
    cal = BASE.with_special_sessions(special)
    for day in days:
        assert cal.sessions(day) == (Session(time(8), time(11)),)
        assert not cal.is_working_day(day)
    assert cal.sessions(date(2026, 3, 28)) == ()
    counted = BASE.with_special_sessions(attrs.evolve(special, counts_toward_deadlines=True))
    assert counted.is_working_day(date(2026, 3, 14))
    assert counted.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 14)
    assert counted.closing_time(date(2026, 3, 14)) == at(date(2026, 3, 14), 11)


def test_special_sessions_are_validated() -> None:
    with pytest.raises(CalendarError):
        SpecialSessions(name_vi="x", name_en="x", source="x", days=[date(2100, 1, 2)])
    with pytest.raises(CalendarError):
        SpecialSessions(
            name_vi="x",
            name_en="x",
            source="x",
            days=[datetime(2026, 3, 14, 8, 0, tzinfo=VIETNAM_TZ)],
        )
    with pytest.raises(CalendarError, match="overlap"):
        SpecialSessions(
            name_vi="x",
            name_en="x",
            source="x",
            days=[date(2026, 3, 14)],
            sessions=["08:00-11:00", "10:00-12:00"],
        )
    with pytest.raises(CalendarError, match="SpecialSessions"):
        BASE.with_special_sessions("first Sundays")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- closures win


@pytest.mark.parametrize("counts", [False, True], ids=["not counted", "counted"])
def test_a_closure_on_a_special_session_day_removes_its_sessions(counts: bool) -> None:
    sunday = date(2026, 3, 1)
    cal = first_sundays(counts=counts).with_closures({sunday: STORM}, source=STORM_ORDER)
    assert cal.sessions(sunday) == ()
    assert not cal.is_working_day(sunday)
    assert cal.explain(sunday).facts[0].kind is FactKind.CLOSURE
    assert cal.roll_to_session(at(sunday, 8)) == at(date(2026, 3, 2), 7, 30)
    # The other first Sundays keep theirs.
    assert cal.sessions(date(2026, 4, 5)) == (MORNING,)


# ---------------------------------------------------------------------------- facts(year)


def test_facts_list_local_decisions_with_the_official_ones() -> None:
    cal = (
        BASE.with_closures({STORM_DAY: STORM}, source=STORM_ORDER)
        .with_workdays({date(2025, 11, 8): "Làm việc thứ Bảy"}, source=WARD_DECISION)
        .with_first_sunday_sessions(start=date(2025, 12, 1), source=AN_KHE_PLAN)
    )
    listed = [(fact.day, fact.kind) for fact in cal.facts(2025)]
    official = [(fact.day, fact.kind) for fact in BASE.facts(2025)]
    assert listed == sorted(
        [
            *official,
            (STORM_DAY, FactKind.CLOSURE),
            (date(2025, 11, 8), FactKind.LOCAL_WORKDAY),
            (date(2025, 12, 7), FactKind.SPECIAL_SESSION),
        ]
    )
    assert [fact.kind for fact in BASE.facts(2025)].count(FactKind.CLOSURE) == 0


def test_facts_of_a_year_outside_the_supported_range_raise() -> None:
    with pytest.raises(CalendarError):
        BASE.facts(2100)


# ---------------------------------------------------------------------------- immutability


def test_calendars_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        BASE.strict = True  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        BASE.name = "changed"  # type: ignore[misc]


def test_deriving_leaves_the_base_calendar_unchanged() -> None:
    base = WorkCalendar.vietnam().with_closures({})  # a calendar of our own
    days = [date(2025, 10, 1) + timedelta(days=i) for i in range(200)]
    before = [base.is_working_day(day) for day in days]
    sessions_before = [base.sessions(day) for day in days]
    explanations_before = [base.explain(day).en for day in days]
    deadline_before = base.add_working_days(date(2025, 10, 27), 10)

    derived = [
        base.with_closures({STORM_DAY: STORM}, source=STORM_ORDER),
        base.with_workdays({date(2025, 11, 8): "Làm việc thứ Bảy"}),
        base.with_first_sunday_sessions(start=date(2025, 1, 1), source=AN_KHE_PLAN),
        base.with_first_sunday_sessions(
            start=date(2025, 1, 1), source=AN_KHE_PLAN, counts_toward_deadlines=True
        ),
        base.with_office_hours(LATE_HOURS),
    ]
    for cal in derived:  # use them, so that they build their own tables
        cal.working_days_between(date(2025, 1, 1), date(2027, 1, 1))

    assert [base.is_working_day(day) for day in days] == before
    assert [base.sessions(day) for day in days] == sessions_before
    assert [base.explain(day).en for day in days] == explanations_before
    assert base.add_working_days(date(2025, 10, 27), 10) == deadline_before
    assert base.is_working_day(STORM_DAY)
    assert not base.is_working_day(date(2025, 11, 8))
    assert base.sessions(date(2025, 12, 7)) == ()
    assert base.opening_time(STORM_DAY) == at(STORM_DAY, 7, 30)
    # And each derived calendar kept its own change.
    assert not derived[0].is_working_day(STORM_DAY)
    assert derived[1].is_working_day(date(2025, 11, 8))
    assert derived[2].sessions(date(2025, 12, 7)) == (MORNING,)
    assert derived[3].is_working_day(date(2025, 12, 7))
    assert derived[4].opening_time(STORM_DAY) == at(STORM_DAY, 8)


def test_the_national_calendar_is_not_changed_by_local_calendars() -> None:
    BASE.with_closures({STORM_DAY: STORM}).is_working_day(STORM_DAY)
    BASE.with_first_sunday_sessions(
        start=date(2024, 1, 1), source=AN_KHE_PLAN, counts_toward_deadlines=True
    ).is_working_day(date(2026, 3, 1))
    fresh_national = WorkCalendar.vietnam()
    assert fresh_national.is_working_day(STORM_DAY)
    assert not fresh_national.is_working_day(date(2026, 3, 1))
    assert fresh_national.sessions(date(2026, 3, 1)) == ()
    assert fresh_national.facts(2026) == BASE.facts(2026)
