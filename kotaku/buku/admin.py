"""Admin: an LKM may add accounts; journals and closed months are shown read-only (posted rows are never
edited, a closed month is reopened by the board on its page). An account with postings keeps its code, type,
contra flag and LKM; PostgreSQL refuses the change too (trigger `akun_terpakai_tetap`)."""

from typing import Any

from django.contrib import admin

from kotaku.buku.models import Akun, BarisJurnal, Jurnal, PeriodeTutup


@admin.register(Akun)
class AkunAdmin(admin.ModelAdmin):
    list_display = ["lkm", "kode", "nama", "jenis", "kontra", "aktif"]
    list_filter = ["jenis", "lkm"]
    list_select_related = ["lkm"]
    search_fields = ["kode", "nama"]

    TETAP_SETELAH_DIPAKAI = ("lkm", "kode", "jenis", "kontra")

    def _terpakai(self, obj: Akun | None) -> bool:
        return obj is not None and obj.pk is not None and BarisJurnal.objects.filter(akun=obj).exists()

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return self.TETAP_SETELAH_DIPAKAI if self._terpakai(obj) else ()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._terpakai(obj)


@admin.register(Jurnal)
class JurnalAdmin(admin.ModelAdmin):
    list_display = ["nomor", "lkm", "tanggal", "jenis", "uraian", "dibuat_oleh"]
    list_filter = ["jenis", "lkm"]
    list_select_related = ["lkm", "dibuat_oleh"]
    search_fields = ["uraian"]
    date_hierarchy = "tanggal"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PeriodeTutup)
class PeriodeTutupAdmin(admin.ModelAdmin):
    list_display = ["lkm", "tahun", "bulan", "ditutup_oleh", "dibuka_pada"]
    list_select_related = ["lkm", "ditutup_oleh"]
    readonly_fields = [
        "lkm",
        "tahun",
        "bulan",
        "ditutup_oleh",
        "ditutup_pada",
        "dibuka_oleh",
        "dibuka_pada",
        "alasan_buka",
    ]

    def has_add_permission(self, request: Any) -> bool:
        return False  # the Pembuku closes a month on the books' page (kotaku.buku.services.tutup_bulan)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # reopening is the board's act on the books' page (buka_bulan), with a reason

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # deleting the row would reopen the month with no record
