"""Contract snapshots: a change to an event's JSON Schema must stay backward compatible.

Compatible: adding an optional field, widening nothing else. Incompatible: removing a field,
changing its type, or adding a required field (old producers would not send it). Such a change
needs a new topic version. `PACTE_UPDATE_SNAPSHOTS=1 pytest contracts` records compatible changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import pacte_contracts  # noqa: F401
from pacte_contracts.asyncapi import document
from pacte_contracts.envelope import EVENT_TYPES, CutMarker, Envelope, wrap
from pacte_contracts.topics import CUT_TOPICS

SNAPSHOTS = Path(__file__).parent / "schemas"
ROOT = Path(__file__).resolve().parents[2]


def resolved(schema: dict[str, Any]) -> dict[str, Any]:
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].split("/")[-1]])
            return {k: walk(v) for k, v in node.items() if k not in ("$defs", "title", "description")}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)  # type: ignore[no-any-return]


def incompatibilities(old: dict[str, Any], new: dict[str, Any], path: str = "") -> list[str]:
    problems = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, old_schema in old_props.items():
        if name not in new_props:
            problems.append(f"{path}{name}: removed")
        elif old_schema != new_props[name]:
            problems += _changed(old_schema, new_props[name], f"{path}{name}")
    for name in set(new.get("required", [])) - set(old.get("required", [])):
        problems.append(f"{path}{name}: new required field")
    return problems


def _changed(old: dict[str, Any], new: dict[str, Any], path: str) -> list[str]:
    """A changed field is compatible when it is an object or a list of them whose changes are, or an
    enumeration that only gained values: every event written before still reads (a new value needs its
    consumers deployed before its producer uses it, docs/decisions.md)."""
    if old.get("type") == "object" and new.get("type") == "object":
        return incompatibilities(old, new, f"{path}.")
    if old.get("type") == "array" and new.get("type") == "array" and {**old, "items": None} == {**new, "items": None}:
        return _changed(old.get("items", {}), new.get("items", {}), f"{path}[]") if old.get("items") != new.get(
            "items") else []
    if "enum" in old and "enum" in new and {**old, "enum": None} == {**new, "enum": None} and set(old["enum"]) <= set(
            new["enum"]):
        return []
    return [f"{path}: type changed"]


@pytest.mark.parametrize("name", sorted(n for n, m in EVENT_TYPES.items() if not m.TOPIC.startswith("platform.")))
def test_event_schema_is_backward_compatible(name: str) -> None:
    model = EVENT_TYPES[name]
    current = resolved(model.model_json_schema())
    snapshot = SNAPSHOTS / f"{name}.json"
    if not snapshot.exists() or os.environ.get("PACTE_UPDATE_SNAPSHOTS"):
        if snapshot.exists():
            assert not incompatibilities(json.loads(snapshot.read_text()), current)
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
        if not os.environ.get("PACTE_UPDATE_SNAPSHOTS"):
            pytest.fail(f"no snapshot for {name}: recorded one, commit it")
    assert incompatibilities(json.loads(snapshot.read_text()), current) == []


def test_incompatibility_detector_catches_breaking_changes() -> None:
    old = {"properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"]}
    assert incompatibilities(old, {"properties": {"a": {"type": "string"}}, "required": ["a"]}) == ["b: removed"]
    assert incompatibilities(old, {"properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                                   "required": ["a"]}) == ["a: type changed"]
    assert incompatibilities(old, {"properties": {**old["properties"], "c": {"type": "string"}},
                                   "required": ["a", "c"]}) == ["c: new required field"]
    assert incompatibilities(old, {"properties": {**old["properties"], "c": {"type": "string"}},
                                   "required": ["a"]}) == []


def test_every_event_names_a_declared_topic_and_round_trips() -> None:
    import yaml

    declared = {t["name"] for t in yaml.safe_load((ROOT / "deploy" / "topics.yaml").read_text())["topics"]}
    assert declared >= CUT_TOPICS
    for name, model in EVENT_TYPES.items():
        if model is CutMarker:
            continue  # markers travel on the cut topics, every partition (pacte_platform.cuts)
        assert model.TOPIC in declared, f"{name} travels on an undeclared topic {model.TOPIC}"
        parts = model.TOPIC.split(".")
        assert len(parts) == 3 and parts[2].startswith("v"), model.TOPIC


def test_envelope_round_trip() -> None:
    from pacte_contracts.procurement import JobseekerCountSet

    envelope = wrap(JobseekerCountSet(territory="69", count=120000), producer="procurement", correlation_id="c-1")
    again = Envelope.model_validate_json(envelope.model_dump_json())
    assert again.decode() == JobseekerCountSet(territory="69", count=120000)
    assert again.key == "69" and again.occurred_at.tzinfo is not None


def test_committed_asyncapi_document_is_current() -> None:
    committed = ROOT / "docs" / "asyncapi.json"
    assert committed.exists(), "run `make asyncapi`"
    current = json.loads(json.dumps(document()))
    assert json.loads(committed.read_text()) == current, "docs/asyncapi.json is stale: `make asyncapi`"


def test_an_enumeration_may_gain_values_but_not_lose_them() -> None:
    def lines(*kinds: str) -> dict[str, Any]:
        return {"properties": {"lines": {"type": "array", "items": {"type": "object", "properties": {
            "kind": {"type": "string", "enum": list(kinds)}}}}}}

    assert incompatibilities(lines("a", "b"), lines("a", "b", "c")) == []
    assert incompatibilities(lines("a", "b"), lines("a")) == ["lines[].kind: type changed"]
    assert incompatibilities({"properties": {"n": {"type": "integer"}}},
                             {"properties": {"n": {"type": "string"}}}) == ["n: type changed"]
