"""Kafka authentication and ACLs over a real Apache Kafka (KRaft authorizer), as `pacte infra up` and
docker-compose.yml configure it: one SCRAM principal per service, which may write only its own topics
(and the dead-letter twins of what it reads) and read only its inputs; anonymous clients are refused."""

from __future__ import annotations

import asyncio
import importlib
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import GroupAuthorizationFailedError, KafkaConnectionError, TopicAuthorizationFailedError

from pacte_platform import kafka_acls
from pacte_platform.infra.kafka import BrokerProcess, apache_kafka_available, sasl_options
from pacte_platform.infra.net import free_port
from pacte_platform.kafka import ensure_topics

USERS = {name: secrets.token_urlsafe(24) for name in ("admin", *kafka_acls.SERVICES)}


def test_every_consumer_reads_only_what_its_principal_may_read() -> None:
    """The ACLs come from deploy/topics.yaml; the consumers from the code: they must agree."""
    for service in kafka_acls.SERVICES:
        runtime = importlib.import_module(f"pacte_{service}.entrypoints.app").build_runtime()
        for spec in runtime.consumers:
            assert spec.name.startswith(service), f"{spec.name}: consumer groups are named after the service"
            missing = set(spec.topics) - kafka_acls.readable_topics(service)
            assert not missing, f"{service} consumes {missing}: add it to their readers in deploy/topics.yaml"


def test_only_the_service_a_topic_is_named_after_writes_it() -> None:
    writers: dict[str, list[str]] = {}
    for service in kafka_acls.SERVICES:
        for topic in kafka_acls.writable_topics(service):
            writers.setdefault(topic, []).append(service)
    for topic, services in writers.items():
        if not topic.endswith(".dlq") and topic != kafka_acls.PROBE_TOPIC:
            assert services == [topic.split(".")[0]], (topic, services)


@pytest.fixture(scope="module")
def broker() -> Iterator[BrokerProcess]:
    if not apache_kafka_available():
        pytest.skip("Apache Kafka (Java and its jars) is needed: Tansu has no SASL")
    root = Path(tempfile.mkdtemp(prefix="pacte-test-acls-"))
    running = BrokerProcess("apache", free_port(), root / "apache", users=USERS)
    running.start()
    try:
        asyncio.run(ensure_topics(running.bootstrap, **running.client_options()))
        asyncio.run(kafka_acls.grant(running.bootstrap, **running.client_options()))
        yield running
    finally:
        running.stop()
        shutil.rmtree(root, ignore_errors=True)


async def _produce(bootstrap: str, topic: str, **security: Any) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, request_timeout_ms=10000,
                                **security)
    await asyncio.wait_for(producer.start(), 20)
    try:
        await asyncio.wait_for(producer.send_and_wait(topic, b"{}", key=b"k"), 20)
    finally:
        await producer.stop()


async def _consume(bootstrap: str, topic: str, group: str, **security: Any) -> None:
    """Reads the topic's first partition and commits an offset for the group."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                                request_timeout_ms=5000, **security)
    await asyncio.wait_for(consumer.start(), 20)
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        await consumer.getmany(partition, timeout_ms=2000)
        await consumer.commit({partition: 0})
    finally:
        await consumer.stop()


def as_service(service: str) -> dict[str, Any]:
    return sasl_options(service, USERS[service])


def test_a_service_writes_its_own_topics_and_the_dead_letters_of_its_inputs(broker: BrokerProcess) -> None:
    asyncio.run(_produce(broker.bootstrap, "billing.invoice.v1", **as_service("billing")))
    asyncio.run(_produce(broker.bootstrap, "attendance.session.v1.dlq", **as_service("billing")))
    asyncio.run(_produce(broker.bootstrap, "attendance.credential.v1", **as_service("attendance")))


@pytest.mark.parametrize(("service", "topic"), [
    ("billing", "procurement.tender.v1"), ("billing", "attendance.credential.v1"),
    ("procurement", "billing.invoice.v1"), ("indicators", "attendance.session.v1"),
    ("opendata", "procurement.organisation.v1"), ("improvement", "procurement.tender.v1.dlq"),
])
def test_a_service_cannot_produce_to_another_services_topic(broker: BrokerProcess, service: str, topic: str) -> None:
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_produce(broker.bootstrap, topic, **as_service(service)))


def test_a_service_reads_its_inputs_only(broker: BrokerProcess) -> None:
    asyncio.run(_consume(broker.bootstrap, "attendance.session.v1", "billing-acl-test", **as_service("billing")))
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_consume(broker.bootstrap, "attendance.credential.v1", "indicators-acl-test",
                             **as_service("indicators")))
    # Webhooks reads the warnings (no trainee in them), never the facts they are judged on.
    asyncio.run(_consume(broker.bootstrap, "attendance.warning.v1", "webhooks-acl-test", **as_service("webhooks")))
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_consume(broker.bootstrap, "attendance.session.v1", "webhooks-acl-facts",
                             **as_service("webhooks")))
    with pytest.raises(GroupAuthorizationFailedError):  # another service's consumer group
        asyncio.run(_consume(broker.bootstrap, "attendance.session.v1", "indicators-facts", **as_service("billing")))


def test_anonymous_clients_and_wrong_passwords_are_refused(broker: BrokerProcess) -> None:
    with pytest.raises(KafkaConnectionError):
        asyncio.run(_produce(broker.bootstrap, "attendance.credential.v1"))
    with pytest.raises(KafkaConnectionError):
        asyncio.run(_produce(broker.bootstrap, "attendance.credential.v1",
                             **sasl_options("attendance", "not-the-password-at-all")))
