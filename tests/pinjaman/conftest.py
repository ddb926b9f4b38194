"""Shared loan fixtures: the four people of the workflow in Bukur, and a disbursed loan helper."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kotaku.models import Peran
from pinjaman import services
from pinjaman.models import Pinjaman
from pinjaman.services import BagianDiminta
from tests.bantuan import ubah_kebijakan_awal

ALUR = (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)


@pytest.fixture
def orang(buat_pengguna: Any, lkm_bukur: Any) -> dict[str, Any]:
    """Petugas, Manajer, Pengurus and Kasir of Bukur; the 3-month rule is off so tests start from new KSMs."""
    ubah_kebijakan_awal(lkm_bukur, wajib_tiga_bulan=False)
    return {p: buat_pengguna(p, lkm_bukur) for p in ALUR}


def cair(
    ksm: Any,
    orang: dict[str, Any],
    *,
    pokok: int,
    tanggal: date = date(2019, 1, 10),
    jangka: int = 10,
    kunci: str = "cair",
) -> Pinjaman:
    """Apply for every active member, verify, approve and disburse through the services."""
    p = services.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=date(2019, 1, 2),
        jangka_bulan=jangka,
        frekuensi="bulanan",
        bagian=[BagianDiminta(k.anggota, pokok) for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True)],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
    )
    services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    return services.cairkan(pinjaman=p, tanggal=tanggal, kunci=kunci, oleh=orang[Peran.KASIR])
