"""API of KSM maturity (API.md): the proposal, the assessment, its list, and `tahap` of `GET ksm`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from kotaku.models import Peran
from kotaku.tanggal import hari_ini
from ksm import services as ksm_services
from ksm.models import Penilaian
from tests.ksm.factories import KSMFactory, tambah

NAMA = [
    "rutin bertemu",
    "kehadiran",
    "agenda",
    "tabungan kelompok",
    "aturan main",
    "pengembalian",
    "pembukuan",
    "rekening aman",
    "kemitraan",
    "masalah kritis",
]


@pytest.fixture
def ksm(db: Any, buat_pengguna: Any, lkm_bukur: Any) -> Any:
    """No meetings, savings or loans; rules of Jan 2019, two signatories, a good book check in June and
    three partners in 2019: 3 + 3 + 3 + 3 = 12 on 30 Nov 2019, Tumbuh."""
    k = KSMFactory(
        nama="KSM Sekar Melati",
        tanggal_aturan_main=date(2019, 1, 5),
        nomor_rekening="0001-01-000777-53-2",
        nama_bank="BRI Unit Jiwan",
        penandatangan_1="Sumiati",
        penandatangan_2="Suparmi",
    )
    manajer = buat_pengguna(Peran.MANAJER_UPK, lkm_bukur)
    ksm_services.catat_pemeriksaan_buku(ksm=k, tanggal=date(2019, 6, 3), hasil="sesuai", oleh=manajer)
    for bulan in (2, 5, 8):
        ksm_services.catat_kegiatan_mitra(
            ksm=k, mitra="Dinas", jenis="pelatihan", tanggal=date(2019, bulan, 1)
        )
    return k


@pytest.fixture
def fasilitator(buat_pengguna: Any, lkm_bukur: Any) -> Any:
    return buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan, username="rina")


def _post(klien: Any, url: str, data: dict[str, Any]) -> Any:
    return klien.post(url, json.dumps(data), content_type="application/json")


USULAN = [0, 0, 0, 0, 3, 0, 3, 3, 3, 0]


def _skor(**ubah: int) -> dict[str, int]:
    return {str(no): ubah.get(f"n{no}", s) for no, s in enumerate(USULAN, 1)}


def test_the_proposal_as_of_a_date(ksm: Any, buat_pengguna: Any, lkm_bukur: Any, api_klien: Any) -> None:
    r = api_klien(buat_pengguna(Peran.PETUGAS_PINJAMAN, lkm_bukur)).get(
        f"/api/v1/ksm/{ksm.pk}/tahap", {"per": "2019-11-30"}
    )
    assert r.status_code == 200
    assert r.json() == {
        "per": "2019-11-30",
        "indikator": [
            {"no": no, "nama": n, "skor": s} for no, (n, s) in enumerate(zip(NAMA, USULAN, strict=True), 1)
        ],
        "total": 12,
        "tahap": "tumbuh",
    }
    # A year earlier none of the dated records existed yet; the account is the KSM's current record (no dated
    # history), so it alone counts: 3, Tunas.
    r = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)).get(
        f"/api/v1/ksm/{ksm.pk}/tahap", {"per": "2018-11-30"}
    )
    assert [i["skor"] for i in r.json()["indikator"]] == [0, 0, 0, 0, 0, 0, 0, 3, 0, 0]
    assert (r.json()["total"], r.json()["tahap"]) == (3, "tunas")


def test_a_bad_date_is_400_in_bahasa_indonesia(ksm: Any, fasilitator: Any, api_klien: Any) -> None:
    r = api_klien(fasilitator).get(f"/api/v1/ksm/{ksm.pk}/tahap", {"per": "30-11-2019"})
    assert r.status_code == 400
    pesan = "Tanggal 30-11-2019 tidak dikenal; tulis YYYY-MM-DD, mis. 2019-11-30."
    assert r.json() == {"detail": pesan, "errors": [{"field": "per", "message": pesan}]}


def test_the_fasilitator_assesses_and_gets_201(ksm: Any, fasilitator: Any, api_klien: Any) -> None:
    r = _post(
        api_klien(fasilitator),
        f"/api/v1/ksm/{ksm.pk}/penilaian",
        {
            "tanggal": "2019-11-30",
            "skor": _skor(n9=2),
            "catatan": {"9": "Satu kegiatan hanya undangan, bukan kerja sama."},
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    p = Penilaian.objects.get()
    assert body == {
        "id": p.pk,
        "ksm": ksm.pk,
        "tanggal": "2019-11-30",
        "indikator": [
            {
                "no": no,
                "usulan": s,
                "skor": 2 if no == 9 else s,
                "catatan": "Satu kegiatan hanya undangan, bukan kerja sama." if no == 9 else "",
            }
            for no, s in enumerate(USULAN, 1)
        ],
        "total": 11,
        "tahap": "tunas",
        "usulan_total": 12,
        "usulan_tahap": "tumbuh",
        "oleh": "rina",
        "ada_foto": False,
    }


@pytest.mark.parametrize(
    ("data", "galat"),
    [
        (
            {"tanggal": "2019-11-30", "skor": _skor(n9=2)},
            [
                {
                    "field": "catatan.9",
                    "message": "Skor indikator 9 (kemitraan) diubah dari usulan 3 menjadi 2: "
                    "tulis catatan buktinya.",
                }
            ],
        ),
        ({"skor": _skor()}, [{"field": "tanggal", "message": "Tanggal penilaian wajib diisi."}]),
        (
            {"tanggal": "2019-02-30", "skor": _skor()},
            [
                {
                    "field": "tanggal",
                    "message": "Tanggal 2019-02-30 tidak dikenal; tulis YYYY-MM-DD, mis. 2019-11-30.",
                }
            ],
        ),
        (
            {"tanggal": "2019-11-30", "skor": _skor() | {"5": 7}},
            [{"field": "skor.5", "message": "Skor indikator 5 harus 0, 1, 2 atau 3."}],
        ),
        (
            {"tanggal": "2019-11-30", "skor": {k: v for k, v in _skor().items() if k != "1"}},
            [{"field": "skor.1", "message": "Skor indikator 1 wajib diisi."}],
        ),
        (
            {"tanggal": "2019-11-30", "skor": "semua 3"},
            [
                {
                    "field": "skor",
                    "message": 'Skor harus berupa pasangan nomor indikator dan skor, mis. {"1": 3, "2": 2}.',
                }
            ],
        ),
        (
            {"tanggal": 20191130, "skor": _skor()},
            [
                {
                    "field": "tanggal",
                    "message": "Tanggal 20191130 tidak dikenal; tulis YYYY-MM-DD, mis. 2019-11-30.",
                }
            ],
        ),
    ],
)
def test_refusals_are_400_with_field_errors(
    ksm: Any, fasilitator: Any, api_klien: Any, data: dict[str, Any], galat: list[dict[str, str]]
) -> None:
    r = _post(api_klien(fasilitator), f"/api/v1/ksm/{ksm.pk}/penilaian", data)
    assert r.status_code == 400
    assert r.json()["errors"] == galat
    assert r.json()["detail"]
    assert not Penilaian.objects.exists()


def test_a_future_date_is_400(ksm: Any, fasilitator: Any, api_klien: Any) -> None:
    besok = hari_ini() + timedelta(days=1)
    r = _post(
        api_klien(fasilitator), f"/api/v1/ksm/{ksm.pk}/penilaian", {"tanggal": f"{besok}", "skor": _skor()}
    )
    assert r.status_code == 400
    assert r.json()["errors"] == [
        {"field": "tanggal", "message": f"Tanggal penilaian {besok} belum terjadi."}
    ]


@pytest.mark.parametrize("peran", [Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.PETUGAS_PINJAMAN])
def test_upk_staff_and_board_may_not_assess(
    ksm: Any, buat_pengguna: Any, lkm_bukur: Any, api_klien: Any, peran: str
) -> None:
    r = _post(
        api_klien(buat_pengguna(peran, lkm_bukur)),
        f"/api/v1/ksm/{ksm.pk}/penilaian",
        {"tanggal": "2019-11-30", "skor": _skor()},
    )
    assert r.status_code == 403
    assert r.json() == {"detail": "Peran Anda tidak berwenang melakukan tindakan ini.", "errors": []}
    assert not Penilaian.objects.exists()


def test_outside_the_scope_is_404(ksm: Any, buat_pengguna: Any, lkm_kwangsen: Any, api_klien: Any) -> None:
    """A fasilitator of Kwangsen only (listed desa, no kecamatan) does not see a Bukur KSM."""
    lain = buat_pengguna(Peran.FASILITATOR)
    lain.desa.add(lkm_kwangsen.desa)
    klien = api_klien(lain)
    assert klien.get(f"/api/v1/ksm/{ksm.pk}/tahap").status_code == 404
    assert klien.get(f"/api/v1/ksm/{ksm.pk}/penilaian").status_code == 404
    r = _post(klien, f"/api/v1/ksm/{ksm.pk}/penilaian", {"tanggal": "2019-11-30", "skor": _skor()})
    assert r.status_code == 404
    assert r.json() == {"detail": "Data tidak ditemukan.", "errors": []}
    assert not Penilaian.objects.exists()


def test_the_list_newest_first_and_the_stage_in_get_ksm(ksm: Any, fasilitator: Any, api_klien: Any) -> None:
    klien = api_klien(fasilitator)
    lain = KSMFactory(nama="KSM Belum Dinilai")
    assert klien.get(f"/api/v1/ksm/{ksm.pk}").json()["tahap"] is None
    for tanggal, data in (("2019-06-30", {"skor": {str(n): 0 for n in range(1, 11)}}), ("2019-11-30", {})):
        # On 30 Jun the proposal is 3 + 3 + 3 + 2 = 11 (two partners so far); the fasilitator gives 0s.
        isi = {"tanggal": tanggal, "skor": _skor(), **data}
        if tanggal == "2019-06-30":
            isi["catatan"] = {n: "Tidak terbukti saat kunjungan." for n in ("5", "7", "8", "9")}
        assert _post(klien, f"/api/v1/ksm/{ksm.pk}/penilaian", isi).status_code == 201
    body = klien.get(f"/api/v1/ksm/{ksm.pk}/penilaian").json()
    assert body["count"] == 2
    assert [(x["tanggal"], x["total"], x["tahap"], x["usulan_total"]) for x in body["items"]] == [
        ("2019-11-30", 12, "tumbuh", 12),
        ("2019-06-30", 0, "tunas", 11),
    ]
    assert klien.get(f"/api/v1/ksm/{ksm.pk}").json()["tahap"] == "tumbuh"
    daftar = {x["nama"]: x["tahap"] for x in klien.get("/api/v1/ksm").json()["items"]}
    assert daftar == {"KSM Sekar Melati": "tumbuh", "KSM Belum Dinilai": None}
    assert [x["id"] for x in klien.get("/api/v1/ksm", {"tahap": "belum"}).json()["items"]] == [lain.pk]
    assert [x["id"] for x in klien.get("/api/v1/ksm", {"tahap": "tumbuh"}).json()["items"]] == [ksm.pk]


@pytest.mark.parametrize("n", [2, 12])
def test_ksm_list_with_stages_has_a_fixed_query_count(
    n: int, fasilitator: Any, api_klien: Any, django_assert_max_num_queries: Any
) -> None:
    from ksm.penilaian import catat_penilaian
    from ksm.tahap import NAMA_INDIKATOR, HasilTahap, Indikator

    usulan = HasilTahap(tuple(Indikator(no, NAMA_INDIKATOR[no - 1], 1) for no in range(1, 11)), 10, "tunas")
    for i in range(n):
        k = KSMFactory()
        tambah(k, f"Anggota {i}")
        catat_penilaian(
            ksm=k,
            tanggal=date(2019, 11, 30),
            skor={no: 1 for no in range(1, 11)},
            catatan={},
            usulan=usulan,
            oleh=fasilitator,
        )
    klien = api_klien(fasilitator)
    with django_assert_max_num_queries(5):
        r = klien.get("/api/v1/ksm", {"tahap": "tunas"})
    assert r.json()["count"] == n
    assert {x["tahap"] for x in r.json()["items"]} == {"tunas"}
