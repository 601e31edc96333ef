"""The default catalog embedded in onestop."""

from __future__ import annotations

from functools import cache
from importlib import resources

from onestop.procedures._catalog import Catalog
from onestop.procedures._files import loads_catalog

__all__ = ["default_catalog"]

_FILE = "ward_procedures.toml"


@cache
def default_catalog() -> Catalog:
    """The ward-level procedures shipped with onestop: the real records of the national
    procedure database in ``procedures_sample.json`` and the statutory times of law.md §2,
    converted by ``scripts/build_default_catalog.py``.

    Examples:
        >>> len(default_catalog()) >= 48
        True
    """
    text = resources.files("onestop._data.catalog").joinpath(_FILE).read_text(encoding="utf-8")
    return loads_catalog(text, file=f"onestop/_data/catalog/{_FILE}")
