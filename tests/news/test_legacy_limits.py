"""The legacy importer against hostile files: columns from breadcrumbs, size, nesting, dry run."""

import time

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from news.legacy import COLUMN_TITLE_MAX_LENGTH, LegacyParseError, read_legacy_file
from news.models import NewsIndexPage, NewsPage
from tests.news.test_legacy_import import GBK_HTML, SEED, SEED_TITLE, run_import

pytestmark = pytest.mark.django_db

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div>您当前位置：首页 &gt; {crumb}</div><h1>一篇旧文章</h1><div>发布时间：2021-03-05 09:08</div>
{body}<div>来源：测试</div></body></html>"""


def article(tmp_path, *, crumb="市县人大 &gt; 绍兴市", body="<p>正文。</p>", name="a.html"):
    path = tmp_path / name
    path.write_text(ARTICLE.format(crumb=crumb, body=body), encoding="utf-8")
    return path


def test_a_script_in_the_breadcrumb_becomes_no_column(home_page, site_settings, tmp_path):
    for option in ([], ["--create-columns"]):
        path = article(tmp_path, crumb="&lt;script&gt;alert(1)&lt;/script&gt;")
        _out, err, error = run_import(path, *option)
        assert error is not None
        assert "栏目名无效" in err
        assert not NewsIndexPage.objects.exists()


def test_new_columns_only_on_request_as_drafts_with_text_titles(home_page, site_settings, tmp_path):
    path = article(tmp_path, crumb="通知&lt;img src=x onerror=alert(1)")

    _out, err, error = run_import(path)
    assert error is not None
    assert "栏目不存在：通知" in err
    assert not NewsIndexPage.objects.exists()

    out, err, error = run_import(path, "--create-columns")
    assert error is None, err
    column = NewsIndexPage.objects.get()
    assert column.title == "通知"
    assert not column.live
    assert not NewsPage.objects.get().live


def test_a_tag_only_crumb_is_refused(home_page, site_settings, tmp_path):
    _out, err, error = run_import(
        article(tmp_path, crumb="&lt;b&gt;&lt;/b&gt;"), "--create-columns"
    )
    assert error is not None
    assert "栏目名无效" in err
    assert not NewsIndexPage.objects.exists()


def test_column_titles_are_length_limited(home_page, site_settings, tmp_path):
    run_import(article(tmp_path, crumb="很长" * 200), "--create-columns")
    assert len(NewsIndexPage.objects.get().title) == COLUMN_TITLE_MAX_LENGTH


def test_existing_live_columns_still_get_live_articles(local_columns):
    out, err, error = run_import(SEED)
    assert error is None, err
    assert NewsPage.objects.get(title=SEED_TITLE).live


def test_a_file_past_the_size_limit_fails_and_the_rest_import(local_columns, tmp_path, settings):
    settings.IMPORT_MAX_FILE_MB = 0.01  # 10 KB
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    article(folder, name="big.html", body="<p>正文段落。</p>" * 2000)

    out, err, error = run_import(folder)

    assert "未能导入" in str(error)
    assert "big.html：文件过大：超过 0.01 MB" in err
    assert NewsPage.objects.get().title == SEED_TITLE
    out, err, error = run_import(folder / "big.html", "--max-file-mb", "1")
    assert error is None, err


def test_deep_nesting_fails_fast_and_the_rest_import(local_columns, tmp_path):
    depth = 200_000
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    article(folder, name="nested.html", body="<div>" * depth + "正文" + "</div>" * depth)

    started = time.monotonic()
    out, err, error = run_import(folder)

    assert time.monotonic() - started < 20  # was more than 300 s
    assert "nested.html：HTML 嵌套过深：超过 200 层" in err
    assert NewsPage.objects.get().title == SEED_TITLE


def test_the_depth_limit_is_an_option(tmp_path):
    path = article(tmp_path, body="<div>" * 50 + "正文" + "</div>" * 50)
    with pytest.raises(LegacyParseError, match="嵌套过深"):
        read_legacy_file(path, max_depth=40)
    assert read_legacy_file(path, max_depth=60).paragraphs == ["正文"]


def test_real_pages_pass_the_default_limits(tmp_path):
    """Void elements (<br>, <img>) hold nothing: they do not count as nesting. (An unclosed
    <p> does: the parser nests what follows inside it.)"""
    path = tmp_path / "jiangshan.html"
    path.write_bytes(GBK_HTML.encode("gb18030"))
    assert read_legacy_file(path).title == "江山市人大常委会开展民生实事项目票决工作"
    body = "<p>段落<br><img src=x></p>" * 500
    assert read_legacy_file(article(tmp_path, body=body)).title == "一篇旧文章"


def test_dry_run_lists_each_file_with_title_column_and_failures(local_columns, tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    article(folder, name="new-column.html", crumb="理论研究")
    (folder / "no-date.txt").write_text(
        "您当前位置:首页 > 重要发布\n标题\n\n正文\n", encoding="utf-8"
    )

    out, err, error = run_import(folder, "--dry-run")

    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("状态"))
    assert header.split() == ["状态", "文件", "标题", "栏目", "说明"]
    seed_line = next(line for line in lines if "seed.txt" in line)
    assert seed_line.startswith("新建")
    assert "嵊州市代表联络站" in seed_line and "市县人大 › 绍兴市" in seed_line
    failed = next(line for line in lines if "new-column.html" in line)
    assert failed.startswith("失败") and "一篇旧文章" in failed and "栏目不存在：理论研究" in failed
    assert any("no-date.txt" in line and "找不到发布时间" in line for line in lines)
    # The columns line up: each file name starts at the same display column.
    starts = {line.index(str(folder)) for line in lines if str(folder) in line}
    assert len(starts) == 1
    assert "[试运行，未写入] 共 3 个文件：新建 1，更新 0，未变 0，失败 2" in out
    assert not NewsPage.objects.exists()

    out, _err, _error = run_import(folder, "--dry-run", "--create-columns")
    line = next(line for line in out.splitlines() if "new-column.html" in line)
    assert line.startswith("新建") and "新栏目（草稿）：理论研究" in line
    assert not NewsIndexPage.objects.filter(title="理论研究").exists()


def test_dry_run_shows_updates_with_their_changes(local_columns, tmp_path):
    call_command("import_legacy", str(SEED), verbosity=0)
    corrected = tmp_path / "seed.txt"
    corrected.write_text(
        SEED.read_text(encoding="utf-8").replace("责任编辑:", "责任编辑:陈编辑"), encoding="utf-8"
    )
    out, err, error = run_import(corrected, "--dry-run")
    assert error is None, err
    line = next(line for line in out.splitlines() if "seed.txt" in line)
    assert line.startswith("更新") and "变更：责任编辑" in line


def reference_html_to_lines(html: str) -> list[str]:
    """The previous html_to_lines (line breaks inserted into the tree): quadratic, but plainly
    right; the one-walk version must read every page the same."""
    import re

    from bs4 import BeautifulSoup

    from news.legacy import BLOCK_TAGS

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["head", "script", "style", "noscript", "iframe", "select", "button"]):
        tag.decompose()
    for text in soup.find_all(string=True):
        if "\n" in text or "\r" in text:
            text.replace_with(re.sub(r"[\r\n]+", " ", text))
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text().splitlines()


HTML_PIECES = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<div>", "</div>", "<br>", "<span>", "</span>", "<td>", "<li>", "</ul>",
         "<script>x</script>", "<!-- 注释 -->", "<![CDATA[数据]]>", "<style>p{}</style>", "\n",
         "\r\n", "正文", "a b", "&gt;", "<h1>标题</h1>", "<head><title>t</title></head>", "　"]
    ),
    max_size=40,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(pieces=HTML_PIECES)
def test_html_to_lines_reads_as_the_reference_does(pieces):
    from news.legacy import html_to_lines

    html = "".join(pieces)
    assert html_to_lines(html) == reference_html_to_lines(html)


def test_html_to_lines_reads_the_real_pages_as_the_reference_does():
    from news.legacy import html_to_lines

    assert html_to_lines(GBK_HTML) == reference_html_to_lines(GBK_HTML)
    page = ARTICLE.format(crumb="重要发布", body="<p>段落<br>一</p>\n<div>二</div>" * 50)
    assert html_to_lines(page) == reference_html_to_lines(page)
