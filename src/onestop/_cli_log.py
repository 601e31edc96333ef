"""``onestop report LOG`` and ``onestop whatif LOG``: a ward's scorecard, and a what-if, from
a ward's event log in JSON Lines (:mod:`onestop.io`): its dossiers and, if it has them, its
citizens' feedback items (:func:`onestop.io.read_ward_log`).

The log's dossiers and feedback items are replayed on the national calendar and the embedded
catalog (or ``--catalog FILE``). Bad lines are reported on standard error with their line
numbers and the good records are kept (``--strict`` stops at the first bad line instead); the
summary of lines read, kept and rejected is always printed on standard error. When the log
has feedback lines, ``report`` computes indicators 5.1–5.3 from them (a log without any keeps
them unscored, as before).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from typing import TextIO, TypeVar

from onestop._cli_demo import _share
from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier
from onestop.errors import OnestopError
from onestop.feedback import FeedbackItem
from onestop.io import read_ward_log_file
from onestop.procedures import Catalog, default_catalog, load_catalog
from onestop.scoring import Period, Unit, scorecard
from onestop.whatif import ReplayTable, Scenario, replay_table

__all__ = ["add_log_commands", "run_log_command"]

P = TypeVar("P", bound=argparse.ArgumentParser)

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


def period_of(text: str) -> Period:
    """``2026``, ``2026-03`` or ``2026-Q1``.

    Examples:
        >>> period_of("2026-Q1").label
        'Q1/2026'
        >>> period_of("March")
        Traceback (most recent call last):
        ...
        onestop.errors.OnestopError: cannot read --period 'March'; write 2026, 2026-03 or 2026-Q1
    """
    found = _PERIOD.match(text.strip())
    if found is None:
        raise OnestopError(f"cannot read --period {text!r}; write 2026, 2026-03 or 2026-Q1")
    year, month, quarter = found.groups()
    if month is not None:
        return Period.month(int(year), int(month))
    if quarter is not None:
        return Period.quarter(int(year), int(quarter))
    return Period.year(int(year))


def add_log_commands(commands: argparse._SubParsersAction[P], parser_class: type[P]) -> None:
    """Add ``report`` and ``whatif`` to ``commands``.

    Examples:
        >>> parser = argparse.ArgumentParser(prog="onestop")
        >>> add_log_commands(parser.add_subparsers(dest="command"), argparse.ArgumentParser)
        >>> parser.parse_args(["whatif", "log.jsonl", "--period", "2026"]).cut
        '30%'
    """
    for name, help_text in (
        ("report", "the scorecard of a ward's log of dossiers and feedback (JSON Lines)"),
        ("whatif", "replay a dossier log with the most frequent procedures' time cut"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("log", help="the event log, one event per line (onestop.io)")
        command.add_argument("--period", required=True, help="2026, 2026-03 or 2026-Q1")
        command.add_argument(
            "--catalog", help="a catalog file (TOML or JSON) instead of the embedded one"
        )
        command.add_argument("--unit-code", default="-", help="the unit's code, for the header")
        command.add_argument("--unit-name", default="(unit)", help="the unit's name")
        command.add_argument("--format", choices=("table", "json", "csv"), default="table")
        command.add_argument("--strict", action="store_true", help="stop at the first bad line")
        command.add_argument("--language", choices=("vi", "en"), default="vi")
        if name == "whatif":
            command.add_argument("--cut", default="30%", help="share of the time to cut (30%%)")
            command.add_argument(
                "--top", default="10%", help="share of procedures, most frequent first"
            )


def _read(args: argparse.Namespace) -> tuple[list[Dossier], list[FeedbackItem] | None]:
    """The dossiers of the log, and its feedback items (``None`` when it has no feedback
    line: the ward's feedback is not tracked in it)."""
    catalog: Catalog = load_catalog(args.catalog) if args.catalog else default_catalog()
    reader = read_ward_log_file(
        args.log,
        procedures=catalog,
        calendar=WorkCalendar.vietnam(),
        on_error="raise" if args.strict else "collect",
    )
    dossiers: list[Dossier] = []
    feedback: list[FeedbackItem] = []
    for record in reader:
        if isinstance(record, Dossier):
            dossiers.append(record)
        else:
            feedback.append(record)
    for error in reader.errors:
        print(f"onestop: {args.log}:{error.line}: {error.reason}", file=sys.stderr)
    summary = reader.summary
    items = (
        f"; {summary.feedback_kept} feedback items kept, {summary.feedback_rejected} rejected"
        if summary.has_feedback
        else ""
    )
    print(
        f"onestop: {args.log}: {summary.lines_read} lines read, {summary.dossiers_kept} dossiers "
        f"kept, {summary.dossiers_rejected} rejected ({summary.lines_rejected} lines){items}",
        file=sys.stderr,
    )
    return dossiers, feedback if summary.has_feedback else None


def _records_out(records: list[dict[str, object]], form: str, out: TextIO) -> None:
    if form == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1), file=out)
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else [])
    writer.writeheader()
    writer.writerows(records)
    out.write(buffer.getvalue())


def run_log_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``report`` or ``whatif``; returns the exit status.

    Examples:
        >>> run_log_command(argparse.Namespace(command="report", log="missing.jsonl",
        ...     period="2026", catalog=None, unit_code="-", unit_name="-", format="table",
        ...     strict=False, language="en"))
        2
    """
    out = out or sys.stdout
    try:
        period = period_of(args.period)
        unit = Unit(args.unit_code, args.unit_name)
        dossiers, feedback = _read(args)
        if args.command == "report":
            card = scorecard(dossiers, unit=unit, period=period, feedback=feedback)
            if args.format == "table":
                print(card.to_text(args.language), file=out)
            elif args.format == "json":
                print(card.to_json(), file=out)
            else:
                out.write(card.to_csv())
            return 0
        scenario = Scenario.cut_top(
            dossiers, top_share=_share(args.top, "--top"), cut=_share(args.cut, "--cut")
        )
        comparison = replay_table(ReplayTable.from_dossiers(dossiers, now=period.closes), scenario)
    except (OnestopError, OSError) as error:
        print(f"onestop: error: {error}", file=sys.stderr)
        return 2
    if args.format != "table":
        _records_out(comparison.to_records(), args.format, out)
        return 0
    for item in scenario.cuts:
        print(f"cut {item.code} by {args.cut}", file=out)
    for skipped in scenario.skipped:
        print(f"passed over {skipped.code}: {skipped.reason}", file=out)
    for record in comparison.to_records():
        if record["procedure"] == "*":
            before, after = record["share_before"], record["share_after"]
            print(
                f"{record['outcome']:<10} {record['before']:>7} → {record['after']:>7}"
                f"   ({_fmt(before)} → {_fmt(after)})",
                file=out,
            )
    print(f"{len(comparison.changes)} dossiers change class", file=out)
    return 0


def _fmt(share: object) -> str:
    return "–" if not isinstance(share, float) else f"{share * 100:.1f} %"
