"""Reads the results back through the services' APIs into SCENARIO.md's report format."""

from __future__ import annotations

from typing import Any

import httpx

from pacte_platform.auth import issue_token


async def build_report(client: httpx.AsyncClient, urls: dict[str, str], auth_secret: str,
                       rejections: list[dict[str, Any]]) -> dict[str, Any]:
    token = issue_token(auth_secret, "scenario-report", ["auditor", "steering", "finance"])
    headers = {"Authorization": f"Bearer {token}"}

    async def get(service: str, path: str) -> Any:
        response = await client.get(urls[service] + path, headers=headers, timeout=120)
        response.raise_for_status()
        return response.json()

    invoices = await get("billing", "/invoices")
    if isinstance(invoices, dict) and "items" in invoices:
        invoices = invoices["items"]
    milestones = await get("improvement", "/milestones")
    indicators = await get("indicators", "/indicators")
    budget = await get("indicators", "/budget")
    return {
        "invoices": sorted(invoices, key=lambda i: (i["order_id"], i["period"], i["version"])),
        "milestones": dict(sorted(milestones.items())),
        "indicators": dict(sorted(indicators.items())),
        "budget": budget,
        "rejections": sorted(rejections, key=lambda r: r["cmd_line"]),
    }


def compare(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Field-by-field differences; extra indicator scopes and indicators in `actual` are allowed."""
    differences: list[str] = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        for key, value in expected.items():
            if key not in actual:
                differences.append(f"{path}.{key}: missing")
            else:
                differences.extend(compare(value, actual[key], f"{path}.{key}"))
        strict_keys = path in ("$", "$.budget") or path.startswith("$.invoices") or path == "$.milestones"
        if strict_keys or (path.startswith("$.indicators.") and path.count(".") >= 3):
            for key in actual:
                if key not in expected:
                    differences.append(f"{path}.{key}: unexpected")
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        if len(expected) != len(actual):
            differences.append(f"{path}: {len(expected)} items expected, {len(actual)} found")
        for index, (e, a) in enumerate(zip(expected, actual, strict=False)):
            differences.extend(compare(e, a, f"{path}[{index}]"))
    elif expected != actual or type(expected) is not type(actual):
        differences.append(f"{path}: expected {expected!r}, got {actual!r}")
    return differences
