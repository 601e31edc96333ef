"""Scenario files: a scenario read from, and written to, a small TOML file."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from onestop.calendar import SpecialSessions
from onestop.errors import ScenarioError
from onestop.whatif._changes import (
    ChannelAction,
    ChannelChange,
    FeeChange,
    SessionRemoval,
    _fee_amount,
    _optional_channel,
    _time,
    as_channel,
)
from onestop.whatif._cut import Cut, Rounding, _cut_share
from onestop.whatif._scenario import Scenario

__all__ = ["dump_scenario", "load_scenario"]

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
