"""Group savings through the books: balance rules, idempotency, members only, screens and API."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import saldo_akun
from kotaku.errors import KesalahanDomain
from kotaku.models import Peran
from kotaku.tanggal import format_tanggal, hari_ini
from ksm.models import Kehadiran, Pertemuan, TransaksiTabungan
from ksm.selectors import saldo_anggota, saldo_ksm
from ksm.tabungan.services import catat_tabungan
from tests.ksm.factories import KSMFactory, ksm_dengan_anggota, tambah


@pytest.fixture
def kasir(buat_pengguna: Any, lkm_bukur: Any) -> Any:
    return buat_pengguna(Peran.KASIR, lkm_bukur)


@pytest.fixture
def paerah(db: Any) -> Any:
    return tambah(KSMFactory(nama="Sekar Jamu"), "Paerah")


def _setor(
    k: Any, jumlah: int, kunci: str, oleh: Any, tanggal: date = date(2019, 10, 14)
) -> TransaksiTabungan:
    return catat_tabungan(
        ksm=k.ksm, anggota=k.anggota, tanggal=tanggal, jumlah=jumlah, kunci=kunci, oleh=oleh
    )


def test_deposit_and_withdrawal_post_journals(paerah: Any, kasir: Any) -> None:
    setor = _setor(paerah, 50_000, "a", kasir)
    tarik = _setor(paerah, -20_000, "b", kasir, date(2019, 10, 21))
    assert setor.jurnal_id and tarik.jurnal_id and setor.jurnal_id != tarik.jurnal_id
    assert saldo_anggota(ksm=paerah.ksm, anggota=paerah.anggota) == 30_000
    assert saldo_ksm(ksm=paerah.ksm) == 30_000
    lkm = paerah.ksm.lkm
    assert saldo_akun(lkm=lkm, kode="21020", per=date(2019, 10, 31)) == 30_000
    assert saldo_akun(lkm=lkm, kode="11010", per=date(2019, 10, 31)) == 30_000
    assert saldo_akun(lkm=lkm, kode="21020", per=date(2019, 10, 20)) == 50_000
    masuk, keluar = Jurnal.objects.get(pk=setor.jurnal_id), Jurnal.objects.get(pk=tarik.jurnal_id)
    assert sorted(masuk.baris.values_list("akun__kode", "debit", "kredit")) == [
        ("11010", 50_000, 0),
        ("21020", 0, 50_000),
    ]
    assert sorted(keluar.baris.values_list("akun__kode", "debit", "kredit")) == [
        ("11010", 0, 20_000),
        ("21020", 20_000, 0),
    ]


def test_bank_deposit_debits_the_bank_account(paerah: Any, kasir: Any) -> None:
    t = catat_tabungan(
        ksm=paerah.ksm,
        anggota=paerah.anggota,
        tanggal=date(2019, 10, 14),
        jumlah=40_000,
        kunci="bank-1",
        oleh=kasir,
        melalui="bank",
    )
    assert sorted(Jurnal.objects.get(pk=t.jurnal_id).baris.values_list("akun__kode", "debit", "kredit")) == [
        ("11021", 40_000, 0),
        ("21020", 0, 40_000),
    ]


def test_withdrawal_beyond_the_balance_is_refused_and_nothing_changes(paerah: Any, kasir: Any) -> None:
    _setor(paerah, 50_000, "a", kasir)
    sebelum = (TransaksiTabungan.objects.count(), Jurnal.objects.count())
    with pytest.raises(KesalahanDomain) as exc:
        _setor(paerah, -60_000, "b", kasir)
    assert exc.value.pesan == "Saldo tabungan Bu Paerah Rp 50.000; penarikan Rp 60.000 ditolak."
    assert (TransaksiTabungan.objects.count(), Jurnal.objects.count()) == sebelum
    assert saldo_anggota(ksm=paerah.ksm, anggota=paerah.anggota) == 50_000


def test_back_dated_withdrawal_cannot_use_a_later_deposit(paerah: Any, kasir: Any) -> None:
    _setor(paerah, 50_000, "a", kasir, date(2019, 10, 14))
    with pytest.raises(KesalahanDomain) as exc:
        _setor(paerah, -10_000, "b", kasir, date(2019, 10, 1))
    assert exc.value.pesan == "Saldo tabungan Bu Paerah Rp 0; penarikan Rp 10.000 ditolak."


def test_same_key_posts_once(paerah: Any, kasir: Any) -> None:
    pertama = _setor(paerah, 50_000, "kunci-1", kasir)
    kedua = _setor(paerah, 50_000, "kunci-1", kasir)
    assert kedua.pk == pertama.pk and kedua.jurnal_id == pertama.jurnal_id
    assert TransaksiTabungan.objects.count() == 1
    assert Jurnal.objects.count() == 1


def test_non_member_and_future_date_and_zero_are_refused(paerah: Any, kasir: Any) -> None:
    orang_lain = tambah(KSMFactory(nama="Laris Jaya"), "Tukinah").anggota
    besok = hari_ini() + timedelta(days=1)
    kasus = [
        ({"anggota": orang_lain}, "Tukinah bukan anggota KSM Sekar Jamu pada 14 Oktober 2019."),
        (
            {"tanggal": besok},
            f"Tanggal {format_tanggal(besok)} belum terjadi; tanggal tidak boleh di masa depan.",
        ),
        ({"jumlah": 0}, "Jumlah tabungan tidak boleh nol."),
        ({"kunci": " "}, "Kunci idempotensi wajib diisi."),
    ]
    for ubah, pesan in kasus:
        args = {
            "ksm": paerah.ksm,
            "anggota": paerah.anggota,
            "tanggal": date(2019, 10, 14),
            "jumlah": 10_000,
            "kunci": "x",
            "oleh": kasir,
        } | ubah
        with pytest.raises(KesalahanDomain) as exc:
            catat_tabungan(**args)
        assert exc.value.pesan == pesan
    assert not TransaksiTabungan.objects.exists()


def test_api_deposit_then_retry_returns_the_same_body(paerah: Any, kasir: Any, api_klien: Any) -> None:
    klien = api_klien(kasir)
    url = f"/api/v1/ksm/{paerah.ksm_id}/tabungan"
    data = json.dumps(
        {"tanggal": "2019-10-14", "anggota": paerah.anggota_id, "jumlah": 50_000, "kunci": "k-1"}
    )
    r1 = klien.post(url, data, content_type="application/json")
    r2 = klien.post(url, data, content_type="application/json")
    t = TransaksiTabungan.objects.get()
    assert (r1.status_code, r1.json()) == (201, {"id": t.pk, "saldo_anggota": 50_000})
    assert (r2.status_code, r2.json()) == (200, {"id": t.pk, "saldo_anggota": 50_000})
    r3 = klien.post(
        url,
        json.dumps(
            {"tanggal": "2019-10-15", "anggota": paerah.anggota_id, "jumlah": -60_000, "kunci": "k-2"}
        ),
        content_type="application/json",
    )
    assert r3.status_code == 400
    assert r3.json()["detail"] == "Saldo tabungan Bu Paerah Rp 50.000; penarikan Rp 60.000 ditolak."
    assert TransaksiTabungan.objects.count() == 1


def test_api_other_lkm_is_404(kasir: Any, api_klien: Any, lkm_kwangsen: Any) -> None:
    lain = tambah(KSMFactory(lkm=lkm_kwangsen, desa=lkm_kwangsen.desa), "Paerah")
    r = api_klien(kasir).post(
        f"/api/v1/ksm/{lain.ksm_id}/tabungan",
        json.dumps({"tanggal": "2019-10-14", "anggota": lain.anggota_id, "jumlah": 5_000, "kunci": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 404
    assert not TransaksiTabungan.objects.exists()


@pytest.mark.parametrize("n", [2, 20])
def test_api_savings_list_fixed_query_count(
    n: int, paerah: Any, kasir: Any, api_klien: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(n):
        TransaksiTabungan.objects.create(
            ksm=paerah.ksm, anggota=paerah.anggota, tanggal=date(2019, 1, 1 + i), jumlah=1_000, kunci=f"q{i}"
        )
    klien = api_klien(kasir)
    with django_assert_max_num_queries(5):
        assert klien.get(f"/api/v1/ksm/{paerah.ksm_id}/tabungan").json()["count"] == n


def _lembar(
    ksm: Any, tanggal: str, setoran: dict[int, int], kunci: str, hadir: dict[int, str] | None = None
) -> dict:
    data: dict[str, Any] = {"tanggal": tanggal, "agenda": "rutin", "kunci": kunci}
    for k in ksm.keanggotaan.all():
        data[f"hadir_{k.anggota_id}"] = (hadir or {}).get(k.anggota_id, "hadir")
        data[f"setor_{k.anggota_id}"] = setoran.get(k.anggota_id, "")
    return data


def test_meeting_sheet_records_attendance_and_savings_once(kasir: Any, masuk: Any) -> None:
    ksm = ksm_dengan_anggota(3)
    a, b, c = [k.anggota_id for k in ksm.keanggotaan.order_by("id")]
    klien = masuk(kasir)
    data = _lembar(ksm, "2019-10-14", {a: 10_000, b: 5_000}, "lembar-1", hadir={c: "izin"})
    r1 = klien.post(reverse("tabungan:pertemuan", args=[ksm.pk]), data)
    r2 = klien.post(reverse("tabungan:pertemuan", args=[ksm.pk]), data)  # double submit
    assert r1.status_code == 302 and r2.status_code == 302
    p = Pertemuan.objects.get()
    assert dict(Kehadiran.objects.values_list("anggota_id", "status")) == {a: "hadir", b: "hadir", c: "izin"}
    assert sorted(TransaksiTabungan.objects.values_list("anggota_id", "jumlah", "pertemuan_id")) == [
        (a, 10_000, p.pk),
        (b, 5_000, p.pk),
    ]
    assert saldo_ksm(ksm=ksm) == 15_000
    assert Jurnal.objects.count() == 2
    assert saldo_akun(lkm=ksm.lkm, kode="21020", per=date(2019, 10, 31)) == 15_000


def test_meeting_sheet_reads_rupiah_as_people_write_it(kasir: Any, masuk: Any) -> None:
    """`5.000` on the phone was saved as Rp 5 (issue 10): every way people write five thousand is 5.000."""
    ksm = ksm_dengan_anggota(3)
    a, b, c = [k.anggota_id for k in ksm.keanggotaan.order_by("anggota_id")]
    data = _lembar(ksm, "2019-10-14", {a: "5.000", b: "Rp 5.000", c: "5000"}, "lembar-titik")
    assert masuk(kasir).post(reverse("tabungan:pertemuan", args=[ksm.pk]), data).status_code == 302
    assert sorted(TransaksiTabungan.objects.values_list("jumlah", flat=True)) == [5_000, 5_000, 5_000]
    assert saldo_akun(lkm=ksm.lkm, kode="21020", per=date(2019, 10, 31)) == 15_000


def test_meeting_sheet_refuses_a_fraction_and_keeps_what_was_typed(kasir: Any, masuk: Any) -> None:
    ksm = ksm_dengan_anggota(2)
    a, b = [k.anggota_id for k in ksm.keanggotaan.order_by("anggota_id")]
    data = _lembar(ksm, "2019-10-14", {a: "5,5", b: "7.500"}, "lembar-koma")
    data["agenda"] = "arisan dan tabungan"
    r = masuk(kasir).post(reverse("tabungan:pertemuan", args=[ksm.pk]), data)
    assert r.status_code == 200
    assert r.context["form"].errors[f"setor_{a}"] == [
        "Rupiah harus bulat, tanpa sen (koma hanya untuk ,00 atau ,-)."
    ]
    halaman = r.content.decode()
    assert 'value="5,5"' in halaman and 'value="7.500"' in halaman and "arisan dan tabungan" in halaman
    assert not Pertemuan.objects.exists() and not TransaksiTabungan.objects.exists()


def test_meeting_sheet_in_the_future_changes_nothing(kasir: Any, masuk: Any) -> None:
    ksm = ksm_dengan_anggota(2)
    besok = hari_ini() + timedelta(days=1)
    data = _lembar(ksm, besok.isoformat(), {ksm.keanggotaan.first().anggota_id: 10_000}, "lembar-2")
    r = masuk(kasir).post(reverse("tabungan:pertemuan", args=[ksm.pk]), data)
    assert r.context["form"].errors["tanggal"] == [f"Tanggal {format_tanggal(besok)} belum terjadi."]
    assert not Pertemuan.objects.exists() and not TransaksiTabungan.objects.exists()


def test_kartu_and_register_on_screen_and_pdf(paerah: Any, kasir: Any, masuk: Any) -> None:
    _setor(paerah, 50_000, "a", kasir, date(2019, 10, 7))
    _setor(paerah, 25_000, "b", kasir, date(2019, 10, 14))
    _setor(paerah, -15_000, "c", kasir, date(2019, 10, 21))
    klien = masuk(kasir)
    r = klien.get(reverse("tabungan:kartu", args=[paerah.ksm_id, paerah.anggota_id]))
    assert [t.saldo_berjalan for t in r.context["baris"]] == [50_000, 75_000, 60_000]
    assert r.context["saldo"] == 60_000
    pdf = klien.get(reverse("tabungan:kartu_pdf", args=[paerah.ksm_id, paerah.anggota_id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    register = reverse("tabungan:register", args=[paerah.ksm.lkm_id])
    r = klien.get(register, {"per": "2019-10-15"})
    assert r.context["total"] == {"setoran": 75_000, "penarikan": 0, "saldo": 75_000, "anggota": 1}
    r = klien.get(register)  # no date: the end of last month (no month of this LKM is closed)
    assert r.context["total"] == {"setoran": 75_000, "penarikan": 15_000, "saldo": 60_000, "anggota": 1}
    pdf = klien.get(register, {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert klien.get(reverse("tabungan:register_aktif")).url == register


def test_a_meetings_savings_are_corrected_by_an_opposite_entry_with_a_reason(
    kasir: Any, masuk: Any, buat_pengguna: Any
) -> None:
    ksm = ksm_dengan_anggota(2)
    a, b = [k.anggota_id for k in ksm.keanggotaan.order_by("anggota_id")]
    # The kasir typed 50.000 for a member who saved 5.000.
    data = _lembar(ksm, "2019-10-14", {a: "50.000", b: "5.000"}, "lembar-salah")
    assert masuk(kasir).post(reverse("tabungan:pertemuan", args=[ksm.pk]), data).status_code == 302
    salah = TransaksiTabungan.objects.get(anggota_id=a)
    url = reverse("tabungan:koreksi", args=[salah.pk])
    assert masuk(kasir).post(url, {"alasan": "salah ketik"}).status_code == 403  # the Manajer corrects
    manajer = masuk(buat_pengguna(Peran.MANAJER_UPK, ksm.lkm))
    kosong = manajer.post(url, {"alasan": ""}, follow=True)
    assert "Alasan koreksi wajib diisi." in kosong.content.decode()
    r = manajer.post(url, {"alasan": "salah ketik: setor 5.000"}, follow=True)
    assert "dikoreksi dengan -Rp 50.000 (salah ketik: setor 5.000)" in r.content.decode()
    koreksi = TransaksiTabungan.objects.get(membalik=salah)
    assert (koreksi.jumlah, koreksi.alasan, koreksi.anggota_id) == (-50_000, "salah ketik: setor 5.000", a)
    jurnal = Jurnal.objects.get(pk=koreksi.jurnal_id)
    assert [(x.akun.kode, x.debit, x.kredit) for x in jurnal.baris.order_by("akun__kode")] == [
        ("11010", 0, 50_000),
        ("21020", 50_000, 0),
    ]
    assert saldo_ksm(ksm=ksm) == 5_000
    again = manajer.post(url, {"alasan": "lagi"}, follow=True)
    assert "sudah dikoreksi" in again.content.decode()
    assert TransaksiTabungan.objects.filter(membalik=salah).count() == 1
