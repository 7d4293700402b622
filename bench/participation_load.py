"""Load test of public participation: many senders at once, and nothing lost.

    bin/with-postgres .venv/bin/python bench/participation_load.py [BASE_URL]
        [--target messages|comments] [--seconds 60] [--senders 64] [--workers N] [--prepare]

``--target messages`` (the default): 给代表留言 to random 网上联络站 stations (issue #23).
``--target comments``: comments on the demo's open draft regulation (法规草案征求意见, issue #24),
on a random 条 or on the whole draft.

BASE_URL defaults to http://127.0.0.1:8000 (loopback only). When nothing answers there, the
script starts the production server (granian through cms.server, as `make serve`) with
PARTICIPATION_CHALLENGE=off, TRUSTED_PROXY_COUNT=1 and a Redis cache when `redis-server` is
installed (rate limits count across worker processes only in a shared cache), on the database
of DATABASE_URL (PostgreSQL: run it under bin/with-postgres after `make demo` there, or let
--prepare migrate and load the demo).

Each sender posts one submission at a time (a new connection each), from a random client address
given in X-Forwarded-For (the trusted proxy's header) and with a random mobile number, so that
only the server's capacity limits it. Afterwards one address sends past its rate limit. Prints
accepted submissions, submissions/s, p50/p99, status counts, 5xx and connection errors, the rows
this run stored (must equal the accepted answers) and how the rate limit held; for comments also
the counts the draft's page and the API show against the database's. Exits 1 on any 5xx,
connection error, lost or extra row, count shown wrong, or a rate limit that did not hold.
"""

import argparse
import itertools
import json
import os
import random
import re
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_mixed import answers, get  # noqa: E402
from bench.participation_server import (  # noqa: E402
    ensure_database,
    manage,
    post,
    random_address,
    request,
    run_senders,
    shell,
    start_redis,
    start_server,
    stop,
    summarise,
    timed,
)


def mobile(rng: random.Random) -> str:
    return f"139{rng.randrange(10**8):08d}"


class Messages:
    """给代表留言 to random stations (/liaison/?station=…)."""

    unit = "messages"
    accepted_mark = b'class="liaison__case"'

    def __init__(self, host, port, tag):
        self.host, self.port, self.tag = host, port, tag
        status, body = get(host, port, "/api/v2/stations/?limit=20&locale=zh-hans")
        if status != 200:
            raise SystemExit(f"/api/v2/stations/ answered {status}: is the demo content loaded?")
        self.stations = [item["id"] for item in json.loads(body)["items"]]
        if not self.stations:
            raise SystemExit("No stations: run `make demo` first.")
        get(host, port, f"/liaison/?station={self.stations[0]}")  # warm

    def session(self, rng):
        return None

    def submit(self, rng, n, address, session, station=None):
        fields = {
            "category": rng.choice(["advice", "question", "help", "other"]),
            "subject": f"{self.tag} 压力测试留言 {n}",
            "text": f"{self.tag} 第 {n} 条：村口路灯不亮，请尽快修理。{secrets.token_hex(8)}",
            "contact_mobile": mobile(rng),
            "reply_public": rng.choice(["yes", "no"]),
            "consent": "on",
        }
        station = station or rng.choice(self.stations)
        status, body = post(self.host, self.port, f"/liaison/?station={station}", fields, address)
        return "accepted" if status == 200 and self.accepted_mark in body else status

    def stored(self) -> int:
        return int(shell(
            "from liaison.models import Message; "
            f"print(Message.objects.filter(subject__startswith={self.tag!r}).count())"
        ))  # fmt: skip

    def check_counts(self) -> bool:
        return True


COUNTS = re.compile(r'<span class="draft-counts">(\d+) 人参与 · (\d+) 条意见</span>')
ARTICLE = re.compile(r'<section class="draft-article" id="([^"]+)"')
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Comments:
    """Comments on the demo's open draft: on a random 条 (three in four) or the whole draft; each
    mobile number comments twice (so participants and comments differ), within its limit."""

    unit = "comments"
    accepted_mark = "意见已收到".encode()
    duplicate_mark = "已收到相同内容".encode()

    def __init__(self, host, port, tag):
        self.host, self.port, self.tag = host, port, tag
        status, body = get(host, port, "/api/v2/consultations/?status=open&locale=zh-hans")
        if status != 200:
            raise SystemExit(f"/api/v2/consultations/ answered {status}: is the demo loaded?")
        items = json.loads(body)["items"]
        if not items:
            raise SystemExit("No draft open for comment: run `make demo` first.")
        self.draft = items[0]["id"]
        self.page = urlsplit(items[0]["meta"]["html_url"]).path
        self.action = f"/consultations/{self.draft}/comment/"
        self.articles = ARTICLE.findall(self.page_html())
        if not self.articles:
            raise SystemExit(f"{self.page} shows no 条.")
        # Numbers new to this run (another run's may have used up their limit on the server).
        self.numbers = itertools.count(random.randrange(10**8))

    def page_html(self) -> str:
        status, body = get(self.host, self.port, self.page)
        if status != 200:
            raise SystemExit(f"{self.page} answered {status}")
        return body.decode()

    def session(self, rng):
        """The form's CSRF cookie and token (the page is never cached: it carries them), and the
        sender's mobile number with how often it was used."""
        _status, headers, body = request(self.host, self.port, "GET", self.action)
        cookies = "; ".join(value.split(";", 1)[0] for value in headers.get_all("Set-Cookie") or [])
        return {"cookies": cookies, "token": TOKEN.search(body).group(1).decode(), "used": 2}

    def mobile(self, session) -> str:
        if session["used"] == 2:
            session.update(mobile=f"139{next(self.numbers) % 10**8:08d}", used=0)
        session["used"] += 1
        return session["mobile"]

    def submit(self, rng, n, address, session, station=None):
        article = rng.choice(self.articles) if rng.random() < 0.75 else ""
        fields = {
            "csrfmiddlewaretoken": session["token"],
            "text": f"{self.tag} 第 {n} 条意见：建议明确执法主体和处罚标准。{secrets.token_hex(8)}",
            "contact_mobile": self.mobile(session),
            "consent": "on",
        }
        if article:
            fields["article"] = article
        status, body = post(self.host, self.port, self.action, fields, address, session["cookies"])
        if status == 200 and self.duplicate_mark in body:
            return "duplicate"
        return "accepted" if status == 200 and self.accepted_mark in body else status

    def stored(self) -> int:
        return int(shell(
            "from consultations.models import Comment; "
            f"print(Comment.objects.filter(text__startswith={self.tag!r}).count())"
        ))  # fmt: skip

    def database_counts(self) -> dict:
        """Counted independently of consultations.models (what the public counts: every comment
        moderation did not set aside), overall and per 条 ("" for the whole draft)."""
        return json.loads(shell(
            "import json; from django.db.models import Count; "
            "from consultations.models import Comment, DraftRegulationPage; "
            f"key = DraftRegulationPage.objects.get(pk={self.draft}).translation_key; "
            "rows = Comment.objects.filter(draft_key=key, status__in=['new', 'held', 'valid']); "
            "per = {r['article']: [r['p'], r['c']] for r in rows.values('article')"
            ".annotate(p=Count('participant', distinct=True), c=Count('id'))}; "
            "per['*'] = [rows.values('participant').distinct().count(), rows.count()]; "
            "print(json.dumps(per))"
        ))  # fmt: skip

    def check_counts(self) -> bool:
        """The counts the page and the API show after the run equal the database's (the page is
        served live, its counts come from the counts cache every comment renews)."""
        html = self.page_html()
        shown = [tuple(map(int, found)) for found in COUNTS.findall(html)]
        anchors = ARTICLE.findall(html)
        database = self.database_counts()
        expected = [tuple(database["*"])] + [tuple(database.get(a, [0, 0])) for a in anchors]
        _status, body = get(self.host, self.port, f"/api/v2/consultations/{self.draft}/")
        api = json.loads(body)
        api_counts = (api["participants"], api["comments"])
        wrong = [
            (anchor, seen, wanted)
            for anchor, seen, wanted in zip(["草案", *anchors], shown, expected, strict=True)
            if seen != wanted
        ]
        examples = ", ".join(f"{a} {s}" for a, s in zip(anchors[:3], shown[1:4], strict=False))
        equal = len(anchors) - len(wrong)
        print(f"counts (participants, comments): database {tuple(database['*'])}, "
              f"page {shown[0]}, API {api_counts}; of which on the whole draft "
              f"{tuple(database.get('', [0, 0]))}; per 条 on the page: "
              f"{equal}/{len(anchors)} equal the database, e.g. {examples}")  # fmt: skip
        if wrong or api_counts != tuple(database["*"]):
            print(f"COUNTS DIFFER: {wrong[:5]}")
            return False
        return True


TARGETS = {"messages": Messages, "comments": Comments}


def rate_limit_holds(target, limit: int) -> tuple[int, int]:
    """One address sends limit + 3 different submissions: (accepted, refused with 429)."""
    rng = random.Random()
    address = f"172.16.{rng.randrange(256)}.{rng.randrange(1, 255)}"  # new each run
    session = target.session(rng)
    outcomes = [target.submit(rng, 9_000_000 + n, address, session) for n in range(limit + 3)]
    return outcomes.count("accepted"), outcomes.count(429)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--target", choices=sorted(TARGETS), default="messages")
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
    print(f"database: {database.split('@')[-1]}; target: {options.target}")
    if options.prepare:
        ensure_database(database)
        manage("migrate", "-v0")
        manage("load_demo")

    redis = server = None
    if not answers(host, port):
        redis, cache_url = start_redis()
        server = start_server(host, port, options.workers, cache_url, options.limit)
    try:
        target = TARGETS[options.target](host, port, f"LOAD{secrets.token_hex(3)}")

        def send(seed, deadline):
            rng = random.Random(seed)
            session = target.session(rng)
            results, n = [], 0
            while time.monotonic() < deadline:
                n += 1
                number, address = seed * 1_000_000 + n, random_address(rng)
                results.append(timed(target.submit, rng, number, address, session))
            return results

        results, elapsed = run_senders(options.senders, options.seconds, send)
        limited_accepted, limited_refused = rate_limit_holds(target, options.limit)
        counts_equal = target.check_counts()
    finally:
        stop(server, 30)
        stop(redis, 10)

    figures = summarise(
        results, elapsed, label=options.base_url, unit=target.unit, senders=options.senders
    )
    rows = target.stored()
    expected_rows = figures["accepted"] + limited_accepted
    print(f"rows stored by this run: {rows} (accepted answers: {expected_rows})")
    held = limited_accepted == options.limit and limited_refused == 3
    print(f"rate limit, one address sending {options.limit + 3}: {limited_accepted} accepted, "
          f"{limited_refused} refused (429) — {'holds' if held else 'DOES NOT HOLD'}")  # fmt: skip
    failed = (
        figures["server_errors"] or figures["errors"] or rows != expected_rows or not held
        or not counts_equal
    )  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
