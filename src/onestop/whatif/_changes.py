"""Changes of a procedure's channels and fees, and removals of special sessions, as a
scenario applies them. Channels: Decree 118/2025/NĐ-CP art. 15 (in person, by post,
online); online-service levels: Decree 42/2022/NĐ-CP art. 11. Special sessions (first-Sunday
"Ngày Chủ nhật gần Dân"): rules.md, they change deadlines only when configured to count."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import attrs

from onestop.calendar import SpecialSessions, WorkCalendar
from onestop.errors import CalendarError, ScenarioError, TimingError
from onestop.procedures import Channel, ChannelOffer, Fee, Procedure
from onestop.timing import ProcessingTime

__all__ = [
    "ChannelAction",
    "ChannelChange",
    "FeeChange",
    "SessionRemoval",
    "as_channel",
    "fee_text",
]

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
