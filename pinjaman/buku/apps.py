from django.apps import AppConfig


class BukuConfig(AppConfig):
    """The UPK books (accounts, journals). Part of the pinjaman floor; its own app for its own migrations."""

    name = "pinjaman.buku"
    label = "buku"
    verbose_name = "Pembukuan UPK"
    default_auto_field = "django.db.models.BigAutoField"
