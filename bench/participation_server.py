"""What the participation load runs share (bench/participation_load.py): posting a form from a
client address, running manage.py, creating the PostgreSQL database, starting a throwaway Redis
and the production server, and the senders' timed loop with its summary."""

import http.client
import os
import secrets
import shutil
import socket
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

from bench.load_mixed import answers, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def request(host, port, method, path, *, fields=None, address="", cookies="", timeout=30.0):
    """(status, headers, body) of one request on a new connection; ``address`` goes in
    X-Forwarded-For (the trusted proxy's header)."""
    body = urlencode(fields).encode() if fields is not None else None
    headers = {"Host": host}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if address:
        headers["X-Forwarded-For"] = address
    if cookies:
        headers["Cookie"] = cookies
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def post(host, port, path, fields: dict, address: str, cookies="") -> tuple[int, bytes]:
    status, _headers, body = request(
        host, port, "POST", path, fields=fields, address=address, cookies=cookies
    )
    return status, body


def random_address(rng) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def manage(*args, env=None) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env or os.environ, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip


def shell(code: str) -> str:
    """The last line ``code`` prints in `manage.py shell` on DATABASE_URL (test settings: no
    production secrets needed to read)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    return manage("shell", "-c", code, env=env).strip().splitlines()[-1]


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


def start_redis() -> tuple[subprocess.Popen | None, str]:
    if not shutil.which("redis-server"):
        return None, ""
    folder = tempfile.mkdtemp(prefix="bench-redis-")
    with socket.socket() as probe:  # a free port: other runs may have their own Redis
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", folder],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
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


def stop(process: subprocess.Popen | None, timeout: float) -> None:
    if process is not None:
        process.terminate()
        process.wait(timeout=timeout)


def run_senders(count: int, seconds: float, send) -> tuple[list, float]:
    """``count`` threads call ``send(seed, deadline)`` (a list of (outcome, seconds, error)) for
    ``seconds``: (all results, elapsed seconds)."""
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def run(seed):
        local = send(seed, deadline)
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def timed(submit, *args) -> tuple:
    """(outcome, seconds, error name) of ``submit(*args)``, which returns the outcome."""
    started = time.monotonic()
    try:
        outcome = submit(*args)
    except (OSError, http.client.HTTPException) as error:
        return "error", time.monotonic() - started, type(error).__name__
    return outcome, time.monotonic() - started, None


def summarise(results, elapsed, *, label, unit, senders) -> dict:
    """Print accepted, rate, latency and statuses; the figures the caller checks."""
    statuses = Counter(status for status, _seconds, _error in results)
    errors = Counter(error for _status, _seconds, error in results if error)
    server_errors = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    accepted = statuses["accepted"]
    latencies = [seconds * 1000 for status, seconds, _error in results if status != "error"]
    print(f"{label}: {senders} senders for {elapsed:.1f} s")
    print(f"accepted: {accepted}  ({accepted / elapsed:.1f} {unit}/s)")
    if latencies:
        print(f"latency: p50 {statistics.median(latencies):.0f} ms, "
              f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms")  # fmt: skip
    print("statuses:", dict(sorted(statuses.items(), key=str)))
    print(f"5xx: {server_errors}  connection errors: {sum(errors.values())} {dict(errors)}")
    return {"accepted": accepted, "server_errors": server_errors, "errors": sum(errors.values())}
