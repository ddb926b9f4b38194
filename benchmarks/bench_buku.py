"""Books benchmark: journals per second through the posting service; neraca over 1
000 000 lines vs bare SQL."""

from __future__ import annotations

import io
import os
import random
import time
from datetime import date, timedelta

from _dasar import cetak, lkm_bench, median_ms  # type: ignore[import-not-found]
from django.db import connection, transaction

from kotaku.buku.models import Akun
from kotaku.buku.selectors import neraca
from kotaku.buku.services import Baris, posting_jurnal, siapkan_akun

# 100 000 journals one transaction each take about 10 minutes on a 2-core machine; the rate is flat, so `make
# bench` measures 20 000 (set BENCH_JURNAL=100000 for the full run).
N_JURNAL = int(os.environ.get("BENCH_JURNAL", "20000"))
N_BARIS = int(os.environ.get("BENCH_BARIS", "1000000"))
PER = date(2019, 11, 30)


def bench_posting() -> list[tuple[str, str]]:
    lkm = lkm_bench("Posting")
    siapkan_akun(lkm)
    acak = random.Random(1)
    pasangan = [("11010", "41010"), ("51030", "11010"), ("11030", "11010"), ("11021", "41020")]
    mulai = time.perf_counter()
    for i in range(N_JURNAL):
        debit, kredit = pasangan[i % 4]
        jumlah = acak.randrange(1_000, 5_000_000)
        with transaction.atomic():
            posting_jurnal(
                lkm=lkm,
                tanggal=date(2019, 1, 1) + timedelta(days=i % 330),
                uraian=f"bench {i}",
                baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
                kunci=f"b{i}",
            )
    detik = time.perf_counter() - mulai
    return [
        (
            f"posting_jurnal, {N_JURNAL:,} jurnal (1 transaksi each)",
            f"{detik:,.1f} s = {N_JURNAL / detik:,.0f} jurnal/detik",
        )
    ]


def bench_neraca() -> list[tuple[str, str]]:
    lkm = lkm_bench("Neraca")
    siapkan_akun(lkm)
    akun = list(Akun.objects.filter(lkm=lkm).values_list("pk", flat=True))
    n_jurnal = N_BARIS // 2
    acak = random.Random(2)
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM buku_jurnal")
        awal = cur.fetchone()[0] + 1
        cur.execute("SET session_replication_role = replica")  # bulk load: rows are balanced by construction
        jurnal, baris = io.StringIO(), io.StringIO()
        for i in range(n_jurnal):
            jid = awal + i
            hari = date(2010, 1, 1) + timedelta(days=i * 3650 // n_jurnal)
            jurnal.write(
                f"{jid}\t{lkm.pk}\t{hari.year}\t{i + 1}\t{hari}\tumum\tbench\t\t2019-01-01 00:00:00+07\n"
            )
            d, k = acak.sample(akun, 2)
            jumlah = acak.randrange(1_000, 10_000_000)
            baris.write(
                f"{jid}\t{lkm.pk}\t{d}\t{hari}\t{jumlah}\t0\n{jid}\t{lkm.pk}\t{k}\t{hari}\t0\t{jumlah}\n"
            )
        jurnal.seek(0)
        baris.seek(0)
        mulai = time.perf_counter()
        with cur.copy(
            "COPY buku_jurnal (id, lkm_id, tahun, urut, tanggal, jenis, uraian, alasan, dibuat_pada) FROM "
            "STDIN"
        ) as c:
            c.write(jurnal.read())
        with cur.copy(
            "COPY buku_barisjurnal (jurnal_id, lkm_id, akun_id, tanggal, debit, kredit) FROM STDIN"
        ) as c:
            c.write(baris.read())
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('buku_jurnal', 'id'), (SELECT MAX(id) FROM buku_jurnal))"
        )
        cur.execute("ANALYZE buku_barisjurnal")
        muat = time.perf_counter() - mulai

    def lantai() -> object:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT akun_id, SUM(debit), SUM(kredit) FROM buku_barisjurnal "
                "WHERE lkm_id = %s AND tanggal <= %s GROUP BY akun_id",
                [lkm.pk, PER],
            )
            return cur.fetchall()

    n = neraca(lkm=lkm, per=PER)
    assert n.total_aset == n.total_kewajiban_modal, "neraca bench tidak seimbang"
    ms_neraca = median_ms(lambda: neraca(lkm=lkm, per=PER))
    ms_lantai = median_ms(lantai)
    return [
        (f"bulk load {N_BARIS:,} baris (COPY)", f"{muat:,.1f} s"),
        (f"neraca per {PER} over {N_BARIS:,} baris", f"{ms_neraca:,.0f} ms (target < 200 ms)"),
        ("bare SQL SUM ... GROUP BY akun (floor)", f"{ms_lantai:,.0f} ms"),
        ("ratio neraca / floor", f"{ms_neraca / ms_lantai:.2f}x (target < 2x)"),
    ]


if __name__ == "__main__":
    cetak("Pembukuan (make bench)", bench_neraca() + bench_posting())
