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
from onestop.procedures._cpsv import to_cpsv_ap
from onestop.procedures._default import default_catalog
from onestop.procedures._files import dump_catalog, dumps_catalog, load_catalog, loads_catalog
from onestop.procedures._model import (
    STANDARD_DAY_HOURS,
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
from onestop.procedures._portal import StatutoryFacts, from_portal_records
from onestop.procedures._schema import (
    catalog_json_schema,
    schema_reference_markdown,
    write_schema,
)

__all__ = [
    "STANDARD_DAY_HOURS",
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
    "StatutoryFacts",
    "TimeSource",
    "at_most",
    "catalog_json_schema",
    "default_catalog",
    "dump_catalog",
    "dumps_catalog",
    "fold",
    "from_portal_records",
    "load_catalog",
    "loads_catalog",
    "schema_reference_markdown",
    "to_cpsv_ap",
    "write_schema",
]
