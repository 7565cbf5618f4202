"""Twelve-factor settings: every knob is an environment variable (prefix-free for the shared ones).

Secrets have no default. A service refuses to start without the ones it needs (`require_secrets`,
called when it starts) unless the development mode is explicitly on (`PACTE_DEV_MODE=1`): then a
missing secret takes a development value written below, which is public and protects nothing. The
local stack (`pacte infra up`, `make run`) runs in development mode but generates random secrets
per stack (`pacte_cli.secrets`), so even there the development values are not used.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Development values, used only in development mode when the secret is not set.
DEVELOPMENT_SECRETS: dict[str, str] = {
    "auth_secret": "pacte-development-mode-only-auth-secret",
    "pseudonym_secret": "pacte-development-mode-only-pseudonym-secret",
    "person_pseudonym_secret": "pacte-development-mode-only-person-pseudonym-secret",
    "scrape_token": "pacte-development-mode-only-scrape-token",
    "session_secret": "pacte-development-mode-only-session-secret",
    # Ed25519 seed (base64url) of the development signing key of credential events.
    "credentials_signing_key": "cGFjdGUtZGV2ZWxvcG1lbnQtbW9kZS1vbmx5LWtleSE",
}
#: The environment variable of each secret (what an operator sets).
SECRET_VARIABLES: dict[str, str] = {
    "auth_secret": "PACTE_AUTH_SECRET", "pseudonym_secret": "PACTE_PSEUDONYM_SECRET",
    "person_pseudonym_secret": "PACTE_PERSON_PSEUDONYM_SECRET",
    "scrape_token": "PACTE_SCRAPE_TOKEN", "credentials_signing_key": "PACTE_CREDENTIALS_SIGNING_KEY",
    "session_secret": "PACTE_SESSION_SECRET",
    "credentials_verify_keys": "PACTE_CREDENTIALS_VERIFY_KEYS", "kafka_password": "KAFKA_SASL_PASSWORD",
}
#: What every service needs: back-office tokens are verified everywhere, metrics are behind a token.
BASE_SECRETS = ("auth_secret", "scrape_token")


class MissingSecrets(RuntimeError):
    """A secret is not set and the development mode is off: the service does not start."""


class InsecureConfiguration(RuntimeError):
    """A setting that only development may use (a broker without authentication...)."""


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    service_name: str = Field(default="pacte", alias="PACTE_SERVICE")
    database_url: str = Field(default="postgresql://postgres@127.0.0.1:5432/pacte", alias="DATABASE_URL")
    kafka_bootstrap_servers: str = Field(default="127.0.0.1:9092", alias="KAFKA_BOOTSTRAP_SERVERS")
    #: "auto" asks the broker; Tansu answers without idempotent-producer support.
    kafka_idempotent_producer: str = Field(default="auto", alias="KAFKA_IDEMPOTENT_PRODUCER")
    http_host: str = Field(default="127.0.0.1", alias="HTTP_HOST")
    http_port: int = Field(default=8000, alias="HTTP_PORT")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    db_pool_min: int = Field(default=2, alias="DB_POOL_MIN")
    db_pool_max: int = Field(default=10, alias="DB_POOL_MAX")
    #: How long a starting service waits for PostgreSQL and Kafka to be reachable before giving up.
    startup_timeout_s: float = Field(default=60.0, ge=0, alias="STARTUP_TIMEOUT_S")
    #: Records per batch at most (what is there is taken at once: small batches when traffic is light).
    #: Per-batch work (the running accrual of the orders a batch touches, a dozen statements) is spread
    #: over more events when a backlog is consumed: billing 18,000 → 24,000 events/s from 1,000 to 5,000.
    consumer_max_records: int = Field(default=5000, alias="CONSUMER_MAX_RECORDS")
    consumer_batch_timeout_ms: int = Field(default=20, alias="CONSUMER_BATCH_TIMEOUT_MS")
    #: Group members per busy consumer (the specs marked `parallel`) inside one process: while one
    #: member waits for PostgreSQL, another decodes its batch (bench/analysis.md measures it).
    consumer_instances: int = Field(default=2, ge=1, alias="CONSUMER_INSTANCES")
    #: Bytes a busy consumer's member fetches per partition and request. aiokafka asks again for a
    #: partition only once its buffer is empty, one request at a time: at its 1 MiB default (about
    #: 1,700 attendance facts) a member took part-filled batches and waited a round trip to the broker
    #: between them. Billing's facts consumer, 1M facts: 27,500-31,000 events/s at 1 MiB, 38,700 at 2,
    #: 44,700-47,700 at 4 (peak RSS 228 → 290-296 MiB), 49,700 at 8 (342 MiB). Busy consumers only
    #: (the specs marked `parallel`); the others keep aiokafka's default.
    consumer_partition_fetch_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024,
                                                alias="CONSUMER_PARTITION_FETCH_BYTES")
    #: How long the broker waits for a silent consumer (a killed process) before giving its
    #: partitions to the group's other members or to its restarted self.
    consumer_session_timeout_ms: int = Field(default=30_000, alias="CONSUMER_SESSION_TIMEOUT_MS")
    #: Failed attempts after which a message goes to its topic's dead-letter topic.
    dlq_max_attempts: int = Field(default=3, alias="DLQ_MAX_ATTEMPTS")
    outbox_batch_size: int = Field(default=1000, alias="OUTBOX_BATCH_SIZE")
    outbox_poll_interval_s: float = Field(default=0.5, alias="OUTBOX_POLL_INTERVAL_S")
    #: Explicit development mode: development values for missing secrets, development users in the
    #: web application, cookies without `Secure`, a broker without authentication (Tansu) accepted.
    dev_mode: bool = Field(default=False, alias="PACTE_DEV_MODE")
    #: Secret that signs back-office tokens (HMAC-SHA256); every service verifies with it.
    auth_secret: str = Field(default="", alias="PACTE_AUTH_SECRET", repr=False)
    #: Keyed pseudonyms of trainees (HMAC-SHA256), versioned so the key can rotate.
    pseudonym_secret: str = Field(default="", alias="PACTE_PSEUDONYM_SECRET", repr=False)
    pseudonym_key_version: int = Field(default=1, alias="PACTE_PSEUDONYM_KEY_VERSION")
    #: The region-wide person pseudonym (a job seeker's `person_ref` across organisations): its own
    #: secret and key version, never the trainees' (docs/privacy.md).
    person_pseudonym_secret: str = Field(default="", alias="PACTE_PERSON_PSEUDONYM_SECRET",
                                         repr=False)
    person_pseudonym_key_version: int = Field(default=1, alias="PACTE_PERSON_PSEUDONYM_KEY_VERSION")
    #: Bearer token that `/metrics` and `/internal/*` require (Prometheus' `authorization` credentials).
    scrape_token: str = Field(default="", alias="PACTE_SCRAPE_TOKEN", repr=False)
    #: Ed25519 private key (32-byte seed, base64url) with which attendance signs credential events.
    credentials_signing_key: str = Field(default="", alias="PACTE_CREDENTIALS_SIGNING_KEY", repr=False)
    #: Ed25519 public keys (base64url, comma separated: several during a rotation) that verify them.
    credentials_verify_keys: str = Field(default="", alias="PACTE_CREDENTIALS_VERIFY_KEYS")
    #: Kafka authentication (SASL/SCRAM): this service's principal. Empty: no authentication, which
    #: only the development mode accepts (the Tansu broker has no SASL).
    kafka_username: str = Field(default="", alias="KAFKA_SASL_USERNAME")
    kafka_password: str = Field(default="", alias="KAFKA_SASL_PASSWORD", repr=False)
    kafka_sasl_mechanism: str = Field(default="SCRAM-SHA-512", alias="KAFKA_SASL_MECHANISM")
    #: TLS to the broker (SASL_SSL) with this CA bundle; empty: SASL over plain TCP (a private network).
    kafka_ssl_cafile: str = Field(default="", alias="KAFKA_SSL_CAFILE")
    #: Test hook: relays shuffle each batch and publish every event twice, so consumers are proven
    #: independent of delivery order and duplicates (SCENARIO.md). Never set in production.
    chaos_reorder_duplicate: bool = Field(default=False, alias="PACTE_CHAOS_REORDER_DUPLICATE")
    #: Test hook: the relay waits this long before publishing each batch, so its outbox fills up as a
    #: slow or stalled relay's would (the closing tests: a marker must still follow every row before
    #: it). 0, the default, is off. Never set in production.
    chaos_relay_delay_ms: int = Field(default=0, ge=0, alias="PACTE_CHAOS_RELAY_DELAY_MS")
    #: Largest HTTP body accepted, in bytes.
    max_body_bytes: int = Field(default=20 * 1024 * 1024, alias="MAX_BODY_BYTES")

    @model_validator(mode="after")
    def _development_values(self) -> PlatformSettings:
        if self.dev_mode:
            for name, value in DEVELOPMENT_SECRETS.items():
                if name in type(self).model_fields and not getattr(self, name):
                    object.__setattr__(self, name, value)
        return self

    def require_secrets(self, *names: str) -> None:
        """Raises `MissingSecrets` naming every missing one (development values fill them in that mode)."""
        missing = [SECRET_VARIABLES.get(name, name.upper()) for name in (*BASE_SECRETS, *names)
                   if not getattr(self, name)]
        if missing:
            raise MissingSecrets(f"{', '.join(missing)} must be set (or PACTE_DEV_MODE=1 on a development "
                                 "machine): the service does not start without them")

    def require_kafka_authentication(self) -> None:
        if not self.kafka_username and not self.dev_mode:
            raise InsecureConfiguration("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set: outside the "
                                        "development mode the broker is reached with authentication only")

    def kafka_options(self) -> dict[str, Any]:
        """aiokafka's connection options for this service's principal (none without one)."""
        if not self.kafka_username:
            return {}
        options: dict[str, Any] = {"security_protocol": "SASL_SSL" if self.kafka_ssl_cafile else "SASL_PLAINTEXT",
                                   "sasl_mechanism": self.kafka_sasl_mechanism,
                                   "sasl_plain_username": self.kafka_username,
                                   "sasl_plain_password": self.kafka_password}
        if self.kafka_ssl_cafile:
            from aiokafka.helpers import create_ssl_context

            options["ssl_context"] = create_ssl_context(cafile=self.kafka_ssl_cafile)
        return options
