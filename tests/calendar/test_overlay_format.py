"""The official overlay format: every rule of a year table, with a bad overlay for each.

A ward loads next year's announcement with ``WorkCalendar.with_overlay`` before onestop ships
it, so the format must refuse what would silently give a wrong calendar.
"""

from __future__ import annotations

from datetime import date

import pytest

from onestop.calendar import FactKind, Status, WorkCalendar
from onestop.errors import CalendarError

CAL = WorkCalendar.vietnam()

YEAR_2027 = """
format = 1
[[year]]
year = 2027
status = "confirmed"
sources = ["Công văn giả định"]
"""

DAY_OFF = """
[[year.days_off]]
date = 2027-01-01
kind = "holiday"
vi = "Tết Dương lịch"
en = "New Year's Day"
source = "Công văn giả định"
"""


def overlay_error(text: str) -> str:
    with pytest.raises(CalendarError) as error:
        CAL.with_overlay(text)
    return str(error.value)


def test_an_overlay_adds_a_confirmed_year_that_strict_mode_accepts() -> None:
    cal = WorkCalendar.vietnam(strict=True).with_overlay(YEAR_2027 + DAY_OFF)
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 1, 4))
    assert cal.year_status(2027) is Status.CONFIRMED
    fact = cal.explain(date(2027, 1, 1)).facts[0]
    assert (fact.kind, fact.source) == (FactKind.HOLIDAY, "Công văn giả định")


def test_an_overlay_replaces_a_year_already_known() -> None:
    text = YEAR_2027.replace("2027", "2026") + DAY_OFF.replace("2027", "2026")
    cal = CAL.with_overlay(text)
    # 2026 now has only New Year's Day off: the Tết days of the shipped overlay are gone.
    assert cal.is_working_day(date(2026, 2, 17))
    assert not CAL.is_working_day(date(2026, 2, 17))


def test_a_make_up_day_is_a_worked_saturday() -> None:
    text = YEAR_2027 + (
        '[[year.workdays]]\ndate = 2027-01-09\nvi = "Làm bù"\nen = "Make-up day"\nsource = "CV"\n'
    )
    assert CAL.with_overlay(text).is_working_day(date(2027, 1, 9))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format = 2", "format 2 is not supported; use 1"),
        ("format = 1\nyear = 3", "'year' must be an array of tables"),
        (
            YEAR_2027.replace("year = 2027", "year = 1999"),
            "year 1999 must be a new year in 2000..2099",
        ),
        (YEAR_2027 + YEAR_2027.replace("format = 1", ""), "year 2027 must be a new year"),
        (YEAR_2027 + "colour = 1\n", "unknown keys ['colour']"),
        (YEAR_2027.replace('"confirmed"', '"sure"'), "status 'sure' is not confirmed/estimated"),
        (YEAR_2027 + "days_off = [1]\n", "each entry is a table"),
        (YEAR_2027 + DAY_OFF + "colour = 1\n", "unknown keys ['colour']"),
        (YEAR_2027 + DAY_OFF.replace("2027-01-01", "2026-12-31"), "must be a date in 2027"),
        (YEAR_2027 + DAY_OFF.replace('"holiday"', '"party"'), "kind 'party' is not one of"),
        (YEAR_2027 + DAY_OFF.replace('"holiday"', '"closure"'), "kind 'closure' is not one of"),
        (YEAR_2027 + DAY_OFF.replace("2027-01-01", "2027-01-02"), "is a weekend day"),
        (YEAR_2027 + DAY_OFF.replace('"Tết Dương lịch"', '" "'), "non-empty 'vi', 'en' and"),
        (YEAR_2027 + DAY_OFF + 'status = "maybe"\n', "status 'maybe' is not confirmed/estimated"),
        (YEAR_2027 + DAY_OFF + DAY_OFF, "2027-01-01 is listed twice"),
        (
            YEAR_2027 + '[[year.workdays]]\ndate = 2027-01-04\nvi = "x"\nen = "x"\nsource = "x"\n',
            "make-up day 2027-01-04 is a weekday",
        ),
        ("format = 1\n[[year]\n", "the overlay is not valid TOML"),
    ],
)
def test_a_bad_overlay_is_refused_with_the_rule_it_breaks(text: str, message: str) -> None:
    assert message in overlay_error(text)


def test_an_estimated_year_marks_its_entries_estimated() -> None:
    cal = CAL.with_overlay(YEAR_2027.replace('"confirmed"', '"estimated"') + DAY_OFF)
    assert cal.year_status(2027) is Status.ESTIMATED
    assert cal.explain(date(2027, 1, 1)).facts[0].status is Status.ESTIMATED
    assert cal.rests_on_estimates(date(2027, 1, 1), date(2027, 1, 1))
    with pytest.raises(CalendarError, match="no confirmed official calendar for 2027"):
        WorkCalendar.vietnam(strict=True).with_overlay(
            YEAR_2027.replace('"confirmed"', '"estimated"')
        ).is_working_day(date(2027, 1, 4))
