"""The client's address, as far as this site can trust it (django-ipware).

Behind ``TRUSTED_PROXY_COUNT`` proxies that each append the address they received a request from
to ``X-Forwarded-For`` (nginx's ``$proxy_add_x_forwarded_for``, docs/deploy.md), the client is the
entry that many places from the right: the entries to its left were sent by the client itself and
are whatever it likes. With no proxy (0, the default) the header is ignored and the address is the
connection's (``REMOTE_ADDR``). Login throttling (django-axes, ``AXES_CLIENT_IP_CALLABLE``) and
anything else that counts per address read it here, so one setting decides for all of them.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str:
    """The address of the client that sent ``request`` (``REMOTE_ADDR`` when no proxy is trusted,
    or when the request did not come through as many proxies as configured)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    # django-ipware's proxy_count counts the proxies *listed in* the header, after the client:
    # the nearest proxy is not listed (its address is REMOTE_ADDR), so it is one less than ours.
    # strict=False: a longer header (entries the client made up) is fine, only its right end is
    # read; a shorter one means the request did not pass through every proxy.
    address, _routable = get_client_ip(
        request,
        proxy_count=count - 1,
        request_header_order=("HTTP_X_FORWARDED_FOR",),
        strict=False,
    )
    return address or remote
