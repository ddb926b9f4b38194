"""The Jiwan demo: the published figures (418 active KSM, 2.190 borrowers) and the named stories."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from ksm.demo import buat_demo_ksm
from ksm.models import KSM, Anggota, Keanggotaan, Pertemuan
from ksm.nik import periksa_nik


def test_demo_figures_and_stories(db: Any) -> None:
    mulai = time.monotonic()
    hasil = buat_demo_ksm()
    lama = time.monotonic() - mulai
    assert hasil["ksm"] == 418 and hasil["anggota"] == 2_190
    assert lama < 30, f"demo KSM {lama:.1f} detik"
    assert KSM.objects.filter(status="aktif", jenis="pinjaman_bergulir").count() == 418
    assert KSM.objects.values("lkm").distinct().count() == 14
    assert Keanggotaan.objects.filter(tanggal_keluar__isnull=True, pinjaman_bergulir=True).count() == 2_190
    assert Anggota.objects.filter(aktif=True).count() == 2_190
    assert not Keanggotaan.objects.filter(tanggal_tanggung_renteng__isnull=True).exists()

    laris = KSM.objects.get(nama="Laris Jaya", desa__nama="Bukur")
    assert laris.keanggotaan.count() == 6
    assert set(laris.keanggotaan.values_list("anggota__jenis_usaha", flat=True)) == {"keripik pisang"}
    rapat = laris.pertemuan.order_by("tanggal")
    assert rapat.first().tanggal == date(2017, 9, 4)
    assert rapat.last().tanggal == date(2019, 11, 25)
    assert rapat.count() == 117  # every Monday, 4 September 2017 .. 25 November 2019

    paerah = Anggota.objects.get(nama="Paerah", lkm__desa__nama="Kwangsen")
    assert (paerah.jenis_usaha, paerah.pendapatan_sebelum, paerah.satuan_pendapatan) == (
        "jamu gendong",
        50_000,
        "hari",
    )

    for a in Anggota.objects.all()[:200]:
        info = periksa_nik(a.nik)
        assert (info.jenis_kelamin, info.tanggal_lahir) == (a.jenis_kelamin, a.tanggal_lahir)
    assert Pertemuan.objects.exclude(ksm=laris).count() == 417 * 6

    assert buat_demo_ksm() == {"ksm": 0, "anggota": 0}  # idempotent
    assert KSM.objects.count() == 418
