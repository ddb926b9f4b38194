"""The books in the browser (Django test client): vouchers, reports
in three formats, close/reopen, opening."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.buku.models import Jurnal, PeriodeTutup
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import Peran


@pytest.fixture
def kasir(buat_pengguna, lkm_bukur):
    return buat_pengguna(Peran.KASIR, lkm_bukur)


def _voucher(**ubah):
    data = {
        "jenis": "keluar",
        "tanggal": "2019-03-15",
        "akun_kas": "11010",
        "akun_lawan": "51030",
        "jumlah": "75000",
        "uraian": "Kertas dan tinta",
        "kunci": "abc123",
    }
    data.update(ubah)
    return data


def test_a_voucher_posts_once_even_when_submitted_twice(kasir, masuk, lkm_bukur):
    klien = masuk(kasir)
    url = f"/buku/{lkm_bukur.pk}/transaksi/baru/"
    r1 = klien.post(url, _voucher())
    r2 = klien.post(url, _voucher())
    assert r1.status_code == r2.status_code == 302
    assert r1["Location"] == r2["Location"]
    jurnal = Jurnal.objects.get(lkm=lkm_bukur)
    assert [(b.akun.kode, b.debit, b.kredit) for b in jurnal.baris.order_by("-debit")] == [
        ("51030", 75_000, 0),
        ("11010", 0, 75_000),
    ]


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"jumlah": "0"}, "Jumlah paling kecil Rp 1."),
        ({"jumlah": "75.000,50"}, "Rupiah harus bulat, tanpa sen"),
        ({"tanggal": "2099-01-01"}, "Tanggal 1 Januari 2099 belum terjadi."),
        ({"tanggal": "2019-01-32"}, "Tanggal 2019-01-32 tidak ada di kalender."),
        (
            {"jenis": "pindah", "akun_lawan": "11010"},
            "Pindah buku harus antara dua akun kas/bank yang berbeda.",
        ),
        (
            {"jenis": "masuk", "akun_lawan": "11021"},
            "Uang yang pindah antara kas dan bank dicatat dengan jenis Pindah buku kas/bank.",
        ),
    ],
)
def test_bad_vouchers_show_the_reason_and_post_nothing(kasir, masuk, lkm_bukur, ubah, pesan):
    respon = masuk(kasir).post(f"/buku/{lkm_bukur.pk}/transaksi/baru/", _voucher(**ubah))
    assert respon.status_code == 200
    assert pesan in respon.content.decode()
    assert Jurnal.objects.count() == 0


def test_the_board_may_not_enter_vouchers(buat_pengguna, masuk, lkm_bukur):
    respon = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)).post(
        f"/buku/{lkm_bukur.pk}/transaksi/baru/", _voucher()
    )
    assert respon.status_code == 403 and Jurnal.objects.count() == 0


def test_another_lkms_books_are_404(buat_pengguna, masuk, lkm_bukur, lkm_kwangsen):
    klien = masuk(buat_pengguna(Peran.KASIR, lkm_kwangsen))
    for path in (
        "kas/",
        "bank/",
        "neraca/",
        "neraca-saldo/",
        "surplus/",
        "pendapatan-biaya/",
        "transaksi/baru/",
        "tutup-bulan/",
        "saldo-awal/",
        "jurnal/",
    ):
        assert klien.get(f"/buku/{lkm_bukur.pk}/{path}").status_code == 404, path


@pytest.fixture
def terisi(lkm_bukur, kasir):
    posting_jurnal(
        lkm=lkm_bukur,
        tanggal=date(2019, 3, 1),
        uraian="Modal APBD",
        baris=[Baris("11010", debit=2_500_000), Baris("31020", kredit=2_500_000)],
    )
    posting_jurnal(
        lkm=lkm_bukur,
        tanggal=date(2019, 3, 5),
        uraian="Transport rapat",
        baris=[Baris("51040", debit=40_000), Baris("11010", kredit=40_000)],
    )
    return lkm_bukur


@pytest.mark.parametrize(
    ("path", "teks"),
    [
        ("kas/?dari=2019-03-01&sampai=2019-03-31", ["Buku Kas (U3)", "Transport rapat", "2.460.000"]),
        ("bank/?dari=2019-03-01&sampai=2019-03-31", ["Buku Bank (U4)", "Tidak ada transaksi"]),
        ("besar/?akun=31020&dari=2019-03-01&sampai=2019-03-31", ["Buku Besar 31020", "2.500.000"]),
        ("neraca/?per=2019-03-31", ["Neraca", "2.460.000", "-40.000"]),
        ("neraca-saldo/?dari=2019-03-01&sampai=2019-03-31", ["Neraca Saldo (U8)", "2.540.000"]),
        ("surplus/?tahun=2019&bulan=3", ["Laporan Surplus/Defisit", "Maret 2019", "Defisit</span> 40.000"]),
        ("pendapatan-biaya/?dari=2019-03-01&sampai=2019-03-31", ["Pendapatan dan Biaya (U9)", "40.000"]),
    ],
)
def test_reports_on_screen_pdf_and_excel(terisi, kasir, masuk, path, teks):
    klien = masuk(kasir)
    layar = klien.get(f"/buku/{terisi.pk}/{path}")
    assert layar.status_code == 200
    isi = layar.content.decode()
    for t in teks:
        assert t in isi, t
    pdf = klien.get(f"/buku/{terisi.pk}/{path}&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = klien.get(f"/buku/{terisi.pk}/{path}&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and xlsx.content[:2] == b"PK"


def test_excel_neraca_keeps_numbers(terisi, kasir, masuk):
    import io

    from openpyxl import load_workbook

    respon = masuk(kasir).get(f"/buku/{terisi.pk}/neraca/?per=2019-03-31&format=xlsx")
    ws = load_workbook(io.BytesIO(respon.content)).active
    nilai = {r[1]: r[2] for r in ws.iter_rows(values_only=True) if len(r) > 2}
    assert nilai["Jumlah aset"] == 2_460_000 and nilai["Jumlah kewajiban dan modal"] == 2_460_000


def test_voucher_pdf_has_terbilang(terisi, kasir, masuk):
    import subprocess

    jurnal = Jurnal.objects.get(uraian="Transport rapat")
    respon = masuk(kasir).get(f"/buku/{terisi.pk}/jurnal/{jurnal.pk}/bukti.pdf")
    assert respon.content.startswith(b"%PDF")
    teks = subprocess.run(
        ["pdftotext", "-", "-"], input=respon.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Empat puluh ribu rupiah" in teks and "Rp 40.000" in teks


def test_month_close_by_pembuku_and_reopen_by_board(buat_pengguna, masuk, lkm_bukur):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    url = f"/buku/{lkm_bukur.pk}/tutup-bulan/"
    buka = f"/buku/{lkm_bukur.pk}/buka-bulan/"
    assert masuk(pengurus).post(url, {"tahun": 2019, "bulan": 3}).status_code == 403
    assert masuk(pembuku).post(url, {"tahun": 2019, "bulan": 3}).status_code == 302
    assert PeriodeTutup.objects.filter(lkm=lkm_bukur, tahun=2019, bulan=3, dibuka_pada__isnull=True).exists()
    assert masuk(pembuku).post(buka, {"tahun": 2019, "bulan": 3, "alasan": "x"}).status_code == 403
    ditolak = masuk(pengurus).post(buka, {"tahun": 2019, "bulan": 3, "alasan": ""})
    assert ditolak.status_code == 200 and "Bidang ini tidak boleh kosong." in ditolak.content.decode()
    assert PeriodeTutup.objects.get(lkm=lkm_bukur, tahun=2019, bulan=3).dibuka_pada is None
    assert (
        masuk(pengurus)
        .post(buka, {"tahun": 2019, "bulan": 3, "alasan": "Koreksi angsuran KSM Mawar"})
        .status_code
        == 302
    )
    p = PeriodeTutup.objects.get(lkm=lkm_bukur, tahun=2019, bulan=3)
    assert p.dibuka_oleh == pengurus and p.alasan_buka == "Koreksi angsuran KSM Mawar"


def test_closing_a_month_that_has_not_ended_is_refused(buat_pengguna, masuk, lkm_bukur):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    respon = masuk(pembuku).post(f"/buku/{lkm_bukur.pk}/tutup-bulan/", {"tahun": 2099, "bulan": 1})
    assert "belum berakhir" in respon.content.decode()
    assert not PeriodeTutup.objects.exists()


def test_opening_balance_form(buat_pengguna, masuk, lkm_kwangsen):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_kwangsen)
    url = f"/buku/{lkm_kwangsen.pk}/saldo-awal/"
    klien = masuk(pembuku)
    salah = klien.post(url, {"tanggal": "2018-12-31", "akun_11010": "1000", "akun_31010": "900"})
    assert "Jurnal tidak seimbang: debit Rp 1.000, kredit Rp 900." in salah.content.decode()
    assert not Jurnal.objects.filter(lkm=lkm_kwangsen).exists()
    benar = klien.post(
        url, {"tanggal": "2018-12-31", "akun_11010": "1000", "akun_12010": "100", "akun_31010": "900"}
    )
    assert benar.status_code == 302
    assert "Saldo awal sudah dicatat pada 31 Desember 2018" in klien.get(url).content.decode()


@pytest.mark.parametrize("jumlah", [2, 20])
def test_journal_list_query_count_is_fixed(kasir, masuk, lkm_bukur, django_assert_num_queries, jumlah):
    for i in range(jumlah):
        posting_jurnal(
            lkm=lkm_bukur,
            tanggal=date(2019, 3, 1),
            uraian=f"j{i}",
            baris=[Baris("11010", debit=1000 + i), Baris("31020", kredit=1000 + i)],
        )
    klien = masuk(kasir)
    with django_assert_num_queries(9):
        respon = klien.get(f"/buku/{lkm_bukur.pk}/jurnal/")
    assert respon.status_code == 200 and respon.content.decode().count('href="/buku/') >= jumlah


def test_year_end_close_from_the_browser(terisi, buat_pengguna, masuk):
    pembuku = buat_pengguna(Peran.PEMBUKU, terisi)
    klien = masuk(pembuku)
    url = f"/buku/{terisi.pk}/tutup-tahun/"
    assert klien.post(url, {"tahun": 2019}).status_code == 302
    penutup = Jurnal.objects.get(lkm=terisi, jenis="penutup")
    assert [(b.akun.kode, b.debit, b.kredit) for b in penutup.baris.order_by("akun__kode")] == [
        ("31030", 40_000, 0),
        ("51040", 0, 40_000),
    ]
    ulang = klien.post(url, {"tahun": 2019})
    assert "Tahun 2019 sudah ditutup." in ulang.content.decode()
    belum = klien.post(url, {"tahun": 2099})
    assert "belum berakhir" in belum.content.decode()
    assert Jurnal.objects.filter(lkm=terisi, jenis="penutup").count() == 1


def test_admin_lists_accounts_and_journals_read_only(buat_pengguna, masuk, terisi):
    admin = masuk(buat_pengguna(Peran.ADMIN))
    assert "11010" in admin.get("/admin/buku/akun/").content.decode()
    assert "Transport rapat" in admin.get("/admin/buku/jurnal/").content.decode()
    assert admin.get("/admin/buku/jurnal/add/").status_code == 403
    assert admin.get("/admin/pinjaman/pinjaman/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "kas/?dari=2019-03-01&sampai=2019-03-31",
        "besar/?akun=31020&dari=2019-03-01&sampai=2019-03-31",
        "neraca/?per=2019-03-31",
        "neraca-saldo/?dari=2019-03-01&sampai=2019-03-31",
        "surplus/?tahun=2019&bulan=3",
    ],
)
def test_report_query_count_does_not_grow_with_journals(
    kasir, masuk, lkm_bukur, django_assert_max_num_queries, path
):
    klien = masuk(kasir)
    hitungan = []
    for jumlah in (2, 20):
        for i in range(jumlah - Jurnal.objects.filter(lkm=lkm_bukur).count()):
            posting_jurnal(
                lkm=lkm_bukur,
                tanggal=date(2019, 3, 1 + i % 28),
                uraian=f"setor {i}",
                baris=[Baris("11010", debit=1000 + i), Baris("31020", kredit=1000 + i)],
            )
        with django_assert_max_num_queries(14) as ditangkap:
            respon = klien.get(f"/buku/{lkm_bukur.pk}/{path}")
        assert respon.status_code == 200
        hitungan.append(len(ditangkap.captured_queries))
    assert hitungan[0] == hitungan[1], hitungan


def test_a_report_opens_on_the_end_of_the_lkms_last_closed_month(buat_pengguna, masuk, lkm_bukur, terisi):
    """Issue 10: reports opened on today (2026 on the 2019 demo: every loan Kol 4-5, the reserve at Rp 0); a
    UPK
    reports on its last closed month."""
    from kotaku.buku.services import tutup_bulan

    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    for bulan in (1, 2, 3):
        tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=bulan, oleh=pembuku)
    klien = masuk(pembuku)
    assert "Per 31 Maret 2019" in klien.get(f"/buku/{lkm_bukur.pk}/neraca/").content.decode()
    surplus = klien.get(f"/buku/{lkm_bukur.pk}/surplus/").content.decode()
    assert "Maret 2019; kumulatif sejak 1 Januari 2019" in surplus
    assert "Per 31 Maret 2019" in klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/").content.decode()


def test_excel_carries_money_as_numbers_with_a_thousands_format_and_dates_as_dates(terisi, kasir, masuk):
    import io
    from datetime import datetime

    from openpyxl import load_workbook

    respon = masuk(kasir).get(f"/buku/{terisi.pk}/kas/?dari=2019-03-01&sampai=2019-03-31&format=xlsx")
    ws = load_workbook(io.BytesIO(respon.content)).active
    baris = [r for r in ws.iter_rows() if r[2].value == "Transport rapat"][0]
    tanggal, _, _, _, kredit, saldo = baris
    assert tanggal.value == datetime(2019, 3, 5) and tanggal.number_format == "DD/MM/YYYY"
    assert (kredit.value, kredit.number_format) == (40_000, "#,##0;-#,##0")
    assert saldo.value == 2_460_000


def test_surplus_and_deficit_are_labelled_by_sign_on_screen_pdf_and_excel(buat_pengguna, masuk, lkm_bukur):
    """Issue 10: income 1.597.524 and costs 1.191.500 printed "Defisit 406.024"; the year to date printed
    "Defisit -4.251.320". The board signs this report."""
    import io
    import subprocess

    from openpyxl import load_workbook

    def jurnal(tanggal, uraian, debit, kredit, jumlah):
        posting_jurnal(
            lkm=lkm_bukur,
            tanggal=tanggal,
            uraian=uraian,
            baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
        )

    jurnal(date(2019, 1, 25), "Insentif Januari", "51010", "11010", 5_442_844)  # January: a deficit
    jurnal(date(2019, 11, 10), "Jasa November", "11010", "41010", 1_597_524)
    jurnal(date(2019, 11, 25), "Insentif November", "51010", "11010", 1_191_500)
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    layar = klien.get(f"/buku/{lkm_bukur.pk}/surplus/", {"tahun": 2019, "bulan": 11}).content.decode()
    # November: 1.597.524 - 1.191.500 = 406.024 surplus; Jan..Nov: 1.597.524 - 6.634.344 = -5.036.820, a
    # deficit.
    assert 'data-testid="surplus-periode"><span class="label-hasil">Surplus</span> 406.024' in layar
    assert 'data-testid="surplus-kumulatif"><span class="label-hasil">Defisit</span> 5.036.820' in layar
    assert "-5.036.820" not in layar
    pdf = klien.get(f"/buku/{lkm_bukur.pk}/surplus/", {"tahun": 2019, "bulan": 11, "format": "pdf"}).content
    teks = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Surplus 406.024" in teks and "Defisit 5.036.820" in teks and "-5.036.820" not in teks
    xlsx = klien.get(f"/buku/{lkm_bukur.pk}/surplus/", {"tahun": 2019, "bulan": 11, "format": "xlsx"}).content
    nilai = {r[1]: r[2:] for r in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)}
    assert nilai["Surplus November 2019"] == (406_024, None)
    assert nilai["Defisit kumulatif 2019"] == (None, 5_036_820)


def test_opening_the_books_of_an_lkm_writes_nothing(buat_pengguna, masuk, lkm_kwangsen):
    """Issue 10: two GET pages created the chart of accounts."""
    from kotaku.buku.models import Akun

    Akun.objects.filter(lkm=lkm_kwangsen).delete()
    klien = masuk(buat_pengguna(Peran.PEMBUKU, lkm_kwangsen))
    assert klien.get(f"/buku/{lkm_kwangsen.pk}/kas/").status_code == 404
    halaman = klien.get(f"/buku/{lkm_kwangsen.pk}/saldo-awal/")
    assert halaman.status_code == 200 and "11010 Kas" in halaman.content.decode()
    assert not Akun.objects.filter(lkm=lkm_kwangsen).exists()
