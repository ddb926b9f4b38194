"""Admin: an LKM may add accounts; journals are shown read-only (posted rows are never edited)."""

from typing import Any

from django.contrib import admin

from kotaku.buku.models import Akun, Jurnal, PeriodeTutup


@admin.register(Akun)
class AkunAdmin(admin.ModelAdmin):
    list_display = ["lkm", "kode", "nama", "jenis", "kontra", "aktif"]
    list_filter = ["jenis", "lkm"]
    list_select_related = ["lkm"]
    search_fields = ["kode", "nama"]


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
