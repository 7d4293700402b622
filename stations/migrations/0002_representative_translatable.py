"""Representatives become translatable (wagtail-localize): Wagtail's documented bootstrap steps —
add nullable locale/translation_key, fill them for existing rows, then require them."""

import uuid

import django.db.models.deletion
from django.db import migrations, models
from wagtail.models.i18n import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="representative",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="representative",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        BootstrapTranslatableModel("stations.Representative"),
        migrations.AlterField(
            model_name="representative",
            name="locale",
            field=models.ForeignKey(
                default=None,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="representative",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="representative",
            unique_together={("translation_key", "locale")},
        ),
    ]
