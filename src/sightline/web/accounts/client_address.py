"""The address a request came from, as throttling and the access log record it.

REMOTE_ADDR is the peer that opened the connection. Behind a reverse proxy that peer is the proxy,
so every user would share one address; the proxy passes the real address in X-Forwarded-For. That
header is only believed when the peer is a proxy named in SIGHTLINE_TRUSTED_PROXIES: anyone else
can write whatever they like in it. Proxies append the address they saw, so the client is the
right-most entry not written by one of our own proxies.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(entries: Iterable[str]) -> list[Network]:
    """The proxies named in the setting (addresses, or networks such as 10.0.0.0/8)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"SIGHTLINE_TRUSTED_PROXIES: {entry.strip()!r} is not an IP address or network"
            ) from None
    return networks


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(ip, proxies: list[Network]) -> bool:
    return any(ip in network for network in proxies if network.version == ip.version)


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or (only when that peer is a trusted proxy) the address it forwarded for."""
    peer = _ip(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    proxies = trusted_proxies(getattr(settings, "SIGHTLINE_TRUSTED_PROXIES", ()))
    if not _is_trusted(peer, proxies):
        return str(peer)
    hops = [text.strip() for text in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [text for text in hops if text]
    for text in reversed(hops):
        ip = _ip(text)
        if ip is None:
            # Not an address where the client's should be: believe nothing further left.
            return str(peer)
        if not _is_trusted(ip, proxies):
            return str(ip)
    # Every hop is one of our proxies (or none was forwarded): the furthest one we know.
    return str(_ip(hops[0])) if hops else str(peer)
