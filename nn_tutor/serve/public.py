"""`nn-tutor serve --public-url`: the address a proxy (jupyter-server-proxy, a web server)
serves the tutor under, so that its pages, static files and websocket work there.

A whole URL (`https://hub.example.org/user/ada/nn-tutor/`) names one address: requests for
it must carry exactly that Host, and that origin when they send one. A path alone
(`/user/ada/nn-tutor/`, what jupyter-server-proxy knows when it starts the tutor) trusts the
proxy's Host, and asks only that an Origin sent names the same host (a page of another
site cannot open a tutor); the tutor still listens on loopback only, behind the proxy's own
login. The proxy strips the path before passing requests on, so the routes stay /, /ws, /static.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?", re.ASCII)
_PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*", re.ASCII)
DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_port(value: str | None, default_port: int | None) -> tuple[str, int | None] | None:
    match = _HOST.fullmatch(value or "")
    if match is None:
        return None
    return match[1].lower(), int(match[2]) if match[2] else default_port


@dataclass(frozen=True)
class PublicURL:
    scheme: str | None  # None for a path alone
    host: str | None  # name or [v6], lower case
    port: int | None
    prefix: str  # starts and ends with "/"

    @classmethod
    def parse(cls, text: str) -> PublicURL:
        """ValueError (saying why) unless text is http(s)://host[:port]/path/ or /path/."""
        if text.startswith("/"):
            path, scheme, netloc = text, None, None
        else:
            parts = urlsplit(text)
            if parts.scheme not in DEFAULT_PORTS or not parts.netloc or parts.query or parts.fragment:
                raise ValueError("expected http://host[:port]/path/, https://… or a path such as /nn-tutor/")
            path, scheme, netloc = parts.path or "/", parts.scheme, parts.netloc
        if not _PATH.fullmatch(path) or "//" in path or "/../" in path + "/" or "/./" in path + "/":
            raise ValueError(f"the path {path!r} is not a plain URL path")
        prefix = path if path.endswith("/") else path + "/"
        if netloc is None:
            return cls(None, None, None, prefix)
        found = _host_port(netloc, DEFAULT_PORTS[scheme])
        if found is None:
            raise ValueError(f"{netloc!r} is not a host[:port]")
        return cls(scheme, found[0], found[1], prefix)

    @property
    def whole(self) -> bool:
        return self.host is not None

    def names_host(self, host: str | None) -> bool:
        """Whether a Host header names exactly this address (a whole URL only)."""
        return self.whole and _host_port(host, DEFAULT_PORTS[self.scheme]) == (self.host, self.port)

    def allows(self, host: str | None, origin: str | None) -> bool:
        """Whether a request with this Host and Origin (None: not sent) is for this address."""
        if self.whole:
            return self.names_host(host) and (origin is None or origin.lower() == self.origin)
        if _host_port(host, None) is None:
            return False
        return origin is None or origin.lower() in (f"http://{host.lower()}", f"https://{host.lower()}")

    @property
    def origin(self) -> str:
        port = "" if self.port == DEFAULT_PORTS[self.scheme] else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}"

    def websocket_url(self, host: str) -> str:
        """The page's websocket address (through the proxy)."""
        if self.whole:
            return ("wss:" if self.scheme == "https" else "ws:") + self.origin.split(":", 1)[1] + self.prefix + "ws"
        return f"ws://{host}{self.prefix}ws"  # the page puts wss: when it was loaded over https

    # run in the page, right after the terminal's element: the scheme the page was loaded with
    SCHEME_FIX = (
        "<script>(function(){var e=document.querySelector('[data-session-websocket-url]');"
        "if(e&&location.protocol==='https:'){e.dataset.sessionWebsocketUrl="
        "e.dataset.sessionWebsocketUrl.replace(/^ws:/,'wss:');}})();</script>"
    )
