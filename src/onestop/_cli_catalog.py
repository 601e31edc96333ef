"""``onestop catalog``: list, show, validate and export procedure catalogs.

The catalog is onestop's default one unless ``--file`` names a TOML or JSON catalog file.
``--on`` picks the day whose procedures are shown; without it the command uses today's date
in Asia/Ho_Chi_Minh. That is a policy of the command line only: the library never reads the
clock, and every library call takes the day as an argument.

Exit status: 0 on success, 2 on bad arguments, an unreadable or invalid catalog, or an
unknown procedure, with one line ``onestop: error: ...`` on standard error; ``validate``
prints each problem of an invalid file on its own line first.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from onestop.calendar import VIETNAM_TZ
from onestop.errors import CatalogError, OnestopError
from onestop.procedures import (
    Catalog,
    Channel,
    ChannelOffer,
    Document,
    LegalBasis,
    Level,
    Procedure,
    ProcedureVersion,
    Result,
    catalog_json_schema,
    default_catalog,
    dumps_catalog,
    load_catalog,
    to_cpsv_ap,
)
from onestop.timing import ProcessingTime

__all__ = ["add_catalog_commands", "run_catalog"]

P = TypeVar("P", bound=argparse.ArgumentParser)
_FORMATS = ("cpsv-ap", "json", "toml", "schema")
_ON_HELP = (
    "the day whose procedures to use, YYYY-MM-DD; default: today in Asia/Ho_Chi_Minh "
    "(a policy of the command line: the library never reads the clock)"
)


_DESCRIPTION = (
    "Procedure catalogs: onestop's default catalog, or the TOML or JSON file given with "
    "--file. Without --on, commands use today's date in Asia/Ho_Chi_Minh: a policy of the "
    "command line only; the library never reads the clock."
)


def _today() -> date:
    """Today in Viet Nam: the command line's default day (the library never reads the clock)."""
    return datetime.now(VIETNAM_TZ).date()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"cannot read {text!r} as a day; write it as 2026-03-02"
        ) from None


def add_catalog_commands(commands: argparse._SubParsersAction[P], parser_class: type[P]) -> None:
    """Add ``catalog`` and its subcommands to ``commands``.

    Examples:
        >>> parser = argparse.ArgumentParser(prog="onestop")
        >>> add_catalog_commands(parser.add_subparsers(dest="command"), argparse.ArgumentParser)
        >>> parser.parse_args(["catalog", "list", "--channel", "online"]).channel
        'online'
    """
    catalog = commands.add_parser(
        "catalog",
        help="list, show, validate and export procedure catalogs",
        description=_DESCRIPTION,
    )
    actions = catalog.add_subparsers(dest="action", required=True, parser_class=parser_class)

    def source(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--file", metavar="CATALOG", help="a TOML or JSON catalog file; default: onestop's"
        )
        sub.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help=_ON_HELP)

    listing = actions.add_parser("list", help="list the procedures in force on a day")
    listing.add_argument("--field", help="only this field (lĩnh vực), diacritics optional")
    listing.add_argument("--channel", choices=[c.value for c in Channel])
    listing.add_argument("--level", choices=[level.value for level in Level])
    listing.add_argument("--search", metavar="TEXT", help="words of the code or name")
    source(listing)

    show = actions.add_parser("show", help="show one procedure, its versions and legal texts")
    show.add_argument("code", help="national procedure code, e.g. 1.001193")
    source(show)

    validate = actions.add_parser("validate", help="check a catalog file, listing every problem")
    validate.add_argument("file", metavar="FILE", help="a TOML or JSON catalog file")

    export = actions.add_parser("export", help="write the catalog to standard output")
    export.add_argument(
        "--format",
        choices=_FORMATS,
        default="toml",
        help="cpsv-ap: JSON-LD of the procedures in force on --on (CPSV-AP 3.2.0); json, "
        "toml: the catalog file with every version; schema: the JSON Schema of catalog files "
        "(default: toml)",
    )
    source(export)


def run_catalog(args: argparse.Namespace) -> int:
    """Run one ``catalog`` subcommand; returns the exit status.

    Examples:
        >>> run_catalog(argparse.Namespace(action="show", code="9.999999", file=None,
        ...     on=date(2026, 3, 2)))
        2
    """
    try:
        if args.action == "validate":
            return _validate(args.file)
        if args.action == "export":
            _export(args.format, args.file, args.on)
        elif args.action == "list":
            _list(_catalog(args.file), args.on or _today(), args)
        else:
            _show(_catalog(args.file), args.code, args.on or _today())
        sys.stdout.flush()
    except OnestopError as error:
        _fail(str(error))
        return 2
    except BrokenPipeError:
        # The reader went away (``onestop catalog list | head``): stop quietly, and keep
        # Python from failing again when it flushes standard output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _fail(message: str) -> None:
    print(f"onestop: error: {' '.join(message.split())}", file=sys.stderr)


def _catalog(file: str | None) -> Catalog:
    if file is None:
        return default_catalog()
    try:
        return load_catalog(file)
    except CatalogError as error:
        count = len(error.problems)
        first = error.problems[0] if error.problems else "no detail"
        more = f" (and {count - 1} more; 'onestop catalog validate {file}' lists them)"
        raise OnestopError(f"{first}{more if count > 1 else ''}") from None


# ---------------------------------------------------------------------------- list


def _list(catalog: Catalog, day: date, args: argparse.Namespace) -> None:
    procedures = catalog.as_of(day).filter(
        field=args.field,
        channel=None if args.channel is None else Channel(args.channel),
        level=None if args.level is None else Level(args.level),
    )
    found = (
        procedures.search(args.search)
        if args.search is not None
        else [procedures[code] for code in sorted(procedures)]
    )
    rows = [(p.code, p.field, _time(p.deadline_time), p.name_vi) for p in found]
    widths = [max((len(row[column]) for row in rows), default=0) for column in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]))
    print(f"{len(rows)} procedure{'s' if len(rows) != 1 else ''} in force on {day.isoformat()}")


def _time(time: ProcessingTime | None) -> str:
    return "—" if time is None else str(time)


# ---------------------------------------------------------------------------- show


def _show(catalog: Catalog, code: str, day: date) -> None:
    try:
        history = catalog.history(code)
    except KeyError:
        raise OnestopError(
            f"no procedure {code!r} in catalog {catalog.name!r}; "
            "'onestop catalog list --search WORDS' finds codes"
        ) from None
    procedure = history.as_of(day)
    if procedure is None:
        spans = ", ".join(_span(version) for version in history.versions)
        raise OnestopError(f"procedure {code} is not in force on {day}; it is in force {spans}")
    print(f"{procedure.code} {procedure.name_vi} (as in force on {day.isoformat()})")
    for field in attrs.fields(Procedure):
        value = getattr(procedure, field.name)
        lines = _render(value)
        if len(lines) == 1 and not lines[0].startswith("- "):
            print(f"  {field.name}: {lines[0]}")
        else:
            print(f"  {field.name}:")
            for line in lines:
                print(f"    {line}")
    print(
        f"  deadline_time (what deadlines use): {_time(procedure.deadline_time)} "
        f"({procedure.time_source.value})"
    )
    # A channel may have several rows (e.g. a longer time when verification is needed): each
    # row shows its own cell and the time a deadline through it uses (Procedure.time_of).
    source = procedure.time_source.value if procedure.deadline_time is not None else "row's own"
    for number, offer in enumerate(procedure.channels, 1):
        print(
            f"    row {number}, {offer.channel.value}: own time {_time(offer.processing_time)}; "
            f"a deadline uses {_time(procedure.time_of(offer))} ({source})"
        )
    print("versions:")
    previous: Procedure | None = None
    for version in history.versions:
        here = " ← in force on that day" if version.procedure is procedure else ""
        print(f"  - {_span(version)}{here}")
        for basis in version.changed_by:
            print(f"      changed by: {basis.cite()}")
        if previous is not None:
            changed = [
                f.name
                for f in attrs.fields(Procedure)
                if getattr(previous, f.name) != getattr(version.procedure, f.name)
            ]
            print(f"      changed fields: {', '.join(changed) or 'none'}")
        for basis in version.procedure.legal_basis:
            print(f"      legal basis: {basis.cite()}")
        previous = version.procedure


def _span(version: ProcedureVersion) -> str:
    start = (
        "since before the records"
        if version.effective_from is None
        else f"from {version.effective_from}"
    )
    end = "" if version.effective_until is None else f" until {version.effective_until} (excluded)"
    return start + end


def _render(value: object) -> list[str]:
    """Lines that show one field's value."""
    if value is None:
        return ["—"]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, frozenset):
        return [", ".join(sorted(item.value for item in value)) or "—"]
    if isinstance(value, tuple):
        return [f"- {_item(item)}" for item in value] or ["—"]
    renderer = _RENDERERS.get(type(value))
    return [renderer(value) if renderer is not None else str(value)]


def _item(item: object) -> str:
    renderer = _RENDERERS.get(type(item))
    return renderer(item) if renderer is not None else str(item)


def _offer(offer: ChannelOffer) -> str:
    parts = [
        f"{offer.channel.value} ({offer.channel.label_vi}, code {offer.channel.national_code})"
    ]
    if offer.processing_time is not None:
        parts.append(f"time {offer.processing_time}")
    if offer.time_verbatim:
        parts.append(f"time as written: {offer.time_verbatim}")
    if offer.fee is not None:
        amount = (
            "amount not stated" if offer.fee.amount_vnd is None else f"{offer.fee.amount_vnd} VND"
        )
        parts.append(f"fee {amount}" + (f" ({offer.fee.verbatim})" if offer.fee.verbatim else ""))
        if offer.fee.note:
            parts.append(f"fee note: {offer.fee.note}")
    if offer.description:
        parts.append(offer.description)
    return "; ".join(parts)


def _document(document: Document) -> str:
    text = f"[{document.role.value}] {document.name} ({document.originals} original(s), {document.copies} copy/copies)"
    if document.group:
        text += f"; case: {document.group}"
    if document.alternatives:
        text += f"; or: {'; '.join(document.alternatives)}"
    return text


def _result(result: Result) -> str:
    return result.name if result.code is None else f"{result.name} ({result.code})"


_RENDERERS: dict[type, Callable[[Any], str]] = {
    LegalBasis: LegalBasis.cite,
    ChannelOffer: _offer,
    Document: _document,
    Result: _result,
    ProcessingTime: str,
}


# ---------------------------------------------------------------------------- validate


def _validate(file: str) -> int:
    try:
        catalog = load_catalog(file)
    except CatalogError as error:
        for problem in error.problems:
            print(" ".join(str(problem).split()))
        count = len(error.problems)
        _fail(f"{file} is not a valid catalog: {count} problem{'s' if count != 1 else ''}")
        return 2
    print(f"valid: {len(catalog)} procedure{'s' if len(catalog) != 1 else ''}")
    return 0


# ---------------------------------------------------------------------------- export


def _export(format: str, file: str | None, day: date | None) -> None:
    if format == "schema":
        if file is not None or day is not None:
            raise OnestopError(
                "--format schema takes neither --file nor --on: the schema is the same for every catalog"
            )
        text = json.dumps(catalog_json_schema(), ensure_ascii=False, indent=2) + "\n"
    elif format == "cpsv-ap":
        document = to_cpsv_ap(_catalog(file), on=day or _today())
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        if day is not None:
            raise OnestopError(
                f"--on applies to --format cpsv-ap only; --format {format} writes every version"
            )
        try:
            text = dumps_catalog(_catalog(file), format=format)
        except TypeError as error:
            raise OnestopError(
                f"this catalog cannot be written as {format.upper()} ({error}); try --format json"
            ) from None
    sys.stdout.write(text)
