from django.apps import AppConfig


class BukuConfig(AppConfig):
    """The UPK books (accounts, journals). The ledger on the ground
    floor: everything above posts through it."""

    name = "kotaku.buku"
    label = "buku"
    verbose_name = "Pembukuan UPK"
    default_auto_field = "django.db.models.BigAutoField"
