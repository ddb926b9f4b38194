"""The Jiwan demo: the published figures (418 active KSM, 2.190 borrowers) and the named stories.

On the demo loaded once per session (`demo_jiwan`); these tests run last."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count

from ksm.demo import KSM_PER_DESA, buat_demo_ksm, tanggal_pertemuan
from ksm.models import KSM, Anggota, Keanggotaan, Kehadiran, Pertemuan
from ksm.nik import periksa_nik


def test_demo_figures_and_stories(demo_jiwan: Any, db: Any) -> None:
    assert KSM.objects.filter(status="aktif", jenis="pinjaman_bergulir").count() == 418
    assert dict(KSM.objects.values_list("lkm__desa__nama").annotate(n=Count("id"))) == KSM_PER_DESA
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

    assert buat_demo_ksm() == {"ksm": 0, "anggota": 0}  # idempotent
    assert KSM.objects.count() == 418


def test_every_group_meets_monthly_since_january_2018(demo_jiwan: Any, db: Any) -> None:
    """One meeting a month on the group's own day, from January 2018 (or its founding) to November 2019."""
    for ksm in KSM.objects.exclude(nama="Laris Jaya").prefetch_related("pertemuan")[:120]:
        tanggal = sorted(p.tanggal for p in ksm.pertemuan.all())
        assert tanggal == tanggal_pertemuan(berdiri=ksm.tanggal_berdiri, hari=tanggal[0].day), ksm
        assert len(tanggal) == (23 if ksm.tanggal_berdiri < date(2018, 1, 1) else len(tanggal))
    tua = KSM.objects.filter(tanggal_berdiri__lt=date(2018, 1, 1)).exclude(nama="Laris Jaya")
    assert Pertemuan.objects.filter(ksm__in=tua).count() == 23 * tua.count()


def test_attendance_is_recorded_for_every_member_at_every_meeting(demo_jiwan: Any, db: Any) -> None:
    ksm = KSM.objects.annotate(
        rapat=Count("pertemuan", distinct=True), orang=Count("keanggotaan", distinct=True)
    )
    assert Kehadiran.objects.count() == sum(k.rapat * k.orang for k in ksm)
    hadir = dict(Kehadiran.objects.values_list("status").annotate(n=Count("id")))
    assert 0.85 < hadir["hadir"] / sum(hadir.values()) < 0.91
