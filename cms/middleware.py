"""Site-wide middleware: the Content Security Policy chosen by path."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``ADMIN_CONTENT_SECURITY_POLICY`` for the Wagtail admin.

    Public pages get ``CONTENT_SECURITY_POLICY`` (no inline script or style). Wagtail's admin
    pages carry inline scripts and styles of their own, so under the admin path the looser admin
    policy applies; a view that sets its own policy (a decorator) keeps it. A page rendered as
    a preview (Wagtail's inner request, ``is_preview``) keeps the public policy but may be
    framed by this site: the editor's preview panel is a same-site frame, which the public
    ``frame-ancestors 'none'`` left empty.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self.is_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif not report_only and getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts

    @staticmethod
    def is_admin(request) -> bool:
        return request.path_info.startswith(f"/{settings.ADMIN_URL_PATH}")
