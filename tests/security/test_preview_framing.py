"""The editor's preview panel shows the page in a same-site frame: the preview's response may be
framed by the admin (frame-ancestors 'self'), while the public page itself may not be framed at
all. Before, the preview carried the public policy and the panel showed a broken page."""

import pytest

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_the_preview_panel_may_frame_the_preview_but_nobody_may_frame_the_page(
    admin_client, client, column
):
    article = NewsPageFactory(parent=column, title="预览中的稿件")

    # The draft view renders through the same preview request as the panel's frame.
    preview = admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    public = client.get(article.url)

    assert preview.status_code == 200
    assert "预览中的稿件" in preview.content.decode()
    assert directives(preview)["frame-ancestors"] == "'self'"
    # Otherwise the preview keeps the public page's strict policy (no inline scripts).
    assert directives(preview)["script-src"] == directives(public)["script-src"]
    assert directives(public)["frame-ancestors"] == "'none'"
