"""Admin: loans are read-only here; every change goes through the services (workflow, journals)."""

from typing import Any

from django.contrib import admin

from pinjaman.models import Pembayaran, Pinjaman


class HanyaBaca(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Pinjaman)
class PinjamanAdmin(HanyaBaca):
    list_display = ["pk", "ksm", "lkm", "status", "pokok", "tanggal_cair"]
    list_filter = ["status", "lkm"]
    list_select_related = ["ksm", "lkm"]


@admin.register(Pembayaran)
class PembayaranAdmin(HanyaBaca):
    list_display = ["pk", "pinjaman", "tanggal", "jumlah", "pokok", "jasa"]
    list_select_related = ["pinjaman__ksm"]
