"""Shared machinery of the attack suite (issue 15).

- :class:`Loopback`: an HTTP server on 127.0.0.1 that the test starts, counts every request and
  answers with a handler the test chooses (so "0 requests" means something);
- :func:`cli`: the command line in this process, returning exit code, stdout and stderr;
- :func:`spawn`: the command line in a subprocess, for fault injection (kill it at a chosen point)
  and for guards that hold for the whole process.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sourcing_kg.cli import main

REPO = Path(__file__).resolve().parents[2]
Handler = Callable[[BaseHTTPRequestHandler], None]


def turtle_answer(request: BaseHTTPRequestHandler) -> None:
    body = (
        b'{"@context": {"x": "urn:x"}}\n'
        if "json" in request.path
        else b"<urn:x> <urn:y> <urn:z> .\n"
    )
    request.send_response(200)
    request.send_header(
        "Content-Type", "application/ld+json" if "json" in request.path else "text/turtle"
    )
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


@dataclass
class Loopback:
    """A counting HTTP server on loopback; ``handler`` may be replaced by a test."""

    handler: Handler = turtle_answer
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def start(self) -> None:
        outer = self

        class _H(BaseHTTPRequestHandler):
            def _any(self) -> None:
                outer.requests.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.handler(self)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _any

            def log_message(self, *_: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # shutdown() waits for the loop's next poll: 0.5 s by default, per test
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    server = Loopback()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli(*args: str | Path) -> Result:
    """``sourcing-kg ARGS`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def spawn(args: Sequence[str | Path], **kwargs: object) -> subprocess.Popen[str]:
    """``sourcing-kg ARGS`` as a child process (same interpreter, this checkout's sources)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "sourcing_kg", *(str(a) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,
    )


def run_child(args: Sequence[str | Path], timeout: float = 120) -> Result:
    child = spawn(args)
    out, err = child.communicate(timeout=timeout)
    return Result(child.returncode, out, err)
