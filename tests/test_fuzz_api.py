"""The JSON API under fuzzing (issue 14): schemathesis generates requests from /api/v1/openapi.json and sends
them to the live test server with a Bukur Manajer UPK's token.

Bounded and repeatable: CONTOH examples per operation and generation mode (valid and invalid data),
hypothesis derandomized (a fixed seed), no example database. Half the examples aim their path ids at real
Bukur objects (a KSM with members, a disbursed loan, ...) so the fuzz reaches the services, not only the 404s.
The bar: no answer 5xx and every answer as the schema declares it (status code, content type, body). Every
distinct failure it found is pinned by a plain regression test (tests/kotaku/test_masukan_buruk.py).
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from kotaku.models import Peran, TokenAPI
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import ALUR, cair

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

CONTOH = 20
PEMERIKSAAN = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _objek_bukur(lkm_bukur: Any, buat_pengguna: Any) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """The Manajer UPK's headers, a second user's (for revoking tokens: the fuzz must not revoke the
    Manajer's own), and the ids of real Bukur objects keyed by the path parameter names."""
    ubah_kebijakan_awal(lkm_bukur, wajib_tiga_bulan=False)
    orang = {p: buat_pengguna(p, lkm_bukur) for p in ALUR}
    ksm = ksm_dengan_anggota(6, lkm=lkm_bukur, nama="KSM Laris Jaya")
    pinjaman = cair(ksm, orang, pokok=500_000, tanggal=date(2019, 1, 10))
    _, rahasia = TokenAPI.buat(pengguna=orang[Peran.MANAJER_UPK], nama="fuzz")
    cadangan, rahasia_cadangan = TokenAPI.buat(pengguna=orang[Peran.KASIR], nama="fuzz, boleh dicabut")
    anggota = ksm.keanggotaan.first()
    assert anggota is not None
    ids = {
        "lkm_id": lkm_bukur.pk,
        "ksm_id": ksm.pk,
        "pinjaman_id": pinjaman.pk,
        "anggota_id": anggota.anggota_id,
        "kecamatan_id": lkm_bukur.desa.kecamatan_id,
        "token_id": cadangan.pk,
    }
    return {"Authorization": f"Bearer {rahasia}"}, {"Authorization": f"Bearer {rahasia_cadangan}"}, ids


class Catatan:
    """What the fuzz saw: requests per operation, answers per status, each distinct failure once."""

    def __init__(self) -> None:
        self.permintaan: Counter[str] = Counter()
        self.status: Counter[int] = Counter()
        self.galat: dict[tuple[str, str], str] = {}


def _fuzz(
    operasi: Any,
    mode: GenerationMode,
    kepala: dict[str, str],
    url: str,
    ids: dict[str, int],
    catatan: Catatan,
) -> None:
    @settings(
        max_examples=CONTOH,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(kasus=operasi.as_strategy(mode), nyata=st.booleans())
    def jalankan(kasus: Any, nyata: bool) -> None:
        if nyata and kasus.path_parameters:
            kasus.path_parameters = {k: ids.get(k, v) for k, v in kasus.path_parameters.items()}
        jawab = kasus.call(base_url=url, headers=kepala)
        catatan.permintaan[operasi.label] += 1
        catatan.status[jawab.status_code] += 1
        try:
            kasus.validate_response(jawab, checks=PEMERIKSAAN, headers=kepala)
        except FailureGroup as kelompok:  # every distinct failure is collected, then reported
            for exc in kelompok.exceptions:
                kunci = (operasi.label, f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
                catatan.galat.setdefault(kunci, f"{kasus.as_curl_command(headers=kepala)}\n{str(exc)[:1500]}")

    jalankan()


def test_the_api_holds_under_fuzzing(live_server, lkm_bukur, buat_pengguna):
    kepala_manajer, kepala_cadangan, ids = _objek_bukur(lkm_bukur, buat_pengguna)
    skema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    catatan = Catatan()
    mulai = time.monotonic()
    for hasil in skema.get_all_operations():
        operasi = hasil.ok()
        kepala = kepala_cadangan if operasi.method.upper() == "DELETE" else kepala_manajer
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operasi, mode, kepala, live_server.url, ids, catatan)
    detik = time.monotonic() - mulai
    laporan = (
        f"fuzz: {sum(catatan.permintaan.values())} permintaan, {len(catatan.permintaan)} operasi, "
        f"{detik:.0f} s; status {dict(sorted(catatan.status.items()))}; "
        f"{len(catatan.galat)} kegagalan berbeda"
    )
    print(laporan)
    for (label, ringkas), rinci in sorted(catatan.galat.items()):
        print(f"\n--- {label}: {ringkas}\n{rinci}")
    assert sum(n for s, n in catatan.status.items() if s >= 500) == 0 and not catatan.galat, laporan
