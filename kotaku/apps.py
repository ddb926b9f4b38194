from django.apps import AppConfig


class KotakuConfig(AppConfig):
    name = "kotaku"
    verbose_name = "Organisasi dan pengguna"
    default_auto_field = "django.db.models.BigAutoField"
