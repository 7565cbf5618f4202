"""What the routes take through `Depends`.

`SignedIn` refuses a request without a live server-side session (redirect to the login page); `CheckedForm`
refuses a form without the session's CSRF token; `Calls` reads the services as the user, `Pages`
renders, `Command` forwards the form's command. FastAPI resolves each once per request, so a route
that takes several sees one user, and the session is checked before the CSRF token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from pacte_gateway import session as sessions
from pacte_gateway.calls import UserCalls
from pacte_gateway.commands import FormCommand
from pacte_gateway.context import Context, context_of
from pacte_gateway.errors import CsrfFailed, LoginRequired
from pacte_gateway.pages import PageRenderer

Shared = Annotated[Context, Depends(context_of)]


async def optional_user(request: Request, context: Shared) -> sessions.Session | None:
    """The session the cookie names, if it is still live (kept on the request for the error pages)."""
    user = await context.sessions.current(request.cookies.get(sessions.COOKIE))
    request.state.user = user
    return user


def signed_in(user: Annotated[sessions.Session | None, Depends(optional_user)]) -> sessions.Session:
    if user is None:
        raise LoginRequired
    return user


SignedIn = Annotated[sessions.Session, Depends(signed_in)]


async def checked_form(request: Request, user: SignedIn) -> FormData:
    form = await request.form()
    given = form.get("csrf") or request.headers.get("x-csrf-token")
    if not sessions.csrf_matches(user.csrf, str(given) if given else None):
        raise CsrfFailed
    return form


def page_renderer(request: Request, context: Shared,
                  user: Annotated[sessions.Session | None, Depends(optional_user)]) -> PageRenderer:
    return PageRenderer(request, context, user)


def user_calls(request: Request, context: Shared, user: SignedIn) -> UserCalls:
    return UserCalls(context.upstream, context.sessions.upstream_token(user), request.state.correlation_id)


CheckedForm = Annotated[FormData, Depends(checked_form)]
Pages = Annotated[PageRenderer, Depends(page_renderer)]
Calls = Annotated[UserCalls, Depends(user_calls)]


def form_command(form: CheckedForm, calls: Calls, pages: Pages) -> FormCommand:
    return FormCommand(form, calls, pages)


Command = Annotated[FormCommand, Depends(form_command)]
