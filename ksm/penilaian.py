"""The fasilitator's assessment of a KSM's maturity (Tunas / Tumbuh / Kembang): the one writer of `Penilaian`.

DOMAIN.md §3: the software proposes a score for each of the ten indicators from the records as of the
assessment date (`ksm.tahap.nilai_tahap`, facts gathered by `laporan.tahap`); the fasilitator confirms or
changes each one, and a changed score needs a note (evidence). Both numbers are kept. Decisions taken here:

- Only the fasilitator and the admin assess (`penilaian.tulis`); everyone else in scope reads.
- Assessments are append-only (database triggers refuse UPDATE and DELETE): a new assessment supersedes the
  last. Its date is not in the future, not before the KSM was founded, and not before the latest assessment of
  the KSM (the history is a path in time; a correction on the same day supersedes the earlier one).
- The stage follows the LKM policy in force on the assessment date (`tahap_tumbuh_min`, `tahap_kembang_min`).
- The optional evidence photo is checked by its content, not its name: JPEG, PNG or WebP that Pillow can
  read, at most 5 MB. It is stored under MEDIA_ROOT with a random name and the extension of its real type.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from kotaku.akses import wajib_boleh
from kotaku.errors import KesalahanDomain
from kotaku.selectors import kebijakan_berlaku
from kotaku.tanggal import format_tanggal, hari_ini
from ksm.models import KSM, Penilaian, SkorPenilaian
from ksm.services import kunci_ksm
from ksm.tahap import NAMA_INDIKATOR, SKOR_MAKS, HasilTahap, tahap_dari_total

FOTO_MAKS_BYTE = 5 * 1024 * 1024
JENIS_FOTO: dict[str, str] = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
"""Pillow's name of each accepted image type -> the extension it is stored under."""
JENIS_KONTEN_FOTO: dict[str, str] = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _galat(field: str, pesan: str) -> KesalahanDomain:
    return KesalahanDomain(pesan, errors=[{"field": field, "message": pesan}])


def baca_foto(berkas: Any) -> ContentFile[bytes]:
    """The uploaded evidence photo as a file named by its real type, or a refusal naming the field `foto`.

    `berkas` is an uploaded file (or any object with `read()`); its name and declared type are ignored.
    """
    from PIL import Image, UnidentifiedImageError

    ukuran = getattr(berkas, "size", None)
    if ukuran is not None and ukuran > FOTO_MAKS_BYTE:
        mb = f"{ukuran / 1024 / 1024:.1f}".replace(".", ",")
        raise _galat("foto", f"Foto paling besar 5 MB; berkas ini {mb} MB.")
    if hasattr(berkas, "seek"):
        berkas.seek(0)
    isi = berkas.read(FOTO_MAKS_BYTE + 1)
    if len(isi) > FOTO_MAKS_BYTE:
        raise _galat("foto", "Foto paling besar 5 MB.")
    if not isi:
        raise _galat("foto", "Berkas foto kosong.")
    try:
        with Image.open(io.BytesIO(isi)) as gambar:
            jenis = gambar.format
            gambar.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _galat(
            "foto", "Berkas bukan gambar yang dapat dibaca; kirim foto JPEG, PNG atau WebP."
        ) from None
    if jenis not in JENIS_FOTO:
        raise _galat("foto", f"Foto harus JPEG, PNG atau WebP, bukan {jenis}.")
    return ContentFile(isi, name=f"bukti.{JENIS_FOTO[jenis]}")


def _skor_bersih(
    skor: Mapping[Any, Any], catatan: Mapping[Any, Any], usulan: HasilTahap
) -> tuple[dict[int, int], dict[int, str]]:
    """Scores 1..10 as ints 0..3 and their notes; each problem named on its field (`skor.3`, `catatan.3`)."""
    galat: list[dict[str, str]] = []
    if not isinstance(skor, Mapping):
        raise _galat("skor", 'Skor harus berupa pasangan nomor indikator dan skor, mis. {"1": 3, "2": 2}.')
    if not isinstance(catatan, Mapping):
        raise _galat("catatan", 'Catatan harus berupa pasangan nomor indikator dan teks, mis. {"5": "..."}.')

    def nomor(kunci: Any, bagian: str) -> int | None:
        teks = str(kunci).strip()
        if teks.isascii() and teks.isdigit() and 1 <= int(teks) <= len(NAMA_INDIKATOR):
            return int(teks)
        galat.append({"field": bagian, "message": f"Indikator {kunci!s} tidak dikenal; nomor 1 sampai 10."})
        return None

    nilai: dict[int, int] = {}
    for kunci, isi in skor.items():
        no = nomor(kunci, "skor")
        if no is None:
            continue
        if isinstance(isi, str) and isi.strip().isascii() and isi.strip().isdigit():
            isi = int(isi.strip())
        if isinstance(isi, bool) or not isinstance(isi, int) or not 0 <= isi <= SKOR_MAKS:
            galat.append({"field": f"skor.{no}", "message": f"Skor indikator {no} harus 0, 1, 2 atau 3."})
            continue
        nilai[no] = isi
    for no in range(1, len(NAMA_INDIKATOR) + 1):
        if no not in nilai and not any(g["field"] == f"skor.{no}" for g in galat):
            galat.append({"field": f"skor.{no}", "message": f"Skor indikator {no} wajib diisi."})

    teks: dict[int, str] = {}
    for kunci, isi in catatan.items():
        no = nomor(kunci, "catatan")
        if no is not None:
            teks[no] = str(isi or "").strip()

    usulan_per_no = {i.no: i.skor for i in usulan.indikator}
    for no, s in nilai.items():
        if s != usulan_per_no[no] and not teks.get(no):
            galat.append(
                {
                    "field": f"catatan.{no}",
                    "message": f"Skor indikator {no} ({NAMA_INDIKATOR[no - 1]}) diubah dari usulan "
                    f"{usulan_per_no[no]} menjadi {s}: tulis catatan buktinya.",
                }
            )
    if galat:
        raise KesalahanDomain(
            "Penilaian belum dapat disimpan: " + " ".join(g["message"] for g in galat), errors=galat
        )
    return nilai, teks


@transaction.atomic
def catat_penilaian(
    *,
    ksm: KSM,
    tanggal: date,
    skor: Mapping[Any, Any],
    catatan: Mapping[Any, Any],
    usulan: HasilTahap,
    foto: Any = None,
    oleh: Any,
) -> Penilaian:
    """Record the fasilitator's assessment: ten scores 0-3 beside the proposal, a note for every changed
    score, the stage from the LKM policy in force on the date. Append-only: it supersedes the last one."""
    wajib_boleh(oleh, "penilaian.tulis")
    ksm = kunci_ksm(ksm)  # assessments of one KSM one after another: "the latest" stays well defined
    if not isinstance(tanggal, date):
        raise _galat("tanggal", "Tanggal penilaian wajib diisi.")
    if tanggal > hari_ini():
        raise _galat("tanggal", f"Tanggal penilaian {format_tanggal(tanggal)} belum terjadi.")
    if tanggal < ksm.tanggal_berdiri:
        raise _galat(
            "tanggal",
            f"Tanggal penilaian sebelum KSM berdiri ({format_tanggal(ksm.tanggal_berdiri)}).",
        )
    terakhir = Penilaian.objects.filter(ksm=ksm).order_by("-tanggal", "-pk").values_list("tanggal", flat=True)
    if (tanggal_terakhir := terakhir.first()) and tanggal < tanggal_terakhir:
        raise _galat(
            "tanggal",
            f"Sudah ada penilaian {format_tanggal(tanggal_terakhir)}; penilaian baru tidak boleh bertanggal "
            "sebelumnya.",
        )
    if len(usulan.indikator) != len(NAMA_INDIKATOR):
        raise ValueError("Usulan harus berisi sepuluh indikator.")
    nilai, teks = _skor_bersih(skor, catatan, usulan)
    berkas = baca_foto(foto) if foto else None

    kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=tanggal)
    total = sum(nilai.values())
    penilaian = Penilaian(
        ksm=ksm,
        tanggal=tanggal,
        total=total,
        tahap=tahap_dari_total(
            total, tumbuh_min=kebijakan.tahap_tumbuh_min, kembang_min=kebijakan.tahap_kembang_min
        ),
        usulan_total=usulan.total,
        usulan_tahap=usulan.tahap,
        oleh=oleh,
    )
    if berkas is not None:
        penilaian.foto = berkas  # saved under MEDIA_ROOT by the INSERT below
    penilaian.save()
    SkorPenilaian.objects.bulk_create(
        SkorPenilaian(
            penilaian=penilaian, no=i.no, usulan=i.skor, skor=nilai[i.no], catatan=teks.get(i.no, "")
        )
        for i in usulan.indikator
    )
    return penilaian
