"""The API shell: bearer tokens, the error body, pagination, `GET desa`, OpenAPI."""

from __future__ import annotations

import pytest
from django.test import Client

from kotaku.models import LKM, Desa, Kecamatan, Peran, TokenAPI


def test_missing_token_is_401_with_the_error_body(db):
    respon = Client().get("/api/v1/desa")
    assert respon.status_code == 401
    assert respon.json() == {"detail": "Token tidak ada atau tidak valid.", "errors": []}


def test_bad_or_revoked_token_is_401(buat_pengguna, lkm_bukur):
    user = buat_pengguna(Peran.KASIR, lkm_bukur)
    assert Client(HTTP_AUTHORIZATION="Bearer ktk_salah").get("/api/v1/desa").status_code == 401
    token, rahasia = TokenAPI.buat(pengguna=user)
    klien = Client(HTTP_AUTHORIZATION=f"Bearer {rahasia}")
    assert klien.get("/api/v1/desa").status_code == 200
    token.dicabut = True
    token.save()
    assert klien.get("/api/v1/desa").status_code == 401


def test_token_stores_only_its_hash(buat_pengguna, lkm_bukur):
    token, rahasia = TokenAPI.buat(pengguna=buat_pengguna(Peran.KASIR, lkm_bukur))
    assert rahasia not in token.sidik and len(token.sidik) == 64


def test_desa_lists_only_the_scope(buat_pengguna, api_klien, lkm_bukur):
    data = api_klien(buat_pengguna(Peran.KASIR, lkm_bukur)).get("/api/v1/desa").json()
    assert data == {
        "items": [
            {
                "id": lkm_bukur.desa_id,
                "nama": "Bukur",
                "kecamatan": "Jiwan",
                "kabupaten": "Madiun",
                "lkm": {"id": lkm_bukur.pk, "nama": "LKM Barokah"},
            }
        ],
        "count": 1,
    }


def test_desa_for_the_kecamatan_fasilitator_is_paginated(buat_pengguna, api_klien):
    user = buat_pengguna(Peran.FASILITATOR, kecamatan=Kecamatan.objects.get(nama="Jiwan"))
    klien = api_klien(user)
    halaman1 = klien.get("/api/v1/desa?limit=5&offset=0").json()
    halaman3 = klien.get("/api/v1/desa?limit=5&offset=10").json()
    assert halaman1["count"] == 14 and len(halaman1["items"]) == 5
    assert [d["nama"] for d in halaman1["items"]] == ["Bedoho", "Bibrik", "Bukur", "Grobogan", "Jiwan"]
    assert [d["nama"] for d in halaman3["items"]] == ["Sambirejo", "Sukolilo", "Teguhan", "Wayut"]


@pytest.mark.parametrize("jumlah_desa_tambahan", [0, 20])
def test_desa_list_query_count_does_not_grow(
    buat_pengguna, api_klien, django_assert_num_queries, jumlah_desa_tambahan
):
    kecamatan = Kecamatan.objects.get(nama="Jiwan")
    for i in range(jumlah_desa_tambahan):
        desa = Desa.objects.create(kecamatan=kecamatan, nama=f"Desa Uji {i}")
        LKM.objects.create(desa=desa, nama=f"LKM Uji {i}")
    klien = api_klien(buat_pengguna(Peran.ADMIN))
    # token lookup + last-used update + count + page (with joins)
    with django_assert_num_queries(4):
        respon = klien.get("/api/v1/desa?limit=100")
    assert respon.json()["count"] == 14 + jumlah_desa_tambahan


def test_lkm_detail_and_policy(buat_pengguna, api_klien, lkm_bukur):
    klien = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    assert klien.get(f"/api/v1/lkm/{lkm_bukur.pk}").json() == {
        "id": lkm_bukur.pk,
        "nama": "LKM Barokah",
        "desa": "Bukur",
        "kecamatan": "Jiwan",
        "kabupaten": "Madiun",
        "provinsi": "Jawa Timur",
    }
    k = klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kebijakan?per=2019-11-30").json()
    assert k["jasa_persen_per_bulan"] == "1.5"
    assert k["metode_jasa"] == "flat"
    assert k["satuan_pembulatan"] == 100
    assert k["batas_siklus_pertama"] == 1_000_000 and k["batas_per_anggota"] == 3_000_000
    assert k["batas_kolektibilitas_bulan"] == ["3", "6", "9"]
    assert k["bobot_cadangan_persen"] == {"1": "0.5", "2": "0.5", "3": "10", "4": "50", "5": "100"}
    assert k["berlaku_mulai"] == "2009-01-01"


def test_invalid_query_is_400_in_the_error_format(buat_pengguna, api_klien, lkm_bukur):
    respon = api_klien(buat_pengguna(Peran.KASIR, lkm_bukur)).get(
        f"/api/v1/lkm/{lkm_bukur.pk}/kebijakan?per=kemarin"
    )
    assert respon.status_code == 400
    body = respon.json()
    assert body["detail"] == "Data yang dikirim tidak valid."
    assert body["errors"][0]["field"] == "per"


def test_openapi_and_docs_are_served(db):
    skema = Client().get("/api/v1/openapi.json")
    assert skema.status_code == 200
    paths = skema.json()["paths"]
    assert "/api/v1/desa" in paths and "/api/v1/lkm/{lkm_id}/kebijakan" in paths
    assert Client().get("/api/v1/docs").status_code == 200
