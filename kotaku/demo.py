"""The Jiwan organisation and one demo user per role (make run prints them). Part of `seed_demo`.

Production starts empty: nothing here runs from a migration. `seed_demo` and the tests load it. Facts copied
from the project brief (data/jiwan.json); the project never reads that file at run time. LKM names not
published are `LKM <desa>` and editable in the admin.
"""

from __future__ import annotations

from kotaku.models import (
    KEBIJAKAN_AWAL_MULAI,
    LKM,
    Desa,
    Kabupaten,
    Kebijakan,
    Kecamatan,
    Pengguna,
    Peran,
    Provinsi,
)

DESA_JIWAN = [
    ("Bukur", "LKM Barokah"),
    ("Bibrik", None),
    ("Bedoho", None),
    ("Grobogan", None),
    ("Jiwan", None),
    ("Kincang Wetan", None),
    ("Klagen Serut", None),
    ("Kwangsen", "LKM Sejahtera Mandiri"),
    ("Metesih", None),
    ("Ngetrep", None),
    ("Sambirejo", None),
    ("Sukolilo", None),
    ("Teguhan", None),
    ("Wayut", None),
]


def buat_organisasi_jiwan() -> Kecamatan:
    """Jawa Timur > Kabupaten Madiun > Kecamatan Jiwan, its 14 desa and their LKM with the default policy and
    the standard chart of accounts; idempotent."""
    from kotaku.buku.services import siapkan_akun

    provinsi, _ = Provinsi.objects.get_or_create(nama="Jawa Timur")
    kabupaten, _ = Kabupaten.objects.get_or_create(provinsi=provinsi, nama="Madiun")
    kecamatan, _ = Kecamatan.objects.get_or_create(kabupaten=kabupaten, nama="Jiwan")
    for nama_desa, nama_lkm in DESA_JIWAN:
        desa, _ = Desa.objects.get_or_create(kecamatan=kecamatan, nama=nama_desa)
        lkm, _ = LKM.objects.get_or_create(desa=desa, defaults={"nama": nama_lkm or f"LKM {nama_desa}"})
        Kebijakan.objects.get_or_create(
            lkm=lkm,
            berlaku_mulai=KEBIJAKAN_AWAL_MULAI,
            defaults={"nomor_keputusan": "Bawaan PNPM-MP/KOTAKU", "tanggal_keputusan": KEBIJAKAN_AWAL_MULAI},
        )
        siapkan_akun(lkm)
    return kecamatan


KATA_SANDI_DEMO = "jiwan-demo-2019"

# (username, full name, role, desa of the LKM or None)
PENGGUNA_DEMO = [
    ("manajer.bukur", "Siti Rahayu", Peran.MANAJER_UPK, "Bukur"),
    ("kasir.bukur", "Dwi Lestari", Peran.KASIR, "Bukur"),
    ("pembuku.bukur", "Agus Santoso", Peran.PEMBUKU, "Bukur"),
    ("petugas.bukur", "Eko Prasetyo", Peran.PETUGAS_PINJAMAN, "Bukur"),
    ("pengurus.bukur", "H. Suyitno", Peran.PENGURUS_LKM, "Bukur"),
    ("manajer.kwangsen", "Sri Wahyuni", Peran.MANAJER_UPK, "Kwangsen"),
    ("kasir.kwangsen", "Yuli Astuti", Peran.KASIR, "Kwangsen"),
    ("pembuku.kwangsen", "Bambang Riyadi", Peran.PEMBUKU, "Kwangsen"),
    ("petugas.kwangsen", "Nur Hidayah", Peran.PETUGAS_PINJAMAN, "Kwangsen"),
    ("pengurus.kwangsen", "Sumarno", Peran.PENGURUS_LKM, "Kwangsen"),
    ("fasilitator.jiwan", "Rina Kurniawati", Peran.FASILITATOR, None),
    ("admin", "Admin Kabupaten Madiun", Peran.ADMIN, None),
]


def buat_pengguna_demo() -> list[Pengguna]:
    """Create (or keep) one demo login per role; idempotent."""
    jiwan = buat_organisasi_jiwan()
    hasil = []
    for username, nama, peran, desa in PENGGUNA_DEMO:
        depan, _, belakang = nama.partition(" ")
        user, dibuat = Pengguna.objects.get_or_create(
            username=username, defaults={"peran": peran, "first_name": depan, "last_name": belakang}
        )
        if dibuat:
            user.set_password(KATA_SANDI_DEMO)
            if peran == Peran.ADMIN:
                user.is_staff = user.is_superuser = True
            if peran == Peran.FASILITATOR:
                user.kecamatan = jiwan
            user.save()
            if desa:
                user.lkm.add(LKM.objects.get(desa__nama=desa, desa__kecamatan=jiwan))
        hasil.append(user)
    return hasil


PERAN_PETUGAS = (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR, Peran.PEMBUKU)


def petugas_demo(lkm: LKM) -> dict[str, Pengguna]:
    """Who records the demo history of an LKM, per role: its named demo login where it has one (Bukur,
    Kwangsen), else an inactive user that cannot log in (`demo-<peran>-<lkm id>`). Idempotent."""
    hasil: dict[str, Pengguna] = {}
    for peran in PERAN_PETUGAS:
        nama = [u for u, _, p, desa in PENGGUNA_DEMO if p == peran and desa == lkm.desa.nama]
        user = Pengguna.objects.filter(username__in=nama).first()
        if user is None:
            user, dibuat = Pengguna.objects.get_or_create(
                username=f"demo-{peran}-{lkm.pk}",
                defaults={"peran": peran, "is_active": False, "first_name": "Demo", "last_name": peran},
            )
            if dibuat:
                user.lkm.add(lkm)
        hasil[peran] = user
    return hasil
