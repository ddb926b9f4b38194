"""Dashboards benchmark: a synthetic kabupaten of 300 LKM (20 kecamatan x 15; 8 400 KSM, 44 100 members,
10 years of monthly snapshots = 36 000 rows), the kabupaten and kecamatan dashboards against bare SQL, and the
monthly snapshot of all 300 LKM from real loans and books (30 loans of 5 members per LKM, their instalments,
payments and journals), all loaded with COPY.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from _dasar import cetak, median_ms  # type: ignore[import-not-found]
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kotaku.buku.models import Akun
from kotaku.buku.services import siapkan_akun
from kotaku.models import LKM, Desa, Kabupaten, Kecamatan, Pengguna, Peran, Provinsi
from kotaku.tanggal import akhir_bulan, tambah_bulan
from laporan.kinerja import KOLOM_FAKTA
from laporan.selectors import kinerja_kabupaten, kinerja_kecamatan
from laporan.services import simpan_snapshot

N_KECAMATAN = int(os.environ.get("BENCH_KECAMATAN", "20"))
LKM_PER_KECAMATAN = 15
KSM_PER_LKM = 28  # 7 KSM of 6 members and 21 of 5: 147 members per LKM
PINJAMAN_PER_LKM = 30  # KSM 0 and 1 borrow twice
N_BULAN = 120
PER = date(2019, 11, 30)
NAMA_KABUPATEN = "Bench Dasbor"
WAKTU = "2019-01-01 00:00:00+07"

TABEL_LKM = (
    "laporan_snapshotbulanan",
    "buku_barisjurnal",
    "buku_jurnal",
    "buku_nomorjurnal",
    "buku_periodetutup",
    "buku_akun",
    "kotaku_kebijakan",
    "pinjaman_pembayaran",
    "pinjaman_pinjaman",
    "ksm_anggota",
    "ksm_ksm",
)


def _salin(cur: Any, tabel: str, kolom: str, baris: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a table; `kolom` is its column names separated by spaces."""
    n = 0
    with cur.copy(f"COPY {tabel} ({', '.join(kolom.replace(',', ' ').split())}) FROM STDIN") as c:
        for b in baris:
            c.write_row(b)
            n += 1
    return n


def _id_berikut(cur: Any, tabel: str) -> int:
    cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {tabel}")
    return int(cur.fetchone()[0])


def _bersihkan() -> None:
    """Remove an earlier run's kabupaten and everything under it (triggers off for the clean-up only)."""
    kab = Kabupaten.objects.filter(nama=NAMA_KABUPATEN).first()
    if kab is None:
        return
    ids = list(LKM.objects.filter(desa__kecamatan__kabupaten=kab).values_list("pk", flat=True))
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        pinjaman = "SELECT id FROM pinjaman_pinjaman WHERE lkm_id = ANY(%(l)s)"
        ksm = "SELECT id FROM ksm_ksm WHERE lkm_id = ANY(%(l)s)"
        for sql in (
            f"DELETE FROM pinjaman_rincianpembayaran WHERE pinjaman_id IN ({pinjaman})",
            f"DELETE FROM pinjaman_angsuran WHERE pinjaman_id IN ({pinjaman})",
            f"DELETE FROM pinjaman_bagianpinjaman WHERE pinjaman_id IN ({pinjaman})",
            f"DELETE FROM ksm_keanggotaan WHERE ksm_id IN ({ksm})",
            "DELETE FROM kotaku_pengguna_lkm WHERE lkm_id = ANY(%(l)s)",
            *(f"DELETE FROM {t} WHERE lkm_id = ANY(%(l)s)" for t in TABEL_LKM),
            "DELETE FROM kotaku_lkm WHERE id = ANY(%(l)s)",
            "DELETE FROM kotaku_desa WHERE kecamatan_id IN "
            "(SELECT id FROM kotaku_kecamatan WHERE kabupaten_id = %(k)s)",
            "DELETE FROM kotaku_kecamatan WHERE kabupaten_id = %(k)s",
            "DELETE FROM kotaku_kabupaten WHERE id = %(k)s",
        ):
            cur.execute(sql, {"l": ids, "k": kab.pk})
        cur.execute("SET session_replication_role = DEFAULT")


def _organisasi() -> tuple[Kabupaten, list[Kecamatan], list[LKM]]:
    prov, _ = Provinsi.objects.get_or_create(nama="Provinsi Bench")
    kab = Kabupaten.objects.create(provinsi=prov, nama=NAMA_KABUPATEN)
    kecamatan = Kecamatan.objects.bulk_create(
        [Kecamatan(kabupaten=kab, nama=f"Kecamatan {i + 1:02d}") for i in range(N_KECAMATAN)]
    )
    desa = Desa.objects.bulk_create(
        [
            Desa(kecamatan=k, nama=f"Desa {k.nama[-2:]}-{j + 1:02d}")
            for k in kecamatan
            for j in range(LKM_PER_KECAMATAN)
        ]
    )
    lkm = LKM.objects.bulk_create([LKM(desa=d, nama=f"LKM {d.nama}") for d in desa])
    for x in lkm:
        siapkan_akun(x)
    return kab, kecamatan, lkm


def _ksm_dan_anggota(cur: Any, lkm: list[LKM]) -> dict[int, list[list[int]]]:
    """28 KSM per LKM with 5 or 6 members each; returns {lkm_id: [member ids of each KSM]}."""
    ksm0, ang0 = _id_berikut(cur, "ksm_ksm"), _id_berikut(cur, "ksm_anggota")
    ksm, anggota, keanggotaan = [], [], []
    hasil: dict[int, list[list[int]]] = {}
    kid, aid = ksm0, ang0
    for x in lkm:
        hasil[x.pk] = []
        for k in range(KSM_PER_LKM):
            ksm.append(
                (
                    kid,
                    x.pk,
                    x.desa_id,
                    f"KSM {k + 1}",
                    "pinjaman_bergulir",
                    date(2015, 1, 1),
                    "",
                    "aktif",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    WAKTU,
                )
            )
            ids = []
            for _ in range(6 if k < 7 else 5):
                anggota.append(
                    (
                        aid,
                        x.pk,
                        f"{3519000000000000 + aid:016d}",
                        f"Anggota {aid}",
                        "P" if (aid % 10) < 7 else "L",
                        "",
                        "",
                        "",
                        "",
                        0,
                        "bulan",
                        False,
                        True,
                    )
                )
                keanggotaan.append((kid, aid, "anggota", date(2015, 1, 1), "", date(2015, 1, 1), True))
                ids.append(aid)
                aid += 1
            hasil[x.pk].append(ids)
            kid += 1
    _salin(
        cur,
        "ksm_ksm",
        "id lkm_id desa_id nama jenis tanggal_berdiri alamat status alasan_status nama_bank "
        "nomor_rekening, penandatangan_1, penandatangan_2, aturan_main, dibuat_pada",
        ksm,
    )
    _salin(
        cur,
        "ksm_anggota",
        "id lkm_id nik nama jenis_kelamin alamat nomor_kk telepon jenis_usaha pendapatan_sebelum "
        "satuan_pendapatan terdaftar_ps2 aktif",
        anggota,
    )
    _salin(
        cur,
        "ksm_keanggotaan",
        "ksm_id anggota_id peran tanggal_bergabung alasan_keluar tanggal_tanggung_renteng pinjaman_bergulir",
        keanggotaan,
    )
    return hasil


def _pinjaman_dan_buku(
    cur: Any, lkm: list[LKM], anggota: dict[int, list[list[int]]], user: int
) -> dict[str, int]:
    """30 loans per LKM (5 members x 1.000.000, 10 months flat 1,5%), disbursed Dec 2018..Nov 2019; about 1 in
    7 stops paying after a few instalments. Each disbursement and payment posts its journal; plus the LKM's
    capital and a monthly incentive cost."""
    acak = random.Random(12)
    akun = {(a.lkm_id, a.kode): a.pk for a in Akun.objects.filter(lkm__in=lkm)}
    ksm_id = dict(
        ((r[0], r[1]), r[2])
        for r in _rows(
            cur, "SELECT lkm_id, nama, id FROM ksm_ksm WHERE lkm_id = ANY(%s)", [[x.pk for x in lkm]]
        )
    )
    pid, bid, angid, pbid, jid = (
        _id_berikut(cur, t)
        for t in (
            "pinjaman_pinjaman",
            "pinjaman_bagianpinjaman",
            "pinjaman_angsuran",
            "pinjaman_pembayaran",
            "buku_jurnal",
        )
    )
    pinjaman, bagian, angsuran, bayar, rincian, jurnal, baris = [], [], [], [], [], [], []
    for x in lkm:
        urut: dict[int, int] = {}

        def jurnal_baru(
            tanggal: date,
            uraian: str,
            garis: list[tuple[str, int, int]],
            lkm_id: int = x.pk,
            urut: dict[int, int] = urut,
        ) -> None:
            nonlocal jid
            urut[tanggal.year] = urut.get(tanggal.year, 0) + 1
            jurnal.append((jid, lkm_id, tanggal.year, urut[tanggal.year], tanggal, "umum", uraian, "", WAKTU))
            for kode, d, k in garis:
                baris.append((jid, lkm_id, akun[(lkm_id, kode)], tanggal, d, k))
            jid += 1

        jurnal_baru(date(2017, 1, 2), "Modal program", [("11021", 200_000_000, 0), ("31020", 0, 200_000_000)])
        for bulan in range(24):
            hari = date(2018, 1, 25) if bulan == 0 else tambah_bulan(date(2018, 1, 25), bulan)
            if hari <= PER:
                jurnal_baru(hari, "Insentif UPK", [("51010", 750_000, 0), ("11021", 0, 750_000)])
        for j in range(PINJAMAN_PER_LKM):
            k = j if j < KSM_PER_LKM else j - KSM_PER_LKM
            ang = anggota[x.pk][k][:5]
            cair = (
                tambah_bulan(date(2018, 12, 1), j % 12, hari=1 + (x.pk + j) % 28)
                if j < KSM_PER_LKM
                else tambah_bulan(date(2019, 10, 1), 0, hari=1 + j % 28)
            )
            if cair > PER:
                continue
            berhenti = acak.randrange(1, 8) if acak.random() < 0.15 else 99
            jadwal = [tambah_bulan(cair, n, hari=cair.day) for n in range(1, 11)]
            dibayar = [t for n, t in enumerate(jadwal, start=1) if t <= PER and n < berhenti]
            lunas = len(dibayar) == 10
            pinjaman.append(
                (
                    pid,
                    x.pk,
                    ksm_id[(x.pk, f"KSM {k + 1}")],
                    "lunas" if lunas else "dicairkan",
                    cair,
                    10,
                    "bulanan",
                    "flat",
                    "1.500",
                    100,
                    "half_up",
                    5_000_000,
                    user,
                    cair,
                    "11010",
                    "",
                    "",
                    "",
                    1,
                    dibayar[-1] if lunas else None,
                )
            )
            jurnal_baru(cair, f"Pencairan #{pid}", [("11030", 5_000_000, 0), ("11010", 0, 5_000_000)])
            angsuran_id = []
            for a in ang:
                bagian.append((bid, pid, a, 1_000_000, 1, False))
                ids = []
                for n, t in enumerate(jadwal, start=1):
                    angsuran.append((angid, pid, bid, 1, n, t, 100_000, 15_000))
                    ids.append(angid)
                    angid += 1
                angsuran_id.append(ids)
                bid += 1
            for n, t in enumerate(dibayar):
                bayar.append(
                    (pbid, pid, x.pk, t, 575_000, 500_000, 75_000, "11010", f"b{n}", "", user, WAKTU)
                )
                for ids in angsuran_id:
                    rincian.append((pbid, ids[n], pid, t, 100_000, 15_000, 1))
                jurnal_baru(
                    t,
                    f"Angsuran #{pid}",
                    [("11010", 575_000, 0), ("11030", 0, 500_000), ("41010", 0, 75_000)],
                )
                pbid += 1
            pid += 1
    jumlah = {}
    jumlah["pinjaman"] = _salin(
        cur,
        "pinjaman_pinjaman",
        "id lkm_id ksm_id status tanggal_pengajuan jangka_bulan frekuensi metode_jasa jasa_persen_per_bulan "
        "satuan_pembulatan mode_pembulatan pokok diajukan_oleh_id tanggal_cair akun_cair catatan_verifikasi "
        "catatan_persetujuan alasan_penolakan versi_jadwal tanggal_lunas",
        pinjaman,
    )
    _salin(cur, "pinjaman_bagianpinjaman", "id pinjaman_id anggota_id pokok siklus graduasi", bagian)
    jumlah["angsuran"] = _salin(
        cur, "pinjaman_angsuran", "id pinjaman_id bagian_id versi ke jatuh_tempo pokok jasa", angsuran
    )
    _salin(
        cur,
        "pinjaman_pembayaran",
        "id pinjaman_id lkm_id tanggal jumlah pokok jasa akun_kas kunci alasan dibuat_oleh_id dibuat_pada",
        bayar,
    )
    jumlah["rincian"] = _salin(
        cur,
        "pinjaman_rincianpembayaran",
        "pembayaran_id angsuran_id pinjaman_id tanggal pokok jasa versi",
        rincian,
    )
    _salin(cur, "buku_jurnal", "id lkm_id tahun urut tanggal jenis uraian alasan dibuat_pada", jurnal)
    jumlah["baris jurnal"] = _salin(
        cur, "buku_barisjurnal", "jurnal_id lkm_id akun_id tanggal debit kredit", baris
    )
    return jumlah


def _rows(cur: Any, sql: str, param: list[Any]) -> list[tuple[Any, ...]]:
    cur.execute(sql, param)
    return list(cur.fetchall())


def _snapshot_sintetis(cur: Any, lkm: list[LKM]) -> int:
    """120 month ends per LKM, figures consistent with the indicator rules (a growing, mostly sound fund)."""
    acak = random.Random(7)
    bulan = [akhir_bulan(tambah_bulan(PER.replace(day=1), -i)) for i in range(N_BULAN - 1, -1, -1)]
    baris = []
    for x in lkm:
        skala = acak.uniform(0.5, 2.0)
        for i, per in enumerate(bulan):
            o = int(skala * (60_000_000 + 1_500_000 * i) * acak.uniform(0.95, 1.05))
            ob = int(o * acak.uniform(0.0, 0.3))
            tb = int(ob * acak.uniform(0.2, 0.6))
            kol = [o - ob - ob // 2, ob // 2, ob // 3, ob // 4, ob - ob // 3 - ob // 4]
            tunggak = [0, ob // 20, tb // 3, tb // 3, tb - 2 * (tb // 3)]
            ksm = 20 + i // 12
            menunggak = max(1, ksm * ob // max(o, 1)) if ob else 0
            pend = int(o * 0.015 * per.month * acak.uniform(0.8, 1.1))
            biaya = int(pend * acak.uniform(0.5, 1.2))
            cad = int(biaya * 0.1)
            baris.append(
                (
                    x.pk,
                    per,
                    WAKTU,
                    o,
                    ob,
                    tb,
                    ksm,
                    menunggak,
                    ksm + 2,
                    *kol,
                    *tunggak,
                    o // 200,
                    o // 220,
                    int(o * 0.1),
                    3,
                    int(o * 0.09),
                    int(o * 0.013),
                    pend // per.month,
                    biaya // per.month,
                    per.month,
                    pend,
                    biaya,
                    int(pend * 0.95),
                    biaya - cad,
                    0,
                    cad,
                    o * per.month,
                    int(o * 0.3),
                    150_000_000,
                    int(o * 4),
                    int(o * 3.6),
                    147,
                    103,
                    140,
                    28,
                    8,
                    12,
                    6,
                )
            )
    return _salin(
        cur,
        "laporan_snapshotbulanan",
        "lkm_id per dihitung_pada " + " ".join(KOLOM_FAKTA),
        baris,
    )


def _halaman(klien: Client, url: str) -> tuple[float, int]:
    r = klien.get(url, secure=True)
    assert r.status_code == 200, (url, r.status_code)
    with CaptureQueriesContext(connection) as q:
        klien.get(url, secure=True)
    kueri = len(q)  # now: the log is read lazily and the next request clears it
    return median_ms(lambda: klien.get(url, secure=True), kali=7), kueri


def _lantai(sql: str, param: dict[str, Any]) -> float:
    def jalan() -> object:
        with connection.cursor() as cur:
            cur.execute(sql, param)
            return cur.fetchall()

    return median_ms(jalan, kali=7)


def bench_dasbor() -> list[tuple[str, str]]:
    _bersihkan()
    mulai = time.perf_counter()
    kab, kecamatan, lkm = _organisasi()
    admin, _ = Pengguna.objects.get_or_create(username="bench-admin", defaults={"peran": Peran.ADMIN})
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # bulk load: rows consistent by construction
        anggota = _ksm_dan_anggota(cur, lkm)
        jumlah = _pinjaman_dan_buku(cur, lkm, anggota, admin.pk)
        n_snapshot = _snapshot_sintetis(cur, lkm)
        cur.execute("SET session_replication_role = DEFAULT")
        for t in (
            "ksm_ksm",
            "ksm_anggota",
            "pinjaman_pinjaman",
            "pinjaman_bagianpinjaman",
            "pinjaman_angsuran",
            "pinjaman_pembayaran",
            "buku_jurnal",
            "laporan_snapshotbulanan",
        ):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))")
        for t in (
            "ksm_ksm",
            "ksm_anggota",
            "ksm_keanggotaan",
            "pinjaman_pinjaman",
            "pinjaman_bagianpinjaman",
            "pinjaman_angsuran",
            "pinjaman_pembayaran",
            "pinjaman_rincianpembayaran",
            "buku_jurnal",
            "buku_barisjurnal",
            "laporan_snapshotbulanan",
        ):
            cur.execute(f"ANALYZE {t}")
        cur.execute("SELECT COUNT(*) FROM ksm_ksm WHERE lkm_id = ANY(%s)", [[x.pk for x in lkm]])
        n_ksm = cur.fetchone()[0]
        cur.execute("SELECT COUNT(*) FROM ksm_anggota WHERE lkm_id = ANY(%s)", [[x.pk for x in lkm]])
        n_anggota = cur.fetchone()[0]
    muat = time.perf_counter() - mulai

    klien = Client()
    klien.force_login(admin)
    bulan = f"bulan={PER:%Y-%m}"
    ms_kab, q_kab = _halaman(klien, f"/laporan/kabupaten/{kab.pk}/?{bulan}")
    kec = kecamatan[0]
    ms_kec, q_kec = _halaman(klien, f"/laporan/kecamatan/{kec.pk}/?{bulan}")
    ms_kec_urut, _ = _halaman(klien, f"/laporan/kecamatan/{kec.pk}/?{bulan}&urut=-par")
    satu = lkm[0]
    ms_lkm, q_lkm = _halaman(klien, f"/laporan/lkm/{satu.pk}/?{bulan}&rentang=36")
    ms_sel_kab = median_ms(lambda: kinerja_kabupaten(user=admin, kabupaten=kab, per=PER), kali=7)
    ms_sel_kec = median_ms(lambda: kinerja_kecamatan(user=admin, kecamatan=kec, per=PER), kali=7)
    jumlah_kolom = ", ".join(
        f"SUM(s.{k})"
        for k in (
            "outstanding",
            "outstanding_berisiko",
            "tunggakan_berisiko",
            "ksm_aktif",
            "ksm_menunggak",
            "pendapatan",
            "biaya",
            "modal",
            "jumlah_outstanding_bulanan",
        )
    )
    lantai_kab = _lantai(
        f"SELECT d.kecamatan_id, COUNT(*), {jumlah_kolom} FROM laporan_snapshotbulanan s "
        "JOIN kotaku_lkm l ON l.id = s.lkm_id JOIN kotaku_desa d ON d.id = l.desa_id "
        "JOIN kotaku_kecamatan k ON k.id = d.kecamatan_id WHERE k.kabupaten_id = %(kab)s AND s.per = %(per)s "
        "GROUP BY d.kecamatan_id",
        {"kab": kab.pk, "per": PER},
    )
    lantai_kec = _lantai(
        "SELECT s.* FROM laporan_snapshotbulanan s JOIN kotaku_lkm l ON l.id = s.lkm_id "
        "JOIN kotaku_desa d ON d.id = l.desa_id WHERE d.kecamatan_id = %(kec)s AND s.per = %(per)s",
        {"kec": kec.pk, "per": PER},
    )
    ids = [x.pk for x in lkm]
    mulai = time.perf_counter()
    simpan_snapshot(lkm_ids=ids, per=PER)
    detik_snapshot = time.perf_counter() - mulai
    # The same heavy aggregates in bare SQL: instalments due and pokok paid per loan, lines per LKM, account.
    mulai = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT a.pinjaman_id, SUM(a.pokok) FILTER (WHERE a.jatuh_tempo <= %(per)s) "
            "FROM pinjaman_angsuran a JOIN pinjaman_pinjaman p ON p.id = a.pinjaman_id "
            "WHERE p.lkm_id = ANY(%(l)s) GROUP BY a.pinjaman_id",
            {"per": PER, "l": ids},
        )
        cur.fetchall()
        cur.execute(
            "SELECT r.pinjaman_id, SUM(r.pokok) FROM pinjaman_rincianpembayaran r "
            "JOIN pinjaman_pinjaman p ON p.id = r.pinjaman_id "
            "WHERE p.lkm_id = ANY(%(l)s) AND r.tanggal <= %(per)s GROUP BY r.pinjaman_id",
            {"per": PER, "l": ids},
        )
        cur.fetchall()
        cur.execute(
            "SELECT lkm_id, akun_id, SUM(debit), SUM(kredit) FROM buku_barisjurnal WHERE lkm_id = ANY(%(l)s) "
            "AND tanggal <= %(per)s GROUP BY lkm_id, akun_id",
            {"per": PER, "l": ids},
        )
        cur.fetchall()
    lantai_snapshot = time.perf_counter() - mulai
    per_kab = LKM_PER_KECAMATAN * N_KECAMATAN
    return [
        (
            f"muat {per_kab} LKM, {n_ksm:,} KSM, {n_anggota:,} anggota, {jumlah['pinjaman']:,} pinjaman, "
            f"{jumlah['angsuran']:,} angsuran, {jumlah['baris jurnal']:,} baris jurnal, "
            f"{n_snapshot:,} snapshot",
            f"{muat:,.1f} s",
        ),
        (
            f"dasbor kabupaten ({N_KECAMATAN} kecamatan, {per_kab} LKM), halaman utuh",
            f"{ms_kab:,.0f} ms, {q_kab} kueri (target < 1000 ms)",
        ),
        (
            "  selektor saja (kinerja_kabupaten: jumlah per kecamatan, indikator, peringkat)",
            f"{ms_sel_kab:,.1f} ms",
        ),
        ("  lantai: SUM snapshot per kecamatan, SQL polos", f"{lantai_kab:,.1f} ms"),
        (
            f"dasbor kecamatan ({LKM_PER_KECAMATAN} LKM), halaman utuh",
            f"{ms_kec:,.0f} ms, {q_kec} kueri (target < 1000 ms)",
        ),
        ("  diurutkan menurut PAR (turun)", f"{ms_kec_urut:,.0f} ms"),
        ("  selektor saja (kinerja_kecamatan)", f"{ms_sel_kec:,.1f} ms"),
        ("  lantai: snapshot 15 LKM, SQL polos", f"{lantai_kec:,.1f} ms"),
        ("dasbor LKM, grafik 36 bulan + KSM menunggak (posisi langsung)", f"{ms_lkm:,.0f} ms, {q_lkm} kueri"),
        (f"snapshot satu bulan, {per_kab} LKM, satu proses", f"{detik_snapshot:,.1f} s (target < 60 s)"),
        (
            "  lantai: angsuran jatuh tempo + pokok dibayar per pinjaman + baris jurnal per akun, SQL polos",
            f"{lantai_snapshot:,.1f} s",
        ),
    ]


if __name__ == "__main__":
    cetak("Dasbor dan snapshot (make bench)", bench_dasbor())
