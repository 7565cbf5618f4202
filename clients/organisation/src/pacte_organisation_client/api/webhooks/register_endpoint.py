from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.endpoint_with_secret_out import EndpointWithSecretOut
from ...models.problem import Problem
from ...models.register_endpoint import RegisterEndpoint
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: RegisterEndpoint,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EndpointWithSecretOut | Problem | None:
    if response.status_code == 201:
        response_201 = EndpointWithSecretOut.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EndpointWithSecretOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RegisterEndpoint,
    idempotency_key: str | Unset = UNSET,

) -> Response[EndpointWithSecretOut | Problem]:
    """ Register an endpoint: a URL, the event types it receives; its signing secret is shown once

     Every delivery is a POST of JSON `{id, type, created, organisation_id, data}` with the header
    `Pacte-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 under the endpoint's secret of
    `<t>.<body>`: check it and refuse a `t` more than 5 minutes away from your clock. Answer 2xx within
    10 s; anything else is retried with exponential backoff for 24 hours. Deduplicate by `id`. The URL
    is checked where it resolves: public https addresses only in production (never private, loopback or
    link-local ones).

    Args:
        idempotency_key (str | Unset):
        body (RegisterEndpoint): An organisation registers a URL to receive some event types,
            signed with a secret shown once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointWithSecretOut | Problem]
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
    body: RegisterEndpoint,
    idempotency_key: str | Unset = UNSET,

) -> EndpointWithSecretOut | Problem | None:
    """ Register an endpoint: a URL, the event types it receives; its signing secret is shown once

     Every delivery is a POST of JSON `{id, type, created, organisation_id, data}` with the header
    `Pacte-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 under the endpoint's secret of
    `<t>.<body>`: check it and refuse a `t` more than 5 minutes away from your clock. Answer 2xx within
    10 s; anything else is retried with exponential backoff for 24 hours. Deduplicate by `id`. The URL
    is checked where it resolves: public https addresses only in production (never private, loopback or
    link-local ones).

    Args:
        idempotency_key (str | Unset):
        body (RegisterEndpoint): An organisation registers a URL to receive some event types,
            signed with a secret shown once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointWithSecretOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RegisterEndpoint,
    idempotency_key: str | Unset = UNSET,

) -> Response[EndpointWithSecretOut | Problem]:
    """ Register an endpoint: a URL, the event types it receives; its signing secret is shown once

     Every delivery is a POST of JSON `{id, type, created, organisation_id, data}` with the header
    `Pacte-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 under the endpoint's secret of
    `<t>.<body>`: check it and refuse a `t` more than 5 minutes away from your clock. Answer 2xx within
    10 s; anything else is retried with exponential backoff for 24 hours. Deduplicate by `id`. The URL
    is checked where it resolves: public https addresses only in production (never private, loopback or
    link-local ones).

    Args:
        idempotency_key (str | Unset):
        body (RegisterEndpoint): An organisation registers a URL to receive some event types,
            signed with a secret shown once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointWithSecretOut | Problem]
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
    body: RegisterEndpoint,
    idempotency_key: str | Unset = UNSET,

) -> EndpointWithSecretOut | Problem | None:
    """ Register an endpoint: a URL, the event types it receives; its signing secret is shown once

     Every delivery is a POST of JSON `{id, type, created, organisation_id, data}` with the header
    `Pacte-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 under the endpoint's secret of
    `<t>.<body>`: check it and refuse a `t` more than 5 minutes away from your clock. Answer 2xx within
    10 s; anything else is retried with exponential backoff for 24 hours. Deduplicate by `id`. The URL
    is checked where it resolves: public https addresses only in production (never private, loopback or
    link-local ones).

    Args:
        idempotency_key (str | Unset):
        body (RegisterEndpoint): An organisation registers a URL to receive some event types,
            signed with a secret shown once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointWithSecretOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
