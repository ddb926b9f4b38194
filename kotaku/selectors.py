"""Read queries of the core: the policy in force on a date."""

from __future__ import annotations

from datetime import date

from kotaku.models import KEBIJAKAN_AWAL_MULAI, LKM, Kebijakan


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
