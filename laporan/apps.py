from django.apps import AppConfig


class LaporanConfig(AppConfig):
    name = "laporan"
    verbose_name = "Laporan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The books (floor 1) never import this floor: the snapshot refresh after a month close is registered
        # here, into the books' own list of after-close hooks.
        from kotaku.buku.services import daftarkan_setelah_tutup_bulan
        from laporan.services import perbarui_setelah_tutup_bulan

        daftarkan_setelah_tutup_bulan(perbarui_setelah_tutup_bulan)
