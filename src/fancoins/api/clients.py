"""Who the client is, as far as the network can tell: the peer's address, or, when the peer
is one of our trusted proxies, the address it says it forwarded for."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

from starlette.requests import HTTPConnection

from fancoins.config import Settings

UNKNOWN_ADDRESS = "unknown"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(connection: HTTPConnection, settings: Settings) -> str:
    """The peer's address; through trusted proxies, the right-most X-Forwarded-For hop that
    is not one of them (hops further left are the client's own claims: never believed)."""
    peer = connection.client.host if connection.client else UNKNOWN_ADDRESS
    if not settings.http.trusted_proxies:
        return peer
    networks = _networks(settings.http.trusted_proxies)
    if not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in connection.headers.getlist("x-forwarded-for")
            for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer
