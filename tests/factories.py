import factory
import wagtail_factories
from wagtail.models import Site

from home.models import HomePage, SiteSettings
from news.models import NewsIndexPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "测试人大网"
    slug = "home"
    intro = "<p>测试用首页导语。</p>"

    class Meta:
        model = HomePage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")
    show_in_menus = True

    class Meta:
        model = NewsIndexPage


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    site_name = "测试人大网"
    sponsor = "浙江省人大常委会"
    organizer = "浙江省人大常委会研究室"
    tech_support = "浙江省人大常委会办公厅信息中心"
    icp_number = "浙ICP备05000002号"
    public_security_number = "浙公网安备 33010602010054号"
    website_code = "3300000001"
    address = "浙江省杭州市省府路8号"
    phone = "0571-87050000"

    class Meta:
        model = SiteSettings
