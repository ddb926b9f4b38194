"""Jiwan demo: the fasilitator's assessment history of every KSM, 2018-2019 (part of `seed_demo`, last).

Five rounds (June and December 2018, June, September and November 2019); in each round the fasilitator visits
one desa a day. Every assessment starts from the proposal computed from the records as of its date (the fact
query of `laporan.tahap` and `ksm.tahap.nilai_tahap`), so whatever meetings, savings, loans and Panca Sutra
records the demo holds, the history is consistent with them. The fasilitator confirms most scores and changes
a few, each with a note (the service refuses a change without one). KSM Laris Jaya's scores are all
confirmed. Deterministic (random.Random(1911)); idempotent (KSMs already assessed are skipped).
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from kotaku.models import Pengguna
from ksm.models import KSM, Penilaian
from ksm.penilaian import catat_penilaian
from laporan.tahap import usulan_tahap_banyak

FASILITATOR = "fasilitator.jiwan"
LARIS_JAYA = "Laris Jaya"
# (year, month, first day): desa number i (alphabetical) is visited on first day + i.
PUTARAN = ((2018, 6, 4), (2018, 12, 3), (2019, 6, 10), (2019, 9, 9), (2019, 11, 11))
PELUANG_UBAH = 0.12
# What the fasilitator saw on a visit that the records do not show: (indicator, change, note).
UBAHAN = (
    (2, -1, "Saat kunjungan hanya sebagian anggota hadir; daftar hadir diisi belakangan."),
    (3, 1, "Agenda tertulis di buku notulen kelompok, belum dimasukkan ke aplikasi."),
    (7, 1, "Buku kas kelompok diperiksa saat kunjungan: rapi dan cocok dengan kuitansi."),
    (7, -1, "Buku kas kelompok belum diisi sejak dua pertemuan terakhir."),
    (9, 1, "Kelompok ikut pameran UMKM kecamatan; belum dicatat sebagai kegiatan mitra."),
    (10, 1, "Masalah anggota menunggak dibahas dalam pertemuan tetapi tidak dicatat."),
    (10, -1, "Perkara yang dicatat hanya kabar rutin, bukan masalah kelompok."),
)


@transaction.atomic
def buat_demo_tahap() -> dict[str, int]:
    """Assess every Jiwan KSM in each round after its founding; returns how many assessments were made."""
    oleh = Pengguna.objects.filter(username=FASILITATOR).first()
    if oleh is None:
        return {"penilaian": 0}
    semua = list(
        KSM.objects.filter(lkm__desa__kecamatan__nama="Jiwan")
        .exclude(pk__in=Penilaian.objects.values("ksm_id"))
        .select_related("desa", "lkm")
        .order_by("desa__nama", "pk")
    )
    desa = sorted({k.desa.nama for k in semua})
    acak = random.Random(1911)
    dibuat = 0
    for tahun, bulan, hari in PUTARAN:
        for i, nama_desa in enumerate(desa):
            tanggal = date(tahun, bulan, hari + i)
            kelompok = [k for k in semua if k.desa.nama == nama_desa and k.tanggal_berdiri <= tanggal]
            usulan = usulan_tahap_banyak([k.pk for k in kelompok], tanggal)
            for k in kelompok:
                hasil = usulan[k.pk]
                skor = {i.no: i.skor for i in hasil.indikator}
                catatan: dict[int, str] = {}
                if k.nama != LARIS_JAYA and acak.random() < PELUANG_UBAH:
                    bisa = [(no, d, c) for no, d, c in UBAHAN if 0 <= skor[no] + d <= 3]
                    no, beda, teks = acak.choice(bisa)
                    skor[no] += beda
                    catatan[no] = teks
                catat_penilaian(ksm=k, tanggal=tanggal, skor=skor, catatan=catatan, usulan=hasil, oleh=oleh)
                dibuat += 1
    return {"penilaian": dibuat}
