"""The onestop testing kit: assertions that read like the law, a pytest plugin and
declarative case files.

* :mod:`onestop.testing.assertions`: :func:`assert_working_day`,
  :func:`assert_not_working_day`, :func:`assert_due`, :func:`assert_dossier_due` and
  :func:`assert_classified`, whose failures explain the computation day by day.
* :mod:`onestop.testing.plugin`: a pytest plugin (entry point ``pytest11``, name
  ``onestop``) with the fixtures ``onestop_calendar``, ``onestop_catalog`` and
  ``onestop_now``, and, with ``--onestop`` or ``onestop_cases = true``, the collection of
  ``onestop_*.toml`` case files.
* :mod:`onestop.testing.rules`: :func:`check_catalog` and
  :func:`assert_catalog_follows_rules`, a reviewer's meta-rules over a whole catalog.
* :mod:`onestop.testing.strategies`: Hypothesis strategies (imported on demand only).

Importing this package imports neither pytest nor Hypothesis.

Examples:
    >>> from datetime import date
    >>> from onestop.testing import assert_working_day
    >>> assert_working_day(date(2026, 3, 2))
"""

from onestop.testing.assertions import (
    assert_classified,
    assert_dossier_due,
    assert_due,
    assert_not_working_day,
    assert_working_day,
)
from onestop.testing.rules import (
    DEFAULT_RULES,
    Rule,
    Violation,
    assert_catalog_follows_rules,
    check_catalog,
)

__all__ = [
    "DEFAULT_RULES",
    "Rule",
    "Violation",
    "assert_catalog_follows_rules",
    "assert_classified",
    "assert_dossier_due",
    "assert_due",
    "assert_not_working_day",
    "assert_working_day",
    "check_catalog",
]
