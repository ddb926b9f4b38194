"""Demo savings for the Jiwan KSMs: deposits at meetings, posted to the books (21020 equals the members'
savings).

Bulk rows are covered by one balanced journal per LKM per month (dated the month's last deposit); Laris Jaya's
last four weeks go through `catat_tabungan` one by one, as a clerk would record them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from django.db import transaction

from kotaku.buku import akun
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import LKM
from ksm.demo import LARIS_JAYA, PER
from ksm.models import KSM, Kehadiran, TransaksiTabungan
from ksm.tabungan.services import catat_tabungan

DILAYANI_SATU_PER_SATU = 4  # Laris Jaya's last weeks recorded through the service


@transaction.atomic
def buat_demo_tabungan() -> int:
    """Deposits of every attending member at every demo meeting; idempotent (skips when savings exist)."""
    if TransaksiTabungan.objects.filter(ksm__nama=LARIS_JAYA).exists():
        return 0
    rng = random.Random(2019)
    hadir = (
        Kehadiran.objects.filter(status="hadir", pertemuan__tanggal__lte=PER)
        .select_related("pertemuan__ksm")
        .order_by("pertemuan__tanggal", "pertemuan_id", "anggota_id")
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
    satu_per_satu: list[Kehadiran] = []
    for h in hadir:
        if h.pertemuan_id in rapat_laris:
            satu_per_satu.append(h)
            continue
        p = h.pertemuan
        jumlah = 5_000 if p.ksm_id == laris else rng.randrange(5, 21) * 1_000
        baris.append(
            TransaksiTabungan(
                ksm_id=p.ksm_id,
                anggota_id=h.anggota_id,
                pertemuan=p,
                tanggal=p.tanggal,
                jumlah=jumlah,
                kunci=f"demo-{p.pk}-{h.anggota_id}",
            )
        )

    # One journal per LKM per month for the bulk rows.
    kelompok: dict[tuple[int, int, int], list[TransaksiTabungan]] = defaultdict(list)
    lkm_ksm = dict(KSM.objects.values_list("pk", "lkm_id"))
    for t in baris:
        kelompok[(lkm_ksm[t.ksm_id], t.tanggal.year, t.tanggal.month)].append(t)
    lkm = LKM.objects.in_bulk(list({k[0] for k in kelompok}))
    for (lkm_id, tahun, bulan), isi in sorted(kelompok.items()):
        total = sum(t.jumlah for t in isi)
        tanggal: date = max(t.tanggal for t in isi)
        jurnal = posting_jurnal(
            lkm=lkm[lkm_id],
            tanggal=tanggal,
            uraian=f"Rekap setoran tabungan KSM {bulan:02d}/{tahun}",
            baris=[Baris(kode_akun=akun.KAS, debit=total), Baris(kode_akun=akun.TABUNGAN_KSM, kredit=total)],
            kunci=f"demo-tabungan-{lkm_id}-{tahun}-{bulan:02d}",
        )
        for t in isi:
            t.jurnal_id = jurnal.pk
    TransaksiTabungan.objects.bulk_create(baris, batch_size=5_000)

    for h in sorted(satu_per_satu, key=lambda h: (h.pertemuan.tanggal, h.anggota_id)):
        p = h.pertemuan
        catat_tabungan(
            ksm=p.ksm,
            anggota=h.anggota,
            tanggal=p.tanggal,
            jumlah=5_000,
            kunci=f"demo-{p.pk}-{h.anggota_id}",
            oleh=None,
            pertemuan=p,
        )
    return len(baris) + len(satu_per_satu)
