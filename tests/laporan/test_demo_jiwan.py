"""The Jiwan demo: two true years of a UPK that reproduce the published figures exactly, and its books.

Loaded once per session (`demo_jiwan` in tests/conftest.py); these tests run last.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min, Sum

from kotaku.buku.models import BarisJurnal, Jurnal, PeriodeTutup
from kotaku.buku.selectors import neraca, saldo_akun, surplus_defisit
from kotaku.models import LKM
from kotaku.tanggal import akhir_bulan, tambah_bulan
from laporan.models import AlokasiSurplus

PER = date(2019, 11, 30)
AKHIR_BULAN_2018_2019 = [tambah_bulan(date(2018, 1, 31), i) for i in range(23)]


@pytest.fixture
def jiwan(demo_jiwan, db):
    return {
        lkm.desa.nama: lkm for lkm in LKM.objects.select_related("desa").filter(desa__kecamatan__nama="Jiwan")
    }


# ---- the published figures ---------------------------------------------------------------------------------


def test_total_aset_of_the_14_lkm_on_30_november_2019(jiwan):
    total = sum(neraca(lkm=lkm, per=PER).total_aset for lkm in jiwan.values())
    assert total == 2_975_894_908


def test_initial_capital_apbn_apbd(jiwan):
    total = sum(saldo_akun(lkm=lkm, kode="31010", per=PER) for lkm in jiwan.values())
    assert total == 1_403_000_000


def test_kwangsen_on_30_september_2019(jiwan):
    n = neraca(lkm=jiwan["Kwangsen"], per=date(2019, 9, 30))
    assert jiwan["Kwangsen"].nama == "LKM Sejahtera Mandiri"
    assert n.total_aset == 479_189_759
    modal = {b.kode: b.saldo for b in n.modal}
    assert modal["31010"] == 156_000_000
    # capital from surpluses 2010-2019: pemupukan modal (31031) + retained surplus (31030) + the running 2019
    assert modal["31031"] + modal["31030"] + n.surplus_berjalan == 232_537_385
    assert modal["31031"] > 0  # the 2018 allocation added to the revolving capital


def test_418_running_loans_and_2190_borrowers(jiwan):
    from pinjaman.models import BagianPinjaman, Pinjaman

    berjalan = Pinjaman.objects.filter(status="dicairkan", tanggal_cair__lte=PER)
    assert berjalan.values("ksm").distinct().count() == 418
    assert BagianPinjaman.objects.filter(pinjaman__in=berjalan).values("anggota").distinct().count() == 2_190


def test_laris_jaya_loan_through_every_check(jiwan):
    from pinjaman.models import Angsuran, Pinjaman

    p = Pinjaman.objects.get(ksm__nama="Laris Jaya", ksm__lkm=jiwan["Bukur"])
    assert (p.pokok, p.jangka_bulan, p.bagian.count(), p.tanggal_cair) == (3_000_000, 10, 6, date(2019, 3, 4))
    assert set(p.bagian.values_list("pokok", "siklus")) == {(500_000, 1)}
    assert (p.diajukan_oleh.username, p.diverifikasi_oleh.username, p.disetujui_oleh.username) == (
        "petugas.bukur",
        "manajer.bukur",
        "pengurus.bukur",
    )
    assert p.dicairkan_oleh.username == "kasir.bukur" and p.status == "dicairkan"
    ke1 = Angsuran.objects.filter(pinjaman=p, ke=1).aggregate(pokok=Sum("pokok"), jasa=Sum("jasa"))
    assert ke1 == {"pokok": 300_000, "jasa": 45_000}
    # paid Rp 345.000 on every due date, April..November 2019
    assert list(p.pembayaran.order_by("tanggal").values_list("tanggal", "jumlah")) == [
        (date(2019, m, 4), 345_000) for m in range(4, 12)
    ]


# ---- the books ---------------------------------------------------------------------------------------------


def test_every_demo_neraca_balances_at_several_dates(jiwan):
    for lkm in jiwan.values():
        for per in (date(2017, 12, 31), date(2018, 6, 30), date(2018, 12, 31), date(2019, 9, 30), PER):
            n = neraca(lkm=lkm, per=per)
            assert n.total_aset == n.total_kewajiban_modal, (lkm, per)


def test_all_demo_journals_balance(jiwan):
    r = BarisJurnal.objects.aggregate(d=Sum("debit"), k=Sum("kredit"))
    assert r["d"] == r["k"] > 0
    assert not Jurnal.objects.filter(lkm__in=jiwan.values(), tanggal__lt=date(2017, 12, 31)).exists()


def test_savings_liability_equals_the_savings_records(jiwan):
    from ksm.models import TransaksiTabungan

    for lkm in jiwan.values():
        catatan = TransaksiTabungan.objects.filter(ksm__lkm=lkm, tanggal__lte=PER).aggregate(s=Sum("jumlah"))
        assert saldo_akun(lkm=lkm, kode="21020", per=PER) == (catatan["s"] or 0), lkm


def test_arrears_in_every_class_and_11030_equals_kol_1_to_5(jiwan):
    from pinjaman.selectors import laporan_kolektibilitas

    kelas = {k: 0 for k in range(1, 6)}
    for lkm in jiwan.values():
        lap = laporan_kolektibilitas(lkm=lkm, per=PER)
        for k in lap.kelas:
            kelas[k.kelas] += k.jumlah_pinjaman
        assert saldo_akun(lkm=lkm, kode="11030", per=PER) == lap.total_sisa_pokok, lkm
    assert all(n > 0 for n in kelas.values()), kelas


def test_the_reserve_booked_is_the_reserve_required_at_every_month_end(jiwan):
    from pinjaman.selectors import laporan_kolektibilitas

    for lkm in jiwan.values():
        for per in AKHIR_BULAN_2018_2019:
            lap = laporan_kolektibilitas(lkm=lkm, per=per)
            assert lap.cadangan_tercatat == lap.cadangan_wajib, (lkm.desa.nama, per)
    assert saldo_akun(lkm=jiwan["Bukur"], kode="12010", per=PER) > 0


def test_the_fund_is_mostly_lent_out_in_every_lkm(jiwan):
    for lkm in jiwan.values():
        aset = neraca(lkm=lkm, per=PER).total_aset
        pinjaman = saldo_akun(lkm=lkm, kode="11030", per=PER)
        assert pinjaman > aset // 2, (lkm.desa.nama, pinjaman, aset)


def test_cash_and_bank_never_run_dry(jiwan):
    for lkm in jiwan.values():
        for per in [date(2017, 12, 31), *AKHIR_BULAN_2018_2019]:
            assert saldo_akun(lkm=lkm, kode="11010", per=per) == 2_500_000, (lkm.desa.nama, per)
            assert saldo_akun(lkm=lkm, kode="11021", per=per) > 0, (lkm.desa.nama, per)


def test_the_larger_lkm_serve_more_groups(jiwan):
    from ksm.models import KSM

    aset = {nama: neraca(lkm=lkm, per=PER).total_aset for nama, lkm in jiwan.items()}
    ksm = dict(KSM.objects.values_list("lkm__desa__nama").annotate(n=Count("id")))
    urut_aset = sorted(aset, key=aset.get)
    assert urut_aset[-1] == "Kwangsen" and ksm["Kwangsen"] == max(ksm.values()) == 69
    assert ksm[urut_aset[0]] <= 22
    for nama in aset:  # about 1 group for every Rp 7 juta of assets
        assert abs(ksm[nama] - aset[nama] / 7_120_000) < 2, (nama, ksm[nama], aset[nama])


# ---- a true year: income, costs, reserve and surplus -------------------------------------------------------


def test_surplus_of_each_lkm_in_2018_and_2019(jiwan):
    surplus = {
        nama: (
            surplus_defisit(lkm=lkm, dari=date(2018, 1, 1), sampai=date(2018, 12, 31)).surplus,
            surplus_defisit(lkm=lkm, dari=date(2019, 1, 1), sampai=PER).surplus,
        )
        for nama, lkm in jiwan.items()
    }
    assert all(s2018 > 0 for s2018, _ in surplus.values()), surplus
    defisit_2019 = [nama for nama, (_, s2019) in surplus.items() if s2019 <= 0]
    assert defisit_2019 == ["Klagen Serut"], surplus


def test_klagen_serut_shows_why_it_ends_2019_in_deficit(jiwan):
    """Half of its weavers' and goat keepers' groups stopped paying in 2019: PAR and the reserve say so."""
    from pinjaman.selectors import laporan_kolektibilitas

    lap = {nama: laporan_kolektibilitas(lkm=lkm, per=PER) for nama, lkm in jiwan.items()}
    assert lap["Klagen Serut"].par > 0.3 and lap["Klagen Serut"].par == max(x.par for x in lap.values())
    biaya = surplus_defisit(lkm=jiwan["Klagen Serut"], dari=date(2019, 1, 1), sampai=PER)
    cadangan_lain = [
        surplus_defisit(lkm=lkm, dari=date(2019, 1, 1), sampai=PER).cadangan
        for nama, lkm in jiwan.items()
        if nama != "Klagen Serut"
    ]
    assert biaya.cadangan > max(cadangan_lain) / 2 and biaya.cadangan > biaya.total_pendapatan / 2


def test_income_and_costs_look_like_a_real_upk(jiwan):
    for nama, lkm in jiwan.items():
        s = surplus_defisit(lkm=lkm, dari=date(2018, 1, 1), sampai=date(2018, 12, 31))
        jasa = {b.kode: b.saldo for b in s.pendapatan}["41010"]
        aset = neraca(lkm=lkm, per=date(2018, 12, 31)).total_aset
        assert 0.08 < jasa / aset < 0.20, (nama, jasa, aset)  # 1,5% flat a month on a fund mostly lent
        assert 0.3 < s.total_biaya / s.total_pendapatan < 0.9, nama


def test_member_shares_within_policy_and_loans_in_cycles(jiwan):
    from pinjaman.models import BagianPinjaman, Pinjaman

    assert not BagianPinjaman.objects.filter(siklus=1, pokok__gt=1_000_000).exists()
    assert not BagianPinjaman.objects.filter(pokok__gt=3_000_000).exists()
    assert BagianPinjaman.objects.filter(siklus__gte=2, pokok__gt=1_000_000).exists()
    tahun = (
        Pinjaman.objects.filter(lkm__in=jiwan.values())
        .values_list("tanggal_cair__year")
        .annotate(n=Count("id"))
    )
    assert {t for t, _ in tahun} == {2017, 2018, 2019}
    # a group takes its next loan only once the previous one is repaid
    for ksm_id, _ in Pinjaman.objects.values_list("ksm").annotate(n=Count("id")).filter(n__gt=1)[:60]:
        urut = list(Pinjaman.objects.filter(ksm_id=ksm_id).order_by("tanggal_cair"))
        for lama, baru in zip(urut, urut[1:], strict=False):
            assert lama.status == "lunas" and lama.tanggal_lunas <= baru.tanggal_cair


# ---- 2018 closed and allocated, 2019 open ------------------------------------------------------------------


def test_2018_is_closed_and_2019_closed_through_november(jiwan):
    for lkm in jiwan.values():
        tutup = set(
            PeriodeTutup.objects.filter(lkm=lkm, dibuka_pada__isnull=True).values_list("tahun", "bulan")
        )
        assert tutup == {(2018, b) for b in range(1, 13)} | {(2019, b) for b in range(1, 12)}, lkm
        assert Jurnal.objects.filter(lkm=lkm, jenis="penutup", tahun=2018).count() == 1
        assert not Jurnal.objects.filter(lkm=lkm, jenis="penutup", tahun=2019).exists()


def test_2018_allocated_by_a_recorded_decision_in_every_lkm(jiwan):
    for nama, lkm in jiwan.items():
        a = AlokasiSurplus.objects.select_related("jurnal", "ditetapkan_oleh").get(lkm=lkm, tahun=2018)
        surplus = surplus_defisit(lkm=lkm, dari=date(2018, 1, 1), sampai=date(2018, 12, 31)).surplus
        assert (a.status, a.surplus) == ("ditetapkan", surplus)
        assert a.nomor_keputusan.endswith("/II/2019") and date(2019, 2, 1) < a.tanggal_keputusan < date(
            2019, 3, 1
        )
        assert a.rapat == f"Rembug Warga Tahunan Desa {nama} 2019"
        assert a.ditetapkan_oleh.peran == "pengurus_lkm"
        assert a.jurnal.tanggal == a.tanggal_keputusan
        baris = {b.akun.kode: (b.debit, b.kredit) for b in a.jurnal.baris.select_related("akun")}
        assert baris["31030"] == (surplus, 0)
        assert sum(k for _, k in baris.values()) == surplus
        assert baris["31031"][1] >= surplus // 2  # pemupukan modal at least half, by every board's decision
    bukur = AlokasiSurplus.objects.get(lkm=jiwan["Bukur"], tahun=2018)
    assert bukur.ditetapkan_oleh.username == "pengurus.bukur"
    assert [str(x) for x in bukur.bagian.values()] == ["50.00", "15.00", "15.00", "10.00", "10.00"]


def test_the_allocation_liabilities_were_paid_out_except_part_of_the_social_fund(jiwan):
    from laporan.selectors import terutang

    for lkm in jiwan.values():
        a = AlokasiSurplus.objects.get(lkm=lkm, tahun=2018)
        sisa = terutang(a)
        assert sisa["lingkungan"] == sisa["insentif"] == 0
        assert sisa["sosial"] == a.jumlah["sosial"] - a.jumlah["sosial"] * 6 // 10
        assert saldo_akun(lkm=lkm, kode="21032", per=PER) == sisa["sosial"]
        assert a.pembayaran.count() == 3


# ---- the history: meetings, savings ------------------------------------------------------------------------


def test_meetings_and_savings_from_january_2018(jiwan):
    from ksm.models import KSM, Pertemuan, TransaksiTabungan

    rentang = Pertemuan.objects.exclude(ksm__nama="Laris Jaya").aggregate(a=Min("tanggal"), z=Max("tanggal"))
    assert rentang["a"].replace(day=1) == date(2018, 1, 1) and akhir_bulan(rentang["z"]) == PER
    assert TransaksiTabungan.objects.aggregate(a=Min("tanggal"))["a"] >= date(2018, 1, 1)
    baru = KSM.objects.filter(tanggal_berdiri__year=2018)
    assert 15 < baru.count() < 60  # groups founded in 2018 borrow after three months of meetings and savings
    for ksm in baru[:10]:
        pertama = ksm.pinjaman.order_by("tanggal_cair").first()
        assert (pertama.tanggal_cair - ksm.pertemuan.order_by("tanggal").first().tanggal).days >= 89


def test_seed_demo_twice_changes_nothing(jiwan):
    sebelum = (BarisJurnal.objects.count(), AlokasiSurplus.objects.count(), PeriodeTutup.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (
        BarisJurnal.objects.count(),
        AlokasiSurplus.objects.count(),
        PeriodeTutup.objects.count(),
    ) == sebelum


def test_the_dashboards_have_every_month_of_the_demo_history(jiwan):
    """The charts read monthly snapshots: one per LKM for every month end from January 2018 to November 2019,
    equal to a fresh computation, the loans in them those of the books."""
    from laporan.models import SnapshotBulanan
    from laporan.selectors import bandingkan_snapshot

    ids = [lkm.pk for lkm in jiwan.values()]
    simpan = SnapshotBulanan.objects.filter(lkm_id__in=ids)
    assert sorted(set(simpan.values_list("per", flat=True))) == AKHIR_BULAN_2018_2019
    assert simpan.count() == 14 * 23
    for per in (date(2018, 6, 30), date(2018, 12, 31), PER):
        assert bandingkan_snapshot(lkm_ids=ids, per=per) == []
    for per in (date(2018, 12, 31), PER):
        assert sum(simpan.filter(per=per).values_list("outstanding", flat=True)) == sum(
            saldo_akun(lkm=lkm, kode="11030", per=per) for lkm in jiwan.values()
        )
