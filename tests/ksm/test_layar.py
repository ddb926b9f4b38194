"""KSM screens: list with filters and fixed query count, create/edit, members, scope (404) and roles (403)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from kotaku.models import Peran
from ksm.models import KSM, Anggota, KegiatanMitra, PemeriksaanBuku
from tests.ksm.factories import KSMFactory, ksm_dengan_anggota, tambah


@pytest.fixture
def manajer(buat_pengguna: Any, lkm_bukur: Any) -> Any:
    return buat_pengguna(Peran.MANAJER_UPK, lkm_bukur)


def _banyak(n: int, **kwargs: Any) -> list[KSM]:
    hasil = []
    for i in range(n):
        ksm = KSMFactory(**kwargs)
        tambah(ksm, f"Anggota {i}")
        hasil.append(ksm)
    return hasil


@pytest.mark.parametrize("n", [2, 20])
def test_list_query_count_does_not_grow_with_rows(
    n: int, manajer: Any, masuk: Any, django_assert_max_num_queries: Any
) -> None:
    _banyak(n)
    klien = masuk(manajer)
    with django_assert_max_num_queries(15):  # + 4 for the loan facts of the whole page (one rule set)
        r = klien.get(reverse("ksm:daftar"))
    assert r.status_code == 200
    assert r.context["hitungan"]["semua"] == n
    assert len(r.context["halaman"].object_list) == n


def test_list_filters_search_and_counts(manajer: Any, masuk: Any) -> None:
    laris = KSMFactory(nama="Laris Jaya")
    tambah(laris, "Paerah")
    KSMFactory(nama="Sido Rukun", jenis="infrastruktur")
    KSMFactory(nama="Mawar", status="bubar")
    klien = masuk(manajer)
    r = klien.get(reverse("ksm:daftar"))
    assert r.context["hitungan"] == {
        "semua": 3,
        "aktif": 2,
        "nonaktif": 0,
        "bubar": 1,
        "pinjaman_bergulir": 2,
    }
    nama = lambda r: [k.nama for k in r.context["halaman"].object_list]  # noqa: E731
    assert nama(klien.get(reverse("ksm:daftar"), {"q": "laris"})) == ["Laris Jaya"]
    assert nama(klien.get(reverse("ksm:daftar"), {"q": "paerah"})) == ["Laris Jaya"]  # by member name
    assert nama(klien.get(reverse("ksm:daftar"), {"jenis": "infrastruktur"})) == ["Sido Rukun"]
    assert nama(klien.get(reverse("ksm:daftar"), {"status": "bubar"})) == ["Mawar"]
    assert nama(klien.get(reverse("ksm:daftar"), {"desa": laris.desa_id})) == [
        "Laris Jaya",
        "Mawar",
        "Sido Rukun",
    ]


def test_list_paginates_25_per_page(manajer: Any, masuk: Any) -> None:
    for i in range(27):
        KSMFactory(nama=f"KSM {i:02d}")
    klien = masuk(manajer)
    r = klien.get(reverse("ksm:daftar"), {"halaman": 2})
    assert [k.nama for k in r.context["halaman"].object_list] == ["KSM 25", "KSM 26"]
    assert "Halaman 2 dari 2" in r.content.decode()


def test_list_shows_only_the_users_lkm(manajer: Any, masuk: Any, lkm_kwangsen: Any) -> None:
    KSMFactory(nama="Laris Jaya")
    KSMFactory(nama="Jamu Sehat", lkm=lkm_kwangsen, desa=lkm_kwangsen.desa)
    r = masuk(manajer).get(reverse("ksm:daftar"))
    assert [k.nama for k in r.context["halaman"].object_list] == ["Laris Jaya"]


def test_create_ksm_through_the_form(manajer: Any, masuk: Any, lkm_bukur: Any) -> None:
    r = masuk(manajer).post(
        reverse("ksm:buat"),
        {
            "lkm": lkm_bukur.pk,
            "nama": "Laris Jaya",
            "jenis": "pinjaman_bergulir",
            "tanggal_berdiri": "2017-09-04",
            "alamat": "Dusun Bukur RT 03",
        },
    )
    ksm = KSM.objects.get(nama="Laris Jaya")
    assert r.status_code == 302 and r.url == reverse("ksm:detail", args=[ksm.pk])
    assert (ksm.lkm_id, ksm.desa_id, ksm.tanggal_berdiri) == (
        lkm_bukur.pk,
        lkm_bukur.desa_id,
        date(2017, 9, 4),
    )


def test_create_with_a_duplicate_name_shows_the_message_and_saves_nothing(
    manajer: Any, masuk: Any, lkm_bukur: Any
) -> None:
    KSMFactory(nama="Laris Jaya")
    r = masuk(manajer).post(
        reverse("ksm:buat"),
        {
            "lkm": lkm_bukur.pk,
            "nama": "Laris Jaya",
            "jenis": "pinjaman_bergulir",
            "tanggal_berdiri": "2017-09-04",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["nama"] == [
        f"Nama KSM \u201cLaris Jaya\u201d sudah dipakai di {lkm_bukur.nama}."
    ]
    assert KSM.objects.count() == 1


def test_cannot_create_in_another_lkm(manajer: Any, masuk: Any, lkm_kwangsen: Any) -> None:
    r = masuk(manajer).post(
        reverse("ksm:buat"),
        {
            "lkm": lkm_kwangsen.pk,
            "nama": "Titipan",
            "jenis": "sosial",
            "tanggal_berdiri": "2017-09-04",
        },
    )
    assert r.status_code == 200 and "lkm" in r.context["form"].errors
    assert not KSM.objects.exists()


def test_detail_shows_members_eligibility_and_history(manajer: Any, masuk: Any) -> None:
    ksm = ksm_dengan_anggota(4, nama="Laris Jaya")
    r = masuk(manajer).get(reverse("ksm:detail", args=[ksm.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "KSM baru memiliki 4 anggota aktif; minimal 5." in html
    assert [k.anggota.nama for k in r.context["anggota"]] == ["Kasiyem", "Paerah", "Sumiati", "Suparmi"]
    assert any(x["apa"] == "KSM" for x in r.context["riwayat"])
    assert any(x["apa"] == "Keanggotaan" for x in r.context["riwayat"])


def test_another_lkms_ksm_is_404(manajer: Any, masuk: Any, lkm_kwangsen: Any) -> None:
    lain = KSMFactory(lkm=lkm_kwangsen, desa=lkm_kwangsen.desa)
    tambah(lain, "Paerah")
    k = lain.keanggotaan.get()
    klien = masuk(manajer)
    for url in [
        reverse("ksm:detail", args=[lain.pk]),
        reverse("ksm:ubah", args=[lain.pk]),
        reverse("ksm:anggota_tambah", args=[lain.pk]),
        reverse("ksm:anggota_ubah", args=[lain.pk, k.pk]),
        reverse("tabungan:pertemuan", args=[lain.pk]),
        reverse("tabungan:kartu", args=[lain.pk, k.anggota_id]),
    ]:
        assert klien.get(url).status_code == 404, url
    r = klien.post(
        reverse("ksm:kegiatan", args=[lain.pk]), {"mitra": "X", "jenis": "modal", "tanggal": "2019-01-01"}
    )
    assert r.status_code == 404
    assert not KegiatanMitra.objects.exists()


def test_board_reads_but_may_not_write(buat_pengguna: Any, lkm_bukur: Any, masuk: Any) -> None:
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    ksm = KSMFactory()
    klien = masuk(pengurus)
    assert klien.get(reverse("ksm:detail", args=[ksm.pk])).status_code == 200
    assert klien.get(reverse("ksm:buat")).status_code == 403
    r = klien.post(reverse("ksm:anggota_tambah", args=[ksm.pk]), {"nik": "3519105705800001", "nama": "X"})
    assert r.status_code == 403
    assert not Anggota.objects.exists()


def test_add_member_form_refuses_a_short_nik_and_saves_nothing(manajer: Any, masuk: Any) -> None:
    ksm = KSMFactory()
    r = masuk(manajer).post(
        reverse("ksm:anggota_tambah", args=[ksm.pk]),
        {
            "nik": "351910570580001",
            "nama": "Sumiati",
            "jenis_kelamin": "P",
            "pendapatan_sebelum": 0,
            "satuan_pendapatan": "hari",
            "peran": "anggota",
            "tanggal_bergabung": "2019-01-05",
        },
    )
    assert r.context["form"].errors["nik"] == ["NIK harus 16 digit angka; yang diisi 15 digit."]
    assert not Anggota.objects.exists()


def test_add_member_then_edit_then_leave(manajer: Any, masuk: Any) -> None:
    ksm = KSMFactory()
    klien = masuk(manajer)
    r = klien.post(
        reverse("ksm:anggota_tambah", args=[ksm.pk]),
        {
            "nik": "3519104101750003",
            "nama": "Paerah",
            "jenis_kelamin": "P",
            "tanggal_lahir": "1975-01-01",
            "jenis_usaha": "jamu gendong",
            "pendapatan_sebelum": 50000,
            "satuan_pendapatan": "hari",
            "terdaftar_ps2": "on",
            "peran": "anggota",
            "tanggal_bergabung": "2019-01-05",
        },
    )
    assert r.status_code == 302
    k = ksm.keanggotaan.get()
    assert (k.anggota.pendapatan_sebelum, k.anggota.satuan_pendapatan, k.anggota.terdaftar_ps2) == (
        50_000,
        "hari",
        True,
    )
    assert k.tanggal_tanggung_renteng is None
    r = klien.post(
        reverse("ksm:anggota_ubah", args=[ksm.pk, k.pk]),
        {
            "nama": "Paerah",
            "jenis_kelamin": "P",
            "tanggal_lahir": "1975-01-01",
            "jenis_usaha": "jamu gendong",
            "pendapatan_sebelum": 50000,
            "satuan_pendapatan": "hari",
            "peran": "bendahara",
            "tanggal_tanggung_renteng": "2019-01-10",
        },
    )
    assert r.status_code == 302
    k.refresh_from_db()
    assert (k.peran, k.tanggal_tanggung_renteng) == ("bendahara", date(2019, 1, 10))
    r = klien.post(
        reverse("ksm:anggota_keluar", args=[ksm.pk, k.pk]), {"tanggal": "2019-08-01", "alasan": "pindah"}
    )
    k.refresh_from_db()
    assert k.tanggal_keluar == date(2019, 8, 1)


def test_partner_activity_and_book_check(manajer: Any, masuk: Any) -> None:
    ksm = KSMFactory()
    klien = masuk(manajer)
    klien.post(
        reverse("ksm:kegiatan", args=[ksm.pk]),
        {
            "mitra": "Koperasi Sumber Rejeki",
            "jenis": "pemasaran",
            "tanggal": "2019-10-01",
            "catatan": "titip jual",
        },
    )
    klien.post(reverse("ksm:pemeriksaan", args=[ksm.pk]), {"tanggal": "2019-10-15", "hasil": "sesuai"})
    assert list(ksm.kegiatan_mitra.values_list("mitra", "jenis")) == [("Koperasi Sumber Rejeki", "pemasaran")]
    p = PemeriksaanBuku.objects.get()
    assert (p.ksm_id, p.hasil, p.oleh_id) == (ksm.pk, "sesuai", manajer.pk)
    html = klien.get(reverse("ksm:detail", args=[ksm.pk])).content.decode()
    assert "Koperasi Sumber Rejeki" in html and "Sesuai" in html


def test_status_change_is_recorded(manajer: Any, masuk: Any) -> None:
    ksm = KSMFactory()
    masuk(manajer).post(
        reverse("ksm:status", args=[ksm.pk]),
        {
            "status": "nonaktif",
            "tanggal": "2019-10-01",
            "alasan": "tiga bulan tidak bertemu",
        },
    )
    ksm.refresh_from_db()
    assert (ksm.status, ksm.tanggal_status, ksm.alasan_status) == (
        "nonaktif",
        date(2019, 10, 1),
        "tiga bulan tidak bertemu",
    )


def test_the_ksm_export_never_500s_and_writes_formula_like_names_as_text(
    masuk: Any, buat_pengguna: Any
) -> None:
    """Issue 10: the KSM Excel export answered 500 for the fasilitator when a KSM name held markup or
    formula-like text; control characters broke exports for good."""
    import io

    from openpyxl import load_workbook

    from kotaku.models import LKM

    bukur = LKM.objects.get(desa__nama="Bukur")
    for nama in (
        '=HYPERLINK("http://x","klik")',
        "<b>Mawar</b> & Melati",
        "+62 Sejahtera",
        "-Rukun",
        "@Tani",
        "Sido\x0bMulyo",
    ):
        KSMFactory(lkm=bukur, desa=bukur.desa, nama=nama)
    fasilitator = buat_pengguna(Peran.FASILITATOR, kecamatan=bukur.desa.kecamatan)
    r = masuk(fasilitator).get(reverse("ksm:ekspor"))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    sel = {c.value: c for baris in ws.iter_rows(min_col=3, max_col=3) for c in baris}
    rumus = sel['=HYPERLINK("http://x","klik")']
    assert rumus.data_type == "s" and rumus.quotePrefix  # text, never a live formula
    assert sel["+62 Sejahtera"].data_type == "s" and sel["SidoMulyo"].value == "SidoMulyo"
    assert "<b>Mawar</b> & Melati" in sel
