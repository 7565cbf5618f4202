"""Where an endpoint may point (server-side request forgery). The rule is checked on the addresses the
host name resolves to, when the endpoint is registered and again before every attempt (a name may be
re-pointed later: DNS rebinding); the attempt then connects to the address that was checked.

- `public` (production): https only, and every address public (no loopback, private, link-local,
  shared, multicast, reserved or unspecified address, IPv4-mapped ones included).
- `loopback` (development, tests): every address loopback; http allowed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


class UrlRefused(ValueError):
    """The URL may not receive deliveries; the message says why (no secret, no personal data)."""


def parse_target(url: str) -> Target:
    if len(url) > MAX_URL_LENGTH:
        raise UrlRefused(f"the URL is longer than {MAX_URL_LENGTH} characters")
    try:
        parts: SplitResult = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("the URL is not valid") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UrlRefused("the URL must be http(s)://host/...")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("the URL must not carry credentials")
    if parts.fragment:
        raise UrlRefused("the URL must not have a fragment")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def check(policy: str, target: Target, addresses: Sequence[str]) -> str:
    """The address to connect to, or `UrlRefused`."""
    if not addresses:
        raise UrlRefused(f"{target.host} does not resolve")
    parsed = [_address(a) for a in addresses]
    if policy == "loopback":
        if not all(a.is_loopback for a in parsed):
            raise UrlRefused(f"{target.host} resolves to an address that is not loopback (development settings)")
    elif policy == "public":
        if target.scheme != "https":
            raise UrlRefused("the URL must use https")
        if not all(a.is_global and not a.is_multicast for a in parsed):
            raise UrlRefused(f"{target.host} resolves to a private, loopback or reserved address")
    else:
        raise UrlRefused(f"unknown URL policy {policy!r}")
    return str(parsed[0])
