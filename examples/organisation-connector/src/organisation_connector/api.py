"""The client, and the two reads a connector starts with: its sessions (every page) and a trainee by
the organisation's own id."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

from pacte_organisation_client import AuthenticatedClient
from pacte_organisation_client.api.attendance import list_my_sessions, look_up_trainee
from pacte_organisation_client.models import AttendanceSessionOut, Problem, TraineeLookup, TraineeOut
from pacte_organisation_client.types import UNSET
from pacte_organisation_tools import service_routes


class ApiError(RuntimeError):
    """pacte answered with a problem (RFC 9457): `code` is stable, `detail` is for people."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.code}: {problem.detail or problem.title}")
        self.code = problem.code


def connect(api_key: str, base_url: str | None = None, stack: Path | None = None) -> AuthenticatedClient:
    """A client of the production API (`base_url`), or of a local stack (its `stack.json`)."""
    if stack is not None:
        urls = {name: info["url"] for name, info in json.loads(stack.read_text())["services"].items()}
        return AuthenticatedClient(base_url="http://pacte.local", token=api_key,
                                   httpx_args={"transport": service_routes(urls)})
    if base_url is None:
        raise ValueError("a base URL or a local stack's stack.json")
    return AuthenticatedClient(base_url=base_url, token=api_key)


async def sessions(client: AuthenticatedClient) -> AsyncIterator[AttendanceSessionOut]:
    """Every session of the lots the organisation holds, page after page (`next_cursor`)."""
    cursor: str | None = None
    while True:
        page = await list_my_sessions.asyncio(client=client, limit=100, cursor=cursor or UNSET)
        if isinstance(page, Problem) or page is None:
            raise ApiError(page) if isinstance(page, Problem) else RuntimeError("no answer")
        for session in page.items:
            yield session
        if not page.next_cursor:
            return
        cursor = page.next_cursor


async def find_trainee(client: AuthenticatedClient, trainee_id: str) -> TraineeOut | None:
    """What the organisation declared for its trainee `trainee_id` (its own id, sent in the body and never
    stored by pacte); None if it never enrolled one by that id."""
    answer = await look_up_trainee.asyncio(client=client, body=TraineeLookup(trainee_id=trainee_id))
    if isinstance(answer, Problem):
        if answer.status == 404:
            return None
        raise ApiError(answer)
    return answer
