"""Dashboards: the LKM board's, the fasilitator's kecamatan, the admin's kabupaten; scope, sorting, queries.

Bukur, built by hand (per 30 April 2019):
- capital 20.000.000 (Dec 2018);
- KSM Anggrek: 5 x 1.000.000 disbursed 10 Jan, never paid: 3 instalments (1.500.000 pokok) behind, Kol 2;
- KSM Bougenvil: 5 x 1.000.000 disbursed 15 Feb, pays 575.000 on 15 Mar and 15 Apr: 4.000.000 left, Kol 1;
- ATK 100.000 on 5 Apr.
Outstanding 9.000.000 (March 9.500.000); LAR 1/2; PAR 5/9 = 55,56%; RR 7,5/9 = 83,33%; income 150.000 (jasa),
costs 100.000, CCr 150%, ROI 50.000 x 3 / 20.000.000 = 0,75%; reserve required 20.000 + 25.000, booked 0;
cash 20.000.000 - 10.000.000 + 1.150.000 - 100.000 = 11.050.000.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from kotaku.models import LKM, Desa, Kabupaten, Kecamatan, Peran
from laporan.models import SnapshotBulanan
from laporan.services import simpan_snapshot
from pinjaman import services
from tests.laporan.conftest import PER, biaya, ksm_berpinjaman, modal


@pytest.fixture
def bukur(lkm_bukur, orang):
    kasir = orang[Peran.KASIR]
    modal(lkm_bukur, date(2018, 12, 1), 20_000_000)
    a = ksm_berpinjaman(lkm_bukur, orang, "KSM Anggrek", per_anggota=1_000_000, cair=date(2019, 1, 10))
    b = ksm_berpinjaman(lkm_bukur, orang, "KSM Bougenvil", per_anggota=1_000_000, cair=date(2019, 2, 15))
    for bulan in (3, 4):
        services.catat_pembayaran(
            pinjaman=b, tanggal=date(2019, bulan, 15), jumlah=575_000, kunci=f"b{bulan}", oleh=kasir
        )
    biaya(lkm_bukur, date(2019, 4, 5), 100_000, "atk")
    semua = list(LKM.objects.values_list("pk", flat=True))
    for per in (date(2019, 1, 31), date(2019, 2, 28), date(2019, 3, 31), PER):
        simpan_snapshot(lkm_ids=semua, per=per)
    return {"lkm": lkm_bukur, "anggrek": a, "bougenvil": b}


def _teks(r) -> str:
    return re.sub(r"\s+", " ", r.content.decode())


def _testid(html: str, nama: str, *, teks: bool = True) -> str:
    """The content of the element marked `data-testid=nama` (up to its first closing tag of the same name);
    `teks` strips the tags inside."""
    cocok = re.search(rf'<(\w+)[^>]*data-testid="{nama}"[^>]*>(.*?)</\1>', html)
    assert cocok, nama
    isi = cocok.group(2)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", isi)).strip() if teks else isi.strip()


def test_the_board_dashboard_cards_lights_charts_and_arrears(bukur, buat_pengguna, masuk):
    lkm = bukur["lkm"]
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm)
    r = masuk(pengurus).get("/laporan/?bulan=2019-04")
    assert r.status_code == 200
    html = _teks(r)
    assert _testid(html, "periode-dasbor") == "Desa Bukur · per 30 April 2019"
    assert _testid(html, "kartu-nilai-outstanding") == "Rp 9.000.000"
    assert "-Rp 500.000" in _testid(html, "kartu-ubah-outstanding")
    assert _testid(html, "kartu-nilai-angsuran") == "Rp 500.000"
    assert _testid(html, "kartu-nilai-tunggakan") == "Rp 1.500.000"
    assert _testid(html, "kartu-nilai-par") == "55,56%"
    assert _testid(html, "kartu-nilai-kas") == "Rp 11.050.000"
    assert _testid(html, "kartu-nilai-surplus") == "Rp 50.000"
    # The lights: value, score and the thresholds stated.
    assert (_testid(html, "nilai-lar"), _testid(html, "skor-lar")) == ("50,00%", "Buruk")
    assert (_testid(html, "nilai-par"), _testid(html, "skor-par")) == ("55,56%", "Buruk")
    assert (_testid(html, "nilai-rr"), _testid(html, "skor-rr")) == ("83,33%", "Minimum")
    assert (_testid(html, "nilai-ccr"), _testid(html, "skor-ccr")) == ("150,00%", "Baik")
    assert (_testid(html, "nilai-roi"), _testid(html, "skor-roi")) == ("0,75%", "Minimum")
    assert "Baik &lt; 10%" in html and "Minimum 80% - 90%" in html and "Buruk &lt;= 0%" in html
    assert "Skor total <strong>11</strong>" in html and "Tidak Memadai" in html
    # The reserve warning, with its figures.
    assert "wajib <strong>Rp 45.000</strong>, tercatat (12010) <strong>Rp 0</strong>" in html
    # Charts: config in json_script, one per chart, and their tables.
    for nama in ("saldo", "arus", "kolektibilitas", "risiko", "surplus", "tahap"):
        assert f'data-testid="grafik-{nama}"' in html
    saldo = json.loads(
        re.search(r'<script id="grafik-saldo" type="application/json">(.*?)</script>', html)[1]
    )
    assert saldo["data"]["labels"][-4:] == ["Jan 2019", "Feb 2019", "Mar 2019", "Apr 2019"]
    assert saldo["data"]["datasets"][0]["data"][-4:] == [5_000_000, 10_000_000, 9_500_000, 9_000_000]
    assert saldo["data"]["datasets"][0]["data"][0] is None  # May 2018: no snapshot, a gap
    risiko = json.loads(
        re.search(r'<script id="grafik-risiko" type="application/json">(.*?)</script>', html)[1]
    )
    assert risiko["persen"] is True and risiko["data"]["datasets"][0]["data"][-1] == 55.56
    assert (
        '<th scope="row" class="fw-normal text-nowrap">Apr 2019</th><td class="text-end">9.000.000</td>'
        in html
    )
    assert 'data-testid="grafik-tahap-kosong"' in html  # no assessment model yet
    # Arrears: Anggrek only, linked to the KSM, the loan and the members' cards.
    a = bukur["anggrek"]
    assert f'href="/ksm/{a.ksm_id}/">KSM Anggrek</a>' in html
    assert f'href="/pinjaman/{a.pk}/">#{a.pk}</a>' in html
    assert html.count(f'href="/pinjaman/{a.pk}/kartu/') == 5
    assert "KSM Bougenvil" not in html.split('data-testid="tabel-menunggak"')[1].split("</table>")[0]
    assert '<td class="text-end">3,00</td>' in html


def test_a_month_without_snapshot_is_computed_and_says_so(bukur, buat_pengguna, masuk):
    SnapshotBulanan.objects.filter(lkm=bukur["lkm"], per=PER).delete()
    r = masuk(buat_pengguna(Peran.PENGURUS_LKM, bukur["lkm"])).get(
        f"/laporan/lkm/{bukur['lkm'].pk}/?bulan=2019-04"
    )
    html = _teks(r)
    assert 'data-testid="tanpa-snapshot"' in html
    assert _testid(html, "kartu-nilai-outstanding") == "Rp 9.000.000"


def test_a_bad_month_falls_back_to_the_last_closed_one(bukur, buat_pengguna, masuk):
    r = masuk(buat_pengguna(Peran.PENGURUS_LKM, bukur["lkm"])).get("/laporan/?bulan=2019-13")
    html = _teks(r)
    assert "Bulan “2019-13” tidak dikenal" in html
    from kotaku.tanggal import akhir_bulan, hari_ini, tambah_bulan

    # No month of Bukur is closed: the default is the end of last month.
    assert r.context["per"] == akhir_bulan(tambah_bulan(hari_ini(), -1))


def test_dashboard_of_an_lkm_outside_scope_is_404(bukur, lkm_kwangsen, buat_pengguna, masuk):
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    assert klien.get(f"/laporan/lkm/{bukur['lkm'].pk}/").status_code == 404
    assert klien.get("/laporan/").context["lkm"] == lkm_kwangsen


def test_the_lkm_dashboard_query_count_does_not_grow_with_loans(bukur, buat_pengguna, masuk, orang):
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, bukur["lkm"]))
    url = f"/laporan/lkm/{bukur['lkm'].pk}/?bulan=2019-04"
    klien.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sebelum:
        klien.get(url)
    ksm_berpinjaman(bukur["lkm"], orang, "KSM Cempaka", per_anggota=500_000, cair=date(2019, 1, 20))
    simpan_snapshot(lkm_ids=[bukur["lkm"].pk], per=PER)
    with CaptureQueriesContext(connection) as sesudah:
        r = klien.get(url)
    assert "KSM Cempaka" in r.content.decode()
    assert len(sesudah) == len(sebelum)


# ---- kecamatan and kabupaten -------------------------------------------------------------------------------


@pytest.fixture
def fasilitator(buat_pengguna, lkm_bukur):
    return buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)


def test_fasilitator_lands_on_the_kecamatan_dashboard(bukur, fasilitator, masuk):
    jiwan = bukur["lkm"].desa.kecamatan
    klien = masuk(fasilitator)
    r = klien.get("/laporan/?bulan=2019-04")
    assert r.status_code == 302 and r["Location"] == f"/laporan/kecamatan/{jiwan.pk}/?bulan=2019-04"
    r = klien.get(r["Location"])
    html = _teks(r)
    assert _testid(html, "judul-dasbor") == "Dasbor Kecamatan Jiwan"
    assert _testid(html, "periode-dasbor") == "14 LKM · per 30 April 2019"
    baris = r.context["baris"]
    assert len(baris) == 14
    b = next(x for x in baris if x.id == bukur["lkm"].pk)
    assert (b.outstanding, b.ksm_aktif, b.ksm_menunggak, str(b.kinerja.par), b.kinerja.total) == (
        9_000_000,
        2,
        1,
        "0.5556",
        11,
    )
    # The other 13 have no loans: LAR/PAR/RR baik, no costs -> CCr baik, no capital -> ROI buruk: total 7.
    assert {x.kinerja.total for x in baris if x.id != bukur["lkm"].pk} == {7}
    # Default order is the ranking: Bukur (11) last.
    assert baris[-1].id == bukur["lkm"].pk and b.peringkat == 14
    # The total is computed from the sums: Bukur's figures are the only non-zero ones.
    total = r.context["total"]
    assert (total.outstanding, str(total.kinerja.par), str(total.kinerja.roi)) == (
        9_000_000,
        "0.5556",
        "0.0075",
    )
    assert f'href="/laporan/lkm/{bukur["lkm"].pk}/?bulan=2019-04&amp;rentang=12">Bukur</a>' in html
    assert "Kinerja Kecamatan Jiwan (dari jumlah angka semua LKM)" in html
    assert 'data-testid="baris-total"' in html


def test_kecamatan_sorts_by_every_column(bukur, fasilitator, masuk):
    jiwan = bukur["lkm"].desa.kecamatan
    klien = masuk(fasilitator)
    r = klien.get(f"/laporan/kecamatan/{jiwan.pk}/?bulan=2019-04&urut=-outstanding")
    assert r.context["baris"][0].id == bukur["lkm"].pk
    assert 'aria-sort="descending"' in r.content.decode()
    r = klien.get(f"/laporan/kecamatan/{jiwan.pk}/?bulan=2019-04&urut=nama")
    nama = [b.nama for b in r.context["baris"]]
    assert nama == sorted(nama) and nama[0] == "Bedoho"
    r = klien.get(f"/laporan/kecamatan/{jiwan.pk}/?bulan=2019-04&urut=-nama")
    assert [b.nama for b in r.context["baris"]] == sorted(nama, reverse=True)
    for kolom in ("lar", "par", "rr", "ccr", "roi", "total", "ksm_aktif", "ksm_menunggak", "outstanding"):
        r = klien.get(f"/laporan/kecamatan/{jiwan.pk}/?bulan=2019-04&urut=-{kolom}")
        assert r.status_code == 200 and r.context["urut"] == f"-{kolom}"
    # Unknown column: back to the ranking.
    assert klien.get(f"/laporan/kecamatan/{jiwan.pk}/?urut=drop+table").context["urut"] == "peringkat"


def test_kecamatan_query_count_is_constant(bukur, fasilitator, masuk, django_assert_num_queries):
    jiwan = bukur["lkm"].desa.kecamatan
    klien = masuk(fasilitator)
    url = f"/laporan/kecamatan/{jiwan.pk}/?bulan=2019-04"
    klien.get(url)
    with django_assert_num_queries(10):
        klien.get(url)
    SnapshotBulanan.objects.filter(per=PER).exclude(lkm=bukur["lkm"]).delete()
    with django_assert_num_queries(10):
        r = klien.get(url)
    assert r.context["total"].lkm_tanpa_snapshot == 13
    assert "belum ada potret 30 April 2019" in r.content.decode()


def test_kecamatan_outside_scope_is_404(bukur, buat_pengguna, masuk):
    lain = Kecamatan.objects.create(kabupaten=bukur["lkm"].desa.kecamatan.kabupaten, nama="Mejayan")
    LKM.objects.create(desa=Desa.objects.create(kecamatan=lain, nama="Krajan"), nama="LKM Krajan")
    fasil_lain = buat_pengguna(Peran.FASILITATOR, kecamatan=lain)
    klien = masuk(fasil_lain)
    assert klien.get(f"/laporan/kecamatan/{bukur['lkm'].desa.kecamatan_id}/").status_code == 404
    assert klien.get(f"/laporan/kecamatan/{lain.pk}/").status_code == 200
    assert (
        masuk(buat_pengguna(Peran.PENGURUS_LKM, bukur["lkm"]))
        .get(f"/laporan/kecamatan/{lain.pk}/")
        .status_code
        == 404
    )


def test_admin_kabupaten_dashboard_sums_each_kecamatan(
    bukur, buat_pengguna, masuk, django_assert_num_queries
):
    from kotaku.buku.services import siapkan_akun

    madiun = Kabupaten.objects.get(nama="Madiun")
    admin = buat_pengguna(Peran.ADMIN)
    klien = masuk(admin)
    r = klien.get("/laporan/?bulan=2019-04&lkm=" + str(bukur["lkm"].pk))
    assert r.status_code == 302 and r["Location"].startswith(f"/laporan/kabupaten/{madiun.pk}/?")
    url = f"/laporan/kabupaten/{madiun.pk}/?bulan=2019-04"
    klien.get(url)
    with django_assert_num_queries(10):
        r = klien.get(url)
    (jiwan,) = r.context["baris"]
    assert (jiwan.nama, jiwan.jumlah_lkm, jiwan.outstanding, jiwan.ksm_aktif) == ("Jiwan", 14, 9_000_000, 2)
    assert str(jiwan.kinerja.par) == "0.5556"
    # A second kecamatan with two LKMs: one more row, the same number of queries.
    kec = Kecamatan.objects.create(kabupaten=madiun, nama="Mejayan")
    for d in ("Krajan", "Kaliabu"):
        lkm = LKM.objects.create(desa=Desa.objects.create(kecamatan=kec, nama=d), nama=f"LKM {d}")
        siapkan_akun(lkm)
        modal(lkm, date(2019, 1, 2), 1_000_000, f"modal-{d}")
        simpan_snapshot(lkm_ids=[lkm.pk], per=PER)
    with django_assert_num_queries(10):
        r = klien.get(url + "&urut=-ksm_aktif")
    assert [b.nama for b in r.context["baris"]] == ["Jiwan", "Mejayan"]
    mejayan = r.context["baris"][1]
    assert (mejayan.jumlah_lkm, mejayan.outstanding, str(mejayan.kinerja.roi)) == (2, 0, "0.0000")
    total = r.context["total"]
    assert (total.jumlah_lkm, total.outstanding, total.ksm_menunggak) == (16, 9_000_000, 1)
    # Rows link down to the kecamatan dashboards.
    assert (
        f'href="/laporan/kecamatan/{kec.pk}/?bulan=2019-04&amp;rentang=12">Mejayan</a>' in r.content.decode()
    )


def test_the_drill_down_keeps_the_month(bukur, buat_pengguna, masuk):
    admin = buat_pengguna(Peran.ADMIN)
    r = masuk(admin).get(f"/laporan/lkm/{bukur['lkm'].pk}/?bulan=2019-03")
    html = r.content.decode()
    jiwan = bukur["lkm"].desa.kecamatan
    assert f'href="/laporan/kecamatan/{jiwan.pk}/?bulan=2019-03&amp;rentang=12">Kecamatan Jiwan</a>' in html
    assert f'href="/laporan/kabupaten/{jiwan.kabupaten_id}/?bulan=2019-03&amp;rentang=12">' in html


# ---- sign-in, menu, report list, KSM page ------------------------------------------------------------------


def test_the_board_lands_on_its_dashboard_after_sign_in(lkm_bukur, buat_pengguna, client):
    buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur, username="pengurus")
    buat_pengguna(Peran.MANAJER_UPK, lkm_bukur, username="manajer")
    r = client.post("/masuk/", {"username": "pengurus", "password": "rahasia-uji-123"})
    assert r.status_code == 302 and r["Location"] == "/laporan/"
    client.logout()
    r = client.post("/masuk/", {"username": "manajer", "password": "rahasia-uji-123"})
    assert r["Location"] == "/"
    client.logout()
    r = client.post("/masuk/?next=/ksm/", {"username": "pengurus", "password": "rahasia-uji-123"})
    assert r["Location"] == "/ksm/"


def test_menu_reaches_the_dashboard_and_every_report(lkm_bukur, buat_pengguna, masuk):
    r = masuk(buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)).get(
        f"/?lkm={lkm_bukur.pk}"
    )
    menu = {
        t["judul"]: t["url"] for k in r.context["navigasi"] if k["judul"] == "Laporan" for t in k["tautan"]
    }
    assert menu["Dasbor"] == "/laporan/"
    assert menu["Semua laporan"] == "/laporan/semua/"
    assert menu["Register tabungan (LU-06)"] == f"/tabungan/lkm/{lkm_bukur.pk}/register/"
    assert menu["Register hapus buku"] == f"/pinjaman/lkm/{lkm_bukur.pk}/hapus-buku/"


def test_the_report_list_has_a_form_per_report(lkm_bukur, lkm_kwangsen, buat_pengguna, masuk):
    klien = masuk(buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan))
    r = klien.get(f"/laporan/semua/?lkm={lkm_bukur.pk}")
    html = r.content.decode()
    for url in (
        f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/",
        f"/pinjaman/lkm/{lkm_bukur.pk}/register/",
        f"/pinjaman/lkm/{lkm_bukur.pk}/perkembangan/",
        f"/buku/{lkm_bukur.pk}/neraca/",
        f"/buku/{lkm_bukur.pk}/surplus/",
        f"/buku/{lkm_bukur.pk}/pendapatan-biaya/",
        f"/buku/{lkm_bukur.pk}/neraca-saldo/",
        f"/buku/{lkm_bukur.pk}/kas/",
        f"/tabungan/lkm/{lkm_bukur.pk}/register/",
        f"/laporan/lkm/{lkm_bukur.pk}/",
    ):
        assert f'action="{url}"' in html, url
    assert f'<option value="{lkm_kwangsen.pk}">Kwangsen' in html
    # A form sends the chosen LKM as ?lkm=, which moves the report to that LKM.
    r = klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/?lkm={lkm_kwangsen.pk}&per=2019-04-30")
    assert (
        r.status_code == 302
        and r["Location"] == f"/pinjaman/lkm/{lkm_kwangsen.pk}/kolektibilitas/?per=2019-04-30"
    )


def test_the_ksm_page_loads_its_loans_from_the_loan_floor(bukur, buat_pengguna, masuk, lkm_kwangsen):
    from kotaku.tanggal import hari_ini

    a, b = bukur["anggrek"], bukur["bougenvil"]
    klien = masuk(buat_pengguna(Peran.MANAJER_UPK, bukur["lkm"]))
    html = klien.get(f"/ksm/{a.ksm_id}/").content.decode()
    assert f'hx-get="/pinjaman/ksm/{a.ksm_id}/ringkasan/"' in html
    r = klien.get(f"/pinjaman/ksm/{b.ksm_id}/ringkasan/")
    html = _teks(r)
    assert f'href="/pinjaman/{b.pk}/">#{b.pk}</a>' in html
    # Today (years after 2019) every one of its 10 instalments is due: 8 unpaid = 4.000.000 + 8 x 75.000 jasa.
    assert hari_ini() > date(2019, 12, 15)
    assert _testid(html, f"tunggakan-{b.pk}") == "4.600.000 (8,00 bln)"
    assert (
        masuk(buat_pengguna(Peran.MANAJER_UPK, lkm_kwangsen))
        .get(f"/pinjaman/ksm/{b.ksm_id}/ringkasan/")
        .status_code
        == 404
    )


def test_the_ksm_page_shows_the_next_instalment(lkm_bukur, orang, buat_pengguna, masuk):
    from kotaku.tanggal import hari_ini, tambah_bulan

    cair = hari_ini().replace(day=1)
    p = ksm_berpinjaman(lkm_bukur, orang, "KSM Dahlia", per_anggota=1_000_000, cair=cair)
    r = masuk(buat_pengguna(Peran.PETUGAS_PINJAMAN, lkm_bukur)).get(f"/pinjaman/ksm/{p.ksm_id}/ringkasan/")
    html = _teks(r)
    from kotaku.tanggal import format_tanggal

    # 5 members x (100.000 pokok + 15.000 jasa), one month after disbursement; nothing due yet.
    assert f'{format_tanggal(tambah_bulan(cair, 1))} · <span class="text-nowrap">Rp 575.000</span>' in html
    assert _testid(html, f"tunggakan-{p.pk}") == "0"


def test_a_snapshot_no_books_can_give_shows_a_dash_not_an_error(bukur, fasilitator, masuk):
    SnapshotBulanan.objects.filter(lkm=bukur["lkm"], per=PER).update(tunggakan_berisiko=9_999_999_999)
    klien = masuk(fasilitator)
    r = klien.get(f"/laporan/lkm/{bukur['lkm'].pk}/?bulan=2019-04")
    assert r.status_code == 200
    assert "Indikator tidak dapat dihitung dari angka bulan ini" in r.content.decode()
    r = klien.get(f"/laporan/kecamatan/{bukur['lkm'].desa.kecamatan_id}/?bulan=2019-04")
    assert r.status_code == 200 and "angka tidak sah" in r.content.decode()
    # The total leaves the row out rather than summing what cannot be.
    assert r.context["total"].outstanding == 0
