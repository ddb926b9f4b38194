"""Loan pages through the Django test client: the workflow, the collection sheet, receipts, LU-02, scope."""

from __future__ import annotations

import subprocess

import pytest

from kotaku.models import Peran
from pinjaman.models import Pembayaran, Pinjaman
from tests.ksm.factories import ksm_dengan_anggota


@pytest.fixture
def ksm(lkm_bukur, orang):
    return ksm_dengan_anggota(6, lkm=lkm_bukur, nama="KSM Laris Jaya")


def _ajukan(masuk, orang, ksm, pokok="500000"):
    data = {
        "ksm": ksm.pk,
        "kunci": f"ajukan-{ksm.pk}-{pokok}",
        "tanggal_pengajuan": "2019-01-02",
        "jangka_bulan": "10",
        "frekuensi": "bulanan",
        "metode_jasa": "flat",
        "jasa_persen_per_bulan": "1.5",
    }
    data.update({f"pokok_{k.anggota_id}": pokok for k in ksm.keanggotaan.all()})
    return masuk(orang[Peran.PETUGAS_PINJAMAN]).post("/pinjaman/ajukan/", data)


def test_the_workflow_in_the_browser(masuk, orang, ksm):
    r = _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/pinjaman/{p.pk}/"
    masuk(orang[Peran.MANAJER_UPK]).post(f"/pinjaman/{p.pk}/verifikasi/", {"catatan": "usaha berjalan"})
    masuk(orang[Peran.PENGURUS_LKM]).post(f"/pinjaman/{p.pk}/setujui/", {})
    masuk(orang[Peran.KASIR]).post(
        f"/pinjaman/{p.pk}/cairkan/", {"tanggal": "2019-01-10", "kunci": "cair-satu-kali"}
    )
    p.refresh_from_db()
    assert p.status == "dicairkan"
    halaman = (
        masuk(orang[Peran.KASIR]).get(f"/pinjaman/{p.pk}/lembar-tagih/?tanggal=2019-02-10").content.decode()
    )
    assert halaman.count('value="57.500"') == 6
    data = {"tanggal": "2019-02-10", "kunci": "lembar-1"}
    data.update({f"bayar_{k.anggota_id}": "57500" for k in ksm.keanggotaan.all()})
    assert masuk(orang[Peran.KASIR]).post(f"/pinjaman/{p.pk}/lembar-tagih/", data).status_code == 302
    assert (
        masuk(orang[Peran.KASIR]).post(f"/pinjaman/{p.pk}/lembar-tagih/", data).status_code == 302
    )  # double submit
    bayar = Pembayaran.objects.get()
    assert (bayar.pokok, bayar.jasa) == (300_000, 45_000)
    pdf = masuk(orang[Peran.KASIR]).get(f"/pinjaman/kuitansi/{bayar.pk}.pdf").content
    teks = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Tiga ratus empat puluh lima ribu rupiah" in teks and "KSM Laris Jaya" in teks
    perjanjian = masuk(orang[Peran.KASIR]).get(f"/pinjaman/{p.pk}/perjanjian.pdf").content
    teks = subprocess.run(
        ["pdftotext", "-", "-"], input=perjanjian, capture_output=True, check=True
    ).stdout.decode()
    assert "tiga juta rupiah" in teks and "Tanda terima pencairan" in teks


def test_a_refused_application_shows_every_reason(masuk, orang, ksm):
    r = _ajukan(masuk, orang, ksm, pokok="1500000")
    teks = r.content.decode()
    assert r.status_code == 200 and teks.count("melebihi batas siklus pertama Rp 1.000.000") == 6
    assert Pinjaman.objects.count() == 0


def test_a_wrong_step_shows_a_message_and_changes_nothing(masuk, orang, ksm):
    _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    r = masuk(orang[Peran.KASIR]).post(
        f"/pinjaman/{p.pk}/cairkan/", {"tanggal": "2019-01-10", "kunci": "cair-terlalu-dini"}
    )
    assert "tidak bisa dicairkan" in r.content.decode()
    p.refresh_from_db()
    assert p.status == "diajukan"


def test_lu02_screen_pdf_excel(masuk, orang, lkm_bukur, ksm):
    klien = masuk(orang[Peran.PENGURUS_LKM])
    assert (
        "Laporan Kolektibilitas (LU-02)"
        in klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/").content.decode()
    )
    assert klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/?format=pdf").content.startswith(b"%PDF")
    assert klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/?format=xlsx").content[:2] == b"PK"


def test_another_lkms_loans_are_404(masuk, orang, ksm, buat_pengguna, lkm_kwangsen):
    _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    luar = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    assert luar.get(f"/pinjaman/{p.pk}/").status_code == 404
    assert luar.post(f"/pinjaman/{p.pk}/setujui/", {}).status_code == 404
    assert luar.get(f"/pinjaman/lkm/{p.lkm_id}/kolektibilitas/").status_code == 404


@pytest.mark.parametrize("n", [2, 10])
def test_list_page_query_count_is_fixed(masuk, orang, lkm_bukur, django_assert_num_queries, n):
    for i in range(n):
        _ajukan(masuk, orang, ksm_dengan_anggota(5, lkm=lkm_bukur, nama=f"KSM L{i}"))
    klien = masuk(orang[Peran.KASIR])
    with django_assert_num_queries(8):
        r = klien.get("/pinjaman/")
    assert r.content.decode().count("/pinjaman/") >= n


def test_register_perkembangan_and_member_card(masuk, orang, lkm_bukur, ksm):
    from datetime import date

    from pinjaman import services as svc

    _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    svc.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    svc.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    svc.cairkan(pinjaman=p, tanggal=date(2019, 1, 10), kunci="c", oleh=orang[Peran.KASIR])
    svc.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="b1", oleh=orang[Peran.KASIR]
    )
    svc.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 3, 10), jumlah=345_000, kunci="b2", oleh=orang[Peran.KASIR]
    )
    klien = masuk(orang[Peran.PENGURUS_LKM])
    reg = klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/register/?per=2019-03-31").content.decode()
    assert "KSM Laris Jaya" in reg and 'data-testid="total-sisa-register">2.400.000' in reg
    mar = klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/perkembangan/?tahun=2019&bulan=3").content.decode()
    # realised 3.000.000 before March; pokok repaid 300.000 up to February, 300.000 in March; balance
    # 2.400.000
    assert ">3.000.000<" in mar and ">300.000<" in mar and ">600.000<" in mar
    assert 'data-testid="saldo-perkembangan">2.400.000' in mar
    for path in ("register/?per=2019-03-31", "perkembangan/?tahun=2019&bulan=3"):
        assert klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/{path}&format=pdf").content.startswith(b"%PDF")
        assert klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/{path}&format=xlsx").content[:2] == b"PK"
    anggota = p.bagian.first().anggota_id
    kartu = klien.get(f"/pinjaman/{p.pk}/kartu/{anggota}.pdf").content
    teks = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=kartu, capture_output=True, check=True
    ).stdout.decode()
    assert "Kartu Pinjaman (U6)" in teks and "57.500" not in teks and "50.000" in teks and "7.500" in teks


def test_board_reschedules_and_writes_off_in_the_browser(masuk, orang, lkm_bukur, ksm):
    from datetime import date

    from pinjaman import services as svc

    _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    svc.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    svc.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    svc.cairkan(pinjaman=p, tanggal=date(2019, 1, 10), kunci="c", oleh=orang[Peran.KASIR])
    klien = masuk(orang[Peran.PENGURUS_LKM])
    r = klien.post(
        f"/pinjaman/{p.pk}/hapus-buku/",
        {
            "tanggal": "2019-04-30",
            "nomor_keputusan": "01",
            "tanggal_keputusan": "2019-04-30",
            "kunci": "hapus-1-x",
        },
    )
    assert "pinjaman ini Kol 2." in r.content.decode()
    r = klien.post(
        f"/pinjaman/{p.pk}/jadwal-ulang/",
        {
            "mulai": "2019-05-01",
            "jangka_bulan": "12",
            "nomor_keputusan": "02",
            "tanggal_keputusan": "2019-04-30",
        },
        follow=True,
    )
    assert "Jadwal baru berlaku" in r.content.decode()
    p.refresh_from_db()
    assert p.versi_jadwal == 2
    r = klien.post(
        f"/pinjaman/{p.pk}/hapus-buku/",
        {
            "tanggal": "2020-12-31",
            "nomor_keputusan": "03/2020",
            "tanggal_keputusan": "2020-12-20",
            "kunci": "hapus-2-x",
        },
        follow=True,
    )
    assert "Pinjaman dihapusbukukan." in r.content.decode()
    daftar = klien.get(f"/pinjaman/lkm/{lkm_bukur.pk}/hapus-buku/").content.decode()
    assert "03/2020" in daftar and "3.000.000" in daftar


def test_a_payment_on_a_repaid_loan_is_refused(masuk, orang, ksm):
    from datetime import date

    from kotaku.errors import KonflikStatus
    from pinjaman import services as svc

    _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    svc.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    svc.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    svc.cairkan(pinjaman=p, tanggal=date(2019, 1, 10), kunci="c", oleh=orang[Peran.KASIR])
    svc.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 11, 10), jumlah=3_450_000, kunci="semua", oleh=orang[Peran.KASIR]
    )
    p.refresh_from_db()
    assert (p.status, p.tanggal_lunas) == ("lunas", date(2019, 11, 10))
    with pytest.raises(KonflikStatus, match="Pinjaman berstatus lunas; tidak bisa menerima pembayaran."):
        svc.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, 11, 11), jumlah=1_000, kunci="lagi", oleh=orang[Peran.KASIR]
        )
    # the members' next loan is cycle 2: the Rp 3.000.000 cap applies, not the first-cycle Rp 1.000.000
    p2 = svc.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=date(2019, 11, 20),
        jangka_bulan=10,
        frekuensi="bulanan",
        bagian=[svc.BagianDiminta(b.anggota, 2_000_000) for b in p.bagian.all()],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
    )
    assert set(p2.bagian.values_list("siklus", flat=True)) == {2}
    assert Pembayaran.objects.count() == 1


def _cair_laris(masuk, orang, ksm):
    from datetime import date

    from pinjaman import services as svc

    _ajukan(masuk, orang, ksm)
    p = Pinjaman.objects.get()
    svc.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    svc.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    return svc.cairkan(pinjaman=p, tanggal=date(2019, 1, 10), kunci="c", oleh=orang[Peran.KASIR])


def test_the_collection_sheet_computes_dues_for_the_chosen_meeting_date(masuk, orang, ksm):
    """Issue 10: the sheet computed dues as of today whatever the meeting date (it showed the whole loan)."""
    p = _cair_laris(masuk, orang, ksm)
    klien = masuk(orang[Peran.KASIR])
    # 7 Feb, three days before instalment 1 (57.500 per member: 50.000 + 7.500): it is due at this meeting.
    r = klien.get(f"/pinjaman/{p.pk}/lembar-tagih/", {"tanggal": "2019-02-07"})
    assert (r.context["total"]["tertunggak"], r.context["total"]["berikut"]) == (0, 345_000)
    assert r.content.decode().count('value="57.500"') == 6
    # 15 Apr: instalments 1-3 overdue (3 x 57.500 per member), instalment 4 (10 May) within one month.
    r = klien.get(f"/pinjaman/{p.pk}/lembar-tagih/", {"tanggal": "2019-04-15"})
    assert (r.context["total"]["tertunggak"], r.context["total"]["berikut"]) == (1_035_000, 345_000)
    assert r.content.decode().count('value="172.500"') == 6
    # the htmx request of a new date answers the sheet alone
    r = klien.get(f"/pinjaman/{p.pk}/lembar-tagih/", {"tanggal": "2019-02-07"}, HTTP_HX_REQUEST="true")
    assert r.content.decode().lstrip().startswith('<div id="lembar">')


def test_a_refused_collection_sheet_keeps_everything_typed(masuk, orang, ksm):
    p = _cair_laris(masuk, orang, ksm)
    anggota = [k.anggota_id for k in ksm.keanggotaan.order_by("anggota_id")]
    data = {"tanggal": "2019-02-10", "kunci": "lembar-galat-1"}
    data.update({f"bayar_{a}": "57.500" for a in anggota})
    data[f"bayar_{anggota[0]}"] = "57,5"  # a comma: not whole rupiah
    data[f"oleh_{anggota[1]}"] = str(anggota[2])
    r = masuk(orang[Peran.KASIR]).post(f"/pinjaman/{p.pk}/lembar-tagih/", data)
    assert r.status_code == 400
    halaman = r.content.decode()
    assert "Rupiah harus bulat, tanpa sen" in halaman
    assert 'value="57,5"' in halaman and halaman.count('value="57.500"') == 5
    assert f'<option value="{anggota[2]}" selected>' in halaman
    assert not Pembayaran.objects.exists()


def test_the_posted_sheet_shows_what_was_paid_and_links_the_receipt(masuk, orang, ksm):
    p = _cair_laris(masuk, orang, ksm)
    anggota = [k.anggota_id for k in ksm.keanggotaan.order_by("anggota_id")]
    data = {"tanggal": "2019-02-10", "kunci": "lembar-hasil-1"}
    data.update({f"bayar_{a}": "Rp 57.500" for a in anggota})
    r = masuk(orang[Peran.KASIR]).post(f"/pinjaman/{p.pk}/lembar-tagih/", data, follow=True)
    bayar = Pembayaran.objects.get()
    assert r.redirect_chain[-1][0] == f"/pinjaman/pembayaran/{bayar.pk}/"
    halaman = r.content.decode()
    assert "Rp 345.000" in halaman and f"/pinjaman/kuitansi/{bayar.pk}.pdf" in halaman
    assert "Sisa pokok per 10 Februari 2019: <strong>Rp 2.700.000</strong>" in halaman


def test_the_ksm_page_the_api_and_the_application_use_one_rule_set(masuk, api_klien, orang, ksm):
    """Issue 10: KSM Melati 34 with a Kol 5 loan showed "Layak" on its page while applying was refused; KSM
    Budi
    Luhur got a second loan while one was running, with no warning."""
    p = _cair_laris(masuk, orang, ksm)
    # Today (years after 2019) all ten instalments are due and unpaid: 10 x 300.000 pokok, 10 x 45.000 jasa.
    tunggak = f"KSM masih menunggak pada pinjaman #{p.pk} (pokok Rp 3.000.000, jasa Rp 450.000)."
    halaman = masuk(orang[Peran.PETUGAS_PINJAMAN]).get(f"/ksm/{ksm.pk}/").content.decode()
    assert tunggak in halaman and "Layak pinjam" not in halaman
    api = api_klien(orang[Peran.PETUGAS_PINJAMAN]).get(f"/api/v1/ksm/{ksm.pk}").json()
    assert api["layak_pinjam"] is False and tunggak in api["alasan_tidak_layak"]
    # A second application back-dated to 2 Jan 2019 (no arrears then) is refused for the loan disbursed
    # after it and still running, with a reason.
    ditolak = _ajukan(masuk, orang, ksm, pokok="400000")
    assert ditolak.status_code == 200
    assert (
        f"KSM sudah menerima pinjaman #{p.pk} pada 10 Januari 2019, sesudah tanggal pengajuan ini, dan "
        "pinjaman "
        "itu masih berjalan; kebijakan LKM tidak membolehkan pinjaman kedua sebelum lunas."
        in ditolak.content.decode()
    )
    assert Pinjaman.objects.count() == 1
