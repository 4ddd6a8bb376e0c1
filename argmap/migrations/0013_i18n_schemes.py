from django.db import migrations, models


def load_japanese(apps, schema_editor):
    from argmap.schemes_data import translate_walton_schemes

    translate_walton_schemes(apps.get_model("argmap", "Scheme"), apps.get_model("argmap", "CriticalQuestion"))


class Migration(migrations.Migration):
    dependencies = [("argmap", "0012_layout")]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="name_ja",
            field=models.CharField(blank=True, help_text="The scheme's name in Japanese.", max_length=200),
        ),
        migrations.AddField(
            model_name="criticalquestion",
            name="text_ja",
            field=models.TextField(blank=True, help_text="The question in Japanese."),
        ),
        migrations.RunPython(load_japanese, migrations.RunPython.noop),
    ]
