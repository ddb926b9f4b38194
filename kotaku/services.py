"""Writes of the core: LKM policy changes, API tokens."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from kotaku.errors import KesalahanDomain
from kotaku.models import LKM, Kebijakan, Pengguna, TokenAPI
from kotaku.tanggal import format_tanggal


def _periksa_kebijakan(k: Kebijakan) -> list[dict[str, str]]:
    galat: list[dict[str, str]] = []

    def salah(field: str, pesan: str) -> None:
        galat.append({"field": field, "message": pesan})

    if not (k.jasa_persen_min <= k.jasa_persen_per_bulan <= k.jasa_persen_maks):
        salah(
            "jasa_persen_per_bulan",
            f"Jasa {k.jasa_persen_per_bulan}% harus di antara minimum "
            f"{k.jasa_persen_min}% dan maksimum {k.jasa_persen_maks}%.",
        )
    if k.jasa_persen_min < 0:
        salah("jasa_persen_min", "Jasa minimum tidak boleh negatif.")
    if not (1 <= k.jangka_min_bulan <= k.jangka_maks_bulan):
        salah(
            "jangka_min_bulan", "Jangka minimum harus 1 bulan atau lebih dan tidak melebihi jangka maksimum."
        )
    if not (0 < k.kol2_maks_bulan < k.kol3_maks_bulan < k.kol4_maks_bulan):
        salah(
            "kol2_maks_bulan",
            "Batas kolektibilitas harus naik: Kol 2 < Kol 3 < Kol 4 (dalam bulan tunggakan).",
        )
    if not (0 < k.batas_siklus_pertama <= k.batas_per_anggota):
        salah(
            "batas_siklus_pertama",
            "Batas siklus pertama harus lebih dari 0 dan tidak melebihi batas per anggota.",
        )
    if not (k.tahap_tumbuh_min < k.tahap_kembang_min <= 30):
        salah(
            "tahap_tumbuh_min",
            "Skor minimum Tumbuh harus lebih kecil dari Kembang, dan Kembang paling tinggi 30.",
        )
    for n, bobot in k.bobot_cadangan.items():
        if not (0 <= bobot <= 100):
            salah(f"bobot_kol{n}", f"Bobot cadangan Kol {n} harus antara 0% dan 100%.")
    if not (0 <= k.perempuan_min_persen <= 100):
        salah("perempuan_min_persen", "Minimum anggota perempuan harus antara 0% dan 100%.")
    return galat


@transaction.atomic
def ubah_kebijakan(*, lkm: LKM, data: dict[str, Any], oleh: Pengguna, hari_ini: date) -> Kebijakan:
    """A policy change is a new dated row set by an LKM decision; earlier rows are never edited."""
    kebijakan = Kebijakan(lkm=lkm, dibuat_oleh=oleh, **data)
    galat = _periksa_kebijakan(kebijakan)
    if kebijakan.tanggal_keputusan and kebijakan.tanggal_keputusan > hari_ini:
        galat.append(
            {"field": "tanggal_keputusan", "message": "Tanggal keputusan tidak boleh di masa depan."}
        )
    if not (kebijakan.nomor_keputusan or "").strip():
        galat.append({"field": "nomor_keputusan", "message": "Nomor keputusan LKM wajib diisi."})
    if Kebijakan.objects.filter(lkm=lkm, berlaku_mulai=kebijakan.berlaku_mulai).exists():
        galat.append(
            {
                "field": "berlaku_mulai",
                "message": "Sudah ada kebijakan yang berlaku mulai "
                f"{format_tanggal(kebijakan.berlaku_mulai)}; pilih tanggal lain.",
            }
        )
    if galat:
        raise KesalahanDomain(
            "Kebijakan tidak disimpan: " + " ".join(g["message"] for g in galat), errors=galat
        )
    try:
        with transaction.atomic():
            kebijakan.save()
    except IntegrityError as exc:
        raise KesalahanDomain("Kebijakan tidak disimpan: melanggar aturan basis data.") from exc
    return kebijakan


def buat_token(*, pengguna: Pengguna, nama: str) -> tuple[TokenAPI, str]:
    """A new API token for the user; the secret is returned once and only its hash is kept."""
    return TokenAPI.buat(pengguna=pengguna, nama=nama.strip())


@transaction.atomic
def cabut_token(*, pengguna: Pengguna, token_id: int) -> TokenAPI:
    """Revoke one of the user's own tokens (idempotent); another user's token is not found."""
    token = (
        TokenAPI.objects.select_for_update().select_related("pengguna").get(pk=token_id, pengguna=pengguna)
    )
    if not token.dicabut:
        token.dicabut = True
        token.save(update_fields=["dicabut"])
    return token
