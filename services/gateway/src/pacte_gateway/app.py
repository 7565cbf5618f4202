"""The back-office web application: server-rendered pages in French over the services' HTTP APIs.

Every page reads the services with the signed-in user's back-office token; every form posts to the
gateway, which checks the session's CSRF token and forwards the command to the owning service with
an Idempotency-Key (one per rendered form), then redirects (post/redirect/get) with a message.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from pacte_gateway import formatting, labels
from pacte_gateway import session as sessions
from pacte_gateway.settings import DEV_USERS, SERVICE, GatewaySettings
from pacte_gateway.upstream import Upstream, UpstreamError
from pacte_gateway.users import authenticate, parse_users
from pacte_platform.auth import issue_token
from pacte_platform.logging import bind_correlation_id, get_logger

HERE = Path(__file__).resolve().parent
FLASH_COOKIE = "pacte_flash"
log = get_logger(component="gateway")

#: Key figures of the steering page, in display order, with their format.
KEY_INDICATORS = (
    ("entries", "number"), ("places_offered", "number"), ("fill_rate", "percent"), ("dropout_rate", "percent"),
    ("dropout_excl_employment_rate", "percent"),
    ("certification_rate", "percent"), ("return_to_work_6m_rate", "percent"),
    ("durable_employment_6m_rate", "percent"), ("satisfaction_avg", "score"),
    ("priority_public_share", "percent"), ("committed_cents", "euros"), ("invoiced_cents", "euros"),
    ("paid_cents", "euros"), ("cost_per_entry_cents", "euros"),
)


class LoginRequired(Exception):
    pass


class CsrfFailed(Exception):
    pass


def display(value: Any, kind: str) -> str:
    if kind == "percent":
        return formatting.percent(value)
    if kind == "euros":
        return formatting.euros(value)
    if kind == "score":
        return formatting.number(value, 2) if value is not None else formatting.EMPTY
    return formatting.number(value)


def invoice_id_of(order_id: str, period: str, version: int) -> str:
    """Billing names invoices `INV-<order>-<period>-v<version>` (its list answers in report shape, without ids)."""
    return f"INV-{order_id}-{period}-v{version}"


def create_app(settings: GatewaySettings | None = None, *,
               transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    users = parse_users(settings.backoffice_users or DEV_USERS)
    using_dev_users = not settings.backoffice_users
    key = sessions.session_key(settings.session_secret, settings.auth_secret)
    upstream = Upstream({"procurement": settings.procurement_url, "attendance": settings.attendance_url,
                         "billing": settings.billing_url, "improvement": settings.improvement_url,
                         "indicators": settings.indicators_url}, settings.upstream_timeout_s, transport)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if using_dev_users:
            log.warning("gateway.dev_users", detail="PACTE_BACKOFFICE_USERS is not set: development users apply")
        yield
        await upstream.close()

    app = FastAPI(title="pacte — back-office", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    formatting.install(templates.env)
    labels.install(templates.env)
    templates.env.globals.update(grafana_url=settings.grafana_url.rstrip("/"), display=display,
                                 invoice_id_of=invoice_id_of, KEY_INDICATORS=KEY_INDICATORS)
    app.state.upstream = upstream
    app.state.settings = settings

    # --- plumbing ---------------------------------------------------------------------------

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        request.state.correlation_id = request.headers.get("x-correlation-id") or str(uuid.uuid4())
        bind_correlation_id(request.state.correlation_id)
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers["x-correlation-id"] = request.state.correlation_id
        if request.url.path != "/health" and not request.url.path.startswith("/static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def current(request: Request) -> sessions.Session:
        found = sessions.decode(key, request.cookies.get(sessions.COOKIE))
        if found is None:
            raise LoginRequired
        return found

    def redirect(url: str, request: Request) -> Response:
        if request.headers.get("hx-request") and not request.headers.get("hx-boosted"):
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _: LoginRequired) -> Response:
        target = request.url.path if request.method == "GET" else "/"
        response = redirect(f"/connexion?suite={quote(target)}", request)
        response.delete_cookie(sessions.COOKIE, path="/")
        return response

    @app.exception_handler(CsrfFailed)
    async def _csrf_failed(request: Request, _: CsrfFailed) -> Response:
        return PlainTextResponse("Jeton anti-falsification (CSRF) invalide : rechargez la page.", status_code=403)

    def flash(response: Response, kind: str, message: str) -> Response:
        response.set_cookie(FLASH_COOKIE, sessions.sign(key, {"k": kind, "m": message}), max_age=60, httponly=True,
                            samesite="strict", secure=settings.session_cookie_secure, path="/")
        return response

    def render(request: Request, template: str, context: dict[str, Any], *, status_code: int = 200,
               user: sessions.Session | None = None) -> Response:
        message = sessions.unsign(key, request.cookies.get(FLASH_COOKIE, "")) if request.cookies.get(
            FLASH_COOKIE) else None
        response = templates.TemplateResponse(request, template, {
            "user": user, "flash": message, "csrf": user.csrf if user else "", "idem": uuid.uuid4().hex,
            "path": request.url.path, "today": date.today().isoformat(), **context,
        }, status_code=status_code)
        if message is not None and not template.startswith("_"):
            response.delete_cookie(FLASH_COOKIE, path="/")
        return response

    async def form_of(request: Request, user: sessions.Session) -> FormData:
        form = await request.form()
        given = form.get("csrf") or request.headers.get("x-csrf-token")
        if not sessions.csrf_matches(user.csrf, str(given) if given else None):
            raise CsrfFailed
        return form

    async def command(request: Request, user: sessions.Session, form: FormData, service: str, path: str,
                      body: dict[str, Any] | None, *, done: str, success: str,
                      failure_to: str | None = None) -> Response:
        """Forwards one command; on success redirects to `done`, on refusal back to the form with the reason."""
        try:
            await upstream.post(service, path, token=user.token, json=body,
                                idempotency_key=str(form.get("idem") or "") or None,
                                correlation_id=request.state.correlation_id)
        except UpstreamError as exc:
            if exc.status == 401:
                raise LoginRequired from exc
            return flash(redirect(failure_to or done, request), "error", refusal_text(exc))
        return flash(redirect(done, request), "ok", success)

    def refusal_text(exc: UpstreamError) -> str:
        title = labels.PROBLEMS.get(exc.code, "Refusé")
        return f"{title} ({exc.code}) : {exc.detail}"

    async def read(user: sessions.Session, service: str, path: str, **params: Any) -> Any:
        try:
            return await upstream.get(service, path, token=user.token, params=params or None)
        except UpstreamError as exc:
            if exc.status == 401:
                raise LoginRequired from exc
            raise

    async def read_all(user: sessions.Session, service: str, path: str, **params: Any) -> list[dict[str, Any]]:
        try:
            return await upstream.get_all(service, path, token=user.token, params=params or None)
        except UpstreamError as exc:
            if exc.status == 401:
                raise LoginRequired from exc
            raise

    @app.exception_handler(UpstreamError)
    async def _upstream_error(request: Request, exc: UpstreamError) -> Response:
        user = sessions.decode(key, request.cookies.get(sessions.COOKIE))
        status = exc.status if exc.status in (403, 404) else 502
        return render(request, "error.html", {"title": labels.PROBLEMS.get(exc.code, "Erreur"), "error": exc},
                      status_code=status, user=user)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": SERVICE}

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/internal/quiet", include_in_schema=False)
    async def quiet() -> dict[str, Any]:
        """The gateway has no outbox and no consumer: it is always quiet (see pacte_cli.quiet)."""
        return {"service": SERVICE, "outbox_depth": 0, "consumer_groups": {}}

    # --- sign in / out ----------------------------------------------------------------------

    @app.get("/connexion", response_class=HTMLResponse)
    async def login_page(request: Request, suite: str = "/") -> Response:
        token = secrets.token_urlsafe(24)
        response = render(request, "login.html", {"login_csrf": token, "suite": _safe_next(suite),
                                                  "dev_users": using_dev_users, "error": None})
        response.set_cookie(sessions.LOGIN_COOKIE, token, max_age=1800, httponly=True, samesite="strict",
                            secure=settings.session_cookie_secure, path="/connexion")
        return response

    @app.post("/connexion", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await request.form()
        suite = _safe_next(str(form.get("suite") or "/"))
        if not sessions.csrf_matches(request.cookies.get(sessions.LOGIN_COOKIE, ""), str(form.get("csrf") or "")):
            raise CsrfFailed
        name, password = str(form.get("identifiant") or "").strip(), str(form.get("mot_de_passe") or "")
        user = await asyncio.to_thread(authenticate, users, name, password)
        if user is None:
            log.info("gateway.login_refused", user=name[:64])
            token = secrets.token_urlsafe(24)
            response = render(request, "login.html", {"login_csrf": token, "suite": suite, "identifiant": name,
                                                      "dev_users": using_dev_users,
                                                      "error": "Identifiant ou mot de passe incorrect."},
                              status_code=401)
            response.set_cookie(sessions.LOGIN_COOKIE, token, max_age=1800, httponly=True, samesite="strict",
                                secure=settings.session_cookie_secure, path="/connexion")
            return response
        token = issue_token(settings.auth_secret, user.name, list(user.roles), settings.session_ttl_s)
        session = sessions.new_session(user.name, user.roles, token, settings.session_ttl_s)
        log.info("gateway.login", user=user.name, roles=list(user.roles))
        response = RedirectResponse(suite if suite != "/" else landing(session), status_code=303)
        response.set_cookie(sessions.COOKIE, sessions.encode(key, session), max_age=settings.session_ttl_s,
                            httponly=True, samesite="strict", secure=settings.session_cookie_secure, path="/")
        response.delete_cookie(sessions.LOGIN_COOKIE, path="/connexion")
        return response

    @app.post("/deconnexion")
    async def logout(request: Request) -> Response:
        user = current(request)
        await form_of(request, user)
        response = RedirectResponse("/connexion", status_code=303)
        response.delete_cookie(sessions.COOKIE, path="/")
        return response

    def landing(user: sessions.Session) -> str:
        if user.has_any("buyer"):
            return "/appels-offres"
        if user.has_any("finance"):
            return "/facturation"
        return "/pilotage"

    @app.get("/")
    async def home(request: Request) -> Response:
        return RedirectResponse(landing(current(request)), status_code=303)

    # --- tenders and lots -------------------------------------------------------------------

    @app.get("/appels-offres", response_class=HTMLResponse)
    async def tenders_page(request: Request) -> Response:
        user = current(request)
        tenders = await read_all(user, "procurement", "/tenders")
        return render(request, "tenders.html", {"title": "Appels d'offres", "tenders": tenders}, user=user)

    @app.post("/appels-offres")
    async def publish_tender(request: Request) -> Response:
        user = current(request)
        form = await form_of(request, user)
        tender_id = _text(form, "tender_id")
        body = {"tender_id": tender_id, "reference": _text(form, "reference"), "title": _text(form, "title"),
                "axis": _text(form, "axis"), "procedure": _text(form, "procedure"),
                "budget_cents": _cents(form, "budget"), "starts_on": _text(form, "starts_on"),
                "ends_on": _text(form, "ends_on")}
        return await command(request, user, form, "procurement", "/tenders", body,
                             done=f"/appels-offres/{quote(tender_id)}", failure_to="/appels-offres",
                             success=f"Appel d'offres {tender_id} publié.")

    @app.get("/appels-offres/{tender_id}", response_class=HTMLResponse)
    async def tender_page(request: Request, tender_id: str) -> Response:
        user = current(request)
        tender, lots = await asyncio.gather(read(user, "procurement", f"/tenders/{quote(tender_id)}"),
                                            read_all(user, "procurement", "/lots", tender_id=tender_id))
        return render(request, "tender.html", {"title": f"Appel d'offres {tender['reference']}", "tender": tender,
                                               "lots": lots}, user=user)

    @app.post("/appels-offres/{tender_id}/lots")
    async def define_lot(request: Request, tender_id: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        lot_id = _text(form, "lot_id")
        modules = [m.strip() for m in _text(form, "additional_modules").splitlines() if m.strip()]
        body = {"lot_id": lot_id, "tender_id": tender_id, "number": _int(form, "number"),
                "title": _text(form, "title"), "territory": _text(form, "territory"), "domain": _text(form, "domain"),
                "action_type": _text(form, "action_type"), "billing_unit": _text(form, "billing_unit"),
                "unit_price_cents": _cents(form, "unit_price"), "session_capacity": _int(form, "session_capacity"),
                "return_to_work_bonus_cents": _cents(form, "return_to_work_bonus"),
                "additional_modules": modules}
        return await command(request, user, form, "procurement", "/lots", body, done=f"/lots/{quote(lot_id)}",
                             failure_to=f"/appels-offres/{quote(tender_id)}", success=f"Lot {lot_id} défini.")

    @app.post("/appels-offres/{tender_id}/cloture")
    async def close_tender(request: Request, tender_id: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        return await command(request, user, form, "procurement", f"/tenders/{quote(tender_id)}/close", None,
                             done=f"/appels-offres/{quote(tender_id)}", success=f"Appel d'offres {tender_id} clos.")

    @app.get("/lots", response_class=HTMLResponse)
    async def lots_page(request: Request, statut: str = "") -> Response:
        user = current(request)
        lots = await read_all(user, "procurement", "/lots", status=statut or None)
        return render(request, "lots.html", {"title": "Lots", "lots": lots, "statut": statut}, user=user)

    @app.get("/lots/{lot_id}", response_class=HTMLResponse)
    async def lot_page(request: Request, lot_id: str) -> Response:
        user = current(request)
        lot, orders = await asyncio.gather(read(user, "procurement", f"/lots/{quote(lot_id)}"),
                                           read_all(user, "procurement", "/orders", lot_id=lot_id))
        tender = await read(user, "procurement", f"/tenders/{quote(lot['tender_id'])}")
        return render(request, "lot.html", {"title": f"Lot {lot['lot_id']}", "lot": lot, "orders": orders,
                                            "tender": tender}, user=user)

    @app.post("/lots/{lot_id}/attribution")
    async def award_lot(request: Request, lot_id: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        holder = _text(form, "organisation_id")
        members = [m.strip() for m in _text(form, "members").replace(",", "\n").splitlines() if m.strip()]
        if holder and holder not in members:
            members.insert(0, holder)
        body = {"lot_id": lot_id, "organisation_id": holder, "organisation_name": _text(form, "organisation_name"),
                "members": members}
        return await command(request, user, form, "procurement", f"/lots/{quote(lot_id)}/award", body,
                             done=f"/lots/{quote(lot_id)}", success=f"Lot {lot_id} attribué à {holder}.")

    @app.post("/lots/{lot_id}/infructueux")
    async def unsuccessful_lot(request: Request, lot_id: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        return await command(request, user, form, "procurement", f"/lots/{quote(lot_id)}/unsuccessful",
                             {"lot_id": lot_id}, done=f"/lots/{quote(lot_id)}",
                             success=f"Lot {lot_id} déclaré infructueux.")

    # --- orders, sessions, catalogue --------------------------------------------------------

    @app.get("/commandes", response_class=HTMLResponse)
    async def orders_page(request: Request) -> Response:
        user = current(request)
        orders, lots = await asyncio.gather(read_all(user, "procurement", "/orders"),
                                            read_all(user, "procurement", "/lots", status="awarded"))
        return render(request, "orders.html", {"title": "Commandes", "orders": orders, "awarded_lots": lots},
                      user=user)

    @app.post("/commandes")
    async def place_order(request: Request) -> Response:
        user = current(request)
        form = await form_of(request, user)
        order_id = _text(form, "order_id")
        body = {"order_id": order_id, "lot_id": _text(form, "lot_id"), "amount_cents": _cents(form, "amount")}
        back = str(form.get("retour") or "/commandes")
        return await command(request, user, form, "procurement", "/orders", body,
                             done=f"/commandes/{quote(order_id)}", failure_to=_safe_next(back),
                             success=f"Commande {order_id} passée.")

    @app.get("/commandes/{order_id}", response_class=HTMLResponse)
    async def order_page(request: Request, order_id: str) -> Response:
        user = current(request)
        order, order_sessions, accrual, invoices = await asyncio.gather(
            read(user, "procurement", f"/orders/{quote(order_id)}"),
            read_all(user, "procurement", "/sessions", order_id=order_id),
            _optional(read(user, "billing", f"/orders/{quote(order_id)}/accrual")),
            read(user, "billing", "/invoices"))
        mine = [i for i in invoices if i["order_id"] == order_id]
        invoiced = sum(i["payable_cents"] for i in _latest_versions(mine))
        return render(request, "order.html", {
            "title": f"Commande {order_id}", "order": order, "sessions": order_sessions, "accrual": accrual,
            "invoices": mine, "invoiced": invoiced, "left_on_order": order["amount_cents"] - invoiced}, user=user)

    @app.get("/sessions", response_class=HTMLResponse)
    async def sessions_page(request: Request) -> Response:
        user = current(request)
        found, orders = await asyncio.gather(read_all(user, "procurement", "/sessions"),
                                             read_all(user, "procurement", "/orders"))
        return render(request, "sessions.html", {"title": "Sessions", "sessions": found, "orders": orders},
                      user=user)

    @app.post("/sessions")
    async def schedule_session(request: Request) -> Response:
        user = current(request)
        form = await form_of(request, user)
        session_id = _text(form, "session_id")
        starts, ends = _text(form, "starts_on"), _text(form, "ends_on")
        planned = [d for d in _text(form, "planned_days").replace(",", " ").split() if d] or _weekdays(starts, ends)
        body = {"session_id": session_id, "order_id": _text(form, "order_id"), "starts_on": starts, "ends_on": ends,
                "planned_days": planned, "hours_per_day": _number(form, "hours_per_day"),
                "capacity": _int(form, "capacity"), "place": _text(form, "place")}
        back = _safe_next(str(form.get("retour") or "/sessions"))
        return await command(request, user, form, "procurement", "/sessions", body, done=back,
                             success=f"Session {session_id} programmée ({len(planned)} jours).")

    @app.post("/sessions/{session_id}/annulation")
    async def cancel_session(request: Request, session_id: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        return await command(request, user, form, "procurement", f"/sessions/{quote(session_id)}/cancel",
                             {"session_id": session_id}, done=_safe_next(str(form.get("retour") or "/sessions")),
                             success=f"Session {session_id} annulée.")

    @app.get("/catalogue", response_class=HTMLResponse)
    async def catalogue_page(request: Request, du: str = "", territoire: str = "", domaine: str = "",
                             axe: str = "") -> Response:
        user = current(request)
        start = du or date.today().isoformat()
        items = await read_all(user, "procurement", "/catalogue", **{"from": start, "territory": territoire or None,
                                                                    "domain": domaine or None, "axis": axe or None})
        return render(request, "catalogue.html", {"title": "Catalogue des 6 prochains mois", "items": items,
                                                  "du": start, "territoire": territoire, "domaine": domaine,
                                                  "axe": axe}, user=user)

    # --- billing ----------------------------------------------------------------------------

    @app.get("/facturation", response_class=HTMLResponse)
    async def billing_page(request: Request, statut: str = "", periode: str = "") -> Response:
        user = current(request)
        invoices, orders = await asyncio.gather(read(user, "billing", "/invoices"),
                                                read_all(user, "procurement", "/orders"))
        shown = [i for i in invoices if (not statut or i["status"] == statut) and (not periode or
                                                                                   i["period"] == periode)]
        return render(request, "billing.html", {
            "title": "Facturation", "invoices": shown, "all_count": len(invoices), "statut": statut,
            "periode": periode, "alerts": ceiling_alerts(invoices, orders),
            "default_period": _previous_month()}, user=user)

    @app.post("/facturation/periodes")
    async def close_period(request: Request) -> Response:
        user = current(request)
        form = await form_of(request, user)
        period = _text(form, "period")
        return await command(request, user, form, "billing", f"/periods/{quote(period)}/close", None,
                             done=f"/facturation/periodes/{quote(period)}", failure_to="/facturation",
                             success=f"Clôture de {formatting.period(period)} demandée.")

    @app.get("/facturation/periodes/{period}", response_class=HTMLResponse)
    async def period_page(request: Request, period: str) -> Response:
        user = current(request)
        closing, invoices = await asyncio.gather(read(user, "billing", f"/periods/{quote(period)}"),
                                                 read(user, "billing", "/invoices"))
        return render(request, "period.html", {"title": f"Période {formatting.period(period)}", "closing": closing,
                                               "invoices": [i for i in invoices if i["period"] == period]},
                      user=user)

    @app.get("/facturation/periodes/{period}/statut", response_class=HTMLResponse)
    async def period_status(request: Request, period: str) -> Response:
        user = current(request)
        closing = await read(user, "billing", f"/periods/{quote(period)}")
        response = render(request, "_period_status.html", {"closing": closing}, user=user)
        if closing["status"] == "closed" and request.headers.get("hx-request"):
            response.headers["HX-Refresh"] = "true"  # the invoices list below changes: reload the whole page
        return response

    @app.get("/factures/{invoice_id}", response_class=HTMLResponse)
    async def invoice_page(request: Request, invoice_id: str) -> Response:
        user = current(request)
        invoice = await read(user, "billing", f"/invoices/{quote(invoice_id)}")
        order = await _optional(read(user, "procurement", f"/orders/{quote(invoice['order_id'])}"))
        versions = [i for i in await read(user, "billing", "/invoices")
                    if i["order_id"] == invoice["order_id"] and i["period"] == invoice["period"]]
        latest = max((v["version"] for v in versions), default=invoice["version"])
        return render(request, "invoice.html", {"title": f"Facture {invoice_id}", "invoice": invoice, "order": order,
                                                "versions": versions, "is_latest": invoice["version"] == latest},
                      user=user)

    @app.get("/factures/{invoice_id}/lignes/{n}/faits", response_class=HTMLResponse)
    async def invoice_line_facts(request: Request, invoice_id: str, n: int, apres: int = 0) -> Response:
        user = current(request)
        facts = await read(user, "billing", f"/invoices/{quote(invoice_id)}/lines/{n}/facts", after=apres or None,
                           limit=200)
        return render(request, "_facts.html", {"facts": facts, "invoice_id": invoice_id, "n": n}, user=user)

    async def invoice_action(request: Request, invoice_id: str, verb: str, done_text: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        invoice = await read(user, "billing", f"/invoices/{quote(invoice_id)}")
        order_id, period = invoice["order_id"], invoice["period"]
        target = f"/factures/{quote(invoice_id)}"
        if verb == "reissue":
            target = f"/factures/{quote(invoice_id_of(order_id, period, invoice['version'] + 1))}"
        return await command(request, user, form, "billing",
                             f"/orders/{quote(order_id)}/invoices/{quote(period)}/{verb}", None, done=target,
                             failure_to=f"/factures/{quote(invoice_id)}", success=done_text)

    @app.post("/factures/{invoice_id}/approbation")
    async def approve_invoice(request: Request, invoice_id: str) -> Response:
        return await invoice_action(request, invoice_id, "approve", f"Facture {invoice_id} approuvée.")

    @app.post("/factures/{invoice_id}/paiement")
    async def pay_invoice(request: Request, invoice_id: str) -> Response:
        return await invoice_action(request, invoice_id, "pay", f"Facture {invoice_id} payée.")

    @app.post("/factures/{invoice_id}/reemission")
    async def reissue_invoice(request: Request, invoice_id: str) -> Response:
        return await invoice_action(request, invoice_id, "reissue",
                                    f"Facture {invoice_id} ré-émise en nouvelle version à partir des faits connus.")

    # --- improvement ------------------------------------------------------------------------

    @app.get("/plans", response_class=HTMLResponse)
    async def plans_page(request: Request) -> Response:
        user = current(request)
        plans = await read(user, "improvement", "/plans")
        return render(request, "plans.html", {"title": "Plans d'amélioration", "plans": plans,
                                              "year": date.today().year}, user=user)

    @app.get("/plans/export")
    async def export_actions(request: Request, annee: int, format: str = "csv") -> Response:
        user = current(request)
        fmt = "json" if format == "json" else "csv"
        try:
            response = await upstream.request("GET", "improvement", "/dropout-action-plans/export", token=user.token,
                                              params={"year": annee, "format": fmt})
        except UpstreamError as exc:
            if exc.status == 401:
                raise LoginRequired from exc
            raise
        return Response(response.content, media_type=response.headers.get("content-type", "text/csv"),
                        headers={"Content-Disposition":
                                 f'attachment; filename="plans-action-abandons-{annee}.{fmt}"'})

    @app.get("/plans/{plan_id}", response_class=HTMLResponse)
    async def plan_page(request: Request, plan_id: str, annee: int | None = None) -> Response:
        user = current(request)
        plan, progress = await asyncio.gather(read(user, "improvement", f"/plans/{quote(plan_id)}"),
                                              _optional(read(user, "improvement", f"/plans/{quote(plan_id)}/progress")))
        progress = progress or {"milestones": [], "snapshot": None}
        year = annee or _plan_year(plan)
        dropout = await _optional(read(user, "improvement", f"/plans/{quote(plan_id)}/dropout-action-plans/{year}"))
        by_id = {m["milestone_id"]: m for m in progress.get("milestones", [])}
        return render(request, "plan.html", {"title": f"Plan {plan_id}", "plan": plan, "progress": progress,
                                             "by_id": by_id, "dropout": dropout, "year": year}, user=user)

    async def decide(request: Request, milestone_id: str, verb: str, text: str) -> Response:
        user = current(request)
        form = await form_of(request, user)
        back = _safe_next(str(form.get("retour") or "/plans"))
        return await command(request, user, form, "improvement", f"/milestones/{quote(milestone_id)}/{verb}",
                             {"date": _text(form, "date")}, done=back, success=f"Jalon {milestone_id} {text}.")

    @app.post("/jalons/{milestone_id}/validation")
    async def validate_milestone(request: Request, milestone_id: str) -> Response:
        return await decide(request, milestone_id, "validate", "validé")

    @app.post("/jalons/{milestone_id}/levee")
    async def waive_milestone(request: Request, milestone_id: str) -> Response:
        return await decide(request, milestone_id, "waive", "levé")

    # --- steering ---------------------------------------------------------------------------

    @app.get("/pilotage", response_class=HTMLResponse)
    async def steering_page(request: Request) -> Response:
        user = current(request)
        programme, budget, every = await asyncio.gather(_optional(read(user, "indicators", "/indicators/programme")),
                                                        read(user, "indicators", "/budget"),
                                                        read(user, "indicators", "/indicators"))
        axes = {scope.split(":", 1)[1]: values for scope, values in every.items() if scope.startswith("axis:")}
        programme = programme or {"indicators": {}}  # nothing recorded yet
        return render(request, "steering.html", {"title": "Pilotage du programme", "programme": programme,
                                                 "budget": budget, "axes": axes,
                                                 "budget_bars": _budget_bars(budget)}, user=user)

    return app


# --- helpers -----------------------------------------------------------------------------------


async def _optional(awaitable: Any) -> Any:
    try:
        return await awaitable
    except UpstreamError as exc:
        if exc.status == 404:
            return None
        raise


def _safe_next(target: str) -> str:
    """Only local paths: never redirect to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return str(value).strip() if value is not None else ""


def _int(form: FormData, name: str) -> int | str:
    text = _text(form, name).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        return int(text)
    except ValueError:
        return text  # the service refuses it with its own `invalid` message


def _number(form: FormData, name: str) -> int | float | str:
    """A decimal typed the French way ("7,5") as a JSON number."""
    text = _text(form, name).replace(",", ".").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def _cents(form: FormData, name: str) -> int | str:
    """Euros typed the French way ("1 234,56") as integer cents."""
    text = _text(form, name).replace("€", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        amount = Decimal(text.replace(",", ".") or "0") * 100
    except InvalidOperation:
        return text
    return int(amount) if amount == amount.to_integral_value() else str(amount)


def _weekdays(starts: str, ends: str) -> list[str]:
    """Monday to Friday between two dates, the default planned days of a session."""
    try:
        first, last = date.fromisoformat(starts), date.fromisoformat(ends)
    except ValueError:
        return []
    days: list[str] = []
    current = first
    while current <= last and len(days) < 400:
        if current.weekday() < 5:
            days.append(current.isoformat())
        current = date.fromordinal(current.toordinal() + 1)
    return days


def _previous_month() -> str:
    today = date.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def _plan_year(plan: dict[str, Any]) -> int:
    dues = sorted(m["due_on"] for m in plan.get("milestones", []) if m.get("due_on"))
    return int(dues[0][:4]) if dues else date.today().year


def _latest_versions(invoices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for invoice in invoices:
        slot = (invoice["order_id"], invoice["period"])
        if slot not in latest or invoice["version"] > latest[slot]["version"]:
            latest[slot] = invoice
    return list(latest.values())


def ceiling_alerts(invoices: list[dict[str, Any]], orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Orders whose invoices reached the order's amount (ceiling), with what was held back above it."""
    ceilings = {o["order_id"]: o for o in orders}
    payable: dict[str, int] = defaultdict(int)
    over: dict[str, int] = defaultdict(int)
    for invoice in _latest_versions(invoices):
        payable[invoice["order_id"]] += int(invoice["payable_cents"])
        over[invoice["order_id"]] += int(invoice["over_ceiling_cents"])
    alerts = []
    for order_id in sorted(set(payable) | set(over)):
        order = ceilings.get(order_id)
        ceiling = int(order["amount_cents"]) if order else None
        if over[order_id] > 0 or (ceiling is not None and payable[order_id] >= ceiling):
            alerts.append({"order_id": order_id, "lot_id": order["lot_id"] if order else None,
                           "ceiling_cents": ceiling, "payable_cents": payable[order_id],
                           "over_ceiling_cents": over[order_id]})
    return alerts


def _budget_bars(budget: dict[str, Any]) -> list[dict[str, Any]]:
    bars = []
    for axis in ("qualifying", "essentials", "transverse"):
        figures = budget.get(axis, {})
        share, target = figures.get("share"), figures.get("target")
        gap = None
        if share is not None and target is not None:
            gap = str(Decimal(str(share)) - Decimal(str(target)))
        bars.append({"axis": axis, **figures, "gap": gap,
                     "share_pct": min(100, round(float(share) * 100)) if share is not None else 0,
                     "target_pct": round(float(target) * 100) if target is not None else 0})
    return bars
