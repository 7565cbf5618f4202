"""Billing's settings: the platform's, the consumer-group prefix used to rebuild, the buyer's identity
that self-billed invoices carry, and how accounting exports write decimals."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from pacte_billing.domain.parties import Address, Party
from pacte_contracts.rules import siret_is_valid, vat_number_is_valid
from pacte_platform.settings import PlatformSettings

#: Development values, obviously not real: a production deployment sets its own (a warning says so).
DEVELOPMENT_BUYER_SIRET = "00000000000000"


class BillingSettings(PlatformSettings):
    #: Consumer groups are named `<prefix>-<role>`. A new prefix with an empty database replays
    #: every topic from the start: that is how billing's state is rebuilt.
    consumer_group_prefix: str = Field(default="billing", alias="BILLING_CONSUMER_GROUP_PREFIX")
    #: docs/architecture.md gives billing port 8003.
    http_port: int = Field(default=8003, alias="HTTP_PORT")
    #: The public buyer, who issues the self-billed invoices (their BuyerTradeParty).
    buyer_name: str = Field(default="Acheteur public du pacte (environnement de développement)",
                            alias="BILLING_BUYER_NAME")
    buyer_siret: str = Field(default=DEVELOPMENT_BUYER_SIRET, alias="BILLING_BUYER_SIRET")
    buyer_address_line_one: str = Field(default="1 place de l'Acheteur", alias="BILLING_BUYER_ADDRESS_LINE_ONE")
    buyer_address_line_two: str | None = Field(default=None, alias="BILLING_BUYER_ADDRESS_LINE_TWO")
    buyer_postcode: str = Field(default="69000", pattern=r"^[0-9]{5}$", alias="BILLING_BUYER_POSTCODE")
    buyer_city: str = Field(default="Lyon", alias="BILLING_BUYER_CITY")
    buyer_vat_number: str | None = Field(default=None, alias="BILLING_BUYER_VAT_NUMBER")
    #: Accounting exports' decimal separator unless the request says otherwise: "," as French
    #: spreadsheets read it, "." for software that wants it.
    export_decimal_separator: Literal[",", "."] = Field(default=",", alias="BILLING_EXPORT_DECIMAL_SEPARATOR")
    #: Documents rendered at once (WeasyPrint is CPU-bound: one per core at most).
    document_renderers: int = Field(default=1, ge=1, alias="BILLING_DOCUMENT_RENDERERS")

    @field_validator("buyer_siret")
    @classmethod
    def _siret(cls, value: str) -> str:
        if not siret_is_valid(value):
            raise ValueError("BILLING_BUYER_SIRET must be 14 digits with a valid Luhn key")
        return value

    @field_validator("buyer_vat_number")
    @classmethod
    def _vat_number(cls, value: str | None) -> str | None:
        if value is not None and not vat_number_is_valid(value):
            raise ValueError("BILLING_BUYER_VAT_NUMBER must be FR, its 2-digit key and the SIREN")
        return value

    def buyer(self) -> Party:
        return Party(self.buyer_name, self.buyer_siret, Address(self.buyer_address_line_one,
                                                                self.buyer_address_line_two, self.buyer_postcode,
                                                                self.buyer_city), None, self.buyer_vat_number)

    @property
    def development_buyer(self) -> bool:
        return self.buyer_siret == DEVELOPMENT_BUYER_SIRET


def billing_settings(settings: PlatformSettings | None) -> BillingSettings:
    if settings is None:
        return BillingSettings()
    if isinstance(settings, BillingSettings):
        return settings
    # Init values win over the environment, which still supplies the billing-only fields.
    return BillingSettings(**settings.model_dump(by_alias=True))
