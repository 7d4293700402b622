"""What readers of the network and activity pages see: the township filter in pinyin order, an
activity's summary only when it adds to the body."""

import re

import pytest
from wagtail.rich_text import RichText

from stations.models import StationLevel
from tests.factories import ActivityPageFactory, StationPageFactory

pytestmark = pytest.mark.django_db


def test_township_filter_is_in_pinyin_order(client, network, city_station):
    for index, township in enumerate(["三界镇", "下王镇", "北漳镇", "长乐镇", "甘霖镇", "仙岩镇"]):
        StationPageFactory(
            parent=city_station, slug=f"t{index}", township=township, level=StationLevel.TOWNSHIP
        )

    html = client.get(network.url).content.decode()

    select = re.search(r'<select id="filter-township".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="([^"]+)"', select)
    # bei, chang, gan, san, xia, xian — not the code points' 三, 下, 仙, 北, 甘, 长.
    assert options == ["北漳镇", "长乐镇", "甘霖镇", "三界镇", "下王镇", "仙岩镇"]


def _activity(activity_index, summary, body_html):
    return ActivityPageFactory(
        parent=activity_index, summary=summary, body=[("paragraph", RichText(body_html))]
    )


def test_activity_summary_not_repeated_when_the_body_opens_with_it(client, activity_index):
    summary = "7月15日，甘霖镇代表联络站开展代表接待日活动。"
    activity = _activity(
        activity_index, summary, f"<p>{summary.replace('，', '， ')}</p><p>代表们认真听取意见。</p>"
    )

    html = client.get(activity.url).content.decode()
    main = html[html.index("<main") :]

    assert main.count("开展代表接待日活动") == 1  # once, in the body
    assert 'class="activity__summary"' not in html
    assert "代表们认真听取意见" in html


def test_activity_summary_shown_when_it_differs_from_the_body(client, activity_index):
    activity = _activity(
        activity_index, "代表进站接待选民。", "<p>7月15日，甘霖镇代表联络站开展活动。</p>"
    )

    html = client.get(activity.url).content.decode()

    assert '<p class="activity__summary">代表进站接待选民。</p>' in html
