"""Billing's settings: the platform's, plus the consumer-group prefix used to rebuild."""

from __future__ import annotations

from pydantic import Field

from pacte_platform.settings import PlatformSettings


class BillingSettings(PlatformSettings):
    #: Consumer groups are named `<prefix>-<role>`. A new prefix with an empty database replays
    #: every topic from the start: that is how billing's state is rebuilt.
    consumer_group_prefix: str = Field(default="billing", alias="BILLING_CONSUMER_GROUP_PREFIX")
    #: docs/architecture.md gives billing port 8003.
    http_port: int = Field(default=8003, alias="HTTP_PORT")


def billing_settings(settings: PlatformSettings | None) -> BillingSettings:
    if settings is None:
        return BillingSettings()
    if isinstance(settings, BillingSettings):
        return settings
    # Init values win over the environment, which still supplies the billing-only fields.
    return BillingSettings(**settings.model_dump(by_alias=True))
