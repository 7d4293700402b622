import io

import pytest
from docx import Document

from consultations.parsing import (
    Article,
    Heading,
    article_label,
    chinese_number,
    chinese_numeral,
    parse_docx,
    parse_text,
)

NUMBERS = [
    ("一", 1),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("二十一", 21),
    ("九十九", 99),
    ("一百", 100),
    ("一百零二", 102),
    ("一百一十", 110),
    ("一百一十二", 112),
    ("二百", 200),
    ("两百零五", 205),
    ("一千零一", 1001),
    ("12", 12),
    ("１０２", 102),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (102, "一百零二"), (110, "一百一十")]
    + [(112, "一百一十二"), (200, "二百"), (1001, "一千零一"), (1010, "一千零一十")],
)
def test_canonical_numerals(value, text):
    assert chinese_numeral(value) == text
    assert chinese_number(text) == value


def test_every_number_to_three_hundred_round_trips():
    for value in range(1, 301):
        assert chinese_number(chinese_numeral(value)) == value


@pytest.mark.parametrize("text", ["", "甲", "十x"])
def test_not_a_number(text):
    with pytest.raises(ValueError):
        chinese_number(text)


def test_labels():
    assert article_label(102) == "第一百零二条"
    assert article_label(10, 1) == "第十条之一"


DRAFT = """浙江省示范条例（草案）

第一章　总则
第一条　为了规范示范工作，根据有关法律，结合本省实际，制定本条例。
第二条　本条例适用于本省行政区域内的示范工作。
本条例所称示范工作，是指下列活动：
（一）组织示范；
（二）评估示范。
第二章　示范管理
第一节　一般规定
第三条　县级以上人民政府应当加强领导。
第十条之一 这一条是之后插入的。
第二节 监督
第4条 阿拉伯数字编号。
第三章
附则
第五条　本条例自2027年1月1日起施行。
"""


def test_structure_of_a_draft():
    parsed = parse_text(DRAFT)
    kinds = [(type(item).__name__, item.label) for item in parsed.items]
    assert kinds == [
        ("Heading", "第一章"),
        ("Article", "第一条"),
        ("Article", "第二条"),
        ("Heading", "第二章"),
        ("Heading", "第一节"),
        ("Article", "第三条"),
        ("Article", "第十条之一"),
        ("Heading", "第二节"),
        ("Article", "第四条"),
        ("Heading", "第三章"),
        ("Article", "第五条"),
    ]
    assert parsed.items[0] == Heading("chapter", 1, "总则")
    assert parsed.items[4] == Heading("section", 1, "一般规定")
    # 第三章 and its title on two lines.
    assert parsed.items[9].title == "附则"
    second = parsed.items[2]
    assert second.paragraphs == [
        "本条例适用于本省行政区域内的示范工作。",
        "本条例所称示范工作，是指下列活动：\n（一）组织示范；\n（二）评估示范。",
    ]
    assert parsed.items[8].paragraphs == ["阿拉伯数字编号。"]


def test_unrecognised_lines_are_reported_with_their_line_numbers():
    parsed = parse_text(DRAFT)
    assert [(line.number, line.text) for line in parsed.unrecognised] == [
        (1, "浙江省示范条例（草案）")
    ]


def test_numbering_out_of_sequence_is_a_warning():
    parsed = parse_text(DRAFT)
    # 第十条之一 after 第三条, 第4条 after 第十条之一.
    assert [line.text for line in parsed.warnings] == [
        "第十条之一 这一条是之后插入的。",
        "第4条 阿拉伯数字编号。",
    ]


def test_hundreds_and_sub_articles():
    lines = [f"第{chinese_numeral(n)}条　第{n}条的内容。" for n in range(1, 103)]
    lines.insert(10, "第十条之一　插入的条文。")
    lines.insert(11, "第十条之二　又一条。")
    parsed = parse_text("\n".join(lines))
    labels = [article.label for article in parsed.articles]
    assert labels[9:13] == ["第十条", "第十条之一", "第十条之二", "第十一条"]
    assert labels[-1] == "第一百零二条"
    assert parsed.articles[-1].paragraphs == ["第102条的内容。"]
    assert parsed.unrecognised == [] and parsed.warnings == []


def test_a_paragraph_citing_an_article_stays_a_paragraph():
    parsed = parse_text(
        "第一条　总的规定。\n第五条规定的事项，由省人民政府负责。\n第二条　下一条。"
    )
    assert [article.label for article in parsed.articles] == ["第一条", "第二条"]
    assert parsed.articles[0].paragraphs == ["总的规定。", "第五条规定的事项，由省人民政府负责。"]


def test_the_next_article_without_a_space_is_still_an_article():
    parsed = parse_text("第一条　甲。\n第二条乙。")
    assert [article.label for article in parsed.articles] == ["第一条", "第二条"]
    assert parsed.articles[1].paragraphs == ["乙。"]


def test_table_of_contents_is_reported_not_doubled():
    contents = "目　录\n第一章　总则\n第二章　附则\n"
    text = contents + "第一章　总则\n第一条　甲。\n第二章　附则\n第二条　乙。"
    parsed = parse_text(text)
    assert [item.label for item in parsed.items] == ["第一章", "第一条", "第二章", "第二条"]
    assert [line.number for line in parsed.unrecognised] == [1, 2, 3]


def test_items_before_any_article_are_reported():
    parsed = parse_text("（一）孤立的项。\n第一条　甲。")
    assert [line.text for line in parsed.unrecognised] == ["（一）孤立的项。"]


def test_stream_data():
    parsed = parse_text("第一章　总则\n第一条　甲。\n乙。")
    assert parsed.stream_data() == [
        ("chapter", {"number": 1, "title": "总则"}),
        ("article", {"number": 1, "sub": None, "paragraphs": ["甲。", "乙。"]}),
    ]


def test_article_label_property():
    assert Article(102, None).label == "第一百零二条"


def docx_bytes(paragraphs):
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx():
    data = docx_bytes(
        ["示范条例（草案）", "第一章　总则", "第一条　甲。", "（一）项；", "第一百零二条　末条。"]
    )
    parsed = parse_docx(data)
    assert [item.label for item in parsed.items] == ["第一章", "第一条", "第一百零二条"]
    assert parsed.articles[0].paragraphs == ["甲。\n（一）项；"]
    assert [(line.number, line.text) for line in parsed.unrecognised] == [(1, "示范条例（草案）")]
    assert [line.text for line in parsed.warnings] == ["第一百零二条　末条。"]


def test_not_a_docx():
    with pytest.raises(ValueError):
        parse_docx(b"not a zip file")
