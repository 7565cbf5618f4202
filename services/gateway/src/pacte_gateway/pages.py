"""Pages in French from the templates, redirects that htmx follows, and one-shot flash messages."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from pacte_gateway import session as sessions
from pacte_gateway.context import Context

FLASH_COOKIE = "pacte_flash"


def redirect(url: str, request: Request) -> Response:
    """303 for a page; for an htmx request (not a boosted link or form), htmx's own redirect header."""
    if request.headers.get("hx-request") and not request.headers.get("hx-boosted"):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


class PageRenderer:
    def __init__(self, request: Request, context: Context, user: sessions.Session | None) -> None:
        self.request = request
        self.context = context
        self.user = user

    def render(self, template: str, values: dict[str, Any], *, status_code: int = 200) -> Response:
        """The page with what every template uses: the user, the flash message, the CSRF token and a fresh
        Idempotency-Key for its forms. Partials (`_*.html`) leave the flash message to the page."""
        cookie = self.request.cookies.get(FLASH_COOKIE)
        message = sessions.unsign(self.context.session_key, cookie) if cookie else None
        response = self.context.templates.TemplateResponse(self.request, template, {
            "user": self.user, "flash": message, "csrf": self.user.csrf if self.user else "",
            "idem": uuid.uuid4().hex, "path": self.request.url.path, "today": date.today().isoformat(), **values,
        }, status_code=status_code)
        if message is not None and not template.startswith("_"):
            response.delete_cookie(FLASH_COOKIE, path="/")
        return response

    def redirect(self, url: str) -> Response:
        return redirect(url, self.request)

    def flash(self, response: Response, kind: str, message: str) -> Response:
        """Shows `message` on the next page rendered (kind `ok` or `error`)."""
        response.set_cookie(FLASH_COOKIE, sessions.sign(self.context.session_key, {"k": kind, "m": message}),
                            max_age=60, httponly=True, samesite="strict",
                            secure=self.context.settings.cookies_secure, path="/")
        return response
