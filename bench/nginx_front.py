"""Run nginx, with the configuration documented in docs/deploy.md, in front of a local server.

Used by tests/deploy/test_nginx_cache.py (stored pages, purge on every change) and bench/load.py.
The ``nginx`` block of docs/deploy.md is taken as written; only the addresses and paths that
differ on this machine are replaced (upstream, listen port, page store and static directories).
nginx runs in the foreground from a temporary directory and is stopped by the context manager.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def available() -> str:
    """Why nginx cannot run here ("" when it can)."""
    if not Path(NGINX).exists():
        return "nginx is not installed (apt-get install nginx)"
    return ""


# The nginx master process serving each port, while it runs (bench/load.py reads its workers' CPU).
masters: dict[int, int] = {}

# Memory-backed (tmpfs) when the machine has it, as docs/deploy.md advises for the page store.
SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def documented_config() -> str:
    """The ```nginx block of docs/deploy.md."""
    match = re.search(r"```nginx\n(.*?)```", DEPLOY_DOC.read_text(encoding="utf-8"), re.S)
    if match is None:
        raise RuntimeError(f"{DEPLOY_DOC} has no nginx configuration block")
    return match.group(1)


def _localised(config: str, *, upstream: str, port: int, workdir: Path, static_root: Path) -> str:
    replacements = [
        ("server 127.0.0.1:8000;", f"server {upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/var/cache/nginx/rendawang", str(workdir / "store")),
        ("/srv/rendawang/var/static/", f"{static_root}/"),
        ("/srv/rendawang/var/media/", f"{workdir / 'media'}/"),
    ]
    for old, new in replacements:
        if old not in config:
            raise RuntimeError(f"docs/deploy.md's nginx block no longer contains {old!r}")
        config = config.replace(old, new)
    return config


def main_config(http_block: str, *, workdir: Path, workers: int = 1) -> str:
    user = "user root root;" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # pcre_jit: docs/deploy.md asks for it in nginx.conf (the page store's maps are regexes).
    return f"""{user}
pcre_jit on;
daemon off;
worker_processes {workers};
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
{http_block}
}}
"""


def _wait_for_port(port: int, process, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on port {port}")


@contextlib.contextmanager
def _run(config: str, port: int, workdir: Path):
    (workdir / "nginx.conf").write_text(config, encoding="utf-8")
    check = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode:
        raise RuntimeError(f"nginx rejected the configuration:\n{check.stderr}")
    process = subprocess.Popen(
        [NGINX, "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    masters[port] = process.pid
    try:
        _wait_for_port(port, process)
        yield process
    finally:
        masters.pop(port, None)
        process.terminate()
        process.wait(timeout=10)


def workers_cpu_seconds(port: int) -> float:
    """CPU time (user + system) the worker processes of the nginx serving ``port`` have used."""
    master = masters[port]
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    ticks = 0
    for pid in children:
        # Fields after the command name (which may hold spaces): utime and stime are 12th, 13th.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class Front(NamedTuple):
    port: int  # where nginx listens
    store: Path  # the page store's directory (docs/deploy.md's /var/cache/nginx/rendawang)


@contextlib.contextmanager
def store_in_front(*, upstream: str, static_root: Path, workers: int = 1):
    """nginx with the documented page store in front of ``upstream`` (host:port)."""
    with tempfile.TemporaryDirectory(prefix="renda-nginx-", dir=SCRATCH) as name:
        workdir = Path(name)
        for sub in ("store/pages", "store/temp", "media"):
            (workdir / sub).mkdir(parents=True)
        port = free_port()
        http_block = _localised(
            documented_config(),
            upstream=upstream,
            port=port,
            workdir=workdir,
            static_root=static_root,
        )
        with _run(main_config(http_block, workdir=workdir, workers=workers), port, workdir):
            yield Front(port, workdir / "store")


@contextlib.contextmanager
def static_file(content: bytes, *, workers: int = 1):
    """nginx serving ``content`` as a static file at /page.html (the page store's yardstick)."""
    with tempfile.TemporaryDirectory(prefix="renda-nginx-", dir=SCRATCH) as name:
        workdir = Path(name)
        (workdir / "www").mkdir()
        (workdir / "www" / "page.html").write_bytes(content)
        port = free_port()
        # The same file-serving settings as docs/deploy.md's server block, for a fair yardstick.
        http_block = f"""    server {{
        listen 127.0.0.1:{port};
        root {workdir / "www"};
        sendfile on;
        tcp_nopush on;
        open_file_cache max=10000 inactive=60s;
        open_file_cache_valid 60s;
        open_file_cache_errors on;
    }}"""
        with _run(main_config(http_block, workdir=workdir, workers=workers), port, workdir):
            yield port
