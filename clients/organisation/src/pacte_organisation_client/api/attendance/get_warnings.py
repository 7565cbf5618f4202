from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.http_validation_error import HTTPValidationError
from ...models.problem import Problem
from ...models.warning_out import WarningOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    trainee_id: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_trainee_id: None | str | Unset
    if isinstance(trainee_id, Unset):
        json_trainee_id = UNSET
    else:
        json_trainee_id = trainee_id
    params["trainee_id"] = json_trainee_id


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/warnings",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HTTPValidationError | Problem | list[WarningOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = WarningOut.from_dict(response_200_item_data)



            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[HTTPValidationError | Problem | list[WarningOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    trainee_id: None | str | Unset = UNSET,

) -> Response[HTTPValidationError | Problem | list[WarningOut]]:
    """ The organisation's open early dropout warnings (repérage précoce du décrochage)

     Trainees of the organisation's sessions of 300 hours and more whose last 5 planned days show 2
    unjustified absences, 3 absences in a row, or hours present below half the hours planned (thresholds
    are configuration). Each warning names the trainee by the pseudonym its enrolment answered
    (`trainee_key`); with `trainee_id` (the organisation's own id), that trainee's only. A warning
    clears by itself when attendance recovers. `warning_id` is the one the `dropout_warning.*` webhooks
    carry (they name no trainee: this read says whose).

    Args:
        trainee_id (None | str | Unset): The organisation's own trainee id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | Problem | list[WarningOut]]
     """


    kwargs = _get_kwargs(
        trainee_id=trainee_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    trainee_id: None | str | Unset = UNSET,

) -> HTTPValidationError | Problem | list[WarningOut] | None:
    """ The organisation's open early dropout warnings (repérage précoce du décrochage)

     Trainees of the organisation's sessions of 300 hours and more whose last 5 planned days show 2
    unjustified absences, 3 absences in a row, or hours present below half the hours planned (thresholds
    are configuration). Each warning names the trainee by the pseudonym its enrolment answered
    (`trainee_key`); with `trainee_id` (the organisation's own id), that trainee's only. A warning
    clears by itself when attendance recovers. `warning_id` is the one the `dropout_warning.*` webhooks
    carry (they name no trainee: this read says whose).

    Args:
        trainee_id (None | str | Unset): The organisation's own trainee id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | Problem | list[WarningOut]
     """


    return sync_detailed(
        client=client,
trainee_id=trainee_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    trainee_id: None | str | Unset = UNSET,

) -> Response[HTTPValidationError | Problem | list[WarningOut]]:
    """ The organisation's open early dropout warnings (repérage précoce du décrochage)

     Trainees of the organisation's sessions of 300 hours and more whose last 5 planned days show 2
    unjustified absences, 3 absences in a row, or hours present below half the hours planned (thresholds
    are configuration). Each warning names the trainee by the pseudonym its enrolment answered
    (`trainee_key`); with `trainee_id` (the organisation's own id), that trainee's only. A warning
    clears by itself when attendance recovers. `warning_id` is the one the `dropout_warning.*` webhooks
    carry (they name no trainee: this read says whose).

    Args:
        trainee_id (None | str | Unset): The organisation's own trainee id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | Problem | list[WarningOut]]
     """


    kwargs = _get_kwargs(
        trainee_id=trainee_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    trainee_id: None | str | Unset = UNSET,

) -> HTTPValidationError | Problem | list[WarningOut] | None:
    """ The organisation's open early dropout warnings (repérage précoce du décrochage)

     Trainees of the organisation's sessions of 300 hours and more whose last 5 planned days show 2
    unjustified absences, 3 absences in a row, or hours present below half the hours planned (thresholds
    are configuration). Each warning names the trainee by the pseudonym its enrolment answered
    (`trainee_key`); with `trainee_id` (the organisation's own id), that trainee's only. A warning
    clears by itself when attendance recovers. `warning_id` is the one the `dropout_warning.*` webhooks
    carry (they name no trainee: this read says whose).

    Args:
        trainee_id (None | str | Unset): The organisation's own trainee id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | Problem | list[WarningOut]
     """


    return (await asyncio_detailed(
        client=client,
trainee_id=trainee_id,

    )).parsed
