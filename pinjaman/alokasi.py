"""Allocation of money a KSM pays (alokasi pembayaran): pure computation, no ORM.

DOMAIN.md §4 (fixed rule): jasa first, then pokok, oldest instalment first; money beyond what is due prepays
future pokok; more than the whole outstanding is refused.

Decisions taken here:
- Among instalments due on or before the payment date, ALL their unpaid jasa is paid first (oldest instalment
  first), then their unpaid pokok (oldest first). So a KSM two instalments behind clears both jasa before
  any pokok, the usual "jasa dulu, baru pokok" of UPK practice.
- A prepayment covers future pokok only (oldest future instalment first). Jasa of a future instalment is never
  collected early: it stays on the schedule and falls due on its own date. Waiving future flat jasa on early
  payoff is a separate, board-approved act (reschedule), not something allocation decides.
- Hence the most a payment may be on date `per` = unpaid jasa due by `per` + all unpaid pokok.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kotaku.uang import format_rupiah


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


def maksimum_pembayaran(sisa: list[Tagihan], *, per: date) -> int:
    """The most a payment on `per` may be: unpaid jasa due by then plus all unpaid pokok."""
    return sum(t.jasa for t in sisa if t.jatuh_tempo <= per) + sum(t.pokok for t in sisa)


def alokasikan(jumlah: int, sisa: list[Tagihan], *, per: date) -> list[BagianAlokasi]:
    """Allocate a payment: due jasa, then due pokok, then future pokok, each oldest instalment first."""
    _periksa_tagihan(sisa)
    if not isinstance(jumlah, int) or isinstance(jumlah, bool):
        raise PembayaranDitolak(f"Jumlah pembayaran harus bilangan bulat rupiah, bukan {jumlah!r}.")
    if jumlah <= 0:
        raise PembayaranDitolak("Jumlah pembayaran harus lebih dari Rp 0.")
    maksimum = maksimum_pembayaran(sisa, per=per)
    if jumlah > maksimum:
        raise PembayaranDitolak(
            f"Pembayaran {format_rupiah(jumlah)} melebihi sisa kewajiban {format_rupiah(maksimum)}."
        )

    urut = sorted(sisa, key=lambda t: (t.jatuh_tempo, t.ke))
    jatuh_tempo = [t for t in urut if t.jatuh_tempo <= per]
    mendatang = [t for t in urut if t.jatuh_tempo > per]
    ke_pokok: dict[int, int] = {}
    ke_jasa: dict[int, int] = {}
    tersisa = jumlah
    # The waterfall: three pools in order, each walked oldest instalment first.
    for kelompok, komponen, tujuan in (
        (jatuh_tempo, "jasa", ke_jasa),
        (jatuh_tempo, "pokok", ke_pokok),
        (mendatang, "pokok", ke_pokok),
    ):
        for tagihan in kelompok:
            if tersisa == 0:
                break
            bagian = min(tersisa, getattr(tagihan, komponen))
            if bagian:
                tujuan[tagihan.ke] = bagian
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
