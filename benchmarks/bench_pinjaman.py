"""Loans benchmark: payments per second through the collection-sheet service; LU-02 over 10 years of
instalments."""

from __future__ import annotations

import io
import os
import queue
import random
import re
import time
from collections.abc import Callable
from datetime import date

from _dasar import cetak, lkm_bench, median_ms  # type: ignore[import-not-found]
from django.db import connection, transaction

from kotaku.models import Kebijakan, Pengguna, Peran
from kotaku.tanggal import tambah_bulan
from ksm.models import KSM, Anggota, Keanggotaan
from pinjaman import services
from pinjaman.selectors import laporan_kolektibilitas

N_KSM = int(os.environ.get("BENCH_KSM", "2000"))
N_BAYAR = int(os.environ.get("BENCH_BAYAR", "2000"))
PER = date(2019, 11, 30)


def _pengguna(lkm, peran):
    user, _ = Pengguna.objects.get_or_create(username=f"bench-{peran}-{lkm.pk}", defaults={"peran": peran})
    user.lkm.add(lkm)
    return user


def _hapus(lkm) -> None:
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        for sql in (
            "DELETE FROM pinjaman_rincianpembayaran WHERE pinjaman_id IN (SELECT id FROM pinjaman_pinjaman "
            "WHERE lkm_id = %s)",
            "DELETE FROM pinjaman_pembayaran WHERE lkm_id = %s",
            "DELETE FROM pinjaman_angsuran WHERE pinjaman_id IN (SELECT id FROM pinjaman_pinjaman WHERE "
            "lkm_id = %s)",
            "DELETE FROM pinjaman_bagianpinjaman WHERE pinjaman_id IN (SELECT id FROM pinjaman_pinjaman "
            "WHERE lkm_id = %s)",
            "DELETE FROM pinjaman_pinjaman WHERE lkm_id = %s",
            "DELETE FROM ksm_keanggotaan WHERE ksm_id IN (SELECT id FROM ksm_ksm WHERE lkm_id = %s)",
            "DELETE FROM ksm_anggota WHERE lkm_id = %s",
            "DELETE FROM ksm_ksm WHERE lkm_id = %s",
        ):
            cur.execute(sql, [lkm.pk])
        cur.execute("SET session_replication_role = DEFAULT")


# ---- payments per second, 1 and 4 concurrent clients, beside the floor ------------------------------------

CAIR = date(2018, 12, 1)
ORANG = (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)


def _pinjaman_bench(lkm, orang, n: int) -> list[int]:
    """`n` disbursed loans of 5 members x Rp 1.000.000 over 10 months, made through the services."""
    hasil = []
    for i in range(n):
        ksm = KSM.objects.create(
            lkm=lkm,
            desa=lkm.desa,
            nama=f"Bench {i}",
            jenis="pinjaman_bergulir",
            tanggal_berdiri=date(2015, 1, 1),
        )
        anggota = Anggota.objects.bulk_create(
            [
                Anggota(
                    lkm=lkm, nik=f"{3519104105800000 + i * 10 + j:016d}", nama=f"A{i}-{j}", jenis_kelamin="P"
                )
                for j in range(5)
            ]
        )
        Keanggotaan.objects.bulk_create(
            [
                Keanggotaan(
                    ksm=ksm,
                    anggota=a,
                    tanggal_bergabung=date(2015, 1, 1),
                    tanggal_tanggung_renteng=date(2015, 1, 1),
                )
                for a in anggota
            ]
        )
        p = services.ajukan_pinjaman(
            ksm=ksm,
            tanggal_pengajuan=CAIR,
            jangka_bulan=10,
            frekuensi="bulanan",
            bagian=[services.BagianDiminta(a, 1_000_000) for a in anggota],
            oleh=orang[Peran.PETUGAS_PINJAMAN],
        )
        services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
        services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
        services.cairkan(pinjaman=p, tanggal=CAIR, kunci="c", oleh=orang[Peran.KASIR])
        hasil.append(p.pk)
    return hasil


def _layanan(pinjaman_ids: list[int], kasir_id: int, nomor_awal: int) -> int:
    """One client through the service: each loan's collection sheet at 10 meetings, 5 members paying
    Rp 115.000 each; one transaction per payment (the service's own, as the page and the API run it)."""
    from pinjaman.models import Pinjaman

    kasir = Pengguna.objects.get(pk=kasir_id)
    daftar = [
        (p, list(p.bagian.values_list("anggota_id", flat=True)))
        for p in Pinjaman.objects.filter(pk__in=pinjaman_ids)
    ]
    n = 0
    for ke in range(1, 11):
        for p, anggota in daftar:
            services.catat_pembayaran(
                pinjaman=p,
                tanggal=tambah_bulan(CAIR, ke),
                jumlah=575_000,
                kunci=f"b{ke}",
                oleh=kasir,
                rincian=[services.BayarAnggota(a, 115_000) for a in anggota],
            )
            n += 1
    return n


LANTAI_SQL = """
WITH b AS (
    INSERT INTO pinjaman_pembayaran (pinjaman_id, lkm_id, tanggal, jumlah, pokok, jasa, akun_kas, kunci,
                                     alasan, dibuat_oleh_id, dibuat_pada)
    VALUES (%(pinjaman)s, %(lkm)s, %(tanggal)s, 575000, 500000, 75000, '11010', %(kunci)s,
            '', %(oleh)s, now())
    RETURNING id
), r AS (
    INSERT INTO pinjaman_rincianpembayaran (pembayaran_id, angsuran_id, pinjaman_id, tanggal, pokok, jasa,
                                            versi)
    SELECT b.id, a.id, %(pinjaman)s, %(tanggal)s, a.pokok, a.jasa, 1
      FROM b, pinjaman_angsuran a WHERE a.id = ANY(%(angsuran)s)
), j AS (
    INSERT INTO buku_jurnal (lkm_id, tahun, urut, tanggal, jenis, uraian, sumber_jenis_id, sumber_id, alasan,
                             dibuat_oleh_id, dibuat_pada)
    SELECT %(lkm)s, 2019, %(urut)s, %(tanggal)s, 'umum', 'lantai', %(ct)s, b.id, '', %(oleh)s, now() FROM b
    RETURNING id
)
INSERT INTO buku_barisjurnal (jurnal_id, lkm_id, akun_id, tanggal, debit, kredit)
SELECT j.id, %(lkm)s, x.akun, %(tanggal)s, x.debit, x.kredit
  FROM j, (VALUES (%(kas)s, 575000, 0), (%(piutang)s, 0, 500000), (%(jasa)s, 0, 75000))
       AS x(akun, debit, kredit)
"""
# pgtrigger.ignore prepends a positional parameter to each statement: pass ours by position too
LANTAI_NAMA = re.findall(r"%\((\w+)\)s", LANTAI_SQL)
LANTAI_SQL_POSISI = re.sub(r"%\(\w+\)s", "%s", LANTAI_SQL)


def _model_riwayat() -> list[type]:
    from kotaku.buku.models import BarisJurnal, Jurnal
    from pinjaman.models import Pembayaran, RincianPembayaran

    return [Pembayaran, RincianPembayaran, Jurnal, BarisJurnal]


def _lantai(pinjaman_ids: list[int], kasir_id: int, nomor_awal: int, tanpa_riwayat: bool = False) -> int:
    """The floor for one client: the same rows (a Pembayaran, its 5 RincianPembayaran, a Jurnal and its 3
    lines) written by ONE statement and a COMMIT per payment, every trigger still firing (balance, closed
    month, history). `tanpa_riwayat` sets the pghistory event triggers aside (pgtrigger.ignore) to price
    history."""
    import contextlib

    import pgtrigger
    from django.contrib.contenttypes.models import ContentType

    from kotaku.buku.models import Akun
    from pinjaman.models import Angsuran, Pembayaran, Pinjaman

    lkm_id = Pinjaman.objects.get(pk=pinjaman_ids[0]).lkm_id
    akun = dict(Akun.objects.filter(lkm_id=lkm_id).values_list("kode", "pk"))
    ct = ContentType.objects.get_for_model(Pembayaran).pk
    angsuran: dict[tuple[int, int], list[int]] = {}
    for pid, ke, aid in Angsuran.objects.filter(pinjaman_id__in=pinjaman_ids).values_list(
        "pinjaman_id", "ke", "pk"
    ):
        angsuran.setdefault((pid, ke), []).append(aid)
    abaikan = (
        pgtrigger.ignore(*(f"{m._meta.label}:insert_insert" for m in _model_riwayat()))
        if tanpa_riwayat
        else contextlib.nullcontext()
    )
    n = 0
    with abaikan:
        for ke in range(1, 11):
            for pid in pinjaman_ids:
                with transaction.atomic(), connection.cursor() as cur:
                    nilai = {
                        "pinjaman": pid,
                        "lkm": lkm_id,
                        "tanggal": tambah_bulan(CAIR, ke),
                        "kunci": f"lantai{ke}",
                        "oleh": kasir_id,
                        "angsuran": angsuran[(pid, ke)],
                        "urut": nomor_awal + n,
                        "ct": ct,
                        "kas": akun["11010"],
                        "piutang": akun["11030"],
                        "jasa": akun["41010"],
                    }
                    cur.execute(LANTAI_SQL_POSISI, [nilai[k] for k in LANTAI_NAMA])
                n += 1
    return n


def _serentak(kerja: Callable[..., int], bagian: list[list[int]], *args: object) -> tuple[int, float]:
    """Run `kerja(bagian[i], *args)` in one forked process per part, each with its own database connection;
    the clock runs from the moment all are ready until the last one ends. Returns (payments, seconds)."""
    import multiprocessing

    from django.db import connections

    klien = len(bagian)
    connections.close_all()  # a forked child must open its own connection, never share the parent's
    ctx = multiprocessing.get_context("fork")
    siap = ctx.Barrier(klien + 1)
    hasil = ctx.Queue()

    def anak(i: int) -> None:
        siap.wait()
        # each client numbers its floor journals in its own range
        n = kerja(bagian[i], *args[:1], *(a + i * 1_000_000 for a in args[1:2]), *args[2:])
        hasil.put((n, time.monotonic()))
        connections.close_all()

    proses = [ctx.Process(target=anak, args=(i,)) for i in range(klien)]
    for pr in proses:
        pr.start()
    siap.wait(timeout=120)
    mulai = time.monotonic()
    keluar: list[tuple[int, float]] = []
    while len(keluar) < klien:
        try:
            keluar.append(hasil.get(timeout=1))
        except queue.Empty:
            if any(pr.exitcode for pr in proses):
                break
    for pr in proses:
        pr.join()
        if pr.exitcode:
            raise RuntimeError(f"Klien bench berhenti dengan kode {pr.exitcode}.")
    return sum(n for n, _ in keluar), max(t for _, t in keluar) - mulai


def _lkm_pembayaran(nama: str) -> tuple[object, dict[str, Pengguna]]:
    lkm = lkm_bench(nama)
    _hapus(lkm)
    with connection.cursor() as cur:  # policies are append-only: the bench clears its own LKM's, triggers off
        cur.execute("SET session_replication_role = replica")
        cur.execute("DELETE FROM kotaku_kebijakan WHERE lkm_id = %s", [lkm.pk])
        cur.execute("SET session_replication_role = DEFAULT")
    Kebijakan.objects.create(
        lkm=lkm,
        berlaku_mulai=date(2009, 1, 1),
        nomor_keputusan="bench",
        tanggal_keputusan=date(2009, 1, 1),
        wajib_tiga_bulan=False,
    )
    return lkm, {p: _pengguna(lkm, p) for p in ORANG}


def bench_pembayaran() -> list[tuple[str, str]]:
    """Payments per second through the collection-sheet service with 1 and 4 clients, beside the floor.

    Clients of ONE LKM take the LKM's journal numbers one after another: the number's row lock is held until
    COMMIT (numbers stay consecutive, no gaps), so their commits - fsync included - cannot overlap. Clients of
    different LKMs never wait for each other."""
    lkm, orang = _lkm_pembayaran("Pembayaran")
    kasir = orang[Peran.KASIR].pk
    n = N_BAYAR // 10  # loans per measurement; each pays its 10 instalments
    pinjaman = _pinjaman_bench(lkm, orang, 5 * n)
    satu, empat, lantai1, lantai4, riwayat = (pinjaman[i * n : (i + 1) * n] for i in range(5))
    per_lkm = []
    for k in range(4):
        lain, orang_lain = _lkm_pembayaran(f"Pembayaran {k + 1}")
        per_lkm.append(_pinjaman_bench(lain, orang_lain, n // 4))

    def bagi(ids: list[int]) -> list[list[int]]:
        return [ids[i::4] for i in range(4)]

    ukur = (
        ("catat_pembayaran (lembar tagih: 5 anggota, jurnal 3 baris), 1 klien", _layanan, [satu], (kasir, 0)),
        ("catat_pembayaran, 4 klien serentak, satu LKM", _layanan, bagi(empat), (kasir, 0)),
        ("catat_pembayaran, 4 klien serentak, 4 LKM", _layanan, per_lkm, (kasir, 0)),
        ("lantai: INSERT baris yang sama + COMMIT, 1 klien", _lantai, [lantai1], (kasir, 10_000_000)),
        ("lantai, 4 klien serentak", _lantai, bagi(lantai4), (kasir, 20_000_000)),
        ("lantai tanpa pemicu riwayat pghistory, 1 klien", _lantai, [riwayat], (kasir, 30_000_000, True)),
    )
    hasil: list[tuple[str, str]] = []
    for judul, kerja, bagian, args in ukur:
        jumlah, detik = _serentak(kerja, bagian, *args)
        hasil.append((f"{judul}, {jumlah:,} pembayaran", f"{detik:,.1f} s = {jumlah / detik:,.0f}/detik"))
    return hasil


def bench_lu02() -> list[tuple[str, str]]:
    """2 000 KSM x 10 members, a 12-month loan each year 2010-2019, paid monthly except some arrears."""
    lkm = lkm_bench("LU02")
    _hapus(lkm)
    user = _pengguna(lkm, Peran.KASIR)
    acak = random.Random(3)
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM ksm_ksm")
        ksm0 = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM ksm_anggota")
        ang0 = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pinjaman_pinjaman")
        p0 = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pinjaman_bagianpinjaman")
        b0 = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pinjaman_angsuran")
        a0 = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pinjaman_pembayaran")
        pb0 = cur.fetchone()[0] + 1
        ksm, ang, pin, bag, angs, bayar, rinci = (io.StringIO() for _ in range(7))
        pid, bid, aid, pbid = p0, b0, a0, pb0
        for k in range(N_KSM):
            kid = ksm0 + k
            ksm.write(
                f"{kid}\t{lkm.pk}\t{lkm.desa_id}\tBench "
                f"{k}\tpinjaman_bergulir\t2009-06-01\t\taktif\t\t\t\t\t\t\t2019-01-01 00:00:00+07\n"
            )
            anggota = [ang0 + k * 10 + j for j in range(10)]
            for j, a in enumerate(anggota):
                ang.write(
                    f"{a}\t{lkm.pk}\t{(3519100000000000 + a) % 10**16:016d}\tA{a}\t{'P' if j % 3 else 'L'}"
                    "\t\t\t\t\t0\thari\tf\tt\n"
                )
            for tahun in range(2010, 2020):
                cair = date(tahun, 1 + k % 12, 1 + k % 28)
                macet = acak.random() < 0.1 and tahun == 2019
                lunas = tambah_bulan(cair, 12)
                status, tgl_lunas = ("lunas", str(lunas)) if lunas <= PER else ("dicairkan", "\\N")
                pin.write(
                    f"{pid}\t{lkm.pk}\t{kid}\t{status}\t{cair}\t12\tbulanan\tflat\t1.500\t100\thalf_up"
                    f"\t{10 * 1_000_000}\t{user.pk}\t{cair}\t11010\t\t\t\t1\t{tgl_lunas}\n"
                )
                pb_ada = False
                for a in anggota:
                    bag.write(f"{bid}\t{pid}\t{a}\t1000000\t1\tf\n")
                    for ke in range(1, 13):
                        tempo = tambah_bulan(cair, ke)
                        angs.write(
                            f"{aid}\t{pid}\t{bid}\t1\t{ke}\t{tempo}\t{83300 if ke < 12 else 83700}\t15000\n"
                        )
                        if tempo <= PER and not (macet and ke > 3):
                            if not pb_ada:
                                bayar.write(
                                    f"{pbid}\t{pid}\t{lkm.pk}\t{tempo}\t1\t1\t0\t11010\tb{pid}\t\t{user.pk}\t"
                                    "2019-01-01 00:00:00+07\n"
                                )
                                pb_ada = True
                            rinci.write(
                                f"{pbid}\t{aid}\t{pid}\t{tempo}\t{83300 if ke < 12 else 83700}\t15000\t1\n"
                            )
                        aid += 1
                    bid += 1
                if pb_ada:
                    pbid += 1
                pid += 1
        mulai = time.perf_counter()
        for tabel, kolom, buf in (
            (
                "ksm_ksm",
                "id, lkm_id, desa_id, nama, jenis, tanggal_berdiri, alamat, status, alasan_status, "
                "nama_bank, "
                "nomor_rekening, penandatangan_1, penandatangan_2, aturan_main, dibuat_pada",
                ksm,
            ),
            (
                "ksm_anggota",
                "id, lkm_id, nik, nama, jenis_kelamin, alamat, nomor_kk, telepon, jenis_usaha, "
                "pendapatan_sebelum, satuan_pendapatan, terdaftar_ps2, aktif",
                ang,
            ),
            (
                "pinjaman_pinjaman",
                "id, lkm_id, ksm_id, status, tanggal_pengajuan, jangka_bulan, frekuensi, metode_jasa, "
                "jasa_persen_per_bulan, satuan_pembulatan, mode_pembulatan, pokok, diajukan_oleh_id, "
                "tanggal_cair, akun_cair, "
                "catatan_verifikasi, catatan_persetujuan, alasan_penolakan, versi_jadwal, tanggal_lunas",
                pin,
            ),
            ("pinjaman_bagianpinjaman", "id, pinjaman_id, anggota_id, pokok, siklus, graduasi", bag),
            ("pinjaman_angsuran", "id, pinjaman_id, bagian_id, versi, ke, jatuh_tempo, pokok, jasa", angs),
            (
                "pinjaman_pembayaran",
                "id, pinjaman_id, lkm_id, tanggal, jumlah, pokok, jasa, akun_kas, kunci, alasan, "
                "dibuat_oleh_id, dibuat_pada",
                bayar,
            ),
            (
                "pinjaman_rincianpembayaran",
                "pembayaran_id, angsuran_id, pinjaman_id, tanggal, pokok, jasa, versi",
                rinci,
            ),
        ):
            buf.seek(0)
            with cur.copy(f"COPY {tabel} ({kolom}) FROM STDIN") as c:
                c.write(buf.read())
        cur.execute("SET session_replication_role = DEFAULT")
        for t in (
            "ksm_ksm",
            "ksm_anggota",
            "pinjaman_pinjaman",
            "pinjaman_bagianpinjaman",
            "pinjaman_angsuran",
            "pinjaman_pembayaran",
        ):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))")
            cur.execute(f"ANALYZE {t}")
        cur.execute("ANALYZE pinjaman_rincianpembayaran")
        muat = time.perf_counter() - mulai
        cur.execute("SELECT COUNT(*) FROM pinjaman_angsuran WHERE pinjaman_id >= %s", [p0])
        n_angs = cur.fetchone()[0]

    def lantai() -> object:
        with connection.cursor() as cur:
            berjalan = "p.lkm_id = %s AND (p.tanggal_lunas IS NULL OR p.tanggal_lunas > %s)"
            cur.execute(
                "SELECT a.pinjaman_id, SUM(a.pokok) FROM pinjaman_angsuran a JOIN pinjaman_pinjaman p ON "
                "p.id = a.pinjaman_id "
                f"WHERE {berjalan} AND a.jatuh_tempo <= %s GROUP BY a.pinjaman_id",
                [lkm.pk, PER, PER],
            )
            x = cur.fetchall()
            cur.execute(
                "SELECT r.pinjaman_id, SUM(r.pokok) FROM pinjaman_rincianpembayaran r JOIN "
                "pinjaman_pinjaman p ON p.id = r.pinjaman_id "
                f"WHERE {berjalan} AND r.tanggal <= %s GROUP BY r.pinjaman_id",
                [lkm.pk, PER, PER],
            )
            return x, cur.fetchall()

    lap = laporan_kolektibilitas(lkm=lkm, per=PER)
    ms = median_ms(lambda: laporan_kolektibilitas(lkm=lkm, per=PER), kali=5)
    ms_lantai = median_ms(lantai, kali=5)
    return [
        (f"muat {N_KSM:,} KSM, {N_KSM * 10:,} anggota, {n_angs:,} angsuran (COPY)", f"{muat:,.1f} s"),
        (f"LU-02 per {PER} ({lap.total_pinjaman:,} pinjaman berjalan)", f"{ms:,.0f} ms (target < 1000 ms)"),
        ("lantai: SUM angsuran jatuh tempo + SUM dibayar per pinjaman", f"{ms_lantai:,.0f} ms"),
        ("rasio LU-02 / lantai", f"{ms / ms_lantai:.2f}x"),
    ]


if __name__ == "__main__":
    # BENCH_HANYA=pembayaran (or lu02) runs one part
    hanya = os.environ.get("BENCH_HANYA", "")
    baris = []
    if hanya in ("", "lu02"):
        baris += bench_lu02()
    if hanya in ("", "pembayaran"):
        baris += bench_pembayaran()
    cetak("Pinjaman (make bench)", baris)
