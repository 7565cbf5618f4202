"""The back-office's routers, one per area, in the order `create_app` includes them."""

from __future__ import annotations

from fastapi import APIRouter

from pacte_gateway.routers import (
    auth,
    billing,
    catalogue,
    invoices,
    lots,
    operations,
    orders,
    organisations,
    plans,
    sessions,
    steering,
    tenders,
    what_if,
)

ROUTERS: tuple[APIRouter, ...] = tuple(module.router for module in (
    operations, auth, tenders, lots, orders, sessions, catalogue, organisations, billing, invoices, plans,
    steering, what_if))
