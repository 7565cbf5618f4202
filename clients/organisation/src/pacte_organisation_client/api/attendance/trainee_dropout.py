from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dropout import Dropout
from ...models.problem import Problem
from ...models.trainee_dropout_response_200 import TraineeDropoutResponse200
from ...models.trainee_dropout_response_201 import TraineeDropoutResponse201
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    session_id: str,
    *,
    body: Dropout,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/{session_id}/dropouts".format(session_id=quote(str(session_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201 | None:
    if response.status_code == 200:
        response_200 = TraineeDropoutResponse200.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = TraineeDropoutResponse201.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: Dropout,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201]:
    """ Declare a dropout with its reason (abandon)

     Command `trainee.dropout`. Honours `Idempotency-Key`. Refusals are problem+json with the reason
    codes of SCENARIO.md, in its precedence.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (Dropout): Abandon, with the region's reason code (`GET /v1/reference/dropout-
            reasons`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: Dropout,
    idempotency_key: str | Unset = UNSET,

) -> Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201 | None:
    """ Declare a dropout with its reason (abandon)

     Command `trainee.dropout`. Honours `Idempotency-Key`. Refusals are problem+json with the reason
    codes of SCENARIO.md, in its precedence.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (Dropout): Abandon, with the region's reason code (`GET /v1/reference/dropout-
            reasons`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201
     """


    return sync_detailed(
        session_id=session_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: Dropout,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201]:
    """ Declare a dropout with its reason (abandon)

     Command `trainee.dropout`. Honours `Idempotency-Key`. Refusals are problem+json with the reason
    codes of SCENARIO.md, in its precedence.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (Dropout): Abandon, with the region's reason code (`GET /v1/reference/dropout-
            reasons`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201]
     """


    kwargs = _get_kwargs(
        session_id=session_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient,
    body: Dropout,
    idempotency_key: str | Unset = UNSET,

) -> Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201 | None:
    """ Declare a dropout with its reason (abandon)

     Command `trainee.dropout`. Honours `Idempotency-Key`. Refusals are problem+json with the reason
    codes of SCENARIO.md, in its precedence.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (Dropout): Abandon, with the region's reason code (`GET /v1/reference/dropout-
            reasons`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TraineeDropoutResponse200 | TraineeDropoutResponse201
     """


    return (await asyncio_detailed(
        session_id=session_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
