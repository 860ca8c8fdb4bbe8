"""The endpoint client against loopback HTTP(S) servers started here.

Proves: credentials are refused over plain http, never sent after a redirect to another
host/port, kept on a same-origin redirect; connect and total timeouts are honoured; reads are
retried and writes are not; secrets never appear in errors.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sourcing_kg.core.errors import EndpointError
from sourcing_kg.sparql.http import HttpClient, credentials_from_env

SECRET = "s3cr3t-t0ken-value"
Handler = Callable[[BaseHTTPRequestHandler], None]


class Server:
    def __init__(self, handle: Handler, context: ssl.SSLContext | None = None):
        self.requests: list[dict[str, str]] = []
        outer = self

        class _H(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.requests.append(
                    {
                        "path": self.path,
                        "method": self.command,
                        **{k.lower(): v for k, v in self.headers.items()},
                    }
                )
                handle(self)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        if context is not None:
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if context else "http"
        self.url = f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}"
        # shutdown() waits for the loop's next poll: 0.5 s by default, per server
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def ok(request: BaseHTTPRequestHandler) -> None:
    body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    request.send_response(200)
    request.send_header("Content-Type", "application/sparql-results+json")
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1: (server context, client context trusting it)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a loopback certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.close()


def test_credentials_refused_over_plain_http(servers: list[Server]) -> None:
    servers.append(Server(ok))
    client = HttpClient(authorization=f"Bearer {SECRET}")
    with pytest.raises(EndpointError) as error:
        client.request("POST", servers[0].url + "/query", body=b"query=ASK{}")
    assert "plain http" in str(error.value) and SECRET not in str(error.value)
    assert servers[0].requests == []  # nothing was sent at all


def test_credentials_in_url_refused(servers: list[Server]) -> None:
    servers.append(Server(ok))
    url = servers[0].url.replace("://", f"://user:{SECRET}@") + "/query"
    with pytest.raises(EndpointError) as error:
        HttpClient().request("GET", url)
    assert SECRET not in str(error.value) and servers[0].requests == []


def redirect_to(target: Callable[[], str]) -> Handler:
    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(307)
        request.send_header("Location", target())
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handle


def test_no_credentials_on_redirect_to_another_host(servers: list[Server], tls) -> None:
    server_ctx, client_ctx = tls
    other = Server(ok, server_ctx)
    first = Server(redirect_to(lambda: other.url + "/elsewhere"), server_ctx)
    servers += [other, first]
    client = HttpClient(authorization=f"Bearer {SECRET}", ssl_context=client_ctx)
    response = client.request("POST", first.url + "/query", body=b"query=ASK{}")
    assert response.status == 200
    assert first.requests[0]["authorization"] == f"Bearer {SECRET}"
    assert other.requests[0]["path"] == "/elsewhere"
    assert "authorization" not in other.requests[0]


def test_credentials_kept_on_same_origin_redirect(servers: list[Server], tls) -> None:
    server_ctx, client_ctx = tls
    calls = {"n": 0}

    def handle(request: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        (redirect_to(lambda: "/moved") if calls["n"] == 1 else ok)(request)

    servers.append(Server(handle, server_ctx))
    client = HttpClient(authorization=f"Bearer {SECRET}", ssl_context=client_ctx)
    assert client.request("POST", servers[0].url + "/query", body=b"q").status == 200
    assert [r.get("authorization") for r in servers[0].requests] == [f"Bearer {SECRET}"] * 2


def test_total_timeout_on_a_server_that_never_answers(servers: list[Server]) -> None:
    servers.append(Server(lambda request: time.sleep(3)))
    client = HttpClient(connect_timeout=0.3, total_timeout=0.8, retries=5, backoff=0.1)
    started = time.monotonic()
    with pytest.raises(EndpointError):
        client.request("POST", servers[0].url + "/query", body=b"q")
    assert time.monotonic() - started < 1.5


def test_total_timeout_on_a_trickling_answer(servers: list[Server]) -> None:
    def trickle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "100")
        request.end_headers()
        for _ in range(30):
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(0.1)

    servers.append(Server(trickle))
    client = HttpClient(connect_timeout=1, total_timeout=0.6, retries=0)
    started = time.monotonic()
    with pytest.raises(EndpointError):
        client.request("GET", servers[0].url + "/query")
    assert time.monotonic() - started < 1.5


def flaky() -> Handler:
    calls = {"n": 0}

    def handle(request: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            request.send_response(503)
            request.send_header("Content-Length", "0")
            request.end_headers()
        else:
            ok(request)

    return handle


def test_reads_are_retried_writes_are_not(servers: list[Server]) -> None:
    reads, writes = Server(flaky()), Server(flaky())
    servers += [reads, writes]
    client = HttpClient(backoff=0.05)
    assert client.request("POST", reads.url + "/query", body=b"q", read=True).status == 200
    assert len(reads.requests) == 2
    with pytest.raises(EndpointError):
        client.request("PUT", writes.url + "/store?graph=x", body=b"", read=False)
    assert len(writes.requests) == 1


def test_error_messages_hide_secrets(servers: list[Server], tls) -> None:
    server_ctx, client_ctx = tls

    def refuse(request: BaseHTTPRequestHandler) -> None:
        request.send_response(401)
        request.send_header("Content-Length", "0")
        request.end_headers()

    servers.append(Server(refuse, server_ctx))
    client = HttpClient(
        authorization=credentials_from_env({"SOURCING_KG_ENDPOINT_TOKEN": SECRET}),
        ssl_context=client_ctx,
    )
    with pytest.raises(EndpointError) as error:
        client.request("POST", servers[0].url + f"/query?token={SECRET}", body=b"q")
    assert "401" in str(error.value) and SECRET not in str(error.value)
