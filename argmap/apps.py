from django.apps import AppConfig


class ArgmapConfig(AppConfig):
    name = "argmap"
    verbose_name = "Argument maps"
    default_auto_field = "django.db.models.BigAutoField"
