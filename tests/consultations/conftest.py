from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import ConsultationIndexPage, DraftRegulationPage
from consultations.parsing import parse_text
from tests.factories import NewsIndexPageFactory

DRAFT_TEXT = """示范条例（草案）
第一章　总则
第一条　为了规范示范工作，制定本条例。
第二条　本条例适用于本省行政区域内的示范工作。
本条例所称示范工作，是指下列活动：
（一）组织示范；
（二）评估示范。
第二章　附则
第十二条　本条例自2027年1月1日起施行。
"""


@pytest.fixture
def consultation_index(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="地方立法", slug="legislation")
    return column.add_child(
        instance=ConsultationIndexPage(title="法规草案征求意见", slug="consultations")
    )


@pytest.fixture
def make_draft(consultation_index):
    """``make_draft(opens_at=…, closes_at=…, **fields)``: a live draft with the text above."""
    counter = iter(range(1, 1000))

    def make(**fields):
        now = timezone.now()
        number = next(counter)
        values = {
            "title": f"示范条例（草案）{number}",
            "slug": f"draft-{number}",
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=10),
            "organiser": "省人大常委会法制工作委员会",
            "explanation": "<p>起草说明的内容。</p>",
            "text": parse_text(DRAFT_TEXT).stream_data(),
            **fields,
        }
        draft = consultation_index.add_child(instance=DraftRegulationPage(**values))
        draft.save_revision().publish()
        return DraftRegulationPage.objects.get(pk=draft.pk)

    return make


@pytest.fixture
def draft(make_draft):
    return make_draft()
