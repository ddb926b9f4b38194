"""Monthly snapshots: stored exactly as computed, idempotent, refreshed when a month is closed again, checked
against a fresh computation, written by the beat task on a real worker."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from kotaku.buku import services as buku
from kotaku.models import LKM, Peran
from laporan import tahap_snapshot
from laporan.kinerja import KOLOM_FAKTA, fakta_bulanan
from laporan.models import SnapshotBulanan
from laporan.services import simpan_snapshot
from pinjaman import services
from tests.laporan.conftest import MENUNGGAK_CAIR, PER, biaya, ksm_berpinjaman, modal


def test_the_snapshot_columns_are_exactly_the_month_end_facts():
    kolom = [
        f.name
        for f in SnapshotBulanan._meta.get_fields()
        if f.name not in ("id", "lkm", "per", "dihitung_pada")
    ]
    assert kolom == list(KOLOM_FAKTA)


def test_stored_as_computed_and_recomputing_replaces_the_row(lkm_bukur, lkm_kwangsen, orang):
    p = ksm_berpinjaman(lkm_bukur, orang, "KSM Satu", per_anggota=1_000_000, cair=MENUNGGAK_CAIR)
    modal(lkm_bukur, date(2018, 12, 1), 10_000_000)
    assert simpan_snapshot(lkm_ids=[lkm_bukur.pk, lkm_kwangsen.pk], per=PER) == 2
    s = SnapshotBulanan.objects.get(lkm=lkm_bukur, per=PER)
    # 5.000.000 exactly 3 months behind: Kol 2 (its top bound is inclusive), reserve 0,5% = 25.000.
    assert (s.outstanding, s.outstanding_kol2, s.tunggakan_kol2, s.cadangan_wajib) == (
        5_000_000,
        5_000_000,
        1_500_000,
        25_000,
    )
    assert (s.ksm_aktif, s.ksm_menunggak, s.anggota, s.peminjam, s.kas_bank, s.modal) == (
        1,
        1,
        5,
        5,
        5_000_000,
        10_000_000,
    )
    assert (s.ksm_tunas, s.ksm_tumbuh, s.ksm_kembang) == (0, 0, 0)
    kosong = SnapshotBulanan.objects.get(lkm=lkm_kwangsen, per=PER)
    assert (kosong.outstanding, kosong.ksm_aktif, kosong.bulan) == (0, 0, 4)
    # A late-entered payment in April, then the same month again: one row, new figures.
    services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 4, 30), jumlah=1_725_000, kunci="b", oleh=orang[Peran.KASIR]
    )
    simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=PER)
    assert SnapshotBulanan.objects.filter(lkm=lkm_bukur).count() == 1
    s = SnapshotBulanan.objects.get(lkm=lkm_bukur, per=PER)
    assert (
        s.outstanding,
        s.outstanding_kol1,
        s.ksm_menunggak,
        s.pokok_dibayar_bulan,
        s.jasa_dibayar_bulan,
    ) == (
        3_500_000,
        3_500_000,
        0,
        1_500_000,
        225_000,
    )
    assert {k: getattr(s, k) for k in KOLOM_FAKTA} == fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=PER)[
        lkm_bukur.pk
    ].sebagai_dict()


def test_only_the_system_or_an_admin_stores_snapshots(lkm_bukur, buat_pengguna):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=PER, oleh=buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    assert simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=PER, oleh=buat_pengguna(Peran.ADMIN)) == 1
    with pytest.raises(ValueError, match="bukan akhir bulan"):
        simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=date(2019, 4, 1))


def test_closing_a_month_again_refreshes_its_snapshot_and_the_later_ones(
    lkm_bukur, buat_pengguna, django_capture_on_commit_callbacks
):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    modal(lkm_bukur, date(2019, 3, 1), 10_000_000)
    with django_capture_on_commit_callbacks(execute=True):
        buku.tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, oleh=pembuku)
    maret = SnapshotBulanan.objects.get(lkm=lkm_bukur, per=date(2019, 3, 31))
    assert (maret.kas_bank, maret.biaya) == (10_000_000, 0)
    simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=date(2019, 4, 30))
    # Reopened by the board, a forgotten March cost entered, closed again: March and April are recomputed.
    buku.buka_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, alasan="biaya ATK terlewat", oleh=pengurus)
    biaya(lkm_bukur, date(2019, 3, 20), 120_000, "atk-terlewat")
    with django_capture_on_commit_callbacks(execute=True):
        buku.tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, oleh=pembuku)
    maret.refresh_from_db()
    april = SnapshotBulanan.objects.get(lkm=lkm_bukur, per=date(2019, 4, 30))
    assert (maret.kas_bank, maret.biaya, maret.biaya_bulan) == (9_880_000, 120_000, 120_000)
    assert (april.kas_bank, april.biaya, april.biaya_bulan) == (9_880_000, 120_000, 0)
    assert not SnapshotBulanan.objects.filter(lkm=lkm_bukur, per=date(2019, 2, 28)).exists()


def test_a_failing_after_close_hook_leaves_the_close_standing(
    lkm_bukur, buat_pengguna, django_capture_on_commit_callbacks
):
    dipanggil = []

    def rusak(lkm_id: int, tahun: int, bulan: int) -> None:
        dipanggil.append((lkm_id, tahun, bulan))
        raise RuntimeError("rusak")

    buku.daftarkan_setelah_tutup_bulan(rusak)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            periode = buku.tutup_bulan(
                lkm=lkm_bukur, tahun=2019, bulan=2, oleh=buat_pengguna(Peran.PEMBUKU, lkm_bukur)
            )
    finally:
        buku._SETELAH_TUTUP_BULAN.remove(rusak)
    assert periode.pk and dipanggil == [(lkm_bukur.pk, 2019, 2)]
    assert SnapshotBulanan.objects.filter(lkm=lkm_bukur, per=date(2019, 2, 28)).exists()


def test_periksa_snapshot_names_every_difference_and_exits_1(lkm_bukur, lkm_kwangsen, capsys):
    modal(lkm_bukur, date(2019, 1, 2), 10_000_000)
    call_command("snapshot", "--per", "2019-04", "--lkm", str(lkm_bukur.pk), "--lkm", str(lkm_kwangsen.pk))
    assert "30 April 2019: 2 snapshot disimpan" in capsys.readouterr().out
    call_command(
        "periksa_snapshot", "--per", "2019-04", "--lkm", str(lkm_bukur.pk), "--lkm", str(lkm_kwangsen.pk)
    )
    assert "2 snapshot per 30 April 2019 cocok" in capsys.readouterr().out
    biaya(lkm_bukur, date(2019, 4, 10), 75_000, "transport")  # entered after the snapshot
    with pytest.raises(CommandError, match="4 selisih pada snapshot 30 April 2019") as galat:
        call_command("periksa_snapshot", "--per", "2019-04", "--lkm", str(lkm_bukur.pk))
    assert galat.value.returncode == 1
    keluar = capsys.readouterr().out
    assert (
        f"LKM {lkm_bukur.pk} {lkm_bukur.nama}: biaya_bulan tersimpan 0, dihitung 75000 (selisih 75000)"
        in keluar
    )
    assert "biaya tersimpan 0, dihitung 75000" in keluar
    assert "biaya_operasional tersimpan 0, dihitung 75000" in keluar
    assert "kas_bank tersimpan 10000000, dihitung 9925000 (selisih -75000)" in keluar
    sukolilo = LKM.objects.get(desa__nama="Sukolilo")
    with pytest.raises(CommandError, match="1 selisih"):
        call_command("periksa_snapshot", "--per", "2019-04", "--lkm", str(sukolilo.pk))
    assert f"LKM {sukolilo.pk} {sukolilo.nama}: belum ada snapshot" in capsys.readouterr().out


def test_snapshot_command_refuses_a_bad_month():
    with pytest.raises(CommandError, match="Bulan '2019-13' tidak dikenal"):
        call_command("snapshot", "--per", "2019-13")
    with pytest.raises(CommandError, match="--sampai harus"):
        call_command("snapshot", "--per", "2019-04", "--sampai", "2019-03")


def test_a_range_of_months(lkm_bukur):
    call_command("snapshot", "--per", "2019-01", "--sampai", "2019-03", "--lkm", str(lkm_bukur.pk))
    assert list(
        SnapshotBulanan.objects.filter(lkm=lkm_bukur).order_by("per").values_list("per", flat=True)
    ) == [
        date(2019, 1, 31),
        date(2019, 2, 28),
        date(2019, 3, 31),
    ]


def test_the_beat_runs_the_snapshot_on_the_first_after_the_reserve_true_up():
    from kotaku.celery import app

    jadwal = app.conf.beat_schedule
    assert jadwal["snapshot-akhir-bulan"]["task"] == "laporan.snapshot_bulanan"
    cadangan, snapshot = (
        jadwal["cadangan-akhir-bulan"]["schedule"],
        jadwal["snapshot-akhir-bulan"]["schedule"],
    )
    assert snapshot.day_of_month == {1} and snapshot.hour == {2} and snapshot.minute == {0}
    assert cadangan.hour == {1}


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_monthly_task_on_a_real_worker(celery_pekerja):
    from laporan.tasks import snapshot_bulanan, snapshot_lkm

    bukur = LKM.objects.get(desa__nama="Bukur")
    modal(bukur, date(2019, 1, 2), 7_000_000)
    assert snapshot_lkm.delay([bukur.pk], "2019-04-30").get(timeout=60) == 1
    assert SnapshotBulanan.objects.get(lkm=bukur, per=PER).kas_bank == 7_000_000
    hasil = snapshot_bulanan.delay("2019-05-31").get(timeout=60)
    assert (hasil["per"], hasil["lkm"], hasil["tugas"]) == ("2019-05-31", 14, 1)
    batas = time.monotonic() + 60
    while SnapshotBulanan.objects.filter(per=date(2019, 5, 31)).count() < 14 and time.monotonic() < batas:
        time.sleep(0.2)
    assert SnapshotBulanan.objects.filter(per=date(2019, 5, 31)).count() == 14
    assert SnapshotBulanan.objects.get(lkm=bukur, per=date(2019, 5, 31)).modal == 7_000_000


# ---- KSM by stage (the fasilitator's assessments) ----------------------------------------------------------


def _penilaian(ksm, tanggal, tahap, oleh, *, usulan=None):
    from ksm.models import Penilaian

    return Penilaian.objects.create(
        ksm=ksm,
        tanggal=tanggal,
        total=10,
        tahap=tahap,
        usulan_total=10,
        usulan_tahap=usulan or tahap,
        oleh=oleh,
    )


def test_stage_counts_are_zero_before_any_assessment(lkm_bukur):
    from tests.ksm.factories import KSMFactory

    KSMFactory(lkm=lkm_bukur, nama="A", tanggal_berdiri=date(2018, 1, 1))
    assert tahap_snapshot.hitungan_tahap_per_lkm([lkm_bukur.pk], PER) == {
        lkm_bukur.pk: {"tunas": 0, "tumbuh": 0, "kembang": 0}
    }
    assert tahap_snapshot.hitungan_tahap_per_lkm([], PER) == {}


def test_stage_counts_take_each_ksm_latest_assessment(lkm_bukur, lkm_kwangsen, buat_pengguna):
    """Each KSM counted once at its latest assessment on or before the date; later ones and dissolved KSM
    ignored; the snapshot stores the same counts."""
    from tests.ksm.factories import KSMFactory

    oleh = buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)
    berdiri = date(2017, 1, 1)
    a, b, c = (KSMFactory(lkm=lkm_bukur, nama=n, tanggal_berdiri=berdiri) for n in ("A", "B", "C"))
    d = KSMFactory(lkm=lkm_kwangsen, nama="D", tanggal_berdiri=berdiri)
    bubar = KSMFactory(
        lkm=lkm_bukur, nama="Bubar", status="bubar", tanggal_status=date(2019, 3, 1), tanggal_berdiri=berdiri
    )
    for ksm, tanggal, tahap in [
        (a, date(2018, 10, 1), "tunas"),
        (a, date(2019, 4, 1), "tumbuh"),  # latest for A
        (b, date(2019, 1, 1), "kembang"),
        (b, date(2019, 5, 1), "tumbuh"),  # after the date: not yet
        (c, date(2019, 4, 30), "tumbuh"),
        (d, date(2019, 2, 1), "tunas"),
        (bubar, date(2018, 2, 1), "kembang"),
    ]:
        _penilaian(ksm, tanggal, tahap, oleh)
    assert tahap_snapshot.hitungan_tahap_per_lkm([lkm_bukur.pk, lkm_kwangsen.pk], PER) == {
        lkm_bukur.pk: {"tunas": 0, "tumbuh": 2, "kembang": 1},
        lkm_kwangsen.pk: {"tunas": 1, "tumbuh": 0, "kembang": 0},
    }
    simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=PER)
    s = SnapshotBulanan.objects.get(lkm=lkm_bukur, per=PER)
    assert (s.ksm_tunas, s.ksm_tumbuh, s.ksm_kembang) == (0, 2, 1)
