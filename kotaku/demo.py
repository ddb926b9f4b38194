"""Demo users for every role in Jiwan (make run prints them). Part of `seed_demo`."""

from __future__ import annotations

from kotaku.models import LKM, Kecamatan, Pengguna, Peran

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
    jiwan = Kecamatan.objects.get(nama="Jiwan", kabupaten__nama="Madiun")
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
