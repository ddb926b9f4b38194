from django.apps import AppConfig


class LaporanConfig(AppConfig):
    name = "laporan"
    verbose_name = "Laporan"
    default_auto_field = "django.db.models.BigAutoField"
