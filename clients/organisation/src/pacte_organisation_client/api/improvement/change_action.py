from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.change_dropout_action_status import ChangeDropoutActionStatus
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    plan_id: str,
    action_id: str,
    *,
    body: ChangeDropoutActionStatus,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/plans/{plan_id}/dropout-actions/{action_id}/status".format(plan_id=quote(str(plan_id), safe=""),action_id=quote(str(action_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = response.json()
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    plan_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient,
    body: ChangeDropoutActionStatus,
    idempotency_key: str | Unset = UNSET,

) -> Response[Any | Problem]:
    """ Follow an action: planned → in_progress → done, or dropped

    Args:
        plan_id (str):
        action_id (str):
        idempotency_key (str | Unset):
        body (ChangeDropoutActionStatus): planned → in_progress → done, or dropped before done.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        plan_id=plan_id,
action_id=action_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    plan_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient,
    body: ChangeDropoutActionStatus,
    idempotency_key: str | Unset = UNSET,

) -> Any | Problem | None:
    """ Follow an action: planned → in_progress → done, or dropped

    Args:
        plan_id (str):
        action_id (str):
        idempotency_key (str | Unset):
        body (ChangeDropoutActionStatus): planned → in_progress → done, or dropped before done.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        plan_id=plan_id,
action_id=action_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    plan_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient,
    body: ChangeDropoutActionStatus,
    idempotency_key: str | Unset = UNSET,

) -> Response[Any | Problem]:
    """ Follow an action: planned → in_progress → done, or dropped

    Args:
        plan_id (str):
        action_id (str):
        idempotency_key (str | Unset):
        body (ChangeDropoutActionStatus): planned → in_progress → done, or dropped before done.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        plan_id=plan_id,
action_id=action_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    plan_id: str,
    action_id: str,
    *,
    client: AuthenticatedClient,
    body: ChangeDropoutActionStatus,
    idempotency_key: str | Unset = UNSET,

) -> Any | Problem | None:
    """ Follow an action: planned → in_progress → done, or dropped

    Args:
        plan_id (str):
        action_id (str):
        idempotency_key (str | Unset):
        body (ChangeDropoutActionStatus): planned → in_progress → done, or dropped before done.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        plan_id=plan_id,
action_id=action_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
