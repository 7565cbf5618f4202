"""The public, read-only routes: every published file, with no authentication at all.

Nothing here can write, and nothing the service holds is private: the tables keep public facts and
indicators after confidentiality only. Answers are cacheable (ETag, Last-Modified, conditional GET
with 304) and open to any origin, as open data must be.
"""

from __future__ import annotations

from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, Depends, Request, Response

from pacte_opendata.entrypoints.conditional import http_date, not_modified
from pacte_opendata.service_layer.publication import Publication
from pacte_platform.http import PROBLEM_SCHEMA, Problem

#: path → (summary, media type)
PUBLIC_FILES: dict[str, tuple[str, str]] = {
    "catalogue.json": ("Catalogue: every published file, its licence and its last change", "application/json"),
    "ocds/release-package.json": ("OCDS 1.1.5 release package: tenders, lots, awards, orders, payments",
                                  "application/json"),
    "ocds/record-package.json": ("OCDS 1.1.5 record package: one compiled record per contracting process",
                                 "application/json"),
    "decp/marches.json": ("DECP 2.0.3: essential data of every awarded lot", "application/json"),
    "decp/withheld.json": ("Awarded lots not yet publishable in DECP, with the reason", "application/json"),
    "indicators/indicators.json": ("Public indicators per scope, small counts withheld", "application/json"),
    "indicators/indicators.csv": ("Public indicators per scope, small counts withheld (CSV)", "text/csv"),
    "indicators/dictionary.csv": ("Data dictionary of the indicators, in French (CSV)", "text/csv"),
}
CACHE_CONTROL = "public, max-age=60"

router = APIRouter(tags=["open data"])


def _publication(request: Request) -> Publication:
    publication: Publication = request.app.state.publication
    return publication


def _pool(request: Request) -> asyncpg.Pool:
    return request.app.state.pacte_runtime.db()


async def serve(path: str, request: Request, publication: Publication, pool: asyncpg.Pool) -> Response:
    document = await publication.document(pool, path)
    if document is None:
        raise Problem(404, "not_found", f"nothing is published in {path} yet")
    headers = {"ETag": document.etag, "Last-Modified": http_date(document.modified_at),
               "Cache-Control": CACHE_CONTROL, "Access-Control-Allow-Origin": "*"}
    if not_modified(request.headers, document.etag, document.modified_at):
        return Response(status_code=304, headers=headers)
    return Response(document.body, media_type=document.media_type, headers=headers)


def _route(path: str) -> Any:
    async def endpoint(request: Request, publication: Annotated[Publication, Depends(_publication)],
                       pool: Annotated[asyncpg.Pool, Depends(_pool)]) -> Response:
        return await serve(path, request, publication, pool)

    return endpoint


for _path, (_summary, _media_type) in PUBLIC_FILES.items():
    router.add_api_route(
        "/" if _path == "catalogue.json" else f"/{_path}", _route(_path), methods=["GET"], summary=_summary,
        response_class=Response, name=_path,
        responses={200: {"content": {_media_type: {}}, "description": _summary, "headers": {
                       "ETag": {"schema": {"type": "string"}}, "Last-Modified": {"schema": {"type": "string"}}}},
                   304: {"description": "Not modified since the client's copy (If-None-Match / If-Modified-Since)"},
                   404: PROBLEM_SCHEMA},
    )
