"""The official civil-servant calendar 2018–2026, fact by fact, as calendar.md states it.

The expected dates below are copied from the table "Official schedule per year" of
shared/domain/calendar.md, not from the shipped TOML overlay, so that a wrong overlay entry
fails here. Every weekday day off and every make-up Saturday is one test case.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib.metadata import version
from typing import Any

import holidays
import pytest

from onestop.calendar import DayFact, FactKind, Status, WorkCalendar
from onestop.errors import CalendarError

CAL = WorkCalendar.vietnam()

LABOUR_CODE = "Labour Code"

#: Key documents of each year (last column of calendar.md's table). calendar.md notes that
#: for 2020–2023 some days follow from the Labour Code with no announcement number cited.
YEAR_DOCUMENTS: dict[int, tuple[str, ...]] = {
    2018: ("TB 573/TB-VPCP", "TB 5427/TB-LĐTBXH", "CV 6519/VPCP-KGVX"),
    2019: ("CV 6519/VPCP-KGVX", "TB 3238/TB-LĐTBXH"),
    2020: ("CV 9087/VPCP-KGVX", "TB 4544/TB-LĐTBXH", LABOUR_CODE),
    2021: ("CV 9895/VPCP-KGVX", LABOUR_CODE),
    2022: ("CV 245/VPCP-KGVX", LABOUR_CODE),
    2023: ("CV 8056/VPCP-KGVX", LABOUR_CODE),
    2024: ("CV 8662/VPCP-KGVX", "TB 5015/TB-LĐTBXH", "CV 2450/VPCP-KGVX"),
    2025: ("CV 8726/VPCP-KGVX", "TB 6150/TB-BLĐTBXH"),
    2026: ("VB 12729/VPCP-KGVX", "TB 9441/TB-BNV", "80-NQ/TW", "30/NQ-CP"),
}

HOLIDAY = "holiday"  # a statutory holiday or its compensatory day
SWAP = "swap"  # a working day given off in exchange for a make-up Saturday
POLICY = "policy"  # 24/11/2026, announced by policy resolutions only


def _off(day: date, what: str, kind: str = HOLIDAY, documents: tuple[str, ...] = ()) -> Any:
    return pytest.param(
        day, kind, documents or YEAR_DOCUMENTS[day.year], id=f"{day.isoformat()} {what}"
    )


#: Every weekday day off of calendar.md's table, year by year.
DAYS_OFF = [
    # 2018
    _off(date(2018, 1, 1), "New Year"),
    _off(date(2018, 2, 14), "Tet"),
    _off(date(2018, 2, 15), "Tet"),
    _off(date(2018, 2, 16), "Tet"),
    _off(date(2018, 2, 19), "Tet"),
    _off(date(2018, 2, 20), "Tet"),
    _off(date(2018, 4, 25), "Gio To"),
    _off(date(2018, 4, 30), "30/4"),
    _off(date(2018, 5, 1), "1/5"),
    _off(date(2018, 9, 3), "National Day, 2/9 is a Sunday"),
    _off(date(2018, 12, 31), "swap for Sat 05/01/2019", SWAP, ("CV 6519/VPCP-KGVX",)),
    # 2019
    _off(date(2019, 1, 1), "New Year"),
    _off(date(2019, 2, 4), "Tet"),
    _off(date(2019, 2, 5), "Tet"),
    _off(date(2019, 2, 6), "Tet"),
    _off(date(2019, 2, 7), "Tet"),
    _off(date(2019, 2, 8), "Tet"),
    _off(date(2019, 4, 15), "Gio To, 14/4 is a Sunday"),
    _off(date(2019, 4, 29), "swap for Sat 04/05", SWAP),
    _off(date(2019, 4, 30), "30/4"),
    _off(date(2019, 5, 1), "1/5"),
    _off(date(2019, 9, 2), "National Day"),
    # 2020
    _off(date(2020, 1, 1), "New Year"),
    _off(date(2020, 1, 23), "Tet"),
    _off(date(2020, 1, 24), "Tet"),
    _off(date(2020, 1, 27), "Tet"),
    _off(date(2020, 1, 28), "Tet"),
    _off(date(2020, 1, 29), "Tet"),
    _off(date(2020, 4, 2), "Gio To"),
    _off(date(2020, 4, 30), "30/4"),
    _off(date(2020, 5, 1), "1/5"),
    _off(date(2020, 9, 2), "National Day (one day)"),
    # 2021
    _off(date(2021, 1, 1), "New Year"),
    _off(date(2021, 2, 10), "Tet"),
    _off(date(2021, 2, 11), "Tet"),
    _off(date(2021, 2, 12), "Tet"),
    _off(date(2021, 2, 15), "Tet"),
    _off(date(2021, 2, 16), "Tet"),
    _off(date(2021, 4, 21), "Gio To"),
    _off(date(2021, 4, 30), "30/4"),
    _off(date(2021, 5, 3), "1/5 is a Saturday"),
    _off(date(2021, 9, 2), "National Day"),
    _off(date(2021, 9, 3), "National Day, adjacent day"),
    # 2022
    _off(date(2022, 1, 3), "New Year, 1/1 is a Saturday"),
    _off(date(2022, 1, 31), "Tet"),
    _off(date(2022, 2, 1), "Tet"),
    _off(date(2022, 2, 2), "Tet"),
    _off(date(2022, 2, 3), "Tet"),
    _off(date(2022, 2, 4), "Tet"),
    _off(date(2022, 4, 11), "Gio To"),
    _off(date(2022, 5, 2), "30/4"),
    _off(date(2022, 5, 3), "1/5"),
    _off(date(2022, 9, 1), "National Day, adjacent day"),
    _off(date(2022, 9, 2), "National Day"),
    # 2023
    _off(date(2023, 1, 2), "New Year, 1/1 is a Sunday"),
    _off(date(2023, 1, 20), "Tet"),
    _off(date(2023, 1, 23), "Tet"),
    _off(date(2023, 1, 24), "Tet"),
    _off(date(2023, 1, 25), "Tet"),
    _off(date(2023, 1, 26), "Tet"),
    _off(date(2023, 5, 1), "1/5"),
    _off(date(2023, 5, 2), "compensation for 29/4 (Gio To) and 30/4"),
    _off(date(2023, 5, 3), "compensation for 29/4 (Gio To) and 30/4"),
    _off(date(2023, 9, 1), "National Day, adjacent day"),
    _off(date(2023, 9, 4), "National Day, 2/9 is a Saturday"),
    # 2024
    _off(date(2024, 1, 1), "New Year"),
    _off(date(2024, 2, 8), "Tet"),
    _off(date(2024, 2, 9), "Tet"),
    _off(date(2024, 2, 12), "Tet"),
    _off(date(2024, 2, 13), "Tet"),
    _off(date(2024, 2, 14), "Tet"),
    _off(date(2024, 4, 18), "Gio To"),
    _off(date(2024, 4, 29), "swap for Sat 04/05", SWAP),
    _off(date(2024, 4, 30), "30/4"),
    _off(date(2024, 5, 1), "1/5"),
    _off(date(2024, 9, 2), "National Day"),
    _off(date(2024, 9, 3), "National Day, adjacent day"),
    # 2025
    _off(date(2025, 1, 1), "New Year"),
    _off(date(2025, 1, 27), "Tet"),
    _off(date(2025, 1, 28), "Tet"),
    _off(date(2025, 1, 29), "Tet"),
    _off(date(2025, 1, 30), "Tet"),
    _off(date(2025, 1, 31), "Tet"),
    _off(date(2025, 4, 7), "Gio To"),
    _off(date(2025, 4, 30), "30/4"),
    _off(date(2025, 5, 1), "1/5"),
    _off(date(2025, 5, 2), "swap for Sat 26/04", SWAP),
    _off(date(2025, 9, 1), "National Day, adjacent day"),
    _off(date(2025, 9, 2), "National Day"),
    # 2026
    _off(date(2026, 1, 1), "New Year"),
    _off(date(2026, 1, 2), "swap for Sat 10/01", SWAP, ("VB 12729/VPCP-KGVX",)),
    _off(date(2026, 2, 16), "Tet"),
    _off(date(2026, 2, 17), "Tet"),
    _off(date(2026, 2, 18), "Tet"),
    _off(date(2026, 2, 19), "Tet"),
    _off(date(2026, 2, 20), "Tet"),
    _off(date(2026, 4, 27), "Gio To, 26/4 is a Sunday"),
    _off(date(2026, 4, 30), "30/4"),
    _off(date(2026, 5, 1), "1/5"),
    _off(date(2026, 8, 31), "swap for Sat 22/08", SWAP),
    _off(date(2026, 9, 1), "National Day, adjacent day"),
    _off(date(2026, 9, 2), "National Day"),
    _off(date(2026, 11, 24), "Vietnam Culture Day", POLICY, ("80-NQ/TW", "30/NQ-CP")),
]


def _make_up(day: date, swapped: date, documents: tuple[str, ...] = ()) -> Any:
    return pytest.param(
        day,
        swapped,
        documents or YEAR_DOCUMENTS[day.year],
        id=f"{day.isoformat()} made up for {swapped.isoformat()}",
    )


#: Every make-up Saturday (làm bù) of calendar.md's table, with the day off it pays for.
MAKE_UP_SATURDAYS = [
    _make_up(date(2019, 1, 5), date(2018, 12, 31), ("CV 6519/VPCP-KGVX",)),
    _make_up(date(2019, 5, 4), date(2019, 4, 29)),
    _make_up(date(2024, 5, 4), date(2024, 4, 29)),
    _make_up(date(2025, 4, 26), date(2025, 5, 2)),
    _make_up(date(2026, 1, 10), date(2026, 1, 2), ("VB 12729/VPCP-KGVX",)),
    _make_up(date(2026, 8, 22), date(2026, 8, 31)),
]


def _dates(params: list[Any], year: int) -> set[date]:
    return {param.values[0] for param in params if param.values[0].year == year}


#: Working days of each year, counted by hand from calendar.md's table: the Mondays to
#: Fridays of the year, less the weekday days off, plus the make-up Saturdays.
WORKING_DAYS_PER_YEAR = {
    2018: 261 - 11 + 0,
    2019: 261 - 11 + 2,
    2020: 262 - 10 + 0,
    2021: 261 - 11 + 0,
    2022: 260 - 11 + 0,
    2023: 260 - 11 + 0,
    2024: 262 - 12 + 1,
    2025: 261 - 12 + 1,
    2026: 261 - 14 + 2,
}

CONFIRMED_YEARS = range(2018, 2027)


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


# ---------------------------------------------------------------------------- the table


@pytest.mark.parametrize(("day", "kind", "documents"), DAYS_OFF)
def test_weekday_day_off_is_not_a_working_day(
    day: date, kind: str, documents: tuple[str, ...]
) -> None:
    assert day.weekday() < 5, "calendar.md lists weekdays off only"
    assert not CAL.is_working_day(day)
    explanation = CAL.explain(day)
    assert not explanation.is_working_day
    deciding = explanation.facts[0]
    assert deciding.day == day
    expected_kinds = {
        HOLIDAY: {FactKind.HOLIDAY, FactKind.COMPENSATORY},
        SWAP: {FactKind.SWAP},
        POLICY: {FactKind.POLICY},
    }[kind]
    assert deciding.kind in expected_kinds
    assert any(document in deciding.source for document in documents), deciding.source


@pytest.mark.parametrize(("day", "swapped", "documents"), MAKE_UP_SATURDAYS)
def test_make_up_saturday_is_a_working_day(
    day: date, swapped: date, documents: tuple[str, ...]
) -> None:
    assert day.weekday() == 5, "calendar.md's make-up days are Saturdays"
    assert CAL.is_working_day(day)
    assert not CAL.is_working_day(swapped)
    explanation = CAL.explain(day)
    assert explanation.is_working_day
    assert explanation.facts[0].kind is FactKind.MAKE_UP
    assert any(document in explanation.facts[0].source for document in documents)
    assert any(document in explanation.en for document in documents)


@pytest.mark.parametrize("year", CONFIRMED_YEARS)
def test_no_other_weekday_is_off_and_no_other_weekend_day_is_worked(year: int) -> None:
    weekdays_off = {d for d in _days_of(year) if d.weekday() < 5 and not CAL.is_working_day(d)}
    weekend_worked = {d for d in _days_of(year) if d.weekday() >= 5 and CAL.is_working_day(d)}
    assert weekdays_off == _dates(DAYS_OFF, year)
    assert weekend_worked == _dates(MAKE_UP_SATURDAYS, year)


@pytest.mark.parametrize("year", CONFIRMED_YEARS)
def test_working_days_per_year(year: int) -> None:
    # The hand count agrees with the table above...
    weekdays = sum(1 for d in _days_of(year) if d.weekday() < 5)
    from_table = weekdays - len(_dates(DAYS_OFF, year)) + len(_dates(MAKE_UP_SATURDAYS, year))
    assert from_table == WORKING_DAYS_PER_YEAR[year]
    # ...and with the calendar, by counting and by its own arithmetic.
    assert sum(CAL.is_working_day(d) for d in _days_of(year)) == WORKING_DAYS_PER_YEAR[year]
    assert (
        CAL.working_days_between(date(year, 1, 1), date(year + 1, 1, 1))
        == WORKING_DAYS_PER_YEAR[year]
    )


def test_ordinary_weekdays_are_worked_and_weekends_are_not() -> None:
    assert CAL.is_working_day(date(2026, 3, 2))  # Monday
    assert CAL.is_working_day(date(2026, 3, 6))  # Friday
    assert not CAL.is_working_day(date(2026, 3, 7))  # Saturday
    assert not CAL.is_working_day(date(2026, 3, 8))  # Sunday


# ---------------------------------------------------------------------------- 2026 vs holidays


def _holidays_vn() -> Any:
    return holidays.country_holidays("VN", years=range(2018, 2027))


def test_holidays_package_is_the_pinned_version() -> None:
    # calendar.md's comparison was made with holidays 0.109; results change between releases.
    assert version("holidays").split(".")[:2] == ["0", "109"]


def test_2026_01_02_is_off_although_holidays_counts_it_worked() -> None:
    day = date(2026, 1, 2)
    assert _holidays_vn().is_working_day(day)
    assert not CAL.is_working_day(day)
    fact = CAL.explain(day).facts[0]
    assert fact.kind is FactKind.SWAP
    assert "VB 12729/VPCP-KGVX" in fact.source
    assert fact.status is Status.CONFIRMED


def test_saturday_2026_01_10_is_worked_although_holidays_counts_it_off() -> None:
    day = date(2026, 1, 10)
    assert not _holidays_vn().is_working_day(day)
    assert CAL.is_working_day(day)
    fact = CAL.explain(day).facts[0]
    assert fact.kind is FactKind.MAKE_UP
    assert "VB 12729/VPCP-KGVX" in fact.source


def test_2026_11_24_is_off_but_estimated() -> None:
    day = date(2026, 11, 24)
    assert day in _holidays_vn()
    assert not CAL.is_working_day(day)
    explanation = CAL.explain(day)
    assert explanation.estimated
    fact = explanation.facts[0]
    assert fact.kind is FactKind.POLICY
    assert fact.status is Status.ESTIMATED
    assert "80-NQ/TW" in fact.source
    assert "30/NQ-CP" in fact.source
    assert CAL.rests_on_estimates(date(2026, 11, 20), date(2026, 11, 30))
    # The rest of 2026 is confirmed.
    assert not CAL.rests_on_estimates(date(2026, 1, 1), date(2026, 11, 23))
    assert not CAL.rests_on_estimates(date(2026, 11, 25), date(2026, 12, 31))
    assert CAL.year_status(2026) is Status.CONFIRMED


def test_2026_working_days_differ_from_holidays_only_on_2_and_10_january() -> None:
    # 24/11 is the third difference of calendar.md, but both count it as a day off; what
    # differs there is the status (estimated), tested above.
    reference = _holidays_vn()
    differing = {d for d in _days_of(2026) if CAL.is_working_day(d) != reference.is_working_day(d)}
    assert differing == {date(2026, 1, 2), date(2026, 1, 10)}


@pytest.mark.parametrize("year", range(2018, 2026))
def test_holidays_package_agrees_on_every_date(year: int) -> None:
    # calendar.md: "2018–2025 agree on every date" (is_working_day of holidays 0.109).
    reference = _holidays_vn()
    disagreeing = [
        d for d in _days_of(year) if reference.is_working_day(d) != CAL.is_working_day(d)
    ]
    assert disagreeing == []


# ---------------------------------------------------------------------------- explanations


def test_explain_swap_names_the_dispatch_in_both_languages() -> None:
    explanation = CAL.explain(date(2026, 1, 2))
    assert explanation.en.startswith("Friday 02/01/2026: not a working day.")
    assert explanation.vi.startswith("Thứ Sáu 02/01/2026: ngày nghỉ.")
    assert "VB 12729/VPCP-KGVX (25/12/2025)" in explanation.en
    assert "VB 12729/VPCP-KGVX (25/12/2025)" in explanation.vi
    assert str(explanation) == f"{explanation.vi}\n{explanation.en}"


def test_explain_make_up_saturday_also_names_the_weekly_rest_rule() -> None:
    explanation = CAL.explain(date(2026, 1, 10))
    assert explanation.en.startswith("Saturday 10/01/2026: working day.")
    assert "VB 12729/VPCP-KGVX" in explanation.en
    assert "Decision 188/1999/QĐ-TTg" in explanation.en
    assert "Quyết định 188/1999/QĐ-TTg" in explanation.vi
    assert [fact.kind for fact in explanation.facts] == [FactKind.MAKE_UP, FactKind.WEEKEND]


def test_explain_policy_day_names_both_resolutions_and_says_estimated() -> None:
    explanation = CAL.explain(date(2026, 11, 24))
    assert "80-NQ/TW" in explanation.en
    assert "30/NQ-CP" in explanation.en
    assert "estimated" in explanation.en
    assert "ước tính" in explanation.vi


@pytest.mark.parametrize(
    ("day", "basis_en", "basis_vi"),
    [
        (
            date(2020, 1, 1),
            "Labour Code 2012 art. 115(1)",
            "khoản 1 Điều 115 Bộ luật Lao động 2012",
        ),
        (
            date(2018, 9, 3),
            "Labour Code 2012 art. 115(3)",
            "khoản 3 Điều 115 Bộ luật Lao động 2012",
        ),
        (
            date(2026, 2, 17),
            "Labour Code 2019 art. 112(1)",
            "khoản 1 Điều 112 Bộ luật Lao động 2019",
        ),
        (
            date(2022, 1, 3),
            "Labour Code 2019 art. 111(3)",
            "khoản 3 Điều 111 Bộ luật Lao động 2019",
        ),
    ],
)
def test_explain_holiday_cites_the_labour_code_in_force_on_the_day(
    day: date, basis_en: str, basis_vi: str
) -> None:
    explanation = CAL.explain(day)
    assert basis_en in explanation.en
    assert basis_vi in explanation.vi
    assert not explanation.estimated
    assert "estimated" not in explanation.en


@pytest.mark.parametrize("day", [date(2010, 1, 1), date(2013, 4, 30)])
def test_explain_never_cites_a_labour_code_not_yet_in_force(day: date) -> None:
    # DayFact.basis: "the legal rule behind this kind of fact, by the law in force on the
    # day". The 2012 Code took effect on 01/05/2013 and the 2019 Code on 01/01/2021.
    fact = CAL.explain(day).facts[0]
    assert fact.kind is FactKind.HOLIDAY
    assert "2012" not in fact.basis
    assert "2019" not in fact.basis


def test_explain_holiday_fact_keeps_the_announcement_as_source() -> None:
    fact = CAL.explain(date(2026, 2, 17)).facts[0]
    assert fact.kind is FactKind.HOLIDAY
    assert "TB 9441/TB-BNV" in fact.source
    assert fact.basis == "Labour Code 2019 art. 112(1)"


def test_explain_ordinary_days_cite_decision_188() -> None:
    weekday = CAL.explain(date(2026, 3, 4))
    assert weekday.is_working_day
    assert weekday.en == "Wednesday 04/03/2026: working day. Weekday (Decision 188/1999/QĐ-TTg)"
    sunday = CAL.explain(date(2026, 3, 8))
    assert not sunday.is_working_day
    assert sunday.facts[0].kind is FactKind.WEEKEND
    assert "Decision 188/1999/QĐ-TTg" in sunday.en
    assert sunday.vi.startswith("Chủ nhật 08/03/2026: ngày nghỉ.")


def test_facts_of_2026_list_every_day_off_and_make_up_in_date_order() -> None:
    facts = CAL.facts(2026)
    assert [fact.day for fact in facts] == sorted(
        _dates(DAYS_OFF, 2026) | _dates(MAKE_UP_SATURDAYS, 2026)
    )
    assert all(isinstance(fact, DayFact) for fact in facts)


# ---------------------------------------------------------------------------- status, strictness


@pytest.mark.parametrize("year", CONFIRMED_YEARS)
def test_year_status_of_confirmed_years(year: int) -> None:
    assert CAL.year_status(year) is Status.CONFIRMED
    assert WorkCalendar.vietnam(strict=True).year_status(year) is Status.CONFIRMED


@pytest.mark.parametrize("year", [2000, 2017, 2027, 2030, 2099])
def test_year_status_of_other_supported_years_is_estimated(year: int) -> None:
    assert CAL.year_status(year) is Status.ESTIMATED


@pytest.mark.parametrize("year", [1999, 2100])
def test_year_status_outside_the_supported_years_raises(year: int) -> None:
    with pytest.raises(CalendarError, match=str(year)):
        CAL.year_status(year)


@pytest.mark.parametrize(
    "day", [date(2027, 1, 4), date(2017, 12, 29)], ids=["2027 (after)", "2017 (before)"]
)
def test_strict_mode_refuses_unconfirmed_years(day: date) -> None:
    strict = WorkCalendar.vietnam(strict=True)
    with pytest.raises(CalendarError) as raised:
        strict.is_working_day(day)
    message = str(raised.value)
    assert str(day.year) in message
    assert "strict=False" in message  # says what to do
    assert "overlay" in message
    with pytest.raises(CalendarError, match=str(day.year)):
        strict.explain(day)
    with pytest.raises(CalendarError, match=str(day.year)):
        strict.year_status(day.year)
    with pytest.raises(CalendarError, match=str(day.year)):
        strict.facts(day.year)


def test_strict_mode_answers_confirmed_years_like_the_default_calendar() -> None:
    strict = WorkCalendar.vietnam(strict=True)
    for year in (2018, 2026):
        for day in _days_of(year):
            assert strict.is_working_day(day) == CAL.is_working_day(day)


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2027, 3, 3), date(2031, 1, 6)])
def test_estimated_years_are_marked_estimated(day: date) -> None:
    explanation = CAL.explain(day)
    assert explanation.estimated
    assert "[estimated, may change]" in explanation.en
    assert "ước tính" in explanation.vi
    assert CAL.rests_on_estimates(day, day)
    assert CAL.year_status(day.year) is Status.ESTIMATED
    assert all(fact.status is Status.ESTIMATED for fact in CAL.facts(day.year))


def test_estimated_2027_new_year_follows_the_labour_code_rules() -> None:
    fact = CAL.explain(date(2027, 1, 1)).facts[0]
    assert not CAL.is_working_day(date(2027, 1, 1))
    assert fact.kind is FactKind.HOLIDAY
    assert fact.status is Status.ESTIMATED
    assert "holidays" in fact.source


@pytest.mark.parametrize("year", CONFIRMED_YEARS)
def test_confirmed_years_do_not_rest_on_estimates_except_24_november_2026(year: int) -> None:
    assert not CAL.rests_on_estimates(date(year, 1, 1), date(year, 11, 23))
    assert CAL.rests_on_estimates(date(year, 11, 24), date(year, 11, 24)) == (year == 2026)
