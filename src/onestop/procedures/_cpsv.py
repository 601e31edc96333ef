"""Export procedures as JSON-LD following the EU Core Public Service Vocabulary Application
Profile (CPSV-AP).

Followed version: **CPSV-AP 3.2.0** (SEMIC, 2024-01-31,
https://semiceu.github.io/CPSV-AP/releases/3.2.0/); class and property names were checked
against its SHACL shapes (``releases/3.2.0/shacl/cpsv-ap-SHACL.ttl`` of SEMICeu/CPSV-AP) and
its public-service example. No address in the output is ever fetched: the ``@context`` is a
plain table of prefixes, and the IRIs onestop mints are under ``base_uri`` and
``https://onestop.invalid/vocabulary/``. Names as 3.2.0 has them: a cost's amount is
``cv:hasValue`` (not ``cv:value``), inputs and outputs are ``cpsv:hasInput`` and
``cpsv:produces`` (cpsv namespace, not cv), a currency is a concept (an IRI of the EU currency
table), not the text "VND".

How a procedure maps (one ``cpsv:PublicService`` per procedure, sorted by code):

=============================  ===========================================================
onestop                        CPSV-AP 3.2.0
=============================  ===========================================================
code                           ``dct:identifier``; the node is ``base_uri + code``
name_vi, name_en               ``dct:title`` with ``@language`` ``vi`` and ``en``
field (lĩnh vực)               ``cv:thematicArea``: a ``skos:Concept`` (``cv:sector`` is
                               for industries, NACE-like, so it is not used)
competent_agency               ``cv:hasCompetentAuthority``: a ``cv:PublicOrganisation``
                               with ``skos:prefLabel`` and ``dct:spatial`` Vietnam
channels                       ``cv:hasChannel``: ``cv:Channel`` nodes; ``dct:type`` is a
                               concept with ``skos:notation`` = the national channel code
                               (1 in person, 2 online, 3 postal)
a channel's fee                ``cv:hasCost``: ``cv:Cost`` with ``cv:hasValue``
                               (``xsd:double``), ``cv:currency`` = the EU currency
                               authority's VND, the verbatim fee as ``dct:description``,
                               ``cv:ifAccessedThrough`` its channel
deadline_time                  ``cv:processingTime`` (``xsd:duration``) with ``skos:note``
documents                      ``cpsv:hasInput``: ``cv:Evidence`` nodes, ``dct:type`` the
                               role (submit, show, listed)
results                        ``cpsv:produces``: ``cv:Output``, ``dct:identifier`` the
                               portal's result code when known
legal_basis                    ``cv:hasLegalResource``: ``eli:LegalResource`` with
                               ``eli:id_local`` = the document number and ``dct:title``; an
                               article cited is an ``eli:LegalResourceSubdivision``,
                               ``eli:is_part_of`` the document; its address
                               ``foaf:page``
source                         ``dct:source`` (a link when it is a web address)
=============================  ===========================================================

Processing times: xsd:duration has no working days, so a time limit maps to the duration of
its number and unit, with a ``skos:note`` (in Vietnamese, the record's wording; in English,
what the unit is) on the node that carries it:

* ``03 ngày làm việc`` (working days) → ``P3D``, note "3 working days";
* ``04 giờ làm việc`` (working hours) → ``PT4H``, note "4 working hours";
* ``30 ngày`` (calendar days) → ``P30D``, note "30 calendar days";
* ``Trong ngày`` (same day) → ``P0D``: settled on the day of receipt, no whole day
  allowed, with the cutoff (after 15:00: the next working day) in the note.

The service carries :attr:`~onestop.procedures.Procedure.deadline_time` (a committed time if
a layer set one, else the statutory time; the note says which). A channel carries the time
that applies to it, :meth:`~onestop.procedures.Procedure.time_of`: the committed time, else the
statutory time (the law wins over the record), else the record's own cell, with a note saying
which. The record's cell stays verbatim in the channel's ``dct:description``; where it differs
from the time that applies, a note says so.

Not exported: ``time_rules``, ``notes``, ``levels``, ``online_service``, ``on_the_spot``,
``executing_agency`` and ``committed_by`` (outside ``skos:note``). The procedure model has no
description, so ``dct:description`` of a service (mandatory in CPSV-AP 3.2.0) is left out; a
service without a competent agency has no ``cv:hasCompetentAuthority`` (also mandatory).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote, urlsplit

from onestop.procedures._catalog import Catalog, ProcedureSet
from onestop.procedures._model import (
    Channel,
    ChannelOffer,
    Document,
    DocumentRole,
    Fee,
    LegalBasis,
    Procedure,
)
from onestop.timing import ProcessingTime, TimeUnit

__all__ = ["CPSV_AP_VERSION", "to_cpsv_ap"]

#: The version of CPSV-AP the export follows.
CPSV_AP_VERSION = "3.2.0"
DEFAULT_BASE_URI = "https://onestop.invalid/procedure/"
#: onestop's own concepts (channel types, document roles, fields); never fetched.
VOCABULARY = "https://onestop.invalid/vocabulary/"
#: The EU Publications Office authority tables (the usual values of CPSV-AP).
CURRENCY_VND = "http://publications.europa.eu/resource/authority/currency/VND"
COUNTRY_VIETNAM = "http://publications.europa.eu/resource/authority/country/VNM"

CONTEXT: dict[str, str] = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_CHANNEL_EN = {
    Channel.IN_PERSON: "in person",
    Channel.POSTAL: "by public postal service",
    Channel.ONLINE: "online",
}
_ROLE_LABELS = {
    DocumentRole.SUBMIT: ("Giấy tờ phải nộp", "submitted"),
    DocumentRole.SHOW: ("Giấy tờ phải xuất trình", "shown, not kept"),
    DocumentRole.LISTED: (None, "listed under another heading of the record"),
}
_UNIT_EN = {
    TimeUnit.WORKING_DAYS: "working days (ngày làm việc): counted over the office's working days, not calendar days",
    TimeUnit.WORKING_HOURS: "working hours (giờ làm việc): counted over the office's working sessions",
    TimeUnit.CALENDAR_DAYS: "calendar days (ngày)",
}

JsonLd = dict[str, Any]
#: A source that is a web address becomes a link; any other source (a citation) stays text.
_ADDRESS = re.compile(r"https?://[^\s\[\]<>\"{}|\\^`]+")


def to_cpsv_ap(
    procedures: Catalog | ProcedureSet,
    *,
    on: date | None = None,
    base_uri: str = DEFAULT_BASE_URI,
) -> JsonLd:
    """The procedures as a CPSV-AP 3.2.0 JSON-LD document: an ``@context`` of prefixes and an
    ``@graph`` of ``cpsv:PublicService`` nodes, one per procedure, sorted by code; the same
    input gives the same document.

    A :class:`~onestop.procedures.Catalog` holds every version of its procedures: ``on`` says
    which day to export (the library never reads the clock). A
    :class:`~onestop.procedures.ProcedureSet` is already one day's set; ``on``, if given, must
    be its day. ``base_uri`` (ending in ``/``) prefixes the IRIs of services and of what they
    share (organisations, legal texts).

    See the module documentation for the mapping, processing times included.

    Examples:
        >>> from onestop.procedures import loads_catalog
        >>> catalog = loads_catalog('''
        ... format = 1
        ... name = "Ward"
        ... [[procedure]]
        ... code = "2.000884"
        ... name_vi = "Chứng thực chữ ký trong các giấy tờ, văn bản"
        ... name_en = "Signature certification"
        ... field = "Chứng thực"
        ... processing_time = "02 ngày làm việc"
        ... legal_basis = [{ document = "23/2015/NĐ-CP", article = "Điều 7" }]
        ... [[procedure.channel]]
        ... channel = "in_person"
        ... fee_vnd = 10000
        ... fee_verbatim = "10.000 đồng/trường hợp"
        ... ''')
        >>> document = to_cpsv_ap(catalog, on=date(2026, 3, 2))
        >>> service = document["@graph"][0]
        >>> service["@id"], service["@type"]
        ('https://onestop.invalid/procedure/2.000884', 'cpsv:PublicService')
        >>> service["cv:processingTime"]
        {'@value': 'P2D', '@type': 'xsd:duration'}
        >>> cost = service["cv:hasCost"][0]
        >>> cost["cv:hasValue"]["@value"], cost["cv:currency"]["@id"].rsplit("/", 1)[1]
        (10000, 'VND')
    """
    if isinstance(procedures, Catalog):
        if on is None:
            raise TypeError(
                "a Catalog holds every version of its procedures: pass on=date(...) to "
                "export those in force that day"
            )
        chosen = procedures.as_of(on)
    else:
        if on is not None and on != procedures.day:
            raise ValueError(
                f"on={on} but the procedure set is the one of {procedures.day}; "
                "leave on out or pass the catalog"
            )
        chosen = procedures
    parts = urlsplit(base_uri)
    if not (parts.scheme and parts.netloc and base_uri.endswith("/")):
        raise ValueError(
            f"base_uri {base_uri!r} must be an absolute address ending in '/', "
            f"such as {DEFAULT_BASE_URI!r}"
        )
    ordered = [chosen[code] for code in sorted(chosen)]
    exporter = _Exporter(base_uri, _legal_documents(ordered))
    return {"@context": dict(CONTEXT), "@graph": [exporter.service(p) for p in ordered]}


def _text(value: str, language: str = "vi") -> JsonLd:
    return {"@value": value, "@language": language}


def _part(text: str) -> str:
    """``text`` as one path segment of an IRI (percent-encoded UTF-8; a lone surrogate, which
    a JSON file can hold, is encoded as such rather than refused)."""
    return quote(text, safe="", errors="surrogatepass")


def _link(text: str) -> JsonLd | str:
    """A web address as a link; any other text (a citation) as it is."""
    return {"@id": text} if _ADDRESS.fullmatch(text) else text


def _drop_empty(node: JsonLd) -> JsonLd:
    return {key: value for key, value in node.items() if value not in (None, [], "")}


def _legal_documents(procedures: Iterable[Procedure]) -> dict[str, LegalBasis]:
    """One entry per document number: the first title and address cited, in code order, so
    that every node of a document says the same."""
    documents: dict[str, LegalBasis] = {}
    for procedure in procedures:
        for basis in procedure.legal_basis:
            known = documents.get(basis.document)
            if known is None:
                documents[basis.document] = LegalBasis(basis.document, basis.title, None, basis.url)
            else:
                documents[basis.document] = LegalBasis(
                    basis.document, known.title or basis.title, None, known.url or basis.url
                )
    return documents


def duration(time: ProcessingTime) -> str:
    """The ISO 8601 duration (``xsd:duration``) of a time limit: its number in its unit,
    working days as days, same day as ``P0D``; the unit itself goes into a note.

    Examples:
        >>> [duration(ProcessingTime.parse(text)) for text in
        ...  ("03 ngày làm việc", "04 giờ làm việc", "30 ngày", "Trong ngày")]
        ['P3D', 'PT4H', 'P30D', 'P0D']
    """
    if time.unit is TimeUnit.WORKING_HOURS:
        return f"PT{time.amount}H"
    return f"P{time.amount}D"


def _time_notes(time: ProcessingTime, whose: str) -> list[JsonLd]:
    """The record's wording (vi) and what the duration means (en)."""
    if time.unit is TimeUnit.SAME_DAY:
        meaning = "same day: settled on the day of receipt, written P0D"
        if time.cutoff is not None:
            meaning += f"; received after {time.cutoff:%H:%M}, on the next working day"
    else:
        meaning = f"{time.amount} {_UNIT_EN[time.unit]}"
        if time.cutoff is not None:
            meaning += f"; received after {time.cutoff:%H:%M}, counted from the next working day"
    return [_text(str(time)), _text(f"{whose} time limit: {meaning}", "en")]


class _Exporter:
    """Builds the nodes of one export: IRIs under ``base`` and legal documents shared."""

    def __init__(self, base: str, documents: dict[str, LegalBasis]) -> None:
        self.base = base
        self.documents = documents

    def service(self, procedure: Procedure) -> JsonLd:
        """The ``cpsv:PublicService`` node of one procedure."""
        iri = self.base + _part(procedure.code)
        titles = [_text(procedure.name_vi)]
        if procedure.name_en:
            titles.append(_text(procedure.name_en, "en"))
        channels = [
            self.channel(procedure, iri, number, offer)
            for number, offer in enumerate(procedure.channels, 1)
        ]
        time = procedure.deadline_time
        whose = (
            f"committed ({procedure.committed_by})"
            if procedure.committed_time is not None and procedure.committed_by
            else procedure.time_source.value
        )
        source = procedure.source
        return _drop_empty(
            {
                "@id": iri,
                "@type": "cpsv:PublicService",
                "dct:identifier": procedure.code,
                "dct:title": titles,
                "cv:thematicArea": self.concept("field", procedure.field, vi=procedure.field),
                "cv:hasCompetentAuthority": None
                if procedure.competent_agency is None
                else self.organisation(procedure.competent_agency),
                "cv:hasChannel": channels,
                "cv:hasCost": [
                    self.cost(procedure, iri, number, offer.fee)
                    for number, offer in enumerate(procedure.channels, 1)
                    if offer.fee is not None
                ],
                "cv:processingTime": None if time is None else self.duration(time),
                "skos:note": [] if time is None else _time_notes(time, whose),
                "cpsv:hasInput": [
                    self.evidence(procedure, iri, number, document)
                    for number, document in enumerate(procedure.documents, 1)
                ],
                "cpsv:produces": [
                    _drop_empty(
                        {
                            "@id": f"{iri}#output-{number}",
                            "@type": "cv:Output",
                            "dct:identifier": result.code or f"{procedure.code}-output-{number}",
                            "dct:title": _text(result.name),
                        }
                    )
                    for number, result in enumerate(procedure.results, 1)
                ],
                "cv:hasLegalResource": [self.legal(basis) for basis in procedure.legal_basis],
                "dct:source": None if source is None else _link(source),
            }
        )

    @staticmethod
    def duration(time: ProcessingTime) -> JsonLd:
        return {"@value": duration(time), "@type": "xsd:duration"}

    def concept(
        self, scheme: str, key: str, *, vi: str | None = None, en: str | None = None
    ) -> JsonLd:
        """A ``skos:Concept`` of onestop's vocabulary."""
        labels = [_text(label, language) for label, language in ((vi, "vi"), (en, "en")) if label]
        return {
            "@id": f"{VOCABULARY}{scheme}/{_part(key)}",
            "@type": "skos:Concept",
            "skos:prefLabel": labels,
        }

    def organisation(self, name: str) -> JsonLd:
        """A ``cv:PublicOrganisation`` (CPSV-AP 3.2.0 requires a label and an area)."""
        return {
            "@id": f"{self.base}organisation/{_part(name)}",
            "@type": "cv:PublicOrganisation",
            "skos:prefLabel": _text(name),
            "dct:spatial": {"@id": COUNTRY_VIETNAM},
        }

    def channel(self, procedure: Procedure, iri: str, number: int, offer: ChannelOffer) -> JsonLd:
        """A ``cv:Channel``: one row of the record's channel table."""
        kind = {
            **self.concept(
                "channel",
                offer.channel.value,
                vi=offer.channel.label_vi,
                en=_CHANNEL_EN[offer.channel],
            ),
            "skos:notation": str(offer.channel.national_code),
        }
        time = procedure.time_of(offer)
        whose = procedure.time_source.value if procedure.deadline_time is not None else "record's"
        notes = [] if time is None else _time_notes(time, whose)
        own = offer.processing_time
        if time is not None and own is not None and own != time:
            # The verbatim cell stays in dct:description; say that it is not the time applied.
            notes.append(
                _text(
                    f"The record's cell ({offer.time_verbatim or own}) differs from the "
                    f"{whose} time limit {time}, which applies.",
                    "en",
                )
            )
        descriptions = [_text(text) for text in (offer.description, offer.time_verbatim) if text]
        return _drop_empty(
            {
                "@id": f"{iri}#channel-{number}",
                "@type": "cv:Channel",
                "dct:identifier": f"{procedure.code}-channel-{number}",
                "dct:type": kind,
                "cv:processingTime": None if time is None else self.duration(time),
                "skos:note": notes,
                "dct:description": descriptions,
            }
        )

    def cost(self, procedure: Procedure, iri: str, number: int, fee: Fee) -> JsonLd:
        """A ``cv:Cost``: the fee of channel row ``number``, in VND when the record gives an
        amount."""
        amount = fee.amount_vnd
        return _drop_empty(
            {
                "@id": f"{iri}#cost-{number}",
                "@type": "cv:Cost",
                "dct:identifier": f"{procedure.code}-cost-{number}",
                "cv:hasValue": None
                if amount is None
                else {"@value": amount, "@type": "xsd:double"},
                "cv:currency": None if amount is None else {"@id": CURRENCY_VND},
                "dct:description": [_text(text) for text in (fee.verbatim, fee.note) if text],
                "cv:ifAccessedThrough": {"@id": f"{iri}#channel-{number}"},
            }
        )

    def evidence(self, procedure: Procedure, iri: str, number: int, document: Document) -> JsonLd:
        """A ``cv:Evidence``: one paper of the dossier, with its counts and alternatives."""
        vi, en = _ROLE_LABELS[document.role]
        details = [f"{document.originals} bản chính, {document.copies} bản sao"]
        if document.group:
            details.append(f"Trường hợp: {document.group}")
        if document.alternatives:
            details.append("Hoặc: " + "; ".join(document.alternatives))
        return {
            "@id": f"{iri}#input-{number}",
            "@type": "cv:Evidence",
            "dct:identifier": f"{procedure.code}-input-{number}",
            "dct:title": _text(document.name),
            "dct:type": self.concept("document-role", document.role.value, vi=vi, en=en),
            "dct:description": _text(". ".join(details)),
        }

    def legal(self, basis: LegalBasis) -> JsonLd:
        """An ``eli:LegalResource`` for the document, or for the article cited in it."""
        shared = self.documents[basis.document]
        document = _drop_empty(
            {
                "@id": f"{self.base}legal/{_part(basis.document)}",
                "@type": "eli:LegalResource",
                "eli:id_local": basis.document,
                "dct:title": _text(shared.title) if shared.title else None,
                "foaf:page": None if shared.url is None else _link(shared.url),
            }
        )
        if basis.article is None:
            return document
        return {
            "@id": f"{document['@id']}/{_part(basis.article)}",
            "@type": ["eli:LegalResource", "eli:LegalResourceSubdivision"],
            "dct:title": _text(basis.article),
            "eli:is_part_of": document,
        }
