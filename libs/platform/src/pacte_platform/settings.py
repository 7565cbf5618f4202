"""Twelve-factor settings: every knob is an environment variable (prefix-free for the shared ones)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    #: Records per batch at most (what is there is taken at once: small batches when traffic is light).
    #: Per-batch work (the running accrual of the orders a batch touches, a dozen statements) is spread
    #: over more events when a backlog is consumed: billing 18,000 → 24,000 events/s from 1,000 to 5,000.
    consumer_max_records: int = Field(default=5000, alias="CONSUMER_MAX_RECORDS")
    consumer_batch_timeout_ms: int = Field(default=20, alias="CONSUMER_BATCH_TIMEOUT_MS")
    #: Group members per busy consumer (the specs marked `parallel`) inside one process: while one
    #: member waits for PostgreSQL, another decodes its batch (bench/analysis.md measures it).
    consumer_instances: int = Field(default=2, ge=1, alias="CONSUMER_INSTANCES")
    #: How long the broker waits for a silent consumer (a killed process) before giving its
    #: partitions to the group's other members or to its restarted self.
    consumer_session_timeout_ms: int = Field(default=30_000, alias="CONSUMER_SESSION_TIMEOUT_MS")
    #: Failed attempts after which a message goes to its topic's dead-letter topic.
    dlq_max_attempts: int = Field(default=3, alias="DLQ_MAX_ATTEMPTS")
    outbox_batch_size: int = Field(default=1000, alias="OUTBOX_BATCH_SIZE")
    outbox_poll_interval_s: float = Field(default=0.5, alias="OUTBOX_POLL_INTERVAL_S")
    #: Secret that signs back-office tokens (HMAC-SHA256); every service verifies with it.
    auth_secret: str = Field(default="pacte-local-development-secret-change-me", alias="PACTE_AUTH_SECRET")
    #: Keyed pseudonyms of trainees (HMAC-SHA256), versioned so the key can rotate.
    pseudonym_secret: str = Field(default="pacte-local-pseudonym-secret-change-me", alias="PACTE_PSEUDONYM_SECRET")
    pseudonym_key_version: int = Field(default=1, alias="PACTE_PSEUDONYM_KEY_VERSION")
    #: Test hook: relays shuffle each batch and publish every event twice, so consumers are proven
    #: independent of delivery order and duplicates (SCENARIO.md). Never set in production.
    chaos_reorder_duplicate: bool = Field(default=False, alias="PACTE_CHAOS_REORDER_DUPLICATE")
    #: Test hook: the relay waits this long before publishing each batch, so its outbox fills up as a
    #: slow or stalled relay's would (the closing tests: a marker must still follow every row before
    #: it). 0, the default, is off. Never set in production.
    chaos_relay_delay_ms: int = Field(default=0, ge=0, alias="PACTE_CHAOS_RELAY_DELAY_MS")
    #: Largest HTTP body accepted, in bytes.
    max_body_bytes: int = Field(default=20 * 1024 * 1024, alias="MAX_BODY_BYTES")
