"""Scenarios: reforms of a catalog's time limits (and of the working calendar), built in code
or read from a small TOML file.

References:
    The An Khê ward proposal (rules.md, "The An Khê ward facts"): "cut at least 30 % more of
    the processing time of 10 % of the frequent procedures"; law.md, "What-if analysis":
    recompute early / on-time / late on historical dossiers, and "same-day procedures cannot
    be shortened in days".
"""

from __future__ import annotations

import enum
import math
import tomllib
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from onestop.calendar import SpecialSessions, WorkCalendar
from onestop.dossier import Dossier
from onestop.errors import ScenarioError
from onestop.procedures import Procedure
from onestop.timing import ProcessingTime, TimeUnit

__all__ = ["Cut", "Rounding", "Scenario", "ScenarioError", "Skipped", "load_scenario"]

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


def _cuts(value: Iterable[Cut]) -> tuple[Cut, ...]:
    cuts = tuple(value)
    for cut in cuts:
        if not isinstance(cut, Cut):
            raise ScenarioError(f"a scenario's cuts are Cut values, got {cut!r}")
    seen: set[str] = set()
    for cut in cuts:
        if cut.code in seen:
            raise ScenarioError(f"procedure {cut.code} is cut twice; give one cut per procedure")
        seen.add(cut.code)
    return cuts


def _sessions(value: Iterable[SpecialSessions]) -> tuple[SpecialSessions, ...]:
    sessions = tuple(value)
    for item in sessions:
        if not isinstance(item, SpecialSessions):
            raise ScenarioError(f"expected SpecialSessions, got {item!r}")
    return sessions


def _name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"a scenario needs a name, got {value!r}")


@attrs.frozen
class Scenario:
    """A reform of a catalog: cuts (or lengthenings) of procedures' time limits, and special
    sessions added to the working calendar.

    The baseline is left untouched (the OpenFisca model of reforms): :meth:`apply` returns the
    reformed procedure, :meth:`apply_calendar` the reformed calendar. The empty scenario
    changes nothing.

    Examples:
        >>> s = Scenario("An Khê 2024").cut("1.004222", 0.3).lengthen("1.001022", "1/3")
        >>> [(c.code, c.share) for c in s.cuts]
        [('1.004222', Fraction(3, 10)), ('1.001022', Fraction(-1, 3))]
        >>> Scenario("nothing").is_empty
        True
    """

    name: str = attrs.field(validator=_name)
    cuts: tuple[Cut, ...] = attrs.field(default=(), converter=_cuts)
    #: Special sessions added to every dossier's calendar. They change deadlines only when
    #: they say ``counts_toward_deadlines=True`` (rules.md).
    special_sessions: tuple[SpecialSessions, ...] = attrs.field(default=(), converter=_sessions)
    #: Procedures a selection (:meth:`cut_top`) left out, with the reason.
    skipped: tuple[Skipped, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the scenario changes nothing."""
        return not self.cuts and not self.special_sessions

    def cut_for(self, code: str) -> Cut | None:
        """The cut of procedure ``code``, if any."""
        return next((cut for cut in self.cuts if cut.code == code), None)

    def cut(
        self, procedure: str | Procedure, share: object, *, rounding: Rounding = Rounding.DOWN
    ) -> Scenario:
        """This scenario with procedure ``procedure``'s time cut by ``share``.

        Given a :class:`~onestop.procedures.Procedure` rather than a code, the cut is checked
        against it now: a same-day or calendar-day limit raises :class:`ScenarioError`.
        Given a code, the check happens when the scenario is applied.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> birth = default_catalog().get("1.001193", on=date(2026, 3, 2))
            >>> Scenario("x").cut(birth, 0.3)
            Traceback (most recent call last):
            ...
            onestop.errors.ScenarioError: procedure 1.001193 cannot be cut: its time limit is 'Trong ngày' (same day): a same-day procedure cannot be shortened in days
        """
        return self._with(Cut(_code_of(procedure), share, rounding), procedure)

    def lengthen(
        self, procedure: str | Procedure, share: object, *, rounding: Rounding = Rounding.DOWN
    ) -> Scenario:
        """This scenario with procedure ``procedure``'s time made longer by ``share`` (> 0)."""
        return self._with(Cut.lengthen(_code_of(procedure), share, rounding=rounding), procedure)

    def _with(self, cut: Cut, procedure: str | Procedure) -> Scenario:
        if isinstance(procedure, Procedure):
            why = cut.refusal(procedure)
            if why is not None:
                raise ScenarioError(f"procedure {procedure.code} cannot be cut: {why}")
        return attrs.evolve(self, cuts=(*self.cuts, cut))

    def with_special_sessions(self, sessions: SpecialSessions) -> Scenario:
        """This scenario with ``sessions`` added to every calendar."""
        return attrs.evolve(self, special_sessions=(*self.special_sessions, sessions))

    @classmethod
    def cut_top(
        cls,
        dossiers: Iterable[Dossier],
        top_share: object = 0.10,
        cut: object = 0.30,
        *,
        rounding: Rounding = Rounding.DOWN,
        name: str | None = None,
    ) -> Scenario:
        """Cut by ``cut`` the time of the top ``top_share`` procedures by number of dossiers.

        With ``n`` distinct procedure codes in ``dossiers``, the scenario cuts
        ``⌈top_share × n⌉`` of them: the codes ranked by number of dossiers, most first, ties
        broken by code (ascending). A procedure whose time cannot be cut (same day, calendar
        days, no limit; in any version the log holds) is passed over and listed in
        :attr:`skipped`; the next one in the ranking takes its place.

        Examples:
            >>> from datetime import date, datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> from onestop.procedures import default_catalog
            >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
            >>> def dossier(i, code):
            ...     p = default_catalog().get(code, on=at.date())
            ...     return Dossier.file(id=f"HS-{i}", procedure=p, at=at,
            ...                         calendar=WorkCalendar.vietnam())
            >>> log = [dossier(i, c) for i, c in enumerate(
            ...     ["1.001193"] * 3 + ["1.004222"] * 2 + ["1.001022", "1.004837"])]
            >>> s = Scenario.cut_top(log, top_share=0.25)
            >>> [cut.code for cut in s.cuts], [skip.code for skip in s.skipped]
            (['1.004222'], ['1.001193'])
        """
        top = as_share(top_share)
        if not 0 < top <= 1:
            raise ScenarioError(f"top_share is a share in (0, 1], got {top_share!r}")
        counts: Counter[str] = Counter()
        refusals: dict[str, str] = {}
        checked: set[int] = set()
        template = Cut("0.000000", cut, rounding)
        for dossier in dossiers:
            procedure = dossier.procedure
            counts[procedure.code] += 1
            if id(procedure) in checked:
                continue
            checked.add(id(procedure))
            why = template.refusal(procedure)
            if why is not None:
                refusals.setdefault(procedure.code, why)
        if not counts:
            raise ScenarioError("cut_top needs at least one dossier to rank procedures by")
        wanted = math.ceil(top * len(counts))
        ranking = sorted(counts, key=lambda code: (-counts[code], code))
        cuts: list[Cut] = []
        skipped: list[Skipped] = []
        for code in ranking:
            if len(cuts) == wanted:
                break
            if code in refusals:
                skipped.append(Skipped(code, f"cannot be cut: {refusals[code]}"))
            else:
                cuts.append(attrs.evolve(template, code=code))
        label = name or (
            f"cut {float(template.share):.0%} of the top {float(top):.0%} procedures by volume"
        )
        return cls(label, tuple(cuts), skipped=tuple(skipped))

    def apply(self, procedure: Procedure) -> Procedure:
        """``procedure`` under this scenario: the same object when no cut names it.

        Raises :class:`ScenarioError` when a cut names it but its time cannot be cut.
        """
        cut = self.cut_for(procedure.code)
        return procedure if cut is None else cut.apply(procedure)

    def apply_calendar(self, calendar: WorkCalendar) -> WorkCalendar:
        """``calendar`` with this scenario's special sessions: the same object without any."""
        for sessions in self.special_sessions:
            calendar = calendar.with_special_sessions(sessions)
        return calendar


def _code_of(procedure: str | Procedure) -> str:
    return procedure.code if isinstance(procedure, Procedure) else procedure


_ROUNDINGS = {rounding.value: rounding for rounding in Rounding}
_TOP_KEYS = {"name", "cut", "lengthen"}
_CUT_KEYS = {"code", "share", "rounding"}


def load_scenario(text: str) -> Scenario:
    """The scenario a TOML text describes.

    The format: a ``name``, then one ``[[cut]]`` table per procedure to shorten and one
    ``[[lengthen]]`` table per procedure to lengthen, each with ``code``, ``share`` (a number
    such as 0.3, or a text such as ``"30%"`` or ``"3/10"``) and an optional ``rounding``
    (``"down"``, the default, ``"nearest"`` or ``"up"``). Every problem of the file is
    reported at once, each with its path.

    Examples:
        >>> s = load_scenario('''
        ... name = "An Khê: -30% on the two busiest"
        ... [[cut]]
        ... code = "1.004222"
        ... share = "30%"
        ... [[cut]]
        ... code = "1.001022"
        ... share = 0.3
        ... rounding = "nearest"
        ... ''')
        >>> [(c.code, c.share, c.rounding.value) for c in s.cuts]
        [('1.004222', Fraction(3, 10), 'down'), ('1.001022', Fraction(3, 10), 'nearest')]
        >>> load_scenario('name = "x"\\n[[cut]]\\ncode = "1.004222"\\nshare = 2\\nspeed = 1')
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: 2 problems in the scenario:
          $.cut[0]: unknown key 'speed'; a cut has code, share, rounding
          $.cut[0].share: a cut of 200% leaves no time; cut less than 100% (the reformed limit never goes below 1 working day or 1 working hour)
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"the scenario is not valid TOML: {error}") from None
    problems: list[str] = []
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(f"$: unknown key {key!r}; a scenario has name, [[cut]], [[lengthen]]")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"$.name: a scenario needs a non-empty name, got {name!r}")
    cuts: list[Cut] = []
    for kind in ("cut", "lengthen"):
        tables = data.get(kind, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            problems.append(f"$.{kind}: write each as a [[{kind}]] table")
            continue
        for index, table in enumerate(tables):
            built = _read_cut(table, kind, f"$.{kind}[{index}]", problems)
            if built is not None:
                cuts.append(built)
    codes = Counter(cut.code for cut in cuts)
    for code, count in sorted(codes.items()):
        if count > 1:
            problems.append(f"$: procedure {code} is reformed {count} times; give it once")
    if problems:
        count = len(problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the scenario:"]
        raise ScenarioError("\n".join(lines + [f"  {p}" for p in problems]))
    assert isinstance(name, str)
    return Scenario(name, tuple(cuts))


def _read_cut(table: dict[str, Any], kind: str, path: str, problems: list[str]) -> Cut | None:
    before = len(problems)
    for key in sorted(set(table) - _CUT_KEYS):
        problems.append(f"{path}: unknown key {key!r}; a {kind} has code, share, rounding")
    code = table.get("code")
    if not isinstance(code, str) or not code.strip():
        problems.append(f"{path}.code: give the procedure code as text, got {code!r}")
    rounding = Rounding.DOWN
    if "rounding" in table:
        found = _ROUNDINGS.get(table["rounding"]) if isinstance(table["rounding"], str) else None
        if found is None:
            problems.append(
                f"{path}.rounding: {table['rounding']!r} is not one of "
                f"{', '.join(map(repr, _ROUNDINGS))}"
            )
        else:
            rounding = found
    share: Fraction | None = None
    if "share" not in table:
        problems.append(f'{path}.share: missing; give e.g. share = 0.3 or share = "30%"')
    else:
        try:
            share = as_share(table["share"])
            if kind == "lengthen":
                share = Cut.lengthen("0.000000", share).share
            else:
                _cut_share(share)
        except ScenarioError as error:
            problems.append(f"{path}.share: {error}")
    if len(problems) > before or share is None:
        return None
    assert isinstance(code, str)
    return Cut(code, share, rounding)
