"""``ProcessingTime``: the legal time limit of a procedure, in its own unit."""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import time

import attrs

from onestop.errors import TimingError

__all__ = ["ProcessingTime", "TimeUnit"]

#: The cutoff hour of same-day civil-status and certification procedures: Law 60/2014/QH13
#: art. 5(3), Decree 23/2015/NĐ-CP art. 7 ("sau 15 giờ").
SAME_DAY_CUTOFF = time(15, 0)


class TimeUnit(enum.Enum):
    """Units in which procedure records state time limits."""

    #: "ngày làm việc": counted over the office's working days.
    WORKING_DAYS = "working_days"
    #: "giờ làm việc": counted over the office's working sessions.
    WORKING_HOURS = "working_hours"
    #: "trong ngày": settled on the day of receipt.
    SAME_DAY = "same_day"
    #: "ngày": calendar days (Civil Code 2015 arts. 147–148).
    CALENDAR_DAYS = "calendar_days"


_WORDING = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.CALENDAR_DAYS: "ngày",
}
_ACCEPTED = "'03 ngày làm việc', 'Trong ngày', '04 giờ làm việc', '30 ngày' (or English: '3 working days', 'same day', '4 working hours', '30 calendar days')"
_PATTERNS = (
    (re.compile(r"^(?:ngay )?trong (?:ngày|ngày làm việc)$|^same day$"), TimeUnit.SAME_DAY),
    (re.compile(r"^([0-9]{1,6}) (?:ngày làm việc|working days?)$"), TimeUnit.WORKING_DAYS),
    (re.compile(r"^([0-9]{1,6}) (?:giờ làm việc|working hours?)$"), TimeUnit.WORKING_HOURS),
    (re.compile(r"^([0-9]{1,6}) (?:ngày|calendar days?|days?)$"), TimeUnit.CALENDAR_DAYS),
)
# ASCII digits only: str.isdigit() and \d also accept "²" and other digits int() refuses.
_BARE_NUMBER = re.compile(r"^[0-9]{1,6}$")
_CUTOFF = re.compile(r", sau ([0-9]{1,2}):([0-9]{2}) tính từ ngày làm việc tiếp theo$")
_NO_CUTOFF = ", không có giờ chốt"


def _amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TimingError(f"a processing time amount must be an int, got {value!r}")
    return value


def _cutoff(value: object) -> time | None:
    if value is None:
        return None
    if not isinstance(value, time) or value.tzinfo is not None:
        raise TimingError(f"a cutoff must be a naive datetime.time (local hour), got {value!r}")
    if value.second or value.microsecond:
        raise TimingError(f"a cutoff is a whole minute of the local clock, got {value}")
    return value


@attrs.frozen
class ProcessingTime:
    """The legal time limit for settling a dossier: an amount in a unit, and the procedure's
    cutoff hour, after which a dossier counts as received on the next working day.

    Same-day limits carry the 15:00 cutoff unless told otherwise (Law 60/2014/QH13 art. 5(3),
    Decree 23/2015/NĐ-CP art. 7); other limits carry none unless their procedure's rule states
    one (e.g. Decree 63/2024/NĐ-CP art. 7 for the linked birth-registration bundle).

    References:
        Civil Code 2015 (Law 91/2015/QH13) arts. 144–148: limits in hours or days, the first
        day not counted. Decree 61/2018/NĐ-CP and Decree 118/2025/NĐ-CP: limits counted from
        the receipt of a complete, valid dossier.

    Examples:
        >>> ProcessingTime.working_days(3)
        ProcessingTime(amount=3, unit=<TimeUnit.WORKING_DAYS: 'working_days'>, cutoff=None)
        >>> ProcessingTime.parse("03 ngày làm việc") == ProcessingTime.working_days(3)
        True
        >>> ProcessingTime.parse("Trong ngày").cutoff
        datetime.time(15, 0)
        >>> str(ProcessingTime.working_hours(4))
        '04 giờ làm việc'
    """

    amount: int = attrs.field(converter=_amount)
    unit: TimeUnit
    cutoff: time | None = attrs.field(default=None, converter=_cutoff)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.unit, TimeUnit):
            raise TimingError(f"unit must be a TimeUnit, got {self.unit!r}")
        if self.unit is TimeUnit.SAME_DAY:
            if self.amount != 0:
                raise TimingError(f"a same-day limit has amount 0, got {self.amount}")
        elif self.amount < 1:
            raise TimingError(
                f"a limit of {self.amount} {self.unit.value} is impossible; give at least 1, "
                "or use ProcessingTime.same_day() for settlement on the day"
            )

    @classmethod
    def working_days(cls, n: int, *, cutoff: time | None = None) -> ProcessingTime:
        """``n`` working days ("ngày làm việc")."""
        return cls(n, TimeUnit.WORKING_DAYS, cutoff)

    @classmethod
    def working_hours(cls, hours: int, *, cutoff: time | None = None) -> ProcessingTime:
        """``hours`` working hours ("giờ làm việc"), counted over office sessions only."""
        return cls(hours, TimeUnit.WORKING_HOURS, cutoff)

    @classmethod
    def same_day(cls, *, cutoff: time | None = SAME_DAY_CUTOFF) -> ProcessingTime:
        """Settled on the day of receipt ("trong ngày"); after ``cutoff`` (15:00 by default),
        on the next working day. Pass ``cutoff=None`` for a procedure without the rule."""
        return cls(0, TimeUnit.SAME_DAY, cutoff)

    @classmethod
    def calendar_days(cls, n: int, *, cutoff: time | None = None) -> ProcessingTime:
        """``n`` calendar days ("ngày"); a last day that is not worked moves to the next
        working day (Civil Code 2015 art. 148(1))."""
        return cls(n, TimeUnit.CALENDAR_DAYS, cutoff)

    @property
    def default_cutoff(self) -> time | None:
        """The cutoff this unit carries when the procedure says nothing."""
        return SAME_DAY_CUTOFF if self.unit is TimeUnit.SAME_DAY else None

    @classmethod
    def parse(cls, text: str) -> ProcessingTime:
        """Read the Vietnamese wording of procedure records.

        Examples:
            >>> ProcessingTime.parse("30 ngày")
            ProcessingTime(amount=30, unit=<TimeUnit.CALENDAR_DAYS: 'calendar_days'>, cutoff=None)
            >>> ProcessingTime.parse("1")
            Traceback (most recent call last):
            ...
            onestop.errors.TimingError: '1' has no unit; a bare number is not read as working days: write e.g. '01 ngày làm việc' or '01 ngày', as the legal text says
        """
        if not isinstance(text, str):
            raise TimingError(f"expected the text of a time limit, got {text!r}")
        normal = " ".join(unicodedata.normalize("NFC", text).lower().split())
        cutoff: time | None = None
        explicit_cutoff = False
        if normal.endswith(_NO_CUTOFF):
            normal, explicit_cutoff = normal.removesuffix(_NO_CUTOFF), True
        elif match := _CUTOFF.search(normal):
            try:
                cutoff = time(int(match.group(1)), int(match.group(2)))
            except ValueError:
                raise TimingError(f"{text!r} names an impossible cutoff hour") from None
            normal, explicit_cutoff = normal[: match.start()], True
        if _BARE_NUMBER.match(normal):
            raise TimingError(
                f"{text!r} has no unit; a bare number is not read as working days: write e.g. "
                f"'{int(normal):02d} ngày làm việc' or '{int(normal):02d} ngày', as the legal text says"
            )
        for pattern, unit in _PATTERNS:
            found = pattern.match(normal)
            if found is None:
                continue
            amount = int(found.group(1)) if found.groups() else 0
            if not explicit_cutoff:
                cutoff = SAME_DAY_CUTOFF if unit is TimeUnit.SAME_DAY else None
            return cls(amount, unit, cutoff)
        raise TimingError(f"cannot read the time limit {text!r}; accepted forms: {_ACCEPTED}")

    def __str__(self) -> str:
        text = (
            "Trong ngày"
            if self.unit is TimeUnit.SAME_DAY
            else f"{self.amount:02d} {_WORDING[self.unit]}"
        )
        if self.cutoff == self.default_cutoff:
            return text
        if self.cutoff is None:
            return text + _NO_CUTOFF
        return text + f", sau {self.cutoff:%H:%M} tính từ ngày làm việc tiếp theo"
