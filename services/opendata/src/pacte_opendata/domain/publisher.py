"""Who publishes and under which terms: the buyer and the publication's settings (pure data)."""

from __future__ import annotations

from dataclasses import dataclass

#: Licence Ouverte / Open Licence 2.0 (Etalab), the licence of French public-sector open data.
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
#: CPV 80530000-8 "Services de formation professionnelle": vocational training of job seekers (a
#: narrower code of 80500000-9 "Services de formation").
TRAINING_CPV = "80530000-8"
TRAINING_CPV_LABEL = "Services de formation professionnelle"


@dataclass(frozen=True, slots=True)
class Publisher:
    buyer_name: str
    buyer_siret: str
    #: the OCDS prefix registered with the Open Contracting Partnership ("ocds-" and 6 characters)
    ocid_prefix: str
    #: DECP contract identifier, at most 16 characters once formatted; fields: year, tender_id,
    #: tender_reference, lot_id, lot_number
    decp_id_template: str
    #: "Conjoint" or "Solidaire": how the buyer's groupings of organisations are formed
    grouping_type: str
    #: where the publication is served (package URIs, publication policy)
    base_url: str
    cpv: str = TRAINING_CPV

    def ocid(self, tender_id: str) -> str:
        return f"{self.ocid_prefix}-{tender_id}"
