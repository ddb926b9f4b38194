"""Allocation of a payment (DOMAIN.md §4): due jasa, then due pokok, then future pokok, oldest first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinjaman.alokasi import BagianAlokasi, PembayaranDitolak, Tagihan, alokasikan, maksimum_pembayaran

# The Rp 1.000.000 / 3 months / flat 1,5% loan of DOMAIN.md, nothing paid yet.
PINJAMAN = [
    Tagihan(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=333_300, jasa=15_000),
    Tagihan(ke=2, jatuh_tempo=date(2019, 12, 14), pokok=333_300, jasa=15_000),
    Tagihan(ke=3, jatuh_tempo=date(2020, 1, 14), pokok=333_400, jasa=15_000),
]
# The same loan after a first payment of 115.000 on 14 Nov (15.000 jasa + 100.000 pokok).
SEBAGIAN_DIBAYAR = [
    Tagihan(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=233_300, jasa=0),
    Tagihan(ke=2, jatuh_tempo=date(2019, 12, 14), pokok=333_300, jasa=15_000),
    Tagihan(ke=3, jatuh_tempo=date(2020, 1, 14), pokok=333_400, jasa=15_000),
]


def B(ke: int, pokok: int, jasa: int) -> BagianAlokasi:  # noqa: N802 - reads like a table row
    return BagianAlokasi(ke=ke, pokok=pokok, jasa=jasa)


@pytest.mark.parametrize(
    ("sisa", "per", "jumlah", "diharapkan"),
    [
        pytest.param(PINJAMAN, date(2019, 11, 14), 10_000, [B(1, 0, 10_000)], id="only-part-of-the-jasa"),
        pytest.param(PINJAMAN, date(2019, 11, 14), 15_000, [B(1, 0, 15_000)], id="exactly-the-jasa"),
        pytest.param(PINJAMAN, date(2019, 11, 14), 100_000, [B(1, 85_000, 15_000)], id="jasa-and-part-pokok"),
        pytest.param(PINJAMAN, date(2019, 11, 14), 348_300, [B(1, 333_300, 15_000)], id="exact-instalment"),
        pytest.param(
            PINJAMAN, date(2019, 11, 30), 348_300, [B(1, 333_300, 15_000)], id="paid-late-same-instalment"
        ),
        pytest.param(
            PINJAMAN,
            date(2019, 12, 20),
            20_000,
            [B(1, 0, 15_000), B(2, 0, 5_000)],
            id="two-overdue-jasa-oldest-first",
        ),
        pytest.param(
            PINJAMAN,
            date(2019, 12, 20),
            400_000,
            [B(1, 333_300, 15_000), B(2, 36_700, 15_000)],
            id="two-overdue-all-jasa-then-pokok-oldest-first",
        ),
        pytest.param(
            PINJAMAN,
            date(2019, 12, 20),
            696_600,
            [B(1, 333_300, 15_000), B(2, 333_300, 15_000)],
            id="two-overdue-exactly",
        ),
        pytest.param(
            PINJAMAN,
            date(2019, 11, 14),
            500_000,
            [B(1, 333_300, 15_000), B(2, 151_700, 0)],
            id="prepays-future-pokok-not-future-jasa",
        ),
        pytest.param(
            PINJAMAN,
            date(2019, 11, 14),
            1_015_000,
            [B(1, 333_300, 15_000), B(2, 333_300, 0), B(3, 333_400, 0)],
            id="pays-off-all-pokok-early",
        ),
        pytest.param(
            PINJAMAN, date(2019, 11, 1), 200_000, [B(1, 200_000, 0)], id="before-anything-is-due-only-pokok"
        ),
        pytest.param(
            PINJAMAN,
            date(2020, 1, 14),
            1_045_000,
            [B(1, 333_300, 15_000), B(2, 333_300, 15_000), B(3, 333_400, 15_000)],
            id="whole-outstanding-at-the-end",
        ),
        pytest.param(
            SEBAGIAN_DIBAYAR,
            date(2019, 12, 14),
            300_000,
            [B(1, 233_300, 0), B(2, 51_700, 15_000)],
            id="after-a-partial-payment-jasa-of-2-then-pokok-of-1",
        ),
    ],
)
def test_allocation_table(
    sisa: list[Tagihan], per: date, jumlah: int, diharapkan: list[BagianAlokasi]
) -> None:
    assert alokasikan(jumlah, sisa, per=per) == diharapkan


def test_order_of_the_list_given_does_not_matter() -> None:
    acak = [PINJAMAN[2], PINJAMAN[0], PINJAMAN[1]]
    assert alokasikan(400_000, acak, per=date(2019, 12, 20)) == [B(1, 333_300, 15_000), B(2, 36_700, 15_000)]


@pytest.mark.parametrize(
    ("per", "maksimum"),
    [
        (date(2019, 11, 1), 1_000_000),  # no jasa due yet: all pokok
        (date(2019, 11, 14), 1_015_000),
        (date(2019, 12, 14), 1_030_000),
        (date(2020, 1, 14), 1_045_000),
        (date(2020, 6, 1), 1_045_000),
    ],
)
def test_the_most_a_payment_may_be(per: date, maksimum: int) -> None:
    assert maksimum_pembayaran(PINJAMAN, per=per) == maksimum
    alokasikan(maksimum, PINJAMAN, per=per)  # exactly the maximum is accepted
    with pytest.raises(PembayaranDitolak):
        alokasikan(maksimum + 1, PINJAMAN, per=per)


@pytest.mark.parametrize(
    ("per", "jumlah", "pesan"),
    [
        (date(2020, 1, 14), 1_500_000, "Pembayaran Rp 1.500.000 melebihi sisa kewajiban Rp 1.045.000."),
        (date(2019, 11, 14), 1_015_001, "Pembayaran Rp 1.015.001 melebihi sisa kewajiban Rp 1.015.000."),
        (date(2019, 11, 14), 0, "Jumlah pembayaran harus lebih dari Rp 0."),
        (date(2019, 11, 14), -15_000, "Jumlah pembayaran harus lebih dari Rp 0."),
    ],
)
def test_refused_payments_say_why(per: date, jumlah: int, pesan: str) -> None:
    with pytest.raises(PembayaranDitolak) as exc:
        alokasikan(jumlah, PINJAMAN, per=per)
    assert str(exc.value) == pesan
    assert isinstance(exc.value, ValueError)  # views treat domain refusals as ValueError


def test_a_repaid_loan_accepts_nothing() -> None:
    lunas = [Tagihan(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=0, jasa=0)]
    with pytest.raises(PembayaranDitolak, match=r"^Pembayaran Rp 1 melebihi sisa kewajiban Rp 0\.$"):
        alokasikan(1, lunas, per=date(2019, 12, 1))


def test_a_float_amount_is_refused() -> None:
    with pytest.raises(PembayaranDitolak, match="bilangan bulat"):
        alokasikan(15_000.0, PINJAMAN, per=date(2019, 11, 14))  # type: ignore[arg-type]


def test_malformed_outstanding_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="ganda"):
        alokasikan(1_000, [PINJAMAN[0], PINJAMAN[0]], per=date(2019, 11, 14))
    negatif = [Tagihan(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=-1, jasa=0)]
    with pytest.raises(ValueError, match="negatif"):
        alokasikan(1_000, negatif, per=date(2019, 11, 14))


# --- properties --------------------------------------------------------------------------------------


@st.composite
def _kasus(draw: st.DrawFn) -> tuple[list[Tagihan], date, int]:
    n = draw(st.integers(min_value=1, max_value=12))
    awal = date(2019, 1, 1)
    sisa = [
        Tagihan(
            ke=k,
            jatuh_tempo=awal + timedelta(days=30 * k),
            pokok=draw(st.integers(min_value=0, max_value=500_000)),
            jasa=draw(st.integers(min_value=0, max_value=20_000)),
        )
        for k in range(1, n + 1)
    ]
    per = awal + timedelta(days=draw(st.integers(min_value=0, max_value=30 * (n + 1))))
    bisa = sum(t.jasa for t in sisa if t.jatuh_tempo <= per) + sum(t.pokok for t in sisa)
    if bisa == 0:
        sisa[0] = Tagihan(ke=1, jatuh_tempo=sisa[0].jatuh_tempo, pokok=1, jasa=0)
        bisa = 1
    return sisa, per, draw(st.integers(min_value=1, max_value=bisa))


@settings(max_examples=400, deadline=None)
@given(_kasus())
def test_allocation_spends_exactly_the_amount_and_never_more_than_owed(
    kasus: tuple[list[Tagihan], date, int],
) -> None:
    sisa, per, jumlah = kasus
    bagian = alokasikan(jumlah, sisa, per=per)
    tagihan = {t.ke: t for t in sisa}
    assert sum(b.pokok + b.jasa for b in bagian) == jumlah
    for b in bagian:
        t = tagihan[b.ke]
        assert 0 <= b.pokok <= t.pokok
        assert 0 <= b.jasa <= t.jasa
        assert b.pokok + b.jasa > 0
        if t.jatuh_tempo > per:
            assert b.jasa == 0  # future jasa is never collected early
    dapat = {b.ke: b for b in bagian}
    jasa_tempo = [t for t in sisa if t.jatuh_tempo <= per]
    lunas_jasa = all(dapat.get(t.ke, B(t.ke, 0, 0)).jasa == t.jasa for t in jasa_tempo)
    if any(b.pokok for b in bagian):
        assert lunas_jasa  # no pokok while due jasa is unpaid
    if any(dapat[t.ke].pokok for t in sisa if t.jatuh_tempo > per and t.ke in dapat):
        # no prepayment while due pokok is unpaid
        assert all(dapat.get(t.ke, B(t.ke, 0, 0)).pokok == t.pokok for t in jasa_tempo)
    # Oldest first within each pool: an instalment gets money only when every older one in its pool is full.
    for pool, komponen in (
        (jasa_tempo, "jasa"),
        (jasa_tempo, "pokok"),
        ([t for t in sisa if t.jatuh_tempo > per], "pokok"),
    ):
        for i, t in enumerate(pool):
            if getattr(dapat.get(t.ke, B(t.ke, 0, 0)), komponen):
                assert all(
                    getattr(dapat.get(u.ke, B(u.ke, 0, 0)), komponen) == getattr(u, komponen)
                    for u in pool[:i]
                )


@settings(max_examples=200, deadline=None)
@given(_kasus(), st.integers(min_value=1, max_value=1_000_000))
def test_more_than_the_maximum_is_always_refused(kasus: tuple[list[Tagihan], date, int], lebih: int) -> None:
    sisa, per, _ = kasus
    with pytest.raises(PembayaranDitolak, match="melebihi sisa kewajiban"):
        alokasikan(maksimum_pembayaran(sisa, per=per) + lebih, sisa, per=per)


@pytest.mark.parametrize(
    ("tanggal", "frekuensi", "batas"),
    [
        (date(2019, 10, 14), "bulanan", date(2019, 11, 14)),  # next due exactly one month later: inclusive
        (date(2019, 10, 13), "bulanan", date(2019, 10, 13)),  # one month + 1 day ahead: not yet due
        (date(2019, 11, 10), "bulanan", date(2019, 11, 14)),  # a meeting 4 days before the due date
        (date(2019, 11, 14), "bulanan", date(2019, 12, 14)),  # on a due date: that one and the next are due
        (date(2020, 1, 20), "bulanan", date(2020, 1, 20)),  # nothing left in the future
        (date(2019, 10, 31), "dua_mingguan", date(2019, 11, 14)),  # 14 days: inclusive
        (date(2019, 10, 30), "dua_mingguan", date(2019, 10, 30)),  # 15 days ahead
        (date(2019, 11, 7), "mingguan", date(2019, 11, 14)),  # 7 days: inclusive
        (date(2019, 11, 6), "mingguan", date(2019, 11, 6)),  # 8 days ahead
    ],
)
def test_what_is_due_at_a_meeting_reaches_the_next_instalment_within_one_period(tanggal, frekuensi, batas):
    from pinjaman.alokasi import batas_tagih

    assert batas_tagih(PINJAMAN, tanggal=tanggal, frekuensi=frekuensi) == batas


def test_a_paid_next_instalment_does_not_stretch_the_horizon():
    from pinjaman.alokasi import batas_tagih

    dibayar = [Tagihan(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=0, jasa=0), *PINJAMAN[1:]]
    # Instalment 1 is fully paid: the next unpaid one (14 Dec) is more than a month after 10 Nov.
    assert batas_tagih(dibayar, tanggal=date(2019, 11, 10), frekuensi="bulanan") == date(2019, 11, 10)
