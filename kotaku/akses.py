"""Who may see what and do what. Every queryset, view, API and report starts from `lkm_milik(user)`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from kotaku.models import LKM, PERAN_LKM, Desa, Peran


def lkm_milik(user: Any) -> QuerySet[LKM]:
    """The LKMs in the user's scope: own LKM(s); a fasilitator's kecamatan and listed desa; everything for
    admin."""
    if user is None or not user.is_authenticated or not user.is_active:
        return LKM.objects.none()
    if user.adalah_admin:
        return LKM.objects.all()
    if user.peran in PERAN_LKM:
        return LKM.objects.filter(pengguna=user)
    if user.peran == Peran.FASILITATOR:
        syarat = Q(desa__fasilitator=user)
        if user.kecamatan_id:
            syarat |= Q(desa__kecamatan_id=user.kecamatan_id)
        return LKM.objects.filter(syarat).distinct()
    return LKM.objects.none()


def akses_lkm(user: Any) -> QuerySet[LKM]:
    """LKMs with their desa, kecamatan and kabupaten, for lists."""
    return lkm_milik(user).select_related("desa__kecamatan__kabupaten__provinsi")


def akses_desa(user: Any) -> QuerySet[Desa]:
    """Desa whose LKM is in scope (a fasilitator also sees listed desa without an LKM yet)."""
    return Desa.objects.filter(lkm__in=lkm_milik(user)).select_related("kecamatan__kabupaten", "lkm")


# What each role may do. Reading is governed by scope alone; these are the writes.
HAK: dict[str, frozenset[str]] = {
    "ksm.tulis": frozenset({Peran.MANAJER_UPK, Peran.KASIR, Peran.PEMBUKU, Peran.PETUGAS_PINJAMAN}),
    "tabungan.tulis": frozenset({Peran.MANAJER_UPK, Peran.KASIR, Peran.PETUGAS_PINJAMAN}),
    "tabungan.koreksi": frozenset({Peran.MANAJER_UPK}),
    "pinjaman.ajukan": frozenset({Peran.MANAJER_UPK, Peran.PETUGAS_PINJAMAN}),
    "pinjaman.verifikasi": frozenset({Peran.MANAJER_UPK}),
    "pinjaman.setujui": frozenset({Peran.PENGURUS_LKM, Peran.MANAJER_UPK}),
    "pinjaman.tolak": frozenset({Peran.MANAJER_UPK, Peran.PENGURUS_LKM}),
    "pinjaman.cairkan": frozenset({Peran.MANAJER_UPK, Peran.KASIR}),
    "pinjaman.bayar": frozenset({Peran.MANAJER_UPK, Peran.KASIR, Peran.PETUGAS_PINJAMAN}),
    "pinjaman.koreksi": frozenset({Peran.MANAJER_UPK}),
    "pinjaman.hapus_buku": frozenset({Peran.PENGURUS_LKM}),
    "pinjaman.jadwal_ulang": frozenset({Peran.PENGURUS_LKM}),
    "kas.tulis": frozenset({Peran.MANAJER_UPK, Peran.KASIR, Peran.PEMBUKU}),
    "buku.tutup_bulan": frozenset({Peran.PEMBUKU}),
    "buku.buka_bulan": frozenset({Peran.PENGURUS_LKM}),
    "buku.saldo_awal": frozenset({Peran.PEMBUKU, Peran.MANAJER_UPK}),
    "buku.koreksi": frozenset({Peran.PEMBUKU, Peran.MANAJER_UPK}),
    "kebijakan.ubah": frozenset({Peran.PENGURUS_LKM}),
    "surplus.alokasi": frozenset({Peran.PENGURUS_LKM}),
    "penilaian.tulis": frozenset({Peran.FASILITATOR, Peran.ADMIN}),
    "laporan.buat": frozenset(set(Peran.values)),
    "laporan.snapshot": frozenset({Peran.ADMIN}),
}


def boleh(user: Any, aksi: str) -> bool:
    """True when the user's role may perform `aksi` (scope is checked separately, by the querysets)."""
    if aksi not in HAK:
        raise KeyError(f"aksi tidak dikenal: {aksi}")
    if user is None or not user.is_authenticated:
        return False
    return user.peran in HAK[aksi]


def wajib_boleh(user: Any, aksi: str) -> None:
    """Raise PermissionDenied (403) unless the user's role may perform `aksi`. Every service that a person
    triggers calls this first: the one place each action's role is checked, for pages, API and imports alike.

    `None` is the system itself (the demo loader, a Celery task): code passes it, a request never can."""
    if user is None:
        return
    if not boleh(user, aksi):
        raise PermissionDenied("Peran Anda tidak berwenang melakukan tindakan ini.")
