"""Endpoints are untrusted too (issue 15, part 2): every hop is http(s), answers are capped.

A loopback server stands in for a hostile endpoint; the table of redirect targets covers every
client of the tool (``query --endpoint``, ``load --gsp``) by adding a row to :data:`CLIENTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from sourcing_kg.core.errors import EndpointError
from sourcing_kg.sparql.http import HttpClient
from tests.attacks.conftest import REPO, Loopback, cli

SECRET_FILE = REPO / "pyproject.toml"  # a local file an attacker would like printed
DOSSIER = REPO / "tests" / "fixtures" / "validate" / "good.ttl"

REDIRECTS = {
    "file": SECRET_FILE.resolve().as_uri(),
    "data": "data:application/sparql-results+json,"
    '{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"pwned"}}]}}',
    "ftp": "ftp://127.0.0.1:9/results.json",
    "gopher": "gopher://127.0.0.1:9/_x",
}

CLIENTS: dict[str, Callable[[str, Path], list[str | Path]]] = {
    "query --endpoint": lambda url, tmp: ["query", "bundelkansen", "--endpoint", url],
    "load --gsp": lambda url, tmp: ["load", DOSSIER, "--gsp", url],
}


def redirect(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(302)
        request.send_header("Location", target)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handle


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("scheme", REDIRECTS)
def test_redirect_to_another_scheme_is_refused(
    scheme: str, client: str, loopback: Loopback, tmp_path: Path
) -> None:
    loopback.handler = redirect(REDIRECTS[scheme])
    result = cli(*CLIENTS[client](loopback.url + "/sparql", tmp_path))
    assert result.code == 4, result.err
    assert "only http and https" in result.err
    assert "pwned" not in result.out and "[project]" not in result.out
    assert len(loopback.requests) == 1  # never retried into the same trap


def endless(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "application/sparql-results+json")
    request.end_headers()
    chunk = b"\0" * 65536
    try:
        while True:
            request.wfile.write(chunk)
    except OSError:
        pass  # the client hung up, as it should


def test_an_endless_answer_is_cut_off(loopback: Loopback) -> None:
    loopback.handler = endless
    client = HttpClient(max_body_bytes=1_000_000, total_timeout=30)
    with pytest.raises(EndpointError, match="exceeds the limit of 1,000,000 bytes"):
        client.request("GET", loopback.url + "/zero")


def test_an_endless_answer_through_the_command_line_exits_4(loopback: Loopback) -> None:
    loopback.handler = endless
    result = cli("query", "bundelkansen", "--endpoint", loopback.url + "/sparql", "--timeout", "60")
    assert result.code == 4
    assert "exceeds the limit" in result.err
