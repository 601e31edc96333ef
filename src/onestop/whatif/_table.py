"""The columnar replay: one row of facts per dossier, classified again under a scenario without
rebuilding the dossier.

:func:`~onestop.whatif.replay` rebuilds every reformed dossier from its events: exact, and tens
of microseconds a dossier. A reform of time limits changes only the due moment, so a
:class:`ReplayTable` keeps of each dossier what no such reform changes (when counting started,
the working time it was paused, the moment it is measured at, its outcome before) and
:func:`replay_table` recomputes the due moment alone, once per deemed receipt day and time
limit. Dossiers whose events a reform may rewrite (an apology letter, a settlement on the spot)
keep their events and go through :func:`~onestop.whatif.reformed`. The suite checks that
both paths give the same comparison on random dossier histories and scenarios.

Moments are held as integer microseconds since the Unix epoch: exact, and a fraction of the
memory of ``datetime`` objects.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import chain, pairwise
from typing import TypeVar

import attrs

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier, Extended, LegalClock, LifecycleRules, Outcome, SettledOnTheSpot
from onestop.dossier._dossier import _outcome, _over_supplement_limit, _settles_on_the_spot
from onestop.dossier._rules import Granularity
from onestop.errors import OnestopError
from onestop.procedures import Channel, Procedure
from onestop.timing import ProcessingTime, ReceiptRules, TimeUnit, deadline
from onestop.whatif._replay import Change, Comparison, ProcedureComparison, Tally, _Reformer
from onestop.whatif._scenario import Scenario, ScenarioError

__all__ = ["ReplayTable", "replay_chunks", "replay_table"]

_T = TypeVar("_T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LOCAL_EPOCH = datetime(1970, 1, 1, 7, tzinfo=VIETNAM_TZ)
_MICROSECOND = timedelta(microseconds=1)
_DAY_US = 86_400_000_000
_MINUTE_US = 60_000_000
#: Asia/Ho_Chi_Minh has been UTC+07:00 at every moment since 13 June 1975, so a local day or
#: minute is a fixed shift of the epoch count. Moments before 1976 are refused.
_OFFSET_US = 7 * 3_600_000_000
_FIRST_US = 189_302_400_000_000  # 1976-01-01T00:00:00Z
#: Marks an absent moment in a column (every moment held is after 1976).
_ABSENT = -1

_OUTCOMES = tuple(Outcome)
_CODE = {outcome: index for index, outcome in enumerate(_OUTCOMES)}
_UNCOUNTED, _OPEN, _LATE = _CODE[Outcome.UNCOUNTED], _CODE[Outcome.OPEN], _CODE[Outcome.LATE]
#: The outcome code of an end before (-1), at (0) or after (1) its target, ended or not.
_BY_ORDER = {
    (order, ended): _CODE[_outcome(order, ended)] for order in (-1, 0, 1) for ended in (False, True)
}
# Row flags.
_ENDED = 1
_FORCED_LATE = 2
_ON_THE_SPOT = 4


def _us(moment: datetime) -> int:
    value = (moment - _EPOCH) // _MICROSECOND
    if value < _FIRST_US:
        raise ScenarioError(f"{moment.isoformat()} is before 1976: not a one-stop moment")
    return value


def _moment(us: int) -> datetime:
    # Wall-clock arithmetic from the local epoch is exact: the offset never changes (above).
    return _LOCAL_EPOCH + timedelta(microseconds=us)


def _maybe_us(moment: datetime | None) -> int:
    return _ABSENT if moment is None else _us(moment)


def _maybe_moment(us: int) -> datetime | None:
    return None if us == _ABSENT else _moment(us)


@attrs.frozen
class _Group:
    """What the dossiers of one row group share: their procedure version, calendar, channel
    and rule set."""

    procedure: Procedure
    calendar: WorkCalendar
    channel: Channel
    rules: LifecycleRules

    @property
    def time(self) -> ProcessingTime | None:
        return self.procedure.time_for(self.channel)


#: An apology letter: its new date, and the pauses finished when it was sent (intervals).
_Apology = tuple[int, tuple[tuple[int, int], ...]]
#: Marks an apology only the dossier's events can judge.
_KEEP_EVENTS: _Apology = (_ABSENT, ())


def _finished_pauses(clock: LegalClock) -> tuple[tuple[int, int], ...]:
    """The pauses of ``clock`` finished since counting started, as wall-clock intervals."""
    return tuple(
        (_us(pause.start), _us(pause.end))
        for pause in clock.pauses
        if pause.end is not None and pause.start >= clock.started_at
    )


def _apology(dossier: Dossier, started_at: datetime) -> _Apology | None:
    """The apology of ``dossier`` as a replay checks it, ``None`` without one, or
    ``_KEEP_EVENTS`` when only its events can say (several, or one before a restart)."""
    sent = [i for i, event in enumerate(dossier.events) if isinstance(event, Extended)]
    if not sent:
        return None
    letter = dossier.events[sent[0]]
    assert isinstance(letter, Extended)
    if len(sent) > 1 or letter.at < started_at:
        return _KEEP_EVENTS
    # The clock as it stood when the letter was sent: the pauses finished by then.
    before = Dossier(
        dossier.id,
        dossier.procedure,
        dossier.calendar,
        dossier.events[: sent[0]],
        rules_override=dossier.rules_override,
    )
    assert before.clock is not None
    return _us(letter.new_due), _finished_pauses(before.clock)


@attrs.frozen(eq=False)
class ReplayTable:
    """The facts of dossiers that a reform of time limits leaves as they are, one row per
    dossier, in the order given; built with :meth:`from_dossiers`, replayed with
    :func:`replay_table`.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> p = default_catalog().get("1.004222", on=at.date())  # 07 ngày làm việc
        >>> d = Dossier.file(id="HS-1", procedure=p, at=at, calendar=WorkCalendar.vietnam())
        >>> table = ReplayTable.from_dossiers([d.receive(at=at).finish(at=at.replace(day=9))])
        >>> len(table), table.ids
        (1, ('HS-1',))
    """

    #: The moment open dossiers were classified at (``None``: open dossiers stay open).
    now: datetime | None
    _groups: tuple[_Group, ...] = attrs.field(repr=False)
    ids: tuple[str, ...] = attrs.field(repr=False)
    _group: array[int] = attrs.field(repr=False)
    #: When counting started (``_ABSENT``: never received).
    _started: array[int] = attrs.field(repr=False)
    #: The deemed receipt under the dossier's own time limit (``_ABSENT``: no limit).
    _deemed: array[int] = attrs.field(repr=False)
    #: Working time paused since counting started, in microseconds.
    _paused: array[int] = attrs.field(repr=False)
    #: The moment measured: the end of processing, the start of the wait it ended in, or now.
    _measured: array[int] = attrs.field(repr=False)
    #: ``_ENDED``, ``_FORCED_LATE`` (the supplement rule) and ``_ON_THE_SPOT``.
    _flags: array[int] = attrs.field(repr=False)
    #: The outcome before, as its index in ``Outcome``.
    _before: array[int] = attrs.field(repr=False)
    #: The appointment before (``_ABSENT``: none).
    _appointment: array[int] = attrs.field(repr=False)
    #: The finished pauses since counting started of the rows that have any, as wall-clock
    #: intervals: a scenario that changes the calendar measures them again.
    _pauses: dict[int, tuple[tuple[int, int], ...]] = attrs.field(repr=False)
    #: The rows with one apology letter, sent after counting started.
    _apologies: dict[int, _Apology] = attrs.field(repr=False)
    #: The rows whose apologies the replay checks on the reformed dossier (:func:`reformed`):
    #: more than one, or one sent before a restart.
    _events_kept: dict[int, Dossier] = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_dossiers(
        cls, dossiers: Iterable[Dossier], *, now: datetime | None = None
    ) -> ReplayTable:
        """The table of ``dossiers``, classified at ``now`` as :meth:`Dossier.classify` does.

        Building a row costs a classification of the dossier (some tens of microseconds); a
        replay then costs about two microseconds a row (see the benchmarks).
        """
        groups: dict[tuple[int, int, Channel, int], int] = {}
        members: list[_Group] = []
        ids: list[str] = []
        group, started, deemed, paused, measured = (array("q") for _ in range(5))
        flags, before, appointment = array("B"), array("B"), array("q")
        pauses: dict[int, tuple[tuple[int, int], ...]] = {}
        events_kept: dict[int, Dossier] = {}
        apologies: dict[int, _Apology] = {}
        for row, dossier in enumerate(dossiers):
            rules = dossier.rules
            key = (id(dossier.procedure), id(dossier.calendar), dossier.channel, id(rules))
            index = groups.get(key)
            if index is None:
                index = groups[key] = len(members)
                members.append(_Group(dossier.procedure, dossier.calendar, dossier.channel, rules))
            result = dossier.classify(now)
            clock = dossier.clock
            ids.append(dossier.id)
            group.append(index)
            flags.append(
                (_ENDED if dossier.ended_at is not None else 0)
                | (
                    _FORCED_LATE
                    if clock is not None and _over_supplement_limit(rules, clock)
                    else 0
                )
            )
            before.append(_CODE[result.outcome])
            appointment.append(_maybe_us(result.appointment))
            measured.append(_maybe_us(result.measured_at))
            if clock is None:
                started.append(_ABSENT)
                deemed.append(_ABSENT)
                paused.append(0)
                continue
            started.append(_us(clock.started_at))
            deemed.append(
                _ABSENT if clock.deadline is None else _us(clock.deadline.deemed_received_at)
            )
            paused.append(clock.paused_time // _MICROSECOND)
            finished = _finished_pauses(clock)
            if finished:
                pauses[row] = finished
            if any(isinstance(event, SettledOnTheSpot) for event in dossier.events):
                flags[-1] |= _ON_THE_SPOT
            apology = _apology(dossier, clock.started_at)
            if apology is _KEEP_EVENTS:
                events_kept[row] = dossier
            elif apology is not None:
                apologies[row] = apology
        return cls(
            now,
            tuple(members),
            tuple(ids),
            group,
            started,
            deemed,
            paused,
            measured,
            flags,
            before,
            appointment,
            pauses,
            apologies,
            events_kept,
        )

    @classmethod
    def concat(cls, tables: Iterable[ReplayTable]) -> ReplayTable:
        """The rows of ``tables`` one after the other: partitions joined again. All must be
        classified at the same ``now``.

        Examples:
            >>> ReplayTable.concat([]).ids
            ()
        """
        parts = list(tables)
        nows = {part.now for part in parts}
        if len(nows) > 1:
            raise ScenarioError(
                "tables classified at different moments do not concatenate: build them with "
                "the same now"
            )
        members: list[_Group] = []
        known: dict[int, int] = {}
        group = array("q")
        offset = 0
        pauses: dict[int, tuple[tuple[int, int], ...]] = {}
        events_kept: dict[int, Dossier] = {}
        apologies: dict[int, _Apology] = {}
        for part in parts:
            remap = []
            for member in part._groups:
                if id(member) not in known:
                    known[id(member)] = len(members)
                    members.append(member)
                remap.append(known[id(member)])
            group.extend(remap[index] for index in part._group)
            pauses.update((offset + row, value) for row, value in part._pauses.items())
            apologies.update((offset + row, value) for row, value in part._apologies.items())
            events_kept.update((offset + row, value) for row, value in part._events_kept.items())
            offset += len(part)

        def joined(name: str, typecode: str) -> array[int]:
            column = array(typecode)
            for part in parts:
                column.extend(getattr(part, name))
            return column

        return cls(
            nows.pop() if nows else None,
            tuple(members),
            tuple(chain.from_iterable(part.ids for part in parts)),
            group,
            joined("_started", "q"),
            joined("_deemed", "q"),
            joined("_paused", "q"),
            joined("_measured", "q"),
            joined("_flags", "B"),
            joined("_before", "B"),
            joined("_appointment", "q"),
            pauses,
            apologies,
            events_kept,
        )

    def split(self, parts: int) -> list[ReplayTable]:
        """The table cut into ``parts`` contiguous partitions of nearly equal size (a few may
        be empty when there are fewer rows than parts).

        Examples:
            >>> [len(part) for part in ReplayTable.concat([]).split(3)]
            [0, 0, 0]
        """
        if parts < 1:
            raise ScenarioError(f"split into at least 1 part, got {parts}")
        size, extra = divmod(len(self), parts)
        bounds = [0]
        for index in range(parts):
            bounds.append(bounds[-1] + size + (index < extra))
        return [self._slice(low, high) for low, high in pairwise(bounds)]

    def _slice(self, low: int, high: int) -> ReplayTable:
        def within(mapping: dict[int, _T]) -> dict[int, _T]:
            return {row - low: value for row, value in mapping.items() if low <= row < high}

        return ReplayTable(
            self.now,
            self._groups,
            self.ids[low:high],
            self._group[low:high],
            self._started[low:high],
            self._deemed[low:high],
            self._paused[low:high],
            self._measured[low:high],
            self._flags[low:high],
            self._before[low:high],
            self._appointment[low:high],
            within(self._pauses),
            within(self._apologies),
            within(self._events_kept),
        )


@attrs.frozen
class _Plan:
    """How the rows of one group are classified under a scenario whose reform touches them."""

    time: ProcessingTime | None
    calendar: WorkCalendar
    #: Whether the scenario changes the calendar: pauses and deemed receipts are measured
    #: again on it.
    new_calendar: bool
    #: Whether the table's deemed receipt holds: same calendar, same cutoff.
    same_deemed: bool
    #: Whether a dossier settled on the spot may still be (:func:`_settles_on_the_spot`).
    spot_allowed: bool
    #: Whether the due moment depends on the time of the deemed receipt: only a limit in
    #: working hours does; the others count whole days from its day (``deadline()``).
    by_moment: bool
    #: The granularity of the comparison with the appointment, in microseconds.
    compared_per: int
    receipt_rules: ReceiptRules
    code: str
    #: The due moment of each deemed receipt day (or moment, for working hours).
    dues: dict[int, int] = attrs.field(factory=dict)


def _plan(member: _Group, reformer: _Reformer) -> _Plan | None:
    """The plan of ``member``'s rows, or ``None`` when the scenario leaves their outcome as
    it is (same calendar, same time limit for their channel: :func:`reformed` keeps their
    events)."""
    procedure = reformer.procedure(member.procedure)
    calendar = reformer.calendar(member.calendar)
    time = procedure.time_for(member.channel)
    new_calendar = calendar is not member.calendar
    if not new_calendar and time == member.time:
        return None
    baseline = member.time
    same_deemed = (
        not new_calendar
        and baseline is not None
        and time is not None
        and time.cutoff == baseline.cutoff
    )
    return _Plan(
        time,
        calendar,
        new_calendar,
        same_deemed,
        _settles_on_the_spot(procedure, time),
        time is not None and time.unit is TimeUnit.WORKING_HOURS,
        _DAY_US if member.rules.granularity is Granularity.DAY else _MINUTE_US,
        member.rules.receipt_rules,
        procedure.code,
    )


def replay_table(
    table: ReplayTable, scenario: Scenario, *, keep_changes: bool = True
) -> Comparison:
    """:func:`~onestop.whatif.replay` of the table's dossiers under ``scenario``, computed
    from their facts: the same tallies, changes and dropped apologies, without scorecards
    (build those with :func:`~onestop.whatif.replay` and a period).

    With ``keep_changes=False`` the comparison lists no changed dossier (its tallies are
    complete): the memory a replay uses then does not grow with the table.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> def t(day):
        ...     return datetime(2026, 3, day, 9, tzinfo=VIETNAM_TZ)
        >>> p = default_catalog().get("1.004222", on=t(2).date())  # 07 ngày làm việc
        >>> log = [Dossier.file(id=f"HS-{end}", procedure=p, at=t(2),
        ...                     calendar=WorkCalendar.vietnam()).receive(at=t(2)).finish(at=t(end))
        ...        for end in (5, 9, 11, 12)]
        >>> c = replay_table(ReplayTable.from_dossiers(log), Scenario("-30%").cut(p, 0.3))
        >>> c.after.early, c.after.on_time, c.after.late
        (1, 0, 3)
        >>> [(x.dossier_id, x.before.value, x.after.value) for x in c.changes]
        [('HS-9', 'early', 'late'), ('HS-11', 'on_time', 'late')]
    """
    reformer = _Reformer(scenario)
    plans = [_plan(member, reformer) for member in table._groups]
    outcomes = len(_OUTCOMES)
    # One counter per group, outcome before and outcome after: a single list update per row.
    pairs = [0] * (len(plans) * outcomes * outcomes)
    changes: list[Change] = []
    dropped: list[str] = []
    started, kept, flags = table._started, table._events_kept, table._flags
    apologies = table._apologies
    for row, (index, before) in enumerate(zip(table._group, table._before, strict=True)):
        plan = plans[index]
        after = before
        if plan is not None and started[row] != _ABSENT:
            try:
                dossier = kept.get(row)
                if dossier is None:
                    if flags[row] & _ON_THE_SPOT and not plan.spot_allowed:
                        raise ScenarioError(
                            f"procedure {plan.code} is not settled on the spot under the "
                            "scenario: it is neither flagged on_the_spot nor a same-day procedure"
                        )
                    after, appointment, due = _classify(table, row, plan)
                    apology = apologies.get(row)
                    if apology is not None and _drops(apology, due, plan):
                        dropped.append(table.ids[row])
                else:
                    reformed_dossier, was_dropped = reformer.dossier(dossier)
                    if was_dropped:
                        dropped.append(dossier.id)
                    result = reformed_dossier.classify(table.now)
                    after, appointment = _CODE[result.outcome], _maybe_us(result.appointment)
            except OnestopError as error:
                raise ScenarioError(
                    f"dossier {table.ids[row]} cannot be replayed under scenario "
                    f"{scenario.name!r}: {error}"
                ) from error
            if after != before and keep_changes:
                changes.append(
                    Change(
                        table.ids[row],
                        plan.code,
                        _OUTCOMES[before],
                        _OUTCOMES[after],
                        _maybe_moment(table._appointment[row]),
                        _maybe_moment(appointment),
                    )
                )
        pairs[(index * outcomes + before) * outcomes + after] += 1
    return _comparison(table, scenario, pairs, changes, dropped)


def _comparison(
    table: ReplayTable,
    scenario: Scenario,
    pairs: list[int],
    changes: list[Change],
    dropped: list[str],
) -> Comparison:
    """The comparison of the pair counts (group, outcome before, outcome after)."""
    outcomes = len(_OUTCOMES)
    by_code: dict[str, tuple[list[int], list[int]]] = {}
    for index, member in enumerate(table._groups):
        before, after = by_code.setdefault(member.procedure.code, ([0] * outcomes, [0] * outcomes))
        for first in range(outcomes):
            for second in range(outcomes):
                count = pairs[(index * outcomes + first) * outcomes + second]
                before[first] += count
                after[second] += count
    procedures = tuple(
        ProcedureComparison(code, Tally(*by_code[code][0]), Tally(*by_code[code][1]))
        for code in sorted(by_code)
        if any(by_code[code][0])
    )
    return Comparison(
        scenario,
        table.now,
        sum((item.before for item in procedures), Tally()),
        sum((item.after for item in procedures), Tally()),
        procedures,
        tuple(changes),
        tuple(dropped),
    )


def _classify(table: ReplayTable, row: int, plan: _Plan) -> tuple[int, int, int]:
    """The outcome code, appointment and statutory due moment (before pauses) of row ``row``
    under ``plan``, as :meth:`Dossier.classify` computes them for the reformed dossier."""
    time = plan.time
    if time is None:
        return _UNCOUNTED, _ABSENT, _ABSENT
    calendar = plan.calendar
    if plan.same_deemed:
        deemed = table._deemed[row]
    else:
        started = _moment(table._started[row])
        deemed = _us(deadline(started, time, calendar, plan.receipt_rules).deemed_received_at)
    key = deemed if plan.by_moment else (deemed + _OFFSET_US) // _DAY_US
    due = plan.dues.get(key)
    if due is None:
        # A deemed receipt is in session and before any cutoff, so counting from it again
        # gives the same due moment.
        moment = deadline(_moment(deemed), time, calendar, plan.receipt_rules).due_at
        due = plan.dues[key] = _us(moment)
    if plan.new_calendar:
        paused = _paused(calendar, table._pauses.get(row, ()))
    else:
        paused = table._paused[row]
    appointment = due
    if paused:
        appointment = _us(calendar.add_working_time(_moment(due), paused * _MICROSECOND))
    flags = table._flags[row]
    if flags & _FORCED_LATE:
        return _LATE, appointment, due
    measured = table._measured[row]
    if measured == _ABSENT:
        return _OPEN, appointment, due
    per = plan.compared_per
    end, target = (measured + _OFFSET_US) // per, (appointment + _OFFSET_US) // per
    return _BY_ORDER[(end > target) - (end < target), (flags & _ENDED) == _ENDED], appointment, due


def _drops(apology: _Apology, due: int, plan: _Plan) -> bool:
    """Whether :func:`reformed` drops the apology: its new date is not later than the
    reformed slip's promise moved by the pauses finished when it was sent."""
    new_due, pauses = apology
    if due == _ABSENT:
        return False
    paused = _paused(plan.calendar, pauses)
    current = (
        due
        if not paused
        else _us(plan.calendar.add_working_time(_moment(due), paused * _MICROSECOND))
    )
    return new_due <= current


def _paused(calendar: WorkCalendar, pauses: Iterable[tuple[int, int]]) -> int:
    """The working time of ``pauses`` on ``calendar``, in microseconds."""
    total = timedelta(0)
    for start, end in pauses:
        total += calendar.working_time_between(_moment(start), _moment(end))
    return total // _MICROSECOND


def replay_chunks(
    dossiers: Iterable[Dossier],
    scenario: Scenario,
    *,
    now: datetime | None = None,
    chunk_size: int = 10_000,
    keep_changes: bool = True,
) -> Comparison:
    """:func:`replay_table` of ``dossiers`` read ``chunk_size`` at a time, each chunk's
    comparison merged into the whole (:meth:`Comparison.merge`): a log streamed from a file
    (:func:`onestop.io.read_events`) is replayed holding one chunk of dossiers at a time.

    Examples:
        >>> replay_chunks([], Scenario("nothing")).before.total
        0
    """
    if chunk_size < 1:
        raise ScenarioError(f"chunk_size is a number of dossiers, at least 1; got {chunk_size}")
    merged = replay_table(ReplayTable.from_dossiers((), now=now), scenario)
    chunk: list[Dossier] = []
    for dossier in chain(dossiers, (None,)):
        if dossier is not None:
            chunk.append(dossier)
        if chunk and (dossier is None or len(chunk) == chunk_size):
            part = replay_table(
                ReplayTable.from_dossiers(chunk, now=now), scenario, keep_changes=keep_changes
            )
            merged = Comparison.merge((merged, part))
            chunk = []
    return merged
