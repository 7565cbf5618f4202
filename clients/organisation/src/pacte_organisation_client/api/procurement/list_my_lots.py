from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.lot_status import LotStatus
from ...models.organisation_lot_page import OrganisationLotPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    tender_id: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, LotStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_tender_id: None | str | Unset
    if isinstance(tender_id, Unset):
        json_tender_id = UNSET
    else:
        json_tender_id = tender_id
    params["tender_id"] = json_tender_id


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lots",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrganisationLotPage | Problem | None:
    if response.status_code == 200:
        response_200 = OrganisationLotPage.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrganisationLotPage | Problem]:
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
    status: LotStatus | None | Unset = UNSET,
    tender_id: None | str | Unset = UNSET,

) -> Response[OrganisationLotPage | Problem]:
    """ The lots the calling organisation holds or is a member of

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        status (LotStatus | None | Unset):
        tender_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrganisationLotPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
status=status,
tender_id=tender_id,

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
    status: LotStatus | None | Unset = UNSET,
    tender_id: None | str | Unset = UNSET,

) -> OrganisationLotPage | Problem | None:
    """ The lots the calling organisation holds or is a member of

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        status (LotStatus | None | Unset):
        tender_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrganisationLotPage | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
status=status,
tender_id=tender_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 100,
    cursor: None | str | Unset = UNSET,
    status: LotStatus | None | Unset = UNSET,
    tender_id: None | str | Unset = UNSET,

) -> Response[OrganisationLotPage | Problem]:
    """ The lots the calling organisation holds or is a member of

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        status (LotStatus | None | Unset):
        tender_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrganisationLotPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
status=status,
tender_id=tender_id,

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
    status: LotStatus | None | Unset = UNSET,
    tender_id: None | str | Unset = UNSET,

) -> OrganisationLotPage | Problem | None:
    """ The lots the calling organisation holds or is a member of

    Args:
        limit (int | Unset): Page size Default: 100.
        cursor (None | str | Unset): `next_cursor` of the previous page
        status (LotStatus | None | Unset):
        tender_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrganisationLotPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
status=status,
tender_id=tender_id,

    )).parsed
