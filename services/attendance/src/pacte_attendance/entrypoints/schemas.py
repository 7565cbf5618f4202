"""OpenAPI descriptions of the bodies. Bodies are parsed by the domain, not by FastAPI, so that a
malformed field is refused with SCENARIO.md's precedence; these schemas only document them."""

from __future__ import annotations

from typing import Any

from pacte_contracts.codes import Absence, AgeBand, Certification, DropoutReason, OutcomeStatus, Qualification
from pacte_platform.http import PROBLEM_SCHEMA

DATE = {"type": "string", "format": "date", "example": "2019-09-23"}
HOURS = {"type": "number", "multipleOf": 0.01, "minimum": 0, "description": "at most 2 decimals"}
ID = {"type": "string", "minLength": 1}
SESSION_ID = {**ID, "description": "optional; when present it must equal the path's session id"}
TRAINEE_ID = {**ID, "description": "the organisation's own trainee id; replaced by a pseudonym at the edge"}

PROFILE = {
    "type": "object",
    "required": ["age_band", "qualification", "jobseeker_registered"],
    "properties": {
        "age_band": {"type": "string", "enum": [a.value for a in AgeBand]},
        "qualification": {"type": "string", "enum": [q.value for q in Qualification]},
        "jobseeker_registered": {"type": "boolean"},
        **{flag: {"type": "boolean", "default": False} for flag in (
            "qpv", "zrr", "disability", "minimum_income", "single_parent", "justice", "migrant", "neet",
            "invisible")},
    },
    "description": "Only these coarse fields are kept (DOMAIN.md); anything else is dropped.",
}

COMMAND_FIELDS: dict[str, dict[str, Any]] = {
    "session.open_day": {"date": DATE},
    "trainer.hours": {"trainer_id": ID, "date": DATE, "hours": HOURS},
    "trainee.enrol": {"trainee_id": TRAINEE_ID, "date": DATE, "profile": PROFILE},
    "attendance.record": {"trainee_id": TRAINEE_ID, "date": DATE, "hours_present": HOURS,
                          "absence": {"type": "string", "enum": [a.value for a in Absence], "nullable": True}},
    "trainee.suspend": {"trainee_id": TRAINEE_ID, "date": DATE, "reason": {"type": "string"}},
    "trainee.resume": {"trainee_id": TRAINEE_ID, "date": DATE},
    "trainee.dropout": {"trainee_id": TRAINEE_ID, "date": DATE,
                        "reason": {"type": "string", "enum": [r.value for r in DropoutReason]}},
    "trainee.complete": {"trainee_id": TRAINEE_ID, "date": DATE,
                         "certification": {"type": "string", "enum": [c.value for c in Certification]}},
    "satisfaction.record": {"trainee_id": TRAINEE_ID, "date": DATE,
                            "score": {"type": "integer", "minimum": 1, "maximum": 5}},
    "outcome.record": {"trainee_id": TRAINEE_ID, "months_after_exit": {"type": "integer", "enum": [6, 12]},
                       "observed_on": DATE, "status": {"type": "string", "enum": [s.value for s in OutcomeStatus]}},
}
OPTIONAL_FIELDS: dict[str, dict[str, Any]] = {
    "trainee.suspend": {"skills_attestation_ref": {"type": "string", "maxLength": 200, "nullable": True}},
    "trainee.resume": {"skills_attestation_ref": {"type": "string", "maxLength": 200, "nullable": True}},
}


def command_schema(command: str) -> dict[str, Any]:
    fields = COMMAND_FIELDS[command]
    return {
        "type": "object",
        "required": list(fields),
        "properties": {"session_id": SESSION_ID, **fields, **OPTIONAL_FIELDS.get(command, {})},
    }


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


FACT = {
    "description": "The accepted fact, pseudonymous, as the event published for it",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["type", "session_id", "organisation_id"],
        "properties": {"type": {"type": "string"}, "session_id": {"type": "string"},
                       "organisation_id": {"type": "string"}, "trainee_key": {"type": "string"},
                       "revision": {"type": "integer"}},
        "additionalProperties": True,
    }}},
}


def declaration_responses() -> dict[int | str, dict[str, Any]]:
    return {
        200: {**FACT, "description": "A correction: the same business key was declared again (higher revision)"},
        201: FACT,
        401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA, 409: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA,
    }


BATCH_BODY = json_body({
    "type": "object", "required": ["records"],
    "properties": {"records": {
        "type": "array", "minItems": 1, "maxItems": 5000,
        "items": {"oneOf": [
            {**command_schema(c), "required": ["cmd", "session_id", *COMMAND_FIELDS[c]],
             "properties": {"cmd": {"type": "string", "enum": [c]}, **command_schema(c)["properties"]}}
            for c in COMMAND_FIELDS if c != "outcome.record"
        ]},
    }},
})

BATCH_RESPONSE = {"description": "One result per record, in order", "content": {"application/json": {"schema": {
    "type": "object",
    "properties": {
        "accepted": {"type": "integer"}, "refused": {"type": "integer"},
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "index": {"type": "integer"}, "status": {"type": "string", "enum": ["accepted", "refused"]},
            "replaced": {"type": "boolean"}, "fact": {"type": "object"},
            "reason": {"type": "string"}, "detail": {"type": "string"}}}},
    },
}}}}

SHEET_BODY = {"requestBody": {"required": True, "content": {"text/csv": {
    "schema": {"type": "string"},
    "example": "trainee_id;date;hours_present;absence\nTR-001;2019-09-23;7;\nTR-002;2019-09-23;3,5;justified\n",
}}}}

SHEET_RESPONSE = {"description": "Good lines applied; bad lines reported by line number",
                  "content": {"application/json": {"schema": {
                      "type": "object",
                      "properties": {
                          "accepted": {"type": "integer"}, "refused": {"type": "integer"},
                          "errors": {"type": "array", "items": {"type": "object", "properties": {
                              "line": {"type": "integer"}, "reason": {"type": "string"},
                              "detail": {"type": "string"}}}},
                      },
                  }}}}
