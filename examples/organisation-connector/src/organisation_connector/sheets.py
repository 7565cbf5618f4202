"""Syncing a folder of attendance sheets: `<session id>.csv` files in pacte's sheet format (header
`trainee_id;date;hours_present;absence`, `;` separated, UTF-8). A sheet is sent when its content is new
or changed since it was last accepted; a changed line is a correction (the newer value replaces the
older one), an unchanged one changes nothing. What was sent is remembered in `.pacte-sync.json`.

Each upload carries an Idempotency-Key made of the session, the hash of the content last accepted and
the new content's: if the connector crashes after sending, sending the same file again is answered from
pacte's store, never applied twice, while a sheet changed back to an earlier content is a new change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pacte_organisation_client import AuthenticatedClient
from pacte_organisation_client.api.attendance import post_attendance_sheet
from pacte_organisation_client.models import Problem
from pacte_organisation_client.types import File

STATE_FILE = ".pacte-sync.json"


@dataclass
class SheetResult:
    session_id: str
    accepted: int = 0
    #: (line, reason, detail) of every refused line; the header is line 1.
    refused: list[tuple[int, str, str]] = field(default_factory=list)
    #: The code when pacte refused the whole sheet (unknown, foreign or cancelled session, malformed file).
    problem: str | None = None


async def sync_folder(client: AuthenticatedClient, folder: Path) -> list[SheetResult]:
    """Sends every new or changed sheet of `folder`; the results of those sent."""
    sent = _sent(folder)
    results = []
    for name, content, digest in _changed(folder, sent):
        key = f"sheet:{Path(name).stem}:{sent.get(name, 'new')[:16]}:{digest[:32]}"
        result = await send_sheet(client, Path(name).stem, content, key)
        if result.problem is None:  # refused lines are reported; fixing them changes the file, so it goes again
            sent[name] = digest
            (folder / STATE_FILE).write_text(json.dumps(sent, indent=1, sort_keys=True))
        results.append(result)
    return results


def _sent(folder: Path) -> dict[str, str]:
    state = folder / STATE_FILE
    return dict(json.loads(state.read_text())) if state.exists() else {}


def _changed(folder: Path, sent: dict[str, str]) -> list[tuple[str, bytes, str]]:
    """(file name, content, sha256) of the sheets not sent as they are now."""
    sheets = [(sheet.name, sheet.read_bytes()) for sheet in sorted(folder.glob("*.csv"))]
    hashed = [(name, content, hashlib.sha256(content).hexdigest()) for name, content in sheets]
    return [(name, content, digest) for name, content, digest in hashed if sent.get(name) != digest]


async def send_sheet(client: AuthenticatedClient, session_id: str, content: bytes, key: str) -> SheetResult:
    answer = await post_attendance_sheet.asyncio(session_id, client=client, idempotency_key=key,
                                                 body=File(payload=BytesIO(content), mime_type="text/csv"))
    if isinstance(answer, Problem) or answer is None:
        return SheetResult(session_id, problem=answer.code if answer is not None else "no_answer")
    errors = answer.errors or []
    return SheetResult(session_id, accepted=answer.accepted or 0,
                       refused=[(int(e.line or 0), str(e.reason or ""), str(e.detail or "")) for e in errors])
