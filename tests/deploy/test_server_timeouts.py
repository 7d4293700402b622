"""`make serve`'s server (granian, cms.server) against clients that open a connection and never
finish the request's headers (slowloris): each is disconnected after SERVER_HEADER_TIMEOUT."""

import os
import socket
import subprocess
import sys
import time

import pytest

from bench import nginx_front
from tests.robustness.servers import ROOT, free_port, production_environment, wait_for_port

PARTIAL = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"


@pytest.fixture
def server(tmp_path):
    def start(**extra):
        port = free_port()
        env = production_environment(
            tmp_path / "static",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            SERVER_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY="1",
            SERVER_THREADS="1",
            **extra,
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "cms.server"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        wait_for_port(port)
        return port

    started = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def seconds_until_closed(port: int, payload: bytes, limit: float) -> float | None:
    """Send ``payload`` and wait: seconds until the server closed the connection, or None."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(payload)
        sock.settimeout(limit)
        started = time.monotonic()
        try:
            while sock.recv(4096):
                pass  # a 408 response, if any, then the close
        except TimeoutError:
            return None
        except ConnectionResetError:
            pass
        return time.monotonic() - started


def test_a_partial_header_is_cut_off_after_the_timeout(server):
    port = server(SERVER_HEADER_TIMEOUT="2")
    closed_after = seconds_until_closed(port, PARTIAL, limit=15)
    assert closed_after is not None, "the half-sent request was still open after 15 s"
    assert 1.5 <= closed_after <= 6


def test_many_half_open_connections_are_all_closed(server):
    port = server(SERVER_HEADER_TIMEOUT="2")
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
    try:
        for sock in sockets:
            sock.sendall(PARTIAL)
        time.sleep(5)
        still_open = 0
        for sock in sockets:
            sock.settimeout(0.5)
            try:
                while sock.recv(4096):
                    pass
            except TimeoutError:
                still_open += 1
            except ConnectionResetError:
                pass
        assert still_open == 0
    finally:
        for sock in sockets:
            sock.close()


def test_the_default_is_ten_seconds(server):
    port = server()
    assert seconds_until_closed(port, PARTIAL, limit=5) is None  # not yet
    closed_after = seconds_until_closed(port, PARTIAL, limit=20)
    assert closed_after is not None and 8 <= closed_after <= 14


def test_the_timeout_must_be_a_whole_number_of_seconds_up_to_60(monkeypatch):
    from cms.server import server as configured_server

    monkeypatch.setenv("SERVER_HEADER_TIMEOUT", "61")
    with pytest.raises(SystemExit) as stopped:
        configured_server()
    assert str(stopped.value) == "SERVER_HEADER_TIMEOUT must be at most 60, not 61"
    monkeypatch.setenv("SERVER_HEADER_TIMEOUT", "5")
    assert configured_server().http1_settings.header_read_timeout == 5000


# --- nginx in front (docs/deploy.md's recipe, as written) ----------------------------------------


NGINX_MISSING = nginx_front.available()


# Skipped only on a developer's machine without nginx; CI must run it, as the other nginx tests.
@pytest.mark.skipif(
    bool(NGINX_MISSING) and os.environ.get("CI") != "true", reason=NGINX_MISSING or ""
)
@pytest.mark.parametrize("payload", [PARTIAL, b""], ids=["partial-header", "silent"])
def test_nginx_closes_slow_and_silent_clients(tmp_path, payload):
    upstream = f"127.0.0.1:{free_port()}"  # never reached: no request is ever complete
    with nginx_front.store_in_front(upstream=upstream, static_root=tmp_path) as front:
        closed_after = seconds_until_closed(front.port, payload, limit=20)
    assert closed_after is not None, "nginx kept the connection open for 20 s"
    assert 8 <= closed_after <= 14  # client_header_timeout 10s
