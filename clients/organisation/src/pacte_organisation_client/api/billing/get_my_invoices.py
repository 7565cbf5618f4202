from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invoice_status import InvoiceStatus
from ...models.organisation_invoice_out import OrganisationInvoiceOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    order_id: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_order_id: None | str | Unset
    if isinstance(order_id, Unset):
        json_order_id = UNSET
    else:
        json_order_id = order_id
    params["order_id"] = json_order_id

    json_period: None | str | Unset
    if isinstance(period, Unset):
        json_period = UNSET
    else:
        json_period = period
    params["period"] = json_period

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, InvoiceStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/invoices",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | list[OrganisationInvoiceOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = OrganisationInvoiceOut.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | list[OrganisationInvoiceOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    order_id: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,

) -> Response[Problem | list[OrganisationInvoiceOut]]:
    """ The calling organisation's invoices (orders of the lots it holds), every version

     A disputed version shows its reason and when it was disputed; `replaced_by` names the version that
    replaced it, whose `reissued` is true. Only versions whose `counts` is true are payable. Filters:
    `order_id`, `period` (YYYY-MM), `status` (a version's own status).

    Args:
        order_id (None | str | Unset):
        period (None | str | Unset):
        status (InvoiceStatus | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[OrganisationInvoiceOut]]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
period=period,
status=status,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    order_id: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,

) -> Problem | list[OrganisationInvoiceOut] | None:
    """ The calling organisation's invoices (orders of the lots it holds), every version

     A disputed version shows its reason and when it was disputed; `replaced_by` names the version that
    replaced it, whose `reissued` is true. Only versions whose `counts` is true are payable. Filters:
    `order_id`, `period` (YYYY-MM), `status` (a version's own status).

    Args:
        order_id (None | str | Unset):
        period (None | str | Unset):
        status (InvoiceStatus | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[OrganisationInvoiceOut]
     """


    return sync_detailed(
        client=client,
order_id=order_id,
period=period,
status=status,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    order_id: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,

) -> Response[Problem | list[OrganisationInvoiceOut]]:
    """ The calling organisation's invoices (orders of the lots it holds), every version

     A disputed version shows its reason and when it was disputed; `replaced_by` names the version that
    replaced it, whose `reissued` is true. Only versions whose `counts` is true are payable. Filters:
    `order_id`, `period` (YYYY-MM), `status` (a version's own status).

    Args:
        order_id (None | str | Unset):
        period (None | str | Unset):
        status (InvoiceStatus | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[OrganisationInvoiceOut]]
     """


    kwargs = _get_kwargs(
        order_id=order_id,
period=period,
status=status,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    order_id: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    status: InvoiceStatus | None | Unset = UNSET,

) -> Problem | list[OrganisationInvoiceOut] | None:
    """ The calling organisation's invoices (orders of the lots it holds), every version

     A disputed version shows its reason and when it was disputed; `replaced_by` names the version that
    replaced it, whose `reissued` is true. Only versions whose `counts` is true are payable. Filters:
    `order_id`, `period` (YYYY-MM), `status` (a version's own status).

    Args:
        order_id (None | str | Unset):
        period (None | str | Unset):
        status (InvoiceStatus | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[OrganisationInvoiceOut]
     """


    return (await asyncio_detailed(
        client=client,
order_id=order_id,
period=period,
status=status,

    )).parsed
