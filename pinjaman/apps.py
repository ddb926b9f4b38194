from django.apps import AppConfig


class PinjamanConfig(AppConfig):
    name = "pinjaman"
    verbose_name = "Pinjaman bergulir"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The eligibility rules (ksm, a floor below) read the loan facts through this provider.
        from ksm.kelayakan import daftarkan_penyedia_fakta_pinjaman
        from pinjaman.selectors import fakta_pinjaman_ksm

        daftarkan_penyedia_fakta_pinjaman(fakta_pinjaman_ksm)
