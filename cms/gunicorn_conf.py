"""gunicorn settings for `make serve` and production: everything from the environment.

WEB_CONCURRENCY   worker processes (default: 2 per CPU core + 1)
GUNICORN_THREADS  threads per worker (default 4): a thread waiting on the database or the
                  cache does not hold up the worker, and keep-alive connections are kept
GUNICORN_BIND     address to listen on (default 127.0.0.1:8000)
GUNICORN_TIMEOUT  seconds before a stuck worker is restarted (default 30)
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
keepalive = 5
# Restart workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
preload_app = True
