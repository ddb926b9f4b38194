"""Hand-made loans and books for the indicator, snapshot and dashboard tests (no demo: small and exact)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kotaku.buku import akun
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import Peran
from pinjaman import services
from pinjaman.models import Pinjaman
from pinjaman.services import BagianDiminta
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota

PER = date(2019, 4, 30)
MENUNGGAK_CAIR = date(2019, 1, 10)  # instalments 10 Feb, 10 Mar, 10 Apr: 3 months behind on 30 April
LANCAR_CAIR = date(2019, 4, 15)  # first instalment 15 May: nothing due on 30 April


@pytest.fixture
def orang(buat_pengguna: Any, lkm_bukur: Any) -> dict[str, Any]:
    """Petugas, Manajer, Pengurus and Kasir of Bukur; the 3-month rule is off and the per-member caps are
    raised, so tests build exact portfolios from new KSM."""
    ubah_kebijakan_awal(
        lkm_bukur, wajib_tiga_bulan=False, batas_siklus_pertama=10_000_000, batas_per_anggota=10_000_000
    )
    return {
        p: buat_pengguna(p, lkm_bukur)
        for p in (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)
    }


def pinjam(
    ksm: Any,
    orang: dict[str, Any],
    *,
    per_anggota: int,
    cair: date,
    jangka: int = 10,
    anggota: list[Any] | None = None,
    kunci: str = "cair",
) -> Pinjaman:
    """Apply (on the disbursement day), verify, approve and disburse a monthly flat loan, by the services."""
    anggota = anggota or [k.anggota for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True)]
    p = services.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=cair,
        jangka_bulan=jangka,
        frekuensi="bulanan",
        bagian=[BagianDiminta(a, per_anggota) for a in anggota],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
    )
    services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    return services.cairkan(pinjaman=p, tanggal=cair, kunci=kunci, oleh=orang[Peran.KASIR])


def ksm_berpinjaman(lkm: Any, orang: dict[str, Any], nama: str, *, per_anggota: int, cair: date) -> Pinjaman:
    """A new 5-member KSM with one 10-month loan of `per_anggota` each."""
    return pinjam(ksm_dengan_anggota(5, lkm=lkm, nama=nama), orang, per_anggota=per_anggota, cair=cair)


def jurnal(lkm: Any, tanggal: date, debit: str, kredit: str, jumlah: int, kunci: str) -> None:
    """One two-line journal (cash in or out, capital ...)."""
    posting_jurnal(
        lkm=lkm,
        tanggal=tanggal,
        uraian=kunci,
        baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
        kunci=kunci,
        oleh=None,
    )


def pendapatan(lkm: Any, tanggal: date, jumlah: int, kunci: str) -> None:
    jurnal(lkm, tanggal, akun.KAS, akun.PENDAPATAN_NON_OPERASIONAL, jumlah, kunci)


def biaya(lkm: Any, tanggal: date, jumlah: int, kunci: str) -> None:
    jurnal(lkm, tanggal, akun.ATK, akun.KAS, jumlah, kunci)


def modal(lkm: Any, tanggal: date, jumlah: int, kunci: str = "modal") -> None:
    jurnal(lkm, tanggal, akun.KAS, akun.MODAL_AWAL, jumlah, kunci)
