"""The webhooks service's settings: the platform's, plus where deliveries may go and how they retry."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pacte_platform.settings import PlatformSettings


class WebhooksSettings(PlatformSettings):
    http_port: int = Field(default=8007, alias="HTTP_PORT")
    consumer_group_prefix: str = Field(default="webhooks", alias="WEBHOOKS_CONSUMER_GROUP_PREFIX")
    #: Where endpoints may point (SSRF): `public` (production) takes only https URLs whose every address
    #: is public; `loopback` (development and tests) only URLs whose every address is loopback.
    url_policy: Literal["public", "loopback"] = Field(default="public", alias="WEBHOOKS_URL_POLICY")
    #: AES-256-GCM key of the endpoints' secrets, 32 bytes in base64url. Unset: derived from
    #: PACTE_AUTH_SECRET (development only; a warning says so).
    secrets_key: str | None = Field(default=None, alias="WEBHOOKS_SECRETS_KEY")
    #: Exponential backoff: the first retry after `retry_base_s`, doubling up to `retry_max_delay_s`,
    #: for `retry_horizon_s` after the delivery was created (or replayed), then `failed`.
    retry_base_s: float = Field(default=5.0, gt=0, alias="WEBHOOKS_RETRY_BASE_S")
    retry_max_delay_s: float = Field(default=3600.0, gt=0, alias="WEBHOOKS_RETRY_MAX_DELAY_S")
    retry_horizon_s: float = Field(default=86_400.0, gt=0, alias="WEBHOOKS_RETRY_HORIZON_S")
    #: A receiver has this long to answer; a slower one is a failed attempt.
    delivery_timeout_s: float = Field(default=10.0, gt=0, alias="WEBHOOKS_DELIVERY_TIMEOUT_S")
    #: Deliveries in flight at once in this process, and to one endpoint at once: a slow or dead
    #: receiver holds at most `per_endpoint_concurrency` of the `concurrency` slots.
    concurrency: int = Field(default=64, ge=1, alias="WEBHOOKS_CONCURRENCY")
    per_endpoint_concurrency: int = Field(default=4, ge=1, alias="WEBHOOKS_PER_ENDPOINT_CONCURRENCY")
    #: How often the worker looks for due retries when no new delivery wakes it.
    poll_interval_s: float = Field(default=1.0, gt=0, alias="WEBHOOKS_POLL_INTERVAL_S")


def webhooks_settings(settings: PlatformSettings | None) -> WebhooksSettings:
    if settings is None:
        return WebhooksSettings()
    if isinstance(settings, WebhooksSettings):
        return settings
    # Init values win over the environment, which still supplies the webhooks' fields.
    return WebhooksSettings(**settings.model_dump(by_alias=True))
