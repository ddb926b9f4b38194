"""NIK checks (pure): 16 digits, region codes, the date of birth inside, the sequence."""

from __future__ import annotations

from datetime import date

import pytest

from ksm.nik import NIKTidakValid, cocokkan_nik, periksa_nik

PER = date(2019, 11, 30)


def test_a_madiun_woman_born_17_may_1980() -> None:
    info = periksa_nik("3519105705800001", per=PER)
    assert (info.provinsi, info.kabupaten, info.kecamatan) == ("35", "19", "10")
    assert info.tanggal_lahir == date(1980, 5, 17)
    assert info.jenis_kelamin == "P"
    assert info.urut == "0001"


def test_a_man_born_in_2001_gets_the_21st_century() -> None:
    info = periksa_nik("3519100103010002", per=PER)
    assert info.tanggal_lahir == date(2001, 3, 1)
    assert info.jenis_kelamin == "L"


@pytest.mark.parametrize(
    ("nik", "pesan"),
    [
        ("351910570580001", "NIK harus 16 digit angka; yang diisi 15 digit."),
        ("35191057058000011", "NIK harus 16 digit angka; yang diisi 17 digit."),
        ("35191057O5800001", "NIK harus 16 digit angka; yang diisi memuat huruf, spasi atau tanda baca."),
        ("3519 10570580001", "NIK harus 16 digit angka; yang diisi memuat huruf, spasi atau tanda baca."),
        ("1019105705800001", "NIK berkode provinsi 10 yang tidak ada (kode provinsi 11 sampai 94)."),
        ("9519105705800001", "NIK berkode provinsi 95 yang tidak ada (kode provinsi 11 sampai 94)."),
        ("3500105705800001", "NIK berkode kabupaten/kota 00 yang tidak ada."),
        ("3519005705800001", "NIK berkode kecamatan 00 yang tidak ada."),
        (
            "3519107205800001",
            "NIK memuat tanggal lahir yang tidak mungkin (72-05-80; hari 01-31, perempuan 41-71; bulan "
            "01-12).",
        ),
        (
            "3519103102800001",
            "NIK memuat tanggal lahir yang tidak mungkin (31-02-80; hari 01-31, perempuan 41-71; bulan "
            "01-12).",
        ),
        (
            "3519101713800001",
            "NIK memuat tanggal lahir yang tidak mungkin (17-13-80; hari 01-31, perempuan 41-71; bulan "
            "01-12).",
        ),
        (
            "3519100000800001",
            "NIK memuat tanggal lahir yang tidak mungkin (00-00-80; hari 01-31, perempuan 41-71; bulan "
            "01-12).",
        ),
        ("3519105705800000", "NIK bernomor urut 0000 yang tidak ada."),
    ],
)
def test_impossible_niks_are_refused_with_the_reason(nik: str, pesan: str) -> None:
    with pytest.raises(NIKTidakValid) as exc:
        periksa_nik(nik, per=PER)
    assert str(exc.value) == pesan


def test_29_february_only_in_a_leap_year() -> None:
    assert periksa_nik("3519102902800001", per=PER).tanggal_lahir == date(1980, 2, 29)
    with pytest.raises(NIKTidakValid):
        periksa_nik("3519102902810001", per=PER)


def test_sex_and_birth_date_typed_must_match_the_nik() -> None:
    info = periksa_nik("3519105705800001", per=PER)
    assert cocokkan_nik(info, jenis_kelamin="P", tanggal_lahir=date(1980, 5, 17)) == []
    assert cocokkan_nik(info, jenis_kelamin="L", tanggal_lahir=date(1980, 5, 18)) == [
        "NIK ini milik seorang perempuan, tidak cocok dengan jenis kelamin yang diisi.",
        "NIK memuat tanggal lahir 17 Mei 1980, tidak cocok dengan tanggal lahir yang diisi.",
    ]
