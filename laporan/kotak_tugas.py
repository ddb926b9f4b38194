"""The task inbox of each role: what is waiting for this person, counted, with a link to where it is done.

- Loans to verify (Manajer UPK): applications in scope not made by this person (maker-checker).
- Loans to approve (whoever the LKM's policy names: the board by default): verified loans in scope that this
  person neither applied for nor verified.
- Loans to disburse (Manajer, Kasir): approved loans in scope.
- Months to close (Pembuku): ended months, from the LKM's first journal to last month, not closed.
- Reserve true-up pending (UPK staff and board, for their own LKM): the required reserve (LU-02) differs from
  the booked one (12010) at the last month end.
- KSM due for assessment (fasilitator, admin): never assessed, last assessed more than 6 months ago, or the
  proposal moved a stage since (`laporan.tahap.ksm_jatuh_tempo`, the fasilitator's due list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, Max, Q
from django.urls import reverse

from kotaku.akses import boleh, lkm_milik
from kotaku.buku.models import PeriodeTutup
from kotaku.models import PERAN_LKM, Peran
from kotaku.selectors import kebijakan_berlaku_banyak
from kotaku.tanggal import akhir_bulan, format_tanggal, hari_ini, tambah_bulan
from kotaku.uang import format_rupiah
from laporan.tahap_snapshot import jumlah_ksm_perlu_dinilai
from pinjaman.models import Pinjaman, StatusPinjaman
from pinjaman.selectors import laporan_kolektibilitas

BATAS_LKM_CADANGAN = 3
"""The reserve check computes LU-02 per LKM: only for people of a few LKMs (their own), never a kabupaten."""


@dataclass(frozen=True)
class Tugas:
    kunci: str
    judul: str
    jumlah: int
    url: str
    keterangan: str
    ikon: str


def _pinjaman(user: Any) -> Any:
    return Pinjaman.objects.filter(lkm__in=lkm_milik(user))


def tugas_untuk(user: Any) -> list[Tugas]:
    """The user's open tasks (only those with something to do)."""
    hasil: list[Tugas] = []
    daftar = reverse("pinjaman:daftar")
    if boleh(user, "pinjaman.verifikasi"):
        n = _pinjaman(user).filter(status=StatusPinjaman.DIAJUKAN).exclude(diajukan_oleh=user).count()
        if n:
            hasil.append(
                Tugas(
                    "verifikasi",
                    "Pengajuan menunggu verifikasi Anda",
                    n,
                    f"{daftar}?status=diajukan",
                    "Periksa kemampuan bayar setiap anggota, lalu verifikasi atau tolak.",
                    "clipboard-check",
                )
            )
    if boleh(user, "pinjaman.setujui"):
        n = _jumlah_persetujuan(user)
        if n:
            hasil.append(
                Tugas(
                    "persetujuan",
                    "Pinjaman menunggu persetujuan Anda",
                    n,
                    f"{daftar}?status=diverifikasi",
                    "Sudah diverifikasi Manajer UPK; setujui atau tolak dengan alasan.",
                    "check2-square",
                )
            )
    if boleh(user, "pinjaman.cairkan"):
        n = _pinjaman(user).filter(status=StatusPinjaman.DISETUJUI).count()
        if n:
            hasil.append(
                Tugas(
                    "pencairan",
                    "Pinjaman disetujui, menunggu pencairan",
                    n,
                    f"{daftar}?status=disetujui",
                    "Cairkan di pertemuan KSM; perjanjian PB.03 dicetak dari halaman pinjaman.",
                    "cash-coin",
                )
            )
    if boleh(user, "buku.tutup_bulan"):
        hasil.extend(_bulan_belum_ditutup(user))
    if user.peran in PERAN_LKM:
        hasil.extend(_cadangan_tertunda(user))
    if user.peran == Peran.FASILITATOR or user.adalah_admin:
        n = jumlah_ksm_perlu_dinilai(user, per=hari_ini())
        if n:
            hasil.append(
                Tugas(
                    "penilaian",
                    "KSM perlu dinilai tahapnya",
                    n,
                    reverse("laporan:penilaian_jatuh_tempo"),
                    "Belum pernah dinilai, terakhir dinilai lebih dari 6 bulan lalu, atau usulan tahapnya "
                    "berubah.",
                    "clipboard-data",
                )
            )
    return hasil


def jumlah_tugas(user: Any) -> int:
    return sum(t.jumlah for t in tugas_untuk(user))


def _jumlah_persetujuan(user: Any) -> int:
    """Verified loans this person may approve: the LKM's policy names their role, and they neither applied for
    nor verified the loan. Two queries."""
    calon = list(
        _pinjaman(user)
        .filter(status=StatusPinjaman.DIVERIFIKASI)
        .exclude(Q(diajukan_oleh=user) | Q(diverifikasi_oleh=user))
        .values_list("lkm_id", flat=True)
    )
    if not calon:
        return 0
    kebijakan = kebijakan_berlaku_banyak(lkm_ids=set(calon), tanggal=hari_ini())
    return sum(1 for lkm_id in calon if kebijakan[lkm_id].persetujuan_oleh == user.peran)


def _bulan_belum_ditutup(user: Any) -> list[Tugas]:
    """One task per LKM in scope with ended months not closed, from the month of its first journal (one
    query)."""
    akhir = akhir_bulan(tambah_bulan(hari_ini().replace(day=1), -1))
    sql = """
    WITH awal AS (
        SELECT lkm_id, date_trunc('month', MIN(tanggal))::date AS mulai FROM buku_jurnal
         WHERE lkm_id = ANY(%(lkm)s) GROUP BY lkm_id
    ), bulan AS (
        SELECT awal.lkm_id, g::date AS awal_bulan
          FROM awal, generate_series(awal.mulai, %(akhir)s::date, interval '1 month') g
    )
    SELECT b.lkm_id, COUNT(*), MIN(b.awal_bulan), MAX(b.awal_bulan)
      FROM bulan b
     WHERE NOT EXISTS (
        SELECT 1 FROM buku_periodetutup t
         WHERE t.lkm_id = b.lkm_id AND t.dibuka_pada IS NULL
           AND t.tahun = EXTRACT(YEAR FROM b.awal_bulan) AND t.bulan = EXTRACT(MONTH FROM b.awal_bulan))
     GROUP BY b.lkm_id
    """
    lkm = {x.pk: x for x in lkm_milik(user).select_related("desa")}
    with connection.cursor() as cur:
        cur.execute(sql, {"lkm": list(lkm), "akhir": akhir})
        baris = cur.fetchall()
    hasil = []
    for lkm_id, n, dari, sampai in sorted(baris, key=lambda b: lkm[b[0]].desa.nama):
        nama = f" ({lkm[lkm_id].nama})" if len(lkm) > 1 else ""
        rentang = (
            f"{_bulan(dari)}" if n == 1 else f"{_bulan(dari)} s.d. {_bulan(sampai)}, {n} bulan belum ditutup"
        )
        hasil.append(
            Tugas(
                f"tutup-{lkm_id}",
                f"Bulan untuk ditutup{nama}",
                int(n),
                reverse("buku:tutup_bulan", kwargs={"lkm_id": lkm_id}),
                f"{rentang}. Periksa buku kas dan neraca, lalu tutup.",
                "calendar-check",
            )
        )
    return hasil


def _bulan(awal_bulan: date) -> str:
    from kotaku.tanggal import format_bulan

    return format_bulan(awal_bulan.year, awal_bulan.month)


def _cadangan_tertunda(user: Any) -> list[Tugas]:
    """LKMs whose booked reserve (12010) differs from the required one at the month end to close next: the one
    after the LKM's last closed month (the true-up that closing it needs), or last month's end when none is
    closed; never later than last month's end."""
    terakhir = akhir_bulan(tambah_bulan(hari_ini().replace(day=1), -1))
    daftar = list(lkm_milik(user)[: BATAS_LKM_CADANGAN + 1])
    if len(daftar) > BATAS_LKM_CADANGAN:
        return []
    tutup = dict(
        PeriodeTutup.objects.filter(lkm__in=daftar, dibuka_pada__isnull=True)
        .values("lkm")
        .annotate(m=Max(F("tahun") * 12 + F("bulan") - 1))
        .values_list("lkm", "m")
    )
    hasil = []
    for lkm in daftar:
        per = terakhir
        if (m := tutup.get(lkm.pk)) is not None:
            per = min(terakhir, akhir_bulan(tambah_bulan(date(m // 12, m % 12 + 1, 1), 1)))
        lap = laporan_kolektibilitas(lkm=lkm, per=per)
        if lap.selisih_cadangan:
            url = reverse("pinjaman:kolektibilitas", kwargs={"lkm_id": lkm.pk})
            hasil.append(
                Tugas(
                    f"cadangan-{lkm.pk}",
                    "Penyesuaian cadangan risiko tertunda" + (f" ({lkm.nama})" if len(daftar) > 1 else ""),
                    1,
                    f"{url}?per={per.isoformat()}",
                    f"Per {format_tanggal(per)} cadangan wajib {format_rupiah(lap.cadangan_wajib)}, tercatat "
                    f"{format_rupiah(lap.cadangan_tercatat)}.",
                    "shield-exclamation",
                )
            )
    return hasil
