from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.post_attendance_sheet_response_200 import PostAttendanceSheetResponse200
from ...models.problem import Problem
from ...types import File, FileTypes
from ...types import UNSET, Unset
from io import BytesIO
from typing import cast



def _get_kwargs(
    session_id: str,
    *,
    body: File,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/{session_id}/attendance-sheet".format(session_id=quote(str(session_id), safe=""),),
    }

    _kwargs["content"] = body.payload.read()
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PostAttendanceSheetResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = PostAttendanceSheetResponse200.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PostAttendanceSheetResponse200 | Problem]:
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
    body: File,
    idempotency_key: str | Unset = UNSET,

) -> Response[PostAttendanceSheetResponse200 | Problem]:
    """ Upload an attendance sheet (CSV)

     Feuille d'émargement: one `attendance.record` per line. UTF-8 text, `;` separator, header line
    `trainee_id;date;hours_present;absence`, ISO dates, hours with `.` or `,` as decimal mark, an empty
    absence for none (else `justified` or `unjustified`). Good lines are applied in one transaction; bad
    lines are reported by line number (the header is line 1) with their reason. A sheet for an unknown,
    foreign or cancelled session is refused as a whole. Honours `Idempotency-Key`.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PostAttendanceSheetResponse200 | Problem]
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
    body: File,
    idempotency_key: str | Unset = UNSET,

) -> PostAttendanceSheetResponse200 | Problem | None:
    """ Upload an attendance sheet (CSV)

     Feuille d'émargement: one `attendance.record` per line. UTF-8 text, `;` separator, header line
    `trainee_id;date;hours_present;absence`, ISO dates, hours with `.` or `,` as decimal mark, an empty
    absence for none (else `justified` or `unjustified`). Good lines are applied in one transaction; bad
    lines are reported by line number (the header is line 1) with their reason. A sheet for an unknown,
    foreign or cancelled session is refused as a whole. Honours `Idempotency-Key`.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PostAttendanceSheetResponse200 | Problem
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
    body: File,
    idempotency_key: str | Unset = UNSET,

) -> Response[PostAttendanceSheetResponse200 | Problem]:
    """ Upload an attendance sheet (CSV)

     Feuille d'émargement: one `attendance.record` per line. UTF-8 text, `;` separator, header line
    `trainee_id;date;hours_present;absence`, ISO dates, hours with `.` or `,` as decimal mark, an empty
    absence for none (else `justified` or `unjustified`). Good lines are applied in one transaction; bad
    lines are reported by line number (the header is line 1) with their reason. A sheet for an unknown,
    foreign or cancelled session is refused as a whole. Honours `Idempotency-Key`.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PostAttendanceSheetResponse200 | Problem]
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
    body: File,
    idempotency_key: str | Unset = UNSET,

) -> PostAttendanceSheetResponse200 | Problem | None:
    """ Upload an attendance sheet (CSV)

     Feuille d'émargement: one `attendance.record` per line. UTF-8 text, `;` separator, header line
    `trainee_id;date;hours_present;absence`, ISO dates, hours with `.` or `,` as decimal mark, an empty
    absence for none (else `justified` or `unjustified`). Good lines are applied in one transaction; bad
    lines are reported by line number (the header is line 1) with their reason. A sheet for an unknown,
    foreign or cancelled session is refused as a whole. Honours `Idempotency-Key`.

    Args:
        session_id (str):
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PostAttendanceSheetResponse200 | Problem
     """


    return (await asyncio_detailed(
        session_id=session_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
