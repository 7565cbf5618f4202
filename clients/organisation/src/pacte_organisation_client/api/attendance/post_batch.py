from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.batch import Batch
from ...models.post_batch_response_200 import PostBatchResponse200
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: Batch,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PostBatchResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = PostBatchResponse200.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PostBatchResponse200 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Batch,
    idempotency_key: str | Unset = UNSET,

) -> Response[PostBatchResponse200 | Problem]:
    """ Declare up to 5,000 records in one request

     Records are decided in order in one transaction: a record sees the ones before it. Each gets its own
    result (a malformed record is refused alone); refused records change nothing. Every organisation
    command of SCENARIO.md, withdrawals and cancellations included. Honours `Idempotency-Key`. Refusals
    are problem+json with the reason codes of SCENARIO.md, in its precedence.

    Args:
        idempotency_key (str | Unset):
        body (Batch): Up to 5,000 records `{"cmd": NAME, ...fields}` decided in order; each gets
            its own result.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PostBatchResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: Batch,
    idempotency_key: str | Unset = UNSET,

) -> PostBatchResponse200 | Problem | None:
    """ Declare up to 5,000 records in one request

     Records are decided in order in one transaction: a record sees the ones before it. Each gets its own
    result (a malformed record is refused alone); refused records change nothing. Every organisation
    command of SCENARIO.md, withdrawals and cancellations included. Honours `Idempotency-Key`. Refusals
    are problem+json with the reason codes of SCENARIO.md, in its precedence.

    Args:
        idempotency_key (str | Unset):
        body (Batch): Up to 5,000 records `{"cmd": NAME, ...fields}` decided in order; each gets
            its own result.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PostBatchResponse200 | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Batch,
    idempotency_key: str | Unset = UNSET,

) -> Response[PostBatchResponse200 | Problem]:
    """ Declare up to 5,000 records in one request

     Records are decided in order in one transaction: a record sees the ones before it. Each gets its own
    result (a malformed record is refused alone); refused records change nothing. Every organisation
    command of SCENARIO.md, withdrawals and cancellations included. Honours `Idempotency-Key`. Refusals
    are problem+json with the reason codes of SCENARIO.md, in its precedence.

    Args:
        idempotency_key (str | Unset):
        body (Batch): Up to 5,000 records `{"cmd": NAME, ...fields}` decided in order; each gets
            its own result.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PostBatchResponse200 | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Batch,
    idempotency_key: str | Unset = UNSET,

) -> PostBatchResponse200 | Problem | None:
    """ Declare up to 5,000 records in one request

     Records are decided in order in one transaction: a record sees the ones before it. Each gets its own
    result (a malformed record is refused alone); refused records change nothing. Every organisation
    command of SCENARIO.md, withdrawals and cancellations included. Honours `Idempotency-Key`. Refusals
    are problem+json with the reason codes of SCENARIO.md, in its precedence.

    Args:
        idempotency_key (str | Unset):
        body (Batch): Up to 5,000 records `{"cmd": NAME, ...fields}` decided in order; each gets
            its own result.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PostBatchResponse200 | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
