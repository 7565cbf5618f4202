"""`pacte_consumer_lag_events`: each service's own consumers report high watermark minus position."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiokafka import TopicPartition
from aiokafka.errors import IllegalStateError
from prometheus_client import REGISTRY

from pacte_platform.consumer import BatchConsumer, observe_lag


@dataclass
class FakeClient:
    """The part of AIOKafkaConsumer that observe_lag reads."""

    highwaters: dict[TopicPartition, int | None]
    positions: dict[TopicPartition, int]
    revoked: set[TopicPartition] = field(default_factory=set)

    def assignment(self) -> set[TopicPartition]:
        return set(self.highwaters)

    def highwater(self, tp: TopicPartition) -> int | None:
        return self.highwaters[tp]

    async def position(self, tp: TopicPartition) -> int:
        if tp in self.revoked:
            raise IllegalStateError(f"{tp} is not assigned")
        return self.positions[tp]


@dataclass
class FakeSubscriber:
    consumer: Any


def lag(consumer: str, topic: str) -> float | None:
    return REGISTRY.get_sample_value("pacte_consumer_lag_events",
                                     {"service": "svc", "consumer": consumer, "topic": topic})


def batch_consumer(name: str, topics: list[str], client: Any) -> BatchConsumer:
    async def handler(*_: Any) -> None:
        return None

    consumer = BatchConsumer(name=name, topics=topics, handler=handler, service="svc", pool=None)  # type: ignore[arg-type]
    consumer.subscribers = [FakeSubscriber(client)]
    return consumer


async def test_lag_sums_partitions_per_topic_and_reports_idle_topics_at_zero() -> None:
    a0, a1, b0 = TopicPartition("a", 0), TopicPartition("a", 1), TopicPartition("b", 0)
    client = FakeClient(highwaters={a0: 120, a1: 50, b0: None}, positions={a0: 100, a1: 50, b0: 7})
    await observe_lag(batch_consumer("lag-test-1", ["a", "b", "c"], client))
    assert lag("lag-test-1", "a") == 20
    assert lag("lag-test-1", "b") == 0  # no fetch yet: no high watermark, nothing claimed
    assert lag("lag-test-1", "c") == 0  # not assigned to this member


async def test_lag_skips_a_partition_lost_in_a_rebalance_and_a_consumer_not_started() -> None:
    a0, a1 = TopicPartition("a", 0), TopicPartition("a", 1)
    client = FakeClient(highwaters={a0: 10, a1: 30}, positions={a0: 4, a1: 0}, revoked={a1})
    await observe_lag(batch_consumer("lag-test-2", ["a"], client))
    assert lag("lag-test-2", "a") == 6
    await observe_lag(batch_consumer("lag-test-3", ["a"], None))
    assert lag("lag-test-3", "a") is None
