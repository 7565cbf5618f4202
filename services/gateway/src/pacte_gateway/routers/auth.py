"""Signing in and out, and the landing page of each role.

The login form is protected by its own CSRF token in a short cookie (double submit), since there is
no session yet. A successful sign-in creates a server-side session (`signin.Authenticator`) whose
random id is the only thing the cookie carries; too many failures for a user name or an address are
answered 429 with `Retry-After` until the wait is over; signing out ends the session everywhere.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pacte_gateway import session as sessions
from pacte_gateway.context import Context
from pacte_gateway.dependencies import CheckedForm, Pages, Shared, SignedIn
from pacte_gateway.errors import CsrfFailed
from pacte_gateway.forms import safe_next, text
from pacte_gateway.signin import Throttled
from pacte_platform.logging import get_logger

router = APIRouter()
log = get_logger(component="gateway")
LOGIN_FORM_TTL_S = 1800


def landing(user: sessions.Session) -> str:
    if user.has_any("buyer"):
        return "/appels-offres"
    if user.has_any("finance"):
        return "/facturation"
    return "/pilotage"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login_form(pages: Pages, context: Context, suite: str, *, name: str = "", error: str | None = None,
               status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    token = secrets.token_urlsafe(24)
    response = pages.render("login.html", {"login_csrf": token, "suite": suite, "identifiant": name,
                                           "dev_users": context.using_dev_users, "error": error},
                            status_code=status_code)
    response.headers.update(headers or {})
    response.set_cookie(sessions.LOGIN_COOKIE, token, max_age=LOGIN_FORM_TTL_S, httponly=True, samesite="strict",
                        secure=context.settings.cookies_secure, path="/connexion")
    return response


@router.get("/connexion", response_class=HTMLResponse)
async def login_page(pages: Pages, context: Shared, suite: str = "/") -> Response:
    return login_form(pages, context, safe_next(suite))


@router.post("/connexion", response_class=HTMLResponse)
async def login(request: Request, pages: Pages, context: Shared) -> Response:
    form = await request.form()
    suite = safe_next(str(form.get("suite") or "/"))
    if not sessions.csrf_matches(request.cookies.get(sessions.LOGIN_COOKIE, ""), str(form.get("csrf") or "")):
        raise CsrfFailed
    name, password = text(form, "identifiant"), str(form.get("mot_de_passe") or "")
    outcome = await context.sessions.sign_in(name, password, client_address(request), request.state.correlation_id)
    if isinstance(outcome, Throttled):
        log.info("gateway.login_throttled", retry_after_s=outcome.retry_after_s)
        minutes = max(1, -(-outcome.retry_after_s // 60))
        return login_form(pages, context, suite, name=name, status_code=429,
                          headers={"Retry-After": str(outcome.retry_after_s)},
                          error=f"Trop de tentatives : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.")
    if outcome is None:
        log.info("gateway.login_refused")
        return login_form(pages, context, suite, name=name, error="Identifiant ou mot de passe incorrect.",
                          status_code=401)
    settings = context.settings
    log.info("gateway.login", user=outcome.session.user, roles=list(outcome.session.roles))
    response = RedirectResponse(suite if suite != "/" else landing(outcome.session), status_code=303)
    response.set_cookie(sessions.COOKIE, outcome.session_id, max_age=settings.session_ttl_s, httponly=True,
                        samesite="strict", secure=settings.cookies_secure, path="/")
    response.delete_cookie(sessions.LOGIN_COOKIE, path="/connexion")
    return response


@router.post("/deconnexion")
async def logout(request: Request, user: SignedIn, context: Shared, _: CheckedForm) -> Response:
    await context.sessions.sign_out(user, client_address(request), request.state.correlation_id)
    response = RedirectResponse("/connexion", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@router.get("/")
async def home(user: SignedIn) -> Response:
    return RedirectResponse(landing(user), status_code=303)
