"""DECP 2.0.3: one `marche` per awarded lot, valid against the official schema, whose validator is
shown not to be vacuous (the official example passes, broken entries fail); entries that cannot be
published truthfully are withheld with their reason."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from pacte_opendata.adapters.encoding import json_bytes
from pacte_opendata.adapters.standards import Standards, errors, standards_dir
from pacte_opendata.domain.decp import Withheld, marches, months_between

from .sample_process import PUBLISHER, sample_process


@pytest.fixture(scope="module")
def standards() -> Standards:
    return Standards(standards_dir())


def _published(document: object) -> dict:
    return json.loads(json_bytes(document), parse_float=Decimal)  # type: ignore[no-any-return]


def test_the_official_example_validates_and_broken_copies_do_not(standards: Standards) -> None:
    example = json.loads((standards.root / "decp-2.0.3" / "example-marches.json").read_text(encoding="utf-8"))
    assert errors(standards.decp, example) == []
    for breakage in ({"acheteur": {"id": "123"}}, {"montant": 0}, {"procedure": "Gré à gré"}, {"codeCPV": "805"},
                     {"dateNotification": "15/05/2024"}, {"titulaires": []}, {"unknown": 1}):
        broken = copy.deepcopy(example)
        broken["marches"]["marche"][0].update(breakage)
        assert errors(standards.decp, broken), breakage
    missing = copy.deepcopy(example)
    del missing["marches"]["marche"][0]["offresRecues"]
    assert errors(standards.decp, missing)


def test_every_awarded_lot_is_published_and_valid(standards: Standards) -> None:
    document, withheld = marches([sample_process(closed=True)], PUBLISHER)
    assert withheld == []
    published = _published(document)
    assert errors(standards.decp, published) == []
    entries = {m["id"]: m for m in published["marches"]["marche"]}
    assert set(entries) == {"2019T-Q001", "2019T-Q002"}
    grouping = entries["2019T-Q001"]
    assert grouping["typeGroupementOperateurs"] == "Conjoint"
    assert [t["titulaire"] for t in grouping["titulaires"]] == [
        {"typeIdentifiant": "SIRET", "id": "12345678900001"}, {"typeIdentifiant": "SIRET", "id": "12345678900002"}]
    assert grouping["lieuExecution"] == {"code": "43", "typeCode": "Code département"}
    assert grouping["codeCPV"] == "80530000-8" and grouping["formePrix"] == "Unitaire"
    assert grouping["procedure"] == "Appel d'offres ouvert" and grouping["dureeMois"] == 24
    assert grouping["dateNotification"] == "2019-09-02" and grouping["datePublicationDonnees"] == "2019-09-02"
    assert grouping["montant"] == Decimal("290000.00")
    assert [m["modification"]["montant"] for m in grouping["modifications"]] == [
        Decimal("300000.01"), Decimal("133456.79")]  # a second order, then the first one closed lowered
    assert entries["2019T-Q002"]["typeGroupementOperateurs"] == "Pas de groupement"
    assert "modifications" not in entries["2019T-Q002"]


def test_an_entry_that_cannot_be_published_truthfully_is_withheld_with_its_reason(standards: Standards) -> None:
    document, withheld = marches([sample_process(sirets=False)], PUBLISHER)
    assert document == {"marches": {"marche": []}}
    assert {w.lot_id for w in withheld} == {"L-1", "L-2"}
    assert all("SIRET" in w.reason for w in withheld)
    long_ids = replace(PUBLISHER, decp_id_template="{tender_reference}-{lot_id}-MARCHE")
    _, withheld = marches([sample_process()], long_ids)
    assert withheld and all(isinstance(w, Withheld) and "16" in w.reason for w in withheld)


def test_duration_counts_started_months() -> None:
    assert months_between(date(2019, 9, 2), date(2021, 9, 1)) == 24
    assert months_between(date(2019, 9, 2), date(2021, 9, 2)) == 25
    assert months_between(date(2019, 9, 2), date(2019, 9, 3)) == 1
