"""Demo content for the home page, the site and its settings (the columns: ``news.demo``).

``load`` is idempotent: it creates what is missing and leaves everything that exists untouched,
so running it twice (or after editors changed the demo) changes nothing.
"""

import io

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from .models import HomePage, SiteSettings, SiteTexts

SITE_NAME = "浙江人大"

# The 11 prefecture-level cities of Zhejiang, in the order the legacy site lists them.
CITIES = [
    ("杭州市", "hangzhou"),
    ("宁波市", "ningbo"),
    ("温州市", "wenzhou"),
    ("湖州市", "huzhou"),
    ("嘉兴市", "jiaxing"),
    ("绍兴市", "shaoxing"),
    ("金华市", "jinhua"),
    ("衢州市", "quzhou"),
    ("舟山市", "zhoushan"),
    ("台州市", "taizhou"),
    ("丽水市", "lishui"),
]

DEMO_TEXTS = {
    "site_name": SITE_NAME,
    "sponsor": "浙江省人大常委会",
    "organizer": "浙江省人大常委会研究室",
    "tech_support": "浙江省人大常委会办公厅信息中心",
    "address": "浙江省杭州市省府路8号",
}

DEMO_SETTINGS = {
    "icp_number": "浙ICP备05000002号",
    "public_security_number": "浙公网安备 33010602010054号",
    "website_code": "3300000001",
    "postcode": "310025",
    "phone": "0571-87050000",
}


def load(*, stdout) -> None:
    with transaction.atomic():
        home = _ensure_home(stdout=stdout)
        site = _ensure_site(home=home, stdout=stdout)
        _ensure_settings(site=site, stdout=stdout)


def _publish(parent: Page, page: Page, *, stdout) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"  + {page.title} ({page.url_path})")
    return page


def _ensure_home(*, stdout) -> HomePage:
    locale = Locale.get_default()
    home = HomePage.objects.filter(locale=locale).first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's migration leaves a "Welcome to your new Wagtail site!" page; replace it.
    for page in root.get_children().filter(content_type__model="page", numchild=0):
        page.delete()
    home = HomePage(
        title=SITE_NAME,
        slug="home",
        locale=locale,
        intro="<p>浙江省人民代表大会常务委员会门户网站：发布人大工作动态、地方立法、监督工作和代表工作信息。</p>",
    )
    return _publish(root, home, stdout=stdout)


def _ensure_site(*, home: HomePage, stdout) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # The address `make run` serves, so that full URLs (feeds, sitemap, QR codes) work there.
        site = Site.objects.create(
            hostname="127.0.0.1",
            port=8000,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        stdout.write("  + site 127.0.0.1:8000")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        stdout.write(f"  * site {site.hostname} now serves {home.title}")
    return site


def ensure_page(parent: Page, model, *, slug: str, stdout, **fields) -> Page:
    """The child of ``parent`` with ``slug``, created and published from ``fields`` if missing;
    an existing page is returned as it is (demo loaders never overwrite editors' changes)."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    return _publish(parent, model(slug=slug, **fields), stdout=stdout)


def _ensure_settings(*, site: Site, stdout) -> None:
    if SiteSettings.objects.filter(site=site).exists():
        return
    texts = SiteTexts.objects.create(site=site, locale=Locale.get_default(), **DEMO_TEXTS)
    SiteSettings.objects.create(
        site=site, texts=texts, party_gov_logo=_party_gov_logo(), **DEMO_SETTINGS
    )
    stdout.write("  + site settings")


def demo_image(*, title: str, filename: str, size=(1200, 675), colors=("#b3191d", "#f2c14e")):
    """An image drawn for the demo (a two-colour gradient with a frame), created once by title."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = size
    top, bottom = (PILImage.new("RGB", (1, 1), color).getpixel((0, 0)) for color in colors)
    canvas = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        mix = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    inset = max(2, min(size) // 12)
    draw.rectangle(
        (inset, inset, width - inset, height - inset), outline="#ffd200", width=max(2, inset // 4)
    )
    radius = min(size) // 4
    draw.ellipse(
        (width // 2 - radius, height // 2 - radius, width // 2 + radius, height // 2 + radius),
        outline="#ffffff",
        width=max(2, radius // 8),
    )
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return image_model.objects.create(title=title, file=ImageFile(buffer, name=filename))


def _party_gov_logo():
    """A red 党政机关 badge drawn for the demo (the real one comes from the filing office)."""
    return demo_image(
        title="党政机关网站标识（演示）",
        filename="party-gov-logo-demo.png",
        size=(110, 55),
        colors=("#c8161d", "#c8161d"),
    )


# --- English demo translations --------------------------------------------------------------------

DEMO_TRANSLATION_NOTE = "(Demo translation written for this site's demo content.)"

# url_path below the Chinese home → English fields. Pages are translated with wagtail-localize in
# tree order (parents first); the English text is written for the demo and says so.
ENGLISH = {
    "": {
        "title": "Zhejiang People's Congress",
        "intro": "<p>Portal of the Standing Committee of the Zhejiang Provincial People's "
        "Congress: news of its work, local legislation, supervision and deputies. "
        f"{DEMO_TRANSLATION_NOTE}</p>",
    },
    "overview/": {"title": "Overview"},
    "releases/": {"title": "Releases"},
    "legislation/": {"title": "Local Legislation"},
    "supervision/": {"title": "Supervision"},
    "appointments/": {"title": "Elections and Appointments"},
    "resolutions/": {"title": "Resolutions and Decisions"},
    "deputies/": {"title": "Deputies"},
    "local/": {"title": "Cities and Counties"},
    **{f"local/{slug}/": {"title": slug.capitalize()} for _title, slug in CITIES},
    "organs/": {"title": "Institutional Development"},
    "theory/": {"title": "Theoretical Research"},
    "media/": {"title": "Media Coverage"},
    "topics/": {"title": "Special Topics"},
    "local/shaoxing/20200730-d730eb3f/": {
        "title": "Shengzhou upgrades its deputy liaison stations: small stations, big service",
        "summary": "Shengzhou has upgraded the deputy liaison stations of its 15 townships and "
        f"sub-districts into a “1+15+N” network. {DEMO_TRANSLATION_NOTE}",
        "body": [
            "Since October 2019 Shengzhou has been upgrading the people's congress deputy liaison "
            "stations of its townships and sub-districts; by early July 2020 the work was "
            "essentially complete.",
            "The stations now have more room (most over 50 m², the largest, in the Hi-tech Park "
            "(Sanjie), over 300 m²) and serve for display, reception, liaison, deliberation and "
            "study, with computers, televisions, projectors and touch screens.",
            "A city centre, 15 township stations and liaison rooms in villages, communities and "
            f"enterprises form the “1+15+N” network. {DEMO_TRANSLATION_NOTE}",
        ],
    },
    "deputies/shengzhou-stations/": {
        "title": "Shengzhou Deputy Liaison Stations",
        "intro": "<p>Shengzhou's liaison stations form a “1+15+N” network: a city centre, 15 "
        "township and sub-district stations, and liaison rooms in communities, enterprises and "
        f"villages. {DEMO_TRANSLATION_NOTE}</p>",
    },
    "deputies/shengzhou-stations/city/": {"title": "Shengzhou Deputy Liaison Centre"},
    "deputies/shengzhou-stations/city/sanjie/": {
        "title": "Hi-tech Park (Sanjie) Deputy Liaison Station",
        "premises": "Spare rooms in the government compound",
    },
    "deputies/shengzhou-stations/city/ganlin/": {"title": "Ganlin Deputy Liaison Station"},
    "deputies/shengzhou-stations/city/jinting/": {"title": "Jinting Deputy Liaison Station"},
}


def load_english(*, stdout) -> None:
    """English versions of the home page, the columns, the seed article and a few stations."""
    from wagtail_localize.operations import translate_object

    english, _created = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.get(locale=Locale.get_default())
    for path, fields in ENGLISH.items():
        page = Page.objects.filter(url_path=f"{home.url_path}{path}").first()
        if page is None or page.get_translation_or_none(english) is not None:
            continue
        with transaction.atomic():
            translate_object(page.specific, [english])
            translation = page.get_translation(english).specific
            for name, value in fields.items():
                if name == "body":
                    value = [("paragraph", RichText(f"<p>{text}</p>")) for text in value]
                setattr(translation, name, value)
            translation.save_revision().publish()
            stdout.write(f"  + en: {translation.title}")
    _translate_site_texts(english, stdout=stdout)


ENGLISH_TEXTS = {
    "site_name": "Zhejiang People's Congress",
    "sponsor": "Standing Committee of the Zhejiang Provincial People's Congress",
    "organizer": "Research Office of the Standing Committee",
    "tech_support": "Information Center of the General Office of the Standing Committee",
    "address": "8 Shengfu Road, Hangzhou, Zhejiang",
}


def _translate_site_texts(english: Locale, *, stdout) -> None:
    """The footer wording in English, through wagtail-localize like the pages (a demo text)."""
    from wagtail_localize.operations import translate_object

    for texts in SiteTexts.objects.filter(locale=Locale.get_default()):
        if texts.get_translation_or_none(english) is not None:
            continue
        with transaction.atomic():
            translate_object(texts, [english])
            translation = texts.get_translation(english)
            for name, value in ENGLISH_TEXTS.items():
                setattr(translation, name, value)
            translation.save()
            stdout.write(f"  + en: {translation.site_name} (site texts)")
