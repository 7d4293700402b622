"""Reading preferences (关怀版 and 字号): the switch links set cookies and send the reader back; the
page HTML stays the same for every reader, and /preferences.css applies the choice."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_link_the_switches_and_the_preference_stylesheet(client, home_page, site_settings):
    html = client.get("/?page=1").content.decode()
    assert 'href="/preferences.css"' in html
    assert 'href="/preferences/?care=on&amp;next=/%3Fpage%3D1"' in html
    assert 'href="/preferences/?size=large&amp;next=/%3Fpage%3D1"' in html


def test_page_html_is_the_same_whatever_the_preferences(client, home_page, site_settings):
    plain = client.get("/")
    client.cookies["care"] = "on"
    client.cookies["text_size"] = "large"
    cared = client.get("/")
    assert cared.content == plain.content


def test_switching_care_mode_on_sets_a_cookie_and_goes_back(client):
    response = client.get("/preferences/", {"care": "on", "next": "/news/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/news/?page=2"
    cookie = response.cookies["care"]
    assert cookie.value == "on"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"]


def test_switch_never_redirects_to_another_site(client):
    for target in ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]:
        response = client.get("/preferences/", {"size": "small", "next": target})
        assert response.status_code == 302
        assert response["Location"] == "/", target


@pytest.mark.parametrize(
    "params", [{}, {"care": "yes"}, {"size": "huge"}, {"care": "on", "size": ""}, {"next": "/"}]
)
def test_unknown_preferences_get_a_clear_message(client, params):
    response = client.get("/preferences/", params)
    assert response.status_code == 400
    assert "无法识别的显示设置" in response.content.decode()
    assert not response.cookies


def test_preference_stylesheet_follows_the_cookies(client):
    standard = client.get("/preferences.css")
    assert standard["Content-Type"].startswith("text/css")
    assert "Cookie" in standard["Vary"]
    assert "private" in standard["Cache-Control"]
    css = standard.content.decode()
    assert "html { font-size: 100%; }" in css
    assert "care.css" not in css
    assert ".preferences__size--medium .preferences__current" in css

    client.cookies["care"] = "on"
    client.cookies["text_size"] = "large"
    cared = client.get("/preferences.css")
    css = cared.content.decode()
    assert css.startswith('@import url("/static/css/care.css");')
    assert "html { font-size: 148.438%; }" in css
    assert ".preferences__size--large .preferences__current" in css
    assert cared["ETag"] != standard["ETag"]


def test_preference_stylesheet_is_revalidated_cheaply(client):
    first = client.get("/preferences.css")
    again = client.get("/preferences.css", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_unknown_cookie_values_fall_back_to_the_standard_view(client):
    client.cookies["care"] = "<script>"
    client.cookies["text_size"] = "huge"
    css = client.get("/preferences.css").content.decode()
    assert "html { font-size: 100%; }" in css
    assert "<script>" not in css


def test_robots_keep_crawlers_off_the_switches(client, home_page):
    assert "Disallow: /preferences/" in client.get("/robots.txt").content.decode()
