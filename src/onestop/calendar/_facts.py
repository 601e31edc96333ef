"""Facts about days: the national rules, the official overlay and local decisions.

A :class:`DayFact` is one reason why a day is or is not worked, with its source. The national
facts of a year come from the official overlay shipped with onestop
(``onestop/_data/vietnam_official_calendar.toml``) when the year is there, and are otherwise
computed from the Labour-Code rules by the ``holidays`` package and marked estimated.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import attrs

from onestop.errors import CalendarError

__all__ = ["DayExplanation", "DayFact", "FactKind", "Status"]

#: Saturday and Sunday off for civil servants: Decision 188/1999/QĐ-TTg (40-hour week),
#: in force from 02/10/1999; onestop supports the years after it.
FIRST_YEAR = 2000
#: The lunar-calendar tables of ``holidays`` end in 2100.
LAST_YEAR = 2099

WEEK_SOURCE = "Quyết định 188/1999/QĐ-TTg"
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OVERLAY = "vietnam_official_calendar.toml"


class Status(enum.Enum):
    """How sure a fact is."""

    #: Announced by the Government for civil servants.
    CONFIRMED = "confirmed"
    #: Computed from the rules, or announced only as policy: may still change.
    ESTIMATED = "estimated"


class FactKind(enum.Enum):
    """What kind of fact makes a day worked or not."""

    #: Monday to Friday, Decision 188/1999/QĐ-TTg.
    WEEKDAY = "weekday"
    #: Saturday or Sunday, Decision 188/1999/QĐ-TTg.
    WEEKEND = "weekend"
    #: Statutory holiday, Labour Code 2019 art. 112(1) (Labour Code 2012 art. 115(1)).
    HOLIDAY = "holiday"
    #: Holiday on a weekly rest day, taken on the next working day, Labour Code 2019 art.
    #: 111(3) (Labour Code 2012 art. 115(3)).
    COMPENSATORY = "compensatory"
    #: Working day given off in exchange for a make-up Saturday (hoán đổi).
    SWAP = "swap"
    #: Day off announced by a policy resolution ahead of a legal instrument.
    POLICY = "policy"
    #: Weekend day worked to make up a swapped day off (làm bù).
    MAKE_UP = "make_up"
    #: Local closure (storm, force majeure) decided by the province or the ward.
    CLOSURE = "closure"
    #: Local extra working day decided by the province or the ward.
    LOCAL_WORKDAY = "local_workday"
    #: Special service session on a non-working day (e.g. first-Sunday sessions).
    SPECIAL_SESSION = "special_session"

    @property
    def works(self) -> bool:
        """Whether a fact of this kind, when it decides, makes the day a working day."""
        return self in _WORKING_KINDS


_WORKING_KINDS = frozenset(
    {FactKind.WEEKDAY, FactKind.MAKE_UP, FactKind.LOCAL_WORKDAY, FactKind.SPECIAL_SESSION}
)
_OFFICIAL_OFF = frozenset({FactKind.HOLIDAY, FactKind.COMPENSATORY, FactKind.SWAP, FactKind.POLICY})


@attrs.frozen
class DayFact:
    """One reason, with its source, why a day is or is not worked.

    Examples:
        >>> from onestop.calendar import WorkCalendar
        >>> fact = WorkCalendar.vietnam().explain(date(2026, 1, 2)).facts[0]
        >>> fact.kind, fact.source
        (<FactKind.SWAP: 'swap'>, 'VB 12729/VPCP-KGVX (25/12/2025)')
    """

    day: date
    kind: FactKind
    name_vi: str
    name_en: str
    source: str
    status: Status = Status.CONFIRMED

    @property
    def basis(self) -> str:
        """The legal rule behind this kind of fact, by the law in force on the day."""
        return self.basis_in("en")

    def basis_in(self, language: str) -> str:
        """:attr:`basis` in ``"en"`` or ``"vi"``.

        Examples:
            >>> from onestop.calendar import WorkCalendar
            >>> fact = WorkCalendar.vietnam().explain(date(2020, 1, 1)).facts[0]
            >>> fact.basis_in("vi"), fact.basis_in("en")
            ('khoản 1 Điều 115 Bộ luật Lao động 2012', 'Labour Code 2012 art. 115(1)')
        """
        if self.kind in (FactKind.WEEKDAY, FactKind.WEEKEND):
            rule: tuple[str, str] = _WEEK
        elif self.kind in (FactKind.HOLIDAY, FactKind.COMPENSATORY):
            _, holiday, compensatory = next(code for code in _LABOUR_CODES if self.day >= code[0])
            rule = holiday if self.kind is FactKind.HOLIDAY else compensatory
        else:
            # Swaps, make-up days, policy days and local facts rest on the document itself.
            return self.source
        return rule[0] if language == "vi" else rule[1]


#: Labour Code 2019 (Law 45/2019/QH14) took effect on 01/01/2021, replacing the 2012 Code.
_WEEK = ("Quyết định 188/1999/QĐ-TTg", "Decision 188/1999/QĐ-TTg")
# The Labour Code in force on a day: the 1994 Code (art. 73, as amended by Law 84/2007/QH11)
# until 30/04/2013, the 2012 Code (Law 10/2012/QH13) from 01/05/2013, the 2019 Code (Law
# 45/2019/QH14) from 01/01/2021. Each has the holidays and the compensatory-day rule.
_LABOUR_CODES = (
    (
        date(2021, 1, 1),
        ("khoản 1 Điều 112 Bộ luật Lao động 2019", "Labour Code 2019 art. 112(1)"),
        ("khoản 3 Điều 111 Bộ luật Lao động 2019", "Labour Code 2019 art. 111(3)"),
    ),
    (
        date(2013, 5, 1),
        ("khoản 1 Điều 115 Bộ luật Lao động 2012", "Labour Code 2012 art. 115(1)"),
        ("khoản 3 Điều 115 Bộ luật Lao động 2012", "Labour Code 2012 art. 115(3)"),
    ),
    (
        date.min,
        (
            "Điều 73 Bộ luật Lao động 1994 (sửa đổi 2007)",
            "Labour Code 1994 art. 73 (as amended 2007)",
        ),
        (
            "Điều 73 Bộ luật Lao động 1994 (sửa đổi 2007)",
            "Labour Code 1994 art. 73 (as amended 2007)",
        ),
    ),
)


@attrs.frozen
class DayExplanation:
    """Why a day is or is not worked: the deciding fact first, then any other facts.

    Examples:
        >>> from onestop.calendar import WorkCalendar
        >>> cal = WorkCalendar.vietnam()
        >>> print(cal.explain(date(2026, 1, 10)).en)
        Saturday 10/01/2026: working day. Make-up working day for 2 January 2026 (VB 12729/VPCP-KGVX (25/12/2025)); also: Weekly rest day (Saturday) (Decision 188/1999/QĐ-TTg)
    """

    day: date
    is_working_day: bool
    facts: tuple[DayFact, ...]
    estimated: bool

    @property
    def vi(self) -> str:
        """The explanation in Vietnamese."""
        verdict = "ngày làm việc" if self.is_working_day else "ngày nghỉ"
        return self._text(WEEKDAYS_VI, verdict, "vi", "cũng là", "ước tính, có thể thay đổi")

    @property
    def en(self) -> str:
        """The explanation in English."""
        verdict = "working day" if self.is_working_day else "not a working day"
        return self._text(WEEKDAYS_EN, verdict, "en", "also", "estimated, may change")

    def _text(
        self, weekdays: Sequence[str], verdict: str, language: str, also: str, estimate: str
    ) -> str:
        def describe(fact: DayFact) -> str:
            name = fact.name_vi if language == "vi" else fact.name_en
            return f"{name} ({fact.basis_in(language)})"

        head = f"{weekdays[self.day.weekday()]} {self.day:%d/%m/%Y}: {verdict}"
        if self.estimated:
            head += f" [{estimate}]"
        text = f"{head}. {describe(self.facts[0])}"
        if len(self.facts) > 1:
            text += f"; {also}: " + "; ".join(describe(fact) for fact in self.facts[1:])
        return text

    def __str__(self) -> str:
        return f"{self.vi}\n{self.en}"


@attrs.frozen
class YearFacts:
    """The national facts of one year: weekday days off and weekend working days."""

    year: int
    status: Status
    sources: tuple[str, ...]
    days_off: Mapping[date, DayFact]
    workdays: Mapping[date, DayFact]

    def official(self, day: date) -> DayFact | None:
        """The overlay entry for ``day``, if any."""
        return self.days_off.get(day) or self.workdays.get(day)


def _fail(where: str, problem: str, file: str = _OVERLAY) -> CalendarError:
    return CalendarError(f"{file}: {where}: {problem}")


def _entry(raw: Mapping[str, Any], year: int, where: str, *, workday: bool) -> DayFact:
    allowed = {"date", "vi", "en", "source", "status"} | (set() if workday else {"kind"})
    unknown = set(raw) - allowed
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    day = raw.get("date")
    if not isinstance(day, date) or day.year != year:
        raise _fail(where, f"date {day!r} must be a date in {year}")
    if workday:
        kind = FactKind.MAKE_UP
        if day.weekday() < 5:
            raise _fail(where, f"make-up day {day} is a weekday; only weekend days are made up")
    else:
        try:
            kind = FactKind(raw.get("kind"))
        except ValueError:
            raise _fail(where, f"kind {raw.get('kind')!r} is not one of {_kind_names()}") from None
        if kind not in _OFFICIAL_OFF:
            raise _fail(where, f"kind {kind.value!r} is not one of {_kind_names()}")
        if day.weekday() >= 5:
            raise _fail(where, f"day off {day} is a weekend day; list only weekdays off")
    texts = [raw.get(key) for key in ("vi", "en", "source")]
    if not all(isinstance(text, str) and text.strip() for text in texts):
        raise _fail(where, "each entry needs non-empty 'vi', 'en' and 'source' texts")
    try:
        status = Status(raw.get("status", "confirmed"))
    except ValueError:
        raise _fail(where, f"status {raw.get('status')!r} is not confirmed/estimated") from None
    vi, en, source = (str(text) for text in texts)
    return DayFact(day, kind, vi, en, source, status)


def _kind_names() -> list[str]:
    return sorted(kind.value for kind in _OFFICIAL_OFF)


def parse_overlay(document: Mapping[str, Any]) -> dict[int, YearFacts]:
    """Validate an overlay document (as read by :mod:`tomllib`) into facts per year."""
    if document.get("format") != 1:
        raise _fail("top level", f"format {document.get('format')!r} is not supported; use 1")
    years: dict[int, YearFacts] = {}
    entries = document.get("year", [])
    if not isinstance(entries, list) or not all(isinstance(raw, dict) for raw in entries):
        raise _fail("year", "'year' must be an array of tables ([[year]])")
    for position, raw in enumerate(entries):
        year = raw.get("year")
        where = f"year[{position}]"
        if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR or year in years:
            raise _fail(where, f"year {year!r} must be a new year in {FIRST_YEAR}..{LAST_YEAR}")
        unknown = set(raw) - {"year", "status", "sources", "days_off", "workdays"}
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        try:
            status = Status(raw.get("status"))
        except ValueError:
            raise _fail(where, f"status {raw.get('status')!r} is not confirmed/estimated") from None
        days_off: dict[date, DayFact] = {}
        workdays: dict[date, DayFact] = {}
        for key, target, is_workday in (
            ("days_off", days_off, False),
            ("workdays", workdays, True),
        ):
            for index, item in enumerate(raw.get(key, [])):
                if not isinstance(item, dict):
                    raise _fail(
                        f"{where}.{key}[{index}]", "each entry is a table { date = ..., ... }"
                    )
                fact = _entry(item, year, f"{where}.{key}[{index}]", workday=is_workday)
                if fact.day in days_off or fact.day in workdays:
                    raise _fail(f"{where}.{key}[{index}]", f"{fact.day} is listed twice")
                if status is Status.ESTIMATED:
                    fact = attrs.evolve(fact, status=Status.ESTIMATED)
                target[fact.day] = fact
        sources = tuple(str(source) for source in raw.get("sources", []))
        years[year] = YearFacts(year, status, sources, days_off, workdays)
    return years


@cache
def official_overlay() -> dict[int, YearFacts]:
    """The official overlay shipped with onestop, validated once per process."""
    text = resources.files("onestop._data").joinpath(_OVERLAY).read_text(encoding="utf-8")
    return parse_overlay(tomllib.loads(text))


def _estimated_kind(english_name: str) -> FactKind:
    if "substituted" in english_name:
        return FactKind.SWAP
    if "observed" in english_name:
        return FactKind.COMPENSATORY
    return FactKind.HOLIDAY


@cache
def estimated_year(year: int) -> YearFacts:
    """A year without official overlay, from the Labour-Code rules (``holidays`` package).

    ``holidays`` applies Labour Code 2019 art. 112(1) (lunar Tết, Hùng Kings, 30/4, 1/5, 2/9
    with its adjacent day) and art. 111(3) (compensatory days), plus the swaps it knows.
    Every fact is marked estimated: the Government announces swaps year by year.
    """
    import holidays  # Imported lazily: only years without the official overlay need it.

    english = holidays.country_holidays("VN", years=year, language="en_US")
    vietnamese = holidays.country_holidays("VN", years=year, language="vi")
    version = getattr(holidays, "__version__", "?")
    source = f"holidays {version} (Labour Code rules; not announced)"
    days_off = {
        day: DayFact(
            day,
            _estimated_kind(name),
            vietnamese.get(day, name),
            name,
            source,
            Status.ESTIMATED,
        )
        for day, name in sorted(english.items())
        if day.weekday() < 5
    }
    workdays = {
        day: DayFact(
            day,
            FactKind.MAKE_UP,
            "Ngày làm bù (ước tính)",
            "Make-up working day (estimated)",
            source,
            Status.ESTIMATED,
        )
        for day in sorted(english.weekend_workdays)
        if day.year == year
    }
    return YearFacts(year, Status.ESTIMATED, (source,), days_off, workdays)


def check_day(day: object) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise CalendarError(
            f"expected a datetime.date, got {type(day).__name__} {day!r}; "
            "pass a date (use .date() on a datetime, or the working-time methods for moments)"
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarError(
            f"{day} is outside the supported years {FIRST_YEAR}..{LAST_YEAR} "
            "(the 40-hour week of Decision 188/1999/QĐ-TTg starts in October 1999)"
        )
    return day


def check_year(year: object) -> int:
    """``year`` if onestop supports it, else a :class:`CalendarError` naming the range."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            f"year {year!r} is outside the supported years {FIRST_YEAR}..{LAST_YEAR} "
            "(the 40-hour week of Decision 188/1999/QĐ-TTg starts in October 1999)"
        )
    return year
