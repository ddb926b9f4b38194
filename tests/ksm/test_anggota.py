"""Members: NIK rules, one active membership, leaving keeps history. Refusals change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.tanggal import format_tanggal, hari_ini
from ksm import services
from ksm.models import KSM, Anggota, Keanggotaan
from tests.ksm.factories import KSMFactory, tambah

NIK_SUMI = "3519105705800001"  # Jiwan, woman born 17 May 1980


def _jumlah() -> tuple[int, int]:
    return Anggota.objects.count(), Keanggotaan.objects.count()


def _tolak(pesan: str, **kwargs: Any) -> None:
    sebelum = _jumlah()
    with pytest.raises(KesalahanDomain) as exc:
        services.tambah_anggota(**kwargs)
    assert exc.value.pesan == pesan
    assert _jumlah() == sebelum


def _args(ksm: KSM, **ubah: Any) -> dict[str, Any]:
    dasar: dict[str, Any] = {
        "ksm": ksm,
        "nik": NIK_SUMI,
        "data": {"nama": "Sumiati", "jenis_kelamin": "P"},
        "tanggal_bergabung": date(2019, 1, 5),
    }
    return dasar | ubah


def test_add_a_member(db: Any) -> None:
    ksm = KSMFactory()
    k = services.tambah_anggota(**_args(ksm, tanggal_tanggung_renteng=date(2019, 1, 5)))
    assert (k.anggota.nik, k.anggota.nama, k.anggota.aktif, k.pinjaman_bergulir) == (
        NIK_SUMI,
        "Sumiati",
        True,
        True,
    )
    assert k.tanggal_tanggung_renteng == date(2019, 1, 5)


@pytest.mark.parametrize(
    ("nik", "pesan"),
    [
        ("351910570580001", "NIK harus 16 digit angka; yang diisi 15 digit."),
        ("35191057058000AB", "NIK harus 16 digit angka; yang diisi memuat huruf, spasi atau tanda baca."),
        (
            "3519103202800001",
            "NIK memuat tanggal lahir yang tidak mungkin (32-02-80; hari 01-31, perempuan 41-71; bulan "
            "01-12).",
        ),
        ("", "NIK wajib diisi."),
    ],
)
def test_bad_nik_is_refused(db: Any, nik: str, pesan: str) -> None:
    _tolak(pesan, **_args(KSMFactory(), nik=nik))


def test_nik_of_a_man_for_a_woman_is_refused(db: Any) -> None:
    _tolak(
        "NIK ini milik seorang laki-laki, tidak cocok dengan jenis kelamin yang diisi.",
        **_args(KSMFactory(), nik="3519101705800001"),
    )


def test_nik_already_active_in_the_lkm(db: Any) -> None:
    pertama = KSMFactory(nama="Laris Jaya")
    tambah(pertama, "Sumiati", nik=NIK_SUMI)
    kedua = KSMFactory(nama="Sido Makmur")
    _tolak(
        f"NIK {NIK_SUMI} sudah terdaftar sebagai anggota aktif KSM Laris Jaya (Sumiati).",
        **_args(kedua, data={"nama": "Sumiati Lain", "jenis_kelamin": "P"}),
    )


def test_same_nik_in_another_lkm_is_another_registration(db: Any, lkm_kwangsen: Any) -> None:
    tambah(KSMFactory(), "Sumiati", nik=NIK_SUMI)
    k = services.tambah_anggota(**_args(KSMFactory(lkm=lkm_kwangsen, desa=lkm_kwangsen.desa)))
    assert k.anggota.lkm_id == lkm_kwangsen.pk


def test_after_leaving_the_person_may_join_another_group_and_history_stays(db: Any) -> None:
    pertama = KSMFactory(nama="Laris Jaya")
    k = tambah(pertama, "Sumiati", nik=NIK_SUMI)
    services.keluarkan_anggota(keanggotaan=k, tanggal=date(2019, 6, 30), alasan="pindah kelompok")
    k.anggota.refresh_from_db()
    assert k.anggota.aktif is False
    baru = services.tambah_anggota(
        **_args(KSMFactory(nama="Sido Makmur"), tanggal_bergabung=date(2019, 7, 1))
    )
    assert baru.anggota_id == k.anggota_id  # the same person, not a second record
    assert list(
        Keanggotaan.objects.filter(anggota_id=k.anggota_id).values_list("ksm__nama", "tanggal_keluar")
    ) == [
        ("Laris Jaya", date(2019, 6, 30)),
        ("Sido Makmur", None),
    ]


def test_leaving_twice_is_a_conflict_and_changes_nothing(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati")
    services.keluarkan_anggota(keanggotaan=k, tanggal=date(2019, 6, 30))
    with pytest.raises(KonflikStatus) as exc:
        services.keluarkan_anggota(keanggotaan=k, tanggal=date(2019, 7, 30))
    assert exc.value.pesan == "Sumiati sudah keluar pada 30 Juni 2019."
    k.refresh_from_db()
    assert k.tanggal_keluar == date(2019, 6, 30)


def test_leaving_before_joining_is_refused(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati", bergabung=date(2019, 3, 1))
    with pytest.raises(KesalahanDomain) as exc:
        services.keluarkan_anggota(keanggotaan=k, tanggal=date(2019, 2, 1))
    assert exc.value.pesan == "Tanggal keluar tidak boleh sebelum tanggal bergabung (1 Maret 2019)."
    k.refresh_from_db()
    assert k.tanggal_keluar is None


def test_joining_in_the_future_or_before_founding_is_refused(db: Any) -> None:
    ksm = KSMFactory(tanggal_berdiri=date(2017, 9, 1))
    besok = hari_ini() + timedelta(days=1)
    _tolak(
        f"Tanggal bergabung {format_tanggal(besok)} belum terjadi; tanggal tidak boleh di masa depan.",
        **_args(ksm, tanggal_bergabung=besok),
    )
    _tolak(
        "Tanggal bergabung tidak boleh sebelum KSM berdiri (1 September 2017).",
        **_args(ksm, tanggal_bergabung=date(2017, 8, 31)),
    )


def test_one_chair_per_group(db: Any) -> None:
    ksm = KSMFactory(nama="Laris Jaya")
    tambah(ksm, "Sumiati", peran="ketua")
    _tolak(
        "KSM Laris Jaya sudah punya ketua aktif: Sumiati.",
        **_args(ksm, nik="3519104101850002", data={"nama": "Paerah", "jenis_kelamin": "P"}, peran="ketua"),
    )


def test_inactive_group_takes_no_members(db: Any) -> None:
    ksm = KSMFactory(nama="Laris Jaya")
    services.ubah_status_ksm(
        ksm=ksm, status="nonaktif", tanggal=date(2019, 5, 1), alasan="tidak ada pertemuan"
    )
    _tolak("KSM Laris Jaya berstatus nonaktif; tidak menerima anggota.", **_args(ksm))


def test_edit_member_signs_joint_liability_and_changes_role(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati", tr=False)
    services.ubah_anggota(
        keanggotaan=k,
        data={"jenis_usaha": "keripik pisang"},
        peran="bendahara",
        tanggal_tanggung_renteng=date(2019, 2, 1),
    )
    k.refresh_from_db()
    k.anggota.refresh_from_db()
    assert (k.peran, k.tanggal_tanggung_renteng, k.anggota.jenis_usaha) == (
        "bendahara",
        date(2019, 2, 1),
        "keripik pisang",
    )


def test_ksm_name_unique_in_the_lkm(db: Any, lkm_bukur: Any) -> None:
    services.buat_ksm(
        lkm=lkm_bukur,
        data={"nama": "Laris Jaya", "jenis": "pinjaman_bergulir", "tanggal_berdiri": date(2017, 9, 1)},
    )
    sebelum = KSM.objects.count()
    with pytest.raises(KesalahanDomain) as exc:
        services.buat_ksm(
            lkm=lkm_bukur,
            data={"nama": "laris jaya ", "jenis": "sosial", "tanggal_berdiri": date(2018, 1, 1)},
        )
    assert exc.value.pesan == f"Nama KSM \u201claris jaya\u201d sudah dipakai di {lkm_bukur.nama}."
    assert KSM.objects.count() == sebelum


def test_jenis_fixed_while_members_are_active(db: Any) -> None:
    ksm = KSMFactory()
    tambah(ksm, "Sumiati")
    with pytest.raises(KesalahanDomain) as exc:
        services.ubah_ksm(ksm=ksm, data={"jenis": "sosial"})
    assert exc.value.pesan == "Jenis KSM tidak dapat diubah selama masih ada anggota aktif."
    ksm.refresh_from_db()
    assert ksm.jenis == "pinjaman_bergulir"
