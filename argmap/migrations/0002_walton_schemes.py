import uuid

from django.db import migrations

SCHEME_NAMESPACE = uuid.UUID("6f1d2c1e-6a43-5b8e-9f3a-1d2b3c4d5e6f")


def load_schemes(apps, schema_editor):
    from argmap.schemes_data import WALTON_SCHEMES

    Scheme = apps.get_model("argmap", "Scheme")
    CriticalQuestion = apps.get_model("argmap", "CriticalQuestion")
    for data in WALTON_SCHEMES:
        scheme, _ = Scheme.objects.update_or_create(
            key=data["key"],
            defaults={
                "id": uuid.uuid5(SCHEME_NAMESPACE, data["key"]),
                "name": data["name"],
                "applies_to": "inference",
                "premise_templates": data["premises"],
                "conclusion_template": data["conclusion"],
            },
        )
        for position, (key, text) in enumerate(data["questions"], start=1):
            CriticalQuestion.objects.update_or_create(
                scheme=scheme,
                position=position,
                defaults={"id": uuid.uuid5(SCHEME_NAMESPACE, f"{data['key']}/{key}"), "key": key, "text": text},
            )


def unload_schemes(apps, schema_editor):
    apps.get_model("argmap", "Scheme").objects.filter(applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("argmap", "0001_initial")]

    operations = [migrations.RunPython(load_schemes, unload_schemes)]
