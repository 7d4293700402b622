import io
import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Revision

from news.legacy import LegacyParseError, parse_legacy_time, read_legacy_file, split_authors
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[2]
    / "news/fixtures/legacy"
    / ("shengzhou-liaison-station-upgrade-2020-07-30.txt")
)
SEED_TITLE = "嵊州市代表联络站全面“升级” “小站点”提供“大服务”"
CHROME = ["设为首页", "加入收藏夹", "图片新闻", "关闭窗口", "浙ICP备", "公网安备", "您当前位置",
          "发布时间", "来源", "责任编辑", "技术支持", "主办", "更多>>"]  # fmt: skip

GBK_HTML = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>江山市人大 - 浙江人大</title><script>var x = "您当前位置：假的";</script></head>
<body><div class="nav"><a href="/">首 页</a> <a>人大概览</a></div>
<div class="crumb">您当前位置：<a>首页</a> &gt; <a>市县人大</a> &gt; <a>衢州市</a>
 &gt; <a>江山市</a></div>
<h1>江山市人大常委会开展民生实事项目票决工作</h1>
<div class="info">发布时间：2021年3月5日 09:08</div>
<div class="content"><p>　　本网讯 江山市人大常委会组织代表对民生实事候选项目进行票决。</p>
<p>　　会议强调，要加强对项目实施情况的监督。</p></div>
<div>来源：江山市人大常委会办公室　作者：张三、李 四　责任编辑：王五</div>
<div>【关闭窗口】</div><div class="footer">浙ICP备05000002号</div></body></html>
"""


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_legacy", *map(str, args), stdout=out, stderr=err, verbosity=2)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_seed_imports_with_exact_fields(local_columns):
    out, err, error = run_import(SEED)

    assert error is None, err
    assert "新建 1" in out
    page = NewsPage.objects.get()
    assert page.title == SEED_TITLE
    assert page.publish_time == datetime(2020, 7, 30, 14, 57, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert page.first_published_at == page.publish_time  # the legacy time, not the import time
    assert page.live
    parent = page.get_parent()
    assert parent.title == "绍兴市"
    assert parent.get_parent().title == "市县人大"
    assert page.source == "嵊州市人大常委会代表工委、研究室"
    assert page.author_names == ["沈丽华", "吕颖"]
    assert page.responsible_editor == ""
    paragraphs = [block.value.source for block in page.body]
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("<p>本网讯 为紧跟时代发展步伐")
    assert paragraphs[1].startswith("<p>资源全面整合。")
    assert paragraphs[6].startswith("<p>下一步,全市各乡镇(街道)人大代表联络站")
    body_text = " ".join(paragraphs)
    for chrome in CHROME:
        assert chrome not in body_text, chrome


def test_seed_import_creates_missing_columns_as_drafts_when_asked(home_page, site_settings):
    out, err, error = run_import(SEED)
    assert error is not None
    assert "栏目不存在：市县人大 › 绍兴市" in err
    assert not NewsIndexPage.objects.exists()

    out, err, error = run_import(SEED, "--create-columns")

    assert error is None, err
    assert "新栏目（草稿）：市县人大、绍兴市" in out
    shaoxing = NewsIndexPage.objects.get(title="绍兴市")
    assert shaoxing.get_parent().title == "市县人大"
    assert not shaoxing.live
    assert not shaoxing.get_parent().live
    assert not NewsPage.objects.get().live  # in a draft column: a draft too


def test_reimport_is_idempotent(local_columns):
    run_import(SEED)
    page = NewsPage.objects.get()
    revisions = Revision.objects.count()

    out, err, error = run_import(SEED)

    assert error is None
    assert "新建 0，更新 0，未变 1，失败 0" in out
    assert NewsPage.objects.get().pk == page.pk
    assert Revision.objects.count() == revisions


def test_reimport_of_a_corrected_file_updates_the_same_page(local_columns, tmp_path):
    run_import(SEED)
    page = NewsPage.objects.get()
    corrected = tmp_path / "seed.txt"
    corrected.write_text(
        SEED.read_text(encoding="utf-8").replace("责任编辑:", "责任编辑:陈编辑"), encoding="utf-8"
    )

    out, err, error = run_import(corrected)

    assert error is None, err
    assert "更新 1" in out
    assert "变更：责任编辑" in out
    page.refresh_from_db()
    assert page.responsible_editor == "陈编辑"
    assert NewsPage.objects.count() == 1


def test_bad_files_are_reported_and_the_rest_import(local_columns, tmp_path):
    folder = tmp_path / "legacy"
    (folder / "2021").mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "2021" / "jiangshan.html").write_bytes(GBK_HTML.encode("gb18030"))
    (folder / "corrupt.txt").write_bytes(b"\xff\xfe\xff\x80\x81" * 20)
    (folder / "no-date.txt").write_text(
        "您当前位置:首页 > 重要发布\n标题\n\n正文\n", encoding="utf-8"
    )
    (folder / "bad-date.txt").write_text(
        "您当前位置:首页 > 重要发布\n标题\n发布时间:2020-13-45 10:00\n正文\n", encoding="utf-8"
    )
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a page file: ignored

    out, err, error = run_import(folder, "--create-columns")

    assert error is not None
    assert "3 个文件未能导入" in str(error)
    assert "共 5 个文件：新建 2，更新 0，未变 0，失败 3" in out
    assert f"{folder / 'corrupt.txt'}：无法识别文件编码" in err
    assert f"{folder / 'no-date.txt'}：找不到发布时间" in err
    assert f"{folder / 'bad-date.txt'}：无法解析发布时间：“2020-13-45 10:00”" in err
    assert NewsPage.objects.filter(title=SEED_TITLE).exists()
    jiangshan = NewsPage.objects.get(title="江山市人大常委会开展民生实事项目票决工作")
    assert [p.title for p in jiangshan.get_ancestors()[2:]] == ["市县人大", "衢州市", "江山市"]
    assert jiangshan.author_names == ["张三", "李四"]
    assert jiangshan.responsible_editor == "王五"
    assert jiangshan.source == "江山市人大常委会办公室"
    assert jiangshan.publish_time == datetime(2021, 3, 5, 9, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert len(list(jiangshan.body)) == 2


def test_dry_run_writes_nothing(local_columns):
    out, err, error = run_import(SEED, "--dry-run")

    assert error is None
    assert "[试运行，未写入]" in out
    assert "新建 1" in out
    assert not NewsPage.objects.exists()


def test_draft_import_is_not_live_and_not_listed(client, local_columns):
    run_import(SEED, "--draft")

    page = NewsPage.objects.get()
    assert not page.live
    assert SEED_TITLE not in client.get("/local/shaoxing/").content.decode()
    assert SEED_TITLE not in client.get("/").content.decode()


def test_files_without_breadcrumb_need_a_column(local_columns, tmp_path):
    text = re.sub(r"您当前位置.*", "", SEED.read_text(encoding="utf-8"))
    path = tmp_path / "no-crumb.txt"
    path.write_text(text, encoding="utf-8")

    _out, err, error = run_import(path)
    assert error is not None
    assert "找不到栏目路径" in err

    out, err, error = run_import(path, "--column", "市县人大/绍兴市")
    assert error is None, err
    assert NewsPage.objects.get().get_parent().title == "绍兴市"


def test_missing_path_is_a_clear_error(home_page):
    with pytest.raises(CommandError, match="Not found"):
        call_command("import_legacy", "/no/such/folder", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("沈丽华  吕 颖", ["沈丽华", "吕颖"]),
        ("沈丽华", ["沈丽华"]),
        ("张三、李四，王五", ["张三", "李四", "王五"]),
        ("", []),
        ("Li Hua  王 五", ["Li Hua", "王五"]),
    ],
)
def test_split_authors(byline, names):
    assert split_authors(byline) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-07-30 14:57:00", datetime(2020, 7, 30, 14, 57)),
        ("2020/7/3 8:05", datetime(2020, 7, 3, 8, 5)),
        ("2020年7月30日", datetime(2020, 7, 30)),
    ],
)
def test_legacy_times_are_shanghai_time(text, expected):
    assert parse_legacy_time(text) == expected.replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def test_seed_parses_without_database():
    article = read_legacy_file(SEED)
    assert article.column_path == ["市县人大", "绍兴市"]
    with pytest.raises(LegacyParseError):
        parse_legacy_time("七月三十日")


MALFORMED = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"",
            b"\x00" * 4096,
            b"\xef\xbb\xbf",
            GBK_HTML.encode("gb18030")[:200],
            GBK_HTML.replace("2021年3月5日 09:08", "2021年13月45日").encode("gb18030"),
            "您当前位置:首页 > 重要发布\n发布时间:9999-99-99 99:99\n".encode(),
            SEED.read_bytes().replace("发布时间".encode(), b"\xff\xfe"),
        ]
    ),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=MALFORMED)
def test_malformed_files_lose_nothing_already_imported(local_columns, tmp_path, content):
    if not NewsPage.objects.exists():
        run_import(SEED)
    page = NewsPage.objects.get(title=SEED_TITLE)
    before = (
        NewsPage.objects.count(),
        Revision.objects.count(),
        list(page.body.raw_data),
        page.live,
    )

    bad = tmp_path / "malformed.txt"
    bad.write_bytes(content)
    out, err, error = run_import(bad)  # reported or skipped, never a crash

    page.refresh_from_db()
    after = (
        NewsPage.objects.count(),
        Revision.objects.count(),
        list(page.body.raw_data),
        page.live,
    )
    assert after[2:] == before[2:]
    assert after[1] - before[1] == after[0] - before[0]  # only a new page adds a revision
    assert error is None or "未能导入" in str(error), error
