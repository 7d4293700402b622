"""Requests per second under load, in one run: four ways of serving the same article page.

    bin/with-postgres bash -c '.venv/bin/python bench/generate_site.py --count 10000 &&
                               .venv/bin/python bench/load.py'

1. `make serve`'s server (granian through cms.server, production settings) with the page cache
   off: every request renders the page;
2. the same with the page cache on;
3. nginx with docs/deploy.md's page store in front of (2): the page served as a stored file;
4. nginx serving a static copy of the same page (the yardstick).

Each is loaded with wrk (``--seconds`` s, ``--connections`` connections, 2 threads) on 127.0.0.1
only; the table gives requests/s, median and 99th-percentile latency and the ratios the targets
are about, the CPU time nginx's workers spend per request on the two nginx rows (a figure other
jobs on the machine do not move, unlike requests/s), then the resident memory of the server's
workers after the load. Needs wrk and nginx (apt-get install wrk nginx).
"""

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

from bench import nginx_front  # noqa: E402 (after the path is set)

VENV_BIN = ROOT / ".venv" / "bin"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def article_path() -> str:
    """A generated article with a feature image (the page the load is about)."""
    import django

    django.setup()
    from news.models import NewsPage

    article = (
        NewsPage.objects.live()
        .filter(slug__regex=r"^g\d+$", feature_image__isnull=False)
        .order_by("pk")
        .first()
    ) or NewsPage.objects.live().order_by("pk").first()
    return article.url


def server_env(*, page_cache: bool, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        PAGE_CACHE="true" if page_cache else "false",
        SERVER_BIND=f"127.0.0.1:{port}",
    )
    return env


def collectstatic() -> None:
    subprocess.run(
        [VENV_BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_env(page_cache=True, port=0),
        check=True,
    )


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


@contextlib.contextmanager
def app_server(*, page_cache: bool):
    """`make serve`'s server, as it runs it (python -m cms.server)."""
    port = nginx_front.free_port()
    process = subprocess.Popen(
        [VENV_BIN / "python", "-m", "cms.server"],
        cwd=ROOT,
        env=server_env(page_cache=page_cache, port=port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str) -> tuple[Message, bytes]:
    """Headers (looked up by name in any case: granian sends them in lower case) and body."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.headers, response.read()


def warm(url: str, times: int = 20) -> Message:
    headers = Message()
    for _ in range(times):
        headers, _body = fetch(url)
    return headers


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, *, seconds: int, connections: int, nginx_port: int | None = None) -> dict:
    """wrk's figures; with ``nginx_port``, also the CPU time nginx's workers spent per request
    (independent of what else the machine runs, unlike requests/s)."""
    cpu_before = nginx_front.workers_cpu_seconds(nginx_port) if nginx_port else 0.0
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    latency = {
        pct: _ms(value, unit)
        for pct, value, unit in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)\b", result)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    requests = int(re.search(r"(\d+) requests in", result).group(1))
    cpu = nginx_front.workers_cpu_seconds(nginx_port) - cpu_before if nginx_port else 0.0
    return {
        "cpu_us": cpu / max(1, requests) * 1e6,
        "rate": rate,
        "p50": latency.get("50", 0.0),
        "p99": latency.get("99", 0.0),
        "errors": int(errors.group(1)) if errors else 0,
    }


def worker_rss_mb(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    if nginx_front.available():
        sys.exit(nginx_front.available())

    path = article_path()
    collectstatic()
    load = {"seconds": args.seconds, "connections": args.connections}
    rows, rss = [], {}

    with app_server(page_cache=False) as (process, port):
        url = f"http://127.0.0.1:{port}{path}"
        headers = warm(url)
        assert "X-Page-Cache" not in headers, "the page cache should be off"
        rows.append(("make serve, page cache off", wrk(url, **load)))
        rss["page cache off"] = worker_rss_mb(process.pid)

    with app_server(page_cache=True) as (process, port):
        url = f"http://127.0.0.1:{port}{path}"
        headers = warm(url)
        assert headers.get("X-Page-Cache") == "HIT", headers
        rows.append(("make serve, page cache on", wrk(url, **load)))
        rss["page cache on"] = worker_rss_mb(process.pid)
        _headers, page = fetch(url)

        from django.conf import settings

        with nginx_front.store_in_front(
            upstream=f"127.0.0.1:{port}", static_root=Path(settings.STATIC_ROOT), workers=2
        ) as front:
            nginx_url = f"http://127.0.0.1:{front.port}{path}"
            headers = warm(nginx_url, times=3)
            assert headers.get("X-Cache-Status") == "HIT", headers
            stored = wrk(nginx_url, **load, nginx_port=front.port)
            rows.append(("nginx page store in front", stored))

    with nginx_front.static_file(page, workers=2) as static_port:
        static_url = f"http://127.0.0.1:{static_port}/page.html"
        warm(static_url, times=3)
        rows.append(
            ("nginx, static copy of the page", wrk(static_url, **load, nginx_port=static_port))
        )

    import django
    from django.db import connection

    from news.models import NewsPage

    out(
        f"page: {path} ({len(page) / 1024:.0f} KB); database: {connection.vendor}; "
        f"live articles: {NewsPage.objects.live().count()}; workers: "
        f"{os.environ.get('WEB_CONCURRENCY', 'default')}; wrk {args.connections} connections, "
        f"{args.seconds} s; load average before the last run: {os.getloadavg()[0]:.1f}; "
        f"django {django.get_version()}"
    )
    out("| server | req/s | p50 ms | p99 ms | non-2xx |")
    out("|---|---|---|---|---|")
    for name, row in rows:
        out(
            f"| {name} | {row['rate']:,.0f} | {row['p50']:.2f} | {row['p99']:.2f} "
            f"| {row['errors']} |"
        )
    rate = {name: row["rate"] for name, row in rows}
    uncached, cached, front, static = (rate[name] for name, _row in rows)
    out(f"page cache on / off: {cached / uncached:.1f}×")
    out(f"nginx page store / static file: {front / static:.0%}")
    cpu = {name: row["cpu_us"] for name, row in rows}
    front_cpu, static_cpu = cpu["nginx page store in front"], cpu["nginx, static copy of the page"]
    out(
        f"nginx workers' CPU per request: stored page {front_cpu:.1f} µs, static file "
        f"{static_cpu:.1f} µs (the rate nginx alone could reach, stored / static: "
        f"{static_cpu / front_cpu:.0%})"
    )
    for name, sizes in rss.items():
        out(
            f"worker RSS after the load ({name}): max {max(sizes):.0f} MB, "
            f"{len(sizes)} workers, {sum(sizes):.0f} MB in all"
        )


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    main()
