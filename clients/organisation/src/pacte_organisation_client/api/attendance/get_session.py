from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_session_response_get_session_v1_sessions_session_id_get import GetSessionResponseGetSessionV1SessionsSessionIdGet
from ...models.http_validation_error import HTTPValidationError
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    session_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions/{session_id}".format(session_id=quote(str(session_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem | None:
    if response.status_code == 200:
        response_200 = GetSessionResponseGetSessionV1SessionsSessionIdGet.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem]:
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

) -> Response[GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem]:
    """ What the organisation declared for one of its sessions

     Another organisation's session reads as an absent one (the same 404): a read reveals nothing.
    Declarations keep SCENARIO.md's order, `unknown_session` then `forbidden`.

    Args:
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem]
     """


    kwargs = _get_kwargs(
        session_id=session_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    session_id: str,
    *,
    client: AuthenticatedClient,

) -> GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem | None:
    """ What the organisation declared for one of its sessions

     Another organisation's session reads as an absent one (the same 404): a read reveals nothing.
    Declarations keep SCENARIO.md's order, `unknown_session` then `forbidden`.

    Args:
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem
     """


    return sync_detailed(
        session_id=session_id,
client=client,

    ).parsed

async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem]:
    """ What the organisation declared for one of its sessions

     Another organisation's session reads as an absent one (the same 404): a read reveals nothing.
    Declarations keep SCENARIO.md's order, `unknown_session` then `forbidden`.

    Args:
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem]
     """


    kwargs = _get_kwargs(
        session_id=session_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient,

) -> GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem | None:
    """ What the organisation declared for one of its sessions

     Another organisation's session reads as an absent one (the same 404): a read reveals nothing.
    Declarations keep SCENARIO.md's order, `unknown_session` then `forbidden`.

    Args:
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetSessionResponseGetSessionV1SessionsSessionIdGet | HTTPValidationError | Problem
     """


    return (await asyncio_detailed(
        session_id=session_id,
client=client,

    )).parsed
