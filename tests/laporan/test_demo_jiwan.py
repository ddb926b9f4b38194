"""The Jiwan demo reproduces the published figures exactly (data/jiwan.json), and its books balance."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Sum

from kotaku.buku.models import BarisJurnal
from kotaku.buku.selectors import neraca, saldo_akun
from kotaku.models import LKM


@pytest.fixture(scope="module")
def demo_jiwan(django_db_setup, django_db_blocker):
    """seed_demo once for the module (it takes some seconds), removed again by the flush of a transactional
    test."""
    from tests.conftest import pulihkan_organisasi

    with django_db_blocker.unblock():
        pulihkan_organisasi()
        call_command("seed_demo")
        yield
        call_command("flush", "--noinput")
    from tests.conftest import _organisasi

    _organisasi["mungkin_hilang"] = True  # the flush removed the Jiwan organisation too


@pytest.fixture
def jiwan(demo_jiwan, db):
    return {lkm.desa.nama: lkm for lkm in LKM.objects.select_related("desa")}


def test_total_aset_of_the_14_lkm_on_30_november_2019(jiwan):
    total = sum(neraca(lkm=lkm, per=date(2019, 11, 30)).total_aset for lkm in jiwan.values())
    assert total == 2_975_894_908


def test_initial_capital_apbn_apbd(jiwan):
    total = sum(saldo_akun(lkm=lkm, kode="31010", per=date(2019, 11, 30)) for lkm in jiwan.values())
    assert total == 1_403_000_000


def test_kwangsen_on_30_september_2019(jiwan):
    n = neraca(lkm=jiwan["Kwangsen"], per=date(2019, 9, 30))
    assert jiwan["Kwangsen"].nama == "LKM Sejahtera Mandiri"
    assert n.total_aset == 479_189_759
    modal = {b.kode: b.saldo for b in n.modal}
    assert modal["31010"] == 156_000_000
    assert modal["31030"] + n.surplus_berjalan == 232_537_385


def test_every_demo_neraca_balances_at_several_dates(jiwan):
    for lkm in jiwan.values():
        for per in (date(2016, 12, 31), date(2018, 6, 30), date(2019, 9, 30), date(2019, 11, 30)):
            n = neraca(lkm=lkm, per=per)
            assert n.total_aset == n.total_kewajiban_modal, (lkm, per)


def test_all_demo_journals_balance(jiwan):
    r = BarisJurnal.objects.aggregate(d=Sum("debit"), k=Sum("kredit"))
    assert r["d"] == r["k"] > 0


def test_savings_liability_equals_the_savings_records(jiwan):
    from ksm.models import TransaksiTabungan

    for lkm in jiwan.values():
        catatan = TransaksiTabungan.objects.filter(ksm__lkm=lkm, tanggal__lte=date(2019, 11, 30)).aggregate(
            s=Sum("jumlah")
        )
        assert saldo_akun(lkm=lkm, kode="21020", per=date(2019, 11, 30)) == (catatan["s"] or 0), lkm


def test_seed_demo_twice_changes_nothing(jiwan):
    sebelum = BarisJurnal.objects.count()
    call_command("seed_demo")
    assert BarisJurnal.objects.count() == sebelum


def test_418_running_loans_and_2190_borrowers(jiwan):
    from pinjaman.models import BagianPinjaman, Pinjaman

    berjalan = Pinjaman.objects.filter(status="dicairkan", tanggal_cair__lte=date(2019, 11, 30))
    assert berjalan.values("ksm").distinct().count() == 418
    assert BagianPinjaman.objects.filter(pinjaman__in=berjalan).values("anggota").distinct().count() == 2_190


def test_laris_jaya_loan(jiwan):
    from django.db.models import Sum

    from pinjaman.models import Angsuran, Pinjaman

    p = Pinjaman.objects.get(ksm__nama__endswith="Laris Jaya", ksm__lkm=jiwan["Bukur"])
    assert (p.pokok, p.jangka_bulan, p.bagian.count()) == (3_000_000, 10, 6)
    ke1 = Angsuran.objects.filter(pinjaman=p, ke=1).aggregate(pokok=Sum("pokok"), jasa=Sum("jasa"))
    assert ke1 == {"pokok": 300_000, "jasa": 45_000}


def test_arrears_in_every_class_and_11030_equals_kol_1_to_5(jiwan):
    from pinjaman.selectors import laporan_kolektibilitas

    kelas = {k: 0 for k in range(1, 6)}
    for lkm in jiwan.values():
        lap = laporan_kolektibilitas(lkm=lkm, per=date(2019, 11, 30))
        for k in lap.kelas:
            kelas[k.kelas] += k.jumlah_pinjaman
        assert saldo_akun(lkm=lkm, kode="11030", per=date(2019, 11, 30)) == lap.total_sisa_pokok, lkm
    assert all(n > 0 for n in kelas.values()), kelas
