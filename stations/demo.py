"""The Shengzhou liaison-station network, as the seed article describes it.

Only what the seed says is filled in; everything it is silent about stays empty. Photos are drawn
by code and titled 演示图片. The representatives and the one reception-day rule are demo data and
say so on the page, because the seed names no representative and no reception date.
"""

from django.db import transaction
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.demo import demo_image, ensure_page
from home.models import HomePage
from news.models import NewsIndexPage

from .models import (
    ActivityIndexPage,
    ActivityPage,
    ActivityType,
    CongressLevel,
    Representative,
    StationIndexPage,
    StationLevel,
    StationPage,
    StationPhoto,
    StationRepresentative,
)

SEED = "《嵊州市代表联络站全面“升级” “小站点”提供“大服务”》（2020年7月30日）"
ALL_FUNCTIONS = ["display", "reception", "liaison", "deliberation", "study"]
SEED_FACILITIES = ["computer", "tv", "projector", "touchscreen"]

# (slug, station title, township, premises, extra fields)
TOWNSHIP_STATIONS = [
    ("sanjie", "高新园区（三界镇）人大代表联络站", "高新园区（三界镇）", "政府大院内富余用房", {
        "floor_area": 300,
        "floor_area_is_minimum": True,
        "reception_rule": "每月15日",
        "reception_note": (
            "每月设代表接待日，每次由1名主席团成员和5名以上代表共同接待；每位代表每年进站接待选民"
            "不少于一次。（接待日期“每月15日”为演示数据，原文仅称“每月设代表接待日”。）"
        ),
        "practices": "<p>全市联络站升级样板。邀请交警、交通相关负责人参加面对面议政，"
        "加强政府和代表、选民之间的联系沟通。</p>",
    }),
    ("ganlin", "甘霖镇人大代表联络站", "甘霖镇", "办公用房中挤出的空间（小而全、小而精）", {}),
    ("shihuang", "石璜镇人大代表联络站", "石璜镇", "办公用房中挤出的空间（小而全、小而精）", {}),
    ("gulai", "谷来镇人大代表联络站", "谷来镇", "办公用房中挤出的空间（小而全、小而精）", {}),
    ("xiawang", "下王镇人大代表联络站", "下王镇", "办公用房中挤出的空间（小而全、小而精）", {}),
    ("guimen", "贵门乡人大代表联络站", "贵门乡", "办公用房中挤出的空间（小而全、小而精）", {
        "practices": "<p>以“群众能找到、代表能接待、问题能解决”为目标，创设代表联络站“一网四制”"
        "工作体系：一张联络站网络，加团队接待制、政策后援制、集中会商制、流动联络制。</p>",
    }),
    ("pukou", "浦口街道人大代表联络站", "浦口街道", "物业用房或乡镇站所公房改造", {}),
    ("sanjiang", "三江街道人大代表联络站", "三江街道", "物业用房或乡镇站所公房改造", {}),
    ("changle", "长乐镇人大代表联络站", "长乐镇", "物业用房或乡镇站所公房改造", {}),
    ("huangze", "黄泽镇人大代表联络站", "黄泽镇", "物业用房或乡镇站所公房改造", {}),
    ("xianyan", "仙岩镇人大代表联络站", "仙岩镇", "物业用房或乡镇站所公房改造", {
        "practices": "<p>结合“三服务”活动，探索开展代表“三进三促”活动：进企业、进村居、进单位，"
        "问政于民、问计于民、问需于民，促解难、促发展、促和谐。</p>",
    }),
    ("shanhu", "剡湖街道人大代表联络站", "剡湖街道", "党群服务中心", {}),
    ("lushan", "鹿山街道人大代表联络站", "鹿山街道", "党群服务中心", {}),
    ("chongren", "崇仁镇人大代表联络站", "崇仁镇", "依托应急指挥中心扩大阵地", {}),
    ("jinting", "金庭镇人大代表联络站", "金庭镇", "镇政府附近租用的民房改造", {
        "practices": "<p>依托“羲之调解”调解室，通过人大代表参与“调共体”，构建全方位、多层次、"
        "多元化的矛盾纠纷化解体系。</p>",
    }),
]  # fmt: skip

# (parent slug, slug, room title)
ROOMS = [
    ("pukou", "pukou-enterprise", "浦口街道企业代表联络室"),
    ("chongren", "chongren-enterprise", "崇仁镇企业代表联络室"),
    ("shanhu", "chenghuangfang", "剡湖街道城隍坊社区代表联络室"),
    ("ganlin", "cangyan", "甘霖镇苍岩代表联络室"),
    ("ganlin", "boji", "甘霖镇博济代表联络室"),
    ("jinting", "beizhang", "金庭镇北漳代表联络室"),
    ("jinting", "huatang", "金庭镇华堂代表联络室"),
]

DEMO_REPRESENTATIVES = [
    ("演示代表甲", CongressLevel.COUNTY, "站长"),
    ("演示代表乙", CongressLevel.COUNTY, "进站代表"),
    ("演示代表丙", CongressLevel.TOWNSHIP, "主席团成员"),
]

# (slug, title, type, township station slug, summary)
ACTIVITIES = [
    ("sanjie-face-to-face", "高新园区（三界镇）人大就交通、建设问题开展面对面议政",
     ActivityType.FACE_TO_FACE, "sanjie",
     "针对代表群众高度关注的交通、建设问题，高新园区（三界镇）人大邀请交警、交通相关负责人参加"
     "面对面议政，加强了政府和代表、选民之间的联系沟通。"),
    ("ganlin-inspection", "甘霖镇人大实地督查污水处理厂和凤凰窠水库水厂建设",
     ActivityType.INSPECTION, "ganlin",
     "甘霖镇人大重点关注民生实事，多次实地督查甘霖镇污水处理厂、凤凰窠水库水厂的建设情况。"),
    ("gulai-waste-sorting", "谷来镇人大代表全程参与香榧币积分法垃圾分类试点",
     ActivityType.OTHER, "gulai",
     "谷来镇人大组织代表全程参与助推香榧币积分法垃圾分类试点工作，有效改善了原竹溪乡3个行政村的"
     "农村人居环境。"),
    ("xianyan-three-visits", "仙岩镇人大探索开展代表“三进三促”活动",
     ActivityType.OTHER, "xianyan",
     "仙岩镇人大结合“三服务”活动，探索开展代表“三进三促”（进企业、进村居、进单位，问政于民、"
     "问计于民、问需于民，促解难、促发展、促和谐）活动。"),
]  # fmt: skip


def load(*, stdout) -> None:
    home = HomePage.objects.get(locale=Locale.get_default())
    deputies = home.get_children().type(NewsIndexPage).filter(slug="deputies").first()
    parent = deputies.specific if deputies else home
    with transaction.atomic():
        network = ensure_page(
            parent,
            StationIndexPage,
            slug="shengzhou-stations",
            title="嵊州市人大代表联络站",
            show_in_menus=True,
            intro="<p>嵊州市代表联络站形成了“1+15+N”的空间布局：市区设代表联络总站，15个乡镇"
            "（街道）设代表联络站，并向社区、企业、村延伸设立代表联络室。"
            f"（资料来源：{SEED}）</p>",
            stdout=stdout,
        )
        reps = _ensure_representatives(stdout=stdout)
        city = ensure_page(
            network,
            StationPage,
            slug="city",
            title="嵊州市人大代表联络总站",
            level=StationLevel.CITY,
            practices="<p>承担全市各级人大代表的服务联系、各代表联络站的日常性指导以及全市代表工作的"
            "统筹联动等职能。</p>",
            stdout=stdout,
        )
        townships = {}
        for index, (slug, title, township, premises, extra) in enumerate(TOWNSHIP_STATIONS):
            station = ensure_page(
                city,
                StationPage,
                slug=slug,
                title=title,
                level=StationLevel.TOWNSHIP,
                township=township,
                premises=premises,
                functions=ALL_FUNCTIONS,
                facilities=SEED_FACILITIES,
                stdout=stdout,
                **extra,
            )
            townships[slug] = station
            if index == 0 and not station.photos.exists():
                _add_photos(station)
                for rep, (_name, _level, role) in zip(reps, DEMO_REPRESENTATIVES, strict=True):
                    StationRepresentative.objects.create(
                        page=station, representative=rep, role=role
                    )
        for parent_slug, slug, title in ROOMS:
            parent_station = townships[parent_slug]
            ensure_page(
                parent_station,
                StationPage,
                slug=slug,
                title=title,
                level=StationLevel.ROOM,
                township=parent_station.township,
                stdout=stdout,
            )
        activities = ensure_page(
            network, ActivityIndexPage, slug="activities", title="联络站活动", stdout=stdout
        )
        for slug, title, activity_type, station_slug, summary in ACTIVITIES:
            if activities.get_children().filter(slug=slug).exists():
                continue
            activity = ActivityPage(
                slug=slug,
                title=title,
                activity_type=activity_type,
                summary=summary,
                body=[("paragraph", RichText(f"<p>{summary}</p><p>资料来源：{SEED}</p>"))],
            )
            activities.add_child(instance=activity)
            activity.stations.add(townships[station_slug])
            if station_slug == "sanjie":
                activity.representatives.add(*reps)
            activity.save_revision().publish()
            stdout.write(f"  + {title}")


def _ensure_representatives(*, stdout) -> list[Representative]:
    reps = []
    for name, level, _role in DEMO_REPRESENTATIVES:
        rep, created = Representative.objects.get_or_create(
            name=name,
            locale=Locale.get_default(),
            defaults={
                "congress_level": level,
                "bio": "演示数据，非真实人物（原文未列出代表姓名）。",
            },
        )
        if created:
            stdout.write(f"  + {name}")
        reps.append(rep)
    return reps


def _add_photos(station: StationPage) -> None:
    for number, colors in enumerate([("#8a1215", "#f2c14e"), ("#0b4f9c", "#d9ecff")], start=1):
        image = demo_image(
            title=f"演示图片：{station.title}{number}",
            filename=f"station-{station.slug}-{number}.png",
            colors=colors,
        )
        StationPhoto.objects.create(
            page=station,
            image=image,
            alt_text=f"{station.title}示意图（演示图片，非实景照片）",
            caption="演示图片",
            sort_order=number,
        )
    station.save_revision().publish()
