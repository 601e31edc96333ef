"""Scenarios: reforms of a catalog's time limits, fees and channels (and of the working
calendar's special sessions), built in code or read from a small TOML file.

References:
    The An Khê ward proposal (rules.md, "The An Khê ward facts"): "cut at least 30 % more of
    the processing time of 10 % of the frequent procedures"; law.md, "What-if analysis":
    recompute early / on-time / late on historical dossiers, and "same-day procedures cannot
    be shortened in days". Channels: Decree 118/2025/NĐ-CP art. 15 (in person, by post,
    online); online-service levels: Decree 42/2022/NĐ-CP art. 11. Special sessions
    (first-Sunday "Ngày Chủ nhật gần Dân"): rules.md, they change deadlines only when
    configured to count.
"""

from __future__ import annotations

import enum
import json
import math
import tomllib
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from onestop.calendar import SpecialSessions, WorkCalendar
from onestop.dossier import Dossier
from onestop.errors import CalendarError, ScenarioError, TimingError
from onestop.procedures import Channel, ChannelOffer, Fee, Procedure
from onestop.timing import ProcessingTime, TimeUnit

__all__ = [
    "ChannelAction",
    "ChannelChange",
    "Cut",
    "FeeChange",
    "Rounding",
    "Scenario",
    "ScenarioError",
    "SessionRemoval",
    "Skipped",
    "dump_scenario",
    "load_scenario",
]

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


_CHANNELS = {channel.value: channel for channel in Channel}
_CHANNEL_LIST = ", ".join(_CHANNELS)


def as_channel(value: object) -> Channel:
    """``value`` as a :class:`~onestop.procedures.Channel`: the member itself or its value
    (``"in_person"``, ``"postal"``, ``"online"``).

    Examples:
        >>> as_channel("online")
        <Channel.ONLINE: 'online'>
        >>> as_channel("fax")
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: unknown channel 'fax': a channel is one of in_person, postal, online (Decree 118/2025/NĐ-CP art. 15)
    """
    if isinstance(value, Channel):
        return value
    found = _CHANNELS.get(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise ScenarioError(
            f"unknown channel {value!r}: a channel is one of {_CHANNEL_LIST} "
            "(Decree 118/2025/NĐ-CP art. 15)"
        )
    return found


def _optional_channel(value: object) -> Channel | None:
    return None if value is None else as_channel(value)


def _time(value: object) -> ProcessingTime | None:
    if value is None or isinstance(value, ProcessingTime):
        return value
    if isinstance(value, str):
        try:
            return ProcessingTime.parse(value)
        except TimingError as error:
            raise ScenarioError(str(error)) from None
    raise ScenarioError(
        f"a time limit is a ProcessingTime or its text such as '05 ngày làm việc', got {value!r}"
    )


def _changed_code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"a change needs the procedure code, got {value!r}")


def _offered(procedure: Procedure) -> str:
    channels = sorted(channel.value for channel in procedure.channel_set)
    return f"it offers {', '.join(channels)}" if channels else "it lists no channel"


def _governed(procedure: Procedure) -> str:
    return (
        f"its time limit '{procedure.deadline_time}' governs every channel "
        "(Procedure.time_for), so a channel's own time would be ignored: leave the time out, "
        "or cut or lengthen the procedure's time"
    )


class ChannelAction(enum.Enum):
    """What a :class:`ChannelChange` does to one channel of a procedure (the channels of
    Decree 118/2025/NĐ-CP art. 15: in person, by post, online)."""

    #: Make the procedure available through a channel it does not offer (a new channel row).
    OFFER = "offer"
    #: Stop offering a channel (its rows go).
    WITHDRAW = "withdraw"
    #: Give every row of one channel its own time limit.
    SET_TIME = "set_time"


@attrs.frozen
class ChannelChange:
    """Offer, withdraw, or set the time limit of, one channel of one procedure.

    * ``OFFER`` adds a row for ``channel``, with ``time`` as its own limit. A procedure whose
      own limit (:attr:`~onestop.procedures.Procedure.deadline_time`) governs every channel
      takes no ``time`` (it would be ignored); one without (each row gives its own) needs one.
    * ``SET_TIME`` gives every row of ``channel`` the limit ``time``; only a procedure without
      a limit of its own reads it (:meth:`~onestop.procedures.Procedure.time_for`).
    * ``WITHDRAW`` removes the rows of ``channel``; the last channel cannot be withdrawn.
      Withdrawing ``online`` also clears the procedure's online-service level (Decree
      42/2022/NĐ-CP art. 11). A dossier already filed through the withdrawn channel keeps the
      time limit the reformed procedure would have given it there (see
      :meth:`Scenario.withdraw`).

    Examples:
        >>> ChannelChange("1.000419", "online", ChannelAction.OFFER, "03 ngày làm việc").time
        ProcessingTime(amount=3, unit=<TimeUnit.WORKING_DAYS: 'working_days'>, cutoff=None)
        >>> ChannelChange("1.000419", "online", ChannelAction.SET_TIME)
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: setting the time of channel online of procedure 1.000419 needs the time, e.g. time='03 ngày làm việc'
    """

    code: str = attrs.field(validator=_changed_code)
    channel: Channel = attrs.field(converter=as_channel)
    action: ChannelAction
    time: ProcessingTime | None = attrs.field(default=None, converter=_time)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.action, ChannelAction):
            raise ScenarioError(
                f"action must be a ChannelAction (offer, withdraw, set_time), got {self.action!r}"
            )
        where = f"channel {self.channel.value} of procedure {self.code}"
        if self.action is ChannelAction.SET_TIME and self.time is None:
            raise ScenarioError(
                f"setting the time of {where} needs the time, e.g. time='03 ngày làm việc'"
            )
        if self.action is ChannelAction.WITHDRAW and self.time is not None:
            raise ScenarioError(f"withdrawing {where} takes no time; leave time out")

    def describe(self) -> str:
        """The change in words, as the reformed procedure's notes record it."""
        if self.action is ChannelAction.WITHDRAW:
            return f"channel {self.channel.value} withdrawn"
        if self.action is ChannelAction.OFFER:
            given = "" if self.time is None else f" with time {self.time}"
            return f"channel {self.channel.value} offered{given}"
        return f"channel {self.channel.value} given time {self.time}"

    def attempt(self) -> str:
        """What the change attempts, for error messages."""
        if self.action is ChannelAction.SET_TIME:
            return f"set the time of channel {self.channel.value}"
        return f"{self.action.value} channel {self.channel.value}"

    def refusal(self, procedure: Procedure) -> str | None:
        """Why this change cannot apply to ``procedure``, or ``None`` when it can."""
        offered = self.channel in procedure.channel_set
        name = self.channel.value
        if self.action is ChannelAction.OFFER:
            if offered:
                return (
                    f"it already offers {name}; set that channel's time with "
                    "set_channel_time, or its fee with set_fee"
                )
            if self.time is None and procedure.deadline_time is None:
                return (
                    "it has no time limit of its own (each channel row gives one), so a new "
                    "channel needs its own time: give time, e.g. '05 ngày làm việc'"
                )
        elif not offered:
            then = (
                "offer it first" if self.action is ChannelAction.SET_TIME else "nothing to withdraw"
            )
            return f"it does not offer {name} ({_offered(procedure)}): {then}"
        elif self.action is ChannelAction.WITHDRAW and procedure.channel_set == {self.channel}:
            return (
                f"{name} is its only channel; a procedure needs a channel to be filed "
                "through: offer another channel first"
            )
        if self.time is not None and procedure.deadline_time is not None:
            return _governed(procedure)
        return None

    def apply(self, procedure: Procedure) -> Procedure:
        """``procedure`` with this change, its notes saying so.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> p = default_catalog().get("1.004222", on=date(2026, 3, 2))
            >>> sorted(c.value for c in p.channel_set)
            ['in_person', 'online']
            >>> postal = ChannelChange("1.004222", "postal", ChannelAction.OFFER).apply(p)
            >>> sorted(c.value for c in postal.channel_set), str(postal.time_for(Channel.POSTAL))
            (['in_person', 'online', 'postal'], '07 ngày làm việc')
        """
        if procedure.code != self.code:
            raise ScenarioError(
                f"a change of procedure {self.code} does not apply to {procedure.code}"
            )
        why = self.refusal(procedure)
        if why is not None:
            raise ScenarioError(f"procedure {procedure.code} cannot {self.attempt()}: {why}")
        changes: dict[str, Any] = {}
        verbatim = None if self.time is None else str(self.time)
        if self.action is ChannelAction.OFFER:
            row = ChannelOffer(
                self.channel, self.time, verbatim, description=f"what-if: {self.describe()}"
            )
            rows = (*procedure.channels, row)
        elif self.action is ChannelAction.SET_TIME:
            rows = tuple(
                attrs.evolve(offer, processing_time=self.time, time_verbatim=verbatim)
                if offer.channel is self.channel
                else offer
                for offer in procedure.channels
            )
        else:
            rows = tuple(offer for offer in procedure.channels if offer.channel is not self.channel)
            if self.channel is Channel.ONLINE:
                changes["online_service"] = None
        note = f"what-if: {self.describe()}"
        return attrs.evolve(procedure, channels=rows, notes=(*procedure.notes, note), **changes)


def _fee_amount(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(
            f"a fee is a whole number of đồng (an int such as 5000; 0 for free), got {value!r}"
        )
    if value < 0:
        raise ScenarioError(
            f"fee {value} VND is negative: a fee is 0 ('Miễn phí', free) or more; give "
            "amount_vnd >= 0"
        )


def fee_text(amount_vnd: int) -> str:
    """The wording of the national portal for a fee in đồng.

    Examples:
        >>> fee_text(0), fee_text(10000)
        ('Miễn phí', '10,000 Việt Nam Đồng')
    """
    return "Miễn phí" if amount_vnd == 0 else f"{amount_vnd:,} Việt Nam Đồng"


@attrs.frozen
class FeeChange:
    """Set the fee (phí, lệ phí) of one procedure to ``amount_vnd`` đồng: on the rows of
    ``channel``, or on every row when ``channel`` is ``None``.

    A fee changes what the citizen pays, never a time limit: a scenario of fees alone leaves
    every dossier's classification as it was.

    Examples:
        >>> p = FeeChange("1.004222", 5000, "online")
        >>> p.channel, p.describe()
        (<Channel.ONLINE: 'online'>, 'fee of online set to 5,000 VND')
        >>> FeeChange("1.004222", -1)
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: fee -1 VND is negative: a fee is 0 ('Miễn phí', free) or more; give amount_vnd >= 0
    """

    code: str = attrs.field(validator=_changed_code)
    amount_vnd: int = attrs.field(validator=_fee_amount)
    channel: Channel | None = attrs.field(default=None, converter=_optional_channel)

    def describe(self) -> str:
        """The change in words, as the reformed procedure's notes record it."""
        where = "every channel" if self.channel is None else self.channel.value
        return f"fee of {where} set to {self.amount_vnd:,} VND"

    def refusal(self, procedure: Procedure) -> str | None:
        """Why this change cannot apply to ``procedure``, or ``None`` when it can."""
        if not procedure.channels:
            return "it lists no channel, so it has no fee to set: offer a channel first"
        if self.channel is not None and self.channel not in procedure.channel_set:
            return (
                f"it does not offer {self.channel.value} ({_offered(procedure)}): offer the "
                "channel first, or set the fee of every channel"
            )
        return None

    def apply(self, procedure: Procedure) -> Procedure:
        """``procedure`` with the fee set, its notes saying so.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> p = default_catalog().get("1.004222", on=date(2026, 3, 2))
            >>> [(o.channel.value, o.fee.amount_vnd) for o in p.channels]
            [('online', 10000), ('in_person', 20000)]
            >>> cheaper = FeeChange("1.004222", 5000, "online").apply(p)
            >>> [(o.channel.value, o.fee.amount_vnd) for o in cheaper.channels]
            [('online', 5000), ('in_person', 20000)]
            >>> cheaper.channels[0].fee.verbatim
            '5,000 Việt Nam Đồng'
        """
        if procedure.code != self.code:
            raise ScenarioError(
                f"a fee of procedure {self.code} does not apply to {procedure.code}"
            )
        why = self.refusal(procedure)
        if why is not None:
            raise ScenarioError(f"procedure {procedure.code} cannot have its fee set: {why}")
        fee = Fee(self.amount_vnd, fee_text(self.amount_vnd), note="what-if")
        rows = tuple(
            attrs.evolve(offer, fee=fee)
            if self.channel is None or offer.channel is self.channel
            else offer
            for offer in procedure.channels
        )
        note = f"what-if: {self.describe()}"
        return attrs.evolve(procedure, channels=rows, notes=(*procedure.notes, note))


@attrs.frozen(kw_only=True)
class _KeepsWithdrawn(Procedure):
    """A reformed procedure that no longer offers some channels, but still gives the dossiers
    filed through them the time limit they would have had (see :meth:`Scenario.withdraw`)."""

    withdrawn_times: tuple[tuple[Channel, ProcessingTime | None], ...] = ()

    def time_for(self, channel: Channel) -> ProcessingTime | None:
        """The time of a withdrawn channel as it would have been, else as in
        :meth:`Procedure.time_for`."""
        for withdrawn, time in self.withdrawn_times:
            if withdrawn is channel:
                return time
        return Procedure.time_for(self, channel)


def _sessions_choice(
    instance: object,
    attribute: attrs.Attribute[SpecialSessions | str | None],
    value: SpecialSessions | str | None,
) -> None:
    if value is None or isinstance(value, SpecialSessions):
        return
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(
            "choose the special sessions to remove by their SpecialSessions value, by their "
            f"name (e.g. 'Ngày Chủ nhật gần Dân'), or None for all of them; got {value!r}"
        )


def _window_day(
    instance: object, attribute: attrs.Attribute[date | None], value: date | None
) -> None:
    if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
        raise ScenarioError(
            f"{attribute.name} is a datetime.date such as date(2026, 7, 1), got {value!r}"
        )


@attrs.frozen
class SessionRemoval:
    """Special sessions taken out of every dossier's calendar
    (:meth:`~onestop.calendar.WorkCalendar.without_special_sessions`): a series given by
    value or by name (``None``: every series), whole or from ``start`` to ``until`` (both
    included).

    Examples:
        >>> SessionRemoval("Ngày Chủ nhật gần Dân", start=date(2026, 7, 1)).describe()
        "special sessions 'Ngày Chủ nhật gần Dân' from 2026-07-01"
        >>> SessionRemoval(start=date(2026, 7, 1), until=date(2026, 6, 1))
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: the window of special sessions to remove ends (2026-06-01) before it starts (2026-07-01); give start <= until
    """

    sessions: SpecialSessions | str | None = attrs.field(default=None, validator=_sessions_choice)
    start: date | None = attrs.field(default=None, validator=_window_day)
    until: date | None = attrs.field(default=None, validator=_window_day)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.until is not None and self.until < self.start:
            raise ScenarioError(
                f"the window of special sessions to remove ends ({self.until}) before it "
                f"starts ({self.start}); give start <= until"
            )

    def describe(self) -> str:
        """The removal in words."""
        if self.sessions is None:
            what = "every special session"
        elif isinstance(self.sessions, str):
            what = f"special sessions {self.sessions.strip()!r}"
        else:
            what = f"special sessions {self.sessions.name_vi!r} ({self.sessions.source})"
        if self.start is not None:
            what += f" from {self.start}"
        if self.until is not None:
            what += f" until {self.until}"
        return what

    def apply(self, calendar: WorkCalendar) -> WorkCalendar:
        """``calendar`` without these sessions; :class:`ScenarioError` when it does not hold
        them."""
        try:
            return calendar.without_special_sessions(
                self.sessions, start=self.start, until=self.until
            )
        except CalendarError as error:
            raise ScenarioError(f"cannot remove {self.describe()}: {error}") from None


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


def _typed(value: Iterable[object], kind: type[Any], label: str) -> tuple[Any, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise ScenarioError(f"a scenario's {label} are {kind.__name__} values, got {item!r}")
    return items


def _fees(value: Iterable[FeeChange]) -> tuple[FeeChange, ...]:
    return _typed(value, FeeChange, "fee changes")


_APPLY_ORDER = {ChannelAction.OFFER: 0, ChannelAction.SET_TIME: 1, ChannelAction.WITHDRAW: 2}


def _channel_changes(value: Iterable[ChannelChange]) -> tuple[ChannelChange, ...]:
    changes: tuple[ChannelChange, ...] = _typed(value, ChannelChange, "channel changes")
    # In the order apply() follows; changes of one kind on distinct channels commute.
    return tuple(sorted(changes, key=lambda change: _APPLY_ORDER[change.action]))


def _removals(value: Iterable[SessionRemoval]) -> tuple[SessionRemoval, ...]:
    return _typed(value, SessionRemoval, "session removals")


def _name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"a scenario needs a name, got {value!r}")


@attrs.frozen
class Scenario:
    """A reform of a catalog: cuts (or lengthenings) of procedures' time limits, changes of
    their fees and channels, and special sessions added to or removed from the working
    calendar.

    The baseline is left untouched (the OpenFisca model of reforms): :meth:`apply` returns the
    reformed procedure, :meth:`apply_calendar` the reformed calendar. The empty scenario
    changes nothing.

    A procedure's changes apply in this order: channels offered or given a time, fees, the
    cut, channels withdrawn. Each is checked against the procedure as the earlier ones left
    it (a fee may be set on a channel the scenario offers). A procedure is not both cut and
    given a channel's own time: which applies first would decide the result.

    Examples:
        >>> s = Scenario("An Khê 2024").cut("1.004222", 0.3).lengthen("1.001022", "1/3")
        >>> [(c.code, c.share) for c in s.cuts]
        [('1.004222', Fraction(3, 10)), ('1.001022', Fraction(-1, 3))]
        >>> Scenario("nothing").is_empty
        True
        >>> s = Scenario("online").offer("1.000419", "online", time="03 ngày làm việc")
        >>> s = s.set_fee("1.004222", 0).withdraw("1.004222", "in_person")
        >>> [c.describe() for c in s.channel_changes], [f.describe() for f in s.fees]
        (['channel online offered with time 03 ngày làm việc', 'channel in_person withdrawn'], ['fee of every channel set to 0 VND'])
    """

    name: str = attrs.field(validator=_name)
    cuts: tuple[Cut, ...] = attrs.field(default=(), converter=_cuts)
    #: Special sessions added to every dossier's calendar. They change deadlines only when
    #: they say ``counts_toward_deadlines=True`` (rules.md).
    special_sessions: tuple[SpecialSessions, ...] = attrs.field(default=(), converter=_sessions)
    #: Procedures a selection (:meth:`cut_top`) left out, with the reason.
    skipped: tuple[Skipped, ...] = ()
    #: Fees set.
    fees: tuple[FeeChange, ...] = attrs.field(default=(), converter=_fees)
    #: Channels offered, given their own time or withdrawn, in the order they apply (offers,
    #: then channel times, then withdrawals; each kind in the order given).
    channel_changes: tuple[ChannelChange, ...] = attrs.field(default=(), converter=_channel_changes)
    #: Special sessions taken out of every dossier's calendar, before :attr:`special_sessions`
    #: are added (so a series can be replaced by another of the same name).
    removed_sessions: tuple[SessionRemoval, ...] = attrs.field(default=(), converter=_removals)

    def __attrs_post_init__(self) -> None:
        channels: dict[tuple[str, Channel], ChannelChange] = {}
        for change in self.channel_changes:
            known = channels.get((change.code, change.channel))
            if known is not None:
                raise ScenarioError(
                    f"procedure {change.code}'s channel {change.channel.value} is changed twice "
                    f"({known.action.value}, then {change.action.value}); give one change per "
                    "procedure and channel"
                )
            channels[(change.code, change.channel)] = change
        fees: dict[str, list[FeeChange]] = {}
        for fee in self.fees:
            earlier = fees.setdefault(fee.code, [])
            if any(
                e.channel is None or fee.channel is None or e.channel is fee.channel
                for e in earlier
            ):
                raise ScenarioError(
                    f"the fee of procedure {fee.code} is set twice on "
                    f"{'every channel' if fee.channel is None else fee.channel.value}; give one "
                    "fee per channel, or one for every channel"
                )
            earlier.append(fee)
            withdrawn = channels.get((fee.code, fee.channel)) if fee.channel else None
            if withdrawn is not None and withdrawn.action is ChannelAction.WITHDRAW:
                raise ScenarioError(
                    f"the fee of procedure {fee.code}'s channel {withdrawn.channel.value} is set, "
                    "but the scenario withdraws that channel: drop one of the two"
                )
        for change in self.channel_changes:
            if change.time is not None and self.cut_for(change.code) is not None:
                raise ScenarioError(
                    f"procedure {change.code} is both cut and given a time for channel "
                    f"{change.channel.value}; which applies first would decide the result: "
                    "give the channel the time you want and leave the cut out, or the reverse"
                )

    @property
    def is_empty(self) -> bool:
        """Whether the scenario changes nothing."""
        return not (
            self.cuts
            or self.special_sessions
            or self.fees
            or self.channel_changes
            or self.removed_sessions
        )

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

    def set_fee(
        self, procedure: str | Procedure, amount_vnd: int, *, channel: Channel | str | None = None
    ) -> Scenario:
        """This scenario with procedure ``procedure``'s fee set to ``amount_vnd`` đồng, on the
        rows of ``channel`` or on every row (:class:`FeeChange`).

        Given a :class:`~onestop.procedures.Procedure`, the scenario's changes on it are
        checked now (:meth:`apply`); given a code, when the scenario is applied.

        Examples:
            >>> Scenario("free online").set_fee("1.004222", 0, channel="online").fees
            (FeeChange(code='1.004222', amount_vnd=0, channel=<Channel.ONLINE: 'online'>),)
            >>> Scenario("x").set_fee("1.004222", 5000.5)
            Traceback (most recent call last):
            ...
            onestop.errors.ScenarioError: a fee is a whole number of đồng (an int such as 5000; 0 for free), got 5000.5
        """
        fee = FeeChange(_code_of(procedure), amount_vnd, channel)
        return self._checked(attrs.evolve(self, fees=(*self.fees, fee)), procedure)

    def offer(
        self,
        procedure: str | Procedure,
        channel: Channel | str,
        *,
        time: ProcessingTime | str | None = None,
    ) -> Scenario:
        """This scenario with procedure ``procedure`` available through ``channel`` too, e.g.
        online (:class:`ChannelChange`, ``OFFER``).

        Give ``time`` only to a procedure without a time limit of its own (each channel row
        gives one); a procedure whose limit governs every channel refuses it, since it would
        be ignored. Given a :class:`~onestop.procedures.Procedure`, the scenario's changes on
        it are checked now (:meth:`apply`); given a code, when the scenario is applied.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> mobile = default_catalog().get("1.000419", on=date(2026, 3, 2))
            >>> s = Scenario("online").offer(mobile, "online", time="05 ngày làm việc")
            >>> str(s.apply(mobile).time_for(Channel.ONLINE))
            '05 ngày làm việc'
            >>> Scenario("x").offer(mobile, "online")
            Traceback (most recent call last):
            ...
            onestop.errors.ScenarioError: procedure 1.000419 cannot offer channel online: it has no time limit of its own (each channel row gives one), so a new channel needs its own time: give time, e.g. '05 ngày làm việc'
        """
        change = ChannelChange(_code_of(procedure), channel, ChannelAction.OFFER, time)
        return self._with_channel(change, procedure)

    def withdraw(self, procedure: str | Procedure, channel: Channel | str) -> Scenario:
        """This scenario with procedure ``procedure`` no longer offered through ``channel``
        (:class:`ChannelChange`, ``WITHDRAW``).

        A withdrawal looks forward: the dossiers of the log already filed through the channel
        cannot be re-filed through another one (the log does not say which the citizen would
        have chosen), so they are replayed as filed, with the time limit the reformed
        procedure would have given them through that channel (its other changes, such as a
        cut, apply to them). They are neither dropped nor counted as without a limit:
        :meth:`filed_through_withdrawn` lists them, so that a report can say how many there
        are. The reformed procedure's :meth:`~onestop.procedures.Procedure.time_for` still
        answers for the withdrawn channel; its rows and ``channel_set`` no longer hold it.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> by_channel = default_catalog().get("1.013978", on=date(2026, 3, 2))
            >>> reformed = Scenario("no post").withdraw(by_channel, "postal").apply(by_channel)
            >>> sorted(c.value for c in reformed.channel_set)
            ['in_person', 'online']
            >>> str(reformed.time_for(Channel.POSTAL))  # for dossiers already filed by post
            '20 ngày làm việc'
        """
        change = ChannelChange(_code_of(procedure), channel, ChannelAction.WITHDRAW)
        return self._with_channel(change, procedure)

    def set_channel_time(
        self, procedure: str | Procedure, channel: Channel | str, time: ProcessingTime | str
    ) -> Scenario:
        """This scenario with every row of procedure ``procedure``'s ``channel`` given the
        time limit ``time`` (:class:`ChannelChange`, ``SET_TIME``).

        Only a procedure without a time limit of its own reads its rows' times
        (:meth:`~onestop.procedures.Procedure.time_for`); one with a limit refuses the change,
        which would be ignored: cut or lengthen its limit instead.

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> by_channel = default_catalog().get("1.013978", on=date(2026, 3, 2))
            >>> s = Scenario("online 10").set_channel_time(by_channel, "online", "10 ngày làm việc")
            >>> str(s.apply(by_channel).time_for(Channel.ONLINE))
            '10 ngày làm việc'
        """
        change = ChannelChange(_code_of(procedure), channel, ChannelAction.SET_TIME, time)
        return self._with_channel(change, procedure)

    def _with_channel(self, change: ChannelChange, procedure: str | Procedure) -> Scenario:
        changed = attrs.evolve(self, channel_changes=(*self.channel_changes, change))
        return self._checked(changed, procedure)

    @staticmethod
    def _checked(changed: Scenario, procedure: str | Procedure) -> Scenario:
        """``changed``, once applied to ``procedure`` when it is a procedure: every change of
        the scenario on it is then checked, in the order :meth:`apply` follows."""
        if isinstance(procedure, Procedure):
            changed.apply(procedure)
        return changed

    def with_special_sessions(self, sessions: SpecialSessions) -> Scenario:
        """This scenario with ``sessions`` added to every calendar."""
        return attrs.evolve(self, special_sessions=(*self.special_sessions, sessions))

    def without_special_sessions(
        self,
        sessions: SpecialSessions | str | None = None,
        *,
        start: date | None = None,
        until: date | None = None,
    ) -> Scenario:
        """This scenario with special sessions taken out of every calendar
        (:class:`SessionRemoval`): the series ``sessions`` (its value, its name, or ``None``
        for every series), whole or from ``start`` to ``until``.

        Removals apply before the scenario's added sessions. A calendar that does not hold
        what is removed makes :meth:`apply_calendar` (and so :func:`replay`) raise
        :class:`ScenarioError`: a misspelt name never passes for a reform.

        Examples:
            >>> from onestop.calendar import WorkCalendar
            >>> ward = WorkCalendar.vietnam().with_first_sunday_sessions(
            ...     start=date(2024, 1, 1), source="Kế hoạch của UBND phường An Khê")
            >>> s = Scenario("no Sundays").without_special_sessions("Ngày Chủ nhật gần Dân")
            >>> s.apply_calendar(ward).sessions(date(2026, 3, 1))
            ()
            >>> s.apply_calendar(WorkCalendar.vietnam())
            Traceback (most recent call last):
            ...
            onestop.errors.ScenarioError: cannot remove special sessions 'Ngày Chủ nhật gần Dân': calendar 'Vietnam (civil servants)' has no special sessions named 'Ngày Chủ nhật gần Dân'; it has none: nothing to remove
        """
        removal = SessionRemoval(sessions, start, until)
        return attrs.evolve(self, removed_sessions=(*self.removed_sessions, removal))

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
        """``procedure`` under this scenario: the same object when no change names it.

        Raises :class:`ScenarioError` when a change names it but cannot apply (a time that
        cannot be cut, a channel it does not offer, ...).

        Examples:
            >>> from datetime import date
            >>> from onestop.procedures import default_catalog
            >>> p = default_catalog().get("1.004222", on=date(2026, 3, 2))
            >>> Scenario("other").set_fee("1.001022", 0).apply(p) is p
            True
            >>> Scenario("x").withdraw("1.004222", "postal").apply(p)
            Traceback (most recent call last):
            ...
            onestop.errors.ScenarioError: procedure 1.004222 cannot withdraw channel postal: it does not offer postal (it offers in_person, online): nothing to withdraw
        """
        code = procedure.code
        changes = [change for change in self.channel_changes if change.code == code]
        fees = [fee for fee in self.fees if fee.code == code]
        cut = self.cut_for(code)
        if not changes and not fees and cut is None:
            return procedure
        withdrawals = [c for c in changes if c.action is ChannelAction.WITHDRAW]
        reformed = procedure
        for change in changes:
            if change.action is not ChannelAction.WITHDRAW:
                reformed = change.apply(reformed)
        for fee in fees:
            reformed = fee.apply(reformed)
        if cut is not None:
            reformed = cut.apply(reformed)
        kept = tuple((change.channel, reformed.time_for(change.channel)) for change in withdrawals)
        for change in withdrawals:
            reformed = change.apply(reformed)
        if any(reformed.time_for(channel) != time for channel, time in kept):
            fields = {
                field.name: getattr(reformed, field.name) for field in attrs.fields(Procedure)
            }
            reformed = _KeepsWithdrawn(**fields, withdrawn_times=kept)
        return reformed

    def apply_calendar(self, calendar: WorkCalendar) -> WorkCalendar:
        """``calendar`` without this scenario's removed special sessions, then with its added
        ones: the same object when the scenario has neither.

        Raises :class:`ScenarioError` when ``calendar`` does not hold what is removed.
        """
        for removal in self.removed_sessions:
            calendar = removal.apply(calendar)
        for sessions in self.special_sessions:
            calendar = calendar.with_special_sessions(sessions)
        return calendar

    def filed_through_withdrawn(self, dossiers: Iterable[Dossier]) -> tuple[str, ...]:
        """The ids of the dossiers of ``dossiers`` filed through a channel this scenario
        withdraws from their procedure, in log order: replayed with the time limit they would
        have had (:meth:`withdraw`), and worth a line in any report of the scenario.

        Examples:
            >>> from datetime import datetime
            >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
            >>> from onestop.procedures import default_catalog
            >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
            >>> p = default_catalog().get("1.004222", on=at.date())
            >>> log = [Dossier.file(id=f"HS-{c.value}", procedure=p, at=at, channel=c,
            ...                     calendar=WorkCalendar.vietnam())
            ...        for c in (Channel.ONLINE, Channel.IN_PERSON)]
            >>> Scenario("x").withdraw(p, "online").filed_through_withdrawn(log)
            ('HS-online',)
        """
        withdrawn = {
            (change.code, change.channel)
            for change in self.channel_changes
            if change.action is ChannelAction.WITHDRAW
        }
        return tuple(
            dossier.id
            for dossier in dossiers
            if (dossier.procedure.code, dossier.channel) in withdrawn
        )


def _code_of(procedure: str | Procedure) -> str:
    return procedure.code if isinstance(procedure, Procedure) else procedure


_ROUNDINGS = {rounding.value: rounding for rounding in Rounding}
#: The keys of each kind of table; the first ones are required.
_KEYS = {
    "cut": ("code", "share", "rounding"),
    "lengthen": ("code", "share", "rounding"),
    "fee": ("code", "amount_vnd", "channel"),
    "offer": ("code", "channel", "time"),
    "withdraw": ("code", "channel"),
    "channel_time": ("code", "channel", "time"),
    "remove_sessions": ("name", "start", "until"),
}
_TOP_KEYS = ("name", *(f"[[{kind}]]" for kind in _KEYS))
_ACTIONS = {
    "offer": ChannelAction.OFFER,
    "withdraw": ChannelAction.WITHDRAW,
    "channel_time": ChannelAction.SET_TIME,
}


def load_scenario(text: str) -> Scenario:
    """The scenario a TOML text describes.

    The format: a ``name``, then any of these tables, as many as needed:

    * ``[[cut]]`` per procedure to shorten and ``[[lengthen]]`` per procedure to lengthen,
      each with ``code``, ``share`` (a number such as 0.3, or a text such as ``"30%"`` or
      ``"3/10"``) and an optional ``rounding`` (``"down"``, the default, ``"nearest"`` or
      ``"up"``);
    * ``[[fee]]``: ``code``, ``amount_vnd`` (whole đồng, 0 for free) and an optional
      ``channel`` (``"in_person"``, ``"postal"`` or ``"online"``; every channel when left
      out): :meth:`Scenario.set_fee`;
    * ``[[offer]]``: ``code``, ``channel`` and, for a procedure without a time limit of its
      own, ``time`` (its Vietnamese wording, such as ``"05 ngày làm việc"``):
      :meth:`Scenario.offer`;
    * ``[[withdraw]]``: ``code`` and ``channel``: :meth:`Scenario.withdraw`;
    * ``[[channel_time]]``: ``code``, ``channel`` and ``time``:
      :meth:`Scenario.set_channel_time`;
    * ``[[remove_sessions]]``: an optional ``name`` of the series (every series when left
      out) and optional ``start`` and ``until`` dates (such as ``2026-07-01``; the whole
      series when both are left out): :meth:`Scenario.without_special_sessions`.

    Every problem of the file is reported at once, each with its path.
    :func:`dump_scenario` writes the format.

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
        >>> s = load_scenario('''
        ... name = "Online, free, no summer Sundays"
        ... [[offer]]
        ... code = "1.000419"
        ... channel = "online"
        ... time = "05 ngày làm việc"
        ... [[fee]]
        ... code = "1.000419"
        ... amount_vnd = 0
        ... [[remove_sessions]]
        ... name = "Ngày Chủ nhật gần Dân"
        ... start = 2026-06-01
        ... until = 2026-08-31
        ... ''')
        >>> [c.describe() for c in s.channel_changes], s.removed_sessions[0].describe()
        (['channel online offered with time 05 ngày làm việc'], "special sessions 'Ngày Chủ nhật gần Dân' from 2026-06-01 until 2026-08-31")
        >>> load_scenario('name = "x"\\n[[cut]]\\ncode = "1.004222"\\nshare = 2\\nspeed = 1')
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: 2 problems in the scenario:
          $.cut[0]: unknown key 'speed'; a cut has code, share, rounding
          $.cut[0].share: a cut of 200% leaves no time; cut less than 100% (the reformed limit never goes below 1 working day or 1 working hour)
        >>> load_scenario('name = "x"\\n[[fee]]\\ncode = "1.004222"\\namount_vnd = -5\\nchannel = "fax"')
        Traceback (most recent call last):
        ...
        onestop.errors.ScenarioError: 2 problems in the scenario:
          $.fee[0].amount_vnd: fee -5 VND is negative: a fee is 0 ('Miễn phí', free) or more; give amount_vnd >= 0
          $.fee[0].channel: unknown channel 'fax': a channel is one of in_person, postal, online (Decree 118/2025/NĐ-CP art. 15)
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"the scenario is not valid TOML: {error}") from None
    problems: list[str] = []
    for key in sorted(set(data) - {"name", *_KEYS}):
        problems.append(f"$: unknown key {key!r}; a scenario has {', '.join(_TOP_KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"$.name: a scenario needs a non-empty name, got {name!r}")
    read: dict[str, list[Any]] = {kind: [] for kind in _KEYS}
    for kind, keys in _KEYS.items():
        tables = data.get(kind, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            problems.append(f"$.{kind}: write each as a [[{kind}]] table")
            continue
        for index, table in enumerate(tables):
            path = f"$.{kind}[{index}]"
            before = len(problems)
            for key in sorted(set(table) - set(keys)):
                problems.append(f"{path}: unknown key {key!r}; a {kind} has {', '.join(keys)}")
            built = _READERS[kind](table, kind, path, problems)
            if built is not None and len(problems) == before:
                read[kind].append(built)
    cuts = read["cut"] + read["lengthen"]
    codes = Counter(cut.code for cut in cuts)
    for code, count in sorted(codes.items()):
        if count > 1:
            problems.append(f"$: procedure {code} is reformed {count} times; give it once")
    scenario: Scenario | None = None
    if not problems:
        assert isinstance(name, str)
        try:
            scenario = Scenario(
                name,
                tuple(cuts),
                fees=tuple(read["fee"]),
                channel_changes=tuple(read["offer"] + read["channel_time"] + read["withdraw"]),
                removed_sessions=tuple(read["remove_sessions"]),
            )
        except ScenarioError as error:
            problems.append(f"$: {error}")
    if scenario is None:
        count = len(problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the scenario:"]
        raise ScenarioError("\n".join(lines + [f"  {p}" for p in problems]))
    return scenario


def _text(table: dict[str, Any], key: str, path: str, problems: list[str], hint: str) -> str | None:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{path}.{key}: give {hint} as text, got {value!r}")
        return None
    return value


def _checked(path: str, problems: list[str], build: Any, *args: Any) -> Any:
    """``build(*args)``, or ``None`` with its :class:`ScenarioError` recorded at ``path``."""
    try:
        return build(*args)
    except ScenarioError as error:
        problems.append(f"{path}: {error}")
        return None


def _read_cut(table: dict[str, Any], kind: str, path: str, problems: list[str]) -> Cut | None:
    before = len(problems)
    code = _text(table, "code", path, problems, "the procedure code")
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
    elif kind == "lengthen":
        lengthened = _checked(f"{path}.share", problems, Cut.lengthen, "0.000000", table["share"])
        share = None if lengthened is None else lengthened.share
    else:
        share = _checked(f"{path}.share", problems, _cut_share, table["share"])
    if len(problems) > before or share is None or code is None:
        return None
    return Cut(code, share, rounding)


def _read_fee(table: dict[str, Any], kind: str, path: str, problems: list[str]) -> FeeChange | None:
    before = len(problems)
    code = _text(table, "code", path, problems, "the procedure code")
    if "amount_vnd" not in table:
        problems.append(f"{path}.amount_vnd: missing; give the fee in đồng, e.g. amount_vnd = 5000")
    else:
        _checked(f"{path}.amount_vnd", problems, _fee_amount, None, None, table["amount_vnd"])
    channel = _checked(f"{path}.channel", problems, _optional_channel, table.get("channel"))
    if len(problems) > before or code is None:
        return None
    return FeeChange(code, table["amount_vnd"], channel)


def _read_channel(
    table: dict[str, Any], kind: str, path: str, problems: list[str]
) -> ChannelChange | None:
    before = len(problems)
    code = _text(table, "code", path, problems, "the procedure code")
    channel = None
    if "channel" not in table:
        problems.append(f'{path}.channel: missing; give e.g. channel = "online"')
    else:
        channel = _checked(f"{path}.channel", problems, as_channel, table["channel"])
    time = None
    if "time" in table and kind != "withdraw":
        time = _checked(f"{path}.time", problems, _time, table["time"])
    elif kind == "channel_time":
        problems.append(f'{path}.time: missing; give e.g. time = "05 ngày làm việc"')
    if len(problems) > before or code is None or channel is None:
        return None
    return ChannelChange(code, channel, _ACTIONS[kind], time)


def _read_removal(
    table: dict[str, Any], kind: str, path: str, problems: list[str]
) -> SessionRemoval | None:
    before = len(problems)
    name = table.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        problems.append(
            f"{path}.name: give the series' name as text (e.g. 'Ngày Chủ nhật gần Dân'), or "
            f"leave it out for every series; got {name!r}"
        )
    for key in ("start", "until"):
        value = table.get(key)
        if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
            problems.append(f"{path}.{key}: give a date such as 2026-07-01, got {value!r}")
    if len(problems) > before:
        return None
    removal: SessionRemoval | None = _checked(
        path, problems, SessionRemoval, name, table.get("start"), table.get("until")
    )
    return removal


_READERS: dict[str, Any] = {
    "cut": _read_cut,
    "lengthen": _read_cut,
    "fee": _read_fee,
    "offer": _read_channel,
    "withdraw": _read_channel,
    "channel_time": _read_channel,
    "remove_sessions": _read_removal,
}


def _toml_value(value: str | int | date) -> str:
    if isinstance(value, str):
        # JSON escapes are TOML basic-string escapes; TOML also forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def dump_scenario(scenario: Scenario) -> str:
    """``scenario`` as the TOML text :func:`load_scenario` reads back to an equal scenario.

    A scenario file names what it changes: it cannot hold special sessions added, or removed
    by value rather than by name (:class:`ScenarioError` says so). ``skipped`` is not
    written: it records how :meth:`Scenario.cut_top` chose, not a change. A file lists each
    kind of change in its own tables, so the scenario read back lists its lengthenings after
    its cuts; it is otherwise equal to ``scenario``.

    Examples:
        >>> s = Scenario("An Khê").cut("1.004222", "30%").set_fee("1.004222", 5000, channel="online")
        >>> print(dump_scenario(s))
        name = "An Khê"
        <BLANKLINE>
        [[cut]]
        code = "1.004222"
        share = "3/10"
        rounding = "down"
        <BLANKLINE>
        [[fee]]
        code = "1.004222"
        amount_vnd = 5000
        channel = "online"
        <BLANKLINE>
        >>> load_scenario(dump_scenario(s)) == s
        True
    """
    if scenario.special_sessions:
        raise ScenarioError(
            f"scenario {scenario.name!r} adds special sessions, which a scenario file cannot "
            "hold: add them in code with with_special_sessions()"
        )
    tables: list[tuple[str, dict[str, str | int | date]]] = []
    for cut in scenario.cuts:
        kind = "lengthen" if cut.lengthens else "cut"
        share = str(abs(cut.share))
        tables.append((kind, {"code": cut.code, "share": share, "rounding": cut.rounding.value}))
    for fee in scenario.fees:
        row: dict[str, str | int | date] = {"code": fee.code, "amount_vnd": fee.amount_vnd}
        if fee.channel is not None:
            row["channel"] = fee.channel.value
        tables.append(("fee", row))
    kinds = {action: kind for kind, action in _ACTIONS.items()}
    for change in scenario.channel_changes:
        row = {"code": change.code, "channel": change.channel.value}
        if change.time is not None:
            row["time"] = str(change.time)
        tables.append((kinds[change.action], row))
    for removal in scenario.removed_sessions:
        if isinstance(removal.sessions, SpecialSessions):
            raise ScenarioError(
                f"scenario {scenario.name!r} removes {removal.describe()} by value, which a "
                "scenario file cannot hold: remove them by name instead"
            )
        row = {}
        for key, value in (
            ("name", removal.sessions),
            ("start", removal.start),
            ("until", removal.until),
        ):
            if value is not None:
                row[key] = value
        tables.append(("remove_sessions", row))
    lines = [f"name = {_toml_value(scenario.name)}"]
    for kind, row in tables:
        lines += ["", f"[[{kind}]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in row.items()]
    return "\n".join(lines) + "\n"
