"""Faults against the real services: the database or the cache goes away and comes back.

The site runs under `make serve`'s server (granian) with the production settings, on a throwaway
PostgreSQL and a real Redis, each on a free loopback port.
"""

import logging

import pytest

from .servers import Postgres, Redis, Site, manage, production_environment


@pytest.fixture(scope="module")
def postgres():
    server = Postgres()
    server.start()
    server.create_database()
    yield server
    server.remove()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    manage("collectstatic", "--noinput", "-v0", env=production_environment(root))
    return root


@pytest.fixture(scope="module")
def database(postgres, static_root):
    env = production_environment(static_root, DATABASE_URL=postgres.url)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo", env=env)
    return env


log = logging.getLogger(__name__)
PAGES = ["/", "/search/?q=%E4%BB%A3%E8%A1%A8", "/api/v2/news/?limit=2", "/feeds/rss/"]


def test_database_outage_gives_the_static_503_page_then_recovers(postgres, database):
    # Without the page cache, which would go on serving the pages it holds.
    site = Site({**database, "PAGE_CACHE": "false"})
    try:
        for path in PAGES:
            status, _body, seconds = site.get(path, timeout=120)
            log.info(f"database up: {path} → {status} in {seconds * 1000:.0f} ms")
            assert status == 200, path

        postgres.stop()
        try:
            # The home page is made of the shared fragments kept per site generation (warm now)
            # and needs no query: it is still served, whole. Nothing can be published meanwhile.
            status, body, _seconds = site.get("/")
            assert status == 200
            assert "网站暂时无法访问" not in body
            assert 'class="site-main"' in body
            for path in PAGES[1:]:
                status, body, seconds = site.get(path)
                log.info(f"database down: {path} → {status} in {seconds * 1000:.0f} ms")
                assert status == 503, path
                assert "网站暂时无法访问" in body
        finally:
            postgres.start()

        for path in PAGES:
            assert site.get(path)[0] == 200, path
    finally:
        site.stop()


def test_cache_outage_serves_pages_uncached(database):
    redis = Redis()
    redis.start()
    site = Site({**database, "CACHE_URL": redis.url})
    try:
        for path in PAGES:
            assert site.get(path, timeout=120)[0] == 200, path

        redis.stop()
        for path in PAGES:
            status, _body, seconds = site.get(path)
            log.info(f"cache down: {path} → {status} in {seconds * 1000:.0f} ms")
            assert status == 200, path

        redis.start()
        for path in PAGES:
            assert site.get(path)[0] == 200, path
    finally:
        site.stop()
        redis.stop()
