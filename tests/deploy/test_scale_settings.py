"""Each part of the scaled-out deployment is switched on by environment variables only."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cms.db_router import ReplicaRouter
from home.page_cache import reads_from_replica

ROOT = Path(__file__).resolve().parent.parent.parent

SHOW = """
import json
from django.conf import settings
print(json.dumps({
    "databases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "media": settings.STORAGES["default"],
    "caches": {alias: conf["BACKEND"] for alias, conf in settings.CACHES.items()},
    "purge": settings.WAGTAILFRONTENDCACHE,
}, default=str))
"""


def production_settings(**env) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DATABASE_REPLICA", "CACHE_URL", "FRONTEND_CACHE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="settings-test-" + "x" * 40,
        ALLOWED_HOSTS="www.example.gov.cn",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{SHOW}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_single_machine_needs_nothing_more():
    shown = production_settings()
    assert shown["databases"] == ["default"]
    assert shown["routers"] == []
    assert shown["media"]["BACKEND"] == "home.storage.MediaStorage"
    assert shown["caches"]["generation"].endswith("FileBasedCache")
    assert shown["purge"] == {}


def test_replica_s3_redis_and_purge_come_from_the_environment():
    shown = production_settings(
        DATABASE_REPLICA_URL="postgres://reader:pw@replica:5432/renda",
        AWS_STORAGE_BUCKET_NAME="renda-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.gov.cn",
        CACHE_URL="redis://redis:6379/1",
        FRONTEND_CACHE_PURGE_URL="http://nginx:80",
    )
    assert shown["databases"] == ["default", "replica"]
    assert shown["routers"] == ["cms.db_router.ReplicaRouter"]
    assert shown["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert shown["media"]["OPTIONS"]["bucket_name"] == "renda-media"
    assert set(shown["caches"].values()) == {"django_redis.cache.RedisCache"}
    assert shown["purge"]["nginx"]["LOCATION"] == "http://nginx:80"


def test_only_anonymous_page_views_read_from_the_replica():
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default"
    token = reads_from_replica.set(True)
    try:
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    finally:
        reads_from_replica.reset(token)
    assert router.allow_migrate("replica", "news") is False
