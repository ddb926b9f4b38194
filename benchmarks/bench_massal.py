"""Batch posting benchmark: 100 000 journals through `posting_jurnal_massal` (goal: under 2 minutes), and the
same per-journal rate one by one for comparison (a sample)."""

from __future__ import annotations

import logging
import os
import random
import time
from datetime import date, timedelta

from _dasar import cetak, lkm_bench  # type: ignore[import-not-found]
from django.db import transaction

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import neraca, total_tidak_seimbang
from kotaku.buku.services import Baris, JurnalBaru, posting_jurnal, posting_jurnal_massal, siapkan_akun

N_MASSAL = int(os.environ.get("BENCH_MASSAL", "100000"))
N_SATU = int(os.environ.get("BENCH_MASSAL_SATU", "2000"))
PASANGAN = [("11010", "41010"), ("51030", "11010"), ("11030", "11010"), ("11021", "41020")]


def _jurnal(n: int, awalan: str) -> list[JurnalBaru]:
    acak = random.Random(3)
    hasil = []
    for i in range(n):
        debit, kredit = PASANGAN[i % 4]
        jumlah = acak.randrange(1_000, 5_000_000)
        hasil.append(
            JurnalBaru(
                tanggal=date(2018, 1, 1) + timedelta(days=i * 690 // n),
                uraian=f"bench massal {i}",
                baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
                kunci=f"{awalan}{i}",
            )
        )
    return hasil


def bench() -> list[tuple[str, str]]:
    logging.getLogger("kotaku.aksi").setLevel(logging.WARNING)  # one log line per journal: not the subject
    lkm = lkm_bench("Massal")
    siapkan_akun(lkm)
    jurnal = _jurnal(N_MASSAL, "m")
    mulai = time.perf_counter()
    posting_jurnal_massal(lkm=lkm, jurnal=jurnal, oleh=None)  # one transaction (atomic)
    detik = time.perf_counter() - mulai
    assert Jurnal.objects.filter(lkm=lkm).count() == N_MASSAL
    assert total_tidak_seimbang(lkm=lkm) == 0
    n = neraca(lkm=lkm, per=date(2019, 11, 30))
    assert n.total_aset == n.total_kewajiban_modal
    ulang = time.perf_counter()
    posting_jurnal_massal(lkm=lkm, jurnal=jurnal, oleh=None)  # the same keys again: nothing new
    detik_ulang = time.perf_counter() - ulang
    assert Jurnal.objects.filter(lkm=lkm).count() == N_MASSAL

    satu = lkm_bench("MassalSatu")
    siapkan_akun(satu)
    contoh = _jurnal(N_SATU, "s")
    mulai = time.perf_counter()
    with transaction.atomic():
        for j in contoh:
            posting_jurnal(lkm=satu, tanggal=j.tanggal, uraian=j.uraian, baris=j.baris, kunci=j.kunci)
    detik_satu = time.perf_counter() - mulai
    return [
        (
            f"posting_jurnal_massal, {N_MASSAL:,} jurnal (1 transaksi)",
            f"{detik:,.1f} s = {N_MASSAL / detik:,.0f} jurnal/detik (target < 120 s)",
        ),
        (f"  the same {N_MASSAL:,} keys again (idempotent)", f"{detik_ulang:,.1f} s, 0 jurnal baru"),
        (
            f"posting_jurnal one by one, {N_SATU:,} jurnal (1 transaksi)",
            f"{detik_satu:,.1f} s = {N_SATU / detik_satu:,.0f} jurnal/detik",
        ),
    ]


if __name__ == "__main__":
    cetak("Posting massal (make bench)", bench())
