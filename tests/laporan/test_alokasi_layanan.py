"""The surplus allocation: the board's decision posts the DOMAIN.md §7 journal; drafts, payouts, the API and
the rules PostgreSQL keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import neraca, saldo_akun
from kotaku.buku.services import Baris, catat_saldo_awal, posting_jurnal, tutup_buku_tahunan
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.models import Peran
from laporan.models import AlokasiSurplus, PembayaranAlokasi
from laporan.services import bayar_alokasi, simpan_draf_alokasi, tetapkan_alokasi

D = Decimal
BAGIAN = {
    "pemupukan_modal": D("50"),
    "lingkungan": D("20"),
    "sosial": D("15"),
    "insentif": D("10"),
    "cadangan": D("5"),
}


def _buku_2018(lkm, *, jasa: int, biaya: int) -> None:
    catat_saldo_awal(
        lkm=lkm, tanggal=date(2017, 12, 31), oleh=None, saldo={"11021": 50_000_000, "31010": 50_000_000}
    )
    posting_jurnal(
        lkm=lkm,
        tanggal=date(2018, 6, 10),
        uraian="Jasa pinjaman",
        baris=[Baris("11010", debit=jasa), Baris("41010", kredit=jasa)],
    )
    posting_jurnal(
        lkm=lkm,
        tanggal=date(2018, 6, 25),
        uraian="Insentif UPK",
        baris=[Baris("51010", debit=biaya), Baris("11010", kredit=biaya)],
    )


@pytest.fixture
def orang(lkm_bukur, buat_pengguna):
    return {p: buat_pengguna(p, lkm_bukur) for p in (Peran.PEMBUKU, Peran.PENGURUS_LKM, Peran.KASIR)}


@pytest.fixture
def tahun_tutup(lkm_bukur, orang):
    """2018 of Bukur: jasa Rp 15.000.001, insentif Rp 5.000.000 -> the DOMAIN.md surplus of Rp 10.000.001."""
    _buku_2018(lkm_bukur, jasa=15_000_001, biaya=5_000_000)
    tutup_buku_tahunan(lkm=lkm_bukur, tahun=2018, oleh=orang[Peran.PEMBUKU])
    return lkm_bukur


def _tetapkan(lkm, oleh, **ubah):
    data = {
        "lkm": lkm,
        "tahun": 2018,
        "nomor_keputusan": "05/KEP/LKM-BRK/II/2019",
        "tanggal_keputusan": date(2019, 2, 20),
        "rapat": "Rembug Warga Tahunan Desa Bukur 2019",
        "bagian": BAGIAN,
        "oleh": oleh,
    }
    data.update(ubah)
    return tetapkan_alokasi(**data)


def test_the_board_decides_and_the_allocation_is_posted(tahun_tutup, orang):
    a = _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM])
    assert (a.status, a.surplus) == ("ditetapkan", 10_000_001)
    assert a.jumlah == {
        "pemupukan_modal": 5_000_001,
        "lingkungan": 2_000_000,
        "sosial": 1_500_000,
        "insentif": 1_000_000,
        "cadangan": 500_000,
    }
    assert (a.jurnal.tanggal, a.jurnal.kunci) == (date(2019, 2, 20), "alokasi-surplus-2018")
    assert a.jurnal.uraian == "Alokasi surplus 2018 (keputusan 05/KEP/LKM-BRK/II/2019)"
    assert [
        (b.akun.kode, b.debit, b.kredit) for b in a.jurnal.baris.select_related("akun").order_by("id")
    ] == [
        ("31030", 10_000_001, 0),
        ("31031", 0, 5_000_001),
        ("21031", 0, 2_000_000),
        ("21032", 0, 1_500_000),
        ("21040", 0, 1_000_000),
        ("31032", 0, 500_000),
    ]
    n = neraca(lkm=tahun_tutup, per=date(2019, 2, 28))
    modal = {b.kode: b.saldo for b in n.modal}
    kewajiban = {b.kode: b.saldo for b in n.kewajiban}
    assert (modal["31030"], modal["31031"], modal["31032"]) == (0, 5_000_001, 500_000)
    assert (kewajiban["21031"], kewajiban["21032"], kewajiban["21040"]) == (2_000_000, 1_500_000, 1_000_000)
    assert n.seimbang and n.total_aset == 60_000_001
    with pytest.raises(KonflikStatus, match="Surplus tahun 2018 LKM Barokah sudah dialokasikan"):
        _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM], nomor_keputusan="06/KEP")
    assert Jurnal.objects.filter(kunci="alokasi-surplus-2018").count() == 1


def test_an_open_year_a_deficit_and_a_zero_surplus_allocate_nothing(
    lkm_bukur, lkm_kwangsen, orang, buat_pengguna
):
    with pytest.raises(KonflikStatus, match="Buku tahun 2018 belum ditutup"):
        _tetapkan(lkm_bukur, orang[Peran.PENGURUS_LKM])
    _buku_2018(lkm_kwangsen, jasa=3_000_000, biaya=4_250_000)
    tutup_buku_tahunan(lkm=lkm_kwangsen, tahun=2018, oleh=buat_pengguna(Peran.PEMBUKU, lkm_kwangsen))
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen)
    with pytest.raises(KonflikStatus) as info:
        _tetapkan(lkm_kwangsen, pengurus)
    assert info.value.pesan == (
        "Tahun 2018 LKM Sejahtera Mandiri berakhir dengan defisit Rp 1.250.000; "
        "tidak ada surplus yang dialokasikan."
    )
    _buku_2018(lkm_bukur, jasa=700_000, biaya=700_000)
    tutup_buku_tahunan(lkm=lkm_bukur, tahun=2018, oleh=orang[Peran.PEMBUKU])
    with pytest.raises(
        KonflikStatus, match="berakhir dengan surplus Rp 0; tidak ada surplus yang dialokasikan"
    ):
        _tetapkan(lkm_bukur, orang[Peran.PENGURUS_LKM])
    assert not AlokasiSurplus.objects.exists()


@pytest.mark.parametrize(
    ("ubah", "field", "pesan"),
    [
        ({"nomor_keputusan": " "}, "nomor_keputusan", "Nomor keputusan wajib diisi."),
        ({"tanggal_keputusan": date(2018, 12, 31)}, "tanggal_keputusan", "setelah tahun itu berakhir"),
        ({"tanggal_keputusan": date(2099, 1, 2)}, "tanggal_keputusan", "belum terjadi"),
        (
            {"bagian": {**BAGIAN, "cadangan": D("4.99")}},
            "bagian",
            "Jumlah bagian 99,99%; harus tepat 100,00%.",
        ),
        ({"bagian": {**BAGIAN, "cadangan": 5.0}}, "cadangan", "harus angka persen"),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_posted(tahun_tutup, orang, ubah, field, pesan):
    with pytest.raises(KesalahanDomain) as info:
        _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM], **ubah)
    assert any(e["field"] == field and pesan in e["message"] for e in info.value.errors), info.value.errors
    assert (
        not AlokasiSurplus.objects.exists()
        and not Jurnal.objects.filter(kunci="alokasi-surplus-2018").exists()
    )


def test_the_pembuku_drafts_and_the_board_confirms(tahun_tutup, orang):
    with pytest.raises(PermissionDenied):
        simpan_draf_alokasi(lkm=tahun_tutup, tahun=2018, bagian=BAGIAN, oleh=orang[Peran.PENGURUS_LKM])
    with pytest.raises(PermissionDenied):
        _tetapkan(tahun_tutup, orang[Peran.PEMBUKU])
    with pytest.raises(KesalahanDomain, match="Belum ada draf alokasi"):
        _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM], bagian=None)
    draf = simpan_draf_alokasi(
        lkm=tahun_tutup,
        tahun=2018,
        bagian={**BAGIAN, "pemupukan_modal": D("45"), "cadangan": D("10")},
        oleh=orang[Peran.PEMBUKU],
    )
    draf = simpan_draf_alokasi(
        lkm=tahun_tutup, tahun=2018, bagian=BAGIAN, oleh=orang[Peran.PEMBUKU]
    )  # replaced
    assert (draf.status, draf.jurnal_id, draf.jumlah["pemupukan_modal"]) == ("draf", None, 5_000_001)
    assert (
        AlokasiSurplus.objects.count() == 1
        and not Jurnal.objects.filter(kunci="alokasi-surplus-2018").exists()
    )
    a = _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM], bagian=None)
    assert a.pk == draf.pk and a.status == "ditetapkan"
    assert (a.dibuat_oleh, a.ditetapkan_oleh) == (orang[Peran.PEMBUKU], orang[Peran.PENGURUS_LKM])
    assert a.jumlah["cadangan"] == 500_000
    with pytest.raises(KonflikStatus, match="sudah dialokasikan"):
        simpan_draf_alokasi(lkm=tahun_tutup, tahun=2018, bagian=BAGIAN, oleh=orang[Peran.PEMBUKU])


def test_payouts_of_the_liabilities(tahun_tutup, orang):
    a = _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM])
    kasir = orang[Peran.KASIR]
    bayar = dict(
        alokasi=a, pos="sosial", tanggal=date(2019, 3, 5), akun_kas="11021", penerima="UPS LKM Barokah"
    )
    with pytest.raises(PermissionDenied):
        bayar_alokasi(**bayar, jumlah=1, kunci="x", oleh=orang[Peran.PEMBUKU])
    satu = bayar_alokasi(**bayar, jumlah=1_000_000, kunci="ups-1", oleh=kasir)
    assert bayar_alokasi(**bayar, jumlah=1_000_000, kunci="ups-1", oleh=kasir).pk == satu.pk  # a retry
    assert [
        (b.akun.kode, b.debit, b.kredit) for b in satu.jurnal.baris.select_related("akun").order_by("id")
    ] == [
        ("21032", 1_000_000, 0),
        ("11021", 0, 1_000_000),
    ]
    with pytest.raises(KesalahanDomain) as info:
        bayar_alokasi(**bayar, jumlah=500_001, kunci="ups-2", oleh=kasir)
    assert info.value.pesan == "Dana sosial (UPS) yang masih terutang Rp 500.000; Rp 500.001 melebihinya."
    bayar_alokasi(**bayar, jumlah=500_000, kunci="ups-2", oleh=kasir)
    assert saldo_akun(lkm=tahun_tutup, kode="21032", per=date(2019, 3, 31)) == 0
    with pytest.raises(KesalahanDomain, match="Tanggal harus antara 20 Februari 2019 dan hari ini"):
        bayar_alokasi(**{**bayar, "tanggal": date(2019, 2, 19)}, jumlah=1, kunci="awal", oleh=kasir)
    with pytest.raises(KesalahanDomain, match="Pilih dana lingkungan, dana sosial atau insentif"):
        bayar_alokasi(**{**bayar, "pos": "cadangan"}, jumlah=1, kunci="cad", oleh=kasir)
    assert PembayaranAlokasi.objects.count() == 2


def test_a_draft_cannot_be_paid(tahun_tutup, orang):
    draf = simpan_draf_alokasi(lkm=tahun_tutup, tahun=2018, bagian=BAGIAN, oleh=orang[Peran.PEMBUKU])
    with pytest.raises(KonflikStatus, match="masih draf"):
        bayar_alokasi(
            alokasi=draf,
            pos="insentif",
            tanggal=date(2019, 3, 1),
            jumlah=1,
            akun_kas="11010",
            penerima="Pengelola UPK",
            kunci="i",
            oleh=orang[Peran.KASIR],
        )


# ---- the database itself -----------------------------------------------------------------------------------


def test_a_decided_allocation_and_its_payouts_cannot_be_changed_in_sql(tahun_tutup, orang):
    a = _tetapkan(tahun_tutup, orang[Peran.PENGURUS_LKM])
    p = bayar_alokasi(
        alokasi=a,
        pos="insentif",
        tanggal=date(2019, 3, 1),
        jumlah=1_000_000,
        akun_kas="11010",
        penerima="Pengelola UPK",
        kunci="i",
        oleh=orang[Peran.KASIR],
    )
    for sql, args in [
        ("UPDATE laporan_alokasisurplus SET nomor_keputusan = 'lain' WHERE id = %s", [a.pk]),
        ("DELETE FROM laporan_alokasisurplus WHERE id = %s", [a.pk]),
        ("UPDATE laporan_pembayaranalokasi SET jumlah = 1 WHERE id = %s", [p.pk]),
        ("DELETE FROM laporan_pembayaranalokasi WHERE id = %s", [p.pk]),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, args)


def test_the_database_refuses_shares_not_100_amounts_not_the_surplus_and_a_second_allocation(
    tahun_tutup, orang
):
    draf = simpan_draf_alokasi(lkm=tahun_tutup, tahun=2018, bagian=BAGIAN, oleh=orang[Peran.PEMBUKU])
    for sql, pesan in [
        (
            "UPDATE laporan_alokasisurplus SET bagian_cadangan = 4.99 WHERE id = %s",
            "alokasi_bagian_seratus_persen",
        ),
        (
            "UPDATE laporan_alokasisurplus SET jumlah_cadangan = 500001 WHERE id = %s",
            "alokasi_jumlah_sama_surplus",
        ),
        (
            "UPDATE laporan_alokasisurplus SET status = 'ditetapkan' WHERE id = %s",
            "alokasi_ditetapkan_lengkap",
        ),
    ]:
        with pytest.raises(IntegrityError, match=pesan), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [draf.pk])
    with pytest.raises(IntegrityError, match="alokasi_satu_per_tahun"), transaction.atomic():
        AlokasiSurplus.objects.create(
            lkm=tahun_tutup,
            tahun=2018,
            surplus=draf.surplus,
            dibuat_oleh=orang[Peran.PEMBUKU],
            **{f"bagian_{k}": v for k, v in draf.bagian.items()},
            **{f"jumlah_{k}": v for k, v in draf.jumlah.items()},
        )


# ---- the API -----------------------------------------------------------------------------------------------


def _body(**ubah):
    data = {
        "tahun": 2018,
        "keputusan": "05/KEP/LKM-BRK/II/2019",
        "tanggal_keputusan": "2019-02-20",
        "rapat": "Rembug Warga Tahunan Desa Bukur 2019",
        "bagian": {
            "pemupukan_modal": "50.00",
            "lingkungan": "20.00",
            "sosial": "15.00",
            "insentif": "10.00",
            "cadangan": "5.00",
        },
    }
    data.update(ubah)
    return data


def test_api_the_board_posts_the_decision(tahun_tutup, orang, api_klien, buat_pengguna, lkm_kwangsen):
    url = f"/api/v1/lkm/{tahun_tutup.pk}/alokasi-surplus"
    pengurus = api_klien(orang[Peran.PENGURUS_LKM])
    assert pengurus.get(url, {"tahun": 2018}).status_code == 404
    assert (
        api_klien(orang[Peran.PEMBUKU]).post(url, _body(), content_type="application/json").status_code == 403
    )
    asing = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen))
    assert asing.post(url, _body(), content_type="application/json").status_code == 404

    kurang = pengurus.post(
        url, _body(bagian={**_body()["bagian"], "cadangan": "4.99"}), content_type="application/json"
    )
    assert kurang.status_code == 400
    assert kurang.json()["errors"] == [
        {"field": "bagian", "message": "Jumlah bagian 99,99%; harus tepat 100,00%."}
    ]
    salah = pengurus.post(
        url, _body(bagian={**_body()["bagian"], "sosial": "lima belas"}), content_type="application/json"
    )
    assert salah.status_code == 400 and salah.json()["errors"][0]["field"] == "bagian.sosial"
    tutup = pengurus.post(
        url, _body(tahun=2019, tanggal_keputusan="2020-02-20"), content_type="application/json"
    )
    assert tutup.status_code == 409 and "Buku tahun 2019 belum ditutup" in tutup.json()["detail"]

    respon = pengurus.post(url, _body(), content_type="application/json")
    assert respon.status_code == 201, respon.json()
    a = AlokasiSurplus.objects.get()
    body = respon.json()
    assert {k: body[k] for k in ("id", "tahun", "surplus", "status", "keputusan", "jurnal")} == {
        "id": a.pk,
        "tahun": 2018,
        "surplus": 10_000_001,
        "status": "ditetapkan",
        "keputusan": "05/KEP/LKM-BRK/II/2019",
        "jurnal": a.jurnal_id,
    }
    assert body["jumlah"] == {
        "pemupukan_modal": 5_000_001,
        "lingkungan": 2_000_000,
        "sosial": 1_500_000,
        "insentif": 1_000_000,
        "cadangan": 500_000,
    }
    assert body["bagian"]["pemupukan_modal"] == "50.00"
    assert body["terutang"] == {"lingkungan": 2_000_000, "sosial": 1_500_000, "insentif": 1_000_000}
    lagi = pengurus.post(url, _body(), content_type="application/json")
    assert lagi.status_code == 409 and "sudah dialokasikan" in lagi.json()["detail"]
    dibaca = api_klien(orang[Peran.KASIR]).get(url, {"tahun": 2018})
    assert dibaca.status_code == 200 and dibaca.json() == body
    assert api_klien(orang[Peran.KASIR]).get(url).json()["id"] == a.pk  # the latest when no year is asked


def test_api_a_deficit_is_a_conflict(lkm_kwangsen, buat_pengguna, api_klien):
    _buku_2018(lkm_kwangsen, jasa=3_000_000, biaya=4_250_000)
    tutup_buku_tahunan(lkm=lkm_kwangsen, tahun=2018, oleh=buat_pengguna(Peran.PEMBUKU, lkm_kwangsen))
    respon = api_klien(buat_pengguna(Peran.PENGURUS_LKM, lkm_kwangsen)).post(
        f"/api/v1/lkm/{lkm_kwangsen.pk}/alokasi-surplus", _body(), content_type="application/json"
    )
    assert respon.status_code == 409
    assert respon.json()["detail"] == (
        "Tahun 2018 LKM Sejahtera Mandiri berakhir dengan defisit Rp 1.250.000; "
        "tidak ada surplus yang dialokasikan."
    )
