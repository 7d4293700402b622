"""``{{ moment|local_date:"FORMAT" }}``: Django's ``date`` filter (in the current time zone and
language), each result kept in the process for the next page that shows the same moment.

Listings repeat the same dates on many pages (an article list's two dates per item cost more
than the rest of the item). The result depends only on the moment, the format, the language and
the time zone, which make its key, so it is never stale. For templates with local time on (the
default; not inside ``{% localtime off %}``).
"""

from datetime import datetime

from django import template
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.translation import get_language

from home.cache.memo import BoundedMemo

register = template.Library()

_formatted = BoundedMemo(size=20000)


@register.filter
def local_date(value, arg=None):
    if value in (None, ""):
        return ""
    key = (value, arg, get_language(), timezone.get_current_timezone_name())
    text = _formatted.get(key)
    if text is None:
        moment = timezone.template_localtime(value)
        if arg == "c" and isinstance(moment, datetime):
            # What the "c" format letter writes, without parsing it; to the second, as HTML's
            # <time datetime> takes at most three digits of a fraction (the Nu checker refuses
            # the six of a moment saved with microseconds).
            text = moment.replace(microsecond=0).isoformat()
        else:
            text = date(moment, arg)
        _formatted.put(key, text)
    return text
