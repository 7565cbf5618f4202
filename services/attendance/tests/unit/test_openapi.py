"""openapi.json is committed beside the service; this fails when the code's document differs.

Regenerate with: PACTE_WRITE_OPENAPI=1 .venv/bin/pytest services/attendance/tests/unit/test_openapi.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pacte_attendance.domain import COMMANDS
from pacte_attendance.entrypoints.app import build_runtime, create_app

OPENAPI = Path(__file__).resolve().parents[2] / "openapi.json"


def render() -> str:
    return json.dumps(create_app(build_runtime()).openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_openapi_document_is_up_to_date() -> None:
    current = render()
    if os.environ.get("PACTE_WRITE_OPENAPI") == "1":
        OPENAPI.write_text(current, encoding="utf-8")
    assert OPENAPI.read_text(encoding="utf-8") == current, "openapi.json is stale; regenerate it (see docstring)"


def test_openapi_documents_every_route_of_the_architecture() -> None:
    paths = json.loads(OPENAPI.read_text(encoding="utf-8"))["paths"]
    for segment in ("open-days", "open-day-withdrawals", "trainer-hours", "enrolments", "enrolment-cancellations",
                    "attendance", "suspensions", "resumptions", "dropouts", "completions", "satisfaction",
                    "attendance-sheet"):
        assert "post" in paths[f"/v1/sessions/{{session_id}}/{segment}"]
    assert "post" in paths["/back-office/organisations/{organisation_id}/keys"]
    assert "delete" in paths["/back-office/organisations/{organisation_id}/keys/{key_id}"]
    assert "post" in paths["/back-office/sessions/{session_id}/outcomes"]
    assert "post" in paths["/v1/batch"]


def test_every_command_body_is_its_model() -> None:
    """The route body, the batch's records and the components are the command models themselves."""
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    for model in COMMANDS.values():
        assert schemas[model.__name__]["required"] == [n for n, f in model.model_fields.items() if f.is_required()]
    withdraw = document["paths"]["/v1/sessions/{session_id}/open-day-withdrawals"]["post"]
    assert withdraw["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/WithdrawOpenDay"}
    assert "session.open_day_withdraw" in withdraw["description"] and "journée" in withdraw["description"]
    records = schemas["Batch"]["properties"]["records"]["items"]["oneOf"]
    assert {r["allOf"][1]["properties"]["cmd"]["const"] for r in records} == set(COMMANDS) - {"outcome.record"}
