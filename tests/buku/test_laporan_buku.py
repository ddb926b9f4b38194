"""A small worked example, computed by hand: neraca, surplus/defisit, buku
kas, neraca saldo, API, year close."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.buku import selectors
from kotaku.buku.services import Baris, catat_saldo_awal, catat_transaksi_kas, posting_jurnal, tutup_tahun
from kotaku.models import Peran


@pytest.fixture
def contoh(lkm_bukur, buat_pengguna):
    """Opening 31 Dec 2018, then in 2019: disbursement, a repayment, costs, bank interest, reserve."""
    kasir = buat_pengguna(Peran.KASIR, lkm_bukur)
    catat_saldo_awal(
        lkm=lkm_bukur,
        tanggal=date(2018, 12, 31),
        oleh=buat_pengguna(Peran.PEMBUKU, lkm_bukur),
        saldo={
            "11010": 20_000_000,
            "11021": 50_000_000,
            "11030": 30_000_000,
            "12010": 150_000,
            "21020": 5_000_000,
            "31010": 60_000_000,
            "31020": 30_000_000,
            "31030": 4_850_000,
        },
    )
    j = lambda t, u, *b: posting_jurnal(lkm=lkm_bukur, tanggal=t, uraian=u, baris=list(b))  # noqa: E731
    j(
        date(2019, 1, 10),
        "Pencairan KSM Laris Jaya",
        Baris("11030", debit=3_000_000),
        Baris("11010", kredit=3_000_000),
    )
    j(
        date(2019, 2, 10),
        "Angsuran ke-1",
        Baris("11010", debit=345_000),
        Baris("11030", kredit=300_000),
        Baris("41010", kredit=45_000),
    )
    catat_transaksi_kas(
        lkm=lkm_bukur,
        tanggal=date(2019, 2, 25),
        jenis="keluar",
        akun_kas="11010",
        akun_lawan="51010",
        jumlah=250_000,
        uraian="Insentif UPK Februari",
        kunci="v1",
        oleh=kasir,
    )
    catat_transaksi_kas(
        lkm=lkm_bukur,
        tanggal=date(2019, 2, 26),
        jenis="keluar",
        akun_kas="11010",
        akun_lawan="51030",
        jumlah=35_000,
        uraian="ATK",
        kunci="v2",
        oleh=kasir,
    )
    catat_transaksi_kas(
        lkm=lkm_bukur,
        tanggal=date(2019, 2, 28),
        jenis="masuk",
        akun_kas="11021",
        akun_lawan="41020",
        jumlah=120_000,
        uraian="Bunga bank",
        kunci="v3",
        oleh=kasir,
    )
    catat_transaksi_kas(
        lkm=lkm_bukur,
        tanggal=date(2019, 3, 1),
        jenis="pindah",
        akun_kas="11021",
        akun_lawan="11010",
        jumlah=1_000_000,
        uraian="Tarik tunai",
        kunci="v4",
        oleh=kasir,
    )
    j(date(2019, 3, 31), "Cadangan risiko Maret", Baris("51080", debit=16_350), Baris("12010", kredit=16_350))
    return lkm_bukur


def test_neraca_worked_example(contoh):
    n = selectors.neraca(lkm=contoh, per=date(2019, 3, 31))
    aset = {b.kode: b.saldo for b in n.aset}
    # kas 20.000.000 - 3.000.000 + 345.000 - 250.000 - 35.000 + 1.000.000 = 18.060.000
    assert aset["11010"] == 18_060_000
    # bank 50.000.000 + 120.000 - 1.000.000 = 49.120.000
    assert aset["11021"] == 49_120_000
    # pinjaman 30.000.000 + 3.000.000 - 300.000 = 32.700.000
    assert aset["11030"] == 32_700_000
    assert aset["12010"] == -166_350  # contra: 150.000 + 16.350 shown negative
    assert n.total_aset == 18_060_000 + 49_120_000 + 32_700_000 - 166_350 == 99_713_650
    # surplus berjalan: 45.000 + 120.000 - 250.000 - 35.000 - 16.350 = -136.350
    assert n.surplus_berjalan == -136_350
    assert n.total_kewajiban == 5_000_000
    assert n.total_modal == 60_000_000 + 30_000_000 + 4_850_000 - 136_350
    assert n.seimbang


def test_neraca_before_the_year(contoh):
    n = selectors.neraca(lkm=contoh, per=date(2018, 12, 31))
    assert n.total_aset == 99_850_000 and n.surplus_berjalan == 0 and n.seimbang


def test_surplus_defisit_month_and_year_to_date(contoh):
    feb = selectors.surplus_defisit(lkm=contoh, dari=date(2019, 2, 1), sampai=date(2019, 2, 28))
    assert (feb.total_pendapatan, feb.total_biaya, feb.cadangan, feb.surplus) == (
        165_000,
        285_000,
        0,
        -120_000,
    )
    ytd = selectors.surplus_defisit(lkm=contoh, dari=date(2019, 1, 1), sampai=date(2019, 3, 31))
    assert (ytd.total_pendapatan, ytd.total_biaya, ytd.cadangan, ytd.surplus) == (
        165_000,
        301_350,
        16_350,
        -136_350,
    )


def test_buku_kas_with_opening_and_running_balance(contoh):
    kas = selectors.buku_akun(lkm=contoh, kode="11010", dari=date(2019, 2, 1), sampai=date(2019, 3, 31))
    assert kas.saldo_awal == 17_000_000
    assert [(b["uraian"], b["debit"], b["kredit"], b["saldo"]) for b in kas.baris] == [
        ("Angsuran ke-1", 345_000, 0, 17_345_000),
        ("Insentif UPK Februari", 0, 250_000, 17_095_000),
        ("ATK", 0, 35_000, 17_060_000),
        ("Tarik tunai", 1_000_000, 0, 18_060_000),
    ]
    assert kas.saldo_akhir == 18_060_000 and kas.total_debit == 1_345_000 and kas.total_kredit == 285_000


def test_neraca_saldo_balances(contoh):
    rows = selectors.neraca_saldo(lkm=contoh, dari=date(2019, 1, 1), sampai=date(2019, 3, 31))
    assert (
        sum(r.debit for r in rows)
        == sum(r.kredit for r in rows)
        == 3_000_000 + 345_000 + 250_000 + 35_000 + 120_000 + 1_000_000 + 16_350
    )
    kas = next(r for r in rows if r.kode == "11010")
    assert (kas.awal, kas.debit, kas.kredit, kas.akhir) == (20_000_000, 1_345_000, 3_285_000, 18_060_000)


def test_api_neraca_and_surplus(contoh, buat_pengguna, api_klien):
    klien = api_klien(buat_pengguna(Peran.PENGURUS_LKM, contoh))
    n = klien.get(f"/api/v1/lkm/{contoh.pk}/neraca?per=2019-03-31").json()
    assert n["total_aset"] == n["total_kewajiban_modal"] == 99_713_650
    assert {"kode": "12010", "nama": "Cadangan Risiko Pinjaman", "saldo": -166_350} in n["aset"]
    assert {"kode": "", "nama": "Surplus/defisit tahun berjalan", "saldo": -136_350} in n["modal"]
    s = klien.get(f"/api/v1/lkm/{contoh.pk}/surplus?tahun=2019").json()
    assert s == {
        "tahun": 2019,
        "pendapatan": 165_000,
        "biaya": 301_350,
        "cadangan": 16_350,
        "surplus": -136_350,
    }


def test_api_is_404_for_another_lkm(contoh, buat_pengguna, api_klien, lkm_kwangsen):
    klien = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    assert klien.get(f"/api/v1/lkm/{contoh.pk}/neraca").status_code == 404
    assert klien.get(f"/api/v1/lkm/{contoh.pk}/surplus?tahun=2019").status_code == 404


def test_year_close_moves_the_surplus_and_keeps_the_year_report(contoh):
    penutup = tutup_tahun(lkm=contoh, tahun=2019, oleh=None)
    assert penutup.tanggal == date(2019, 12, 31) and penutup.jenis == "penutup"
    assert sorted((b.akun.kode, b.debit, b.kredit) for b in penutup.baris.select_related("akun")) == [
        ("31030", 136_350, 0),
        ("41010", 45_000, 0),
        ("41020", 120_000, 0),
        ("51010", 0, 250_000),
        ("51030", 0, 35_000),
        ("51080", 0, 16_350),
    ]
    n = selectors.neraca(lkm=contoh, per=date(2019, 12, 31))
    modal = {b.kode: b.saldo for b in n.modal}
    # 4.850.000 retained before, minus the 2019 deficit of 136.350
    assert modal["31030"] == 4_713_650 and n.surplus_berjalan == 0 and n.seimbang
    assert "31040" not in modal
    s = selectors.surplus_defisit(lkm=contoh, dari=date(2019, 1, 1), sampai=date(2019, 12, 31))
    assert s.surplus == -136_350


def test_opening_balance_only_once_and_balanced(lkm_kwangsen):
    from kotaku.buku.services import JurnalDitolak

    with pytest.raises(JurnalDitolak, match="tidak seimbang"):
        catat_saldo_awal(
            lkm=lkm_kwangsen, tanggal=date(2018, 12, 31), oleh=None, saldo={"11010": 100, "31010": 90}
        )
    catat_saldo_awal(
        lkm=lkm_kwangsen, tanggal=date(2018, 12, 31), oleh=None, saldo={"11010": 100, "31010": 100}
    )
    with pytest.raises(Exception, match="sudah dicatat"):
        catat_saldo_awal(
            lkm=lkm_kwangsen, tanggal=date(2018, 12, 31), oleh=None, saldo={"11010": 1, "31010": 1}
        )


def test_a_double_submitted_voucher_posts_once(lkm_bukur, buat_pengguna):
    kasir = buat_pengguna(Peran.KASIR, lkm_bukur)
    for _ in range(2):
        catat_transaksi_kas(
            lkm=lkm_bukur,
            tanggal=date(2019, 2, 25),
            jenis="keluar",
            akun_kas="11010",
            akun_lawan="51040",
            jumlah=50_000,
            uraian="Transport",
            kunci="sama",
            oleh=kasir,
        )
    assert selectors.saldo_akun(lkm=lkm_bukur, kode="51040", per=date(2019, 2, 28)) == 50_000


def test_year_close_after_december_is_closed_then_the_year_takes_no_more_journals(contoh, buat_pengguna):
    from kotaku.buku.models import Jurnal
    from kotaku.buku.services import JurnalDitolak, tutup_bulan

    pembuku = buat_pengguna(Peran.PEMBUKU, contoh)
    tutup_bulan(lkm=contoh, tahun=2019, bulan=12, oleh=pembuku)
    tutup_tahun(lkm=contoh, tahun=2019, oleh=pembuku)  # dated 31 December, inside the closed month
    sebelum = Jurnal.objects.filter(lkm=contoh).count()
    with pytest.raises(JurnalDitolak) as info:
        posting_jurnal(
            lkm=contoh,
            tanggal=date(2019, 6, 3),
            uraian="Terlambat",
            baris=[Baris("51040", debit=10_000), Baris("11010", kredit=10_000)],
        )
    assert info.value.pesan == (
        "Buku tahun 2019 sudah ditutup; jurnal bertanggal 3 Juni 2019 tidak bisa dicatat. "
        "Catat koreksinya pada tahun berjalan."
    )
    assert Jurnal.objects.filter(lkm=contoh).count() == sebelum
    assert selectors.saldo_akun(lkm=contoh, kode="51040", per=date(2019, 12, 31)) == 0
    posting_jurnal(
        lkm=contoh,
        tanggal=date(2020, 1, 2),
        uraian="Tahun baru",
        baris=[Baris("51040", debit=10_000), Baris("11010", kredit=10_000)],
    )


def test_an_unclosed_earlier_year_shows_apart_from_this_years_surplus(contoh):
    posting_jurnal(
        lkm=contoh,
        tanggal=date(2020, 1, 15),
        uraian="Transport Januari",
        baris=[Baris("51040", debit=60_000), Baris("11010", kredit=60_000)],
    )
    n = selectors.neraca(lkm=contoh, per=date(2020, 1, 31))
    baris = {b.nama: b.saldo for b in n.modal if not b.kode}
    assert baris == {
        "Surplus/defisit tahun lalu belum ditutup": -136_350,
        "Surplus/defisit tahun berjalan": -60_000,
    }
    assert n.surplus_berjalan == -196_350 and n.seimbang
    tutup_tahun(lkm=contoh, tahun=2019, oleh=None)
    n = selectors.neraca(lkm=contoh, per=date(2020, 1, 31))
    assert {b.nama: b.saldo for b in n.modal if not b.kode} == {"Surplus/defisit tahun berjalan": -60_000}
    assert {b.kode: b.saldo for b in n.modal}["31030"] == 4_713_650 and n.seimbang


def test_opening_balance_may_not_come_after_journals_already_posted(lkm_kwangsen):
    from kotaku.buku.models import Jurnal
    from kotaku.buku.services import JurnalDitolak

    posting_jurnal(
        lkm=lkm_kwangsen,
        tanggal=date(2019, 1, 5),
        uraian="ATK",
        baris=[Baris("51030", debit=20_000), Baris("11010", kredit=20_000)],
    )
    with pytest.raises(JurnalDitolak) as info:
        catat_saldo_awal(
            lkm=lkm_kwangsen,
            tanggal=date(2019, 1, 31),
            oleh=None,
            saldo={"11010": 1_000_000, "31010": 1_000_000},
        )
    assert info.value.pesan == (
        "Saldo awal harus bertanggal paling lambat 5 Januari 2019, tanggal jurnal pertama LKM Sejahtera "
        "Mandiri; "
        "semua transaksi berlanjut dari saldo awal."
    )
    assert not Jurnal.objects.filter(lkm=lkm_kwangsen, jenis="saldo_awal").exists()
    catat_saldo_awal(
        lkm=lkm_kwangsen,
        tanggal=date(2018, 12, 31),
        oleh=None,
        saldo={"11010": 1_000_000, "31010": 1_000_000},
    )
    assert selectors.saldo_akun(lkm=lkm_kwangsen, kode="11010", per=date(2019, 1, 31)) == 980_000
