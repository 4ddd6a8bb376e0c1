from django.db import migrations


def load_schemes(apps, schema_editor):
    from argmap.schemes_data import install_walton_schemes

    install_walton_schemes(apps.get_model("argmap", "Scheme"), apps.get_model("argmap", "CriticalQuestion"))


def unload_schemes(apps, schema_editor):
    apps.get_model("argmap", "Scheme").objects.filter(applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("argmap", "0001_initial")]

    operations = [migrations.RunPython(load_schemes, unload_schemes)]
