"""Signing in and out, and the landing page of each role.

The login form is protected by its own CSRF token in a short cookie (double submit), since there is
no session yet; a successful login issues the user's back-office token, kept in the session cookie.
"""

from __future__ import annotations

import asyncio
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pacte_gateway import session as sessions
from pacte_gateway.context import Context
from pacte_gateway.dependencies import CheckedForm, Pages, Shared, SignedIn
from pacte_gateway.errors import CsrfFailed
from pacte_gateway.forms import safe_next, text
from pacte_gateway.users import authenticate
from pacte_platform.auth import issue_token
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


def login_form(pages: Pages, context: Context, suite: str, *, name: str = "", error: str | None = None,
               status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = pages.render("login.html", {"login_csrf": token, "suite": suite, "identifiant": name,
                                           "dev_users": context.using_dev_users, "error": error},
                            status_code=status_code)
    response.set_cookie(sessions.LOGIN_COOKIE, token, max_age=LOGIN_FORM_TTL_S, httponly=True, samesite="strict",
                        secure=context.settings.session_cookie_secure, path="/connexion")
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
    user = await asyncio.to_thread(authenticate, context.users, name, password)
    if user is None:
        log.info("gateway.login_refused", user=name[:64])
        return login_form(pages, context, suite, name=name, error="Identifiant ou mot de passe incorrect.",
                          status_code=401)
    settings = context.settings
    token = issue_token(settings.auth_secret, user.name, list(user.roles), settings.session_ttl_s)
    session = sessions.new_session(user.name, user.roles, token, settings.session_ttl_s)
    log.info("gateway.login", user=user.name, roles=list(user.roles))
    response = RedirectResponse(suite if suite != "/" else landing(session), status_code=303)
    response.set_cookie(sessions.COOKIE, sessions.encode(context.session_key, session), max_age=settings.session_ttl_s,
                        httponly=True, samesite="strict", secure=settings.session_cookie_secure, path="/")
    response.delete_cookie(sessions.LOGIN_COOKIE, path="/connexion")
    return response


@router.post("/deconnexion")
async def logout(_: CheckedForm) -> Response:
    response = RedirectResponse("/connexion", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@router.get("/")
async def home(user: SignedIn) -> Response:
    return RedirectResponse(landing(user), status_code=303)
