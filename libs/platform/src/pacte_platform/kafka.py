"""Kafka plumbing: producer factory (idempotent when the broker supports it), topics, lag."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

REPO_ROOT = Path(__file__).resolve().parents[4]
TOPICS_FILE = REPO_ROOT / "deploy" / "topics.yaml"


async def broker_supports_idempotence(bootstrap: str, **security: Any) -> bool:
    """Tansu answers InitProducerId with an error; Apache Kafka 4 supports it."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, request_timeout_ms=5000,
                                **security)
    try:
        await asyncio.wait_for(producer.start(), 10)
        await asyncio.wait_for(producer.send_and_wait("platform.probe.v1", b"", partition=0), 5)
    except Exception:
        return False
    finally:
        try:
            await asyncio.wait_for(producer.stop(), 5)
        except Exception:  # noqa: S110 - a failed probe may leave a half-started producer
            pass
    return True


async def create_producer(bootstrap: str, *, idempotent: bool, **security: Any) -> AIOKafkaProducer:
    """`security`: the principal's SASL options (`PlatformSettings.kafka_options()`)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        **security,
        enable_idempotence=idempotent,
        acks="all",
        linger_ms=2,
        max_batch_size=512 * 1024,
        max_request_size=8 * 1024 * 1024,
        request_timeout_ms=30000,
        compression_type=None,
    )
    await producer.start()
    return producer


def broker_security(options: dict[str, Any]) -> BaseSecurity | None:
    """FastStream's form of the SASL options of `PlatformSettings.kafka_options()`."""
    if not options:
        return None
    scram = SASLScram512 if options["sasl_mechanism"] == "SCRAM-SHA-512" else SASLScram256
    return scram(options["sasl_plain_username"], options["sasl_plain_password"],
                 ssl_context=options.get("ssl_context"), use_ssl=options["security_protocol"] == "SASL_SSL")


def declared_topics(path: Path = TOPICS_FILE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text())
    topics: list[dict[str, Any]] = []
    for entry in data["topics"]:
        topics.append(entry)
        if entry.get("dlq", True):
            twin = {"name": f"{entry['name']}.dlq", "partitions": 1, "retention_ms": data.get("dlq_retention_ms", -1)}
            if "max_message_bytes" in entry:  # a message too large for the broker's default dead-letters as is
                twin["max_message_bytes"] = entry["max_message_bytes"]
            topics.append(twin)
    return topics


def _topic_configs(topic: dict[str, Any]) -> dict[str, str]:
    configs = {"retention.ms": str(topic.get("retention_ms", -1))}
    if "max_message_bytes" in topic:
        # Above the broker's 1 MiB default, for topics whose events grow with the programme.
        configs["max.message.bytes"] = str(topic["max_message_bytes"])
    if "cleanup_policy" in topic:
        # "compact": a topic of whole snapshots under one key, of which only the newest matters.
        configs["cleanup.policy"] = str(topic["cleanup_policy"])
    return configs


async def ensure_topics(bootstrap: str, path: Path = TOPICS_FILE, **security: Any) -> list[str]:
    """Creates the declared topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000, **security)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in declared_topics(path) if t["name"] not in existing]
        if wanted:
            await admin.create_topics([
                NewTopic(
                    name=t["name"], num_partitions=int(t["partitions"]), replication_factor=1,
                    topic_configs=_topic_configs(t),
                )
                for t in wanted
            ])
        return [t["name"] for t in wanted]
    finally:
        await admin.close()


class LagProbe:
    """Measures consumer groups' lag: end offsets minus committed offsets, over their topics.

    Committed offsets are read through a non-member consumer of each group (OffsetFetch), which both
    Apache Kafka and Tansu answer; clients are kept between calls because quiet checks are frequent.
    """

    def __init__(self, bootstrap: str, **security: Any) -> None:
        self.bootstrap = bootstrap
        self.security = security
        self._ends: AIOKafkaConsumer | None = None
        self._groups: dict[str, AIOKafkaConsumer] = {}

    async def _client(self, group: str | None) -> AIOKafkaConsumer:
        if group is None:
            if self._ends is None:
                self._ends = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False,
                                              **self.security)
                await self._ends.start()
            return self._ends
        if group not in self._groups:
            consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, group_id=group, enable_auto_commit=False,
                                        **self.security)
            await consumer.start()
            self._groups[group] = consumer
        return self._groups[group]

    async def partitions(self, topics: list[str]) -> list[TopicPartition]:
        ends = await self._client(None)
        result = []
        for topic in topics:
            parts = ends.partitions_for_topic(topic)
            if not parts:
                await ends._client.force_metadata_update()
                parts = ends.partitions_for_topic(topic) or set()
            result += [TopicPartition(topic, p) for p in sorted(parts)]
        return result

    async def lag(self, groups: dict[str, list[str]]) -> dict[str, int]:
        """One ListOffsets for every partition, then one OffsetFetch per group, the groups at once
        (a quiet check looks at some twenty groups: a round trip per partition cost 0.3 s a look)."""
        ends_client = await self._client(None)
        by_group = {group: await self.partitions(topics) for group, topics in groups.items()}
        wanted = sorted({tp for partitions in by_group.values() for tp in partitions})
        ends = await ends_client.end_offsets(wanted) if wanted else {}

        async def group_lag(group: str, partitions: list[TopicPartition]) -> int:
            if not partitions:
                return 0
            member = await self._client(group)
            # What `committed()` asks for one partition, asked for all of them in one request.
            committed = await member._coordinator.fetch_committed_offsets(partitions)
            done = {tp: meta.offset for tp, meta in committed.items()}
            return sum(max(0, ends[tp] - max(done.get(tp, 0), 0)) for tp in partitions)

        totals = await asyncio.gather(*(group_lag(g, parts) for g, parts in by_group.items()))
        return dict(zip(by_group, totals, strict=True))

    async def close(self) -> None:
        for consumer in [*self._groups.values(), *([self._ends] if self._ends else [])]:
            try:
                await consumer.stop()
            except Exception:  # noqa: S110 - closing best effort
                pass
        self._groups.clear()
        self._ends = None


async def consumer_lag(bootstrap: str, groups: dict[str, list[str]], **security: Any) -> dict[str, int]:
    """Messages not yet committed per consumer group, over all partitions of its topics."""
    probe = LagProbe(bootstrap, **security)
    try:
        return await probe.lag(groups)
    finally:
        await probe.close()
