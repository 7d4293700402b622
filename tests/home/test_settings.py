import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from wagtail.search.backends import get_search_backend

from cms.settings.base import search_backend_from_url
from home.validators import (
    validate_icp_number,
    validate_phone,
    validate_public_security_number,
    validate_website_code,
)

BASE_DIR = Path(__file__).resolve().parents[2]


def run_with_production_settings(**env):
    """Import the production settings in a fresh interpreter with exactly the given variables."""
    clean_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_with_production_settings(ALLOWED_HOSTS="renda.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_with_production_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_when_both_are_given():
    result = run_with_production_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="renda.example.cn")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_database_is_the_one_database_url_names():
    url = os.environ.get("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_search_url_empty_means_database_backend():
    # Wagtail's database backend with Chinese text analysis (search.backends).
    assert search_backend_from_url("") == {"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}


def test_search_url_selects_an_engine_with_credentials_and_tls():
    config = search_backend_from_url(
        "opensearch+https://reader:p%40ss@search.internal:9201", index_prefix="renda_"
    )
    assert config["BACKEND"] == "search.backends.engines.OpenSearchBackend"
    assert config["TIMEOUT"] <= 2
    assert config["INDEX_PREFIX"] == "renda_"
    assert config["HOSTS"] == [
        {
            "host": "search.internal",
            "port": 9201,
            "use_ssl": True,
            "http_auth": ("reader", "p@ss"),
        }
    ]
    es = search_backend_from_url("elasticsearch://127.0.0.1:9200")
    assert es["BACKEND"] == "search.backends.engines.ElasticsearchBackend"
    assert es["HOSTS"] == [{"host": "127.0.0.1", "port": 9200, "scheme": "http"}]
    es = search_backend_from_url("elasticsearch+https://reader:p%40ss@es.internal:9243")
    assert es["HOSTS"] == [{"host": "es.internal", "port": 9243, "scheme": "https"}]
    assert es["OPTIONS"] == {"basic_auth": ("reader", "p@ss")}


@pytest.mark.parametrize(
    "url",
    ["opensearch+https://reader:p%40ss@search.internal:9201", "elasticsearch+https://u:p@h:1"],
)
def test_the_engine_clients_accept_the_configuration(url):
    # Builds the real client (no request is sent): a configuration the client rejects fails here.
    config = search_backend_from_url(url)
    backend = get_search_backend(config.pop("BACKEND"), **config)
    assert backend.search_timeout <= 2
    assert backend.es is not None


@pytest.mark.parametrize("url", ["solr://localhost:8983", "opensearch+ftp://x:1", "opensearch://"])
def test_search_url_rejects_unknown_schemes(url):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_URL"):
        search_backend_from_url(url)


@pytest.mark.parametrize(
    ("validator", "good", "bad"),
    [
        (
            validate_icp_number,
            ["浙ICP备05000002号", "京ICP备12345678号-3"],
            ["ICP05000002", "浙ICP备号"],
        ),
        (
            validate_public_security_number,
            ["浙公网安备 33010602010054号", "浙公网安备33010602010054号"],
            ["浙公网安备 330106号", "公安备案 33010602010054"],
        ),
        (validate_website_code, ["3300000001", "bm01000001"], ["33000", "3300-00001"]),
        (validate_phone, ["0571-87050000", "+86 571 8705 0000"], ["电话", "12"]),
    ],
)
def test_footer_formats_are_validated(validator, good, bad):
    for value in good:
        validator(value)
    for value in bad:
        with pytest.raises(ValidationError):
            validator(value)
