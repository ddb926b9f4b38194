from django.apps import AppConfig


class PinjamanConfig(AppConfig):
    name = "pinjaman"
    verbose_name = "Pinjaman bergulir"
    default_auto_field = "django.db.models.BigAutoField"
