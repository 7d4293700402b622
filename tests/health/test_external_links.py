"""The external-link crawl, against a local http.server only."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from health import crawler
from health.checks import check_external_links
from health.models import Check, Finding

from .conftest import article


class Handler(BaseHTTPRequestHandler):
    log = []  # (path, user agent, start, end)
    active = 0
    most_active = 0
    lock = threading.Lock()

    def _answer(self, with_body):
        with Handler.lock:
            Handler.active += 1
            Handler.most_active = max(Handler.most_active, Handler.active)
        start = time.monotonic()
        time.sleep(0.02)
        if self.path == "/robots.txt":
            status, body = 200, b"User-agent: *\nDisallow: /private\n"
        elif self.path.startswith("/ok"):
            status, body = 200, b"ok"
        elif self.path == "/slow":
            time.sleep(1.5)
            status, body = 200, b"late"
        else:
            status, body = 404, b"missing"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        with Handler.lock:
            Handler.active -= 1
        Handler.log.append((self.path, self.headers.get("User-Agent"), start, time.monotonic()))

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.log, Handler.active, Handler.most_active = [], 0, 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_crawl_is_polite_and_finds_broken_links(server):
    urls = [f"{server}/ok/{n}" for n in range(4)] + [f"{server}/gone", f"{server}/private/x"]

    statuses = crawler.crawl(urls, delay=0.2, workers=4, timeout=5)

    assert {url for url, status in statuses.items() if not status.ok} == {f"{server}/gone"}
    assert statuses[f"{server}/gone"].reason == "HTTP 404"
    paths = [path for path, *_rest in Handler.log]
    assert paths[0] == "/robots.txt"
    assert "/private/x" not in paths  # robots.txt honoured
    assert {agent for _path, agent, *_times in Handler.log} == {crawler.USER_AGENT}
    assert Handler.most_active == 1  # one request at a time to a host
    times = sorted((start, end) for _path, _agent, start, end in Handler.log)
    gaps = [later[0] - earlier[1] for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.19  # from one answer to the next request to the same host


def test_a_request_that_takes_too_long_is_a_broken_link(server):
    statuses = crawler.crawl([f"{server}/slow"], delay=0, timeout=0.5)
    status = statuses[f"{server}/slow"]
    assert not status.ok and status.status is None
    assert status.reason.startswith("无法访问（")


def test_a_host_that_does_not_answer_is_broken():
    status = crawler.check_url("http://127.0.0.1:9/nothing", timeout=2)
    assert not status.ok


@pytest.mark.django_db
def test_the_report_lists_the_pages_carrying_broken_links(server, columns):
    news, _notice = columns
    bad = article(news, text=f'<a href="{server}/gone">旧地址</a>')
    article(news, text=f'<a href="{server}/ok/1">好地址</a>')

    assert check_external_links(delay=0, timeout=5) == 1

    finding = Finding.objects.get(kind=Check.EXTERNAL_LINK)
    assert finding.page_id == bad.pk
    assert (finding.found, finding.detail) == (f"{server}/gone", "HTTP 404")
