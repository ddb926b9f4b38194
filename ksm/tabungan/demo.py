"""Demo savings for the Jiwan KSMs: deposits at every meeting since January 2018, posted to the books (21020
equals the members' savings).

Every member present saves Rp 2.000-10.000 (Laris Jaya Rp 5.000 a week). Bulk rows are covered by one balanced
journal per LKM per month (dated the month's last deposit, posted by the batch path); Laris Jaya's last four
weeks go through `catat_tabungan` one by one, as a clerk would record them.
"""

from __future__ import annotations

import random
from collections import defaultdict

from django.db import transaction

from kotaku.buku import akun
from kotaku.buku.models import BarisJurnal, Jurnal
from kotaku.buku.services import Baris, JurnalBaru, posting_jurnal_massal
from kotaku.massal import analisa, periksa_tertunda, simpan_massal
from kotaku.models import LKM
from ksm.demo import AWAL_RIWAYAT, LARIS_JAYA, PER
from ksm.models import KSM, Anggota, Kehadiran, Pertemuan, TransaksiTabungan
from ksm.tabungan.services import catat_tabungan

DILAYANI_SATU_PER_SATU = 4  # Laris Jaya's last weeks recorded through the service


@transaction.atomic
def buat_demo_tabungan() -> int:
    """Deposits of every attending member at every demo meeting; idempotent (skips when savings exist)."""
    if TransaksiTabungan.objects.filter(ksm__nama=LARIS_JAYA).exists():
        return 0
    rng = random.Random(2019)
    hadir = (
        Kehadiran.objects.filter(
            status="hadir", pertemuan__tanggal__gte=AWAL_RIWAYAT, pertemuan__tanggal__lte=PER
        )
        .order_by("pertemuan__tanggal", "pertemuan_id", "anggota_id")
        .values_list("pertemuan_id", "pertemuan__ksm_id", "pertemuan__tanggal", "anggota_id")
    )
    laris = KSM.objects.filter(nama=LARIS_JAYA).values_list("pk", flat=True).first()
    rapat_laris = (
        list(
            KSM.objects.get(pk=laris)
            .pertemuan.order_by("-tanggal")
            .values_list("pk", flat=True)[:DILAYANI_SATU_PER_SATU]
        )
        if laris
        else []
    )
    baris: list[TransaksiTabungan] = []
    satu_per_satu: list[tuple[int, int]] = []  # (pertemuan, anggota) recorded through the service
    for pertemuan_id, ksm_id, tanggal, anggota_id in hadir:
        if pertemuan_id in rapat_laris:
            satu_per_satu.append((pertemuan_id, anggota_id))
            continue
        jumlah = 5_000 if ksm_id == laris else rng.randrange(2, 11) * 1_000
        baris.append(
            TransaksiTabungan(
                ksm_id=ksm_id,
                anggota_id=anggota_id,
                pertemuan_id=pertemuan_id,
                tanggal=tanggal,
                jumlah=jumlah,
                kunci=f"demo-{pertemuan_id}-{anggota_id}",
            )
        )

    # One journal per LKM per month for the bulk rows.
    kelompok: dict[tuple[int, int, int], list[TransaksiTabungan]] = defaultdict(list)
    lkm_ksm = dict(KSM.objects.values_list("pk", "lkm_id"))
    for t in baris:
        kelompok[(lkm_ksm[t.ksm_id], t.tanggal.year, t.tanggal.month)].append(t)
    lkm = LKM.objects.in_bulk(list({k[0] for k in kelompok}))
    for lkm_id in sorted(lkm):
        bulan = sorted(k for k in kelompok if k[0] == lkm_id)
        jurnal = posting_jurnal_massal(
            lkm=lkm[lkm_id],
            jurnal=[
                JurnalBaru(
                    tanggal=max(t.tanggal for t in kelompok[k]),
                    uraian=f"Rekap setoran tabungan KSM {k[2]:02d}/{k[1]}",
                    baris=[
                        Baris(akun.KAS, debit=sum(t.jumlah for t in kelompok[k])),
                        Baris(akun.TABUNGAN_KSM, kredit=sum(t.jumlah for t in kelompok[k])),
                    ],
                    kunci=f"demo-tabungan-{lkm_id}-{k[1]}-{k[2]:02d}",
                )
                for k in bulan
            ],
            oleh=None,
        )
        for k, j in zip(bulan, jurnal, strict=True):
            for t in kelompok[k]:
                t.jurnal_id = j.pk
    simpan_massal(baris)
    periksa_tertunda()
    analisa(TransaksiTabungan, Jurnal, BarisJurnal)

    rapat = Pertemuan.objects.select_related("ksm").in_bulk([p for p, _ in satu_per_satu])
    anggota = Anggota.objects.in_bulk([a for _, a in satu_per_satu])
    for pertemuan_id, anggota_id in sorted(satu_per_satu, key=lambda x: (rapat[x[0]].tanggal, x[1])):
        p = rapat[pertemuan_id]
        catat_tabungan(
            ksm=p.ksm,
            anggota=anggota[anggota_id],
            tanggal=p.tanggal,
            jumlah=5_000,
            kunci=f"demo-{p.pk}-{anggota_id}",
            oleh=None,
            pertemuan=p,
        )
    return len(baris) + len(satu_per_satu)
