from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.payment_forecast_out import PaymentForecastOut
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    order_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders/{order_id}/accrual".format(order_id=quote(str(order_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaymentForecastOut | Problem | None:
    if response.status_code == 200:
        response_200 = PaymentForecastOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PaymentForecastOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[PaymentForecastOut | Problem]:
    """ The running accrual of one of its orders, as a payment forecast

     What is billable from every fact known now minus what counting invoices billed (BILLING.md running
    accrual), and what of it would be payable if the order were invoiced now (the ceiling applied to its
    counting invoices). The next closing invoices the periods up to its own: facts of later periods wait
    for their month.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentForecastOut | Problem]
     """


    kwargs = _get_kwargs(
        order_id=order_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    order_id: str,
    *,
    client: AuthenticatedClient,

) -> PaymentForecastOut | Problem | None:
    """ The running accrual of one of its orders, as a payment forecast

     What is billable from every fact known now minus what counting invoices billed (BILLING.md running
    accrual), and what of it would be payable if the order were invoiced now (the ceiling applied to its
    counting invoices). The next closing invoices the periods up to its own: facts of later periods wait
    for their month.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentForecastOut | Problem
     """


    return sync_detailed(
        order_id=order_id,
client=client,

    ).parsed

async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[PaymentForecastOut | Problem]:
    """ The running accrual of one of its orders, as a payment forecast

     What is billable from every fact known now minus what counting invoices billed (BILLING.md running
    accrual), and what of it would be payable if the order were invoiced now (the ceiling applied to its
    counting invoices). The next closing invoices the periods up to its own: facts of later periods wait
    for their month.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentForecastOut | Problem]
     """


    kwargs = _get_kwargs(
        order_id=order_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient,

) -> PaymentForecastOut | Problem | None:
    """ The running accrual of one of its orders, as a payment forecast

     What is billable from every fact known now minus what counting invoices billed (BILLING.md running
    accrual), and what of it would be payable if the order were invoiced now (the ceiling applied to its
    counting invoices). The next closing invoices the periods up to its own: facts of later periods wait
    for their month.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentForecastOut | Problem
     """


    return (await asyncio_detailed(
        order_id=order_id,
client=client,

    )).parsed
