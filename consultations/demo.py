"""Demo consultations for ``load_demo``: one draft open for comment, one closed with its
feedback report. Their text is generated (marked as demo on the page), modelled on the usual
structure of a provincial 条例: 总则, chapters on the matter, 法律责任, 附则."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from home.demo import ensure_page
from news.models import NewsIndexPage

from .models import Comment, CommentStatus, ConsultationIndexPage, DraftRegulationPage
from .parsing import chinese_numeral, parse_lines
from .services import participant_key

DEMO_NOTE = "【演示内容】本草案文本由程序生成，仅用于演示网站功能，不是真实的法规草案。"
ORGANISER = "省人大常委会法制工作委员会"
CHAPTERS = [
    ("总则", ["立法目的", "适用范围", "基本原则", "政府职责", "部门职责", "社会参与"]),
    ("规划与建设", ["规划编制", "规划公开", "建设标准", "用地保障", "配套设施"]),
    ("管理与服务", ["日常管理", "信息公开", "便民服务", "数字化管理", "志愿服务", "投诉处理"]),
    ("保障与监督", ["资金保障", "人才保障", "监督检查", "人大监督", "社会监督"]),
    ("法律责任", ["一般规定", "违反规划的责任", "妨碍管理的责任", "工作人员责任"]),
    ("附则", ["施行日期"]),
]


def draft_lines(*, subject: str, articles: int | None = None) -> list[str]:
    """The lines of a generated draft on ``subject`` (e.g. 城市绿化): a title, a 目录-free body of
    chapters and articles with 款 and 项. ``articles`` stretches the chapters to that many 条
    (for the benchmark); by default about thirty."""
    plan = [(title, list(topics)) for title, topics in CHAPTERS]
    if articles:
        total = sum(len(topics) for _title, topics in plan)
        middle = plan[1:-1]
        index = 0
        while total < articles:
            title, topics = middle[index % len(middle)]
            topics.append(f"{title}事项{len(topics) + 1}")
            total += 1
            index += 1
    lines = [f"浙江省{subject}条例（草案·演示）"]
    number = 0
    for chapter_number, (title, topics) in enumerate(plan, start=1):
        lines.append(f"第{chinese_numeral(chapter_number)}章　{title}")
        for topic in topics:
            number += 1
            label = f"第{chinese_numeral(number)}条"
            if topic == "立法目的":
                lines.append(
                    f"{label}　为了规范{subject}工作，保障公民、法人和其他组织的合法权益，"
                    "根据有关法律、行政法规，结合本省实际，制定本条例。"
                )
            elif topic == "施行日期":
                lines.append(f"{label}　本条例自2027年7月1日起施行。")
            elif number % 4 == 0:
                lines.append(f"{label}　{subject}的{topic}，应当遵循下列规定：")
                lines.append("（一）坚持依法、公开、便民的原则；")
                lines.append("（二）听取有关单位和公众的意见；")
                lines.append("（三）法律、法规规定的其他要求。")
            else:
                lines.append(
                    f"{label}　县级以上人民政府及其有关部门应当按照职责做好{subject}的{topic}工作。"
                )
                if number % 3 == 0:
                    lines.append(f"{topic}的具体办法由省人民政府制定。")
    return lines


def load(*, stdout) -> None:
    column = NewsIndexPage.objects.filter(locale=Locale.get_default(), slug="legislation").first()
    if column is None:
        stdout.write("  (no 地方立法 column: no demo consultations)")
        return
    now = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        index = ensure_page(
            column,
            ConsultationIndexPage,
            slug="consultations",
            title="法规草案征求意见",
            intro="<p>地方性法规草案公开征求意见：可对草案整体或逐条提出意见。</p>",
            show_in_menus=True,
            stdout=stdout,
        )
        ensure_page(
            index,
            DraftRegulationPage,
            slug="lvhua-tiaoli-zhengqiu-yijian",
            stdout=stdout,
            **_draft_fields(
                subject="城市绿化",
                opens_at=now - timedelta(days=5),
                # The end of a day in Beijing, as deadlines are announced.
                closes_at=timezone.localtime(now + timedelta(days=25)).replace(hour=23, minute=59),
            ),
        )
        closed = ensure_page(
            index,
            DraftRegulationPage,
            slug="jiadian-huishou-tiaoli-zhengqiu-yijian",
            stdout=stdout,
            **_draft_fields(
                subject="废旧家电回收利用",
                opens_at=now - timedelta(days=60),
                closes_at=now - timedelta(days=30),
                feedback=now - timedelta(days=10),
            ),
        )
        _demo_comments(closed)


def _draft_fields(*, subject: str, opens_at, closes_at, feedback=None) -> dict:
    lines = draft_lines(subject=subject)
    parsed = parse_lines(lines)
    fields = {
        "title": lines[0],
        "explanation": f"<p>{DEMO_NOTE}</p><p>为了规范{subject}工作，起草了本条例草案。"
        "现公开征求社会各界意见，欢迎对草案整体或逐条提出意见和建议。</p>",
        "text": parsed.stream_data(),
        "opens_at": opens_at,
        "closes_at": closes_at,
        "organiser": ORGANISER,
        "other_ways": "<p>信函请寄：杭州市省府路8号省人大常委会法制工作委员会（邮编310025），"
        "并在信封上注明“条例草案征求意见”。</p>",
    }
    if feedback:
        data = fields["text"]
        decisions = {2: "adopted", 5: "partly", 9: "not_adopted", 14: "adopted"}
        for index, (kind, value) in enumerate(data):
            if kind == "article" and value["number"] in decisions:
                decision = decisions[value["number"]]
                value["decision"] = decision
                value["reason"] = {
                    "adopted": "已根据意见修改本条表述。",
                    "partly": "部分意见已吸收；其余涉及上位法规定，未作修改。",
                    "not_adopted": "意见所涉事项已由其他法规规定，本条未作修改。",
                }[decision]
            data[index] = (kind, value)
        fields["feedback_published_at"] = feedback
        fields["feedback_summary"] = (
            f"<p>{DEMO_NOTE}</p><p>征求意见期间共收到意见若干条，"
            "起草单位逐条研究，各条采纳情况如下。</p>"
        )
    return fields


def _demo_comments(draft: DraftRegulationPage) -> None:
    if Comment.objects.filter(draft=draft).exists():
        return
    texts = [
        ("第二条", "建议明确适用范围是否包括农村地区。"),
        ("第二条", "建议将小区物业纳入适用范围。"),
        ("第五条", "建议写明部门之间的协调机制。"),
        ("第九条", "建议增加规划公示的期限。"),
        ("第十四条", "建议补充回收网点的设置标准。"),
        ("", "总体赞成，建议加快出台。"),
    ]
    for number, (article, text) in enumerate(texts):
        mobile = f"+86138000000{number:02d}"
        Comment.objects.create(
            draft=draft,
            draft_key=draft.translation_key,
            article=article,
            text=f"（演示意见）{text}",
            contact_mobile=mobile,
            participant=participant_key(mobile),
            fingerprint=f"demo-{number}",
            status=CommentStatus.VALID,
            submitted_at=draft.opens_at + timedelta(days=number + 1),
            is_demo=True,
        )
