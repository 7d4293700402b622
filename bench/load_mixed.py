"""Load test: a mix of home, column, article, station and search requests against the site.

    .venv/bin/python bench/load_mixed.py [BASE_URL] [--seconds 60] [--connections 64]

BASE_URL defaults to http://127.0.0.1:8000 and must be a loopback address. When nothing answers
there, the script starts the production server itself for the run (granian through cms.server,
cms.settings.production over plain HTTP, static files collected to var/static-bench, the database
from DATABASE_URL or var/db.sqlite3 — run `make demo` first) and stops it afterwards. `make
bench-load` does all that.

Each connection sends one request at a time (a new TCP connection per request, as browsers behind
a proxy would), for a fixed time. Prints requests/s, p50/p99 latency, status counts, 5xx and
connection errors; exits 1 if there was any 5xx or connection error.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEARCH_TERMS = ["代表", "联络站", "常委会", "人大", "会议", "监督", "立法", "嵊州", "民生", "选举"]
MIX = {"home": 20, "column": 15, "article": 35, "station": 15, "search": 15}


def get(host: str, port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host, "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def answers(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def discover(host: str, port: int) -> dict[str, list[str]]:
    """Paths of each kind, read from the site's own JSON API."""

    def listing(endpoint: str) -> list[str]:
        status, body = get(host, port, f"/api/v2/{endpoint}/?limit=20&fields=-search_description")
        if status in (301, 302):
            raise SystemExit(
                f"/api/v2/{endpoint}/ redirects (to HTTPS?): serve plain HTTP on loopback with "
                "SECURE_SSL_REDIRECT=false"
            )
        if status != 200:
            raise SystemExit(f"/api/v2/{endpoint}/ answered {status}: is the demo content loaded?")
        return [urlsplit(item["meta"]["html_url"]).path for item in json.loads(body)["items"]]

    articles = listing("news")
    stations = listing("stations")
    columns = sorted({path.rstrip("/").rsplit("/", 1)[0] + "/" for path in articles})
    search = [f"/search/?q={quote(term)}" for term in SEARCH_TERMS]
    paths = {"home": ["/"], "column": columns, "article": articles, "station": stations}
    paths["search"] = search
    for kind, found in paths.items():
        if not found:
            raise SystemExit(f"No {kind} pages found: run `make demo` first.")
    return paths


def worker(host, port, paths, deadline, results, lock, seed):
    rng = random.Random(seed)
    kinds, weights = zip(*MIX.items(), strict=True)
    local = []
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(paths[kind])
        started = time.monotonic()
        try:
            status, _body = get(host, port, path)
        except (OSError, http.client.HTTPException) as error:
            local.append((kind, "error", time.monotonic() - started, type(error).__name__))
            continue
        local.append((kind, status, time.monotonic() - started, None))
    with lock:
        results.extend(local)


def start_server(host: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{host},localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(ROOT / "var/static-bench")),
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    env.update(SERVER_BIND=f"{host}:{port}", WEB_CONCURRENCY=str(workers))
    process = subprocess.Popen([python, "-m", "cms.server"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while not answers(host, port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the server (cms.server) did not start")
        time.sleep(0.2)
    print(f"started granian ({workers} workers, production settings) on {host}:{port}")
    return process


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()

    parts = urlsplit(options.base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if parts.scheme != "http" or host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Load tests run against a loopback http:// address only.")

    server = None if answers(host, port) else start_server(host, port, options.workers)
    try:
        paths = discover(host, port)
        for kind in MIX:  # warm every worker's caches once, outside the measurement
            for path in paths[kind][:3]:
                get(host, port, path)
        results, lock = [], threading.Lock()
        deadline = time.monotonic() + options.seconds
        threads = [
            threading.Thread(target=worker, args=(host, port, paths, deadline, results, lock, seed))
            for seed in range(options.connections)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    statuses = Counter(status for _kind, status, _seconds, _error in results)
    errors = Counter(error for _kind, _status, _seconds, error in results if error)
    server_errors = sum(
        count for status, count in statuses.items() if status != "error" and status >= 500
    )
    latencies = [seconds * 1000 for _kind, status, seconds, _error in results if status != "error"]
    print(f"{options.base_url}: {options.connections} connections for {elapsed:.1f} s")
    print(f"requests: {len(results)}  ({len(results) / elapsed:.1f} req/s)")
    if latencies:
        print(
            f"latency: p50 {statistics.median(latencies):.0f} ms, "
            f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms"
        )
    for kind in MIX:
        own = [s * 1000 for k, status, s, _e in results if k == kind and status != "error"]
        if own:
            print(
                f"  {kind:8} {len(own):6} requests, p50 {statistics.median(own):5.0f} ms, "
                f"p99 {percentile(own, 0.99):5.0f} ms"
            )
    print("statuses:", dict(sorted(statuses.items(), key=str)))
    print(f"5xx: {server_errors}  connection errors: {sum(errors.values())} {dict(errors)}")
    return 1 if server_errors or errors else 0


if __name__ == "__main__":
    sys.exit(main())
