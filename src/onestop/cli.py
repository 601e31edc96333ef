"""The ``onestop`` command.

``onestop calendar YEAR`` prints a year's non-working weekdays, worked weekend days and other
facts with their sources; ``onestop deadline`` computes a due moment and explains it;
``onestop catalog list|show|validate|export`` works with procedure catalogs (see
:mod:`onestop._cli_catalog`). Bad arguments print one clear line and exit with status 2.

Times typed on the command line carry no time zone: the command reads them as local time in
Asia/Ho_Chi_Minh (an explicit policy of the command line; the library itself refuses naive
datetimes). Likewise ``catalog`` commands without ``--on`` use today's date in
Asia/Ho_Chi_Minh; the library never reads the clock.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import NoReturn

from onestop import __version__
from onestop._cli_catalog import add_catalog_commands, run_catalog
from onestop._cli_demo import add_demo_command, run_demo
from onestop._cli_log import add_log_commands, run_log_command
from onestop.calendar import VIETNAM_TZ, FactKind, WorkCalendar
from onestop.errors import OnestopError
from onestop.timing import DayEnd, ProcessingTime, ReceiptRules, deadline

__all__ = ["main"]

_WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_HEADINGS = {
    "vi": (
        "Lịch làm việc của cán bộ, công chức năm {year}",
        "trạng thái",
        "nghỉ",
        "làm việc",
        "phiên",
    ),
    "en": ("Civil-servant working calendar {year}", "status", "off", "worked", "session"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"onestop: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="onestop",
        description="Vietnam's one-stop mechanism: working calendar, deadlines, procedures.",
    )
    parser.add_argument("--version", action="version", version=f"onestop {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    calendar = commands.add_parser("calendar", help="print a year's days off and make-up days")
    calendar.add_argument("year", type=int, help="the year, e.g. 2026")
    calendar.add_argument(
        "--strict", action="store_true", help="refuse years without a confirmed overlay"
    )
    calendar.add_argument("--language", choices=("vi", "en"), default="vi")

    due = commands.add_parser("deadline", help="compute when a dossier is due, and why")
    due.add_argument(
        "--received", required=True, help="receipt moment, 'YYYY-MM-DD HH:MM' local time"
    )
    due.add_argument(
        "--time", required=True, help="processing time, e.g. '03 ngày làm việc' or 'Trong ngày'"
    )
    due.add_argument("--cutoff", help="the procedure's cutoff hour 'HH:MM', or 'none'")
    due.add_argument(
        "--midnight", action="store_true", help="due days end at 24:00 (Civil Code art. 148)"
    )
    due.add_argument(
        "--strict", action="store_true", help="refuse years without a confirmed overlay"
    )
    due.add_argument("--language", choices=("vi", "en"), default="vi")

    add_catalog_commands(commands, _Parser)
    add_demo_command(commands, _Parser)
    add_log_commands(commands, _Parser)
    return parser


def _print_calendar(year: int, strict: bool, language: str) -> None:
    cal = WorkCalendar.vietnam(strict=strict)
    # Everything is computed before anything is printed: an error leaves stdout empty.
    status = cal.year_status(year)
    facts = cal.facts(year)
    working_days = cal.working_days_between(date(year, 1, 1), date(year + 1, 1, 1))
    title, status_word, off, worked, session = _HEADINGS[language]
    print(f"{title.format(year=year)} ({status_word}: {status.value})")
    for fact in facts:
        verdict = worked if fact.kind.works else off
        if fact.kind is FactKind.SPECIAL_SESSION:
            verdict = session
        name = fact.name_vi if language == "vi" else fact.name_en
        estimated = " [estimated]" if fact.status.value == "estimated" else ""
        print(
            f"{fact.day:%d/%m/%Y} {_WEEKDAYS[language][fact.day.weekday()]:<8} {verdict:<9} "
            f"{name} — {fact.source}{estimated}"
        )
    print(f"{'Số ngày làm việc' if language == 'vi' else 'Working days'}: {working_days}")


def _parse_received(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise OnestopError(
            f"cannot read --received {text!r}; write it as '2026-02-13 15:20'"
        ) from None
    return moment.replace(tzinfo=VIETNAM_TZ) if moment.tzinfo is None else moment


def _processing_time(text: str, cutoff: str | None) -> ProcessingTime:
    parsed = ProcessingTime.parse(text)
    if cutoff is None:
        return parsed
    if cutoff.lower() == "none":
        return ProcessingTime(parsed.amount, parsed.unit, None)
    try:
        hour = time.fromisoformat(cutoff)
    except ValueError:
        raise OnestopError(
            f"cannot read --cutoff {cutoff!r}; write it as '15:00' or 'none'"
        ) from None
    return ProcessingTime(parsed.amount, parsed.unit, hour)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples:
        >>> main(["deadline", "--received", "2026-02-13 15:20", "--time", "Trong ngày",
        ...       "--language", "en"])  # doctest: +ELLIPSIS
        Due: 2026-02-23 17:00 (+07:00)
        Received: Friday 13/02/2026 15:20
        ...
        0
    """
    args = _parser().parse_args(argv)
    if args.command == "catalog":
        return run_catalog(args)
    if args.command == "demo":
        return run_demo(args)
    if args.command in ("report", "whatif"):
        return run_log_command(args)
    try:
        if args.command == "calendar":
            _print_calendar(args.year, args.strict, args.language)
        else:
            rules = ReceiptRules(
                day_ends=DayEnd.MIDNIGHT if args.midnight else DayEnd.CLOSE_OF_OFFICE
            )
            due = deadline(
                _parse_received(args.received),
                _processing_time(args.time, args.cutoff),
                WorkCalendar.vietnam(strict=args.strict),
                rules,
            )
            label = "Hạn trả" if args.language == "vi" else "Due"
            print(f"{label}: {due.due_at:%Y-%m-%d %H:%M} (+07:00)")
            print(due.explain(args.language))
    except OnestopError as error:
        print(f"onestop: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
