"""Catalog files: TOML (primary) or JSON, validated whole, every problem reported at once."""

from __future__ import annotations

import json
import re
import tomllib
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs

from onestop.errors import CatalogError, Problem, TimingError
from onestop.procedures._catalog import Catalog, ProcedureHistory, ProcedureVersion
from onestop.procedures._model import (
    CODE,
    Channel,
    ChannelOffer,
    Document,
    DocumentRole,
    Fee,
    LegalBasis,
    Level,
    OnlineService,
    Procedure,
    Result,
    at_most,
)
from onestop.procedures._toml import dumps_toml
from onestop.timing import ProcessingTime

__all__ = ["dump_catalog", "dumps_catalog", "load_catalog", "loads_catalog"]

#: Catalog files larger than this are refused before parsing (override with ``max_bytes``).
MAX_BYTES = 16 * 1024 * 1024
FORMAT = 1
T = TypeVar("T")


@attrs.frozen
class LegalBasisEntry:
    """A legal text: its number, title, article and address."""

    document: str
    title: str = ""
    article: str | None = None
    url: str | None = None


@attrs.frozen
class ChannelEntry:
    """One row of the channel table: channel, time, fee, as the record gives them."""

    channel: Channel
    processing_time: ProcessingTime | None = None
    time_verbatim: str | None = None
    fee_vnd: int | None = None
    fee_verbatim: str | None = None
    fee_note: str | None = None
    description: str | None = None


@attrs.frozen
class DocumentEntry:
    """A paper of the dossier."""

    name: str
    role: DocumentRole = DocumentRole.SUBMIT
    originals: int = 1
    copies: int = 0
    group: str | None = None
    alternatives: tuple[str, ...] = ()


@attrs.frozen
class ResultEntry:
    """The document returned, with its portal result code."""

    name: str
    code: str | None = None


@attrs.frozen
class ChangeEntry:
    """From ``effective_from``, the fields in ``set`` take new values and the optional fields
    in ``unset`` lose theirs (TOML has no null), by ``legal_basis``."""

    effective_from: date
    legal_basis: tuple[LegalBasisEntry, ...]
    set: dict[str, Any] = attrs.field(factory=dict)
    unset: tuple[str, ...] = ()


@attrs.frozen
class ProcedureEntry:
    """A procedure with its versions, as written in a catalog file."""

    code: str
    name_vi: str
    field: str
    legal_basis: tuple[LegalBasisEntry, ...]
    name_en: str | None = None
    levels: tuple[Level, ...] = ()
    competent_agency: str | None = None
    executing_agency: str | None = None
    processing_time: ProcessingTime | None = None
    committed_time: ProcessingTime | None = None
    committed_by: str | None = None
    time_rules: tuple[str, ...] = ()
    online_service: OnlineService | None = None
    on_the_spot: bool = False
    notes: tuple[str, ...] = ()
    source: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    channel: tuple[ChannelEntry, ...] = ()
    document: tuple[DocumentEntry, ...] = ()
    result: tuple[ResultEntry, ...] = ()
    change: tuple[ChangeEntry, ...] = ()


@attrs.frozen
class CatalogFile:
    """A whole catalog file."""

    format: int
    name: str
    source: str | None = None
    procedure: tuple[ProcedureEntry, ...] = ()


#: Fields without a default: a change may replace them, never remove them.
_REQUIRED = frozenset(f.name for f in attrs.fields(ProcedureEntry) if f.default is attrs.NOTHING)
#: Fields a change may set: everything but the identity and the versioning itself.
CHANGEABLE = frozenset(f.name for f in attrs.fields(ProcedureEntry)) - {
    "code",
    "change",
    "valid_from",
    "valid_until",
}
#: Fields a change may unset: the changeable fields that have a default.
UNSETTABLE = CHANGEABLE - _REQUIRED


def _strict(kind: type[T], name: str) -> Callable[[Any, type], T]:
    def structure(value: Any, _: type) -> T:
        if type(value) is not kind:
            raise ValueError(f"expected {name}, got {type(value).__name__} {value!r:.60}")
        return value

    return structure


def _text(value: Any, _: type) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, got {type(value).__name__} {value!r:.60}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{value!r:.60} is not valid Unicode text (a lone surrogate)") from None
    return value


def _array(kind: Any, converter: cattrs.Converter) -> Callable[[Any, type], Any]:
    """Arrays must be arrays: a bare string is not a tuple of its characters."""
    (item,) = [arg for arg in typing.get_args(kind) if arg is not Ellipsis]

    def structure(value: Any, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError(f"expected an array [...], got {type(value).__name__} {value!r:.60}")
        items, errors = [], []
        for index, element in enumerate(value):
            try:
                items.append(converter.structure(element, item))
            except Exception as error:  # every element is checked, then all errors reported
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    cattrs.IterableValidationNote(
                        f"Structuring {kind} @ index {index}", index, item
                    ),
                ]
                errors.append(error)
        if errors:
            raise cattrs.IterableValidationError(f"While structuring {kind}", errors, kind)
        return tuple(items)

    return structure


def _is_tuple(kind: Any) -> bool:
    origin: Any = typing.get_origin(kind)
    return origin is tuple


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r:.60} is not a real date written YYYY-MM-DD")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date written YYYY-MM-DD") from None
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r:.60}")


def _processing_time(value: Any, _: type) -> ProcessingTime:
    if not isinstance(value, str):
        raise ValueError(
            f"expected a time limit text such as '03 ngày làm việc', got {value!r:.60}"
        )
    try:
        return ProcessingTime.parse(value)
    except TimingError as error:
        raise ValueError(str(error)) from None


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _text)
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook(date, _date)
    converter.register_structure_hook_factory(_is_tuple, lambda kind: _array(kind, converter))
    converter.register_structure_hook(ProcessingTime, _processing_time)
    converter.register_structure_hook_func(
        lambda kind: kind == dict[str, Any], lambda value, _: _table(value)
    )
    return converter


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of fields, got {value!r:.60}")
    return value


_CONVERTER = _converter()


def _problems_of(error: Exception, file: str, path: str) -> list[Problem]:
    """cattrs' nested errors as problems, each with its path inside the file."""
    if isinstance(error, cattrs.BaseValidationError):
        lines = cattrs.transform_error(error, path=path, format_exception=_format)
    else:
        lines = [f"{_format(error, None)} @ {path}"]
    problems = []
    for line in lines:
        message, _, where = line.rpartition(" @ ")
        problems.append(Problem(file, where, message))
    return problems


def _format(error: BaseException, type_: Any) -> str:
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return (
            f"unknown keys {sorted(error.extra_fields)}; check the spelling against the file format"
        )
    if isinstance(error, KeyError):
        return "required key is missing"
    if isinstance(error, ValueError | TypeError):
        return str(error) if str(error) else f"invalid value for {type_}"
    return f"{type(error).__name__}: {error}"


def loads_catalog(
    text: str, *, file: str = "<string>", format: str = "toml", max_bytes: int = MAX_BYTES
) -> Catalog:
    """A catalog from the text of a TOML or JSON file of at most ``max_bytes`` (in UTF-8);
    every problem is reported at once in one :class:`~onestop.errors.CatalogError`.

    Examples:
        >>> catalog = loads_catalog('''
        ... format = 1
        ... name = "Ward"
        ... [[procedure]]
        ... code = "2.000884"
        ... name_vi = "Chứng thực chữ ký trong các giấy tờ, văn bản"
        ... field = "Chứng thực"
        ... processing_time = "Trong ngày"
        ... legal_basis = [{ document = "23/2015/NĐ-CP", article = "Điều 7" }]
        ... ''')
        >>> str(catalog.get("2.000884", on=date(2026, 1, 5)).processing_time)
        'Trong ngày'
    """
    if format not in ("toml", "json"):
        raise CatalogError([Problem(file, "$", f"format {format!r} is not 'toml' or 'json'")])
    # A cheap bound first (at most 4 bytes a character), the exact one only when it matters.
    if len(text) > max_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise CatalogError(
            [
                Problem(
                    file,
                    "$",
                    f"text is over the limit of {max_bytes} bytes; pass max_bytes to allow more",
                )
            ]
        )
    try:
        raw = (
            json.loads(text, parse_float=_json_number, object_pairs_hook=_JsonObject.of)
            if format == "json"
            else tomllib.loads(text)
        )
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise CatalogError([Problem(file, "$", f"not valid {format.upper()}: {error}")]) from None
    except RecursionError:
        raise CatalogError([Problem(file, "$", "nested too deeply to be a catalog")]) from None
    # TOML refuses a repeated key when parsing; JSON keeps the last value silently.
    repeated = _repeated_keys(raw, file)
    try:
        catalog = _build(raw, file)
    except CatalogError as error:
        raise CatalogError([*repeated, *error.problems]) from None
    if repeated:
        raise CatalogError(repeated)
    return catalog


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys written more than once in it."""

    __slots__ = ("repeated",)

    repeated: list[str]

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> _JsonObject:
        found = cls()
        found.repeated = []
        for key, value in pairs:
            if key in found and key not in found.repeated:
                found.repeated.append(key)
            found[key] = value
        return found


def _repeated_keys(raw: Any, file: str) -> list[Problem]:
    """A problem for each key written twice in one JSON object, with the object's path."""
    problems = []
    # Walked with a stack, not recursion: the parser already bounded the nesting.
    pending: list[tuple[Any, str]] = [(raw, "$")]
    while pending:
        value, path = pending.pop()
        if isinstance(value, _JsonObject):
            problems += [
                Problem(
                    file,
                    f"{path}.{key}",
                    f"key {key!r} is given more than once; JSON would keep the last value "
                    "silently: give it once",
                )
                for key in value.repeated
            ]
        if isinstance(value, dict):
            pending += [(item, f"{path}.{key}") for key, item in value.items()]
        elif isinstance(value, list):
            pending += [(item, f"{path}[{index}]") for index, item in enumerate(value)]
    return sorted(problems, key=lambda problem: problem.path)


def _json_number(text: str) -> int | float:
    """A JSON number written with a fraction or an exponent: a whole one ("3.0", "1e2") is an
    integer, as JSON Schema counts it, so that the loader and the schema agree; the others
    stay floats (and are refused where a whole number is expected)."""
    number = Decimal(text)
    # A bound on the exponent, so that "1e999999999" does not build a huge integer.
    if number.is_finite() and abs(number.adjusted()) <= 30 and number == number.to_integral():
        return int(number)
    return float(text)


def load_catalog(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Catalog:
    """A catalog from a ``.toml`` or ``.json`` file of at most ``max_bytes``."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise CatalogError(
                [
                    Problem(
                        str(file),
                        "$",
                        f"file has {size} bytes, over the limit of {max_bytes}; pass max_bytes to allow more",
                    )
                ]
            )
        # Read at most one byte past the bound: stat() says nothing about special files.
        with file.open("rb") as stream:
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise CatalogError(
                [
                    Problem(
                        str(file),
                        "$",
                        f"file is over the limit of {max_bytes} bytes; pass max_bytes to allow more",
                    )
                ]
            )
    except OSError as error:
        raise CatalogError(
            [Problem(str(file), "$", f"cannot read the file: {error.strerror}")]
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(
            [Problem(str(file), "$", f"not UTF-8 text ({error.reason} at byte {error.start})")]
        ) from None
    format = "json" if file.suffix.lower() == ".json" else "toml"
    return loads_catalog(text, file=str(file), format=format, max_bytes=max_bytes)


def _build(raw: Any, file: str) -> Catalog:
    if not isinstance(raw, dict):
        raise CatalogError(
            [Problem(file, "$", "a catalog file is a table with 'format', 'name' and 'procedure'")]
        )
    if raw.get("format") != FORMAT:
        raise CatalogError(
            [
                Problem(
                    file,
                    "$.format",
                    f"format {raw.get('format')!r} is not supported; write format = {FORMAT}",
                )
            ]
        )
    problems: list[Problem] = []
    entries = raw.get("procedure", [])
    if not isinstance(entries, list):
        raise CatalogError([Problem(file, "$.procedure", "'procedure' must be an array of tables")])
    header = {key: value for key, value in raw.items() if key != "procedure"}
    try:
        catalog_file = _CONVERTER.structure(header, CatalogFile)
    except Exception as error:  # cattrs raises an exception group of every problem
        problems += _problems_of(error, file, "$")
        catalog_file = None
    histories: dict[str, ProcedureHistory] = {}
    seen: dict[str, int] = {}
    for index, item in enumerate(entries):
        path = f"$.procedure[{index}]"
        code = item.get("code") if isinstance(item, dict) else None
        if isinstance(code, str):
            if code in seen:
                problems.append(
                    Problem(
                        file,
                        f"{path}.code",
                        f"duplicate code {code}: also procedure[{seen[code]}]; give each procedure once, with changes for its versions",
                    )
                )
                # The repeated entry is still checked: its own problems are reported too.
                _history(item, file, path, problems)
                continue
            seen[code] = index
        history = _history(item, file, path, problems)
        if history is not None:
            histories[history.code] = history
    if problems or catalog_file is None:
        raise CatalogError(problems)
    return Catalog(name=catalog_file.name, histories=histories, source=catalog_file.source)


def _history(item: Any, file: str, path: str, problems: list[Problem]) -> ProcedureHistory | None:
    """The versions of one procedure entry; ``None`` (with problems added) when invalid.

    Each change applies to the version before it. Every change is checked, whatever the
    problems of the entry or of the changes before it, and a problem is reported once,
    where it is written: a change is only checked for what it sets or unsets.
    """
    if not isinstance(item, dict):
        problems.append(Problem(file, path, "each procedure is a table"))
        return None
    before = len(problems)
    current = {key: value for key, value in item.items() if key != "change"}
    _check(current, file, path, problems)
    entry = _structure(current, ProcedureEntry, file, path, problems)
    raw_changes = item.get("change", [])
    if not isinstance(raw_changes, list):
        problems.append(Problem(file, f"{path}.change", "'change' must be an array of tables"))
        raw_changes = []
    # (position in the file, the change, the version it makes; None when it cannot be built)
    changes: list[tuple[int, ChangeEntry, ProcedureEntry | None]] = []
    for number, change_raw in enumerate(raw_changes):
        change_path = f"{path}.change[{number}]"
        change = _structure(change_raw, ChangeEntry, file, change_path, problems)
        if change is not None and not change.legal_basis:
            problems.append(
                Problem(
                    file, f"{change_path}.legal_basis", "a change needs the legal text that made it"
                )
            )
        if not isinstance(change_raw, dict):
            continue
        current, version = _apply_change(current, change_raw, file, change_path, problems)
        if change is not None:
            changes.append((number, change, version))
    if entry is not None:
        _check_dates(entry, changes, file, path, problems)
    if entry is None or len(problems) > before:
        return None
    versions = [ProcedureVersion(_procedure(entry), entry.valid_from, None, ())]
    for number, change, version in changes:
        assert version is not None, number  # no problems were found, so every version built
        versions[-1] = attrs.evolve(versions[-1], effective_until=change.effective_from)
        changed_by = tuple(_legal_basis(b) for b in change.legal_basis)
        versions.append(
            ProcedureVersion(_procedure(version), change.effective_from, None, changed_by)
        )
    versions[-1] = attrs.evolve(versions[-1], effective_until=entry.valid_until)
    return ProcedureHistory(entry.code, tuple(versions))


def _apply_change(
    current: dict[str, Any],
    change_raw: dict[str, Any],
    file: str,
    change_path: str,
    problems: list[Problem],
) -> tuple[dict[str, Any], ProcedureEntry | None]:
    """The fields in force after one change, and the version they make (``None`` when it
    cannot be built). The change's ``set`` and ``unset`` are checked even when the rest of
    the change (its date, its legal basis) is invalid: one mistake must not hide another.
    """
    raw_set = change_raw.get("set", {})
    raw_unset = change_raw.get("unset", [])
    # Anything else than a table and an array of texts is reported by the ChangeEntry check.
    to_set = raw_set if isinstance(raw_set, dict) else {}
    to_unset = (
        {name for name in raw_unset if isinstance(name, str)}
        if isinstance(raw_unset, list)
        else set()
    )
    unknown = sorted((set(to_set) | to_unset) - CHANGEABLE)
    required = sorted(to_unset & _REQUIRED)
    both = sorted(set(to_set) & to_unset)
    if unknown:
        problems.append(
            Problem(
                file,
                f"{change_path}.set",
                f"fields {unknown} cannot change; a change may set {sorted(CHANGEABLE)}",
            )
        )
    if required:
        problems.append(
            Problem(
                file,
                f"{change_path}.unset",
                f"fields {required} are required and cannot be unset; set a new value instead",
            )
        )
    if both:
        problems.append(
            Problem(
                file,
                f"{change_path}.unset",
                f"fields {both} are both set and unset; a change does one or the other",
            )
        )
    # What is refused above is left out, so that the rest of the change is still checked.
    setting = {key: value for key, value in to_set.items() if key in CHANGEABLE}
    removing = to_unset & UNSETTABLE
    merged = {key: value for key, value in {**current, **setting}.items() if key not in removing}
    set_path = f"{change_path}.set"
    _check(merged, file, set_path, problems, only=set(setting) | removing)
    found: list[Problem] = []
    version = _structure(merged, ProcedureEntry, file, set_path, found)
    # The other fields' problems belong to the entry or the change that wrote them.
    problems += [problem for problem in found if _under(problem.path, set_path, setting)]
    return merged, version


def _under(path: str, parent: str, names: Iterable[str]) -> bool:
    """Whether ``path`` is one of ``names`` under ``parent``, or inside one of them."""
    return any(
        path == f"{parent}.{name}" or path.startswith((f"{parent}.{name}.", f"{parent}.{name}["))
        for name in names
    )


def _check_dates(
    entry: ProcedureEntry,
    changes: list[tuple[int, ChangeEntry, ProcedureEntry | None]],
    file: str,
    path: str,
    problems: list[Problem],
) -> None:
    """Changes in date order, after valid_from, and valid_until after the last start."""
    last = entry.valid_from
    for number, change, _ in changes:
        if last is not None and change.effective_from <= last:
            problems.append(
                Problem(
                    file,
                    f"{path}.change[{number}].effective_from",
                    f"{change.effective_from} must come after {last}: list changes in date order",
                )
            )
        last = change.effective_from if last is None else max(last, change.effective_from)
    already_reported = (
        entry.valid_from is not None
        and entry.valid_until is not None
        and entry.valid_until <= entry.valid_from
    )
    if (
        changes
        and not already_reported
        and entry.valid_until is not None
        and last is not None
        and entry.valid_until <= last
    ):
        problems.append(
            Problem(
                file,
                f"{path}.valid_until",
                f"{entry.valid_until} must come after {last}, when the last change starts",
            )
        )


def _structure(raw: Any, kind: type[T], file: str, path: str, problems: list[Problem]) -> T | None:
    try:
        return _CONVERTER.structure(raw, kind)
    except Exception as error:  # cattrs raises an exception group of every problem
        problems.extend(_problems_of(error, file, path))
        return None


def _check(
    raw: Mapping[str, Any],
    file: str,
    path: str,
    problems: list[Problem],
    only: set[str] | None = None,
) -> None:
    """The rules beyond types, checked on the raw table so that they are reported together
    with type errors. ``only`` limits the checks to the fields a change sets."""

    def fail(where: str, message: str) -> None:
        problems.append(Problem(file, f"{path}{where}", message))

    def wanted(name: str) -> bool:
        return only is None or name in only

    code = raw.get("code")
    if wanted("code") and isinstance(code, str) and not CODE.fullmatch(code):
        fail(
            ".code",
            f"code {code!r} is not a national procedure code like '1.001193' (optionally with a provincial suffix such as '.H61')",
        )
    for name in ("name_vi", "field"):
        value = raw.get(name)
        if wanted(name) and isinstance(value, str) and not value.strip():
            fail(f".{name}", f"{name} must not be empty")
    bases = raw.get("legal_basis")
    if wanted("legal_basis") and isinstance(bases, list):
        if not bases:
            fail(".legal_basis", "missing legal basis: cite at least one legal text")
        for number, basis in enumerate(bases):
            if (
                isinstance(basis, dict)
                and isinstance(basis.get("document"), str)
                and not basis["document"].strip()
            ):
                fail(f".legal_basis[{number}].document", "the document number must not be empty")
    start, end = _as_date(raw.get("valid_from")), _as_date(raw.get("valid_until"))
    if only is None and start is not None and end is not None and end <= start:
        fail(".valid_until", f"{end} must come after valid_from {start}")
    for number, channel in enumerate(_tables(raw.get("channel")) if wanted("channel") else []):
        fee = channel.get("fee_vnd")
        if isinstance(fee, int) and not isinstance(fee, bool) and fee < 0:
            fail(f".channel[{number}].fee_vnd", f"fee {fee} VND is negative; fees are 0 or more")
    for number, document in enumerate(_tables(raw.get("document")) if wanted("document") else []):
        originals, copies = document.get("originals", 1), document.get("copies", 0)
        if (
            isinstance(originals, int)
            and isinstance(copies, int)
            and (originals < 0 or copies < 0 or originals + copies == 0)
        ):
            fail(
                f".document[{number}]",
                f"needs at least one original or copy, got {originals} originals and {copies} copies",
            )
        if isinstance(document.get("name"), str) and not document["name"].strip():
            fail(f".document[{number}].name", "the document name must not be empty")
    for number, result in enumerate(_tables(raw.get("result")) if wanted("result") else []):
        if isinstance(result.get("name"), str) and not result["name"].strip():
            fail(f".result[{number}].name", "the result name must not be empty")
    committed, statutory = raw.get("committed_time"), raw.get("processing_time")
    if (wanted("committed_time") or wanted("processing_time")) and isinstance(committed, str):
        verdict = _tightens(committed, statutory)
        if verdict is not None:
            fail(".committed_time", verdict)


def _as_date(value: Any) -> date | None:
    """A TOML date, or a JSON "YYYY-MM-DD" string, as a date; anything else is ``None`` (the
    type check reports it)."""
    if isinstance(value, str):
        try:
            return _date(value, date)
        except ValueError:
            return None
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


def _tables(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _tightens(committed: str, statutory: Any) -> str | None:
    """Why a committed time does not tighten the statutory one, or ``None`` if it does (or
    if either text is unreadable, which the type check reports)."""
    try:
        shorter = ProcessingTime.parse(committed)
        longer = ProcessingTime.parse(statutory) if isinstance(statutory, str) else None
    except TimingError:
        return None
    if longer is None:
        return f"committed time {shorter} needs a statutory processing_time to be checked against"
    if at_most(shorter, longer) is not True:
        return f"committed time {shorter} must be no longer than the statutory time {longer}; a commitment may only tighten the law"
    return None


def _legal_basis(entry: LegalBasisEntry) -> LegalBasis:
    return LegalBasis(entry.document, entry.title, entry.article, entry.url)


def _procedure(entry: ProcedureEntry) -> Procedure:
    return Procedure(
        code=entry.code,
        name_vi=entry.name_vi,
        field=entry.field,
        legal_basis=tuple(_legal_basis(b) for b in entry.legal_basis),
        name_en=entry.name_en,
        levels=frozenset(entry.levels),
        competent_agency=entry.competent_agency,
        executing_agency=entry.executing_agency,
        processing_time=entry.processing_time,
        committed_time=entry.committed_time,
        committed_by=entry.committed_by,
        time_rules=entry.time_rules,
        channels=tuple(
            ChannelOffer(
                c.channel,
                c.processing_time,
                c.time_verbatim,
                None
                if c.fee_vnd is None and c.fee_verbatim is None and c.fee_note is None
                else Fee(c.fee_vnd, c.fee_verbatim or "", c.fee_note),
                c.description,
            )
            for c in entry.channel
        ),
        online_service=entry.online_service,
        documents=tuple(
            Document(d.name, d.role, d.originals, d.copies, d.group, d.alternatives)
            for d in entry.document
        ),
        results=tuple(Result(r.name, r.code) for r in entry.result),
        on_the_spot=entry.on_the_spot,
        notes=entry.notes,
        source=entry.source,
    )


# ---------------------------------------------------------------------------- writing


def _raw(procedure: Procedure) -> dict[str, Any]:
    """The file fields of one version, defaults left out."""
    raw: dict[str, Any] = {
        "code": procedure.code,
        "name_vi": procedure.name_vi,
        "name_en": procedure.name_en,
        "field": procedure.field,
        "levels": [
            level.value for level in sorted(procedure.levels, key=lambda level: level.value)
        ],
        "competent_agency": procedure.competent_agency,
        "executing_agency": procedure.executing_agency,
        "processing_time": None
        if procedure.processing_time is None
        else str(procedure.processing_time),
        "committed_time": None
        if procedure.committed_time is None
        else str(procedure.committed_time),
        "committed_by": procedure.committed_by,
        "time_rules": list(procedure.time_rules),
        "online_service": None
        if procedure.online_service is None
        else procedure.online_service.value,
        "on_the_spot": procedure.on_the_spot or None,
        "notes": list(procedure.notes),
        "source": procedure.source,
        "legal_basis": [_basis_raw(b) for b in procedure.legal_basis],
        "channel": [
            _drop_empty(
                {
                    "channel": offer.channel.value,
                    "processing_time": None
                    if offer.processing_time is None
                    else str(offer.processing_time),
                    "time_verbatim": offer.time_verbatim,
                    "fee_vnd": None if offer.fee is None else offer.fee.amount_vnd,
                    "fee_verbatim": None
                    if offer.fee is None
                    else _text_or_default(offer.fee.verbatim),
                    "fee_note": None if offer.fee is None else offer.fee.note,
                    "description": offer.description,
                }
            )
            for offer in procedure.channels
        ],
        "document": [
            _drop_empty(
                {
                    "name": d.name,
                    "role": d.role.value,
                    "originals": d.originals,
                    "copies": d.copies,
                    "group": d.group,
                    "alternatives": list(d.alternatives),
                }
            )
            for d in procedure.documents
        ],
        "result": [_drop_empty({"name": r.name, "code": r.code}) for r in procedure.results],
    }
    return _drop_empty(raw)


def _basis_raw(basis: LegalBasis) -> dict[str, Any]:
    return _drop_empty(
        {
            "document": basis.document,
            "title": _text_or_default(basis.title),
            "article": basis.article,
            "url": basis.url,
        }
    )


def _drop_empty(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``raw`` without absent values (``None``) and empty lists. An empty text stays: an
    optional text may be "" as well as ``None``, and a round trip keeps which."""
    return {key: value for key, value in raw.items() if value is not None and value != []}


def _text_or_default(value: str) -> str | None:
    """A text whose default is "" (a title, a fee's verbatim text), left out at its default."""
    return value or None


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    """The file form of ``catalog`` (as TOML or JSON would hold it)."""
    procedures = []
    for code in sorted(catalog.histories):
        versions = catalog.histories[code].versions
        first = _raw(versions[0].procedure)
        if versions[0].effective_from is not None:
            first["valid_from"] = versions[0].effective_from
        if versions[-1].effective_until is not None:
            first["valid_until"] = versions[-1].effective_until
        changes = []
        previous = _raw(versions[0].procedure)
        for version in versions[1:]:
            current = _raw(version.procedure)
            keys = sorted(set(previous) | set(current))
            changed = {
                key: current.get(key, _EMPTY.get(key))
                for key in keys
                if previous.get(key) != current.get(key)
            }
            cleared = [key for key, value in changed.items() if value is None]
            change: dict[str, Any] = {
                "effective_from": version.effective_from,
                "legal_basis": [_basis_raw(b) for b in version.changed_by],
                "set": {key: value for key, value in changed.items() if value is not None},
            }
            if cleared:
                change["unset"] = cleared
            changes.append(change)
            previous = current
        if changes:
            first["change"] = changes
        procedures.append(first)
    header: dict[str, Any] = {"format": FORMAT, "name": catalog.name}
    if catalog.source is not None:
        header["source"] = catalog.source
    return {**header, "procedure": procedures}


#: The value that restores a field's default when a change removes it.
_EMPTY: dict[str, Any] = {
    "on_the_spot": False,
    "time_rules": [],
    "notes": [],
    "levels": [],
    "channel": [],
    "document": [],
    "result": [],
}


def dumps_catalog(catalog: Catalog, *, format: str = "toml") -> str:
    """The text of ``catalog`` as a TOML (default) or JSON file; another ``format`` raises
    :class:`~onestop.errors.CatalogError`.

    Loading it gives back an equal catalog, except for :attr:`Catalog.layers`: the file holds
    what the layers did (committed times, and their decisions in the versions' legal texts),
    not the layers themselves, so the loaded catalog's ``layers`` is empty.
    """
    if format not in ("toml", "json"):
        raise CatalogError([Problem("<python>", "$", f"format {format!r} is not 'toml' or 'json'")])
    document = catalog_document(catalog)
    if format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return dumps_toml(document)


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} to JSON")


def dump_catalog(catalog: Catalog, path: str | Path) -> None:
    """Write ``catalog`` to ``path`` (``.json`` gives JSON, anything else TOML)."""
    file = Path(path)
    file.write_text(
        dumps_catalog(catalog, format="json" if file.suffix.lower() == ".json" else "toml"),
        encoding="utf-8",
    )
