"""Which addresses `nn-tutor serve` answers to: the Host and Origin headers it accepts.

Any web page open in the learner's browser can send requests to a server on this machine.
Refusing a Host header that does not name this server stops DNS rebinding (a foreign name
made to resolve to 127.0.0.1), and refusing a foreign Origin stops other sites from opening
a websocket into a tutor.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# name or [IPv6], then an optional port: nothing else (no user@, path or spaces)
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?", re.ASCII)


def listen_addresses(host: str, port: int) -> list[tuple]:
    """getaddrinfo's answers for the address a server on host:port listens on ('' = all)."""
    return socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)


def _ip(name: str):
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _is_local(ip: str) -> bool:
    """Whether ip is an address of this machine: only those can be bound to."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((ip, 0))
        except OSError:
            return False
    return True


class ServedAddress:
    """The host:port a server listens on, and the names a browser may reach it by.

    Bound to loopback: the host given, localhost, 127.0.0.1 and [::1]. Bound to all
    interfaces: those, this machine's names and any address of this machine. Otherwise:
    the host given and the addresses it resolves to. Raises socket.gaierror for a host
    that does not resolve.
    """

    def __init__(self, host: str, port: int):
        self.port = port
        ips = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in listen_addresses(host, port)}
        self.everywhere = any(ip.is_unspecified for ip in ips)
        self.loopback = all(ip.is_loopback for ip in ips)
        names = {str(ip) for ip in ips if not ip.is_unspecified}
        if not self.everywhere:
            names.add(host.lower())
        if self.everywhere or self.loopback:
            names |= LOOPBACK_NAMES
        if self.everywhere:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        self.names = frozenset(names)

    def allows_host(self, value: str | None) -> bool:
        """Whether a Host header (`name`, `name:port`, `[v6]:port`) names this server."""
        match = _HOST.fullmatch(value or "")
        if match is None:
            return False
        name, port = match[1].lower(), int(match[2] or 80)
        if name.startswith("["):
            name = name[1:-1]
        ip = _ip(name)
        if ip is not None:
            name = str(ip)
        if port != self.port:
            return False
        if name in self.names:
            return True
        return self.everywhere and ip is not None and not ip.is_unspecified and _is_local(name)

    def allows_origin(self, value: str | None) -> bool:
        """Whether an Origin header is a page of this server (`http://` + an allowed host)."""
        scheme = "http://"
        return bool(value) and value.startswith(scheme) and self.allows_host(value[len(scheme) :])
