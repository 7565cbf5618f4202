"""The open-data service's settings: the platform's, plus who publishes and how identifiers are made."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pacte_opendata.domain.publisher import Publisher
from pacte_platform.settings import PlatformSettings

#: Development values, obviously not real: a production deployment sets its own (a warning says so).
DEVELOPMENT_BUYER_SIRET = "00000000000000"
DEVELOPMENT_OCID_PREFIX = "ocds-000000"


class OpenDataSettings(PlatformSettings):
    #: Consumer groups are named `<prefix>-<role>`; a new prefix with an empty schema replays every
    #: topic from the start and rebuilds the publication.
    consumer_group_prefix: str = Field(default="opendata", alias="OPENDATA_CONSUMER_GROUP_PREFIX")
    http_port: int = Field(default=8006, alias="HTTP_PORT")
    buyer_name: str = Field(default="Acheteur public du pacte (environnement de développement)",
                            alias="OPENDATA_BUYER_NAME")
    buyer_siret: str = Field(default=DEVELOPMENT_BUYER_SIRET, pattern=r"^\d{14}$", alias="OPENDATA_BUYER_SIRET")
    #: The prefix the Open Contracting Partnership registered for the buyer: "ocds-" and 6 characters.
    ocid_prefix: str = Field(default=DEVELOPMENT_OCID_PREFIX, pattern=r"^ocds-[a-z0-9]{6}$",
                             alias="OPENDATA_OCID_PREFIX")
    #: The buyer's contract numbering (DECP `id`, 16 characters at most); fields {year}, {tender_id},
    #: {tender_reference}, {lot_id}, {lot_number}.
    decp_id_template: str = Field(default="{year}{tender_id}{lot_number:03d}", alias="OPENDATA_DECP_ID_TEMPLATE")
    #: How the buyer's groupings are formed (DECP `typeGroupementOperateurs` when a lot has several members).
    grouping_type: Literal["Conjoint", "Solidaire"] = Field(default="Conjoint", alias="OPENDATA_GROUPING_TYPE")
    #: The public address of this service (links inside the published files); HTTP_HOST:HTTP_PORT when unset.
    base_url: str | None = Field(default=None, alias="OPENDATA_BASE_URL")

    def publisher(self) -> Publisher:
        base = self.base_url or f"http://{self.http_host}:{self.http_port}"
        return Publisher(buyer_name=self.buyer_name, buyer_siret=self.buyer_siret, ocid_prefix=self.ocid_prefix,
                         decp_id_template=self.decp_id_template, grouping_type=self.grouping_type,
                         base_url=base.rstrip("/"))

    @property
    def development_identity(self) -> bool:
        return self.buyer_siret == DEVELOPMENT_BUYER_SIRET or self.ocid_prefix == DEVELOPMENT_OCID_PREFIX


def opendata_settings(settings: PlatformSettings | None) -> OpenDataSettings:
    if settings is None:
        return OpenDataSettings()
    if isinstance(settings, OpenDataSettings):
        return settings
    # Init values win over the environment, which still supplies the open-data fields.
    return OpenDataSettings(**settings.model_dump(by_alias=True))
