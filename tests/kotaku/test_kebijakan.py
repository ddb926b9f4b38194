"""LKM policy: dated rows set by LKM decisions; the board edits in the browser; calculations read the row in
force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kotaku.errors import KesalahanDomain
from kotaku.forms import KOLOM_KEBIJAKAN
from kotaku.models import LKM, Desa, Kebijakan, Peran
from kotaku.selectors import kebijakan_berlaku
from kotaku.services import ubah_kebijakan


def _data(lkm, **ubah):
    dasar = kebijakan_berlaku(lkm=lkm, tanggal=date(2019, 1, 1))
    data = {k: getattr(dasar, k) for k in KOLOM_KEBIJAKAN}
    data.update(
        {
            "berlaku_mulai": date(2019, 7, 1),
            "nomor_keputusan": "01/LKM-B/VI/2019",
            "tanggal_keputusan": date(2019, 6, 20),
        }
    )
    data.update(ubah)
    return data


def test_the_policy_in_force_on_a_date(lkm_bukur, buat_pengguna):
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    ubah_kebijakan(
        lkm=lkm_bukur,
        data=_data(lkm_bukur, jasa_persen_per_bulan=Decimal("1.25")),
        oleh=pengurus,
        hari_ini=date(2019, 6, 20),
    )
    assert kebijakan_berlaku(lkm=lkm_bukur, tanggal=date(2019, 6, 30)).jasa_persen_per_bulan == Decimal("1.5")
    assert kebijakan_berlaku(lkm=lkm_bukur, tanggal=date(2019, 7, 1)).jasa_persen_per_bulan == Decimal("1.25")
    assert kebijakan_berlaku(lkm=lkm_bukur, tanggal=date(2025, 1, 1)).jasa_persen_per_bulan == Decimal("1.25")


def test_defaults_when_an_lkm_has_no_policy_row(lkm_bukur):
    baru = LKM.objects.create(
        desa=Desa.objects.create(kecamatan=lkm_bukur.desa.kecamatan, nama="Desa Baru"), nama="LKM Baru"
    )
    k = kebijakan_berlaku(lkm=baru, tanggal=date(2019, 1, 1))
    assert (k.jasa_persen_per_bulan, k.metode_jasa, k.satuan_pembulatan, k.mode_pembulatan) == (
        Decimal("1.5"),
        "flat",
        100,
        "half_up",
    )
    assert k.bobot_cadangan == {
        1: Decimal("0.5"),
        2: Decimal("0.5"),
        3: Decimal("10"),
        4: Decimal("50"),
        5: Decimal("100"),
    }
    assert k.pk is None


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (
            {"jasa_persen_per_bulan": Decimal("2.5")},
            "Jasa 2.5% harus di antara minimum 1.000% dan maksimum 2.000%.",
        ),
        ({"kol3_maks_bulan": Decimal("2")}, "Batas kolektibilitas harus naik"),
        ({"jangka_min_bulan": 13}, "Jangka minimum harus 1 bulan atau lebih"),
        ({"batas_siklus_pertama": 5_000_000}, "Batas siklus pertama harus lebih dari 0"),
        ({"nomor_keputusan": " "}, "Nomor keputusan LKM wajib diisi."),
        ({"tanggal_keputusan": date(2030, 1, 1)}, "Tanggal keputusan tidak boleh di masa depan."),
        ({"berlaku_mulai": date(2009, 1, 1)}, "Sudah ada kebijakan yang berlaku mulai 1 Januari 2009"),
    ],
)
def test_bad_policy_is_refused_and_nothing_saved(lkm_bukur, buat_pengguna, ubah, pesan):
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    sebelum = Kebijakan.objects.count()
    with pytest.raises(KesalahanDomain) as info:
        ubah_kebijakan(
            lkm=lkm_bukur, data=_data(lkm_bukur, **ubah), oleh=pengurus, hari_ini=date(2019, 6, 20)
        )
    assert pesan in info.value.pesan
    assert Kebijakan.objects.count() == sebelum


def test_the_database_backs_the_rate_range(lkm_bukur):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Kebijakan.objects.create(
            lkm=lkm_bukur,
            berlaku_mulai=date(2020, 1, 1),
            nomor_keputusan="x",
            tanggal_keputusan=date(2020, 1, 1),
            jasa_persen_per_bulan=Decimal("9"),
        )


def _post(lkm, **ubah):
    data = _data(lkm, **ubah)
    return {
        k: ("on" if v is True else "" if v is False else str(v)) for k, v in data.items() if v is not False
    }


def test_the_board_sets_a_new_policy_in_the_browser(lkm_bukur, buat_pengguna, masuk):
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    klien = masuk(pengurus)
    halaman = klien.get(f"/lkm/{lkm_bukur.pk}/kebijakan/")
    assert halaman.status_code == 200
    assert "Tetapkan kebijakan baru" in halaman.content.decode()
    respon = klien.post(f"/lkm/{lkm_bukur.pk}/kebijakan/", _post(lkm_bukur, jasa_persen_per_bulan="1.75"))
    assert respon.status_code == 302
    baru = Kebijakan.objects.get(lkm=lkm_bukur, berlaku_mulai=date(2019, 7, 1))
    assert baru.jasa_persen_per_bulan == Decimal("1.75") and baru.dibuat_oleh == pengurus
    assert baru.nomor_keputusan == "01/LKM-B/VI/2019"


def test_the_browser_shows_the_refusal_and_saves_nothing(lkm_bukur, buat_pengguna, masuk):
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    sebelum = Kebijakan.objects.count()
    respon = klien.post(f"/lkm/{lkm_bukur.pk}/kebijakan/", _post(lkm_bukur, jasa_persen_per_bulan="3"))
    assert respon.status_code == 200
    assert "Jasa 3% harus di antara minimum 1.000% dan maksimum 2.000%." in respon.content.decode()
    assert Kebijakan.objects.count() == sebelum


def test_other_roles_read_the_policy_without_the_form(lkm_bukur, buat_pengguna, masuk):
    teks = (
        masuk(buat_pengguna(Peran.KASIR, lkm_bukur)).get(f"/lkm/{lkm_bukur.pk}/kebijakan/").content.decode()
    )
    assert "Berlaku sekarang: mulai 1 Januari 2009" in teks
    assert "Tetapkan kebijakan baru" not in teks


# ---- append-only in the database and in the admin ----------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE kotaku_kebijakan SET jasa_persen_per_bulan = 1.75 WHERE lkm_id = %s",
        "UPDATE kotaku_kebijakan SET berlaku_mulai = '2019-07-01' WHERE lkm_id = %s",
        "DELETE FROM kotaku_kebijakan WHERE lkm_id = %s",
    ],
)
def test_raw_sql_cannot_edit_or_delete_a_policy(lkm_bukur, sql):
    from django.db import IntegrityError, connection, transaction

    with (
        pytest.raises(IntegrityError, match="tidak boleh diubah atau dihapus; tetapkan kebijakan baru"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(sql, [lkm_bukur.pk])
    k = Kebijakan.objects.get(lkm=lkm_bukur)
    assert (k.berlaku_mulai, k.jasa_persen_per_bulan) == (date(2009, 1, 1), Decimal("1.5"))


def test_the_admin_only_shows_policies(lkm_bukur, buat_pengguna, masuk):
    admin = masuk(buat_pengguna(Peran.ADMIN))
    k = Kebijakan.objects.get(lkm=lkm_bukur)
    halaman = admin.get(f"/admin/kotaku/kebijakan/{k.pk}/change/")
    assert halaman.status_code == 200
    assert 'name="_save"' not in halaman.content.decode()
    assert 'name="jasa_persen_per_bulan"' not in halaman.content.decode()
    assert (
        admin.post(f"/admin/kotaku/kebijakan/{k.pk}/change/", {"jasa_persen_per_bulan": "1.75"}).status_code
        == 403
    )
    assert admin.post(f"/admin/kotaku/kebijakan/{k.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/kotaku/kebijakan/add/").status_code == 403
    k.refresh_from_db()
    assert k.jasa_persen_per_bulan == Decimal("1.5")
