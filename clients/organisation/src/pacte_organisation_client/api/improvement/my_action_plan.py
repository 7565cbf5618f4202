from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.my_action_plan_response_my_action_plan_v1_plans_plan_id_dropout_action_plans_year_get import MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet
from ...models.my_action_plan_scope import MyActionPlanScope
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    plan_id: str,
    year: int,
    *,
    scope: MyActionPlanScope | Unset = MyActionPlanScope.ORGANISATION,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/plans/{plan_id}/dropout-action-plans/{year}".format(plan_id=quote(str(plan_id), safe=""),year=quote(str(year), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem | None:
    if response.status_code == 200:
        response_200 = MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    plan_id: str,
    year: int,
    *,
    client: AuthenticatedClient,
    scope: MyActionPlanScope | Unset = MyActionPlanScope.ORGANISATION,

) -> Response[MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem]:
    """ The year's dropout profile and actions, with earlier actions still open

    Args:
        plan_id (str):
        year (int):
        scope (MyActionPlanScope | Unset):  Default: MyActionPlanScope.ORGANISATION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem]
     """


    kwargs = _get_kwargs(
        plan_id=plan_id,
year=year,
scope=scope,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    plan_id: str,
    year: int,
    *,
    client: AuthenticatedClient,
    scope: MyActionPlanScope | Unset = MyActionPlanScope.ORGANISATION,

) -> MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem | None:
    """ The year's dropout profile and actions, with earlier actions still open

    Args:
        plan_id (str):
        year (int):
        scope (MyActionPlanScope | Unset):  Default: MyActionPlanScope.ORGANISATION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem
     """


    return sync_detailed(
        plan_id=plan_id,
year=year,
client=client,
scope=scope,

    ).parsed

async def asyncio_detailed(
    plan_id: str,
    year: int,
    *,
    client: AuthenticatedClient,
    scope: MyActionPlanScope | Unset = MyActionPlanScope.ORGANISATION,

) -> Response[MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem]:
    """ The year's dropout profile and actions, with earlier actions still open

    Args:
        plan_id (str):
        year (int):
        scope (MyActionPlanScope | Unset):  Default: MyActionPlanScope.ORGANISATION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem]
     """


    kwargs = _get_kwargs(
        plan_id=plan_id,
year=year,
scope=scope,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    plan_id: str,
    year: int,
    *,
    client: AuthenticatedClient,
    scope: MyActionPlanScope | Unset = MyActionPlanScope.ORGANISATION,

) -> MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem | None:
    """ The year's dropout profile and actions, with earlier actions still open

    Args:
        plan_id (str):
        year (int):
        scope (MyActionPlanScope | Unset):  Default: MyActionPlanScope.ORGANISATION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MyActionPlanResponseMyActionPlanV1PlansPlanIdDropoutActionPlansYearGet | Problem
     """


    return (await asyncio_detailed(
        plan_id=plan_id,
year=year,
client=client,
scope=scope,

    )).parsed
