"""A careful HTTP client for SPARQL 1.1 endpoints and the Graph Store Protocol.

What SPARQLWrapper's urllib does not give us: a connect timeout and a total deadline per call,
retries for reads only, redirects followed by hand (http and https only, on every hop: never
``file:``, ``data:`` or ``ftp:``) so that credentials never go to another host, credentials
refused over plain http, an answer capped at :data:`MAX_RESPONSE_BYTES`, and errors that never
show a secret. The opener knows only HTTP and HTTPS (no file, FTP, data or proxy handlers).

Credentials come from the environment: ``SOURCING_KG_ENDPOINT_TOKEN`` (sent as a bearer
token) or ``SOURCING_KG_ENDPOINT_USER`` with ``SOURCING_KG_ENDPOINT_PASSWORD`` (basic).
"""

from __future__ import annotations

import base64
import http.client
import os
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sourcing_kg.core.errors import EndpointError

TOKEN_ENV = "SOURCING_KG_ENDPOINT_TOKEN"
USER_ENV = "SOURCING_KG_ENDPOINT_USER"
PASSWORD_ENV = "SOURCING_KG_ENDPOINT_PASSWORD"
RETRY_STATUS = frozenset({429, 502, 503, 504})
MAX_REDIRECTS = 5
#: Largest answer read from an endpoint (a body beyond it is an error, exit 4).
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_SCHEMES = frozenset({"http", "https"})


def credentials_from_env(env: Mapping[str, str] | None = None) -> str | None:
    """The ``Authorization`` header value from the environment, or ``None``."""
    env = os.environ if env is None else env
    if env.get(TOKEN_ENV):
        return f"Bearer {env[TOKEN_ENV]}"
    if env.get(USER_ENV):
        pair = f"{env[USER_ENV]}:{env.get(PASSWORD_ENV, '')}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def safe_url(url: str) -> str:
    """The URL as it may appear in a message: no user info, no query string."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # we follow redirects ourselves


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


@dataclass
class HttpClient:
    """HTTP calls with timeouts, read-only retries and credential hygiene."""

    authorization: str | None = None
    connect_timeout: float = 10.0
    total_timeout: float = 60.0
    retries: int = 2
    backoff: float = 0.5
    ssl_context: ssl.SSLContext | None = None  # e.g. to trust an organisation's own CA
    max_body_bytes: int = MAX_RESPONSE_BYTES

    def __post_init__(self) -> None:
        # Only HTTP(S): build_opener would add file:, ftp:, data: and proxy handlers.
        opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(context=self.ssl_context),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
            _NoRedirect(),
        ):
            opener.add_handler(handler)
        self._opener = opener

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        read: bool = True,
    ) -> Response:
        """One call; ``read`` marks a call that may be retried (a query, never a write)."""
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in _SCHEMES:
            raise EndpointError(f"endpoint must be http(s): {safe_url(url)}")
        if urllib.parse.urlsplit(url).username:
            raise EndpointError(
                f"credentials in the URL are refused; use {TOKEN_ENV} or {USER_ENV}/{PASSWORD_ENV}"
            )
        if self.authorization and scheme != "https":
            raise EndpointError(f"refusing to send credentials over plain http to {safe_url(url)}")
        deadline = time.monotonic() + self.total_timeout
        attempts = 1 + (self.retries if read else 0)
        for attempt in range(attempts):
            try:
                return self._follow(method, url, body, dict(headers or {}), deadline)
            except _Retryable as error:
                if attempt + 1 >= attempts or time.monotonic() + self.backoff >= deadline:
                    raise EndpointError(str(error)) from None
                time.sleep(self.backoff * (2**attempt))
        raise AssertionError("unreachable")

    def _follow(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], deadline: float
    ) -> Response:
        origin = _origin(url)
        authorization = self.authorization
        for _ in range(MAX_REDIRECTS + 1):
            send = dict(headers)
            if authorization and _origin(url) == origin:
                send["Authorization"] = authorization
            status, location, response = self._once(method, url, body, send, deadline)
            if location is None:
                return response
            url = urllib.parse.urljoin(url, location)
            scheme = urllib.parse.urlsplit(url).scheme.lower()
            if scheme not in _SCHEMES:
                raise EndpointError(
                    f"the endpoint redirected to a {scheme or 'relative'}: URL; only http and "
                    "https are followed"
                )
            if urllib.parse.urlsplit(url).username:
                raise EndpointError("the endpoint redirected to a URL with credentials; refused")
            if _origin(url) != origin:
                authorization = None  # never forwarded to another host, port or scheme
            if status == 303 or (status in {301, 302} and method == "POST"):
                method, body = "GET", None
        raise EndpointError(f"too many redirects from {safe_url(url)}")

    def _once(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], deadline: float
    ) -> tuple[int, str | None, Response]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EndpointError(f"no answer from {safe_url(url)} within {self.total_timeout:g} s")
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            handle = self._opener.open(request, timeout=min(self.connect_timeout, remaining))
        except urllib.error.HTTPError as error:
            if error.code in {301, 302, 303, 307, 308} and error.headers.get("Location"):
                return error.code, error.headers["Location"], Response(error.code, "", b"")
            if error.code in RETRY_STATUS:
                raise _Retryable(f"{safe_url(url)} answered HTTP {error.code}") from None
            detail = error.read(2000).decode("utf-8", "replace").strip().splitlines()
            reason = detail[0] if detail else error.reason
            raise EndpointError(f"{safe_url(url)} answered HTTP {error.code}: {reason}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as error:
            reason = str(getattr(error, "reason", "") or error)
            raise _Retryable(f"cannot reach {safe_url(url)}: {reason}") from None
        except (ValueError, http.client.HTTPException) as error:
            raise EndpointError(f"cannot call {safe_url(url)}: {error}") from None
        with handle:
            chunks = []
            size = 0
            try:
                while True:
                    if time.monotonic() > deadline:
                        raise EndpointError(
                            f"no complete answer from {safe_url(url)} within "
                            f"{self.total_timeout:g} s"
                        )
                    chunk = handle.read1(
                        65536
                    )  # what has arrived, so the deadline is checked often
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.max_body_bytes:
                        raise EndpointError(
                            f"the answer from {safe_url(url)} exceeds the limit of "
                            f"{self.max_body_bytes:,} bytes"
                        )
                    chunks.append(chunk)
            except (TimeoutError, http.client.HTTPException, OSError) as error:
                raise _Retryable(f"answer from {safe_url(url)} broke off: {error}") from None
            return (
                handle.status,
                None,
                Response(handle.status, handle.headers.get("Content-Type", ""), b"".join(chunks)),
            )


class _Retryable(Exception):
    """A failure worth another try (for reads only)."""
