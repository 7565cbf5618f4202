"""Generates the AsyncAPI 3.0 document of every topic and event (`python -m pacte_contracts.asyncapi`)."""

from __future__ import annotations

import json
import sys
from typing import Any

import pacte_contracts  # noqa: F401 - registers every event type
from pacte_contracts.envelope import EVENT_TYPES, CutMarker, Envelope, Event
from pacte_contracts.topics import CUT_TOPICS

PRODUCERS = {"procurement", "attendance", "billing", "indicators", "improvement"}


def _topics_of(model: type[Event]) -> list[str]:
    """Where a message travels: its topic; cut markers go to every partition of the cut topics."""
    if model is CutMarker:
        return sorted(CUT_TOPICS)
    return [] if model.TOPIC.startswith("platform.") else [model.TOPIC]


def document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    schemas: dict[str, Any] = {"Envelope": Envelope.model_json_schema()}
    placed = [(name, topic, event) for name, event in EVENT_TYPES.items() for topic in _topics_of(event)]
    for name, topic, model in sorted(placed, key=lambda entry: entry[:2]):
        channel_id = topic.replace(".", "_")
        channel = channels.setdefault(channel_id, {
            "address": topic,
            "description": f"Keyed by `{model.KEY_FIELD}`; dead letters in `{topic}.dlq`.",
            "messages": {},
        })
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas[def_name] = definition
        schemas[name] = schema
        messages.setdefault(name, {
            "name": name,
            "title": name,
            "summary": (model.__doc__ or "").strip().split("\n")[0],
            "contentType": "application/json",
            "headers": {"type": "object", "properties": {
                "event_id": {"type": "string", "format": "uuid"}, "event_type": {"type": "string"},
                "correlation_id": {"type": "string"}, "producer": {"type": "string"}}},
            "payload": {"allOf": [{"$ref": "#/components/schemas/Envelope"},
                                  {"type": "object", "properties": {
                                      "type": {"const": name}, "version": {"const": model.VERSION},
                                      "payload": {"$ref": f"#/components/schemas/{name}"}}}]},
        })
        producer = topic.split(".")[0]
        op_id = f"publish_{channel_id}"
        operations.setdefault(op_id, {"action": "send", "channel": {"$ref": f"#/channels/{channel_id}"},
                                      "summary": f"Published by the {producer} service through its outbox.",
                                      "messages": []})
        operations[op_id]["messages"].append({"$ref": f"#/channels/{channel_id}/messages/{name}"})
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "pacte events", "version": "1.0.0",
                 "description": "Every fact the pacte services exchange over Kafka. Each message is an Envelope "
                                "(event id, type, version, occurred_at, correlation id, producer, key) whose "
                                "payload is the event."},
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "127.0.0.1:19092", "protocol": "kafka"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


if __name__ == "__main__":
    json.dump(document(), sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")
