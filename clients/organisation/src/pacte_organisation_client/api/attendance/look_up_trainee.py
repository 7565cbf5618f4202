from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.trainee_lookup import TraineeLookup
from ...models.trainee_out import TraineeOut
from typing import cast



def _get_kwargs(
    *,
    body: TraineeLookup,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/trainee-lookups",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TraineeOut | None:
    if response.status_code == 200:
        response_200 = TraineeOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TraineeOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TraineeLookup,

) -> Response[Problem | TraineeOut]:
    """ Everything declared for one trainee, found by the organisation's own trainee id

     A read sent as POST so that the trainee id travels in the body, never in a URL (URLs end up in
    access logs and proxies). The id is turned into its keyed lookup (HMAC) and never stored; a trainee
    the organisation never enrolled, or forgotten, is a 404.

    Args:
        body (TraineeLookup):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TraineeOut]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: TraineeLookup,

) -> Problem | TraineeOut | None:
    """ Everything declared for one trainee, found by the organisation's own trainee id

     A read sent as POST so that the trainee id travels in the body, never in a URL (URLs end up in
    access logs and proxies). The id is turned into its keyed lookup (HMAC) and never stored; a trainee
    the organisation never enrolled, or forgotten, is a 404.

    Args:
        body (TraineeLookup):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TraineeOut
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TraineeLookup,

) -> Response[Problem | TraineeOut]:
    """ Everything declared for one trainee, found by the organisation's own trainee id

     A read sent as POST so that the trainee id travels in the body, never in a URL (URLs end up in
    access logs and proxies). The id is turned into its keyed lookup (HMAC) and never stored; a trainee
    the organisation never enrolled, or forgotten, is a 404.

    Args:
        body (TraineeLookup):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TraineeOut]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TraineeLookup,

) -> Problem | TraineeOut | None:
    """ Everything declared for one trainee, found by the organisation's own trainee id

     A read sent as POST so that the trainee id travels in the body, never in a URL (URLs end up in
    access logs and proxies). The id is turned into its keyed lookup (HMAC) and never stored; a trainee
    the organisation never enrolled, or forgotten, is a 404.

    Args:
        body (TraineeLookup):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TraineeOut
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
