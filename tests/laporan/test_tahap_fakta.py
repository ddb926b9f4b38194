"""The fact query of KSM maturity (laporan.tahap) on hand-made records: every indicator's source, pinned.

Dates: assessed 15 Oktober 2019, so the window is 1 Mei - 15 Oktober 2019 and "12 months" starts 15 Oktober
2018 (both ends included).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kotaku.models import Kebijakan, Peran
from ksm import services as ksm_services
from ksm.models import KSM, Kehadiran
from ksm.tabungan.services import catat_tabungan
from ksm.tahap import (
    DIHAPUSBUKUKAN,
    LUNAS_DENGAN_TUNGGAKAN,
    LUNAS_TANPA_TUNGGAKAN,
    FaktaPertemuan,
    PemeriksaanBuku,
)
from laporan.tahap import fakta_tahap_banyak, usulan_tahap_banyak
from pinjaman import services as pinjaman_services
from tests.ksm.factories import KSMFactory, ksm_dengan_anggota, tambah
from tests.pinjaman.conftest import cair
from tests.pinjaman.conftest import orang as orang  # the fixture, for the loan tests here

PER = date(2019, 10, 15)


@pytest.fixture
def uji(db: Any, lkm_bukur: Any, buat_pengguna: Any) -> dict[str, Any]:
    """KSM Uji (Bukur, 2018): A, B, C, D from the start, E joins 1 Aug 2019, D leaves 15 Sep 2019."""
    ksm = KSMFactory(
        nama="KSM Uji Fakta",
        tanggal_berdiri=date(2018, 1, 1),
        tanggal_aturan_main=date(2018, 1, 1),
        tanggal_tinjau_aturan_main=date(2019, 11, 1),  # after the date: the agreement of 2018 counts
        nama_bank="BRI Unit Jiwan",
        nomor_rekening="0001-01-000123-53-1",
        penandatangan_1="Sumiati",
        penandatangan_2="",
    )
    a = {n: tambah(ksm, n).anggota for n in "ABCD"}
    a["E"] = tambah(ksm, "E", bergabung=date(2019, 8, 1)).anggota
    ksm_services.keluarkan_anggota(keanggotaan=ksm.keanggotaan.get(anggota=a["D"]), tanggal=date(2019, 9, 15))
    return {"ksm": ksm, "a": a, "manajer": buat_pengguna(Peran.MANAJER_UPK, lkm_bukur)}


def _rapat(
    uji: dict[str, Any], tanggal: date, hadir: str, *, izin: str = "", agenda: str = "", kritis: str = ""
):
    a = uji["a"]
    kehadiran = {a[n].pk: "izin" for n in izin} | {a[n].pk: "hadir" for n in hadir}
    return ksm_services.catat_pertemuan(
        ksm=uji["ksm"], tanggal=tanggal, kehadiran=kehadiran, agenda=agenda, perkara_kritis=kritis
    )


def test_meetings_members_on_the_day_and_who_of_them_came(uji: dict[str, Any]) -> None:
    _rapat(uji, date(2019, 4, 30), "ABCD", agenda="di luar jendela")
    _rapat(uji, date(2019, 5, 1), "AB", izin="C", agenda="angsuran")
    _rapat(uji, date(2019, 7, 20), "ABCD", agenda="   ", kritis="anggota sakit")
    _rapat(uji, date(2019, 8, 10), "AE", agenda="tabungan")  # E is a member from 1 Aug: five members
    sep = _rapat(uji, date(2019, 9, 20), "ABCE", agenda="pembukuan", kritis="kas selisih")
    # D left on 15 Sep; marked present anyway (around the service), he does not count.
    Kehadiran.objects.create(pertemuan=sep, anggota=uji["a"]["D"], status="hadir")
    _rapat(uji, PER, "A")  # on the date itself: counted
    _rapat(uji, date(2019, 10, 16), "ABCE", agenda="sesudah tanggal penilaian")

    fakta = fakta_tahap_banyak([uji["ksm"].pk], PER)[uji["ksm"].pk]

    assert fakta.pertemuan == (
        FaktaPertemuan(date(2019, 5, 1), anggota_aktif=4, hadir=2, ada_agenda=True, ada_perkara_kritis=False),
        FaktaPertemuan(
            date(2019, 7, 20), anggota_aktif=4, hadir=4, ada_agenda=False, ada_perkara_kritis=True
        ),
        FaktaPertemuan(
            date(2019, 8, 10), anggota_aktif=5, hadir=2, ada_agenda=True, ada_perkara_kritis=False
        ),
        FaktaPertemuan(date(2019, 9, 20), anggota_aktif=4, hadir=4, ada_agenda=True, ada_perkara_kritis=True),
        FaktaPertemuan(PER, anggota_aktif=4, hadir=1, ada_agenda=False, ada_perkara_kritis=False),
    )


def test_savings_months_with_net_deposits_in_the_window(uji: dict[str, Any]) -> None:
    a, ksm = uji["a"], uji["ksm"]

    def simpan(n: str, tanggal: date, jumlah: int) -> None:
        catat_tabungan(
            ksm=ksm, anggota=a[n], tanggal=tanggal, jumlah=jumlah, kunci=f"{n}{tanggal}{jumlah}", oleh=None
        )

    simpan("A", date(2019, 4, 20), 10_000)  # April: before the window
    simpan("A", date(2019, 5, 1), 10_000)  # Mei: +10.000
    simpan("A", date(2019, 6, 10), 5_000)  # Juni: +5.000 - 5.000 = 0, not > 0
    simpan("A", date(2019, 6, 20), -5_000)
    simpan("B", date(2019, 7, 20), 20_000)  # Juli: +20.000 - 10.000 = +10.000
    simpan("A", date(2019, 7, 25), -10_000)
    simpan("C", date(2019, 9, 20), 5_000)  # September
    simpan("C", date(2019, 10, 16), 5_000)  # after the date

    fakta = fakta_tahap_banyak([ksm.pk], PER)[ksm.pk]

    assert fakta.bulan_tabungan_bersih_positif == {(2019, 5), (2019, 7), (2019, 9)}


def test_rules_books_account_and_partners(uji: dict[str, Any]) -> None:
    ksm, manajer = uji["ksm"], uji["manajer"]
    for tanggal, hasil in ((date(2018, 10, 14), "sesuai"), (date(2019, 3, 1), "tidak_sesuai")):
        ksm_services.catat_pemeriksaan_buku(ksm=ksm, tanggal=tanggal, hasil=hasil, oleh=manajer)
    ksm_services.catat_pemeriksaan_buku(ksm=ksm, tanggal=date(2019, 10, 16), hasil="sesuai", oleh=manajer)
    for tanggal in (date(2018, 10, 14), date(2018, 10, 15), PER, date(2019, 10, 16)):
        ksm_services.catat_kegiatan_mitra(ksm=ksm, mitra="Dinas", jenis="pelatihan", tanggal=tanggal)

    fakta = fakta_tahap_banyak([ksm.pk], PER)[ksm.pk]

    assert fakta.tanggal_aturan_main == date(2018, 1, 1)
    assert fakta.pemeriksaan_buku_terakhir == PemeriksaanBuku(date(2019, 3, 1), "tidak_sesuai")
    assert fakta.penandatangan_rekening == 1
    assert fakta.kegiatan_mitra == (date(2018, 10, 15), PER)  # 14 Okt 2018 and 16 Okt 2019 fall outside
    assert (fakta.kolektibilitas_terburuk, fakta.akhir_pinjaman_terakhir) == (None, None)


@pytest.mark.parametrize(
    ("aturan", "tinjau", "diharapkan"),
    [
        (None, None, None),  # no written rules
        (date(2018, 1, 1), None, date(2018, 1, 1)),
        (date(2018, 1, 1), date(2019, 2, 1), date(2019, 2, 1)),  # the review is the latest
        (date(2018, 1, 1), date(2019, 10, 16), date(2018, 1, 1)),  # a review after the date does not count
        (date(2019, 10, 16), None, None),  # agreed after the date: none yet
    ],
)
def test_the_rules_date_is_the_latest_agreement_or_review_on_or_before_the_date(
    db: Any, aturan: date | None, tinjau: date | None, diharapkan: date | None
) -> None:
    ksm = KSMFactory(tanggal_aturan_main=aturan, tanggal_tinjau_aturan_main=tinjau)
    assert fakta_tahap_banyak([ksm.pk], PER)[ksm.pk].tanggal_aturan_main == diharapkan


@pytest.mark.parametrize(
    ("rekening", "satu", "dua", "diharapkan"),
    [
        ("", "Sumiati", "Paerah", 0),
        ("123", "", "", 0),
        ("123", "", "Paerah", 1),
        ("123", "Sumiati", "Paerah", 2),
    ],
)
def test_signatories_count_only_with_an_account(
    db: Any, rekening: str, satu: str, dua: str, diharapkan: int
) -> None:
    ksm = KSMFactory(nomor_rekening=rekening, penandatangan_1=satu, penandatangan_2=dua)
    assert fakta_tahap_banyak([ksm.pk], PER)[ksm.pk].penandatangan_rekening == diharapkan


# ---- loans (indicator 6) ---------------------------------------------------------------------------------
# 5 members x Rp 1.000.000 from 10 Jan 2019 over 10 months flat 1,5%: Rp 500.000 pokok + Rp 75.000 jasa due on
# the 10th of Feb .. Nov 2019.


def _bayar(p: Any, orang: dict[str, Any], tanggal: date, jumlah: int = 575_000) -> None:
    pinjaman_services.catat_pembayaran(
        pinjaman=p, tanggal=tanggal, jumlah=jumlah, kunci=f"{p.pk}-{tanggal}", oleh=orang[Peran.KASIR]
    )


def _jatuh_tempo() -> list[date]:
    return [date(2019, b, 10) for b in range(2, 12)]


def test_loans_running_repaid_late_written_off_and_never(
    lkm_bukur: Any,
    orang: dict[str, Any],  # noqa: F811 - the fixture imported above
) -> None:
    tepat = ksm_dengan_anggota(5, lkm=lkm_bukur)
    p = cair(tepat, orang, pokok=1_000_000)
    for t in _jatuh_tempo():
        _bayar(p, orang, t)

    telat = ksm_dengan_anggota(5, lkm=lkm_bukur)
    p = cair(telat, orang, pokok=1_000_000, kunci="cair-telat")
    for t in _jatuh_tempo():
        if t.month == 3:
            continue  # March missed ...
        _bayar(p, orang, t, 1_150_000 if t.month == 4 else 575_000)  # ... and paid up with April's

    macet = ksm_dengan_anggota(5, lkm=lkm_bukur)
    p_macet = cair(macet, orang, pokok=1_000_000, kunci="cair-macet")
    pinjaman_services.hapus_buku(
        pinjaman=p_macet,
        tanggal=date(2020, 1, 15),
        nomor_keputusan="01/LKM/I/2020",
        tanggal_keputusan=date(2020, 1, 10),
        kunci="hb",
        oleh=orang[Peran.PENGURUS_LKM],
    )
    belum = ksm_dengan_anggota(5, lkm=lkm_bukur)
    semua = [tepat.pk, telat.pk, macet.pk, belum.pk]

    def pinjaman(per: date) -> list[tuple[int | None, str | None]]:
        f = fakta_tahap_banyak(semua, per)
        return [(f[k].kolektibilitas_terburuk, f[k].akhir_pinjaman_terakhir) for k in semua]

    # 31 Mar: the late KSM owes March's Rp 500.000 pokok = 1 month (Kol 2); the stuck one 2 months (Kol 2)
    assert pinjaman(date(2019, 3, 31)) == [(1, None), (2, None), (2, None), (None, None)]
    # 31 Jul: stuck 6 months (Kol 3: > 3 to 6)
    assert pinjaman(date(2019, 7, 31)) == [(1, None), (1, None), (3, None), (None, None)]
    # 31 Dec: both repaid (10 Nov), one of them late once; the stuck loan 10 months (Kol 5), not written off
    assert pinjaman(date(2019, 12, 31)) == [
        (None, LUNAS_TANPA_TUNGGAKAN),
        (None, LUNAS_DENGAN_TUNGGAKAN),
        (5, None),
        (None, None),
    ]
    # after the write-off of 15 Jan 2020
    assert pinjaman(date(2020, 1, 31))[2] == (None, DIHAPUSBUKUKAN)


def test_a_running_loan_decides_over_the_last_repaid_one(
    lkm_bukur: Any,
    orang: dict[str, Any],  # noqa: F811
) -> None:
    ksm = ksm_dengan_anggota(5, lkm=lkm_bukur)
    p = cair(ksm, orang, pokok=1_000_000)
    for t in _jatuh_tempo():
        _bayar(p, orang, t)
    cair(ksm, orang, pokok=1_000_000, tanggal=date(2019, 12, 1), kunci="cair-2")  # due 1 Jan, 1 Feb ...
    f = fakta_tahap_banyak([ksm.pk], date(2020, 2, 29))[ksm.pk]
    # 2 months unpaid on the second loan: Kol 2, whatever the clean first loan says
    assert (f.kolektibilitas_terburuk, f.akhir_pinjaman_terakhir) == (2, LUNAS_TANPA_TUNGGAKAN)


def test_kolektibilitas_uses_the_lkm_s_own_class_bounds(
    lkm_bukur: Any,
    orang: dict[str, Any],  # noqa: F811
) -> None:
    Kebijakan.objects.create(
        lkm=lkm_bukur,
        berlaku_mulai=date(2019, 1, 1),
        nomor_keputusan="05/LKM/2019",
        tanggal_keputusan=date(2018, 12, 20),
        wajib_tiga_bulan=False,
        kol2_maks_bulan=Decimal("0.5"),
    )
    ksm = ksm_dengan_anggota(5, lkm=lkm_bukur)
    p = cair(ksm, orang, pokok=1_000_000)
    _bayar(p, orang, date(2019, 2, 10))
    # 1 month in arrears on 31 Mar: above this LKM's Kol 2 bound of 0,5 month, so Kol 3
    assert fakta_tahap_banyak([ksm.pk], date(2019, 3, 31))[ksm.pk].kolektibilitas_terburuk == 3


# ---- the whole proposal, and the number of queries -------------------------------------------------------


def test_the_proposal_of_the_hand_made_ksm(uji: dict[str, Any], lkm_bukur: Any) -> None:
    test_meetings_members_on_the_day_and_who_of_them_came(uji)
    test_savings_months_with_net_deposits_in_the_window(uji)
    test_rules_books_account_and_partners(uji)
    hasil = usulan_tahap_banyak([uji["ksm"].pk], PER)[uji["ksm"].pk]
    # meetings in 5 of 6 months -> 2; 13 present of 21 = 61,9% -> 2; agenda 3 of 5 = 60% -> 2;
    # savings 3 months -> 1; rules of 1 Jan 2018, older than 12 months -> 2; never borrowed -> 0;
    # last book check 1 Mar 2019 tidak sesuai -> 1; one signatory -> 1; 2 partners -> 2; 2 critical -> 2
    assert [i.skor for i in hasil.indikator] == [2, 2, 2, 1, 2, 0, 1, 1, 2, 2]
    assert (hasil.total, hasil.tahap) == (15, "tumbuh")
    # An LKM whose Tumbuh starts at 16 calls the same records Tunas.
    Kebijakan.objects.create(
        lkm=lkm_bukur,
        berlaku_mulai=date(2019, 10, 1),
        nomor_keputusan="07/LKM/2019",
        tanggal_keputusan=date(2019, 9, 30),
        tahap_tumbuh_min=16,
        tahap_kembang_min=24,
    )
    assert usulan_tahap_banyak([uji["ksm"].pk], PER)[uji["ksm"].pk].tahap == "tunas"


@pytest.mark.parametrize("banyak", [1, 6])
def test_a_constant_number_of_queries(
    db: Any, lkm_bukur: Any, lkm_kwangsen: Any, banyak: int, django_assert_num_queries: Any
) -> None:
    ksm = [ksm_dengan_anggota(5, lkm=lkm_bukur if i % 2 else lkm_kwangsen) for i in range(banyak)]
    for k in ksm:
        ksm_services.catat_pertemuan(ksm=k, tanggal=date(2019, 9, 1), kehadiran={})
    with django_assert_num_queries(8):
        hasil = usulan_tahap_banyak(KSM.objects.filter(pk__in=[k.pk for k in ksm]), PER)
    assert len(hasil) == banyak
    # no one present at the one meeting: attendance 0; meetings in 1 of 6 months: 0
    assert all(h.indikator[1].skor == 0 and h.indikator[0].skor == 0 for h in hasil.values())
