"""Hardened defaults: deploy checks, response headers, Content Security Policy, passwords."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import NewsIndexPageFactory, NewsPageFactory

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 20 + "-deploy-check-only-" + "y" * 30,
        "ALLOWED_HOSTS": "www.example.gov.cn",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_admin_address_comes_from_the_environment():
    code = "from django.urls import reverse; print(reverse('wagtailadmin_home'))"
    result = manage("shell", "-c", code, ADMIN_URL_PATH="houtai-7f3a")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/houtai-7f3a/"


@pytest.fixture
def article(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="要闻", slug="news")
    return NewsPageFactory(parent=column, title="常委会会议闭幕")


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=会议", "ARTICLE", "/en/"])
def test_public_pages_carry_security_headers_and_a_strict_policy(client, article, path):
    response = client.get(article.url if path == "ARTICLE" else path, follow=True)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_templates_have_no_inline_script_or_style(client, article):
    """JSON-LD data blocks are not executed; anything else inline would be blocked by the policy."""
    for path in ["/", article.url, "/search/?q=会议"]:
        html = client.get(path).content.decode()
        for chunk in html.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            assert "src=" in opening or 'type="application/ld+json"' in opening, (path, opening)
        assert " style=" not in html, path
        assert "<style" not in html, path
        assert " onclick=" not in html and " onload=" not in html, path


@pytest.mark.django_db
def test_admin_gets_its_own_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


@pytest.mark.parametrize("password", ["12345678901234", "password1234", "short1!", "admin-admin"])
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="admin-admin", email="editor@example.gov.cn")
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_unusual_password_is_accepted(django_user_model):
    user = django_user_model(username="editor", email="editor@example.gov.cn")
    validate_password("浙江人大-常委会-2026-xq", user=user)
