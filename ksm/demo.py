"""Jiwan demo: 418 active KSM pinjaman bergulir with 2.190 active members over the 14 desa (status 30 Nov
2019), and their meetings since January 2018.

The larger LKM have more groups (KSM_PER_DESA follows the LKM's size). Most groups are older than kotaku
(founded 2009-2016); some were founded in 2018 and start meeting then. Every group meets monthly on its own
day of the month, from January 2018 (or its founding) to November 2019; KSM Laris Jaya (Bukur) meets every
Monday since 4 September 2017. Attendance is recorded per member (Pertemuan + Kehadiran), so the maturity
scoring and Panca Sutra records work on this history.

Deterministic (random.Random(2019)) and fast (bulk inserts that keep the audit trail, `kotaku.massal`).
Savings move money, so they are added by `ksm.tabungan.demo` through the books; this module writes groups,
members and meetings only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from kotaku.massal import analisa, periksa_tertunda, simpan_massal
from kotaku.models import LKM
from kotaku.tanggal import tambah_bulan
from ksm.models import KSM, Anggota, Keanggotaan, Kehadiran, Pertemuan

JUMLAH_KSM = 418
JUMLAH_ANGGOTA = 2_190
PER = date(2019, 11, 30)
AWAL_RIWAYAT = date(2018, 1, 1)
"""The Jiwan LKM use kotaku from January 2018: meetings, savings and the books start then."""
KODE_JIWAN = "351910"  # Jawa Timur 35, Kabupaten Madiun 19, kecamatan code used for Jiwan in this demo

# KSMs per desa (sums to 418), in proportion to each LKM's assets (pinjaman.demo.SASARAN_ASET): the fund is
# mostly lent out everywhere, so a larger fund serves more groups.
KSM_PER_DESA = {
    "Bukur": 38,
    "Bibrik": 26,
    "Bedoho": 23,
    "Grobogan": 30,
    "Jiwan": 37,
    "Kincang Wetan": 27,
    "Klagen Serut": 22,
    "Kwangsen": 69,
    "Metesih": 21,
    "Ngetrep": 24,
    "Sambirejo": 27,
    "Sukolilo": 25,
    "Teguhan": 22,
    "Wayut": 27,
}
KSM_BARU_2018 = 0.08
"""Share of the groups founded in 2018 (their first loan comes after three months of meetings and savings)."""

PEREMPUAN = [
    "Sumiati",
    "Suparmi",
    "Kasiyem",
    "Tukinah",
    "Sulastri",
    "Marsini",
    "Wagiyem",
    "Sriyatun",
    "Katini",
    "Painem",
    "Sumarni",
    "Tumini",
    "Warsini",
    "Jumiatun",
    "Sri Lestari",
    "Siti Aminah",
    "Endang",
    "Yuliani",
    "Partini",
    "Mujiati",
    "Sukarti",
    "Rukmini",
    "Tarmi",
    "Ngatini",
    "Suwarni",
    "Darmi",
    "Lasmini",
    "Puji Astuti",
]
LAKI = [
    "Slamet",
    "Karto",
    "Parno",
    "Joko",
    "Suyono",
    "Sugeng",
    "Mulyono",
    "Sarno",
    "Wiji",
    "Darmaji",
    "Kusnadi",
    "Bambang",
    "Sutrisno",
    "Sukirno",
    "Tugiman",
    "Wagimin",
    "Paimin",
    "Jumadi",
]
USAHA = [
    ("warung kelontong", "bulan", 900_000),
    ("pedagang sayur", "hari", 40_000),
    ("jahit", "bulan", 750_000),
    ("keripik singkong", "hari", 35_000),
    ("tempe", "hari", 45_000),
    ("ternak kambing", "bulan", 600_000),
    ("bengkel sepeda", "hari", 50_000),
    ("jual pecel", "hari", 40_000),
    ("tukang cukur", "hari", 45_000),
    ("anyaman bambu", "bulan", 700_000),
    ("jamu gendong", "hari", 45_000),
    ("kue basah", "hari", 30_000),
]
NAMA_KSM = [
    "Mawar",
    "Melati",
    "Anggrek",
    "Sido Rukun",
    "Sido Makmur",
    "Maju Jaya",
    "Sumber Rejeki",
    "Rukun Santoso",
    "Tani Makmur",
    "Mekar Sari",
    "Ngudi Rejeki",
    "Guyub Rukun",
    "Karya Mandiri",
    "Sri Rejeki",
    "Tunas Harapan",
    "Usaha Bersama",
    "Wanita Mandiri",
    "Sejahtera",
    "Barokah",
    "Lestari",
    "Cahaya",
    "Berkah Abadi",
    "Makmur Sentosa",
    "Dadi Mulyo",
    "Rejeki Lancar",
    "Sumber Makmur",
    "Budi Luhur",
    "Harapan Ibu",
    "Kartini",
    "Srikandi",
]

LARIS_JAYA = "Laris Jaya"
LARIS_JAYA_ANGGOTA = [  # keripik pisang, Bukur; weekly meetings since September 2017
    ("Sumiati", "P", date(1974, 3, 12), "ketua"),
    ("Suparmi", "P", date(1979, 7, 2), "sekretaris"),
    ("Tukinah", "P", date(1968, 11, 23), "bendahara"),
    ("Kasiyem", "P", date(1971, 1, 5), "anggota"),
    ("Marsini", "P", date(1983, 9, 30), "anggota"),
    ("Slamet", "L", date(1970, 6, 17), "anggota"),
]
LARIS_JAYA_BERDIRI = date(2017, 9, 4)
PAERAH_KSM = "Sekar Jamu"


def nik(*, lahir: date, perempuan: bool, urut: int) -> str:
    """A valid Kabupaten Madiun NIK: region, DDMMYY (women +40), sequence 0001..9999."""
    hari = lahir.day + (40 if perempuan else 0)
    return f"{KODE_JIWAN}{hari:02d}{lahir:%m%y}{urut:04d}"


def tanggal_pertemuan(*, berdiri: date, hari: int) -> list[date]:
    """A monthly group's meeting dates: day `hari` of every month from January 2018, or from the first month
    after its founding that has that day, to November 2019."""
    bulan = max(AWAL_RIWAYAT, berdiri.replace(day=1))
    hasil = []
    while bulan <= PER:
        tanggal = bulan.replace(day=hari)
        if tanggal >= berdiri:
            hasil.append(tanggal)
        bulan = tambah_bulan(bulan, 1)
    return hasil


def _senin_dari(tanggal: date) -> date:
    return tanggal + timedelta(days=(7 - tanggal.weekday()) % 7)


@transaction.atomic
def buat_demo_ksm() -> dict[str, int]:
    """Create the Jiwan KSM registry once (idempotent: nothing happens when Laris Jaya exists)."""
    lkm = {x.desa.nama: x for x in LKM.objects.select_related("desa").filter(desa__nama__in=KSM_PER_DESA)}
    if KSM.objects.filter(nama=LARIS_JAYA, lkm=lkm["Bukur"]).exists():
        return {"ksm": 0, "anggota": 0}
    rng = random.Random(2019)
    urut = iter(range(1, 10_000))

    # 1. KSMs: exactly 418 active PB groups; 100 of them have six members, the rest five.
    rencana: list[tuple[str, str, int]] = []  # (desa, name, members)
    enam = set(rng.sample(range(JUMLAH_KSM), JUMLAH_ANGGOTA - 5 * JUMLAH_KSM))
    i = 0
    for desa, n in KSM_PER_DESA.items():
        nama_dipakai: set[str] = set()
        for j in range(n):
            if desa == "Bukur" and j == 0:
                nama = LARIS_JAYA
            elif desa == "Kwangsen" and j == 0:
                nama = PAERAH_KSM
            else:
                dasar = rng.choice(NAMA_KSM)
                nama = dasar if dasar not in nama_dipakai else f"{dasar} {j + 1}"
            nama_dipakai.add(nama)
            rencana.append((desa, nama, 6 if i in enam else 5))
            i += 1
    # Laris Jaya has six members; keep the total exact by swapping with a six-member group if needed.
    li = next(k for k, r in enumerate(rencana) if r[1] == LARIS_JAYA)
    if rencana[li][2] != 6:
        lain = next(k for k, r in enumerate(rencana) if r[2] == 6)
        rencana[lain] = (*rencana[lain][:2], 5)
        rencana[li] = (*rencana[li][:2], 6)

    ksm_baru = []
    for desa, nama, _ in rencana:
        if nama == LARIS_JAYA:
            berdiri = LARIS_JAYA_BERDIRI
        elif nama != PAERAH_KSM and rng.random() < KSM_BARU_2018:
            berdiri = date(2018, 1, 8) + timedelta(days=rng.randrange(270))  # January..September 2018
        else:
            berdiri = date(2009, 3, 1) + timedelta(
                days=rng.randrange((date(2016, 12, 1) - date(2009, 3, 1)).days)
            )
        ksm_baru.append(
            KSM(
                lkm=lkm[desa],
                desa=lkm[desa].desa,
                nama=nama,
                jenis=KSM.Jenis.PINJAMAN_BERGULIR,
                tanggal_berdiri=berdiri,
                alamat=f"RT {rng.randint(1, 9):02d} RW {rng.randint(1, 4):02d}, Desa {desa}",
                aturan_main=(
                    "Pertemuan rutin; tabungan wajib setiap pertemuan; "
                    "tanggung renteng bila ada yang menunggak."
                ),
                tanggal_aturan_main=berdiri,
            )
        )
    semua_ksm = simpan_massal(ksm_baru)

    # 2. Members (people and memberships), signed the joint-liability statement on joining.
    orang: list[Anggota] = []
    anggota_ksm: list[tuple[KSM, str, date]] = []  # parallel to `orang`: (ksm, role, joined)
    for ksm, (_, nama_ksm, n) in zip(semua_ksm, rencana, strict=True):
        if nama_ksm == LARIS_JAYA:
            for nama, jk, lahir, peran in LARIS_JAYA_ANGGOTA:
                orang.append(
                    Anggota(
                        lkm=ksm.lkm,
                        nik=nik(lahir=lahir, perempuan=jk == "P", urut=next(urut)),
                        nama=nama,
                        jenis_kelamin=jk,
                        tanggal_lahir=lahir,
                        alamat=f"Desa Bukur, {ksm.alamat}",
                        jenis_usaha="keripik pisang",
                        pendapatan_sebelum=30_000,
                        satuan_pendapatan="hari",
                        terdaftar_ps2=True,
                        aktif=True,
                    )
                )
                anggota_ksm.append((ksm, peran, ksm.tanggal_berdiri))
            continue
        for j in range(n):
            perempuan = rng.random() < 0.72 or (nama_ksm == PAERAH_KSM and j == 0)
            nama = rng.choice(PEREMPUAN if perempuan else LAKI)
            usaha, satuan, pendapatan = rng.choice(USAHA)
            lahir = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 35))
            tambahan = rng.randrange(0, 5) * (5_000 if satuan == "hari" else 50_000)
            if nama_ksm == PAERAH_KSM and j == 0:
                nama, usaha, satuan, pendapatan, lahir = (
                    "Paerah",
                    "jamu gendong",
                    "hari",
                    50_000,
                    date(1969, 8, 14),
                )
                tambahan = 0
            orang.append(
                Anggota(
                    lkm=ksm.lkm,
                    nik=nik(lahir=lahir, perempuan=perempuan, urut=next(urut)),
                    nama=nama,
                    jenis_kelamin="P" if perempuan else "L",
                    tanggal_lahir=lahir,
                    alamat=f"Desa {ksm.desa.nama}, {ksm.alamat}",
                    jenis_usaha=usaha,
                    pendapatan_sebelum=pendapatan + tambahan,
                    satuan_pendapatan=satuan,
                    terdaftar_ps2=rng.random() < 0.8,
                    aktif=True,
                )
            )
            anggota_ksm.append(
                (ksm, ["ketua", "sekretaris", "bendahara"][j] if j < 3 else "anggota", ksm.tanggal_berdiri)
            )
    simpan_massal(orang)
    simpan_massal(
        [
            Keanggotaan(
                ksm=ksm,
                anggota=a,
                peran=peran,
                tanggal_bergabung=gabung,
                tanggal_tanggung_renteng=gabung,
                pinjaman_bergulir=True,
            )
            for a, (ksm, peran, gabung) in zip(orang, anggota_ksm, strict=True)
        ]
    )

    # 3. Meetings with attendance: Laris Jaya weekly since September 2017; the others monthly on their own day
    # from January 2018 (or the month after founding) to November 2019.
    anggota_per_ksm: dict[int, list[Anggota]] = {}
    for a, (ksm, _, _) in zip(orang, anggota_ksm, strict=True):
        anggota_per_ksm.setdefault(ksm.pk, []).append(a)
    pertemuan: list[Pertemuan] = []
    for ksm in semua_ksm:
        if ksm.nama == LARIS_JAYA:
            tanggal = _senin_dari(LARIS_JAYA_BERDIRI)
            while tanggal <= PER:
                pertemuan.append(
                    Pertemuan(
                        ksm=ksm,
                        tanggal=tanggal,
                        tempat="rumah Bu Sumiati",
                        agenda="produksi keripik, angsuran dan tabungan",
                    )
                )
                tanggal += timedelta(days=7)
            continue
        hari = rng.randint(3, 26)
        for tanggal in tanggal_pertemuan(berdiri=ksm.tanggal_berdiri, hari=hari):
            pertemuan.append(
                Pertemuan(
                    ksm=ksm,
                    tanggal=tanggal,
                    tempat="rumah ketua",
                    agenda="angsuran, tabungan dan kabar usaha",
                )
            )
    simpan_massal(pertemuan)
    kehadiran = []
    for p in pertemuan:
        for a in anggota_per_ksm[p.ksm_id]:
            acak = rng.random()
            status = "hadir" if acak < 0.88 else ("izin" if acak < 0.96 else "absen")
            kehadiran.append(Kehadiran(pertemuan=p, anggota=a, status=status))
    simpan_massal(kehadiran)
    periksa_tertunda()
    analisa(KSM, Anggota, Keanggotaan, Pertemuan, Kehadiran)
    return {"ksm": len(semua_ksm), "anggota": len(orang), "pertemuan": len(pertemuan)}
