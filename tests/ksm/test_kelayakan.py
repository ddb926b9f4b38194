"""Eligibility to borrow (DOMAIN.md section 3): every failed rule named, warnings apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kotaku.models import Kebijakan
from ksm.kelayakan import (
    FaktaKelayakan,
    FaktaPinjaman,
    PinjamanBerjalan,
    bulan_berturut_terpanjang,
    cek_kelayakan,
    nilai_kelayakan,
)
from ksm.models import KSM, Pertemuan, TransaksiTabungan
from ksm.services import keluarkan_anggota
from tests.ksm.factories import KSMFactory, ksm_dengan_anggota, tambah

PER = date(2019, 11, 30)
TIGA_BULAN = "Sebelum pinjaman pertama KSM harus bertemu dan menabung 3 bulan berturut-turut; baru terpenuhi"


def _bulan_rutin(ksm: KSM, bulan: list[tuple[int, int]], *, setor: bool = True) -> None:
    """One meeting on the 10th of each month, and a Rp 10.000 deposit by the first member."""
    anggota = ksm.keanggotaan.first().anggota
    for i, (th, bl) in enumerate(bulan):
        p = Pertemuan.objects.create(ksm=ksm, tanggal=date(th, bl, 10), agenda="rutin")
        if setor:
            TransaksiTabungan.objects.create(
                ksm=ksm,
                anggota=anggota,
                pertemuan=p,
                tanggal=p.tanggal,
                jumlah=10_000,
                kunci=f"uji-{th}-{bl}-{i}",
            )


def _kebijakan(**ubah: Any) -> Kebijakan:
    k = Kebijakan(berlaku_mulai=date(2009, 1, 1), nomor_keputusan="x", tanggal_keputusan=date(2009, 1, 1))
    for kolom, nilai in ubah.items():
        setattr(k, kolom, nilai)
    return k


def _fakta(**ubah: Any) -> FaktaKelayakan:
    dasar: dict[str, Any] = {
        "jenis": "pinjaman_bergulir",
        "status": "aktif",
        "jumlah_anggota": 5,
        "jumlah_perempuan": 5,
        "belum_tanggung_renteng": [],
        "bulan_pertemuan": frozenset({date(2019, 8, 1), date(2019, 9, 1), date(2019, 10, 1)}),
        "bulan_setoran": frozenset({date(2019, 8, 1), date(2019, 9, 1), date(2019, 10, 1)}),
    }
    return FaktaKelayakan(**(dasar | ubah))


@pytest.mark.parametrize(
    ("bulan", "panjang"),
    [
        ([], 0),
        ([date(2019, 1, 5)], 1),
        ([date(2019, 1, 5), date(2019, 2, 28), date(2019, 4, 1)], 2),
        ([date(2018, 11, 1), date(2018, 12, 1), date(2019, 1, 1)], 3),  # across the new year
        ([date(2019, 1, 1), date(2019, 1, 20), date(2019, 2, 1)], 2),  # two meetings in one month count once
    ],
)
def test_longest_run_of_calendar_months(bulan: list[date], panjang: int) -> None:
    assert bulan_berturut_terpanjang(bulan) == panjang


def test_all_rules_met_is_eligible() -> None:
    hasil = nilai_kelayakan(_fakta(), _kebijakan())
    assert (hasil.layak, hasil.alasan, hasil.peringatan) == (True, [], [])


def test_every_failed_rule_is_named() -> None:
    hasil = nilai_kelayakan(
        _fakta(
            jumlah_anggota=4,
            jumlah_perempuan=1,
            belum_tanggung_renteng=["Karto", "Sumi"],
            bulan_setoran=frozenset({date(2019, 9, 1), date(2019, 10, 1)}),
        ),
        _kebijakan(aturan_perempuan="blokir"),
    )
    assert hasil.layak is False
    assert hasil.alasan == [
        "KSM baru memiliki 4 anggota aktif; minimal 5.",
        "Belum menandatangani Pernyataan Kesanggupan Tanggung Renteng: Karto, Sumi.",
        f"{TIGA_BULAN} 2 bulan berturut-turut.",
        "Anggota perempuan baru 25% (1 dari 4); kebijakan LKM minimal 30%.",
    ]
    assert hasil.peringatan == []


def test_three_months_only_before_the_first_loan_and_only_when_the_policy_says_so() -> None:
    fakta = _fakta(bulan_pertemuan=frozenset())
    assert nilai_kelayakan(fakta, _kebijakan()).alasan == [f"{TIGA_BULAN} 0 bulan berturut-turut."]
    sudah_pernah = replace(fakta, pinjaman=FaktaPinjaman(pernah_cair=True))
    assert nilai_kelayakan(sudah_pernah, _kebijakan()).layak is True
    assert nilai_kelayakan(fakta, _kebijakan(wajib_tiga_bulan=False)).layak is True


@pytest.mark.parametrize(
    ("aturan", "layak", "alasan", "peringatan"),
    [
        ("peringatan", True, [], ["Anggota perempuan baru 16,7% (1 dari 6); kebijakan LKM minimal 30%."]),
        ("blokir", False, ["Anggota perempuan baru 16,7% (1 dari 6); kebijakan LKM minimal 30%."], []),
        ("mati", True, [], []),
    ],
)
def test_women_share_rule_follows_the_policy(
    aturan: str, layak: bool, alasan: list[str], peringatan: list[str]
) -> None:
    hasil = nilai_kelayakan(_fakta(jumlah_anggota=6, jumlah_perempuan=1), _kebijakan(aturan_perempuan=aturan))
    assert (hasil.layak, hasil.alasan, hasil.peringatan) == (layak, alasan, peringatan)


def test_exactly_the_minimum_share_of_women_passes() -> None:
    # 3 of 10 = 30% exactly: not below the minimum.
    hasil = nilai_kelayakan(
        _fakta(jumlah_anggota=10, jumlah_perempuan=3), _kebijakan(perempuan_min_persen=Decimal("30"))
    )
    assert hasil.peringatan == []


def test_only_pb_and_active_groups_borrow() -> None:
    hasil = nilai_kelayakan(_fakta(jenis="sosial", status="nonaktif"), _kebijakan())
    assert hasil.alasan == [
        "Hanya KSM pinjaman bergulir yang dapat meminjam.",
        "KSM berstatus nonaktif; hanya KSM aktif yang dapat meminjam.",
    ]


# ---- from the database -------------------------------------------------------------------------------------


def test_four_members_refused_then_a_fifth_makes_it_eligible(db: Any) -> None:
    ksm = ksm_dengan_anggota(4)
    _bulan_rutin(ksm, [(2019, 8), (2019, 9), (2019, 10)])
    assert cek_kelayakan(ksm, per=PER).alasan == ["KSM baru memiliki 4 anggota aktif; minimal 5."]
    tambah(ksm, "Paerah Lima")
    hasil = cek_kelayakan(ksm, per=PER)
    assert (hasil.layak, hasil.alasan) == (True, [])


def test_members_who_have_not_signed_are_named(db: Any) -> None:
    ksm = ksm_dengan_anggota(4)
    tambah(ksm, "Karto", perempuan=False, tr=False)
    _bulan_rutin(ksm, [(2019, 8), (2019, 9), (2019, 10)])
    assert cek_kelayakan(ksm, per=PER).alasan == [
        "Belum menandatangani Pernyataan Kesanggupan Tanggung Renteng: Karto."
    ]


def test_meetings_without_savings_do_not_count(db: Any) -> None:
    ksm = ksm_dengan_anggota(5)
    _bulan_rutin(ksm, [(2019, 8), (2019, 9), (2019, 10)], setor=False)
    assert cek_kelayakan(ksm, per=PER).alasan == [f"{TIGA_BULAN} 0 bulan berturut-turut."]


def test_a_gap_month_breaks_the_run(db: Any) -> None:
    ksm = ksm_dengan_anggota(5)
    _bulan_rutin(ksm, [(2019, 7), (2019, 8), (2019, 10), (2019, 11)])
    assert cek_kelayakan(ksm, per=PER).alasan == [f"{TIGA_BULAN} 2 bulan berturut-turut."]


def test_as_of_a_date_ignores_later_records_and_members_who_left(db: Any) -> None:
    ksm = ksm_dengan_anggota(5)
    _bulan_rutin(ksm, [(2019, 8), (2019, 9), (2019, 10)])
    assert cek_kelayakan(ksm, per=date(2019, 9, 30)).alasan == [f"{TIGA_BULAN} 2 bulan berturut-turut."]
    keluarkan_anggota(keanggotaan=ksm.keanggotaan.last(), tanggal=date(2019, 11, 1), alasan="pindah")
    assert cek_kelayakan(ksm, per=date(2019, 10, 31)).layak is True
    assert cek_kelayakan(ksm, per=PER).alasan == ["KSM baru memiliki 4 anggota aktif; minimal 5."]


def test_women_warning_uses_the_lkm_policy(db: Any, lkm_bukur: Any) -> None:
    ksm = KSMFactory(lkm=lkm_bukur)
    tambah(ksm, "Sumi")
    for nama in ["Karto", "Slamet", "Parno", "Joko"]:
        tambah(ksm, nama, perempuan=False)
    _bulan_rutin(ksm, [(2019, 8), (2019, 9), (2019, 10)])
    hasil = cek_kelayakan(ksm, per=PER)
    assert (hasil.layak, hasil.peringatan) == (
        True,
        ["Anggota perempuan baru 20% (1 dari 5); kebijakan LKM minimal 30%."],
    )
    Kebijakan.objects.create(
        lkm=lkm_bukur,
        berlaku_mulai=date(2019, 1, 1),
        nomor_keputusan="01/LKM/2019",
        tanggal_keputusan=date(2018, 12, 20),
        aturan_perempuan="blokir",
    )
    hasil = cek_kelayakan(ksm, per=PER)
    assert (hasil.layak, hasil.alasan) == (
        False,
        ["Anggota perempuan baru 20% (1 dari 5); kebijakan LKM minimal 30%."],
    )


@pytest.mark.parametrize(
    ("pinjaman", "bersamaan", "alasan"),
    [
        pytest.param(FaktaPinjaman(pernah_cair=True), False, [], id="a-repaid-loan-blocks-nothing"),
        pytest.param(
            FaktaPinjaman(berjalan=(PinjamanBerjalan(7, date(2019, 3, 4), 0, 0),), pernah_cair=True),
            False,
            [
                "KSM masih punya pinjaman berjalan #7 (dicairkan 4 Maret 2019); kebijakan LKM tidak "
                "membolehkan "
                "pinjaman kedua sebelum lunas."
            ],
            id="a-running-loan-blocks-a-second-one",
        ),
        pytest.param(
            FaktaPinjaman(berjalan=(PinjamanBerjalan(7, date(2019, 3, 4), 0, 0),), pernah_cair=True),
            True,
            [],
            id="unless-the-policy-allows-it",
        ),
        pytest.param(
            FaktaPinjaman(
                berjalan=(PinjamanBerjalan(9, date(2018, 12, 5), 2_400_000, 360_000),), pernah_cair=True
            ),
            True,
            ["KSM masih menunggak pada pinjaman #9 (pokok Rp 2.400.000, jasa Rp 360.000)."],
            id="arrears-block-even-when-the-policy-allows-two",
        ),
        pytest.param(
            FaktaPinjaman(pengajuan_terbuka=(12,)),
            False,
            ["KSM masih punya pengajuan pinjaman #12 yang belum selesai (dicairkan atau ditolak)."],
            id="an-open-application",
        ),
        pytest.param(
            FaktaPinjaman(anggota_di_pinjaman_lain=(("Sumiati", "KSM Mawar"),)),
            False,
            ["Sumiati masih menjadi peminjam pada pinjaman berjalan KSM Mawar."],
            id="a-member-still-borrowing-elsewhere",
        ),
    ],
)
def test_the_loan_rules_are_part_of_the_one_rule_set(
    pinjaman: FaktaPinjaman, bersamaan: bool, alasan: list[str]
) -> None:
    hasil = nilai_kelayakan(_fakta(pinjaman=pinjaman), _kebijakan(pinjaman_bersamaan=bersamaan))
    assert hasil.alasan == alasan and hasil.layak is (not alasan)
