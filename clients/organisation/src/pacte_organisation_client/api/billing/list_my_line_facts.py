from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.line_facts_out import LineFactsOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    invoice_id: str,
    n: int,
    *,
    after: int | Unset = 0,
    limit: int | Unset = 1000,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/invoices/{invoice_id}/lines/{n}/facts".format(invoice_id=quote(str(invoice_id), safe=""),n=quote(str(n), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> LineFactsOut | Problem | None:
    if response.status_code == 200:
        response_200 = LineFactsOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[LineFactsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invoice_id: str,
    n: int,
    *,
    client: AuthenticatedClient,
    after: int | Unset = 0,
    limit: int | Unset = 1000,

) -> Response[LineFactsOut | Problem]:
    """ The facts behind one line of its invoice: every ledger row (fact version) of the line's group

     Each row says whether it was the current version when the invoice was issued and whether it is new
    on this invoice. Trainees appear as their pseudonyms (`subject`), as in every answer: `POST
    /v1/trainee-lookups` gives the pseudonym of one of the organisation's own trainee ids. Paged by
    `after` (the last `fact_id` seen).

    Args:
        invoice_id (str):
        n (int):
        after (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LineFactsOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,
n=n,
after=after,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    invoice_id: str,
    n: int,
    *,
    client: AuthenticatedClient,
    after: int | Unset = 0,
    limit: int | Unset = 1000,

) -> LineFactsOut | Problem | None:
    """ The facts behind one line of its invoice: every ledger row (fact version) of the line's group

     Each row says whether it was the current version when the invoice was issued and whether it is new
    on this invoice. Trainees appear as their pseudonyms (`subject`), as in every answer: `POST
    /v1/trainee-lookups` gives the pseudonym of one of the organisation's own trainee ids. Paged by
    `after` (the last `fact_id` seen).

    Args:
        invoice_id (str):
        n (int):
        after (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LineFactsOut | Problem
     """


    return sync_detailed(
        invoice_id=invoice_id,
n=n,
client=client,
after=after,
limit=limit,

    ).parsed

async def asyncio_detailed(
    invoice_id: str,
    n: int,
    *,
    client: AuthenticatedClient,
    after: int | Unset = 0,
    limit: int | Unset = 1000,

) -> Response[LineFactsOut | Problem]:
    """ The facts behind one line of its invoice: every ledger row (fact version) of the line's group

     Each row says whether it was the current version when the invoice was issued and whether it is new
    on this invoice. Trainees appear as their pseudonyms (`subject`), as in every answer: `POST
    /v1/trainee-lookups` gives the pseudonym of one of the organisation's own trainee ids. Paged by
    `after` (the last `fact_id` seen).

    Args:
        invoice_id (str):
        n (int):
        after (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LineFactsOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,
n=n,
after=after,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    invoice_id: str,
    n: int,
    *,
    client: AuthenticatedClient,
    after: int | Unset = 0,
    limit: int | Unset = 1000,

) -> LineFactsOut | Problem | None:
    """ The facts behind one line of its invoice: every ledger row (fact version) of the line's group

     Each row says whether it was the current version when the invoice was issued and whether it is new
    on this invoice. Trainees appear as their pseudonyms (`subject`), as in every answer: `POST
    /v1/trainee-lookups` gives the pseudonym of one of the organisation's own trainee ids. Paged by
    `after` (the last `fact_id` seen).

    Args:
        invoice_id (str):
        n (int):
        after (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LineFactsOut | Problem
     """


    return (await asyncio_detailed(
        invoice_id=invoice_id,
n=n,
client=client,
after=after,
limit=limit,

    )).parsed
