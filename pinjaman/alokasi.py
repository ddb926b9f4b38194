"""Allocation of money a KSM pays (alokasi pembayaran): pure computation, no ORM.

DOMAIN.md §4 (fixed rule): jasa first, then pokok, oldest instalment first; money beyond what is due prepays
future pokok; more than the whole outstanding is refused.

What is due at a meeting (DOMAIN.md §4, fixed): every unpaid instalment due on or before the date, plus the
next
instalment when it falls due within one period after the date (one month, 14 or 7 days by frequency,
inclusive):
KSM meet a few days before the due date, and what they bring then pays that instalment, jasa included.
`batas_tagih` gives that horizon; `alokasikan(..., per=horizon)` treats everything due by it as due.

Decisions taken here:
- Among instalments due by the horizon, ALL their unpaid jasa is paid first (oldest instalment
  first), then their unpaid pokok (oldest first). So a KSM two instalments behind clears both jasa before
  any pokok, the usual "jasa dulu, baru pokok" of UPK practice.
- A prepayment covers future pokok only (oldest future instalment first). Jasa of a future instalment is never
  collected early: it stays on the schedule and falls due on its own date. Waiving future flat jasa on early
  payoff is a separate, board-approved act (reschedule), not something allocation decides.
- Hence the most a payment may be on date `per` = unpaid jasa due by the horizon + all unpaid pokok.
- Overdue instalments (due on or before the payment date) are cleared before the next one within the period:
  with the horizon inclusive, a meeting on a due date also reaches the following instalment, and paying the
  instalment of the day must not leave part of it in arrears because the next one's jasa went first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kotaku.tanggal import tambah_bulan
from kotaku.uang import format_rupiah
from pinjaman.jadwal import HARI_PER_ANGSURAN


class PembayaranDitolak(ValueError):
    """A payment the loan cannot accept (zero, negative, or more than is
    owed); the message is for the user."""


@dataclass(frozen=True)
class Tagihan:
    """What is still unpaid of one instalment: its number, due date, pokok and jasa in whole rupiah."""

    ke: int
    jatuh_tempo: date
    pokok: int
    jasa: int


@dataclass(frozen=True)
class BagianAlokasi:
    """The part of one payment that goes to one instalment, split into pokok and jasa."""

    ke: int
    pokok: int
    jasa: int

    @property
    def jumlah(self) -> int:
        """Pokok + jasa allocated to this instalment."""
        return self.pokok + self.jasa


def batas_tagih(sisa: list[Tagihan], *, tanggal: date, frekuensi: str) -> date:
    """The horizon of what is due at a meeting on `tanggal`: the next instalment's due date when it falls
    within one period after `tanggal` (inclusive), else `tanggal` itself."""
    if frekuensi == "bulanan":
        akhir_periode = tambah_bulan(tanggal, 1)
    elif frekuensi in HARI_PER_ANGSURAN:
        akhir_periode = tanggal + timedelta(days=HARI_PER_ANGSURAN[frekuensi])
    else:
        raise ValueError(f"Frekuensi angsuran {frekuensi!r} tidak dikenal.")
    berikut = min(
        (t.jatuh_tempo for t in sisa if t.jatuh_tempo > tanggal and (t.pokok or t.jasa)), default=None
    )
    return berikut if berikut is not None and berikut <= akhir_periode else tanggal


def maksimum_pembayaran(sisa: list[Tagihan], *, per: date, batas: date | None = None) -> int:
    """The most a payment on `per` may be: unpaid jasa due by the horizon `batas` (default `per`) plus all
    unpaid pokok."""
    batas = batas or per
    return sum(t.jasa for t in sisa if t.jatuh_tempo <= batas) + sum(t.pokok for t in sisa)


def alokasikan(
    jumlah: int, sisa: list[Tagihan], *, per: date, batas: date | None = None
) -> list[BagianAlokasi]:
    """Allocate a payment made on `per`: due jasa, then due pokok (oldest instalment first); then the next
    instalment due by the horizon `batas` (its jasa, then its pokok); then future pokok."""
    _periksa_tagihan(sisa)
    if not isinstance(jumlah, int) or isinstance(jumlah, bool):
        raise PembayaranDitolak(f"Jumlah pembayaran harus bilangan bulat rupiah, bukan {jumlah!r}.")
    if jumlah <= 0:
        raise PembayaranDitolak("Jumlah pembayaran harus lebih dari Rp 0.")
    batas = max(batas or per, per)
    maksimum = maksimum_pembayaran(sisa, per=per, batas=batas)
    if jumlah > maksimum:
        raise PembayaranDitolak(
            f"Pembayaran {format_rupiah(jumlah)} melebihi sisa kewajiban {format_rupiah(maksimum)}."
        )

    urut = sorted(sisa, key=lambda t: (t.jatuh_tempo, t.ke))
    jatuh_tempo = [t for t in urut if t.jatuh_tempo <= per]
    berikut = [t for t in urut if per < t.jatuh_tempo <= batas]
    mendatang = [t for t in urut if t.jatuh_tempo > batas]
    ke_pokok: dict[int, int] = {}
    ke_jasa: dict[int, int] = {}
    tersisa = jumlah
    # The waterfall, each pool walked oldest instalment first. What fell due by the payment date is cleared
    # first, so paying exactly the overdue amount never leaves arrears behind; the next instalment within one
    # period comes after it, jasa before pokok; anything beyond prepays future pokok.
    for kelompok, komponen, tujuan in (
        (jatuh_tempo, "jasa", ke_jasa),
        (jatuh_tempo, "pokok", ke_pokok),
        (berikut, "jasa", ke_jasa),
        (berikut, "pokok", ke_pokok),
        (mendatang, "pokok", ke_pokok),
    ):
        for tagihan in kelompok:
            if tersisa == 0:
                break
            bagian = min(tersisa, getattr(tagihan, komponen))
            if bagian:
                tujuan[tagihan.ke] = tujuan.get(tagihan.ke, 0) + bagian
                tersisa -= bagian

    return [
        BagianAlokasi(ke=t.ke, pokok=ke_pokok.get(t.ke, 0), jasa=ke_jasa.get(t.ke, 0))
        for t in sorted(sisa, key=lambda t: t.ke)
        if t.ke in ke_pokok or t.ke in ke_jasa
    ]


def _periksa_tagihan(sisa: list[Tagihan]) -> None:
    """Refuse a malformed list of unpaid instalments: it is a bug upstream, not the payer's mistake."""
    nomor = [t.ke for t in sisa]
    if len(nomor) != len(set(nomor)):
        raise ValueError("Daftar tagihan memuat nomor angsuran ganda.")
    for t in sisa:
        if t.pokok < 0 or t.jasa < 0:
            raise ValueError(f"Sisa tagihan angsuran ke-{t.ke} tidak boleh negatif.")
