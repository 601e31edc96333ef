"""The onestop pytest plugin, registered through the ``pytest11`` entry point as ``onestop``.

It never surprises a project that only imports onestop:

* the fixtures ``onestop_calendar`` (the national calendar), ``onestop_catalog`` (the default
  catalog) and ``onestop_now`` (a fixed aware moment, 2026-03-02 09:00 Asia/Ho_Chi_Minh unless
  ``--onestop-now`` or ``@pytest.mark.onestop(now=...)`` says otherwise) are always there, and
  load onestop only when a test uses them;
* case files ``onestop_*.toml`` are collected only with ``--onestop`` or ``onestop_cases =
  true`` in the ini file; each case is a test item ``onestop_birth.toml::case name`` whose
  failure shows the explanation of the assertion helpers.

Installed, the plugin loads through its entry point: do not also pass ``-p
onestop.testing.plugin`` (pluggy refuses one module under two names). To load it from the
module whatever is installed, block the entry point's name:
``pytest -p no:onestop -p onestop.testing.plugin``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from onestop.calendar import WorkCalendar
    from onestop.procedures import Catalog
    from onestop.testing._cases import Case

__all__ = [
    "DEFAULT_NOW",
    "CaseFile",
    "CaseItem",
    "onestop_calendar",
    "onestop_catalog",
    "onestop_now",
]

#: The moment ``onestop_now`` gives unless told otherwise: a Monday morning, in office hours.
DEFAULT_NOW = "2026-03-02T09:00:00+07:00"

_MARKER = (
    "onestop(now=None): a test of onestop rules; now='2026-03-02T09:00:00+07:00' sets the "
    "moment the onestop_now fixture gives"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("onestop", "onestop: Vietnam one-stop rules")
    group.addoption(
        "--onestop",
        action="store_true",
        default=False,
        help="collect onestop_*.toml case files as tests",
    )
    group.addoption(
        "--onestop-now",
        default=None,
        metavar="MOMENT",
        help=f"the aware ISO 8601 moment the onestop_now fixture gives (default {DEFAULT_NOW})",
    )
    parser.addini(
        "onestop_cases", "collect onestop_*.toml case files as tests", type="bool", default=False
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER)


def _cases_enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("onestop")) or bool(config.getini("onestop_cases"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CaseFile | None:
    if (
        file_path.suffix == ".toml"
        and file_path.name.startswith("onestop_")
        and _cases_enabled(parent.config)
    ):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    """A file of declarative cases; each ``[[case]]`` is one :class:`CaseItem`."""

    def collect(self) -> Iterator[CaseItem]:
        from onestop.testing._cases import CaseFileError, read_cases

        try:
            cases = read_cases(self.path)
        except CaseFileError as error:
            raise self.CollectError(str(error)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseItem(pytest.Item):
    """One declarative case, run by :func:`onestop.testing._cases.run_case`."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.add_marker("onestop")

    def runtest(self) -> None:
        from onestop.testing._cases import run_case

        run_case(self.case)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, AssertionError):
            return f"onestop case {self.case.name!r} in {self.path.name} failed:\n{excinfo.value}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"onestop case: {self.case.name}"


def _aware(text: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"{where}: {text!r} is not an ISO 8601 moment") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(
            f"{where}: {text!r} has no UTC offset; onestop does not guess one: "
            f"write it as {text}+07:00"
        )
    from onestop.calendar import to_local

    return to_local(moment)


@pytest.fixture(scope="session")
def onestop_calendar() -> WorkCalendar:
    """The national civil-servant calendar, :meth:`WorkCalendar.vietnam`."""
    from onestop.calendar import WorkCalendar

    return WorkCalendar.vietnam()


@pytest.fixture(scope="session")
def onestop_catalog() -> Catalog:
    """The catalog shipped with onestop, :func:`onestop.procedures.default_catalog`."""
    from onestop.procedures import default_catalog

    return default_catalog()


@pytest.fixture
def onestop_now(request: pytest.FixtureRequest) -> datetime:
    """A fixed aware moment in Asia/Ho_Chi_Minh: the test's ``@pytest.mark.onestop(now=...)``,
    else ``--onestop-now``, else 2026-03-02 09:00."""
    marker = request.node.get_closest_marker("onestop")
    if marker is not None and marker.kwargs.get("now") is not None:
        value = marker.kwargs["now"]
        if isinstance(value, datetime):
            from onestop.calendar import to_local

            return to_local(value)
        return _aware(str(value), "@pytest.mark.onestop(now=...)")
    option = request.config.getoption("onestop_now")
    return _aware(DEFAULT_NOW if option is None else str(option), "--onestop-now")
