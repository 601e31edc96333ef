"""What-if: the same dossier events under a reformed catalog.

A :class:`Scenario` cuts (or lengthens) procedures' time limits, changes their fees and
channels, and may add special sessions to the calendar or remove them; :func:`replay` reclassifies every dossier under it and compares;
:func:`safe_cut` finds the largest cut a procedure's observed dossiers can bear.

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.dossier import Dossier
    >>> from onestop.procedures import default_catalog
    >>> from onestop.whatif import Scenario, replay
    >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
    >>> p = default_catalog().get("1.001022", on=at.date())  # 03 ngày làm việc
    >>> d = Dossier.file(id="HS-1", procedure=p, at=at, calendar=WorkCalendar.vietnam())
    >>> d = d.receive(at=at).finish(at=datetime(2026, 3, 5, 10, tzinfo=VIETNAM_TZ))
    >>> c = replay([d], Scenario("An Khê").cut(p, 0.3))
    >>> [(x.before.value, x.after.value) for x in c.changes]
    [('on_time', 'late')]
"""

from onestop.whatif._changes import (
    ChannelAction,
    ChannelChange,
    FeeChange,
    SessionRemoval,
    as_channel,
    fee_text,
)
from onestop.whatif._cut import Cut, Rounding, Skipped, as_share, refusal
from onestop.whatif._file import dump_scenario, load_scenario
from onestop.whatif._plot import plot_comparison
from onestop.whatif._replay import (
    Change,
    Comparison,
    ProcedureComparison,
    SafeCut,
    Tally,
    reformed,
    replay,
    safe_cut,
)
from onestop.whatif._replay_table import replay_chunks, replay_table
from onestop.whatif._scenario import Scenario, ScenarioError
from onestop.whatif._table import ReplayTable

__all__ = [
    "Change",
    "ChannelAction",
    "ChannelChange",
    "Comparison",
    "Cut",
    "FeeChange",
    "ProcedureComparison",
    "ReplayTable",
    "Rounding",
    "SafeCut",
    "Scenario",
    "ScenarioError",
    "SessionRemoval",
    "Skipped",
    "Tally",
    "as_channel",
    "as_share",
    "dump_scenario",
    "fee_text",
    "load_scenario",
    "plot_comparison",
    "reformed",
    "refusal",
    "replay",
    "replay_chunks",
    "replay_table",
    "safe_cut",
]
