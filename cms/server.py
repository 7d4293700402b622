"""The production server for `make serve`: granian serving cms.wsgi, settings from the environment.

    python -m cms.server

WEB_CONCURRENCY     worker processes (default: one per CPU core, as granian advises)
SERVER_THREADS      threads per worker that run Django (default 2): a thread waiting on the
                    database or the cache does not hold up the others; keep-alive connections
                    are kept by granian's own (Rust) runtime, not by these threads
SERVER_BIND         address to listen on (default 127.0.0.1:8000)
SERVER_MAX_RSS_MB   a worker whose memory grows past this many MiB is replaced (default 300), so
                    a slow leak cannot grow without bound
SERVER_ACCESS_LOG   true: log every request to standard error (default false)
SERVER_HEADER_TIMEOUT
                    seconds a client has to send a request's headers once it has begun (default
                    10, at most 60): a client that sends part of a header and waits (slowloris)
                    is disconnected then, instead of holding a connection for granian's 30 s.
                    A connection that sends nothing at all is not timed by granian 2.8: in front
                    of the public, nginx's client_header_timeout closes those (docs/deploy.md)

granian rather than gunicorn (issue #11): a page served from the page cache costs a few hundred
microseconds of Python, and gunicorn's own request handling (in Python) then took as long again;
granian parses HTTP and keeps connections in Rust. Measured on the same page, machine and minutes
in bench/README.md.
"""

import os
import sys

from granian.constants import Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server import Server


def _int(name: str, default: int, maximum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {value!r}")
    if number < 1:
        sys.exit(f"{name} must be at least 1, not {number}")
    if maximum is not None and number > maximum:
        sys.exit(f"{name} must be at most {maximum}, not {number}")
    return number


def _bind() -> tuple[str, int]:
    bind = os.environ.get("SERVER_BIND", "").strip() or "127.0.0.1:8000"
    host, _sep, port = bind.rpartition(":")
    if not host or not port.isdigit():
        sys.exit(f"SERVER_BIND must be host:port, such as 127.0.0.1:8000, not {bind!r}")
    return host.strip("[]"), int(port)


def server() -> Server:
    host, port = _bind()
    return Server(
        "cms.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=_int("WEB_CONCURRENCY", os.cpu_count() or 1),
        blocking_threads=_int("SERVER_THREADS", 2),
        respawn_failed_workers=True,
        workers_max_rss=_int("SERVER_MAX_RSS_MB", 300),
        log_level=LogLevels.warning,
        log_access=os.environ.get("SERVER_ACCESS_LOG", "").lower() in {"1", "true", "yes"},
        # granian takes milliseconds, up to 60 s.
        http1_settings=HTTP1Settings(
            header_read_timeout=_int("SERVER_HEADER_TIMEOUT", 10, maximum=60) * 1000
        ),
    )


if __name__ == "__main__":
    server().serve()
