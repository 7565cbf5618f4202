from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.declaration_page import DeclarationPage
from ...models.list_my_declarations_kind_type_0 import ListMyDeclarationsKindType0
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    session_id: str,
    *,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    kind: ListMyDeclarationsKindType0 | None | Unset = UNSET,
    trainee: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListMyDeclarationsKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_trainee: None | str | Unset
    if isinstance(trainee, Unset):
        json_trainee = UNSET
    else:
        json_trainee = trainee
    params["trainee"] = json_trainee


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions/{session_id}/declarations".format(session_id=quote(str(session_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeclarationPage | Problem | None:
    if response.status_code == 200:
        response_200 = DeclarationPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeclarationPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    kind: ListMyDeclarationsKindType0 | None | Unset = UNSET,
    trainee: None | str | Unset = UNSET,

) -> Response[DeclarationPage | Problem]:
    """ Every declaration of one of its sessions: each business key's current revision

     Withdrawn open days, cancelled enrolments and what they withdrew are listed as tombstones
    (`withdrawn`), so a connector mirrors corrections too. Filter by `kind` and by `trainee` (a
    pseudonym). Ordered by kind, subject and date.

    Args:
        session_id (str):
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        kind (ListMyDeclarationsKindType0 | None | Unset):
        trainee (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeclarationPage | Problem]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
limit=limit,
cursor=cursor,
kind=kind,
trainee=trainee,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    session_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    kind: ListMyDeclarationsKindType0 | None | Unset = UNSET,
    trainee: None | str | Unset = UNSET,

) -> DeclarationPage | Problem | None:
    """ Every declaration of one of its sessions: each business key's current revision

     Withdrawn open days, cancelled enrolments and what they withdrew are listed as tombstones
    (`withdrawn`), so a connector mirrors corrections too. Filter by `kind` and by `trainee` (a
    pseudonym). Ordered by kind, subject and date.

    Args:
        session_id (str):
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        kind (ListMyDeclarationsKindType0 | None | Unset):
        trainee (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeclarationPage | Problem
     """


    return sync_detailed(
        session_id=session_id,
client=client,
limit=limit,
cursor=cursor,
kind=kind,
trainee=trainee,

    ).parsed

async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    kind: ListMyDeclarationsKindType0 | None | Unset = UNSET,
    trainee: None | str | Unset = UNSET,

) -> Response[DeclarationPage | Problem]:
    """ Every declaration of one of its sessions: each business key's current revision

     Withdrawn open days, cancelled enrolments and what they withdrew are listed as tombstones
    (`withdrawn`), so a connector mirrors corrections too. Filter by `kind` and by `trainee` (a
    pseudonym). Ordered by kind, subject and date.

    Args:
        session_id (str):
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        kind (ListMyDeclarationsKindType0 | None | Unset):
        trainee (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeclarationPage | Problem]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
limit=limit,
cursor=cursor,
kind=kind,
trainee=trainee,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    kind: ListMyDeclarationsKindType0 | None | Unset = UNSET,
    trainee: None | str | Unset = UNSET,

) -> DeclarationPage | Problem | None:
    """ Every declaration of one of its sessions: each business key's current revision

     Withdrawn open days, cancelled enrolments and what they withdrew are listed as tombstones
    (`withdrawn`), so a connector mirrors corrections too. Filter by `kind` and by `trainee` (a
    pseudonym). Ordered by kind, subject and date.

    Args:
        session_id (str):
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        kind (ListMyDeclarationsKindType0 | None | Unset):
        trainee (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeclarationPage | Problem
     """


    return (await asyncio_detailed(
        session_id=session_id,
client=client,
limit=limit,
cursor=cursor,
kind=kind,
trainee=trainee,

    )).parsed
