from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.session_page import SessionPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    order_id: None | str | Unset = UNSET,
    lot_id: None | str | Unset = UNSET,
    cancelled: bool | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_order_id: None | str | Unset
    if isinstance(order_id, Unset):
        json_order_id = UNSET
    else:
        json_order_id = order_id
    params["order_id"] = json_order_id

    json_lot_id: None | str | Unset
    if isinstance(lot_id, Unset):
        json_lot_id = UNSET
    else:
        json_lot_id = lot_id
    params["lot_id"] = json_lot_id

    json_cancelled: bool | None | Unset
    if isinstance(cancelled, Unset):
        json_cancelled = UNSET
    else:
        json_cancelled = cancelled
    params["cancelled"] = json_cancelled


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SessionPage | None:
    if response.status_code == 200:
        response_200 = SessionPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SessionPage]:
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
    order_id: None | str | Unset = UNSET,
    lot_id: None | str | Unset = UNSET,
    cancelled: bool | None | Unset = UNSET,

) -> Response[Problem | SessionPage]:
    """ The calling organisation's sessions (of the lots it holds) with their planned days

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        order_id (None | str | Unset):
        lot_id (None | str | Unset):
        cancelled (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SessionPage]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
order_id=order_id,
lot_id=lot_id,
cancelled=cancelled,

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
    order_id: None | str | Unset = UNSET,
    lot_id: None | str | Unset = UNSET,
    cancelled: bool | None | Unset = UNSET,

) -> Problem | SessionPage | None:
    """ The calling organisation's sessions (of the lots it holds) with their planned days

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        order_id (None | str | Unset):
        lot_id (None | str | Unset):
        cancelled (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SessionPage
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
order_id=order_id,
lot_id=lot_id,
cancelled=cancelled,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    order_id: None | str | Unset = UNSET,
    lot_id: None | str | Unset = UNSET,
    cancelled: bool | None | Unset = UNSET,

) -> Response[Problem | SessionPage]:
    """ The calling organisation's sessions (of the lots it holds) with their planned days

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        order_id (None | str | Unset):
        lot_id (None | str | Unset):
        cancelled (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SessionPage]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
order_id=order_id,
lot_id=lot_id,
cancelled=cancelled,

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
    order_id: None | str | Unset = UNSET,
    lot_id: None | str | Unset = UNSET,
    cancelled: bool | None | Unset = UNSET,

) -> Problem | SessionPage | None:
    """ The calling organisation's sessions (of the lots it holds) with their planned days

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        order_id (None | str | Unset):
        lot_id (None | str | Unset):
        cancelled (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SessionPage
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
order_id=order_id,
lot_id=lot_id,
cancelled=cancelled,

    )).parsed
