"""Maturity benchmark: the proposal (ten indicators, total, stage) of 2 000 KSM from their records, in one go.

Every KSM has 8 members (one left during the year), 18 meetings in 12 months (twice a month in the 6-month
window) with attendance and savings at each, two book checks, two partner activities, a loan repaid in 2018
and a running 2019 loan (10% of them in arrears). Target (issue 11): < 2 s for 2 000 KSM.
"""

from __future__ import annotations

import io
import os
import random
import time
from datetime import date

from _dasar import cetak, lkm_bench, median_ms  # type: ignore[import-not-found]
from django.db import connection

from kotaku.models import Pengguna, Peran
from kotaku.tanggal import tambah_bulan
from laporan.tahap import fakta_tahap_banyak, usulan_tahap_banyak

N_KSM = int(os.environ.get("BENCH_KSM", "2000"))
ANGGOTA = 8
PER = date(2019, 11, 30)

_KSM_LKM = "(SELECT id FROM ksm_ksm WHERE lkm_id = %s)"
_PINJAMAN_LKM = "(SELECT id FROM pinjaman_pinjaman WHERE lkm_id = %s)"
_HAPUS = (
    f"DELETE FROM pinjaman_rincianpembayaran WHERE pinjaman_id IN {_PINJAMAN_LKM}",
    "DELETE FROM pinjaman_pembayaran WHERE lkm_id = %s",
    f"DELETE FROM pinjaman_angsuran WHERE pinjaman_id IN {_PINJAMAN_LKM}",
    f"DELETE FROM pinjaman_bagianpinjaman WHERE pinjaman_id IN {_PINJAMAN_LKM}",
    "DELETE FROM pinjaman_pinjaman WHERE lkm_id = %s",
    f"DELETE FROM ksm_transaksitabungan WHERE ksm_id IN {_KSM_LKM}",
    f"DELETE FROM ksm_kehadiran WHERE pertemuan_id IN "
    f"(SELECT id FROM ksm_pertemuan WHERE ksm_id IN {_KSM_LKM})",
    f"DELETE FROM ksm_pertemuan WHERE ksm_id IN {_KSM_LKM}",
    f"DELETE FROM ksm_pemeriksaanbuku WHERE ksm_id IN {_KSM_LKM}",
    f"DELETE FROM ksm_kegiatanmitra WHERE ksm_id IN {_KSM_LKM}",
    f"DELETE FROM ksm_keanggotaan WHERE ksm_id IN {_KSM_LKM}",
    "DELETE FROM ksm_anggota WHERE lkm_id = %s",
    "DELETE FROM ksm_ksm WHERE lkm_id = %s",
)

_KOLOM = {
    "ksm_ksm": "id, lkm_id, desa_id, nama, jenis, tanggal_berdiri, alamat, status, alasan_status, nama_bank, "
    "nomor_rekening, penandatangan_1, penandatangan_2, aturan_main, tanggal_aturan_main, "
    "tanggal_tinjau_aturan_main, dibuat_pada",
    "ksm_anggota": "id, lkm_id, nik, nama, jenis_kelamin, alamat, nomor_kk, telepon, jenis_usaha, "
    "pendapatan_sebelum, satuan_pendapatan, terdaftar_ps2, aktif",
    "ksm_keanggotaan": "ksm_id, anggota_id, peran, tanggal_bergabung, tanggal_keluar, alasan_keluar, "
    "tanggal_tanggung_renteng, pinjaman_bergulir",
    "ksm_pertemuan": "id, ksm_id, tanggal, tempat, agenda, notulen, perkara_kritis, keputusan, kunci",
    "ksm_kehadiran": "pertemuan_id, anggota_id, status",
    "ksm_transaksitabungan": "ksm_id, anggota_id, pertemuan_id, tanggal, jumlah, melalui, kunci, dibuat_pada",
    "ksm_pemeriksaanbuku": "ksm_id, tanggal, hasil, catatan, oleh_id",
    "ksm_kegiatanmitra": "ksm_id, mitra, jenis, tanggal, catatan",
    "pinjaman_pinjaman": "id, lkm_id, ksm_id, status, tanggal_pengajuan, jangka_bulan, frekuensi, "
    "metode_jasa, jasa_persen_per_bulan, satuan_pembulatan, mode_pembulatan, pokok, diajukan_oleh_id, "
    "tanggal_cair, akun_cair, catatan_verifikasi, catatan_persetujuan, alasan_penolakan, versi_jadwal, "
    "tanggal_lunas",
    "pinjaman_bagianpinjaman": "id, pinjaman_id, anggota_id, pokok, siklus, graduasi",
    "pinjaman_angsuran": "id, pinjaman_id, bagian_id, versi, ke, jatuh_tempo, pokok, jasa",
    "pinjaman_pembayaran": "id, pinjaman_id, lkm_id, tanggal, jumlah, pokok, jasa, akun_kas, kunci, alasan, "
    "dibuat_oleh_id, dibuat_pada",
    "pinjaman_rincianpembayaran": "pembayaran_id, angsuran_id, pinjaman_id, tanggal, pokok, jasa, versi",
}
_ID = (
    "ksm_ksm",
    "ksm_anggota",
    "ksm_pertemuan",
    "pinjaman_pinjaman",
    "pinjaman_bagianpinjaman",
    "pinjaman_angsuran",
    "pinjaman_pembayaran",
)


def _muat() -> tuple[list[int], float, dict[str, int]]:
    lkm = lkm_bench("Tahap")
    user, _ = Pengguna.objects.get_or_create(
        username=f"bench-tahap-{lkm.pk}", defaults={"peran": Peran.MANAJER_UPK}
    )
    acak = random.Random(11)
    buf = {t: io.StringIO() for t in _KOLOM}
    n = {t: 0 for t in _KOLOM}

    def tulis(tabel: str, *nilai: object) -> None:
        buf[tabel].write("\t".join("\\N" if v is None else str(v) for v in nilai) + "\n")
        n[tabel] += 1

    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        for sql in _HAPUS:
            cur.execute(sql, [lkm.pk])
        awal = {}
        for t in _ID:
            cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {t}")
            awal[t] = cur.fetchone()[0]
        ids = dict(awal)

        def baru(tabel: str) -> int:
            ids[tabel] += 1
            return ids[tabel] - 1

        ksm_ids = []
        for k in range(N_KSM):
            kid = baru("ksm_ksm")
            ksm_ids.append(kid)
            rekening = k % 3 != 0
            tulis(
                "ksm_ksm",
                kid,
                lkm.pk,
                lkm.desa_id,
                f"Bench {k}",
                "pinjaman_bergulir",
                "2015-01-01",
                "",
                "aktif",
                "",
                "BRI" if rekening else "",
                f"1234-{k}" if rekening else "",
                "Ketua" if rekening else "",
                "Bendahara" if k % 2 else "",
                "aturan",
                "2015-01-01",
                "2019-02-01" if k % 2 else None,
                "2019-01-01 00:00:00+07",
            )
            anggota = [baru("ksm_anggota") for _ in range(ANGGOTA)]
            for j, a in enumerate(anggota):
                tulis(
                    "ksm_anggota",
                    a,
                    lkm.pk,
                    f"{(3519200000000000 + a) % 10**16:016d}",
                    f"A{a}",
                    "P",
                    "",
                    "",
                    "",
                    "",
                    0,
                    "hari",
                    "f",
                    "t",
                )
                keluar = "2019-08-31" if j == ANGGOTA - 1 and k % 4 == 0 else None
                tulis("ksm_keanggotaan", kid, a, "anggota", "2015-01-01", keluar, "", "2015-01-01", "t")
            tanggal_rapat = [
                date(2018, 12, 10),
                date(2019, 1, 10),
                date(2019, 2, 10),
                date(2019, 3, 10),
                date(2019, 4, 10),
                date(2019, 5, 10),
            ]
            for b in range(6, 12):
                tanggal_rapat += [date(2019, b, 5), date(2019, b, 19)]
            for t in tanggal_rapat:
                pid = baru("ksm_pertemuan")
                kritis = "anggota menunggak" if acak.random() < 0.2 else ""
                agenda = "angsuran dan tabungan" if acak.random() < 0.9 else ""
                tulis("ksm_pertemuan", pid, kid, t, "", agenda, "", kritis, "", "")
                for a in anggota:
                    hadir = acak.random() < 0.85
                    tulis("ksm_kehadiran", pid, a, "hadir" if hadir else "absen")
                    if hadir:
                        tulis(
                            "ksm_transaksitabungan",
                            kid,
                            a,
                            pid,
                            t,
                            5000,
                            "kas",
                            f"b{pid}-{a}",
                            "2019-01-01 00:00:00+07",
                        )
            tulis("ksm_pemeriksaanbuku", kid, "2018-11-10", "sesuai", "", user.pk)
            tulis(
                "ksm_pemeriksaanbuku",
                kid,
                "2019-09-10",
                acak.choice(["sesuai", "catatan_kecil"]),
                "",
                user.pk,
            )
            tulis("ksm_kegiatanmitra", kid, "Dinas", "pelatihan", "2019-03-01", "")
            tulis("ksm_kegiatanmitra", kid, "Toko", "pemasaran", "2018-05-01", "")
            macet = acak.random() < 0.1
            for cair, status, lunas in (
                (date(2018, 1, 15), "lunas", "2019-01-15"),
                (date(2019, 3, 15), "dicairkan", None),
            ):
                pin = baru("pinjaman_pinjaman")
                tulis(
                    "pinjaman_pinjaman",
                    pin,
                    lkm.pk,
                    kid,
                    status,
                    cair,
                    12,
                    "bulanan",
                    "flat",
                    "1.500",
                    100,
                    "half_up",
                    ANGGOTA * 1_200_000,
                    user.pk,
                    cair,
                    "11010",
                    "",
                    "",
                    "",
                    1,
                    lunas,
                )
                bayar = baru("pinjaman_pembayaran")
                tulis(
                    "pinjaman_pembayaran",
                    bayar,
                    pin,
                    lkm.pk,
                    cair,
                    1,
                    1,
                    0,
                    "11010",
                    f"b{pin}",
                    "",
                    user.pk,
                    "2019-01-01 00:00:00+07",
                )
                for a in anggota:
                    bag = baru("pinjaman_bagianpinjaman")
                    tulis("pinjaman_bagianpinjaman", bag, pin, a, 1_200_000, 1, "f")
                    for ke in range(1, 13):
                        tempo = tambah_bulan(cair, ke)
                        aid = baru("pinjaman_angsuran")
                        tulis("pinjaman_angsuran", aid, pin, bag, 1, ke, tempo, 100_000, 18_000)
                        if tempo <= PER and not (status == "dicairkan" and macet and ke > 4):
                            tulis("pinjaman_rincianpembayaran", bayar, aid, pin, tempo, 100_000, 18_000, 1)
        mulai = time.perf_counter()
        for tabel, kolom in _KOLOM.items():
            buf[tabel].seek(0)
            with cur.copy(f"COPY {tabel} ({kolom}) FROM STDIN") as c:
                c.write(buf[tabel].read())
        cur.execute("SET session_replication_role = DEFAULT")
        for t in _ID:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))")
        for t in _KOLOM:  # a database in steady state: statistics fresh, visibility map set
            cur.execute(f"VACUUM (ANALYZE) {t}")
        muat = time.perf_counter() - mulai
    return ksm_ids, muat, n


def bench_tahap() -> list[tuple[str, str]]:
    ksm_ids, muat, n = _muat()
    kueri: list[str] = []
    with connection.execute_wrapper(lambda eksekusi, sql, *a: kueri.append(sql) or eksekusi(sql, *a)):
        usulan = usulan_tahap_banyak(ksm_ids, PER)
    ms_fakta = median_ms(lambda: fakta_tahap_banyak(ksm_ids, PER), kali=5)
    ms = median_ms(lambda: usulan_tahap_banyak(ksm_ids, PER), kali=5)
    tahap = {t: sum(1 for h in usulan.values() if h.tahap == t) for t in ("tunas", "tumbuh", "kembang")}
    return [
        (
            f"muat {N_KSM:,} KSM: {n['ksm_pertemuan']:,} pertemuan, {n['ksm_kehadiran']:,} kehadiran, "
            f"{n['ksm_transaksitabungan']:,} tabungan, {n['pinjaman_angsuran']:,} angsuran (COPY)",
            f"{muat:,.1f} s",
        ),
        (f"fakta_tahap_banyak, {N_KSM:,} KSM per {PER}", f"{ms_fakta:,.0f} ms"),
        (
            f"usulan_tahap_banyak (fakta + 10 indikator + tahap), {N_KSM:,} KSM, {len(kueri)} kueri",
            f"{ms:,.0f} ms (target < 2000 ms)",
        ),
        ("sebaran usulan", ", ".join(f"{k} {v:,}" for k, v in tahap.items())),
    ]


if __name__ == "__main__":
    cetak("Tahap KSM (make bench)", bench_tahap())
