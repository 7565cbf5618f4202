"""OCDS releases, package and records of a process validate against OCDS 1.1.5 (format checks on)
and say what happened: one award per awarded lot with every member, one contract per order, a
transaction per paid invoice, an unsuccessful lot, exact euro amounts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pacte_opendata.adapters.encoding import json_bytes
from pacte_opendata.adapters.standards import Standards, errors, published_errors, standards_dir
from pacte_opendata.domain.model import Organisation
from pacte_opendata.domain.ocds import releases
from pacte_opendata.domain.records import compiled_release, merge, record_package, release_package

from .sample_process import PUBLISHER, T0, at, sample_process


@pytest.fixture(scope="module")
def standards() -> Standards:
    return Standards(standards_dir())


def _published(document: object) -> dict:  # the bytes as served, read back
    return json.loads(json_bytes(document), parse_float=Decimal)  # type: ignore[no-any-return]


def test_every_release_the_package_and_the_records_validate(standards: Standards) -> None:
    found = releases(sample_process(closed=True), PUBLISHER)
    files = {"ocds/release-package.json": json_bytes(release_package(found, PUBLISHER, at(600))),
             "ocds/record-package.json": json_bytes(record_package(found, PUBLISHER, at(600)))}
    problems = {name: e for name, e in published_errors(standards, files).items() if e}
    assert problems == {}
    assert len(published_errors(standards, files)) == 1 + len(found) + 1


def test_releases_tell_the_process(standards: Standards) -> None:
    found = {r["id"]: r for r in releases(sample_process(), PUBLISHER)}
    ocid = "ocds-a1b2c3-T-Q"
    assert {r["ocid"] for r in found.values()} == {ocid}
    tags = sorted(t for r in found.values() for t in r["tag"])
    assert tags.count("award") == 3 and tags.count("contract") == 3 and tags.count("implementation") == 2
    award = found[f"{ocid}-award-L-1"]["awards"][0]
    assert [s["id"] for s in award["suppliers"]] == ["OF-1", "OF-2"] and award["relatedLots"] == ["L-1"]
    parties = {p["id"]: p for p in found[f"{ocid}-award-L-1"]["parties"]}
    assert parties["OF-2"]["identifier"] == {"scheme": "FR-RCS", "id": "12345678900002", "legalName": "Organisme OF-2"}
    assert parties["OF-1"]["roles"] == ["supplier"]
    unsuccessful = found[f"{ocid}-unsuccessful-L-3"]
    assert unsuccessful["tender"]["lots"] == [{"id": "L-3", "status": "unsuccessful"}]
    contract = _published(found[f"{ocid}-contract-BC-2"])["contracts"][0]
    assert contract["value"] == {"amount": Decimal("10000.01"), "currency": "EUR"} and contract["awardID"] == "L-1"
    payment = _published(found[f"{ocid}-payment-INV-BC-3-2019-09-v2"])
    transaction = payment["contracts"][0]["implementation"]["transactions"][0]
    assert transaction["value"]["amount"] == Decimal("-10.50")
    assert transaction["payee"] == {"id": "OF-3", "name": "Organisme OF-3"}
    assert payment["parties"][0]["roles"] == ["supplier", "payee"]
    assert b'"amount":12345.67' in json_bytes(found[f"{ocid}-payment-INV-BC-1-2019-09-v1"])


def test_a_closed_order_is_a_contract_amendment_with_its_lowered_amount(standards: Standards) -> None:
    found = {r["id"]: r for r in releases(sample_process(closed=True), PUBLISHER)}
    closure = found["ocds-a1b2c3-T-Q-contract-BC-1-closed"]
    assert closure["tag"] == ["contractAmendment"]
    assert closure["contracts"][0]["value"]["amount"] == Decimal("123456.78")
    assert errors(standards.release, _published(closure)) == []


def test_the_compiled_record_merges_lots_awards_and_transactions(standards: Standards) -> None:
    found = releases(sample_process(closed=True), PUBLISHER)
    compiled = _published(compiled_release("ocds-a1b2c3-T-Q", found))
    assert compiled["tag"] == ["compiled"]
    assert {lot["id"]: lot["status"] for lot in compiled["tender"]["lots"]} == {
        "L-1": "active", "L-2": "active", "L-3": "unsuccessful"}
    contracts = {c["id"]: c for c in compiled["contracts"]}
    assert contracts["BC-1"]["status"] == "terminated" and contracts["BC-1"]["value"]["amount"] == Decimal("123456.78")
    assert contracts["BC-1"]["implementation"]["transactions"][0]["id"] == "INV-BC-1-2019-09-v1"
    assert {p["id"] for p in compiled["parties"]} == {"13000000000001", "OF-1", "OF-2", "OF-3"}
    assert errors(standards.release, compiled) == []


def test_a_siret_registered_after_the_award_is_an_award_update() -> None:
    process = sample_process(sirets=False)
    later = Organisation("OF-3", "Organisme OF-3 SA", "98765432100017", at(300))
    process.registrations["OF-3"] = (*process.registrations["OF-3"], later)
    found = {r["id"]: r for r in releases(process, PUBLISHER)}
    award_party = found["ocds-a1b2c3-T-Q-award-L-2"]["parties"][0]
    assert "identifier" not in award_party  # as registered when awarded: releases are never rewritten
    update = next(r for r in found.values() if r["id"].startswith("ocds-a1b2c3-T-Q-party-OF-3-"))
    assert update["tag"] == ["awardUpdate"] and update["parties"][0]["identifier"]["id"] == "98765432100017"
    compiled = compiled_release("ocds-a1b2c3-T-Q", list(found.values()))
    assert {p["id"]: p.get("identifier", {}).get("id") for p in compiled["parties"]}["OF-3"] == "98765432100017"


def test_merge_follows_the_ocds_rules() -> None:
    earlier = {"tag": ["tender"], "tender": {"id": "T", "lots": [{"id": "A", "status": "active", "title": "a"}]},
               "parties": [{"id": "P", "roles": ["supplier"]}]}
    later = {"tag": ["tenderUpdate"], "tender": {"lots": [{"id": "A", "status": "unsuccessful"}, {"id": "B"}]},
             "parties": [{"id": "P", "roles": ["payee"]}]}
    merged = merge(earlier, later)
    assert merged["tender"]["lots"] == [{"id": "A", "status": "unsuccessful", "title": "a"}, {"id": "B"}]
    assert merged["parties"] == [{"id": "P", "roles": ["payee"]}]  # plain arrays are replaced
    assert merged["tag"] == ["tender"]
    assert T0.tzinfo is not None
