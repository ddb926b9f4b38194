"""Idempotency keys: the same key with the same request returns the first result and posts nothing new; the
same key with a DIFFERENT request is a 409 - the new money is never silently dropped (issue 14 found a reused
key with another amount answered with the old payment)."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.buku.models import Jurnal
from kotaku.buku.services import Baris, catat_transaksi_kas, posting_jurnal
from kotaku.errors import KonflikStatus
from kotaku.models import Peran
from ksm.models import TransaksiTabungan
from pinjaman import services
from pinjaman.models import Pembayaran, Pemulihan
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair


@pytest.fixture
def pinjaman(orang, lkm_bukur):
    return cair(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Laris Jaya"), orang, pokok=500_000)


@pytest.fixture
def api(api_klien, orang):
    return api_klien(orang[Peran.KASIR])


def _bayar(api, pinjaman, **ubah):
    a, b = pinjaman.bagian.order_by("anggota__nama").values_list("anggota_id", flat=True)[:2]
    body = {
        "tanggal": "2019-02-10",
        "jumlah": 115_000,
        "kunci": "lembar-feb",
        "rincian": [{"anggota": a, "jumlah": 57_500}, {"anggota": b, "jumlah": 57_500, "dibayar_oleh": a}],
    }
    body.update(ubah)
    return api.post(f"/api/v1/pinjaman/{pinjaman.pk}/pembayaran", body, content_type="application/json")


def test_the_same_payment_again_is_200_with_the_first(pinjaman, api):
    pertama = _bayar(api, pinjaman)
    assert pertama.status_code == 201
    lagi = _bayar(api, pinjaman)
    assert (lagi.status_code, lagi.json()["id"]) == (200, pertama.json()["id"])
    assert (
        Pembayaran.objects.count() == 1 and Jurnal.objects.filter(sumber_id=pertama.json()["id"]).count() == 1
    )


@pytest.mark.parametrize(
    "ubah",
    [
        {"jumlah": 230_000, "rincian": None},  # another amount (was: the old payment, silently)
        {"tanggal": "2019-02-11"},
        {"rincian": "ganti"},  # the same total, split otherwise
        {"rincian": "pembayar"},  # the same split, another payer
    ],
)
def test_the_same_key_with_another_payment_is_409(pinjaman, api, ubah):
    assert _bayar(api, pinjaman).status_code == 201
    a, b = pinjaman.bagian.order_by("anggota__nama").values_list("anggota_id", flat=True)[:2]
    if ubah.get("rincian") == "ganti":
        ubah = {"rincian": [{"anggota": a, "jumlah": 115_000}]}
    elif ubah.get("rincian") == "pembayar":
        ubah = {"rincian": [{"anggota": a, "jumlah": 57_500}, {"anggota": b, "jumlah": 57_500}]}
    r = _bayar(api, pinjaman, **ubah)
    assert r.status_code == 409, r.content
    assert r.json()["errors"] == [{"field": "kunci", "message": "Kunci sudah dipakai untuk transaksi lain."}]
    assert Pembayaran.objects.count() == 1 and Jurnal.objects.filter(jenis="umum").count() == 2


def test_a_savings_key_reused_for_another_deposit_is_409(pinjaman, api):
    anggota = pinjaman.bagian.first().anggota_id
    url = f"/api/v1/ksm/{pinjaman.ksm_id}/tabungan"
    body = {"tanggal": "2019-01-05", "anggota": anggota, "jumlah": 10_000, "kunci": "t-1"}
    assert api.post(url, body, content_type="application/json").status_code == 201
    assert api.post(url, body, content_type="application/json").status_code == 200
    r = api.post(url, {**body, "jumlah": 20_000}, content_type="application/json")
    assert r.status_code == 409
    assert list(TransaksiTabungan.objects.values_list("jumlah", flat=True)) == [10_000]


def test_a_disbursement_retried_with_another_date_is_409(pinjaman, orang, api):
    url = f"/api/v1/pinjaman/{pinjaman.pk}/cairkan"
    assert (
        api.post(url, {"tanggal": "2019-01-10", "kunci": "cair"}, content_type="application/json").status_code
        == 200
    )
    r = api.post(url, {"tanggal": "2019-01-11", "kunci": "cair"}, content_type="application/json")
    assert r.status_code == 409
    pinjaman.refresh_from_db()
    assert pinjaman.tanggal_cair == date(2019, 1, 10)


def test_a_cash_voucher_key_reused_for_another_amount_is_refused(orang, lkm_bukur):
    kw = {"lkm": lkm_bukur, "tanggal": date(2019, 3, 1), "jenis": "masuk", "akun_kas": "11010"}
    kw |= {"akun_lawan": "41020", "uraian": "Bunga bank", "kunci": "v-1", "oleh": orang[Peran.KASIR]}
    j = catat_transaksi_kas(jumlah=5_000, **kw)
    assert catat_transaksi_kas(jumlah=5_000, **kw).pk == j.pk
    with pytest.raises(KonflikStatus, match="sudah dicatat dengan kunci kas-v-1"):
        catat_transaksi_kas(jumlah=50_000, **kw)
    assert Jurnal.objects.filter(lkm=lkm_bukur).count() == 1


def test_posting_refuses_other_lines_under_a_used_key_loudly(lkm_bukur):
    kw = {"lkm": lkm_bukur, "tanggal": date(2019, 3, 1), "uraian": "Modal", "kunci": "modal-1"}
    j = posting_jurnal(baris=[Baris("11010", debit=5_000), Baris("31020", kredit=5_000)], **kw)
    assert posting_jurnal(baris=[Baris("31020", kredit=5_000), Baris("11010", debit=5_000)], **kw).pk == j.pk
    with pytest.raises(KonflikStatus, match="isinya berbeda"):
        posting_jurnal(baris=[Baris("11010", debit=6_000), Baris("31020", kredit=6_000)], **kw)
    with pytest.raises(KonflikStatus):
        posting_jurnal(
            baris=[Baris("11010", debit=5_000), Baris("31020", kredit=5_000)],
            **{**kw, "tanggal": date(2019, 3, 2)},
        )
    assert Jurnal.objects.count() == 1


def test_write_off_and_recovery_keys(pinjaman, orang):
    pengurus, kasir = orang[Peran.PENGURUS_LKM], orang[Peran.KASIR]
    hapus = {
        "tanggal": date(2019, 12, 31),
        "tanggal_keputusan": date(2019, 12, 20),
        "kunci": "hb",
        "oleh": pengurus,
    }
    hb = services.hapus_buku(pinjaman=pinjaman, nomor_keputusan="07/XII/2019", **hapus)
    assert services.hapus_buku(pinjaman=pinjaman, nomor_keputusan="07/XII/2019", **hapus).pk == hb.pk
    with pytest.raises(KonflikStatus):
        services.hapus_buku(pinjaman=pinjaman, nomor_keputusan="08/XII/2019", **hapus)
    pulih = {"tanggal": date(2020, 2, 1), "kunci": "p1", "oleh": kasir}
    pertama = services.catat_pemulihan(pinjaman=pinjaman, jumlah=250_000, **pulih)
    assert services.catat_pemulihan(pinjaman=pinjaman, jumlah=250_000, **pulih).pk == pertama.pk
    with pytest.raises(KonflikStatus, match="pemulihan Rp 250.000"):
        services.catat_pemulihan(pinjaman=pinjaman, jumlah=300_000, **pulih)
    assert list(Pemulihan.objects.values_list("jumlah", flat=True)) == [250_000]
