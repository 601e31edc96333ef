"""The replay of a :class:`~onestop.whatif.ReplayTable` under a scenario: each row whose time
limit or calendar the scenario changes is classified again from its facts, as
:meth:`Dossier.classify` classifies the reformed dossier (:func:`~onestop.whatif.reformed`);
the others keep their outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import chain

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier, Outcome
from onestop.dossier._dossier import _outcome, _settles_on_the_spot
from onestop.dossier._rules import Granularity
from onestop.errors import OnestopError
from onestop.timing import ProcessingTime, ReceiptRules, TimeUnit, deadline
from onestop.whatif._replay import Change, Comparison, ProcedureComparison, Tally, _Reformer
from onestop.whatif._scenario import Scenario, ScenarioError
from onestop.whatif._table import (
    _ABSENT,
    _CODE,
    _ENDED,
    _FORCED_LATE,
    _MICROSECOND,
    _ON_THE_SPOT,
    _OUTCOMES,
    ReplayTable,
    _Apology,
    _Group,
    _maybe_us,
    _moment,
    _us,
)

__all__ = ["replay_chunks", "replay_table"]

_DAY_US = 86_400_000_000
_MINUTE_US = 60_000_000
#: A local day or minute is the epoch count shifted by UTC+07:00, the offset of every moment
#: a table holds (``_table._FIRST_US``).
_OFFSET_US = 7 * 3_600_000_000
_UNCOUNTED, _OPEN, _LATE = _CODE[Outcome.UNCOUNTED], _CODE[Outcome.OPEN], _CODE[Outcome.LATE]
#: The outcome code of an end before (-1), at (0) or after (1) its target, ended or not.
_BY_ORDER = {
    (order, ended): _CODE[_outcome(order, ended)] for order in (-1, 0, 1) for ended in (False, True)
}


def _maybe_moment(us: int) -> datetime | None:
    return None if us == _ABSENT else _moment(us)


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
