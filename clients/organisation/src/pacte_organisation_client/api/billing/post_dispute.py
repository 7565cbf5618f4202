from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dispute_invoice import DisputeInvoice
from ...models.invoice_status_out import InvoiceStatusOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    order_id: str,
    period: str,
    *,
    body: DisputeInvoice,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/{order_id}/invoices/{period}/dispute".format(order_id=quote(str(order_id), safe=""),period=quote(str(period), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> InvoiceStatusOut | Problem | None:
    if response.status_code == 200:
        response_200 = InvoiceStatusOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[InvoiceStatusOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    period: str,
    *,
    client: AuthenticatedClient,
    body: DisputeInvoice,
    idempotency_key: str | Unset = UNSET,

) -> Response[InvoiceStatusOut | Problem]:
    """ Dispute the latest version of an invoice, with a reason (invoice.dispute)

     By the holder of the order's lot (`forbidden` for another organisation), on an `issued` or
    `approved` version, with a reason that is not blank (`invalid` otherwise). The version stops
    counting at once; finance re-issues it, or the next closing does.

    Args:
        order_id (str):
        period (str):
        idempotency_key (str | Unset):
        body (DisputeInvoice): The holder of the order's lot disputes an issued or approved
            invoice, saying why.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceStatusOut | Problem]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
period=period,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    order_id: str,
    period: str,
    *,
    client: AuthenticatedClient,
    body: DisputeInvoice,
    idempotency_key: str | Unset = UNSET,

) -> InvoiceStatusOut | Problem | None:
    """ Dispute the latest version of an invoice, with a reason (invoice.dispute)

     By the holder of the order's lot (`forbidden` for another organisation), on an `issued` or
    `approved` version, with a reason that is not blank (`invalid` otherwise). The version stops
    counting at once; finance re-issues it, or the next closing does.

    Args:
        order_id (str):
        period (str):
        idempotency_key (str | Unset):
        body (DisputeInvoice): The holder of the order's lot disputes an issued or approved
            invoice, saying why.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceStatusOut | Problem
     """


    return sync_detailed(
        order_id=order_id,
period=period,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    order_id: str,
    period: str,
    *,
    client: AuthenticatedClient,
    body: DisputeInvoice,
    idempotency_key: str | Unset = UNSET,

) -> Response[InvoiceStatusOut | Problem]:
    """ Dispute the latest version of an invoice, with a reason (invoice.dispute)

     By the holder of the order's lot (`forbidden` for another organisation), on an `issued` or
    `approved` version, with a reason that is not blank (`invalid` otherwise). The version stops
    counting at once; finance re-issues it, or the next closing does.

    Args:
        order_id (str):
        period (str):
        idempotency_key (str | Unset):
        body (DisputeInvoice): The holder of the order's lot disputes an issued or approved
            invoice, saying why.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceStatusOut | Problem]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
period=period,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    order_id: str,
    period: str,
    *,
    client: AuthenticatedClient,
    body: DisputeInvoice,
    idempotency_key: str | Unset = UNSET,

) -> InvoiceStatusOut | Problem | None:
    """ Dispute the latest version of an invoice, with a reason (invoice.dispute)

     By the holder of the order's lot (`forbidden` for another organisation), on an `issued` or
    `approved` version, with a reason that is not blank (`invalid` otherwise). The version stops
    counting at once; finance re-issues it, or the next closing does.

    Args:
        order_id (str):
        period (str):
        idempotency_key (str | Unset):
        body (DisputeInvoice): The holder of the order's lot disputes an issued or approved
            invoice, saying why.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceStatusOut | Problem
     """


    return (await asyncio_detailed(
        order_id=order_id,
period=period,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
