"""UPK performance indicators (kinerja UPK, POB PB PNPM-MP 2013): pure computation, no ORM.

DOMAIN.md §6: LAR, PAR, RR, CCr and ROI, each scored 1 (baik) / 2 (minimum) / 3 (buruk); a total of 5-7 is
"Memadai", 8 or more "Tidak Memadai". As of a month end, per LKM and summed per kecamatan and kabupaten: the
indicators of a group are the ratios of its SUMS (`jumlahkan`, then `hitung_kinerja`), never averages of
ratios.
LRR, OSS and CER are shown beside them for users who know them from the rural program; they are not scored.

Formulas (every ratio is computed exactly as a Fraction, then rounded half up to 4 places for display):
- LAR = ksm_menunggak / ksm_aktif (KSMs, not loans).
- PAR = outstanding_berisiko / outstanding.
- RR  = (outstanding - tunggakan_berisiko) / outstanding.
- CCr = pendapatan / biaya (Jan..bulan).
- ROI = (pendapatan - biaya) x 12 / bulan / modal: the year-to-date surplus annualised, over capital.
- LRR (loan repayment rate, cumulative since lending began) =
  pokok_dibayar_kumulatif / pokok_jatuh_tempo_kumulatif,
  where only pokok paid against instalments already due counts: paying future instalments early does not lift
  LRR,
  so one KSM's early payoff cannot hide another's arrears, and LRR is never above 100%.
- OSS (operational self-sufficiency, the SEEP / MicroBanking Bulletin definition) = pendapatan_operasional /
  (biaya_operasional + biaya_keuangan + biaya_cadangan), Jan..bulan; 100% means lending income covers its
  costs.
- CER (cost efficiency ratio, the operating expense ratio of SEEP / CGAP) = annualised operating costs /
  average
  outstanding = (biaya_operasional x 12 / bulan) / (jumlah_outstanding_bulanan / bulan)
  = biaya_operasional x 12 / jumlah_outstanding_bulanan, the average taken over the n month ends Jan..bulan.
  Lower is better.

Threshold semantics (pinned in `AMBANG`; compared on the exact Fraction, never on the rounded Decimal, so 10%
exactly is "minimum" and 9.9999% is "baik" even when it is shown as 0.1000):
- LAR, PAR: < 10% baik; 10%-20% (both inclusive) minimum; > 20% buruk.
- RR: > 90% baik; 80%-90% (both inclusive) minimum; < 80% buruk.
- CCr: > 125% baik; 100%-125% (both inclusive) minimum; < 100% buruk.
- ROI: > 10% baik; > 0% up to 10% (inclusive) minimum; <= 0% buruk.

Zero (or negative) denominators, decided here because DOMAIN.md is silent:
- No outstanding (then also no active KSM, `DataKinerja` refuses one without the other): LAR 0, PAR 0, RR 1;
  all three score baik. Nothing is lent, so nothing is at risk.
- Costs Jan..bulan of zero or below (nothing spent yet, or a reserve release larger than the other costs):
  CCr has
  no value (None) and scores baik, since income (never negative) covers them.
- Modal of zero or below: ROI has no value (None) and scores buruk; a return on no capital means nothing, and
  the
  careful side of an unknown is "poor".
- No pokok due yet: LRR 1 (nothing due, nothing missed).
- OSS denominator of zero or below, or no outstanding for CER: None (not scored, so no score to decide).
Costs may be negative because a month-end reserve true-up that releases reserve credits 51080 (DOMAIN.md §4);
income
may not (cash basis: income accounts only ever receive credits, and a reversal cannot exceed what was booked).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from kotaku.uang import bulatkan_rasio as bulatkan_rasio  # re-exported: indicators round here

PREDIKAT_MEMADAI = "memadai"
PREDIKAT_TIDAK_MEMADAI = "tidak_memadai"
NAMA_PREDIKAT: Mapping[str, str] = MappingProxyType(
    {PREDIKAT_MEMADAI: "Memadai", PREDIKAT_TIDAK_MEMADAI: "Tidak Memadai"}
)
TOTAL_MEMADAI_TERTINGGI = 7
"""The highest total still "Memadai" (5-7); 8 and above is "Tidak Memadai" (POB, provisional)."""

NAMA_SKOR: Mapping[int, str] = MappingProxyType({1: "Baik", 2: "Minimum", 3: "Buruk"})


@dataclass(frozen=True)
class AmbangIndikator:
    """The bounds of one scored indicator and how to state them on a screen.

    Lower-is-better indicators (LAR, PAR): baik if the value is below `batas_baik`, buruk if above
    `batas_buruk`
    (or at it, when `buruk_termasuk_batas`), minimum otherwise. Higher-is-better (RR, CCr, ROI): mirrored.
    """

    kode: str
    nama: str
    rumus: str
    lebih_tinggi_lebih_baik: bool
    batas_baik: Fraction
    batas_buruk: Fraction
    buruk_termasuk_batas: bool
    label_baik: str
    label_minimum: str
    label_buruk: str

    def skor(self, nilai: Fraction) -> int:
        """1 baik, 2 minimum or 3 buruk for an exact value."""
        if self.lebih_tinggi_lebih_baik:
            if nilai > self.batas_baik:
                return 1
            buruk = nilai <= self.batas_buruk if self.buruk_termasuk_batas else nilai < self.batas_buruk
        else:
            if nilai < self.batas_baik:
                return 1
            buruk = nilai >= self.batas_buruk if self.buruk_termasuk_batas else nilai > self.batas_buruk
        return 3 if buruk else 2


AMBANG: Mapping[str, AmbangIndikator] = MappingProxyType(
    {
        "lar": AmbangIndikator(
            kode="lar",
            nama="Loan at Risk",
            rumus="KSM menunggak >= 3 bulan / KSM aktif",
            lebih_tinggi_lebih_baik=False,
            batas_baik=Fraction(10, 100),
            batas_buruk=Fraction(20, 100),
            buruk_termasuk_batas=False,
            label_baik="< 10%",
            label_minimum="10% - 20%",
            label_buruk="> 20%",
        ),
        "par": AmbangIndikator(
            kode="par",
            nama="Portfolio at Risk",
            rumus="saldo pinjaman menunggak >= 3 bulan / saldo pinjaman",
            lebih_tinggi_lebih_baik=False,
            batas_baik=Fraction(10, 100),
            batas_buruk=Fraction(20, 100),
            buruk_termasuk_batas=False,
            label_baik="< 10%",
            label_minimum="10% - 20%",
            label_buruk="> 20%",
        ),
        "rr": AmbangIndikator(
            kode="rr",
            nama="Repayment Rate",
            rumus="(saldo pinjaman - tunggakan pinjaman menunggak >= 3 bulan) / saldo pinjaman",
            lebih_tinggi_lebih_baik=True,
            batas_baik=Fraction(90, 100),
            batas_buruk=Fraction(80, 100),
            buruk_termasuk_batas=False,
            label_baik="> 90%",
            label_minimum="80% - 90%",
            label_buruk="< 80%",
        ),
        "ccr": AmbangIndikator(
            kode="ccr",
            nama="Cost Coverage Ratio",
            rumus="pendapatan / biaya, Januari s.d. bulan laporan",
            lebih_tinggi_lebih_baik=True,
            batas_baik=Fraction(125, 100),
            batas_buruk=Fraction(100, 100),
            buruk_termasuk_batas=False,
            label_baik="> 125%",
            label_minimum="100% - 125%",
            label_buruk="< 100%",
        ),
        "roi": AmbangIndikator(
            kode="roi",
            nama="Return on Investment",
            rumus="surplus Januari s.d. bulan ke-n x 12/n / (modal program + modal sendiri)",
            lebih_tinggi_lebih_baik=True,
            batas_baik=Fraction(10, 100),
            batas_buruk=Fraction(0),
            buruk_termasuk_batas=True,  # a surplus of exactly zero earns nothing: buruk
            label_baik="> 10%",
            label_minimum="> 0% - 10%",
            label_buruk="<= 0%",
        ),
    }
)
"""The POB table, in the order screens and the API list the indicators."""

INDIKATOR_POB: tuple[str, ...] = tuple(AMBANG)


@dataclass(frozen=True, kw_only=True)
class DataKinerja:
    """The raw sums of one LKM (or of several, see `jumlahkan`) as of a month end. Rupiah are whole ints.

    Positions at the month end:
    - ksm_aktif: KSMs with an outstanding balance.
    - ksm_menunggak: of those, KSMs with any loan >= 3 months in arrears.
    - outstanding: outstanding pokok of all loans.
    - outstanding_berisiko: outstanding pokok of the loans >= 3 months in arrears.
    - tunggakan_berisiko: pokok in arrears of those same loans.
    - modal: program capital + own capital, the ROI denominator: the month-end balances of the equity accounts
      31xxx (the running year's surplus is not among them until the year-end close). May be <= 0.
    Flows of the year, January up to and including the month (`bulan` months, 1..12):
    - pendapatan, biaya: all income and all costs (costs include the reserve charge 51080).
    - pendapatan_operasional: income from lending (jasa pinjaman 41010 and loan fees), the OSS numerator.
    - biaya_operasional: operating costs (incentives, ATK, transport, depreciation ...), without the two
      below.
    - biaya_keuangan: cost of funds (interest paid on borrowings or savings), zero for most UPK.
    - biaya_cadangan: the loan loss reserve charge 51080, net of releases (so it may be negative).
    - jumlah_outstanding_bulanan: the sum of the outstanding at each of the `bulan` month ends, January to
      this
      month; the average outstanding is this / bulan. A sum, not an average, so it adds up across LKMs
      exactly.
    Cumulative since lending began:
    - pokok_jatuh_tempo_kumulatif: pokok of every instalment already due (of every loan, repaid or not).
    - pokok_dibayar_kumulatif: the part of that due pokok repaid; prepaid future instalments are not counted.
    """

    ksm_aktif: int
    ksm_menunggak: int
    outstanding: int
    outstanding_berisiko: int
    tunggakan_berisiko: int
    pendapatan: int
    biaya: int
    bulan: int
    modal: int
    pendapatan_operasional: int
    biaya_operasional: int
    biaya_keuangan: int
    biaya_cadangan: int
    jumlah_outstanding_bulanan: int
    pokok_jatuh_tempo_kumulatif: int
    pokok_dibayar_kumulatif: int

    def __post_init__(self) -> None:
        for f in fields(self):
            nilai = getattr(self, f.name)
            if isinstance(nilai, float):
                raise TypeError(f"DataKinerja menolak float ({f.name}={nilai!r}); gunakan int")
            if not isinstance(nilai, int) or isinstance(nilai, bool):
                raise TypeError(f"{f.name} harus bilangan bulat (int), bukan {nilai!r}")
        _periksa(self)

    @property
    def surplus(self) -> int:
        """Income minus costs, January up to the month (negative: a deficit)."""
        return self.pendapatan - self.biaya

    @property
    def rata_rata_outstanding(self) -> Fraction:
        """Average outstanding over the month ends January..bulan (exact)."""
        return Fraction(self.jumlah_outstanding_bulanan, self.bulan)


def _periksa(d: DataKinerja) -> None:
    """Refuse figures that cannot come from real books: it is a bug upstream, so the messages name the
    fields."""
    tidak_negatif = (
        "ksm_aktif",
        "ksm_menunggak",
        "outstanding",
        "outstanding_berisiko",
        "tunggakan_berisiko",
        "pendapatan",
        "pendapatan_operasional",
        "biaya_operasional",
        "biaya_keuangan",
        "jumlah_outstanding_bulanan",
        "pokok_jatuh_tempo_kumulatif",
        "pokok_dibayar_kumulatif",
    )
    for nama in tidak_negatif:
        if getattr(d, nama) < 0:
            raise ValueError(f"{nama} tidak boleh negatif, bukan {getattr(d, nama)}.")
    if not 1 <= d.bulan <= 12:
        raise ValueError(f"bulan harus 1 s.d. 12, bukan {d.bulan}.")
    if d.ksm_menunggak > d.ksm_aktif:
        raise ValueError(f"ksm_menunggak ({d.ksm_menunggak}) melebihi ksm_aktif ({d.ksm_aktif}).")
    if not d.tunggakan_berisiko <= d.outstanding_berisiko <= d.outstanding:
        raise ValueError(
            "Harus tunggakan_berisiko <= outstanding_berisiko <= outstanding, bukan "
            f"{d.tunggakan_berisiko} / {d.outstanding_berisiko} / {d.outstanding}."
        )
    # An active KSM is one with a balance, and a loan >= 3 months in arrears has a balance: each count is zero
    # exactly when its rupiah figure is, so LAR and PAR never disagree about whether there is anything to
    # measure.
    if (d.ksm_aktif == 0) != (d.outstanding == 0):
        raise ValueError(f"ksm_aktif {d.ksm_aktif} tidak cocok dengan outstanding {d.outstanding}.")
    if (d.ksm_menunggak == 0) != (d.outstanding_berisiko == 0):
        raise ValueError(
            f"ksm_menunggak {d.ksm_menunggak} tidak cocok dengan outstanding_berisiko "
            f"{d.outstanding_berisiko}."
        )
    if d.pokok_dibayar_kumulatif > d.pokok_jatuh_tempo_kumulatif:
        raise ValueError(
            f"pokok_dibayar_kumulatif ({d.pokok_dibayar_kumulatif}) melebihi pokok_jatuh_tempo_kumulatif "
            f"({d.pokok_jatuh_tempo_kumulatif}); angsuran yang belum jatuh tempo tidak dihitung."
        )
    if d.pendapatan_operasional > d.pendapatan:
        raise ValueError(
            f"pendapatan_operasional ({d.pendapatan_operasional}) melebihi pendapatan ({d.pendapatan})."
        )
    bagian_biaya = d.biaya_operasional + d.biaya_keuangan + d.biaya_cadangan
    if bagian_biaya > d.biaya:
        raise ValueError(
            f"biaya_operasional + biaya_keuangan + biaya_cadangan ({bagian_biaya}) melebihi biaya "
            f"({d.biaya})."
        )
    # This month's end is one of the month ends summed, so the sum is at least today's outstanding; passing
    # the
    # average instead of the sum usually trips this.
    if d.jumlah_outstanding_bulanan < d.outstanding:
        raise ValueError(
            f"jumlah_outstanding_bulanan ({d.jumlah_outstanding_bulanan}) kurang dari outstanding akhir "
            "bulan "
            f"({d.outstanding}); isikan jumlah saldo akhir bulan Januari s.d. bulan ini, bukan rata-ratanya."
        )


def jumlahkan(data: Iterable[DataKinerja]) -> DataKinerja:
    """The kecamatan / kabupaten figures: every raw figure summed; `bulan` must be the same for all."""
    daftar = list(data)
    if not daftar:
        raise ValueError("Tidak ada data LKM untuk dijumlahkan.")
    semua_bulan = {d.bulan for d in daftar}
    if len(semua_bulan) != 1:
        raise ValueError(
            f"Data LKM yang dijumlahkan harus untuk bulan yang sama, bukan {sorted(semua_bulan)}."
        )
    jumlah = {
        f.name: sum(getattr(d, f.name) for d in daftar) for f in fields(DataKinerja) if f.name != "bulan"
    }
    return DataKinerja(bulan=daftar[0].bulan, **jumlah)


@dataclass(frozen=True)
class Kinerja:
    """The indicators of one LKM (or group) as of a month end; ratios are 4-place Decimals (0.0731 = 7.31%).

    `skor` maps each POB indicator ("lar", "par", "rr", "ccr", "roi") to 1 baik / 2 minimum / 3 buruk.
    None means the ratio has no value (zero or negative denominator, see the module docstring).
    """

    lar: Decimal
    par: Decimal
    rr: Decimal
    ccr: Decimal | None
    roi: Decimal | None
    skor: Mapping[str, int]
    total: int
    predikat: str
    lrr: Decimal
    oss: Decimal | None
    cer: Decimal | None

    @property
    def nama_predikat(self) -> str:
        """The predikat as the POB writes it: Memadai or Tidak Memadai."""
        return NAMA_PREDIKAT[self.predikat]


def skor_indikator(kode: str, nilai: Fraction | Decimal | int) -> int:
    """The POB score of one indicator value: 1 baik, 2 minimum, 3 buruk (exact comparison, see `AMBANG`)."""
    if isinstance(nilai, float):
        raise TypeError("skor_indikator menolak float; gunakan Fraction atau Decimal")
    if isinstance(nilai, bool) or not isinstance(nilai, Fraction | Decimal | int):
        raise TypeError(f"Nilai indikator harus Fraction, Decimal atau int, bukan {nilai!r}")
    if kode not in AMBANG:
        raise ValueError(f"Indikator {kode!r} tidak dikenal; pilih {', '.join(INDIKATOR_POB)}.")
    return AMBANG[kode].skor(Fraction(nilai))


def predikat(total: int) -> str:
    """The predikat of a total score: "memadai" for 5-7, "tidak_memadai" for 8-15."""
    if not 5 <= total <= 15:
        raise ValueError(f"Total skor lima indikator harus 5 s.d. 15, bukan {total}.")
    return PREDIKAT_MEMADAI if total <= TOTAL_MEMADAI_TERTINGGI else PREDIKAT_TIDAK_MEMADAI


def hitung_kinerja(data: DataKinerja) -> Kinerja:
    """The POB indicators with their scores, total and predikat, plus LRR, OSS and CER, from the raw sums."""
    if not isinstance(data, DataKinerja):
        raise TypeError(f"hitung_kinerja butuh DataKinerja, bukan {type(data).__name__}")
    d = data
    if d.outstanding == 0:  # then ksm_aktif == 0 too (DataKinerja checks it)
        lar, par, rr = Fraction(0), Fraction(0), Fraction(1)
    else:
        lar = Fraction(d.ksm_menunggak, d.ksm_aktif)
        par = Fraction(d.outstanding_berisiko, d.outstanding)
        rr = Fraction(d.outstanding - d.tunggakan_berisiko, d.outstanding)
    ccr = Fraction(d.pendapatan, d.biaya) if d.biaya > 0 else None
    roi = Fraction(d.surplus * 12, d.bulan * d.modal) if d.modal > 0 else None
    skor = {
        "lar": AMBANG["lar"].skor(lar),
        "par": AMBANG["par"].skor(par),
        "rr": AMBANG["rr"].skor(rr),
        "ccr": 1 if ccr is None else AMBANG["ccr"].skor(ccr),
        "roi": 3 if roi is None else AMBANG["roi"].skor(roi),
    }
    total = sum(skor.values())

    lrr = (
        Fraction(d.pokok_dibayar_kumulatif, d.pokok_jatuh_tempo_kumulatif)
        if d.pokok_jatuh_tempo_kumulatif
        else Fraction(1)
    )
    biaya_oss = d.biaya_operasional + d.biaya_keuangan + d.biaya_cadangan
    oss = Fraction(d.pendapatan_operasional, biaya_oss) if biaya_oss > 0 else None
    cer = (
        Fraction(d.biaya_operasional * 12, d.jumlah_outstanding_bulanan)
        if d.jumlah_outstanding_bulanan
        else None
    )

    return Kinerja(
        lar=bulatkan_rasio(lar),
        par=bulatkan_rasio(par),
        rr=bulatkan_rasio(rr),
        ccr=None if ccr is None else bulatkan_rasio(ccr),
        roi=None if roi is None else bulatkan_rasio(roi),
        skor=MappingProxyType(skor),
        total=total,
        predikat=predikat(total),
        lrr=bulatkan_rasio(lrr),
        oss=None if oss is None else bulatkan_rasio(oss),
        cer=None if cer is None else bulatkan_rasio(cer),
    )
