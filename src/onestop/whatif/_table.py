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
from onestop.dossier._dossier import _over_supplement_limit
from onestop.procedures import Channel, Procedure
from onestop.timing import ProcessingTime
from onestop.whatif._scenario import ScenarioError

__all__ = ["ReplayTable"]

_T = TypeVar("_T")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LOCAL_EPOCH = datetime(1970, 1, 1, 7, tzinfo=VIETNAM_TZ)
_MICROSECOND = timedelta(microseconds=1)
#: Asia/Ho_Chi_Minh has been UTC+07:00 at every moment since 13 June 1975: moments are held
#: from 1976 on, where a local day or minute is a fixed shift of the epoch count.
_FIRST_US = 189_302_400_000_000  # 1976-01-01T00:00:00Z
#: Marks an absent moment in a column (every moment held is after 1976).
_ABSENT = -1

_OUTCOMES = tuple(Outcome)
_CODE = {outcome: index for index, outcome in enumerate(_OUTCOMES)}
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
