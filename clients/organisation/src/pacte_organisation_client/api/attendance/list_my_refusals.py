from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.refusal_page import RefusalPage
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    session_id: None | str | Unset = UNSET,
    command: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_session_id: None | str | Unset
    if isinstance(session_id, Unset):
        json_session_id = UNSET
    else:
        json_session_id = session_id
    params["session_id"] = json_session_id

    json_command: None | str | Unset
    if isinstance(command, Unset):
        json_command = UNSET
    else:
        json_command = command
    params["command"] = json_command

    json_reason: None | str | Unset
    if isinstance(reason, Unset):
        json_reason = UNSET
    else:
        json_reason = reason
    params["reason"] = json_reason

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/refusals",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RefusalPage | None:
    if response.status_code == 200:
        response_200 = RefusalPage.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RefusalPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    session_id: None | str | Unset = UNSET,
    command: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,

) -> Response[Problem | RefusalPage]:
    """ Its refusal log: every record it sent that was refused, with reason and time (13 months)

     One entry per refused record, whatever the path (one record, `/v1/batch`, a sheet; a sheet refused
    as a whole is one entry of command `attendance.sheet`). No personal data: the trainee is not
    recorded. Oldest first; keep `next_cursor` to read only what is new next time.

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        session_id (None | str | Unset):
        command (None | str | Unset):
        reason (None | str | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RefusalPage]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
session_id=session_id,
command=command,
reason=reason,
since=since,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    session_id: None | str | Unset = UNSET,
    command: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,

) -> Problem | RefusalPage | None:
    """ Its refusal log: every record it sent that was refused, with reason and time (13 months)

     One entry per refused record, whatever the path (one record, `/v1/batch`, a sheet; a sheet refused
    as a whole is one entry of command `attendance.sheet`). No personal data: the trainee is not
    recorded. Oldest first; keep `next_cursor` to read only what is new next time.

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        session_id (None | str | Unset):
        command (None | str | Unset):
        reason (None | str | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RefusalPage
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
session_id=session_id,
command=command,
reason=reason,
since=since,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    session_id: None | str | Unset = UNSET,
    command: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,

) -> Response[Problem | RefusalPage]:
    """ Its refusal log: every record it sent that was refused, with reason and time (13 months)

     One entry per refused record, whatever the path (one record, `/v1/batch`, a sheet; a sheet refused
    as a whole is one entry of command `attendance.sheet`). No personal data: the trainee is not
    recorded. Oldest first; keep `next_cursor` to read only what is new next time.

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        session_id (None | str | Unset):
        command (None | str | Unset):
        reason (None | str | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RefusalPage]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
session_id=session_id,
command=command,
reason=reason,
since=since,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    session_id: None | str | Unset = UNSET,
    command: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,

) -> Problem | RefusalPage | None:
    """ Its refusal log: every record it sent that was refused, with reason and time (13 months)

     One entry per refused record, whatever the path (one record, `/v1/batch`, a sheet; a sheet refused
    as a whole is one entry of command `attendance.sheet`). No personal data: the trainee is not
    recorded. Oldest first; keep `next_cursor` to read only what is new next time.

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        session_id (None | str | Unset):
        command (None | str | Unset):
        reason (None | str | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RefusalPage
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
session_id=session_id,
command=command,
reason=reason,
since=since,

    )).parsed
