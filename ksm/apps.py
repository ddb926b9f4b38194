from django.apps import AppConfig


class KsmConfig(AppConfig):
    name = "ksm"
    verbose_name = "KSM dan anggota"
    default_auto_field = "django.db.models.BigAutoField"
