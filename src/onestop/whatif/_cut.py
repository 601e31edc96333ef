"""Cuts of procedures' time limits: the share, the rounding to whole units, and what
cannot be cut (law.md, "What-if analysis": "same-day procedures cannot be shortened in
days")."""

from __future__ import annotations

import enum
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from onestop.errors import ScenarioError
from onestop.procedures import Procedure
from onestop.timing import ProcessingTime, TimeUnit

__all__ = ["Cut", "Rounding", "Skipped", "as_share", "refusal"]


#: Units a cut can shorten or lengthen: whole working days, whole working hours.
_CUTTABLE = (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS)

#: The smallest limit a reform leaves, in the limit's own unit (1 working day, 1 working hour).
MINIMUM_AMOUNT = 1


class Rounding(enum.Enum):
    """How a reformed amount ``amount × (1 − share)`` becomes a whole number of units.

    The result is never below 1 unit (1 working day, or 1 working hour).
    """

    #: The largest whole number not above the exact amount: a cut is at least its share.
    DOWN = "down"
    #: The nearest whole number, halves up (3.5 days become 4).
    NEAREST = "nearest"
    #: The smallest whole number not below the exact amount: a cut is at most its share.
    UP = "up"

    def round(self, exact: Fraction) -> int:
        """``exact`` rounded this way, before the floor of 1 unit.

        Examples:
            >>> Rounding.DOWN.round(Fraction(7, 2)), Rounding.NEAREST.round(Fraction(7, 2))
            (3, 4)
            >>> Rounding.UP.round(Fraction(21, 10))
            3
        """
        if self is Rounding.DOWN:
            return math.floor(exact)
        if self is Rounding.UP:
            return math.ceil(exact)
        return math.floor(exact + Fraction(1, 2))


def as_share(value: object) -> Fraction:
    """``value`` as an exact fraction: a :class:`~fractions.Fraction`, an ``int``, a
    :class:`~decimal.Decimal`, a ``float`` read as the shortest decimal that prints it
    (``0.3`` is 3/10, not the binary double nearest to it), or a text such as ``"0.30"``,
    ``"30%"`` or ``"3/10"``.

    Examples:
        >>> as_share(0.3), as_share("30%"), as_share(Decimal("0.25"))
        (Fraction(3, 10), Fraction(3, 10), Fraction(1, 4))
    """
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, Fraction | int | Decimal):
            return Fraction(value)
        if isinstance(value, float):
            return Fraction(repr(value))
        if isinstance(value, str):
            text = value.strip()
            if text.endswith("%"):
                return Fraction(text[:-1].strip()) / 100
            return Fraction(text)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        pass
    raise ScenarioError(
        f"a share is a fraction such as 0.3, '30%', '3/10' or Fraction(3, 10); got {value!r}"
    )


def _cut_share(value: object) -> Fraction:
    share = as_share(value)
    if share == 0:
        raise ScenarioError("a cut of 0 changes nothing; leave the procedure out")
    if share >= 1:
        raise ScenarioError(
            f"a cut of {float(share):.0%} leaves no time; cut less than 100% "
            "(the reformed limit never goes below 1 working day or 1 working hour)"
        )
    return share


def _code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"a cut needs the procedure code, got {value!r}")


def refusal(time: ProcessingTime | None) -> str | None:
    """Why ``time`` cannot be cut or lengthened, or ``None`` when it can.

    Examples:
        >>> print(refusal(ProcessingTime.working_days(3)))
        None
        >>> refusal(ProcessingTime.same_day())
        "its time limit is 'Trong ngày' (same day): a same-day procedure cannot be shortened in days"
    """
    if time is None:
        return "it sets no time limit"
    if time.unit is TimeUnit.SAME_DAY:
        return (
            f"its time limit is '{time}' (same day): a same-day procedure cannot be shortened "
            "in days"
        )
    if time.unit is TimeUnit.CALENDAR_DAYS:
        return (
            f"its time limit '{time}' is counted in calendar days: onestop only reforms limits "
            "counted in working days or working hours"
        )
    return None


@attrs.frozen
class Cut:
    """Shorten (``share`` in (0, 1)) or lengthen (``share`` < 0) the time limit of one
    procedure.

    The reformed amount is ``amount × (1 − share)`` rounded by ``rounding`` to whole units of
    the limit (working days, or working hours), never below 1 unit; the cutoff hour stays.
    Same-day and calendar-day limits cannot be reformed (:func:`refusal`). A negative share
    lengthens: build it with :meth:`lengthen`, which says so.

    Examples:
        >>> three = ProcessingTime.working_days(3)
        >>> Cut("1.001022", Fraction(3, 10)).reform(three).amount
        2
        >>> Cut.lengthen("1.001022", "50%").reform(three).amount
        4
    """

    code: str = attrs.field(validator=_code)
    share: Fraction = attrs.field(converter=_cut_share)
    rounding: Rounding = Rounding.DOWN

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.rounding, Rounding):
            raise ScenarioError(f"rounding must be a Rounding, got {self.rounding!r}")

    @classmethod
    def lengthen(cls, code: str, share: object, *, rounding: Rounding = Rounding.DOWN) -> Cut:
        """The cut that makes ``code``'s limit longer by ``share`` (> 0): 50 % turns 4 days
        into 6."""
        longer = as_share(share)
        if longer <= 0:
            raise ScenarioError(f"lengthen by a share above 0, got {share!r}")
        return cls(code, -longer, rounding)

    @property
    def lengthens(self) -> bool:
        """Whether this cut makes the limit longer."""
        return self.share < 0

    def reform(self, time: ProcessingTime) -> ProcessingTime:
        """``time`` reformed; :class:`ScenarioError` when its unit cannot be reformed.

        Examples:
            >>> five = ProcessingTime.working_days(5)
            >>> Cut("1.004222", "0.3").reform(five).amount
            3
            >>> Cut("1.004222", "0.3", Rounding.NEAREST).reform(five).amount
            4
            >>> Cut("1.004222", "0.9").reform(five).amount
            1
        """
        why = refusal(time)
        if why is not None:
            raise ScenarioError(f"procedure {self.code} cannot be cut: {why}")
        amount = self.rounding.round(time.amount * (1 - self.share))
        return attrs.evolve(time, amount=max(MINIMUM_AMOUNT, amount))

    def refusal(self, procedure: Procedure) -> str | None:
        """Why this cut cannot apply to ``procedure``, or ``None`` when it can."""
        governing = procedure.deadline_time
        if governing is not None:
            return refusal(governing)
        times = [offer.processing_time for offer in procedure.channels]
        given = [time for time in times if time is not None]
        if not given:
            return "it sets no time limit, neither for the procedure nor for any channel"
        for time in given:
            why = refusal(time)
            if why is not None:
                return f"a channel's {why.removeprefix('its ')}"
        return None

    def apply(self, procedure: Procedure) -> Procedure:
        """``procedure`` with its deadline time (the committed time if any, else the
        statutory time) and its channel rows' own times reformed.

        A row whose own time cannot be reformed is left as it is when the procedure's own
        time governs (:meth:`Procedure.time_for`); it must be reformable otherwise.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> p = default_catalog().get("1.004222", on=date(2026, 3, 2))
            >>> reformed = Cut("1.004222", "30%").apply(p)
            >>> str(p.processing_time), str(reformed.processing_time)
            ('07 ngày làm việc', '04 ngày làm việc')
            >>> [str(offer.processing_time) for offer in reformed.channels]
            ['04 ngày làm việc', '04 ngày làm việc']
        """
        if procedure.code != self.code:
            raise ScenarioError(f"a cut of {self.code} does not apply to {procedure.code}")
        why = self.refusal(procedure)
        if why is not None:
            raise ScenarioError(f"procedure {procedure.code} cannot be cut: {why}")
        changes: dict[str, Any] = {}
        governing = procedure.deadline_time
        if governing is not None:
            field = "processing_time" if procedure.committed_time is None else "committed_time"
            changes[field] = self.reform(governing)
        offers = []
        for offer in procedure.channels:
            time = offer.processing_time
            if time is None or refusal(time) is not None:
                offers.append(offer)
                continue
            new = self.reform(time)
            offers.append(attrs.evolve(offer, processing_time=new, time_verbatim=str(new)))
        verb = "lengthened" if self.lengthens else "cut"
        note = f"what-if: time {verb} by {abs(float(self.share)):.0%} ({self.rounding.value})"
        return attrs.evolve(
            procedure, channels=tuple(offers), notes=(*procedure.notes, note), **changes
        )


@attrs.frozen
class Skipped:
    """A procedure a selection left out, and why."""

    code: str
    reason: str
