"""Demo loans of the Jiwan KSMs, month by month since 2017: every group borrows in cycles.

Each group's loan of 2017 was running when the LKM started kotaku (31 December 2017): it is taken over with
its history (its 2017 payments are in the opening balance, `saldo_awal_per`). When a loan is repaid, at that
meeting the group takes its next one: a 2018 loan, then a 2019 loan, which is running on 30 November 2019.
Groups founded in 2018 borrow after three months of meetings and savings. Member shares follow the policy:
cycle 1 up to Rp 1.000.000, later cycles up to Rp 3.000.000, each member with a share of her own. Terms are
10 or 12 months, monthly, flat 1,5%, paid at the group's meeting on the due date.

Most groups pay every instalment; some stop paying towards the end (arrears in every class on 30 November
2019), and a group in arrears takes no new loan. In Klagen Serut about half of the groups with a bamboo
weaver or a goat keeper stopped paying in the first half of 2019 (both trades lost their buyers): its
arrears, its reserve and its 2019 deficit show it.

Each LKM's member shares are scaled so that its loans outstanding on 30 November 2019 are about
`PINJAMAN_PER_ASET` of its assets (SASARAN_ASET): the fund is mostly lent out. The bulk of the history goes
through the batch path (`pinjaman.riwayat`); KSM Laris Jaya (Bukur, 6 x Rp 500.000 over 10 months from 4 March
2019, its first loan) and the current loans of Sekar Jamu (Kwangsen) and three Bukur groups go through every
check of the services: application, verification, approval, disbursement, payments.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from kotaku.buku import akun
from kotaku.buku.models import BarisJurnal, Jurnal
from kotaku.demo import petugas_demo
from kotaku.massal import analisa, periksa_tertunda, simpan_massal
from kotaku.models import LKM, Pengguna, Peran
from kotaku.tanggal import tambah_bulan
from ksm.demo import LARIS_JAYA, PAERAH_KSM
from ksm.models import KSM, Anggota, Keanggotaan, Pertemuan
from pinjaman import services
from pinjaman.jadwal import hitung_jadwal
from pinjaman.models import Angsuran, BagianPinjaman, Pembayaran, Pinjaman, RincianPembayaran
from pinjaman.riwayat import BayarRiwayat, RiwayatPinjaman, catat_riwayat_pinjaman
from pinjaman.services import BagianDiminta

PER = date(2019, 11, 30)
SALDO_AWAL = date(2017, 12, 31)
JASA = Decimal("1.5")

SASARAN_ASET: dict[str, int] = {
    "Bukur": 272_000_000,  # takes what is left of the published total (laporan.demo)
    "Bibrik": 184_372_615,
    "Bedoho": 167_208_940,
    "Grobogan": 212_455_180,
    "Jiwan": 266_917_305,
    "Kincang Wetan": 189_063_770,
    "Klagen Serut": 154_286_410,
    "Kwangsen": 490_000_000,  # calibrated on 30 September 2019 (laporan.demo)
    "Metesih": 150_114_225,
    "Ngetrep": 171_930_860,
    "Sambirejo": 192_745_095,
    "Sukolilo": 175_528_340,
    "Teguhan": 153_849_515,
    "Wayut": 196_342_700,
}
"""Total assets each LKM is meant to hold on 30 November 2019 (12 exact; Bukur and Kwangsen approximate)."""

PINJAMAN_PER_ASET = 0.68
"""Loans outstanding aimed at on 30 November 2019, as a share of the LKM's assets."""

# instalments left unpaid at the end -> weight. Elsewhere most groups pay everything.
PERILAKU = [(0, 82), (1, 7), (2, 4), (4, 3), (5, 1), (7, 1), (8, 1), (10, 1)]
USAHA_MACET = {"anyaman bambu", "ternak kambing"}
MACET_KLAGEN_SERUT = 0.55
"""Share of the Klagen Serut groups with a bamboo weaver or goat keeper that stopped paying in 2019."""

FAKTOR_SIKLUS = {1: 0.45, 2: 0.8, 3: 1.0}
BOBOT_ANGGOTA = (0.75, 1.0, 1.0, 1.25)
KSM_LEWAT_LAYANAN_BUKUR = 3
"""Bukur groups (besides Laris Jaya) whose current loan goes through the services, as a clerk enters it."""


@dataclass
class Rencana:
    ksm: KSM
    anggota: list[Anggota]
    siklus: int
    cair: date
    jangka: int
    bobot: list[float]
    dibayar: int | None = None  # instalments paid (None: every instalment due by PER)
    pokok: list[int] = field(default_factory=list)
    lewat_layanan: bool = False

    def jatuh_tempo(self) -> list[date]:
        return [tambah_bulan(self.cair, k) for k in range(1, self.jangka + 1)]

    def jatuh_sampai_per(self) -> int:
        """Instalments due by PER."""
        return sum(1 for t in self.jatuh_tempo() if t <= PER)

    def dibayar_sampai(self) -> int:
        """How many instalments the group pays: every one due by PER, less those it leaves unpaid."""
        return self.jatuh_sampai_per() if self.dibayar is None else self.dibayar


def _batas(siklus: int) -> int:
    return 1_000_000 if siklus == 1 else 3_000_000


def _pokok(rencana: Rencana, dasar: float) -> list[int]:
    """Member shares: the LKM's base x the member's weight x the cycle's factor, to Rp 50.000, in policy."""
    faktor = FAKTOR_SIKLUS.get(rencana.siklus, 1.1)
    hasil = []
    for bobot in rencana.bobot:
        nilai = round(dasar * bobot * faktor / 50_000) * 50_000
        hasil.append(max(250_000, min(_batas(rencana.siklus), nilai)))
    return hasil


def _rantai(
    ksm: KSM,
    anggota: list[Anggota],
    *,
    hari: int,
    pertama: date,
    acak: random.Random,
    tunggak: int,
    berhenti: date | None = None,
) -> list[Rencana]:
    """A group's loans: one after the other, each taken at the meeting where the previous one is repaid."""
    bobot = [acak.choice(BOBOT_ANGGOTA) for _ in anggota]
    if ksm.tanggal_berdiri < date(2017, 1, 1):  # older than kotaku: a 2017 loan still running at the start
        jangka = acak.choice([10, 12, 12, 12])
        cair = tambah_bulan(date(2017, 12, hari), -acak.randint(0, jangka - 1))
    else:  # founded in 2018: first loan after three months of meetings and savings
        jangka = acak.choice([10, 12])
        cair = tambah_bulan(pertama, 3)
    rantai = [Rencana(ksm, anggota, 1, cair, jangka, bobot)]
    while (berikut := tambah_bulan(rantai[-1].cair, rantai[-1].jangka)) <= PER:
        jangka = acak.choice([10, 12, 12])
        bobot = [min(1.5, b * acak.choice([1.0, 1.0, 1.1])) for b in bobot]
        rantai.append(Rencana(ksm, anggota, rantai[-1].siklus + 1, berikut, jangka, bobot))
    if berhenti is not None:
        # the group pays nothing from `berhenti` on: the loan then running stays, no further loan
        while len(rantai) > 1 and rantai[-1].cair >= berhenti:
            rantai.pop()
        rantai[-1].dibayar = sum(1 for t in rantai[-1].jatuh_tempo() if t < berhenti)
    elif tunggak:
        # the group stops paying its last `tunggak` instalments; in arrears, it gets no further loan
        while len(rantai) > 1 and sum(1 for t in rantai[-1].jatuh_tempo() if t <= PER) < tunggak + 1:
            rantai.pop()
        terakhir = rantai[-1]
        jatuh = sum(1 for t in terakhir.jatuh_tempo() if t <= PER)
        terakhir.dibayar = max(1, jatuh - tunggak)
    return rantai


def _rencanakan(lkm: LKM, acak: random.Random) -> list[Rencana]:
    ksm = list(
        KSM.objects.filter(lkm=lkm, jenis=KSM.Jenis.PINJAMAN_BERGULIR, status=KSM.Status.AKTIF)
        .exclude(nama=LARIS_JAYA)
        .order_by("pk")
    )
    pertama = dict(
        Pertemuan.objects.filter(ksm__in=ksm).values("ksm").annotate(t=Min("tanggal")).values_list("ksm", "t")
    )
    anggota: dict[int, list[Anggota]] = defaultdict(list)
    for keanggotaan in (
        Keanggotaan.objects.filter(ksm__in=ksm, tanggal_keluar__isnull=True)
        .select_related("anggota")
        .order_by("anggota_id")
    ):
        anggota[keanggotaan.ksm_id].append(keanggotaan.anggota)
    rencana: list[Rencana] = []
    for k in ksm:
        tunggak = acak.choices([t for t, _ in PERILAKU], weights=[w for _, w in PERILAKU])[0]
        berhenti = None
        if lkm.desa.nama == "Klagen Serut":  # 2019: the weavers' and goat keepers' groups stop paying
            tunggak = 0
            if USAHA_MACET & {a.jenis_usaha for a in anggota[k.pk]} and acak.random() < MACET_KLAGEN_SERUT:
                berhenti = date(2019, acak.randint(1, 6), acak.randint(1, 28))
        mulai = pertama[k.pk]
        rencana += _rantai(
            k, anggota[k.pk], hari=mulai.day, pertama=mulai, acak=acak, tunggak=tunggak, berhenti=berhenti
        )

    # scale the shares so that the loans outstanding on PER are PINJAMAN_PER_ASET of the LKM's assets
    berjalan = [(r, 1 - r.dibayar_sampai() / r.jangka) for r in rencana if r.dibayar_sampai() < r.jangka]
    sasaran = PINJAMAN_PER_ASET * SASARAN_ASET[lkm.desa.nama]
    bawah, atas = 100_000.0, 10_000_000.0
    for _ in range(40):
        tengah = (bawah + atas) / 2
        if sum(sum(_pokok(r, tengah)) * sisa for r, sisa in berjalan) < sasaran:
            bawah = tengah
        else:
            atas = tengah
    for r in rencana:
        r.pokok = _pokok(r, bawah)
    return rencana


def _jadwal_ksm(r: Rencana) -> list[tuple[date, int]]:
    """The group's instalments (due date, pokok + jasa), summed over its members' schedules."""
    per_ke: dict[int, tuple[date, int]] = {}
    for pokok in r.pokok:
        for b in hitung_jadwal(
            pokok=pokok,
            jangka_bulan=r.jangka,
            frekuensi="bulanan",
            metode="flat",
            jasa_persen=JASA,
            tanggal_cair=r.cair,
        ):
            tanggal, jumlah = per_ke.get(b.ke, (b.jatuh_tempo, 0))
            per_ke[b.ke] = (tanggal, jumlah + b.jumlah)
    return [per_ke[k] for k in sorted(per_ke)]


def _waktu(tanggal: date) -> datetime:
    return timezone.make_aware(datetime.combine(tanggal, datetime.min.time()).replace(hour=10))


def _disetujui(rencana: list[Rencana], orang: dict[str, Pengguna]) -> list[Pinjaman]:
    """The loans of the bulk history as the approved applications they were (approved on paper before 2018,
    by the LKM's own workflow after), with every member's share; one insert per table."""
    pinjaman = simpan_massal(
        [
            Pinjaman(
                lkm=r.ksm.lkm,
                ksm=r.ksm,
                status="disetujui",
                tanggal_pengajuan=r.cair - timedelta(days=14),
                jangka_bulan=r.jangka,
                frekuensi="bulanan",
                metode_jasa="flat",
                jasa_persen_per_bulan=JASA,
                pokok=sum(r.pokok),
                diajukan_oleh=orang[Peran.PETUGAS_PINJAMAN],
                diverifikasi_oleh=orang[Peran.MANAJER_UPK],
                diverifikasi_pada=_waktu(r.cair - timedelta(days=10)),
                catatan_verifikasi="Survei usaha anggota",
                disetujui_oleh=orang[Peran.PENGURUS_LKM],
                disetujui_pada=_waktu(r.cair - timedelta(days=7)),
                catatan_persetujuan="Rapat pengurus"
                if r.cair > SALDO_AWAL
                else "Disetujui sebelum memakai kotaku",
            )
            for r in rencana
        ]
    )
    simpan_massal(
        [
            BagianPinjaman(
                pinjaman=p,
                anggota=a,
                pokok=pokok,
                siklus=r.siklus,
                graduasi=r.siklus >= 4 or pokok >= 3_000_000,
            )
            for p, r in zip(pinjaman, rencana, strict=True)
            for a, pokok in zip(r.anggota, r.pokok, strict=True)
        ]
    )
    return pinjaman


def _lewat_layanan(r: Rencana, orang: dict[str, Pengguna], *, kunci: str) -> Pinjaman:
    """A loan entered as the clerks do: application, verification, approval, disbursement, each payment."""
    p = services.ajukan_pinjaman(
        ksm=r.ksm,
        tanggal_pengajuan=r.cair - timedelta(days=7),
        jangka_bulan=r.jangka,
        frekuensi="bulanan",
        bagian=[BagianDiminta(a, pokok) for a, pokok in zip(r.anggota, r.pokok, strict=True)],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
        kunci=f"demo-ajukan-{kunci}",
    )
    services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK], catatan="Survei usaha anggota")
    services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM], catatan="Rapat pengurus")
    p = services.cairkan(
        pinjaman=p,
        tanggal=r.cair,
        kunci=f"demo-cair-{kunci}",
        oleh=orang[Peran.KASIR],
        akun_kas=akun.BANK_UPK,
    )
    per_ke = list(Angsuran.objects.filter(pinjaman=p).values("ke", "jatuh_tempo").order_by("ke").distinct())
    for ke, (tanggal, jumlah) in enumerate(_jadwal_ksm(r)[: r.dibayar_sampai()], start=1):
        assert per_ke[ke - 1]["jatuh_tempo"] == tanggal
        services.catat_pembayaran(
            pinjaman=p, tanggal=tanggal, jumlah=jumlah, kunci=f"demo-{kunci}-{ke}", oleh=orang[Peran.KASIR]
        )
    return p


def _laris_jaya(ksm: KSM, orang: dict[str, Pengguna]) -> Pinjaman:
    anggota = [k.anggota for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True).order_by("pk")]
    r = Rencana(ksm, anggota, 1, date(2019, 3, 4), 10, [1.0] * len(anggota), pokok=[500_000] * len(anggota))
    return _lewat_layanan(r, orang, kunci=f"ksm-{ksm.pk}")


def buat_demo_pinjaman() -> int:
    """Every Jiwan group's loans since 2017, its payments and arrears; idempotent. Returns loans created."""
    if Pinjaman.objects.filter(lkm__desa__kecamatan__nama="Jiwan").exists():
        return 0
    acak = random.Random(2019)
    dibuat = 0
    lewat_layanan: list[tuple[Rencana, dict[str, Pengguna]]] = []
    for lkm in (
        LKM.objects.filter(desa__kecamatan__nama="Jiwan").select_related("desa").order_by("desa__nama")
    ):
        orang = petugas_demo(lkm)
        rencana = _rencanakan(lkm, acak)
        terakhir = {r.ksm.pk: r for r in rencana}  # the current (last) loan of each group
        layanan: list[Rencana] = []
        if lkm.desa.nama == "Bukur":
            layanan = [r for r in terakhir.values() if r.dibayar is None and r.siklus > 1][
                :KSM_LEWAT_LAYANAN_BUKUR
            ]
        elif lkm.desa.nama == "Kwangsen":
            layanan = [r for r in terakhir.values() if r.ksm.nama == PAERAH_KSM and r.dibayar is None]
        for r in layanan:
            r.lewat_layanan = True
            lewat_layanan.append((r, orang))
        massal = [r for r in rencana if not r.lewat_layanan]
        pinjaman = _disetujui(massal, orang)
        riwayat = []
        for p, r in zip(pinjaman, massal, strict=True):
            bayar = [
                BayarRiwayat(tanggal, jumlah, f"demo-{p.pk}-{ke}")
                for ke, (tanggal, jumlah) in enumerate(_jadwal_ksm(r)[: r.dibayar_sampai()], start=1)
            ]
            riwayat.append(
                RiwayatPinjaman(
                    pinjaman=p,
                    tanggal_cair=r.cair,
                    kunci_cair=f"demo-cair-{p.pk}",
                    pembayaran=bayar,
                    akun_cair=akun.BANK_UPK,
                )
            )
        catat_riwayat_pinjaman(lkm=lkm, riwayat=riwayat, oleh=orang[Peran.KASIR], saldo_awal_per=SALDO_AWAL)
        periksa_tertunda()
        dibuat += len(rencana)
    analisa(Pinjaman, BagianPinjaman, Angsuran, Pembayaran, RincianPembayaran, Jurnal, BarisJurnal)
    # the current loans a clerk enters through every check, now that each group's earlier loans are repaid
    for r, orang in lewat_layanan:
        _lewat_layanan(r, orang, kunci=f"ksm-{r.ksm.pk}-{r.siklus}")
    bukur = LKM.objects.get(desa__nama="Bukur", desa__kecamatan__nama="Jiwan")
    _laris_jaya(KSM.objects.get(lkm=bukur, nama=LARIS_JAYA), petugas_demo(bukur))
    return dibuat + 1
