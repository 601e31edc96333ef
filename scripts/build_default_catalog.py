"""Build onestop's default catalog, ``src/onestop/_data/catalog/ward_procedures.toml``.

It converts the national portal records of ``procedures_sample.json`` with
:func:`onestop.procedures._portal.from_portal_records`, adding the statutory times of the
legal texts transcribed below from the domain research (``law.md`` §2, ward-level catalogue
table, with its confidence tags). The output is deterministic (procedures sorted by code).

Usage::

    .venv/bin/python scripts/build_default_catalog.py [SAMPLE_JSON] [--output FILE] [--check]

``SAMPLE_JSON`` defaults to ``../shared/domain/procedures_sample.json`` beside the repository.
``--check`` writes nothing and exits 1 when the file on disk differs from what would be
written (for CI). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from onestop.procedures._files import dumps_catalog, loads_catalog
from onestop.procedures._model import LegalBasis
from onestop.procedures._portal import StatutoryFacts, from_portal_records
from onestop.procedures._toml import dumps_toml

REPO = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).resolve().parents[2] / "shared/domain/procedures_sample.json"
OUTPUT = REPO / "src/onestop/_data/catalog/ward_procedures.toml"

NAME = "Ward-level procedures: national portal records (procedures_sample.json) with statutory times (law.md §2)"
HEADER = """\
# GENERATED FILE: do not edit by hand.
# Written by scripts/build_default_catalog.py from the national public service portal records
# in ../shared/domain/procedures_sample.json and the statutory times of law.md §2 (ward-level
# catalogue table, confidence tags [V] verbatim, [S] secondary, [M] memory) transcribed in the
# script. To regenerate, from the repository root:
#     .venv/bin/python scripts/build_default_catalog.py
# and to verify that this file is up to date (exit status 1 if not):
#     .venv/bin/python scripts/build_default_catalog.py --check
"""

#: The records are the national database after the two-tier reform: their versions hold from
#: the day Decree 118/2025/NĐ-CP took effect and districts were abolished (law.md §0 [S]);
#: the catalog says nothing of the procedures before that day (2.000806, for one, was carried
#: out at district level until then).
VALID_FROM = date(2025, 7, 1)

#: The same-day cutoff of Law 60/2014/QH13 art. 5(3) and Decree 23/2015/NĐ-CP art. 7
#: (law.md §1.7 [V]).
CUTOFF = time(15, 0)

_CIVIL_STATUS = "Luật Hộ tịch"
_RESIDENCE = "Luật Cư trú"
_CERTIFICATION = "23/2015/NĐ-CP"
_S34 = "Law 60/2014 read in the Bộ pháp điển mirror [S34]"
_S35 = "Decree 23/2015 read in the Bộ pháp điển mirror [S35]"
#: Decree 23/2015 art. 37 as law.md §2 (and [S35], read again for this build) gives it.
_ARTICLE_37 = (
    "Decree 23/2015 art. 37: not more than 02 working days from the receipt of the complete "
    "dossier, or longer by written agreement with the requester."
)


def _law60(article: str) -> LegalBasis:
    return LegalBasis("60/2014/QH13", _CIVIL_STATUS, article=article)


def _decree23(article: str | None) -> LegalBasis:
    return LegalBasis(_CERTIFICATION, article=article)


#: law.md §2, transcribed row by row for the codes it gives. ``source`` cites the row and
#: the row's tag; ``tag`` is the confidence of the time. English names are law.md's.
STATUTORY: dict[str, StatutoryFacts] = {
    "1.001193": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Birth registration",
        legal_basis=(_law60("khoản 3 Điều 5; Điều 15, 16"),),
        tag="[V]",
        source=f"law.md §2, row 1.001193 (tag: code [V], time [V], fee [V]; {_S34})",
        note=(
            "Law 60/2014 art. 16: 'Ngay sau khi nhận đủ giấy tờ' (immediately); in practice "
            "the same day, and after 15:00 the next working day (art. 5(3); law.md §1.7), as "
            "the portal's steps text also says. Registration within the deadline is exempt "
            "from the fee (art. 11(1)(b))."
        ),
    ),
    # The 15:00 cutoff is inferred (art. 5(3) for civil status in general), not read for
    # this procedure: the time is [V], the cutoff an inference, tagged [S].
    "1.000894": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Marriage registration",
        legal_basis=(_law60("khoản 3 Điều 5; Điều 17, 18"),),
        tag="[V]/[S]",
        source=f"law.md §2, row 1.000894 (tag [V]; {_S34})",
        note=(
            "Immediately, both parties present; not more than 05 working days when the "
            "conditions of marriage need verification [V]. The 15:00 cutoff is an inference, "
            "tagged [S]: 'immediately' is read as the same day with the 15:00 cutoff that "
            "art. 5(3) sets for civil status, as for birth registration, but neither law.md's "
            "row nor the portal page of 1.000894 states the 15:00 rule for this procedure. "
            "Exempt from the fee for Vietnamese citizens residing in Vietnam (art. 11(1)(b))."
        ),
    ),
    "1.000656": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Death registration",
        legal_basis=(_law60("khoản 3 Điều 5; Điều 32, 33, 34"),),
        tag="[V]",
        source=f"law.md §2, row 1.000656 (tag [V]; {_S34})",
        note=(
            "Immediately; after 15:00 the next working day (art. 5(3)), as the portal's steps "
            "text also says. The death must be registered within 15 days (art. 33); on time, "
            "exempt from the fee."
        ),
    ),
    "1.001022": StatutoryFacts(
        processing_time="03 ngày làm việc",
        name_en="Recognition of parent/child",
        legal_basis=(_law60("Điều 24, 25"),),
        tag="[V]",
        source=f"law.md §2, row 1.001022 (tag [V]; {_S34})",
        note="Up to 05 more working days when verification is needed.",
    ),
    "1.004837": StatutoryFacts(
        processing_time="03 ngày làm việc",
        name_en="Guardianship registration",
        legal_basis=(_law60("Điều 19, 20, 21"),),
        tag="[V]",
        source=f"law.md §2, row 1.004837 (tag [V]; {_S34})",
        note="Exempt from the fee (art. 11(1)(b)).",
    ),
    "1.004859": StatutoryFacts(
        processing_time="03 ngày làm việc",
        name_en="Change/correction/supplement of civil-status info",
        legal_basis=(_law60("Điều 28, 29"),),
        tag="[V]",
        source=f"law.md §2, row 1.004859 (tag [V]; {_S34})",
        note=(
            "03 working days is the time of a change or correction (up to 03 more working "
            "days when verification is needed); a supplement of information is settled "
            "immediately (the portal's steps text: after 15:00, the next working day)."
        ),
    ),
    "1.004873": StatutoryFacts(
        processing_time="03 ngày làm việc",
        name_en="Marital-status certificate",
        legal_basis=(LegalBasis("123/2015/NĐ-CP", article="Điều 22"),),
        tag="[M]",
        source="law.md §2, row 1.004873 (tag: code [V], time [M])",
    ),
    "1.004884": StatutoryFacts(
        name_en="Re-registration of birth",
        legal_basis=(LegalBasis("123/2015/NĐ-CP"),),
        tag="[V]",
        source="law.md §2, row 1.004884 (tag: code [V], time unverified)",
        note="law.md found no statutory time for the re-registration of a birth.",
    ),
    "2.000635": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Copy of civil-status extract / birth certificate",
        legal_basis=(_law60("Điều 63, 64"),),
        tag="[V]/[S]",
        source="law.md §2, row 2.000635 (tag: time [V]/[S] [S12])",
        note=(
            "Law 60/2014 art. 64(2): 'Ngay sau khi nhận được yêu cầu' [V]; the same day, after "
            "15:00 the next working day, is Hanoi's plan [S]; the portal's steps text states "
            "the 15:00 rule. law.md's fee (8 000 đ per copy) is [M]; the portal shows 8,000 VNĐ."
        ),
    ),
    "2.000815": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Certified copy from original",
        legal_basis=(_decree23("Điều 7, 21"),),
        tag="[V]",
        source=f"law.md §2, row 2.000815 (tag: [V] time, [S] fee; {_S35})",
        note=(
            "Art. 21: up to 02 more working days when many originals, many pages or many "
            "copies are asked for at once or the contents are hard to check, or longer by "
            "written agreement. The decree is amended by Decrees 07/2025/NĐ-CP and "
            "280/2025/NĐ-CP (law.md)."
        ),
    ),
    "2.000884": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Signature certification",
        legal_basis=(_decree23("Điều 7"),),
        tag="[V]/[S]",
        source=f"law.md §2, row 2.000884 (tag [V]/[S]; {_S35})",
    ),
    "2.000908": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Copy from master register",
        legal_basis=(_decree23("Điều 7; khoản 4 Điều 17"),),
        tag="[S]",
        source="law.md §2, row 2.000908 (tag [S]; Đồng Nai Decision 2770/QĐ-UBND [S31])",
        note=(
            "Decree 23/2015 art. 17(4), read in the Bộ pháp điển mirror [S35] for this "
            "build: 'Thời hạn cấp bản sao từ sổ gốc được thực hiện theo quy định tại Điều 7'; "
            "a request by post is settled as soon as the complete dossier arrives (postmark)."
        ),
    ),
    "2.001035": StatutoryFacts(
        processing_time="02 ngày làm việc",
        name_en="Certification of transactions on movables/land-use rights/houses",
        legal_basis=(_decree23("Điều 37"),),
        tag="[V]",
        source=f"law.md §2, row 2.001035 (tag: [V] time, [S] fee; {_S35})",
        note=_ARTICLE_37,
    ),
    "2.001019": StatutoryFacts(
        processing_time="02 ngày làm việc",
        name_en="Certification of a will",
        legal_basis=(_decree23("Điều 37"),),
        tag="[V]/[S]",
        source=f"law.md §2, row 2.001019 (tag [V]/[S]; {_S35})",
        note=_ARTICLE_37,
    ),
    "2.001016": StatutoryFacts(
        processing_time="02 ngày làm việc",
        name_en="Certification of refusal of inheritance",
        legal_basis=(_decree23("Điều 37"),),
        tag="[V]/[S]",
        source=f"law.md §2, row 2.001016 (tag [V]/[S]; {_S35})",
        note=_ARTICLE_37,
    ),
    "2.001406": StatutoryFacts(
        processing_time="02 ngày làm việc",
        name_en="Certification of estate partition",
        legal_basis=(_decree23("Điều 37"),),
        tag="[V]/[S]",
        source=f"law.md §2, row 2.001406 (tag [V]/[S]; {_S35})",
        note=_ARTICLE_37,
    ),
    "2.000942": StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=CUTOFF,
        name_en="Certified copy of a certified contract",
        legal_basis=(_decree23("Điều 7, 40"),),
        tag="[S]",
        source="law.md §2, row 2.000942 (tag [S])",
        note=(
            "Decree 23/2015 art. 40(3), read in [S35] for this build, applies the copy "
            "procedure of art. 20; art. 7's same-day rule has no exception for it."
        ),
    ),
    "1.004222": StatutoryFacts(
        processing_time="07 ngày làm việc",
        name_en="Permanent residence registration",
        legal_basis=(LegalBasis("68/2020/QH14", _RESIDENCE, article="Điều 22"),),
        tag="[M]",
        source="law.md §2, row 1.004222 (tag: code [V], time [M])",
    ),
    "1.004194": StatutoryFacts(
        processing_time="03 ngày làm việc",
        name_en="Temporary residence registration",
        legal_basis=(LegalBasis("68/2020/QH14", _RESIDENCE, article="Điều 28"),),
        tag="[M]",
        source="law.md §2, row 1.004194 (tag: code [V], time [M])",
    ),
}

#: law.md §2 rows missing from the sample, and why each is not added as a procedure. A row
#: is added only with a sourced code, name, field, time and legal basis that agree with
#: the legal text; none qualifies, so the catalog holds the sample's procedures only.
SKIPPED: dict[str, str] = {
    "2.000913": (
        "not in the portal sample; its same-day time is [S] (a provincial catalogue) and "
        "unsettled against Decree 23/2015 arts. 7, 37 and 38, and its code is doubtful "
        "(Đồng Nai also lists 2.000927 under the same name)"
    ),
    "(bundle)": (
        "the e-linked birth + residence + health-insurance bundle of Decree 63/2024 has no "
        "code in law.md; the sample's 2.000986 cites the older joint circular 05/2015, so it "
        "is not matched to that row"
    ),
}


def catalog_source(records: Sequence[Mapping[str, Any]]) -> str:
    """The catalog's provenance: the crawl the records come from, and law.md §2.

    Examples:
        >>> record = {"source": {"repo": "a/b", "commit": "0123456789abcdef", "committed": "2026-06-10"}}
        >>> catalog_source([record])
        'dichvucong.gov.vn records crawled by a/b (commit 0123456789ab, 2026-06-10), via procedures_sample.json; statutory times: law.md §2; in force from 2025-07-01 (Decree 118/2025/NĐ-CP, two-tier local government)'
    """
    crawls = sorted(
        {
            f"{source.get('repo')} (commit {str(source.get('commit'))[:12]}, {source.get('committed')})"
            for record in records
            if isinstance(source := record.get("source"), Mapping)
        }
    )
    return (
        f"dichvucong.gov.vn records crawled by {', '.join(crawls) or 'an unknown crawler'}, "
        "via procedures_sample.json; statutory times: law.md §2; in force from "
        f"{VALID_FROM} (Decree 118/2025/NĐ-CP, two-tier local government)"
    )


def build_document(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The catalog document of ``records`` with the statutory facts of :data:`STATUTORY`,
    each procedure in force from :data:`VALID_FROM`.

    Examples:
        >>> record = {
        ...     "code": "1.004837", "name_vi": "Thủ tục đăng ký giám hộ", "field": "Hộ tịch",
        ...     "legal_basis": [{"code": "60/2014/QH13", "title": "Luật 60/2014/QH13"}],
        ... }
        >>> entry = build_document([record])["procedure"][0]
        >>> entry["processing_time"], entry["valid_from"]
        ('03 ngày làm việc', datetime.date(2025, 7, 1))
    """
    document = from_portal_records(
        records, statutory=STATUTORY, name=NAME, source=catalog_source(records)
    )
    for entry in document["procedure"]:
        entry["valid_from"] = VALID_FROM
    return document


def render(records: Sequence[Mapping[str, Any]]) -> str:
    """The text of the catalog file: the header, then the catalog as the library writes it
    (loaded first, so that a document the library would refuse is never written).

    Examples:
        >>> render([])[:27]
        '# GENERATED FILE: do not ed'
    """
    document = build_document(records)
    catalog = loads_catalog(dumps_toml(document), file="<generated catalog>")
    return HEADER + "\n" + dumps_catalog(catalog)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of a ``procedures_sample.json`` file (a JSON array of objects).

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     sample = Path(folder) / "sample.json"
        ...     _ = sample.write_text('[{"code": "1.001193"}]', encoding="utf-8")
        ...     read_records(sample)
        [{'code': '1.001193'}]
    """
    records = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{path}: expected a JSON array of procedure records")
    return records


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check``, verify) the default catalog; the exit status.

    Examples:
        >>> main(["/nonexistent/procedures_sample.json", "--check"])
        2
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sample", nargs="?", type=Path, default=SAMPLE, help="the records (JSON)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the catalog file to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs from what would be written"
    )
    arguments = parser.parse_args(argv)
    sample: Path = arguments.sample
    output: Path = arguments.output
    if not sample.is_file():
        print(
            f"error: {sample} not found; pass the path of procedures_sample.json "
            "(it lives in shared/domain/ beside the repository)",
            file=sys.stderr,
        )
        return 2
    records = read_records(sample)
    text = render(records)
    if arguments.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            print(f"{output} is out of date; run scripts/build_default_catalog.py", file=sys.stderr)
            return 1
        return 0
    output.write_text(text, encoding="utf-8")
    missing = sorted(set(STATUTORY) - {str(record.get("code")) for record in records})
    print(
        f"wrote {output} ({text.count('[[procedure]]')} procedures); statutory facts "
        f"without a record: {', '.join(missing) or 'none'}; skipped law.md rows: "
        f"{', '.join(SKIPPED)}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
