"""The surplus split (DOMAIN.md §7), pure: hand-computed tables and hypothesis properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laporan.alokasi_surplus import POS, BagianTidakSah, baca_bagian, baca_persen, bagi_surplus

D = Decimal


def _bagian(*persen: str) -> dict[str, Decimal]:
    return dict(zip(POS, (D(p) for p in persen), strict=True))


@pytest.mark.parametrize(
    ("surplus", "bagian", "jumlah"),
    [
        # DOMAIN.md §7: exact 5.000.000,5 / 2.000.000,2 / 1.500.000,15 / 1.000.000,1 / 500.000,05; the
        # floors drop 1 rupiah, which goes to pemupukan modal.
        (10_000_001, ("50", "20", "15", "10", "5"), (5_000_001, 2_000_000, 1_500_000, 1_000_000, 500_000)),
        # 1.000 x 33,33% = 333,3 -> 333; 33,34% = 333,4 -> 333; the floors drop 1 rupiah -> pemupukan 334.
        (1_000, ("33.33", "33.33", "33.34", "0", "0"), (334, 333, 333, 0, 0)),
        # 7 x 20% = 1,4 -> 1 each; 2 rupiah left over -> pemupukan 3.
        (7, ("20", "20", "20", "20", "20"), (3, 1, 1, 1, 1)),
        # 4 x 25% = 1 exactly for the four lines: nothing left over, pemupukan (0%) gets 0.
        (4, ("0", "25", "25", "25", "25"), (0, 1, 1, 1, 1)),
        # 3 x 25% = 0,75 -> 0 each: all 3 rupiah are left over and go to pemupukan even at 0%.
        (3, ("0", "25", "25", "25", "25"), (3, 0, 0, 0, 0)),
        # 123.456.789 x 12,75% = 15.740.740,5975; x 30,25% = 37.345.678,6725; x 17% = 20.987.654,13;
        # x 25% = 30.864.197,25; x 15% = 18.518.518,35. Floors sum to 123.456.787: 2 left -> 15.740.742.
        (
            123_456_789,
            ("12.75", "30.25", "17", "25", "15"),
            (15_740_742, 37_345_678, 20_987_654, 30_864_197, 18_518_518),
        ),
        # The rural program's preset (modal 50, sosial 15, kelembagaan 35 as insentif 25 + cadangan 10):
        # 22.839.450,5 / 0 / 6.851.835,15 / 11.419.725,25 / 4.567.890,1 -> floors drop 1 rupiah.
        (45_678_901, ("50", "0", "15", "25", "10"), (22_839_451, 0, 6_851_835, 11_419_725, 4_567_890)),
        (0, ("50", "20", "15", "10", "5"), (0, 0, 0, 0, 0)),
    ],
)
def test_split_table(surplus, bagian, jumlah):
    hasil = bagi_surplus(surplus, _bagian(*bagian))
    assert tuple(hasil.jumlah[p] for p in POS) == jumlah
    assert sum(hasil.jumlah.values()) == surplus


def test_the_leftover_is_reported():
    assert bagi_surplus(10_000_001, _bagian("50", "20", "15", "10", "5")).sisa_pembulatan == 1
    assert bagi_surplus(123_456_789, _bagian("12.75", "30.25", "17", "25", "15")).sisa_pembulatan == 2


@pytest.mark.parametrize(
    ("bagian", "field", "pesan"),
    [
        (_bagian("50", "20", "15", "10", "4.99"), "bagian", "Jumlah bagian 99,99%; harus tepat 100,00%."),
        (_bagian("60", "20", "15", "10", "5"), "bagian", "Jumlah bagian 110,00%; harus tepat 100,00%."),
        (_bagian("55", "20", "15", "15", "-5"), "cadangan", "Bagian cadangan umum harus antara 0 dan 100%."),
        (_bagian("50", "20", "15", "9.995", "5.005"), "insentif", "paling banyak dua angka desimal"),
        (
            {**_bagian("50", "20", "15", "10", "5"), "insentif": 10.0},
            "insentif",
            "harus angka persen, bukan 10.0",
        ),
        (
            {k: v for k, v in _bagian("50", "20", "15", "10", "5").items() if k != "sosial"},
            "sosial",
            "wajib diisi",
        ),
        ({**_bagian("50", "20", "15", "10", "5"), "zakat": D("1")}, "zakat", "Pos zakat tidak dikenal."),
        ({**_bagian("50", "20", "15", "10", "5"), "lingkungan": True}, "lingkungan", "harus angka persen"),
    ],
)
def test_bad_shares_are_refused_with_the_line_named(bagian, field, pesan):
    with pytest.raises(BagianTidakSah) as info:
        bagi_surplus(1_000_000, bagian)
    assert any(e["field"] == field and pesan in e["message"] for e in info.value.errors), info.value.errors


@pytest.mark.parametrize("surplus", [-1, -10_000_000, 1.5, True, "100"])
def test_a_deficit_or_a_non_rupiah_surplus_is_refused(surplus):
    with pytest.raises(ValueError):
        bagi_surplus(surplus, _bagian("50", "20", "15", "10", "5"))


@pytest.mark.parametrize(
    ("teks", "nilai"),
    [
        ("50", "50.00"),
        ("50,00", "50.00"),
        ("12,5", "12.50"),
        ("12.75%", "12.75"),
        (" 7 ", "7.00"),
        ("0", "0.00"),
    ],
)
def test_shares_as_people_type_them(teks, nilai):
    assert baca_persen(teks) == D(nilai)


@pytest.mark.parametrize("teks", ["", "abc", "12,345", "1.000,5", "50,5,5", "1e2", "seratus"])
def test_unreadable_shares_are_refused(teks):
    with pytest.raises(BagianTidakSah):
        baca_persen(teks)


def test_typed_shares_are_read_checked_and_named():
    assert baca_bagian(
        {"pemupukan_modal": "50", "lingkungan": "20,00", "sosial": "15", "insentif": "10", "cadangan": "5"}
    ) == _bagian("50", "20", "15", "10", "5")
    with pytest.raises(BagianTidakSah) as info:
        baca_bagian(
            {"pemupukan_modal": "lima", "lingkungan": "20", "sosial": "15", "insentif": "10", "cadangan": "5"}
        )
    assert info.value.errors == [
        {"field": "pemupukan_modal", "message": "Bagian 'lima' tidak dikenal; tulis seperti 50 atau 12,75."}
    ]


# ---- properties --------------------------------------------------------------------------------------------

# Five shares in hundredths of a percent summing to 10 000 (= 100,00%): four cut points on 0..10 000.
bagian_sah = st.lists(st.integers(0, 10_000), min_size=4, max_size=4).map(
    lambda potong: [b - a for a, b in zip([0, *sorted(potong)], [*sorted(potong), 10_000], strict=True)]
)


@given(st.integers(0, 10**13), bagian_sah)
def test_property_lines_sum_exactly_and_stay_within_a_few_rupiah_of_the_exact_share(surplus, seperseratus):
    bagian = {p: D(n) / 100 for p, n in zip(POS, seperseratus, strict=True)}
    hasil = bagi_surplus(surplus, bagian)
    assert sum(hasil.jumlah.values()) == surplus
    for p, n in zip(POS, seperseratus, strict=True):
        tepat = D(surplus) * n / 10_000
        selisih = D(hasil.jumlah[p]) - tepat
        if p == "pemupukan_modal":  # its own floor drops less than 1, the leftover adds 0..4
            assert -1 < selisih <= 4, (p, selisih)
        else:
            assert -1 < selisih <= 0, (p, selisih)
    assert 0 <= hasil.sisa_pembulatan <= 4


@given(st.lists(st.integers(0, 10_000), min_size=5, max_size=5).filter(lambda x: sum(x) != 10_000))
def test_property_shares_not_summing_to_100_are_refused(seperseratus):
    with pytest.raises(BagianTidakSah, match="harus tepat 100,00%"):
        bagi_surplus(1_000_000, {p: D(n) / 100 for p, n in zip(POS, seperseratus, strict=True)})


@given(bagian_sah, st.sampled_from(POS), st.integers(1, 10_000))
def test_property_a_negative_share_is_refused(seperseratus, pos, negatif):
    bagian = {p: D(n) / 100 for p, n in zip(POS, seperseratus, strict=True)}
    bagian[pos] = -D(negatif) / 100
    with pytest.raises(BagianTidakSah):
        bagi_surplus(1_000_000, bagian)


@given(bagian_sah, st.sampled_from(POS))
def test_property_a_float_share_is_refused_even_when_the_sum_is_right(seperseratus, pos):
    bagian: dict[str, object] = {p: D(n) / 100 for p, n in zip(POS, seperseratus, strict=True)}
    bagian[pos] = float(bagian[pos])  # type: ignore[arg-type]
    with pytest.raises(BagianTidakSah, match="harus angka persen"):
        bagi_surplus(1_000_000, bagian)
