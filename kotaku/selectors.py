"""Read queries of the core: the policy in force on a date, a user's API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from kotaku.models import KEBIJAKAN_AWAL_MULAI, LKM, Kebijakan, Pengguna, TokenAPI


def kebijakan_berlaku(*, lkm: LKM, tanggal: date) -> Kebijakan:
    """The LKM policy in force on `tanggal`; the PNPM-MP/KOTAKU defaults when the LKM has set none yet."""
    kebijakan = (
        Kebijakan.objects.filter(lkm=lkm, berlaku_mulai__lte=tanggal).order_by("-berlaku_mulai").first()
    )
    if kebijakan is None:
        kebijakan = Kebijakan(
            lkm=lkm,
            berlaku_mulai=KEBIJAKAN_AWAL_MULAI,
            nomor_keputusan="Bawaan PNPM-MP/KOTAKU",
            tanggal_keputusan=KEBIJAKAN_AWAL_MULAI,
        )
    return kebijakan


def kebijakan_berlaku_banyak(*, lkm_ids: Iterable[int], tanggal: date) -> dict[int, Kebijakan]:
    """`kebijakan_berlaku` of many LKMs in one query (the defaults for those that have set none)."""
    ids = list(lkm_ids)
    hasil = {
        k.lkm_id: k
        for k in Kebijakan.objects.filter(lkm_id__in=ids, berlaku_mulai__lte=tanggal)
        .order_by("lkm_id", "-berlaku_mulai")
        .distinct("lkm_id")
    }
    for lkm_id in ids:
        if lkm_id not in hasil:
            hasil[lkm_id] = Kebijakan(
                lkm_id=lkm_id,
                berlaku_mulai=KEBIJAKAN_AWAL_MULAI,
                nomor_keputusan="Bawaan PNPM-MP/KOTAKU",
                tanggal_keputusan=KEBIJAKAN_AWAL_MULAI,
            )
    return hasil


def token_milik(pengguna: Pengguna) -> QuerySet[TokenAPI]:
    """The user's own API tokens, newest first (revoked and expired ones too, to show their status)."""
    return (
        TokenAPI.objects.filter(pengguna=pengguna).select_related("pengguna").order_by("-dibuat_pada", "-pk")
    )
