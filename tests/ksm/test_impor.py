"""Excel import and export of the KSM register: all rows checked, nothing imported if one fails."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kotaku.models import Peran
from ksm.impor import KOLOM_ANGGOTA, KOLOM_KSM
from ksm.models import KSM, Anggota, Keanggotaan
from tests.ksm.factories import KSMFactory, tambah


@pytest.fixture
def manajer(buat_pengguna: Any, lkm_bukur: Any) -> Any:
    return buat_pengguna(Peran.MANAJER_UPK, lkm_bukur)


def _berkas(ksm: list[list[Any]], anggota: list[list[Any]]) -> SimpleUploadedFile:
    wb = Workbook()
    wb.remove(wb.active)
    for nama, kolom, baris in (("KSM", KOLOM_KSM, ksm), ("Anggota", KOLOM_ANGGOTA, anggota)):
        ws = wb.create_sheet(nama)
        ws.append([k[0] for k in kolom])
        for b in baris:
            ws.append(b)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("ksm.xlsx", buf.getvalue())


KSM_BARIS = [
    [
        "Laris Jaya",
        "pinjaman_bergulir",
        datetime(2017, 9, 4),
        "Dusun Bukur RT 03",
        "BRI",
        "0123",
        "Sumiati",
        "Paerah",
    ],
    ["Sido Rukun", "sosial", "01/02/2018", "", "", "", "", ""],
]


def _anggota(nik: str, nama: str, ksm: str = "Laris Jaya", **ubah: Any) -> list[Any]:
    baris = {
        "ksm": ksm,
        "nik": nik,
        "nama": nama,
        "jenis_kelamin": "P",
        "tanggal_lahir": None,
        "alamat": "Bukur",
        "nomor_kk": "",
        "telepon": "",
        "jenis_usaha": "keripik pisang",
        "pendapatan_sebelum": 40000,
        "satuan_pendapatan": "hari",
        "terdaftar_ps2": "ya",
        "peran": "anggota",
        "tanggal_bergabung": datetime(2017, 9, 4),
        "tanggal_tanggung_renteng": datetime(2017, 9, 4),
    } | ubah
    return [baris[k[1]] for k in KOLOM_ANGGOTA]


def test_template_has_the_sheets_and_headers(manajer: Any, masuk: Any) -> None:
    r = masuk(manajer).get(reverse("ksm:impor_templat"))
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["KSM", "Anggota", "Petunjuk"]
    assert [c.value for c in wb["Anggota"][1]][:4] == ["Nama KSM", "NIK", "Nama", "Jenis kelamin"]


def test_import_good_file(manajer: Any, masuk: Any, lkm_bukur: Any) -> None:
    berkas = _berkas(
        KSM_BARIS,
        [
            _anggota("3519104509800001", "Sumiati", peran="ketua"),
            _anggota(
                "3519105705800002",
                "Paerah",
                ksm="sido rukun",
                tanggal_bergabung="01/02/2018",
                tanggal_tanggung_renteng=None,
            ),
        ],
    )
    r = masuk(manajer).post(reverse("ksm:impor"), {"lkm": lkm_bukur.pk, "berkas": berkas})
    assert r.status_code == 302
    assert sorted(KSM.objects.values_list("nama", "jenis")) == [
        ("Laris Jaya", "pinjaman_bergulir"),
        ("Sido Rukun", "sosial"),
    ]
    sumi = Keanggotaan.objects.get(anggota__nama="Sumiati")
    assert (sumi.ksm.nama, sumi.peran, sumi.tanggal_tanggung_renteng, sumi.anggota.pendapatan_sebelum) == (
        "Laris Jaya",
        "ketua",
        date(2017, 9, 4),
        40_000,
    )
    assert KSM.objects.get(nama="Sido Rukun").tanggal_berdiri == date(2018, 2, 1)


def test_one_bad_row_imports_nothing_and_the_report_names_row_and_column(
    manajer: Any, masuk: Any, lkm_bukur: Any
) -> None:
    tambah(KSMFactory(nama="Lama"), "Tukinah", nik="3519104101700009")
    sebelum = (KSM.objects.count(), Anggota.objects.count(), Keanggotaan.objects.count())
    berkas = _berkas(
        KSM_BARIS + [["Mawar", "arisan", "2018-01-01"]],
        [
            _anggota("3519104509800001", "Sumiati"),
            _anggota("351910570580002", "Paerah"),  # 15 digits
            _anggota("3519104101700009", "Tukinah"),  # already active in KSM Lama
            _anggota("3519104509800004", "Marsini", ksm="Tidak Ada"),
        ],
    )
    r = masuk(manajer).post(reverse("ksm:impor"), {"lkm": lkm_bukur.pk, "berkas": berkas})
    assert r.status_code == 200
    assert [str(m) for m in r.context["laporan"]] == [
        "Lembar KSM, baris 4, kolom Jenis (B): \u201carisan\u201d bukan jenis KSM yang dikenal "
        "(pinjaman_bergulir / infrastruktur / sosial).",
        "Lembar Anggota, baris 3, kolom NIK (B): NIK harus 16 digit angka; yang diisi 15 digit.",
        "Lembar Anggota, baris 4, kolom NIK (B): NIK 3519104101700009 sudah terdaftar sebagai anggota aktif "
        "KSM Lama (Tukinah).",
        "Lembar Anggota, baris 5, kolom Nama KSM (A): KSM \u201cTidak Ada\u201d tidak ditemukan.",
    ]
    assert "Tidak ada yang diimpor" in r.content.decode()
    assert (KSM.objects.count(), Anggota.objects.count(), Keanggotaan.objects.count()) == sebelum


def test_nik_typed_as_a_number_is_reported(manajer: Any, masuk: Any, lkm_bukur: Any) -> None:
    berkas = _berkas(KSM_BARIS[:1], [_anggota(3519104509800001, "Sumiati")])
    r = masuk(manajer).post(reverse("ksm:impor"), {"lkm": lkm_bukur.pk, "berkas": berkas})
    assert [str(m) for m in r.context["laporan"]] == [
        "Lembar Anggota, baris 2, kolom NIK (B): NIK tertulis sebagai angka (Excel membulatkan 16 digit); "
        "format selnya sebagai teks."
    ]
    assert not KSM.objects.exists()


def test_not_an_excel_file(manajer: Any, masuk: Any, lkm_bukur: Any) -> None:
    r = masuk(manajer).post(
        reverse("ksm:impor"),
        {
            "lkm": lkm_bukur.pk,
            "berkas": SimpleUploadedFile("x.xlsx", b"bukan excel"),
        },
    )
    assert [str(m) for m in r.context["laporan"]] == [
        "Lembar -, baris 0: Berkas bukan Excel .xlsx yang dapat dibaca."
    ]


def test_export_register(manajer: Any, masuk: Any) -> None:
    ksm = KSMFactory(nama="Laris Jaya")
    tambah(ksm, "Sumiati")
    tambah(ksm, "Karto", perempuan=False)
    r = masuk(manajer).get(reverse("ksm:ekspor"))
    ws = load_workbook(io.BytesIO(r.content))["Register KSM"]
    baris = list(ws.iter_rows(values_only=True))
    assert baris[1][:5] == ("LKM", "Desa", "Nama KSM", "Jenis", "Status")
    assert baris[2][2] == "Laris Jaya" and baris[2][7:11] == (2, 1, 0, "tidak")
