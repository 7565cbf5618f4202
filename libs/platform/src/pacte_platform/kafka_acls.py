"""Who may do what on the broker: one principal per service, from `deploy/topics.yaml`.

Apache Kafka's KRaft authorizer (`StandardAuthorizer`) denies what no ACL allows. A service's
principal (`User:<service>`, SCRAM-SHA-512) may:
- write the topics named after it (`<service>.*`: its outbox relay, its cut markers) and the probe topic;
- read the topics that list it among their `readers`, with consumer groups named `<service>...`;
- write the dead-letter twin (`<topic>.dlq`) of each topic it reads (its consumers' poison messages).
Nothing else: a service cannot write another's topic, read a topic it does not consume, nor create,
delete or reconfigure topics. The `admin` principal (a super user) creates topics and grants these
ACLs (`pacte infra up`, `pacte kafka provision`) and serves the operators' tools.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import CreateAclsRequest_v1, DescribeAclsRequest
from aiokafka.protocol.api import Request

from pacte_platform.kafka import TOPICS_FILE, declared_topics

#: The services with a principal (the web gateway does not use Kafka).
SERVICES = ("procurement", "attendance", "billing", "improvement", "indicators", "opendata", "webhooks")
ADMIN = "admin"
PROBE_TOPIC = "platform.probe.v1"

# Kafka's protocol codes (org.apache.kafka.common.acl / resource).
TOPIC, GROUP = 2, 3
LITERAL, PREFIXED = 3, 4
READ, WRITE, DESCRIBE = 3, 4, 8
ALLOW = 3
ANY = 1


@dataclass(frozen=True, slots=True)
class Binding:
    """One ACL: the principal may `operation` the resource (`name`, literal or a prefix)."""

    principal: str
    resource: int
    name: str
    operation: int
    pattern: int = LITERAL

    def creation(self) -> tuple[int, str, int, str, str, int, int]:
        return (self.resource, self.name, self.pattern, f"User:{self.principal}", "*", self.operation, ALLOW)


def writable_topics(service: str, path: Path = TOPICS_FILE) -> set[str]:
    """The topics a service's principal may write."""
    declared = declared_topics(path)
    own = {t["name"] for t in declared if t["name"].split(".")[0] == service and not t["name"].endswith(".dlq")}
    dead_letters = {f"{topic}.dlq" for topic in readable_topics(service, path)}
    return own | dead_letters | {PROBE_TOPIC}


def readable_topics(service: str, path: Path = TOPICS_FILE) -> set[str]:
    """The topics a service's principal may consume."""
    return {t["name"] for t in declared_topics(path) if service in t.get("readers", ())}


def bindings(service: str, path: Path = TOPICS_FILE) -> list[Binding]:
    granted = [Binding(service, TOPIC, topic, WRITE) for topic in sorted(writable_topics(service, path))]
    granted += [Binding(service, TOPIC, topic, READ) for topic in sorted(readable_topics(service, path))]
    # Consumer groups are named after the service (billing's rebuild prefix `billing-rebuild` included).
    granted.append(Binding(service, GROUP, service, READ, PREFIXED))
    return granted


class _CreateAcls(Request[CreateAclsRequest_v1]):  # type: ignore[misc]  # aiokafka is untyped
    """Kafka's CreateAcls (API 30), several bindings in one request (aiokafka sends one per request)."""

    API_KEY = 30

    def __init__(self, creations: list[tuple[int, str, int, str, str, int, int]]) -> None:
        self.creations = creations

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(self.creations)


async def grant(bootstrap: str, services: Iterable[str] = SERVICES, path: Path = TOPICS_FILE,
                timeout_s: float = 30.0, **admin: Any) -> int:
    """Grants every service its ACLs (granting an existing one changes nothing) and waits until the
    broker applies them (the controller commits them first); returns how many."""
    creations = [b.creation() for service in services for b in bindings(service, path)]
    client = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000, **admin)
    await client.start()
    try:
        # aiokafka has no ACL API: Kafka's requests are sent as they are (its protocol structures).
        response = await client._send_request(_CreateAcls(creations))
        failures = [(creation, message) for creation, (code, message)
                    in zip(creations, response.creation_responses, strict=True) if code]
        if failures:
            raise RuntimeError(f"the broker refused {len(failures)} ACLs, first: {failures[0]}")
        deadline = time.monotonic() + timeout_s
        while await _applied(client) < len(creations):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the broker did not apply the ACLs within {timeout_s:.0f}s")
            await asyncio.sleep(0.1)
    finally:
        await client.close()
    return len(creations)


async def _applied(client: AIOKafkaAdminClient) -> int:
    """ACLs the broker's authorizer holds (DescribeAcls is answered from it)."""
    response = await client._send_request(DescribeAclsRequest(ANY, None, ANY, None, None, ANY, ANY))
    return sum(len(resource[3]) for resource in response.resources)
