"""The organisation's reads of procurement (`/v1/lots`, `/v1/catalogue`): its own lots and sessions,
paged; another organisation's lot is a 404 like an absent one, and lists never show it."""

from __future__ import annotations

from datetime import date, timedelta

from pacte_testing import Infra
from pacte_testing.organisations import grant_api_key

from ._support import running_service, unique
from .test_procurement_api import session_body, setup_awarded_lot


async def test_an_organisation_reads_its_lots_and_catalogue_and_nothing_of_another(
        infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        start = date.today() + timedelta(days=30)
        mine, theirs = await setup_awarded_lot(svc), await setup_awarded_lot(svc)
        orders = {}
        for ids in (mine, theirs):
            orders[ids["lot"]] = unique("BC")
            r = await svc.post("/orders", {"order_id": orders[ids["lot"]], "lot_id": ids["lot"],
                                           "amount_cents": 50_000})
            assert r.status_code == 201, r.text
            days = [(start + timedelta(days=n)).isoformat() for n in range(3)]
            r = await svc.post("/sessions", session_body(unique("S"), orders[ids["lot"]], days[0], days))
            assert r.status_code == 201, r.text
        as_mine = await grant_api_key(svc.runtime.db(), mine["org"])
        as_theirs = await grant_api_key(svc.runtime.db(), theirs["org"])

        assert (await svc.client.get("/v1/lots")).status_code == 401
        page = (await svc.client.get("/v1/lots", headers=as_mine)).json()
        assert [(lot["lot_id"], lot["role"], lot["orders"], lot["sessions"]) for lot in page["items"]] == [
            (mine["lot"], "holder", 1, 1)]
        assert page["next_cursor"] is None
        assert (await svc.client.get(f"/v1/lots/{mine['lot']}", headers=as_mine)).json()["status"] == "awarded"
        for lot_id in (theirs["lot"], "L-absent"):
            r = await svc.client.get(f"/v1/lots/{lot_id}", headers=as_mine)
            assert (r.status_code, r.json()["code"]) == (404, "not_found")

        catalogue = (await svc.client.get("/v1/catalogue", headers=as_theirs,
                                          params={"from": date.today().isoformat()})).json()
        assert [s["order_id"] for s in catalogue["items"]] == [orders[theirs["lot"]]]
        assert catalogue["items"][0]["planned_days"][0] == start.isoformat()
        r = await svc.client.get("/v1/catalogue", headers=as_theirs, params={"cursor": "not-a-cursor"})
        assert (r.status_code, r.json()["code"]) == (422, "invalid")


async def test_lots_are_paged_with_a_cursor(infra: Infra, database_url: str) -> None:
    async with running_service(infra, database_url) as svc:
        first = await setup_awarded_lot(svc)
        organisation = first["org"]
        for _ in range(2):  # two more lots held by the same organisation
            ids = await setup_awarded_lot(svc)
            await svc.runtime.db().execute("UPDATE lots SET holder_id = $1, members = ARRAY[$1] WHERE lot_id = $2",
                                           organisation, ids["lot"])
        as_org = await grant_api_key(svc.runtime.db(), organisation)
        seen, cursor = [], None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await svc.client.get("/v1/lots", headers=as_org, params=params)).json()
            seen += [lot["lot_id"] for lot in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == 3 and seen == sorted(seen)
