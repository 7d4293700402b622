"""Load test of 给代表留言: many senders at once, and nothing lost.

    bin/with-postgres .venv/bin/python bench/participation_load.py [BASE_URL]
        [--seconds 60] [--senders 64] [--workers N]

BASE_URL defaults to http://127.0.0.1:8000 (loopback only). When nothing answers there, the
script starts the production server (granian through cms.server, as `make serve`) with
PARTICIPATION_CHALLENGE=off, TRUSTED_PROXY_COUNT=1 and a Redis cache when `redis-server` is
installed (rate limits count across worker processes only in a shared cache), on the database
of DATABASE_URL (PostgreSQL: run it under bin/with-postgres after `make demo` there, or let
--prepare migrate and load the demo).

Each sender posts messages to a random station, one at a time (a new connection each), from a
random client address given in X-Forwarded-For (the trusted proxy's header) and with a random
mobile number, so that only the server's capacity limits it. Afterwards one address sends past
its rate limit. Prints accepted messages, messages/s, p50/p99, status counts, 5xx and connection
errors, the rows this run stored (must equal the accepted answers) and how the rate limit held.
Exits 1 on any 5xx, connection error, lost or extra row, or a rate limit that did not hold.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_mixed import answers, get, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ACCEPTED_MARK = b'class="liaison__case"'


def post(host, port, path, fields: dict, address: str, timeout=30.0) -> tuple[int, bytes]:
    body = urlencode(fields).encode()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Host": host,
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": address,
            },
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def message_fields(rng: random.Random, tag: str, n: int) -> dict:
    return {
        "category": rng.choice(["advice", "question", "help", "other"]),
        "subject": f"{tag} 压力测试留言 {n}",
        "text": f"{tag} 第 {n} 条：村口路灯不亮，请尽快修理。{secrets.token_hex(8)}",
        "contact_mobile": f"139{rng.randrange(10**8):08d}",
        "reply_public": rng.choice(["yes", "no"]),
        "consent": "on",
    }


def sender(host, port, stations, tag, deadline, results, lock, seed):
    rng = random.Random(seed)
    local, n = [], 0
    while time.monotonic() < deadline:
        n += 1
        station = rng.choice(stations)
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        started = time.monotonic()
        try:
            status, body = post(
                host, port, f"/liaison/?station={station}",
                message_fields(rng, tag, seed * 1_000_000 + n), address,
            )  # fmt: skip
        except (OSError, http.client.HTTPException) as error:
            local.append(("error", time.monotonic() - started, type(error).__name__))
            continue
        accepted = status == 200 and ACCEPTED_MARK in body
        local.append((status if not accepted else "accepted", time.monotonic() - started, None))
    with lock:
        results.extend(local)


def rate_limit_holds(host, port, station, tag, limit: int) -> tuple[int, int]:
    """One address sends limit + 3 different messages: (accepted, refused with 429)."""
    rng = random.Random(7)
    address = f"172.16.{random.randrange(256)}.{random.randrange(1, 255)}"  # new each run
    accepted = refused = 0
    for n in range(limit + 3):
        status, body = post(host, port, f"/liaison/?station={station}",
                            message_fields(rng, tag, 9_000_000 + n), address)  # fmt: skip
        accepted += status == 200 and ACCEPTED_MARK in body
        refused += status == 429
    return accepted, refused


def manage(*args, env=None) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env or os.environ, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database DATABASE_URL names (a fresh bin/with-postgres server has
    none yet)."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    params = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username}
    if parts.password:
        params["password"] = parts.password
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def stored(tag: str) -> int:
    """Rows of this run in the database (DATABASE_URL, read with the test settings)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    code = (
        "from liaison.models import Message; "
        f"print(Message.objects.filter(subject__startswith={tag!r}).count())"
    )
    return int(manage("shell", "-c", code, env=env).strip().splitlines()[-1])


def start_redis() -> tuple[subprocess.Popen | None, str]:
    if not shutil.which("redis-server"):
        return None, ""
    folder = tempfile.mkdtemp(prefix="bench-redis-")
    port = 6391
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not answers("127.0.0.1", port):
        if time.monotonic() > deadline:
            raise SystemExit("redis-server did not start")
        time.sleep(0.1)
    return process, f"redis://127.0.0.1:{port}/3"


def start_server(host, port, workers, cache_url, limit) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{host},localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PARTICIPATION_CHALLENGE": "off",
        "TRUSTED_PROXY_COUNT": "1",
        "PARTICIPATION_LIMIT_PER_ADDRESS": str(limit),
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(ROOT / "var/static-bench")),
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    manage("collectstatic", "--noinput", "-v0", env=env)
    env.update(SERVER_BIND=f"{host}:{port}", WEB_CONCURRENCY=str(workers))
    process = subprocess.Popen([sys.executable, "-m", "cms.server"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while not answers(host, port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the server (cms.server) did not start")
        time.sleep(0.2)
    print(f"started granian ({workers} workers, production settings, challenge off, "
          f"cache {cache_url or 'local memory'}) on {host}:{port}")  # fmt: skip
    return process


def station_ids(host, port) -> list[int]:
    status, body = get(host, port, "/api/v2/stations/?limit=20&locale=zh-hans")
    if status != 200:
        raise SystemExit(f"/api/v2/stations/ answered {status}: is the demo content loaded?")
    ids = [item["id"] for item in json.loads(body)["items"]]
    if not ids:
        raise SystemExit("No stations: run `make demo` first.")
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--senders", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=5, help="PARTICIPATION_LIMIT_PER_ADDRESS")
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo first")
    options = parser.parse_args()
    parts = urlsplit(options.base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if parts.scheme != "http" or host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Load tests run against a loopback http:// address only.")
    database = os.environ.get("DATABASE_URL", "sqlite")
    print(f"database: {database.split('@')[-1]}")
    if options.prepare:
        ensure_database(database)
        manage("migrate", "-v0")
        manage("load_demo")

    redis = server = None
    if not answers(host, port):
        redis, cache_url = start_redis()
        server = start_server(host, port, options.workers, cache_url, options.limit)
    tag = f"LOAD{secrets.token_hex(3)}"
    try:
        stations = station_ids(host, port)
        get(host, port, f"/liaison/?station={stations[0]}")  # warm
        results, lock = [], threading.Lock()
        deadline = time.monotonic() + options.seconds
        threads = [
            threading.Thread(
                target=sender, args=(host, port, stations, tag, deadline, results, lock, seed)
            )
            for seed in range(options.senders)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        limited_accepted, limited_refused = rate_limit_holds(
            host, port, stations[0], tag, options.limit
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)

    statuses = Counter(status for status, _seconds, _error in results)
    errors = Counter(error for _status, _seconds, error in results if error)
    server_errors = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    accepted = statuses["accepted"]
    latencies = [seconds * 1000 for status, seconds, _error in results if status != "error"]
    rows = stored(tag)
    expected_rows = accepted + limited_accepted
    print(f"{options.base_url}: {options.senders} senders for {elapsed:.1f} s")
    print(f"accepted: {accepted}  ({accepted / elapsed:.1f} messages/s)")
    if latencies:
        print(f"latency: p50 {statistics.median(latencies):.0f} ms, "
              f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms")  # fmt: skip
    print("statuses:", dict(sorted(statuses.items(), key=str)))
    print(f"5xx: {server_errors}  connection errors: {sum(errors.values())} {dict(errors)}")
    print(f"rows stored by this run: {rows} (accepted answers: {expected_rows})")
    held = limited_accepted == options.limit and limited_refused == 3
    print(f"rate limit, one address sending {options.limit + 3}: {limited_accepted} accepted, "
          f"{limited_refused} refused (429) — {'holds' if held else 'DOES NOT HOLD'}")  # fmt: skip
    failed = server_errors or errors or rows != expected_rows or not held
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
