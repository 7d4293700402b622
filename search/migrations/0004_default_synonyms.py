"""The default synonym sets of a people's-congress site, for the editors to change (设置 › 同义词).

How each was chosen. A query word is matched as a substring of the text, so a set word that
contains another one (宪法和法律委员会 ⊃ 法律委员会) is found by the shorter one anyway; a set only
adds what substring matching cannot. 等同 (equivalent) where the words name the same thing in
every text of this site; 单向 (one-way) where the reverse would find unrelated pages:

- 人大 → 人民代表大会, one-way: 人大 also stands for 中国人民大学, so searching 人民代表大会 does
  not find “人大” texts. The longer forms (人大常委会, 全国人大, 省人大 …) are unambiguous: 等同.
  A set word inside a longer query word applies too, the longest first (绍兴市人大常委会 →
  绍兴市人民代表大会常务委员会; 全国人大常委会 → 全国人民代表大会常务委员会).
- Committee abbreviations as used in the congresses' own publications (全国人大常委会法工委 …):
  等同.
- Renamed committees, 等同: a reader with the old name finds the committee today, one with the
  new name finds its history; on this site the old names mean nothing else.
- Renamed places, 单向 old → new: a reader typing the old name means the place; one typing the
  new name means it now, and older reports about the old county would crowd the results.
- Not synonyms (different things in law, so none ships): 议案/建议, 代表联络站/代表工作站,
  常委会 alone (政协 and 党委 have 常委会 too).
"""

from django.db import migrations

# (kind, words, note); the comments say where each comes from.
DEFAULT_SYNONYMS = [
    # --- Abbreviations: the people's congresses' own usage (全国人大网, 浙江人大 publications).
    ("one_way", ["人大", "人民代表大会"], "“人大”也指中国人民大学：只单向"),
    ("equivalent", ["人大常委会", "人民代表大会常务委员会"], ""),
    ("equivalent", ["全国人大", "全国人民代表大会"], ""),
    ("equivalent", ["全国人大常委会", "全国人民代表大会常务委员会"], ""),
    ("equivalent", ["人大代表", "人民代表大会代表"], ""),
    ("equivalent", ["省人大", "省人民代表大会"], ""),
    ("equivalent", ["市人大", "市人民代表大会"], ""),
    ("equivalent", ["县人大", "县人民代表大会"], ""),
    ("equivalent", ["区人大", "区人民代表大会"], ""),
    ("equivalent", ["乡镇人大", "乡镇人民代表大会"], ""),
    ("one_way", ["人代会", "人民代表大会"], "人代会指人民代表大会会议"),
    ("equivalent", ["法工委", "法制工作委员会"], "人大常委会法制工作委员会"),
    ("equivalent", ["预工委", "预算工作委员会"], "人大常委会预算工作委员会"),
    ("equivalent", ["财经委", "财政经济委员会"], "人大财政经济委员会"),
    ("equivalent", ["教科文卫委", "教育科学文化卫生委员会"], "人大教育科学文化卫生委员会"),
    ("equivalent", ["环资委", "环境与资源保护委员会"], "全国人大环境与资源保护委员会"),
    ("equivalent", ["社会建设委", "社会建设委员会"], "全国人大社会建设委员会（2018年设立）"),
    ("equivalent", ["监委", "监察委", "监察委员会"], "各级监察委员会（2018年设立）"),
    # --- Renamed committees: 第十三届全国人民代表大会第一次会议《关于全国人民代表大会专门委员会
    # 的决定》(2018-03-13); the local congresses renamed theirs in 2018.
    ("equivalent", ["法律委员会", "宪法和法律委员会"], "2018年3月全国人大法律委员会更名"),
    ("equivalent", ["内务司法委员会", "内司委", "监察和司法委员会", "监司委"], "2018年起各级人大内务司法委员会更名"),
    # --- Renamed places: 嵊县 became 嵊州市 (国务院 approved in August 1995, in force December
    # 1995); 绍兴县 became 绍兴市柯桥区 and 上虞市 became 上虞区 (国务院 批复, October 2013).
    ("one_way", ["嵊县", "嵊州"], "1995年撤县设市"),
    ("one_way", ["绍兴县", "柯桥区"], "2013年撤县设区"),
    ("one_way", ["上虞市", "上虞区"], "2013年撤市设区"),
    # --- Common variants of the site's own terms.
    ("equivalent", ["网上联络站", "网上代表联络站", "线上联络站", "线上代表联络站"], ""),
    ("equivalent", ["代表联络站", "人大代表联络站"], ""),
    ("equivalent", ["代表之家", "人大代表之家"], ""),
    ("equivalent", ["基层立法联系点", "立法联系点"], ""),
    ("one_way", ["地方法规", "地方性法规"], "法律用语为“地方性法规”"),
    # --- Found missing on the development set (bench/data/search_dev_*, which may be tuned on;
    # never the held-out sets): what readers type against what the reports write.
    ("equivalent", ["人大工委", "人大工作委员会"], "街道、开发区的人大工作委员会"),
    ("equivalent", ["初审", "初步审查"], "预算草案初步审查"),
    ("one_way", ["人事任免", "任免", "任命"], "报道多写“任命”“任免”"),
    ("one_way", ["述职", "履职情况"], "代表向选民报告履职情况"),
    ("one_way", ["电动车", "电动自行车"], "电动车也指电动汽车：只单向"),
    ("one_way", ["法规草案", "条例草案"], "地方性法规草案多称“××条例（草案）”"),
]


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for kind, words, note in DEFAULT_SYNONYMS:
        Synonym.objects.get_or_create(kind=kind, terms="\n".join(words), defaults={"note": note})


def remove_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for kind, words, _note in DEFAULT_SYNONYMS:
        Synonym.objects.filter(kind=kind, terms="\n".join(words)).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_synonyms")]

    operations = [migrations.RunPython(add_synonyms, remove_synonyms)]
