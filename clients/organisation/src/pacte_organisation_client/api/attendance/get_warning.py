from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.problem import Problem
from ...models.warning_status_out import WarningStatusOut
from typing import cast



def _get_kwargs(
    warning_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/warnings/{warning_id}".format(warning_id=quote(str(warning_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | Problem | WarningStatusOut | None:
    if response.status_code == 200:
        response_200 = WarningStatusOut.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | Problem | WarningStatusOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    warning_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | Problem | WarningStatusOut]:
    """ One of the organisation's early dropout warnings, open or ended

     The warning a `dropout_warning.*` webhook named (webhooks carry only its `warning_id`). `status` is
    `open`, `cleared` (attendance recovered, `cleared_on`) or `closed` (the trainee left, `closed_on`,
    `outcome`: `completed` or `dropped_out`); `trainee_key` is the pseudonym the trainee's enrolment
    answered, as `GET /v1/warnings` gives it. An unknown id and another organisation's warning get the
    same 404 (`not_found`); a warning withdrawn because its enrolment was cancelled never existed, so it
    is unknown too.

    Args:
        warning_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | Problem | WarningStatusOut]
     """


    kwargs = _get_kwargs(
        warning_id=warning_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    warning_id: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | Problem | WarningStatusOut | None:
    """ One of the organisation's early dropout warnings, open or ended

     The warning a `dropout_warning.*` webhook named (webhooks carry only its `warning_id`). `status` is
    `open`, `cleared` (attendance recovered, `cleared_on`) or `closed` (the trainee left, `closed_on`,
    `outcome`: `completed` or `dropped_out`); `trainee_key` is the pseudonym the trainee's enrolment
    answered, as `GET /v1/warnings` gives it. An unknown id and another organisation's warning get the
    same 404 (`not_found`); a warning withdrawn because its enrolment was cancelled never existed, so it
    is unknown too.

    Args:
        warning_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | Problem | WarningStatusOut
     """


    return sync_detailed(
        warning_id=warning_id,
client=client,

    ).parsed

async def asyncio_detailed(
    warning_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[HTTPValidationError | Problem | WarningStatusOut]:
    """ One of the organisation's early dropout warnings, open or ended

     The warning a `dropout_warning.*` webhook named (webhooks carry only its `warning_id`). `status` is
    `open`, `cleared` (attendance recovered, `cleared_on`) or `closed` (the trainee left, `closed_on`,
    `outcome`: `completed` or `dropped_out`); `trainee_key` is the pseudonym the trainee's enrolment
    answered, as `GET /v1/warnings` gives it. An unknown id and another organisation's warning get the
    same 404 (`not_found`); a warning withdrawn because its enrolment was cancelled never existed, so it
    is unknown too.

    Args:
        warning_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | Problem | WarningStatusOut]
     """


    kwargs = _get_kwargs(
        warning_id=warning_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    warning_id: str,
    *,
    client: AuthenticatedClient,

) -> HTTPValidationError | Problem | WarningStatusOut | None:
    """ One of the organisation's early dropout warnings, open or ended

     The warning a `dropout_warning.*` webhook named (webhooks carry only its `warning_id`). `status` is
    `open`, `cleared` (attendance recovered, `cleared_on`) or `closed` (the trainee left, `closed_on`,
    `outcome`: `completed` or `dropped_out`); `trainee_key` is the pseudonym the trainee's enrolment
    answered, as `GET /v1/warnings` gives it. An unknown id and another organisation's warning get the
    same 404 (`not_found`); a warning withdrawn because its enrolment was cancelled never existed, so it
    is unknown too.

    Args:
        warning_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | Problem | WarningStatusOut
     """


    return (await asyncio_detailed(
        warning_id=warning_id,
client=client,

    )).parsed
