"""The allocation page: the pembuku's draft with the live preview, the board's decision, payouts, receipts."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from kotaku.buku.models import Jurnal
from kotaku.buku.services import tutup_buku_tahunan
from kotaku.models import Peran
from laporan.models import AlokasiSurplus, PembayaranAlokasi
from tests.laporan.test_alokasi_layanan import _buku_2018

SAH = {"pemupukan_modal": "50", "lingkungan": "20,00", "sosial": "15", "insentif": "10", "cadangan": "5,00"}


@pytest.fixture
def orang(lkm_bukur, buat_pengguna):
    return {p: buat_pengguna(p, lkm_bukur) for p in (Peran.PEMBUKU, Peran.PENGURUS_LKM, Peran.KASIR)}


@pytest.fixture
def bukur(lkm_bukur, orang):
    _buku_2018(lkm_bukur, jasa=15_000_001, biaya=5_000_000)  # surplus Rp 10.000.001
    tutup_buku_tahunan(lkm=lkm_bukur, tahun=2018, oleh=orang[Peran.PEMBUKU])
    return lkm_bukur


def _url(lkm, akhir=""):
    return f"/laporan/{lkm.pk}/alokasi-surplus/{akhir}"


def test_the_pembuku_drafts_with_a_live_preview(bukur, orang, masuk):
    klien = masuk(orang[Peran.PEMBUKU])
    halaman = klien.get(_url(bukur), {"tahun": 2018}).content.decode()
    assert "Surplus tahun 2018" in halaman and "Rp 10.000.001" in halaman
    assert 'value="draf"' in halaman and 'value="tetapkan"' not in halaman
    assert f'hx-post="/laporan/{bukur.pk}/alokasi-surplus/pratinjau/"' in halaman
    assert 'hx-trigger="input changed delay:300ms"' in halaman and "<script>" not in halaman

    sebagian = klien.post(
        _url(bukur, "pratinjau/"), {"tahun": 2018, "pemupukan_modal": "50", "lingkungan": "20"}
    )
    teks = sebagian.content.decode()
    assert sebagian.status_code == 200 and "<html" not in teks
    assert 'data-testid="pratinjau-pemupukan_modal">Rp 5.000.000<' in teks  # the floor of 5.000.000,5
    assert 'data-testid="pratinjau-lingkungan">Rp 2.000.000<' in teks
    assert 'data-testid="pratinjau-total">70,00%<' in teks and "Isi kelima bagian" in teks
    kurang = klien.post(
        _url(bukur, "pratinjau/"), {"tahun": 2018, **SAH, "cadangan": "4,99"}
    ).content.decode()
    assert "Jumlah bagian 99,99%; harus tepat 100,00%." in kurang
    salah = klien.post(_url(bukur, "pratinjau/"), {"tahun": 2018, **SAH, "sosial": "15,5,5"}).content.decode()
    assert "Bagian &#x27;15,5,5&#x27; tidak dikenal; tulis seperti 50 atau 12,75." in salah
    tepat = klien.post(_url(bukur, "pratinjau/"), {"tahun": 2018, **SAH}).content.decode()
    assert 'data-testid="pratinjau-pemupukan_modal">Rp 5.000.001<' in tepat
    assert "sisa pembulatan Rp 1 masuk pemupukan modal" in tepat

    respon = klien.post(_url(bukur), {"tahun": 2018, "aksi": "draf", **SAH})
    assert respon.status_code == 302 and respon["Location"] == _url(bukur) + "?tahun=2018"
    draf = AlokasiSurplus.objects.get(lkm=bukur, tahun=2018)
    assert (draf.status, draf.jumlah["pemupukan_modal"]) == ("draf", 5_000_001)
    assert not Jurnal.objects.filter(kunci="alokasi-surplus-2018").exists()
    halaman = klien.get(_url(bukur), {"tahun": 2018}).content.decode()
    assert "menunggu keputusan pengurus LKM" in halaman and 'value="50,00"' in halaman


def test_the_board_records_the_decision_from_the_page(bukur, orang, masuk):
    klien = masuk(orang[Peran.PENGURUS_LKM])
    keputusan = {
        "tahun": 2018,
        "aksi": "tetapkan",
        "nomor_keputusan": "05/KEP/LKM-BRK/II/2019",
        "tanggal_keputusan": "20/02/2019",
        "rapat": "Rembug Warga Tahunan Desa Bukur 2019",
    }
    salah = klien.post(_url(bukur), {**keputusan, **SAH, "insentif": "9"})
    assert salah.status_code == 200 and "Jumlah bagian 99,00%; harus tepat 100,00%." in salah.content.decode()
    tanpa = klien.post(_url(bukur), {**keputusan, **SAH, "nomor_keputusan": ""})
    assert 'data-testid="galat-nomor_keputusan"' in tanpa.content.decode()
    assert not AlokasiSurplus.objects.exists()

    respon = klien.post(_url(bukur), {**keputusan, **SAH}, follow=True)
    teks = respon.content.decode()
    alokasi = AlokasiSurplus.objects.get()
    assert alokasi.status == "ditetapkan" and alokasi.tanggal_keputusan == date(2019, 2, 20)
    assert (
        "Alokasi surplus 2018 ditetapkan (keputusan 05/KEP/LKM-BRK/II/2019) dan diposting "
        f"({alokasi.jurnal.nomor})." in teks
    )
    assert f'href="/buku/{bukur.pk}/jurnal/{alokasi.jurnal_id}/"' in teks
    for jumlah in ("Rp 5.000.001", "Rp 2.000.000", "Rp 1.500.000", "Rp 1.000.000", "Rp 500.000"):
        assert jumlah in teks
    assert 'data-testid="form-alokasi"' not in teks  # decided: no form any more
    assert 'data-testid="form-bayar-alokasi"' not in teks  # the board does not pay out


def test_payout_and_its_receipt(bukur, orang, masuk, django_assert_max_num_queries):
    from decimal import Decimal

    from laporan.services import tetapkan_alokasi

    alokasi = tetapkan_alokasi(
        lkm=bukur,
        tahun=2018,
        nomor_keputusan="05/KEP",
        tanggal_keputusan=date(2019, 2, 20),
        bagian={
            "pemupukan_modal": Decimal(50),
            "lingkungan": Decimal(20),
            "sosial": Decimal(15),
            "insentif": Decimal(10),
            "cadangan": Decimal(5),
        },
        oleh=orang[Peran.PENGURUS_LKM],
    )
    klien = masuk(orang[Peran.KASIR])
    halaman = klien.get(_url(bukur), {"tahun": 2018}).content.decode()
    assert 'data-testid="form-bayar-alokasi"' in halaman and "Belum ada yang disalurkan." in halaman
    data = {
        "pos": "lingkungan",
        "tanggal": "2019-03-10",
        "jumlah": "2.000.001",
        "akun_kas": "11021",
        "penerima": "UPL LKM Barokah",
        "kunci": "k1",
    }
    lebih = klien.post(_url(bukur, f"{alokasi.pk}/bayar/"), data)
    assert (
        "Dana lingkungan (UPL) yang masih terutang Rp 2.000.000; Rp 2.000.001 melebihinya."
        in lebih.content.decode()
    )
    ok = klien.post(_url(bukur, f"{alokasi.pk}/bayar/"), {**data, "jumlah": "2.000.000"})
    assert ok.status_code == 302
    assert klien.post(_url(bukur, f"{alokasi.pk}/bayar/"), {**data, "jumlah": "2.000.000"}).status_code == 302
    bayar = PembayaranAlokasi.objects.get()  # the double submit paid once
    pdf = klien.get(_url(bukur, f"bayar/{bayar.pk}/bukti.pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    teks = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Bukti Kas Keluar" in teks and "UPL LKM Barokah" in teks and "Rp 2.000.000" in teks
    assert "Dua juta rupiah" in teks
    assert "keputusan 05/KEP tanggal 20 Februari 2019" in teks

    hitungan = []
    for kunci in ("k2", "k3"):
        klien.post(
            _url(bukur, f"{alokasi.pk}/bayar/"),
            {**data, "pos": "sosial", "jumlah": "100.000", "kunci": kunci},
        )
        with django_assert_max_num_queries(40) as q:
            assert klien.get(_url(bukur), {"tahun": 2018}).status_code == 200
        hitungan.append(len(q.captured_queries))
    assert hitungan[0] == hitungan[1]


def test_an_open_year_and_a_deficit_year_show_why_nothing_is_allocated(lkm_kwangsen, buat_pengguna, masuk):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_kwangsen)
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    _buku_2018(lkm_kwangsen, jasa=3_000_000, biaya=4_250_000)
    terbuka = klien.get(_url(lkm_kwangsen), {"tahun": 2018}).content.decode()
    assert "Buku 2018 belum ditutup" in terbuka and 'data-testid="form-alokasi"' not in terbuka
    tutup_buku_tahunan(lkm=lkm_kwangsen, tahun=2018, oleh=pembuku)
    defisit = klien.get(_url(lkm_kwangsen)).content.decode()  # the latest closed year by default
    assert "Tahun 2018 berakhir dengan defisit Rp 1.250.000; tidak ada surplus yang dialokasikan." in defisit
    assert 'data-testid="form-alokasi"' not in defisit


def test_outside_scope_is_404_and_the_menu_links_the_page(bukur, buat_pengguna, masuk, lkm_kwangsen, orang):
    asing = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    assert asing.get(_url(bukur)).status_code == 404
    assert asing.post(_url(bukur, "pratinjau/"), {"tahun": 2018}).status_code == 404
    beranda = masuk(orang[Peran.PENGURUS_LKM]).get("/").content.decode()
    assert f'href="/laporan/{bukur.pk}/alokasi-surplus/"' in beranda
