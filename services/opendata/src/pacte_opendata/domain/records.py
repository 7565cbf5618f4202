"""OCDS packages and records (pure): the release package, and one record per ocid whose compiled
release merges its releases in date order by OCDS's merge rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pacte_opendata.domain.ocds import LOTS_EXTENSION, Release, stamp
from pacte_opendata.domain.publisher import LICENCE_URL, Publisher

OCDS_VERSION = "1.1"


def merge(compiled: dict[str, Any], release: dict[str, Any]) -> dict[str, Any]:
    """OCDS merging: objects merge field by field, arrays of objects with an id merge item by id
    (identity), any other value or array replaces the earlier one; `tag` is not merged."""
    result = dict(compiled)
    for key, value in release.items():
        if key == "tag":
            continue
        earlier = result.get(key)
        if isinstance(value, dict) and isinstance(earlier, dict):
            result[key] = merge(earlier, value)
        elif isinstance(earlier, list) and _identified(value) and _identified(earlier):
            items = {item["id"]: item for item in earlier}
            for item in value:
                items[item["id"]] = merge(items[item["id"]], item) if item["id"] in items else item
            result[key] = list(items.values())
        else:
            result[key] = value
    return result


def _identified(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and "id" in i for i in value)


def compiled_release(ocid: str, releases: Sequence[Release]) -> Release:
    ordered = sorted(releases, key=lambda r: (r["date"], r["id"]))
    compiled: dict[str, Any] = {}
    for release in ordered:
        compiled = merge(compiled, release)
    return {**compiled, "ocid": ocid, "id": f"{ocid}-compiled", "date": ordered[-1]["date"], "tag": ["compiled"]}


def _metadata(publisher: Publisher, uri: str, published_at: datetime) -> dict[str, Any]:
    return {
        "uri": uri, "version": OCDS_VERSION, "publishedDate": stamp(published_at),
        "publisher": {"name": publisher.buyer_name, "scheme": "FR-RCS", "uid": publisher.buyer_siret},
        "license": LICENCE_URL, "publicationPolicy": f"{publisher.base_url}/",
        "extensions": [LOTS_EXTENSION],
    }


def release_package(releases: Iterable[Release], publisher: Publisher, published_at: datetime) -> dict[str, Any]:
    return {**_metadata(publisher, f"{publisher.base_url}/ocds/release-package.json", published_at),
            "releases": list(releases)}


def record_package(releases: Iterable[Release], publisher: Publisher, published_at: datetime) -> dict[str, Any]:
    by_ocid: dict[str, list[Release]] = {}
    for release in releases:
        by_ocid.setdefault(release["ocid"], []).append(release)
    package_uri = f"{publisher.base_url}/ocds/release-package.json"
    records = [{"ocid": ocid,
                "releases": [{"url": f"{package_uri}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in found],
                "compiledRelease": compiled_release(ocid, found)}
               for ocid, found in sorted(by_ocid.items())]
    return {**_metadata(publisher, f"{publisher.base_url}/ocds/record-package.json", published_at),
            "packages": [package_uri], "records": records}
