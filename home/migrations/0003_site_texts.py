"""The translatable wording of the site settings (name, 主办/承办/技术支持, address) moves to
SiteTexts, a snippet wagtail-localize translates; each site's current values become its Chinese
texts."""

import django.db.models.deletion
import uuid
from django.db import migrations, models

FIELDS = ("site_name", "sponsor", "organizer", "tech_support", "address")


def _default_locale(apps):
    from django.conf import settings

    Locale = apps.get_model("wagtailcore", "Locale")
    code = settings.LANGUAGE_CODE
    return (
        Locale.objects.filter(language_code=code).first() or Locale.objects.order_by("pk").first()
    )


def texts_from_settings(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    locale = _default_locale(apps)
    for settings in SiteSettings.objects.all():
        texts = SiteTexts.objects.create(
            site_id=settings.site_id,
            locale=locale,
            translation_key=uuid.uuid4(),
            **{name: getattr(settings, name) for name in FIELDS},
        )
        settings.texts = texts
        settings.save(update_fields=["texts"])


def settings_from_texts(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    for settings in SiteSettings.objects.exclude(texts=None).select_related("texts"):
        for name in FIELDS:
            setattr(settings, name, getattr(settings.texts, name))
        settings.save(update_fields=list(FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_editorial_roles_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SiteTexts",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "site_name",
                    models.CharField(default="浙江人大", max_length=100, verbose_name="网站名称"),
                ),
                (
                    "sponsor",
                    models.CharField(
                        blank=True,
                        help_text="例如：浙江省人大常委会",
                        max_length=100,
                        verbose_name="主办单位",
                    ),
                ),
                (
                    "organizer",
                    models.CharField(
                        blank=True,
                        help_text="例如：浙江省人大常委会研究室",
                        max_length=100,
                        verbose_name="承办单位",
                    ),
                ),
                (
                    "tech_support",
                    models.CharField(
                        blank=True,
                        help_text="例如：浙江省人大常委会办公厅信息中心",
                        max_length=100,
                        verbose_name="技术支持",
                    ),
                ),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="联系地址")),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
                        verbose_name="站点",
                    ),
                ),
            ],
            options={
                "verbose_name": "站点文字",
                "verbose_name_plural": "站点文字",
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="texts",
            field=models.ForeignKey(
                blank=True,
                help_text="网站名称、主办、承办、技术支持和地址（中文原文）；在“片段 › 站点文字”中编辑和翻译。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="home.sitetexts",
                verbose_name="站点文字",
            ),
        ),
        migrations.AddConstraint(
            model_name="sitetexts",
            constraint=models.UniqueConstraint(
                fields=("site", "locale"), name="one_site_texts_per_language"
            ),
        ),
        migrations.AlterUniqueTogether(
            name="sitetexts",
            unique_together={("translation_key", "locale")},
        ),
        migrations.RunPython(texts_from_settings, settings_from_texts),
        migrations.RemoveField(
            model_name="sitesettings",
            name="address",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="organizer",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="site_name",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="sponsor",
        ),
        migrations.RemoveField(
            model_name="sitesettings",
            name="tech_support",
        ),
    ]
