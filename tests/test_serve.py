"""`overblik serve` as an administrator starts it: gunicorn's workers, one thread each
(issue 15), must still answer while connections sit idle and keep a connection alive."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from queries.db import upgrade


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """An empty, upgraded database served by `overblik serve` with its default workers."""
    yield from _serve(tmp_path_factory, threads=None)


@pytest.fixture(scope="module")
def served_two_threads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The same with OVERBLIK_THREADS=2, the setting docs/deploy.md offers."""
    yield from _serve(tmp_path_factory, threads=2)


def _serve(tmp_path_factory: pytest.TempPathFactory, threads: int | None) -> Iterator[int]:
    url = f"sqlite:///{tmp_path_factory.mktemp('serve')}/empty.db"
    upgrade(url)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "s" * 48, "OVERBLIK_DEMO": "0"}
    env.pop("OVERBLIK_WORKERS", None)
    env.pop("OVERBLIK_THREADS", None)
    if threads is not None:
        env["OVERBLIK_THREADS"] = str(threads)
    server = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", "--port",
                               str(port)], env=env, cwd=Path(__file__).parent.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                if _get(port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("overblik serve did not answer /healthz within a minute")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(port: int, path: str, timeout: float) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_connections_that_send_nothing_hold_no_worker(served: int) -> None:
    """A browser opens connections it may never use. With one thread a worker, gunicorn's
    default worker class would block a worker on each until its 120 s timeout."""
    idle = [socket.create_connection(("127.0.0.1", served)) for _ in range(4)]
    try:
        time.sleep(0.5)  # the workers have accepted them
        assert _get(served, "/healthz", timeout=10) == (200, "ok\n")
    finally:
        for s in idle:
            s.close()


def test_a_connection_is_kept_alive_between_requests(served: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    try:
        for _ in range(3):
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            assert (response.status, response.read()) == (200, b"ok\n")
            assert response.getheader("Connection", "").lower() != "close"
        assert conn.sock is not None  # still the one connection: never closed by the server
    finally:
        conn.close()


def test_a_worker_busy_with_a_request_leaves_new_connections_to_the_other(served: int) -> None:
    """A connection stays with the worker that accepted it. A worker that accepted while its
    one thread was busy made the new client wait behind that request, while the other worker
    sat idle (50 users without pause: one worker held 48 of the 50 connections). Here one
    worker is held by a request that never finishes arriving; every new connection must go
    to the other and be answered at once."""
    stalled = socket.create_connection(("127.0.0.1", served))
    try:
        stalled.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")  # no blank line
        time.sleep(1.0)  # a worker has taken it to its thread, which waits for the rest
        for _ in range(12):  # with either worker taking it, one would wait with odds 2^-12
            assert _get(served, "/healthz", timeout=3) == (200, "ok\n")
    finally:
        stalled.close()


def test_with_two_threads_a_worker_with_one_free_still_takes_connections(
        served_two_threads: int) -> None:
    """Two workers of two threads, three of the four threads held by requests that never
    finish arriving: the worker with a thread free must still take new connections (were a
    worker to refuse as soon as one request is in hand, nobody would take them)."""
    stalled = [socket.create_connection(("127.0.0.1", served_two_threads)) for _ in range(3)]
    try:
        for s in stalled:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
            time.sleep(0.5)  # taken to a thread before the next one comes
        for _ in range(12):
            assert _get(served_two_threads, "/healthz", timeout=3) == (200, "ok\n")
    finally:
        for s in stalled:
            s.close()
