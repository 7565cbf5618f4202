"""One form's command: forwarded to the owning service, then post/redirect/get with a flash message."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from starlette.datastructures import FormData

from pacte_gateway import labels
from pacte_gateway.calls import UserCalls
from pacte_gateway.pages import PageRenderer
from pacte_gateway.upstream import UpstreamError


def refusal_text(exc: UpstreamError) -> str:
    return f"{labels.PROBLEMS.get(exc.code, 'Refusé')} ({exc.code}) : {exc.detail}"


class FormCommand:
    """`form` passed the CSRF check; its hidden `idem` field (one per rendered form) is the Idempotency-Key,
    so a form sent twice runs once."""

    def __init__(self, form: FormData, calls: UserCalls, pages: PageRenderer) -> None:
        self.form = form
        self.calls = calls
        self.pages = pages

    async def send(self, service: str, path: str, body: dict[str, Any] | None, *, done: str, success: str,
                   failure_to: str | None = None) -> Response:
        """On success redirects to `done`; on refusal to `failure_to` (else `done`) with the reason and its code."""
        try:
            await self.calls.send(service, path, body, idempotency_key=str(self.form.get("idem") or "") or None)
        except UpstreamError as exc:
            return self.pages.flash(self.pages.redirect(failure_to or done), "error", refusal_text(exc))
        return self.pages.flash(self.pages.redirect(done), "ok", success)
