"""Bad input is a 400 naming the field, on the API and on the page - never a 500 (issue 14, and the finds of
the schemathesis run in tests/test_fuzz_api.py). Each case is a request a hostile or careless client sent."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from kotaku.buku.models import Jurnal
from kotaku.models import Peran
from ksm.models import KSM, Anggota
from pinjaman.models import Pembayaran
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair

PANJANG = "x" * 300


@pytest.fixture
def bukur(orang, lkm_bukur):
    """A disbursed Bukur loan (5 members x Rp 500.000) and the Manajer's API client."""
    pinjaman = cair(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Laris Jaya"), orang, pokok=500_000)
    return pinjaman


@pytest.fixture
def api(api_klien, orang):
    return api_klien(orang[Peran.MANAJER_UPK])


def _post(api, url, body):
    return api.post(f"/api/v1/{url}", body, content_type="application/json")


def _field(r):
    assert r.status_code == 400, (r.status_code, r.content[:400])
    body = r.json()
    assert body["detail"]
    return {g["field"] for g in body["errors"]}


def _bayar(pinjaman, **ubah):
    body = {"tanggal": "2019-02-10", "jumlah": 57_500, "kunci": "k-1"}
    body.update(ubah)
    return body


# ---- the API ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ubah", "field"),
    [
        ({"kunci": "a\x00b"}, "kunci"),  # PostgreSQL refuses NUL: refused at the edge
        ({"kunci": ""}, "kunci"),
        ({"kunci": "k" * 101}, "kunci"),  # the column holds 100
        ({"jumlah": True}, "jumlah"),  # a boolean is not an amount (was stored as Rp 1)
        ({"jumlah": 10**15}, "jumlah"),  # beyond numeric(15,0)
        ({"jumlah": 57_500.5}, "jumlah"),
        ({"tanggal": "0001-01-01"}, "tanggal"),
        ({"tanggal": "5372-05-09"}, "tanggal"),  # the fuzz's find: a year far ahead
        ({"rincian": [{"anggota": 1, "jumlah": 1, "dibayar_oleh": None, "\x01": {}}]}, "rincian.0.\x01"),
    ],
)
def test_a_bad_payment_is_a_400_naming_the_field(bukur, api, ubah, field):
    assert field in _field(_post(api, f"pinjaman/{bukur.pk}/pembayaran", _bayar(bukur, **ubah)))
    assert not Pembayaran.objects.exists()


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("ksm", {"nama": PANJANG, "tanggal_berdiri": "2018-01-01"}, "nama"),  # KSM name over 150
        ("ksm", {"nama": "KSM \x00", "tanggal_berdiri": "2018-01-01"}, "nama"),
        ("ksm", {"nama": "KSM \u000b", "tanggal_berdiri": "2018-01-01"}, "nama"),  # breaks exports forever
        ("ksm", {"nama": "=HYPERLINK(1)", "tanggal_berdiri": "0001-01-01"}, "tanggal_berdiri"),
    ],
)
def test_a_bad_ksm_is_a_400_naming_the_field(api, lkm_bukur, url, body, field):
    sebelum = KSM.objects.count()
    assert field in _field(_post(api, url, {"lkm": lkm_bukur.pk, **body}))
    assert KSM.objects.count() == sebelum


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nama": PANJANG}, "nama"),
        ({"nama": "Sum\u000biati"}, "nama"),
        ({"nik": "3519104105800001" + "\x00"}, "nik"),
        ({"alamat": PANJANG}, "alamat"),
        ({"pendapatan_sebelum": True}, "pendapatan_sebelum"),
        ({"jenis_kelamin": "X"}, "jenis_kelamin"),
    ],
)
def test_a_bad_member_is_a_400_naming_the_field(bukur, api, body, field):
    data = {"nik": "3519104105800001", "nama": "Sumiati", "jenis_kelamin": "P", **body}
    sebelum = Anggota.objects.count()
    assert field in _field(_post(api, f"ksm/{bukur.ksm_id}/anggota", data))
    assert Anggota.objects.count() == sebelum


def test_a_meeting_agenda_over_its_column_is_a_400(bukur, api):
    assert "agenda" in _field(
        _post(api, f"ksm/{bukur.ksm_id}/pertemuan", {"tanggal": "2019-01-05", "agenda": PANJANG})
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"jumlah": 999_999_999_999_999}, "jumlah"),  # a single deposit of Rp 999 trillion was accepted
        ({"jumlah": True}, "jumlah"),
        ({"kunci": ""}, "kunci"),
        ({"kunci": "k" * 101}, "kunci"),
        ({"melalui": "tunai"}, "melalui"),
    ],
)
def test_a_bad_savings_entry_is_a_400(bukur, api, body, field):
    anggota = bukur.bagian.first().anggota_id
    data = {"tanggal": "2019-01-05", "anggota": anggota, "jumlah": 10_000, "kunci": "t-1", **body}
    assert field in _field(_post(api, f"ksm/{bukur.ksm_id}/tabungan", data))


def test_a_write_off_with_an_overlong_decision_number_is_a_400(bukur, api):
    body = {
        "tanggal": "2019-06-01",
        "nomor_keputusan": PANJANG,
        "tanggal_keputusan": "2019-06-01",
        "kunci": "h",
    }
    assert "nomor_keputusan" in _field(_post(api, f"pinjaman/{bukur.pk}/hapus-buku", body))


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("lkm/{lkm}/surplus?tahun=10000", "tahun"),
        ("lkm/{lkm}/surplus?tahun=12397", "tahun"),  # the fuzz's find
        ("lkm/{lkm}/surplus?tahun=1e20", "tahun"),
        ("lkm/{lkm}/neraca?per=0", "per"),  # read as 1970-01-01
        ("lkm/{lkm}/neraca?per=0001-01-01", "per"),
        ("pinjaman/{pinjaman}?per=0", "per"),
        ("lkm/{lkm}/kebijakan?per=9999-12-31", "per"),
        ("ksm?q=%00", "q"),
        ("ksm?limit=10&offset=9223372036854775808", "offset"),  # >= 2^63
        ("pinjaman?offset=99999999999999999999", "offset"),
    ],
)
def test_bad_query_strings_are_a_400_naming_the_parameter(bukur, api, lkm_bukur, url, field):
    r = api.get("/api/v1/" + url.format(lkm=lkm_bukur.pk, pinjaman=bukur.pk))
    assert field in _field(r)


@pytest.mark.parametrize("nilai", ["\u0661", "\u0967", "١٢", "99999999999999999999999", "-1"])
def test_odd_ids_in_a_query_never_answer_500(api, nilai):
    r = api.get("/api/v1/ksm", {"lkm": nilai})
    assert r.status_code in (200, 400), r.content[:300]


def test_an_id_beyond_bigint_in_the_path_is_not_a_500(api):
    assert api.get("/api/v1/pinjaman/99999999999999999999999").status_code in (400, 404)


def test_every_operation_declares_its_error_answers(api):
    skema = api.get("/api/v1/openapi.json").json()
    for jalur, operasi in skema["paths"].items():
        for metode, isi in operasi.items():
            kode = set(isi["responses"])
            assert {"400", "401", "404"} <= kode, (metode, jalur, kode)


# ---- the pages --------------------------------------------------------------------------------------------


def test_a_member_named_with_a_control_character_is_refused_on_the_page(bukur, orang, masuk):
    r = masuk(orang[Peran.MANAJER_UPK]).post(
        f"/ksm/{bukur.ksm_id}/anggota/baru/",
        {
            "nik": "3519104105800009",
            "nama": "Sum\u000biati",
            "jenis_kelamin": "P",
            "tanggal_bergabung": "2019-01-01",
        },
    )
    assert r.status_code == 400
    assert not Anggota.objects.filter(nik="3519104105800009").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/pinjaman/ajukan/?ksm=abc",
        "/pinjaman/ajukan/?ksm=99999999999999999999999",
        "/buku/{lkm}/neraca-saldo/?jenis=rentang&dari=0001-01-01&sampai=2019-01-31",
        "/pinjaman/lkm/{lkm}/perkembangan/?tahun=1e20",
        "/pinjaman/lkm/{lkm}/perkembangan/?tahun=10000",
        "/buku/{lkm}/surplus/?tahun=abc",
        "/ksm/?q=%00",
        "/ksm/?lkm=\u0661",
    ],
)
def test_odd_query_strings_on_pages_never_answer_500(bukur, orang, masuk, lkm_bukur, url):
    r = masuk(orang[Peran.MANAJER_UPK]).get(url.format(lkm=lkm_bukur.pk))
    assert r.status_code in (200, 400, 404), (url, r.status_code)


def test_the_year_end_close_with_a_year_that_is_not_a_number(orang, buat_pengguna, masuk, lkm_bukur):
    r = masuk(buat_pengguna(Peran.PEMBUKU, lkm_bukur)).post(
        f"/buku/{lkm_bukur.pk}/tutup-tahun/", {"tahun": "abc"}
    )
    assert r.status_code in (200, 400)
    assert not Jurnal.objects.filter(jenis="penutup").exists()


def test_the_collection_sheet_without_its_key_is_a_form_error(bukur, orang, masuk):
    a = bukur.bagian.first().anggota_id
    r = masuk(orang[Peran.KASIR]).post(
        f"/pinjaman/{bukur.pk}/lembar-tagih/", {"tanggal": "2019-02-10", f"bayar_{a}": "57500"}
    )
    assert r.status_code == 400
    assert not Pembayaran.objects.exists()


def test_a_cash_voucher_dated_year_one_is_refused(orang, masuk, lkm_bukur):
    r = masuk(orang[Peran.KASIR]).post(
        f"/buku/{lkm_bukur.pk}/transaksi/baru/",
        {
            "jenis": "masuk",
            "tanggal": "0001-01-01",
            "akun_kas": "11010",
            "akun_lawan": "41020",
            "jumlah": "5000",
            "uraian": "Bunga",
            "kunci": "voucher-0001",
        },
    )
    assert r.status_code in (200, 400)
    assert not Jurnal.objects.filter(lkm=lkm_bukur).exists()


# ---- the Excel import ------------------------------------------------------------------------------------


def _xlsx(kepala, *baris):
    buku = openpyxl.Workbook()
    lembar = buku.active
    lembar.append(kepala)
    for b in baris:
        lembar.append(b)
    isi = io.BytesIO()
    buku.save(isi)
    isi.seek(0)
    isi.name = "anggota.xlsx"
    return isi


@pytest.mark.parametrize(
    ("kepala", "baris"),
    [
        (["KSM", "Nama", "Jenis kelamin"], ["KSM Impor", "Sumiati", "P"]),  # no NIK column
        (["KSM", "NIK", "Nama"], ["KSM Impor", "3519104105800001", "Sumiati"]),  # no date columns
        (["KSM", "NIK", "Nama", "Jenis kelamin"], ["K" * 300, "3519104105800001", "S" * 300, "P"]),
        (["KSM", "NIK", "Nama", "Jenis kelamin"], ["KSM Impor", "35191041058000011234", "Sumiati", "P"]),
    ],
)
def test_a_bad_excel_import_gives_a_report_never_a_500(orang, masuk, lkm_bukur, kepala, baris):
    sebelum = (KSM.objects.count(), Anggota.objects.count())
    r = masuk(orang[Peran.MANAJER_UPK]).post(
        "/ksm/impor/", {"lkm": lkm_bukur.pk, "berkas": _xlsx(kepala, baris)}
    )
    assert r.status_code in (200, 400), r.status_code
    assert (KSM.objects.count(), Anggota.objects.count()) == sebelum
    assert date.today()  # the page answered with its report
