"""make backup / make restore: back up, wipe, restore — every page, revision, image, document and
file comes back identical. Runs on the engine of the test run (SQLite or PostgreSQL)."""

import hashlib
import io
from pathlib import Path

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from home.backups import BackupError, create_backup, restore_backup
from tests.factories import NewsIndexPageFactory, NewsPageFactory

# Committed data, so that pg_dump sees it. Each such test ends with an emptied database.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def roots(wagtail_roots):
    """Created first, before home_page needs them."""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_ROOT = tmp_path / "backups"
    return settings.MEDIA_ROOT


@pytest.fixture
def content(home_page, site_settings, media):
    column = NewsIndexPageFactory(parent=home_page, title="要闻", slug="news")
    article = NewsPageFactory(parent=column, title="常委会会议开幕")
    article.title = "常委会第二十次会议开幕"
    article.save_revision(log_action=True).publish()
    article.title = "常委会第二十次会议开幕（草稿）"
    article.save_revision()  # an unpublished draft: revisions beyond the live one must survive
    wagtail_factories.ImageFactory(title="会场")
    document = get_document_model()(title="会议议程")
    document.file.save("议程.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    document.save()
    return article


def snapshot(media_root: Path) -> tuple[str, dict[str, str]]:
    """Every row of every table (as dumpdata prints it) and every media file's checksum."""
    rows = io.StringIO()
    call_command("dumpdata", "--indent=0", stdout=rows)
    files = {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    return rows.getvalue(), files


def wipe(media_root: Path) -> None:
    call_command("flush", "--noinput")
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_round_trip_restores_everything_identically(content, media):
    before = snapshot(media)
    assert Revision.page_revisions.count() >= 2
    assert len(before[1]) >= 2  # the image and the document

    folder = create_backup()
    wipe(media)
    assert not Page.objects.exists() and not any(media.rglob("*.pdf"))

    manifest = restore_backup(source=folder)
    assert manifest["rows"]["images"] == 1 and manifest["rows"]["documents"] == 1
    assert snapshot(media) == before
    content.refresh_from_db()
    assert content.get_latest_revision().content["title"] == "常委会第二十次会议开幕（草稿）"
    assert get_image_model().objects.get().file.size > 0


def test_restore_removes_what_was_added_after_the_backup(content, media):
    before = snapshot(media)
    folder = create_backup()
    NewsPageFactory(parent=content.get_parent(), title="备份后新增")
    get_document_model().objects.create(title="新文件", file=ContentFile(b"x", name="new.txt"))
    restore_backup(source=folder)
    assert snapshot(media) == before


def test_a_damaged_backup_is_refused_and_changes_nothing(content, media):
    folder = create_backup()
    before = snapshot(media)
    with open(folder / "media.tar.gz", "r+b") as archive:
        archive.seek(20)
        archive.write(b"damage")
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(source=folder)
    assert snapshot(media) == before


def test_commands_report_and_refuse_a_folder_that_is_not_a_backup(content, media, tmp_path):
    out = io.StringIO()
    call_command("backup", stdout=out)
    assert "Backup written to" in out.getvalue()
    folder = next(media.parent.joinpath("backups").iterdir())
    out = io.StringIO()
    call_command("restore", str(folder), "--yes", stdout=out)
    assert "Restored" in out.getvalue()
    with pytest.raises(Exception, match="not a backup folder"):
        call_command("restore", str(tmp_path), "--yes")
