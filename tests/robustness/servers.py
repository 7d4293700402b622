"""Real services for fault tests: a throwaway PostgreSQL, a Redis and the site under `make
serve`'s server (granian, cms.server), each on a free loopback port, each stopped and started at
will."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(program: str, hint: str) -> str:
    """The path of a server program. CI installs them (.ci/run); elsewhere a missing one skips."""
    found = shutil.which(program) or next(iter(sorted(glob.glob(program))), None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{program} is missing: {hint}")
    pytest.skip(f"{program} is missing: {hint}")


class Postgres:
    """A PostgreSQL cluster in a temporary directory (run as the postgres user when root)."""

    def __init__(self):
        initdb = require("/usr/lib/postgresql/*/bin/initdb", "apt-get install postgresql")
        self.bindir = Path(initdb).parent
        self.workdir = Path(tempfile.mkdtemp(prefix="renda-fault-pg-"))
        self.port = free_port()
        self.as_owner = []
        if os.getuid() == 0:
            owner = "postgres"
            if subprocess.run(["id", "-u", owner], capture_output=True).returncode != 0:
                owner = "nobody"
            shutil.chown(self.workdir, owner)
            self.as_owner = ["runuser", "-u", owner, "--"]
        self.run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/renda"

    @property
    def data(self) -> str:
        return str(self.workdir / "data")

    def run(self, program, *args):
        subprocess.run(
            [*self.as_owner, str(self.bindir / program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self):
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl", "-D", self.data, "-l", str(self.workdir / "log"), "-w", "-o", options, "start"
        )

    def stop(self):
        self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self):
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "renda")

    def remove(self):
        subprocess.run(
            [
                *self.as_owner,
                str(self.bindir / "pg_ctl"),
                "-D",
                self.data,
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)


class Redis:
    def __init__(self):
        self.program = require("redis-server", "apt-get install redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                self.program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def wait_for_port(port: int, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


def production_environment(static_root: Path, **extra) -> dict:
    """Production settings on plain HTTP over loopback, static files collected to static_root."""
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "fault-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "CRITICAL",
        **extra,
    }


def manage(*args, env: dict):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


class Site:
    """The site under `make serve`'s server (one worker of one thread, so a request sees the
    state left by the last)."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cms.server"],
            cwd=ROOT,
            env={
                **env,
                "SERVER_BIND": f"127.0.0.1:{self.port}",
                "WEB_CONCURRENCY": "1",
                "SERVER_THREADS": "1",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def get(self, path: str, timeout: float = 10.0) -> tuple[int, str, float]:
        """Status, body and seconds taken; the timeout only guards against a hang."""
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        return status, body, time.monotonic() - started

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
