from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.delivery_detail_out import DeliveryDetailOut
from ...models.problem import Problem
from ...models.replay_delivery import ReplayDelivery
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    delivery_id: str,
    *,
    body: ReplayDelivery | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-deliveries/{delivery_id}/replay".format(delivery_id=quote(str(delivery_id), safe=""),),
    }

    
    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeliveryDetailOut | Problem | None:
    if response.status_code == 200:
        response_200 = DeliveryDetailOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeliveryDetailOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: ReplayDelivery | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[DeliveryDetailOut | Problem]:
    """ Send a delivered or failed delivery again now (the same event `id`), retried for 24 h more

    Args:
        delivery_id (str):
        idempotency_key (str | Unset):
        body (ReplayDelivery | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryDetailOut | Problem]
     """


    kwargs = _get_kwargs(
        delivery_id=delivery_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: ReplayDelivery | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> DeliveryDetailOut | Problem | None:
    """ Send a delivered or failed delivery again now (the same event `id`), retried for 24 h more

    Args:
        delivery_id (str):
        idempotency_key (str | Unset):
        body (ReplayDelivery | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryDetailOut | Problem
     """


    return sync_detailed(
        delivery_id=delivery_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: ReplayDelivery | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[DeliveryDetailOut | Problem]:
    """ Send a delivered or failed delivery again now (the same event `id`), retried for 24 h more

    Args:
        delivery_id (str):
        idempotency_key (str | Unset):
        body (ReplayDelivery | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryDetailOut | Problem]
     """


    kwargs = _get_kwargs(
        delivery_id=delivery_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    delivery_id: str,
    *,
    client: AuthenticatedClient,
    body: ReplayDelivery | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> DeliveryDetailOut | Problem | None:
    """ Send a delivered or failed delivery again now (the same event `id`), retried for 24 h more

    Args:
        delivery_id (str):
        idempotency_key (str | Unset):
        body (ReplayDelivery | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryDetailOut | Problem
     """


    return (await asyncio_detailed(
        delivery_id=delivery_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
