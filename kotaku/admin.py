from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kotaku.models import LKM, Desa, Kabupaten, Kebijakan, Kecamatan, Pengguna, Provinsi, TokenAPI


@admin.register(Provinsi)
class ProvinsiAdmin(admin.ModelAdmin):
    search_fields = ["nama"]


@admin.register(Kabupaten)
class KabupatenAdmin(admin.ModelAdmin):
    list_display = ["nama", "provinsi"]
    list_select_related = ["provinsi"]
    search_fields = ["nama"]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["nama", "kabupaten"]
    list_select_related = ["kabupaten"]
    search_fields = ["nama"]


@admin.register(Desa)
class DesaAdmin(admin.ModelAdmin):
    list_display = ["nama", "kecamatan"]
    list_select_related = ["kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["nama"]


@admin.register(LKM)
class LKMAdmin(admin.ModelAdmin):
    list_display = ["nama", "desa"]
    list_select_related = ["desa"]
    search_fields = ["nama", "desa__nama"]


@admin.register(Kebijakan)
class KebijakanAdmin(admin.ModelAdmin):
    list_display = ["lkm", "berlaku_mulai", "nomor_keputusan", "jasa_persen_per_bulan", "metode_jasa"]
    list_select_related = ["lkm"]
    list_filter = ["lkm"]

    # Policies are append-only (trigger `kebijakan_tetap`): the board sets a new dated one on the LKM's policy
    # page (/lkm/<id>/kebijakan/, kotaku.services.ubah_kebijakan) with its decision number.
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Pengguna)
class PenggunaAdmin(UserAdmin):
    list_display = ["username", "first_name", "peran", "is_active"]
    list_filter = ["peran", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Peran dan lingkup", {"fields": ("peran", "lkm", "kecamatan", "desa")}),
    )
    filter_horizontal = ["lkm", "desa", "groups", "user_permissions"]


@admin.register(TokenAPI)
class TokenAPIAdmin(admin.ModelAdmin):
    list_display = ["pengguna", "nama", "dibuat_pada", "terakhir_dipakai", "kedaluwarsa_pada", "dicabut"]
    readonly_fields = ["sidik", "sidik_sandi"]
