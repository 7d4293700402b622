"""外部链接: a polite crawl of the external addresses the live pages link to.

Polite by construction: one request at a time per host, at least ``delay`` seconds apart, a few
hosts at once (``workers``), a timeout on every request, a User-Agent that says who is asking, and
robots.txt honoured (a disallowed address is not checked, so never reported). Standard library
only (urllib): HEAD first, GET where a server refuses HEAD.
"""

import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext

USER_AGENT = "rendawang-linkcheck/1.0 (content health check of the site's own pages)"
TIMEOUT = 10.0
DELAY = 1.0
WORKERS = 4


@dataclass(frozen=True)
class LinkStatus:
    url: str
    ok: bool
    status: int | None
    reason: str


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:  # redirects are followed (urllib's default handler stops loops)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_url(url: str, *, timeout: float = TIMEOUT) -> LinkStatus:
    try:
        status = _request(url, "HEAD", timeout)
        if status in (405, 501):
            status = _request(url, "GET", timeout)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return LinkStatus(url, False, None, gettext("无法访问（%(error)s）") % {"error": reason})
    return LinkStatus(url, status < 400, status, f"HTTP {status}")


def _robots(origin: str, timeout: float) -> urllib.robotparser.RobotFileParser | None:
    parser = urllib.robotparser.RobotFileParser()
    request = urllib.request.Request(f"{origin}/robots.txt", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            parser.parse(response.read().decode("utf-8", "replace").splitlines())
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            parser.disallow_all = True  # as robotparser.read() does
        else:
            parser.allow_all = True
    except (urllib.error.URLError, OSError, ValueError):
        return None  # the host does not answer: its addresses are checked (and fail) below
    return parser


def crawl(urls, *, delay: float = DELAY, workers: int = WORKERS, timeout: float = TIMEOUT):
    """The status of each checkable address of ``urls``: ``{url: LinkStatus}``; addresses that
    robots.txt disallows are left out."""
    by_origin = defaultdict(list)
    for url in sorted(set(urls)):
        parts = urlsplit(url)
        by_origin[f"{parts.scheme}://{parts.netloc}"].append(url)

    def crawl_host(origin, host_urls):
        robots = _robots(origin, timeout)
        results = []
        last = time.monotonic()  # robots.txt was the first request to this host
        for url in host_urls:
            if robots is not None and not robots.can_fetch(USER_AGENT, url):
                continue
            # ``delay`` from the end of the last answer: a slow host is asked less often.
            time.sleep(max(0.0, last + delay - time.monotonic()))
            results.append(check_url(url, timeout=timeout))
            last = time.monotonic()
        return results

    statuses = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for results in pool.map(lambda item: crawl_host(*item), by_origin.items()):
            statuses.update({result.url: result for result in results})
    return statuses
