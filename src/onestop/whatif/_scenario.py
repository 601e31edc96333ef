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

import math
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from onestop.calendar import SpecialSessions, WorkCalendar
from onestop.dossier import Dossier
from onestop.errors import ScenarioError
from onestop.procedures import Channel, Procedure
from onestop.timing import ProcessingTime
from onestop.whatif._changes import (
    ChannelAction,
    ChannelChange,
    FeeChange,
    SessionRemoval,
    _KeepsWithdrawn,
)
from onestop.whatif._cut import Cut, Rounding, Skipped, as_share

__all__ = ["Scenario", "ScenarioError"]


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
