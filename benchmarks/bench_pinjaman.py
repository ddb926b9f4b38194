"""Loans benchmark: payments per second through the collection-sheet service; LU-02 over 10 years of
instalments."""

from __future__ import annotations

import io
import os
import random
import time
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


def bench_pembayaran() -> list[tuple[str, str]]:
    lkm = lkm_bench("Pembayaran")
    _hapus(lkm)
    Kebijakan.objects.filter(lkm=lkm).delete()
    Kebijakan.objects.create(
        lkm=lkm,
        berlaku_mulai=date(2009, 1, 1),
        nomor_keputusan="bench",
        tanggal_keputusan=date(2009, 1, 1),
        wajib_tiga_bulan=False,
    )
    orang = {
        p: _pengguna(lkm, p)
        for p in (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)
    }
    pinjaman = []
    for i in range(N_BAYAR // 10):
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
                    lkm=lkm,
                    nik=f"35191041058{i:01d}{j:04d}"[-16:].zfill(16),
                    nama=f"A{i}-{j}",
                    jenis_kelamin="P",
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
            tanggal_pengajuan=date(2018, 12, 1),
            jangka_bulan=10,
            frekuensi="bulanan",
            bagian=[services.BagianDiminta(a, 1_000_000) for a in anggota],
            oleh=orang[Peran.PETUGAS_PINJAMAN],
        )
        services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
        services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
        pinjaman.append(
            services.cairkan(pinjaman=p, tanggal=date(2018, 12, 1), kunci="c", oleh=orang[Peran.KASIR])
        )
    mulai = time.perf_counter()
    n = 0
    for ke in range(1, 11):
        for p in pinjaman:
            anggota = list(p.bagian.values_list("anggota_id", flat=True))
            with transaction.atomic():
                services.catat_pembayaran(
                    pinjaman=p,
                    tanggal=tambah_bulan(date(2018, 12, 1), ke),
                    jumlah=575_000,
                    kunci=f"b{ke}",
                    oleh=orang[Peran.KASIR],
                    rincian=[services.BayarAnggota(a, 115_000) for a in anggota],
                )
            n += 1
    detik = time.perf_counter() - mulai
    return [
        (
            f"catat_pembayaran (lembar tagih, 5 anggota, jurnal), {n:,} pembayaran",
            f"{detik:,.1f} s = {n / detik:,.0f}/detik",
        )
    ]


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
    cetak("Pinjaman (make bench)", bench_lu02() + bench_pembayaran())
