"""The procedure catalog: typed, effective-dated, sourced procedure definitions.

Examples:
    >>> from datetime import date
    >>> from onestop.procedures import default_catalog
    >>> birth = default_catalog().get("1.001193", on=date(2026, 3, 2))
    >>> birth.field
    'Hộ tịch'
"""

from onestop.procedures._catalog import (
    Catalog,
    Commitment,
    Difference,
    Layer,
    ProcedureHistory,
    ProcedureSet,
    ProcedureVersion,
)
from onestop.procedures._default import default_catalog
from onestop.procedures._files import dump_catalog, dumps_catalog, load_catalog, loads_catalog
from onestop.procedures._model import (
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
    TimeSource,
    at_most,
    fold,
)

__all__ = [
    "Catalog",
    "Channel",
    "ChannelOffer",
    "Commitment",
    "Difference",
    "Document",
    "DocumentRole",
    "Fee",
    "Layer",
    "LegalBasis",
    "Level",
    "OnlineService",
    "Procedure",
    "ProcedureHistory",
    "ProcedureSet",
    "ProcedureVersion",
    "Result",
    "TimeSource",
    "at_most",
    "default_catalog",
    "dump_catalog",
    "dumps_catalog",
    "fold",
    "load_catalog",
    "loads_catalog",
]
