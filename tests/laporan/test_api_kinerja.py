"""GET lkm/{id}/kinerja and GET kecamatan/{id}/kinerja (API.md): ratios as strings, scores, scope."""

from __future__ import annotations

from datetime import date

from kotaku.models import LKM, Desa, Kecamatan, Peran
from laporan.models import SnapshotBulanan
from laporan.services import simpan_snapshot
from tests.laporan.conftest import LANCAR_CAIR, MENUNGGAK_CAIR, PER, biaya, ksm_berpinjaman, modal, pendapatan


def _bukur(lkm, orang):
    """Per 30 April 2019: 5.000.000 three months behind + 5.000.000 current; capital 20.000.000; income
    400.000, costs 100.000 -> LAR 50%, PAR 50%, RR (10.000.000 - 1.500.000) / 10.000.000 = 85%, CCr 400%,
    ROI 300.000 x 3 / 20.000.000 = 4,5%."""
    modal(lkm, date(2018, 12, 1), 20_000_000)
    ksm_berpinjaman(lkm, orang, "KSM Menunggak", per_anggota=1_000_000, cair=MENUNGGAK_CAIR)
    ksm_berpinjaman(lkm, orang, "KSM Lancar", per_anggota=1_000_000, cair=LANCAR_CAIR)
    pendapatan(lkm, date(2019, 3, 1), 400_000, "p")
    biaya(lkm, date(2019, 3, 2), 100_000, "b")


BUKUR = {
    "per": "2019-04-30",
    "lar": "0.5000",
    "par": "0.5000",
    "rr": "0.8500",
    "ccr": "4.0000",
    "roi": "0.0450",
    "skor": {"lar": 3, "par": 3, "rr": 2, "ccr": 1, "roi": 2},
    "total": 11,
    "predikat": "tidak_memadai",
    "outstanding": 10_000_000,
    "ksm_aktif": 2,
    "ksm_menunggak": 1,
}


def test_lkm_kinerja_from_snapshot_or_computed(lkm_bukur, orang, buat_pengguna, api_klien):
    _bukur(lkm_bukur, orang)
    klien = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    r = klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=2019-04-30")
    assert r.status_code == 200 and r.json() == BUKUR  # no snapshot: computed
    simpan_snapshot(lkm_ids=[lkm_bukur.pk], per=PER)
    SnapshotBulanan.objects.filter(lkm=lkm_bukur, per=PER).update(outstanding_berisiko=1_500_000)
    # Stored snapshots are what the API reads (here edited by hand, to prove it): PAR 1,5/10 -> 15%.
    assert klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=2019-04-30").json()["par"] == "0.1500"
    # A row no real books can give (arrears above the outstanding at risk) is a 409 that says so, not a 500.
    SnapshotBulanan.objects.filter(lkm=lkm_bukur, per=PER).update(outstanding_berisiko=1_000_000)
    r = klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=2019-04-30")
    assert r.status_code == 409
    assert r.json()["detail"].startswith("Angka LKM ini per 30 April 2019 tidak sah")


def test_lkm_kinerja_refuses_a_date_that_is_not_a_month_end(lkm_bukur, buat_pengguna, api_klien):
    klien = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    r = klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=2019-04-29")
    assert r.status_code == 400
    assert r.json() == {
        "detail": "per 2019-04-29 bukan akhir bulan; kinerja dihitung per akhir bulan, mis. 2019-04-30.",
        "errors": [{"field": "per", "message": "Tanggal harus akhir bulan."}],
    }
    assert klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=2999-01-31").status_code == 400
    assert klien.get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=kemarin").status_code == 400


def test_lkm_kinerja_default_is_the_last_closed_month(lkm_bukur, buat_pengguna, api_klien):
    from kotaku.buku.services import tutup_bulan

    modal(lkm_bukur, date(2019, 3, 1), 12_000_000)
    pendapatan(lkm_bukur, date(2019, 3, 5), 100_000, "p")
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, oleh=buat_pengguna(Peran.PEMBUKU, lkm_bukur))
    r = api_klien(buat_pengguna(Peran.MANAJER_UPK, lkm_bukur)).get(f"/api/v1/lkm/{lkm_bukur.pk}/kinerja")
    # 31 March: no loans (LAR, PAR 0, RR 1), no costs (CCr none, baik), ROI 100.000 x 4 / 12.000.000 = 3,33%.
    assert r.json() == {
        "per": "2019-03-31",
        "lar": "0.0000",
        "par": "0.0000",
        "rr": "1.0000",
        "ccr": None,
        "roi": "0.0333",
        "skor": {"lar": 1, "par": 1, "rr": 1, "ccr": 1, "roi": 2},
        "total": 6,
        "predikat": "memadai",
        "outstanding": 0,
        "ksm_aktif": 0,
        "ksm_menunggak": 0,
    }


def test_lkm_kinerja_outside_scope_is_404(lkm_bukur, lkm_kwangsen, buat_pengguna, api_klien):
    r = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen)).get(
        f"/api/v1/lkm/{lkm_bukur.pk}/kinerja?per=2019-04-30"
    )
    assert r.status_code == 404 and r.json()["detail"] == "Data tidak ditemukan."


def test_kecamatan_kinerja_items_in_scope_and_total_of_sums(
    lkm_bukur, lkm_kwangsen, orang, buat_pengguna, api_klien, django_assert_max_num_queries
):
    _bukur(lkm_bukur, orang)
    # Kwangsen: capital 10.000.000 and a loss of 50.000 -> no loans, ROI negative.
    modal(lkm_kwangsen, date(2018, 12, 1), 10_000_000)
    biaya(lkm_kwangsen, date(2019, 4, 1), 50_000, "b-kw")
    simpan_snapshot(lkm_ids=[lkm_kwangsen.pk], per=PER)  # one stored, the others computed
    jiwan = lkm_bukur.desa.kecamatan
    fasilitator = buat_pengguna(Peran.FASILITATOR)
    fasilitator.desa.add(lkm_bukur.desa, lkm_kwangsen.desa)  # two listed desa, not the whole kecamatan
    klien = api_klien(fasilitator)
    with django_assert_max_num_queries(20):
        r = klien.get(f"/api/v1/kecamatan/{jiwan.pk}/kinerja?per=2019-04-30")
    body = r.json()
    assert body["per"] == "2019-04-30" and body["kecamatan"] == "Jiwan"
    assert [(i["desa"], i["lkm"]["id"]) for i in body["items"]] == [
        ("Bukur", lkm_bukur.pk),
        ("Kwangsen", lkm_kwangsen.pk),
    ]
    bukur = {k: v for k, v in body["items"][0].items() if k not in ("lkm", "desa")}
    assert bukur == BUKUR
    kw = body["items"][1]
    assert (kw["roi"], kw["skor"]["roi"], kw["ccr"], kw["skor"]["ccr"]) == ("-0.0150", 3, "0.0000", 3)
    # Over the sums: income 400.000, costs 150.000 -> CCr 266,67%; surplus 250.000 x 3 / 30.000.000 = 2,5%.
    assert body["total"] == {
        **BUKUR,
        "ccr": "2.6667",
        "roi": "0.0250",
    }


def test_kecamatan_outside_scope_is_404(lkm_bukur, buat_pengguna, api_klien):
    lain = Kecamatan.objects.create(kabupaten=lkm_bukur.desa.kecamatan.kabupaten, nama="Mejayan")
    LKM.objects.create(desa=Desa.objects.create(kecamatan=lain, nama="Krajan"), nama="LKM Krajan")
    klien = api_klien(buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan))
    assert klien.get(f"/api/v1/kecamatan/{lain.pk}/kinerja?per=2019-04-30").status_code == 404
    assert klien.get("/api/v1/kecamatan/999999/kinerja").status_code == 404
