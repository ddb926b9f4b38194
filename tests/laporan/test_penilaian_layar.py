"""Screens of KSM maturity: the assessment form, the evidence photo, the KSMs due, the KSM page and list, and
the stage counts report (screen, PDF, Excel)."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kotaku.models import Peran
from kotaku.tanggal import hari_ini, tambah_bulan
from ksm import services as ksm_services
from ksm.models import Penilaian
from ksm.penilaian import catat_penilaian
from ksm.tahap import NAMA_INDIKATOR, HasilTahap, Indikator
from laporan.tahap import hitungan_tahap
from tests.ksm.factories import KSMFactory, tambah

USULAN = [0, 0, 0, 0, 3, 0, 3, 3, 3, 0]  # see the `ksm` fixture: 12 on 30 Nov 2019, Tumbuh


@pytest.fixture
def ksm(db: Any, buat_pengguna: Any, lkm_bukur: Any) -> Any:
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
            ksm=k, mitra="Dinas Koperasi", jenis="pelatihan", tanggal=date(2019, bulan, 1)
        )
    return k


@pytest.fixture
def fasilitator(buat_pengguna: Any, lkm_bukur: Any) -> Any:
    return buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan, first_name="Rina")


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _form(**ubah: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"tanggal": "2019-11-30"}
    for no, s in enumerate(USULAN, 1):
        data[f"skor_{no}"] = str(ubah.get(f"skor_{no}", s))
        data[f"catatan_{no}"] = ubah.get(f"catatan_{no}", "")
    if "foto" in ubah:
        data["foto"] = ubah["foto"]
    return data


def _dipilih(html: str, no: int) -> int:
    """The checked radio of indicator `no`."""
    cocok = re.findall(rf'<input type="radio" name="skor_{no}" value="(\d)"[^>]*\bchecked\b', html)
    assert len(cocok) == 1, cocok
    return int(cocok[0])


def _url(ksm: Any) -> str:
    return reverse("laporan:penilaian", args=[ksm.pk])


def test_the_form_shows_each_proposal_and_the_records_behind_it(
    ksm: Any, fasilitator: Any, masuk: Any
) -> None:
    r = masuk(fasilitator).get(_url(ksm), {"tanggal": "2019-11-30"})
    assert r.status_code == 200
    rincian = r.context["rincian"]
    assert [i.skor for i in rincian.hasil.indikator] == USULAN
    assert (rincian.hasil.total, rincian.hasil.tahap) == (12, "tumbuh")
    html = r.content.decode()
    assert 'data-testid="usulan-tahap">Tumbuh<' in html
    for kalimat in (
        "0 dari 6 bulan (Juni 2019 - 30 November 2019) ada pertemuan.",
        "Aturan main terakhir disepakati atau ditinjau 5 Januari 2019.",
        "Belum pernah meminjam.",
        "Pemeriksaan terakhir 3 Juni 2019: Sesuai.",
        "Rekening BRI Unit Jiwan 0001-01-000777-53-2, 2 penandatangan.",
        "3 kegiatan dengan pihak luar dalam 12 bulan terakhir.",
    ):
        assert kalimat in html
    # every score preset to its proposal
    assert [_dipilih(html, no) for no in range(1, 11)] == USULAN


def test_confirming_saves_and_returns_to_the_ksm_page(ksm: Any, fasilitator: Any, masuk: Any) -> None:
    klien = masuk(fasilitator)
    r = klien.post(_url(ksm), _form())
    assert r.status_code == 302 and r.url == reverse("ksm:detail", args=[ksm.pk])
    p = Penilaian.objects.get()
    assert (p.tanggal, p.total, p.tahap, p.oleh) == (date(2019, 11, 30), 12, "tumbuh", fasilitator)
    halaman = klien.get(r.url).content.decode()
    assert "Penilaian 30 November 2019 disimpan: Tumbuh (skor 12)." in halaman


def test_a_changed_score_without_a_note_is_shown_on_its_field(ksm: Any, fasilitator: Any, masuk: Any) -> None:
    r = masuk(fasilitator).post(_url(ksm), _form(skor_7=1))
    assert r.status_code == 200
    assert r.context["form"].errors["catatan_7"] == [
        "Skor indikator 7 (pembukuan) diubah dari usulan 3 menjadi 1: tulis catatan buktinya."
    ]
    assert 'data-testid="galat-catatan-7"' in r.content.decode()
    assert _dipilih(r.content.decode(), 7) == 1  # what was typed stays
    assert not Penilaian.objects.exists()


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 40, 40)).save(buf, format="PNG")
    return buf.getvalue()


def test_the_evidence_photo_is_served_only_in_scope(
    ksm: Any, fasilitator: Any, masuk: Any, buat_pengguna: Any, lkm_bukur: Any, lkm_kwangsen: Any, media: Path
) -> None:
    foto = SimpleUploadedFile("bukti.png", _png(), content_type="image/png")
    r = masuk(fasilitator).post(_url(ksm), _form(skor_7=1, catatan_7="Buku kas belum diisi.", foto=foto))
    assert r.status_code == 302
    p = Penilaian.objects.get()
    url = reverse("laporan:penilaian_foto", args=[p.pk])
    for orang in (fasilitator, buat_pengguna(Peran.KASIR, lkm_bukur)):
        r = masuk(orang).get(url)
        assert r.status_code == 200
        assert r["Content-Type"] == "image/png"
        assert b"".join(r.streaming_content) == _png()
    assert masuk(buat_pengguna(Peran.KASIR, lkm_kwangsen)).get(url).status_code == 404
    # the file is under MEDIA_ROOT, and no public /media/ URL serves it
    assert (media / p.foto.name).exists()
    assert masuk(fasilitator).get(f"/media/{p.foto.name}").status_code == 404


def test_upk_staff_and_the_board_read_only(ksm: Any, buat_pengguna: Any, lkm_bukur: Any, masuk: Any) -> None:
    for peran in (Peran.MANAJER_UPK, Peran.PENGURUS_LKM):
        klien = masuk(buat_pengguna(peran, lkm_bukur))
        r = klien.get(_url(ksm), {"tanggal": "2019-11-30"})
        assert r.status_code == 200
        assert r.context["form"] is None
        assert 'data-testid="form-penilaian"' not in r.content.decode()
        assert r.context["rincian"].hasil.total == 12
        assert klien.post(_url(ksm), _form()).status_code == 403
    assert not Penilaian.objects.exists()


def test_another_lkms_ksm_is_404(ksm: Any, buat_pengguna: Any, lkm_kwangsen: Any, masuk: Any) -> None:
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    assert klien.get(_url(ksm)).status_code == 404


# ---- the KSM page and the list ---------------------------------------------------------------------------


def _nilai(ksm: Any, oleh: Any, tanggal: date, skor: int, *, usulan_tahap: str | None = None) -> Penilaian:
    """An assessment whose proposal gives every indicator `skor` (the fasilitator confirms them)."""
    total = 10 * skor
    usulan = HasilTahap(
        tuple(Indikator(no, NAMA_INDIKATOR[no - 1], skor) for no in range(1, 11)),
        total,
        usulan_tahap or ("tunas" if total < 12 else "tumbuh" if total < 22 else "kembang"),
    )
    return catat_penilaian(
        ksm=ksm,
        tanggal=tanggal,
        skor={no: skor for no in range(1, 11)},
        catatan={},
        usulan=usulan,
        oleh=oleh,
    )


def test_the_ksm_page_shows_the_stage_and_the_path(ksm: Any, fasilitator: Any, masuk: Any) -> None:
    _nilai(ksm, fasilitator, date(2018, 12, 1), 1)  # 10 Tunas
    _nilai(ksm, fasilitator, date(2019, 6, 1), 3)  # 30 Kembang
    _nilai(ksm, fasilitator, date(2019, 11, 30), 2)  # 20 Tumbuh: fell back
    r = masuk(fasilitator).get(reverse("ksm:detail", args=[ksm.pk]))
    html = r.content.decode()
    assert "Tumbuh</span> skor 20" in html
    assert "dinilai 30 November 2019 oleh Rina" in html
    konfigurasi = json.loads(
        html.split('<script id="grafik-tahap" type="application/json">')[1].split("</script>")[0]
    )
    assert konfigurasi["data"]["labels"] == ["1 Desember 2018", "1 Juni 2019", "30 November 2019"]
    assert konfigurasi["data"]["datasets"][0]["data"] == [10, 30, 20]
    assert konfigurasi["data"]["datasets"][1]["data"] == [12, 12, 12]  # the policy's Tumbuh bound
    tabel = html.split('data-testid="tabel-tahap"')[1].split("</table>")[0]
    assert tabel.count("<tr>") == 4  # header and three assessments, newest first
    assert tabel.index("30 November 2019") < tabel.index("1 Juni 2019") < tabel.index("1 Desember 2018")


def test_a_ksm_never_assessed_says_so(ksm: Any, fasilitator: Any, masuk: Any) -> None:
    html = masuk(fasilitator).get(reverse("ksm:detail", args=[ksm.pk])).content.decode()
    assert 'data-testid="belum-dinilai"' in html
    assert "grafik-tahap" not in html


@pytest.mark.parametrize("n", [3, 15])
def test_the_ksm_list_filters_by_stage_with_a_fixed_query_count(
    n: int, fasilitator: Any, masuk: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(n):
        k = KSMFactory()
        tambah(k, f"Anggota {i}")
        _nilai(k, fasilitator, date(2019, 6, 1), 3)
        if i % 3 == 0:
            _nilai(k, fasilitator, date(2019, 11, 30), 1)  # the latest decides: Tunas
    KSMFactory(nama="KSM Baru")
    klien = masuk(fasilitator)
    with django_assert_max_num_queries(11):
        r = klien.get(reverse("ksm:daftar"), {"tahap": "kembang"})
    kembang = [k for k in r.context["halaman"].object_list]
    assert len(kembang) == n - len(range(0, n, 3))
    assert {k.tahap_terakhir for k in kembang} == {"kembang"}
    assert r.context["hitungan"]["semua"] == len(kembang)
    assert [
        k.nama for k in klien.get(reverse("ksm:daftar"), {"tahap": "belum"}).context["halaman"].object_list
    ] == ["KSM Baru"]


# ---- due for assessment ----------------------------------------------------------------------------------


def test_the_ksms_due_with_counts_per_desa_and_stage(fasilitator: Any, masuk: Any, lkm_kwangsen: Any) -> None:
    hari = hari_ini()
    baru = KSMFactory(nama="KSM Baru")  # never assessed
    segar = KSMFactory(nama="KSM Segar")
    _nilai(segar, fasilitator, tambah_bulan(hari, -2), 0)  # proposal then Tunas, now Tunas: not due
    lama = KSMFactory(nama="KSM Lama")
    _nilai(lama, fasilitator, tambah_bulan(hari, -7), 0)  # more than 6 months ago
    pindah = KSMFactory(nama="KSM Pindah")
    _nilai(pindah, fasilitator, tambah_bulan(hari, -1), 0, usulan_tahap="kembang")  # was Kembang, now Tunas
    kwangsen = KSMFactory(nama="KSM Kwangsen", lkm=lkm_kwangsen, desa=lkm_kwangsen.desa)
    bubar = KSMFactory(nama="KSM Bubar")
    ksm_services.ubah_status_ksm(ksm=bubar, status="bubar", tanggal=date(2019, 1, 1), alasan="bubar")

    r = masuk(fasilitator).get(reverse("laporan:penilaian_jatuh_tempo"))
    daftar = r.context["daftar"]
    assert [(j.ksm.nama, j.alasan) for j in daftar.ksm] == [
        ("KSM Baru", "Belum pernah dinilai."),
        ("KSM Lama", f"Penilaian terakhir {_tgl(tambah_bulan(hari, -7))}, lebih dari 6 bulan."),
        ("KSM Pindah", "Usulan berubah dari Kembang menjadi Tunas sejak penilaian terakhir."),
        ("KSM Kwangsen", "Belum pernah dinilai."),
    ]
    assert [(b["desa"], b["tunas"], b["tumbuh"], b["kembang"], b["jumlah"]) for b in daftar.hitungan] == [
        ("Bukur", 3, 0, 0, 3),
        ("Kwangsen", 1, 0, 0, 1),
    ]
    assert daftar.total == {"tunas": 4, "tumbuh": 0, "kembang": 0, "jumlah": 4}
    assert baru.pk and kwangsen.pk
    # one desa
    r = masuk(fasilitator).get(reverse("laporan:penilaian_jatuh_tempo"), {"desa": lkm_kwangsen.desa_id})
    assert [j.ksm.nama for j in r.context["halaman"].object_list] == ["KSM Kwangsen"]


def _tgl(t: date) -> str:
    from kotaku.tanggal import format_tanggal

    return format_tanggal(t)


@pytest.mark.parametrize("n", [2, 12])
def test_the_due_list_has_a_fixed_query_count(
    n: int, fasilitator: Any, masuk: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(n):
        k = KSMFactory()
        tambah(k, f"Anggota {i}")
        if i % 2:
            _nilai(k, fasilitator, date(2019, 6, 1), 1)
    klien = masuk(fasilitator)
    with django_assert_max_num_queries(16):
        r = klien.get(reverse("laporan:penilaian_jatuh_tempo"))
    assert r.context["daftar"].total["jumlah"] == n


def test_the_fasilitator_home_links_the_due_list(fasilitator: Any, masuk: Any) -> None:
    html = masuk(fasilitator).get("/").content.decode()
    assert f'href="{reverse("laporan:penilaian_jatuh_tempo")}"' in html
    assert "KSM perlu dinilai" in html


# ---- stage counts per desa -------------------------------------------------------------------------------


@pytest.fixture
def tahap_bukur(fasilitator: Any, lkm_kwangsen: Any) -> dict[str, Any]:
    """Bukur: Kembang, Tumbuh (Kembang before), Tunas; one never assessed; one assessed only after the date;
    one founded after it; one dissolved before it. Kwangsen: one Tumbuh."""
    k = {n: KSMFactory(nama=n) for n in ("Kembang", "Turun", "Tunas", "Belum", "Nanti", "Bubar")}
    _nilai(k["Kembang"], fasilitator, date(2019, 6, 1), 3)
    _nilai(k["Turun"], fasilitator, date(2019, 3, 1), 3)
    _nilai(k["Turun"], fasilitator, date(2019, 9, 1), 2)
    _nilai(k["Tunas"], fasilitator, date(2019, 9, 1), 1)
    _nilai(k["Nanti"], fasilitator, date(2019, 12, 5), 3)
    KSMFactory(nama="Muda", tanggal_berdiri=date(2019, 10, 1))
    ksm_services.ubah_status_ksm(ksm=k["Bubar"], status="bubar", tanggal=date(2019, 8, 1), alasan="bubar")
    kw = KSMFactory(nama="Jamu", lkm=lkm_kwangsen, desa=lkm_kwangsen.desa)
    _nilai(kw, fasilitator, date(2019, 9, 1), 2)
    return k


def test_hitungan_tahap_as_of_a_date(tahap_bukur: Any, lkm_bukur: Any, lkm_kwangsen: Any) -> None:
    baris = hitungan_tahap([lkm_kwangsen.pk, lkm_bukur.pk], date(2019, 9, 30))
    assert [(b.desa, b.tunas, b.tumbuh, b.kembang, b.belum_dinilai, b.jumlah) for b in baris] == [
        ("Bukur", 1, 1, 1, 2, 5),  # Belum and Nanti not yet assessed; Muda not founded; Bubar dissolved
        ("Kwangsen", 0, 1, 0, 0, 1),
    ]
    # In June, Turun was still Kembang and Bubar still active (never assessed)
    juni = hitungan_tahap([lkm_bukur.pk], date(2019, 6, 30))[0]
    assert (juni.tunas, juni.tumbuh, juni.kembang, juni.belum_dinilai) == (0, 0, 2, 4)


def test_the_stage_report_for_the_kecamatan_in_three_formats(
    tahap_bukur: Any, fasilitator: Any, masuk: Any
) -> None:
    from openpyxl import load_workbook

    klien = masuk(fasilitator)
    r = klien.get(reverse("laporan:tahap"), {"per": "2019-09-30"})
    assert r.status_code == 200
    assert len(r.context["kelompok"]) == 1 and len(r.context["kelompok"][0]["baris"]) == 14
    total = r.context["total"]
    assert (total.judul, total.tunas, total.tumbuh, total.kembang, total.belum_dinilai, total.jumlah) == (
        "Kecamatan Jiwan",
        1,
        2,
        1,
        2,
        6,
    )
    assert "Per 30 September 2019 · Kecamatan Jiwan" in r.content.decode()
    pdf = klien.get(reverse("laporan:tahap"), {"per": "2019-09-30", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = klien.get(reverse("laporan:tahap"), {"per": "2019-09-30", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    baris = list(ws.iter_rows(values_only=True))
    assert [b[0] for b in baris[:2]] == ["Tahap KSM per Desa", "Per 30 September 2019 · Kecamatan Jiwan"]
    kepala = baris.index(
        ("Kecamatan", "Desa", "LKM", "Tunas", "Tumbuh", "Kembang", "Belum dinilai", "Jumlah KSM aktif")
    )
    isi = {r[1]: r[3:] for r in baris[kepala + 1 :] if r[1]}
    assert isi["Bukur"] == (1, 1, 1, 2, 5)
    assert isi["Kwangsen"] == (0, 1, 0, 0, 1)
    assert baris[-1] == ("Kecamatan Jiwan", None, None, 1, 2, 1, 2, 6)


def test_the_board_sees_its_own_desa(
    tahap_bukur: Any, buat_pengguna: Any, lkm_bukur: Any, masuk: Any
) -> None:
    r = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)).get(
        reverse("laporan:tahap"), {"per": "2019-09-30"}
    )
    assert [b.desa for k in r.context["kelompok"] for b in k["baris"]] == ["Bukur"]
    assert (r.context["total"].judul, r.context["total"].jumlah) == ("Jumlah", 5)
    assert r.context["lkm"] == lkm_bukur
