from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.organisation_lot_out import OrganisationLotOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    lot_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lots/{lot_id}".format(lot_id=quote(str(lot_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrganisationLotOut | Problem | None:
    if response.status_code == 200:
        response_200 = OrganisationLotOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrganisationLotOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    lot_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[OrganisationLotOut | Problem]:
    """ One of its lots (404 for a lot that is not its own)

    Args:
        lot_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrganisationLotOut | Problem]
     """


    kwargs = _get_kwargs(
        lot_id=lot_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    lot_id: str,
    *,
    client: AuthenticatedClient,

) -> OrganisationLotOut | Problem | None:
    """ One of its lots (404 for a lot that is not its own)

    Args:
        lot_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrganisationLotOut | Problem
     """


    return sync_detailed(
        lot_id=lot_id,
client=client,

    ).parsed

async def asyncio_detailed(
    lot_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[OrganisationLotOut | Problem]:
    """ One of its lots (404 for a lot that is not its own)

    Args:
        lot_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrganisationLotOut | Problem]
     """


    kwargs = _get_kwargs(
        lot_id=lot_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    lot_id: str,
    *,
    client: AuthenticatedClient,

) -> OrganisationLotOut | Problem | None:
    """ One of its lots (404 for a lot that is not its own)

    Args:
        lot_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrganisationLotOut | Problem
     """


    return (await asyncio_detailed(
        lot_id=lot_id,
client=client,

    )).parsed
