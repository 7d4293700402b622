"""English station, network and representative pages (issue #20): the site's own labels in
English, editor-written values in the language they were written in, lists and counts that cover
what has not been translated."""

import re

import pytest
from django.utils import timezone
from django.utils.translation import override

from stations.models import StationLevel, StationRepresentative
from tests.factories import (
    ActivityPageFactory,
    RepresentativeFactory,
    StationPageFactory,
    publish_translations,
)

pytestmark = pytest.mark.django_db


def english_copy(page, **fields):
    """``page``'s published English translation with ``fields`` translated."""
    copy = page.get_translation(page.locale.__class__.objects.get(language_code="en"))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def english_network(home_page, network, city_station, township_station):
    """The home page, network and city station translated; the township station not."""
    publish_translations(home_page, network, city_station)
    home_en = english_copy(home_page, title="People's Congress")
    network_en = english_copy(network, title="Liaison stations")
    city_en = english_copy(city_station, title="City liaison centre")
    return {"home": home_en, "network": network_en, "city": city_en}


def test_network_counts_describe_the_whole_network(client, english_network, city_station):
    StationPageFactory(parent=city_station, title="石璜镇人大代表联络站", township="石璜镇")

    html = client.get(english_network["network"].url).content.decode()

    # 1 city station (translated) + 2 township stations (not): the network, not the translation
    assert "The “1+2+0” liaison station network" in html
    assert "3 liaison stations and rooms in total" in html


def test_the_network_list_falls_back_to_untranslated_stations(client, english_network):
    html = client.get(english_network["network"].url).content.decode()

    assert ">City liaison centre</a>" in html
    assert re.search(
        r'href="/stations/city/ganlin/" hreflang="zh-hans" lang="zh-hans">甘霖镇人大代表联络站</a>',
        html,
    )
    # the city station's Chinese version is not listed beside its translation
    assert "嵊州市人大代表联络总站" not in html


def test_english_station_labels_are_english(client, english_network, township_station):
    rep = RepresentativeFactory(name="张代表")
    StationRepresentative.objects.create(page=township_station, representative=rep, role="站长")
    township_station.save_revision().publish()
    publish_translations(township_station)
    station_en = english_copy(township_station, title="Ganlin liaison station")

    html = client.get(station_en.url).content.decode()

    assert "County People&#x27;s Congress deputy · Station head" in html
    assert "County人大代表" not in html and "人大代表</span>" not in html
    assert "Day 15 of every month" in html and ">每月15日<" not in html
    # editor-written text that was not translated shows as written, marked as Chinese
    assert '<span lang="zh-hans">每次由1名主席团成员和5名以上代表共同接待</span>' in html
    assert '<span lang="zh-hans">甘霖镇人民政府</span>' in html
    assert "（" not in html[html.index("Next reception day") :][:200]  # (Tuesday), not （Tuesday）


def test_an_english_station_lists_activities_reported_in_chinese(
    client, english_network, city_station, activity_index
):
    activity = ActivityPageFactory(parent=activity_index, title="面对面议政活动")
    activity.stations.add(city_station)
    activity.save_revision().publish()

    html = client.get(english_network["city"].url).content.decode()

    assert "No activity reports yet" not in html
    assert 'lang="zh-hans">面对面议政活动</a>' in html


def test_english_station_lists_the_chinese_representatives_when_it_has_none(
    client, english_network, city_station
):
    rep = RepresentativeFactory(name="李代表")
    StationRepresentative.objects.create(page=city_station, representative=rep, role="联络员")

    html = client.get(english_network["city"].url).content.decode()

    assert "李代表" in html and "Liaison officer" in html


def test_reception_rules_read_in_english():
    from stations.reception import describe_reception_rule

    with override("en"):
        assert describe_reception_rule("每月15日、每周五") == "day 15 of every month; every Friday"
        assert describe_reception_rule("每月第一个星期三") == "the first Wednesday of every month"
        assert describe_reception_rule("每月最后一个周五") == "the last Friday of every month"
        assert describe_reception_rule("随时") == "随时"  # unreadable: as written
    with override("zh-hans"):
        assert describe_reception_rule("每月15日、每周五") == "每月15日、每周五"


def test_a_station_says_what_is_not_yet_published(client, city_station):
    html = client.get(city_station.url).content.decode()
    visit = html[
        html.index('class="station__visit"') : html.index(
            "</section>", html.index('class="station__visit"')
        )
    ]

    for label in ("地址", "开放时间", "代表接待日", "联系电话", "接待代表"):
        row = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", visit, re.S)
        assert row and "尚未公布" in row.group(1), label


def test_a_station_shows_its_visitor_facts_first(client, township_station):
    html = client.get(township_station.url).content.decode()
    visit = html.index('class="station__visit"')

    assert visit < html.index('class="station__facts"')
    for fact in ("甘霖镇人民政府", "每月15日", "0575-83000000"):
        assert visit < html.index(fact) < html.index('class="station__facts"')
    assert "尚未公布" in html  # its opening hours and representatives are not known


def test_activity_without_a_date_says_so(client, township_station, activity_index):
    activity = ActivityPageFactory(parent=activity_index, start_date=None)
    activity.stations.add(township_station)
    activity.save_revision().publish()

    html = client.get(township_station.url).content.decode()
    assert "日期尚未公布" in html


def test_representative_breadcrumbs_pass_the_listing(client, network, township_station):
    rep = RepresentativeFactory(name="张代表")
    StationRepresentative.objects.create(page=township_station, representative=rep)

    html = client.get(f"{network.url}representatives/{rep.pk}/").content.decode()
    start = html.index('class="breadcrumbs"')
    crumbs = html[start : html.index("</nav>", start)]

    assert f'<a href="{network.url}representatives/">进站代表</a>' in crumbs
    assert crumbs.index("进站代表") < crumbs.index("张代表")


def test_english_representative_page_has_an_english_title(client, english_network, city_station):
    rep = RepresentativeFactory(name="王代表", congress_level="township")
    StationRepresentative.objects.create(page=city_station, representative=rep)

    html = client.get(f"{english_network['network'].url}representatives/{rep.pk}/").content.decode()

    assert "Township People&#x27;s Congress deputy" in html
    assert "乡镇人大代表" not in html
    assert 'href="/en/stations/representatives/">Station deputies</a>' in html
    assert 'href="/stations/city/" hreflang="zh-hans" lang="zh-hans">' not in html  # translated
    assert 'href="/en/stations/city/">City liaison centre</a>' in html


def test_next_reception_day_in_english(client, english_network, township_station):
    publish_translations(township_station)
    station_en = english_copy(township_station, title="Ganlin")
    html = client.get(station_en.url).content.decode()
    day = station_en.next_reception
    assert day is not None and day >= timezone.localdate()
    assert f"{day.day} {day:%B} {day.year} ({day:%A})" in html
    assert station_en.level == StationLevel.TOWNSHIP


def test_english_network_query_budget(
    english_network, city_station, render_uncached, django_assert_max_num_queries
):
    for _ in range(10):
        StationPageFactory(parent=city_station, reception_rule="每月第一个星期三")
    request = render_uncached(english_network["network"].url, warm_on="/en/")
    # 10 before issue #20 too (the Chinese page: 8; Wagtail looks up the English Locale and the
    # English home page while routing): the whole network's stations cost no more.
    with django_assert_max_num_queries(10):
        assert request().status_code == 200


def test_english_station_query_budget(
    english_network, city_station, activity_index, render_uncached, django_assert_max_num_queries
):
    for _ in range(4):
        StationRepresentative.objects.create(
            page=city_station, representative=RepresentativeFactory()
        )
        activity = ActivityPageFactory(parent=activity_index)
        activity.stations.add(city_station)
        activity.save_revision().publish()
    request = render_uncached(english_network["city"].url, warm_on="/en/")
    # 14 before issue #20 (the Chinese page: 12); one more finds the station's Chinese version,
    # whose representatives and activities the English page lists when it has none of its own.
    # Two more since issue #23: the station's 网上联络站 figures and 公开答复 (liaison.stats).
    with django_assert_max_num_queries(17):
        assert request().status_code == 200


def test_the_english_activity_index_lists_untranslated_activities(
    client, english_network, city_station, activity_index
):
    """The English 活动动态 list shows the activities written only in Chinese (marked with their
    language) instead of claiming there are none, and a translated one once, in English."""
    translated = ActivityPageFactory(
        parent=activity_index, title="面对面议政活动", start_date=timezone.localdate()
    )
    ActivityPageFactory(parent=activity_index, title="代表接待选民日", start_date=None)
    publish_translations(activity_index, translated)
    index_en = english_copy(activity_index, title="Activities")
    english_copy(translated, title="Face-to-face deliberation")

    html = client.get(index_en.url).content.decode()

    assert ">Face-to-face deliberation</a>" in html
    assert "面对面议政活动" not in html
    assert re.search(r'hreflang="zh-hans" lang="zh-hans">代表接待选民日</a>', html)
    assert "No activities" not in html
