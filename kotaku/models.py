"""The organisation tree, users with roles and scope, dated LKM policy, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.uang import RupiahField


@pghistory.track()
class Provinsi(models.Model):
    nama = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "provinsi"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


@pghistory.track()
class Kabupaten(models.Model):
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabupaten")
    nama = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name_plural = "kabupaten"
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["provinsi", "nama"], name="kabupaten_unik")]

    def __str__(self) -> str:
        return f"Kabupaten {self.nama}"


@pghistory.track()
class Kecamatan(models.Model):
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="kecamatan")
    nama = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name_plural = "kecamatan"
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["kabupaten", "nama"], name="kecamatan_unik")]

    def __str__(self) -> str:
        return f"Kecamatan {self.nama}"


@pghistory.track()
class Desa(models.Model):
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa")
    nama = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name_plural = "desa"
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["kecamatan", "nama"], name="desa_unik")]

    def __str__(self) -> str:
        return self.nama


@pghistory.track()
class LKM(models.Model):
    """One LKM per desa; its UPK runs the revolving loan fund."""

    desa = models.OneToOneField(Desa, on_delete=models.PROTECT, related_name="lkm")
    nama = models.CharField(_("nama"), max_length=150)
    alamat = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)

    class Meta:
        verbose_name = "LKM"
        verbose_name_plural = "LKM"
        ordering = ["desa__nama"]

    def __str__(self) -> str:
        return self.nama


class Peran(models.TextChoices):
    MANAJER_UPK = "manajer_upk", _("Manajer UPK")
    KASIR = "kasir", _("Kasir UPK")
    PEMBUKU = "pembuku", _("Pembuku UPK")
    PETUGAS_PINJAMAN = "petugas_pinjaman", _("Petugas Pinjaman")
    PENGURUS_LKM = "pengurus_lkm", _("Pengurus/Pengawas LKM")
    FASILITATOR = "fasilitator", _("Fasilitator")
    ADMIN = "admin", _("Admin")


PERAN_UPK = frozenset({Peran.MANAJER_UPK, Peran.KASIR, Peran.PEMBUKU, Peran.PETUGAS_PINJAMAN})
PERAN_LKM = PERAN_UPK | {Peran.PENGURUS_LKM}


@pghistory.track(exclude=["password", "last_login"])
class Pengguna(AbstractUser):
    """A user: one role; LKM roles list their LKM(s), a fasilitator a kecamatan and/or listed desa."""

    peran = models.CharField(_("peran"), max_length=20, choices=Peran.choices)
    lkm = models.ManyToManyField(LKM, blank=True, related_name="pengguna", verbose_name=_("LKM"))
    kecamatan = models.ForeignKey(
        Kecamatan, null=True, blank=True, on_delete=models.PROTECT, related_name="fasilitator"
    )
    desa = models.ManyToManyField(
        Desa, blank=True, related_name="fasilitator", verbose_name=_("desa dampingan")
    )

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def adalah_admin(self) -> bool:
        return self.peran == Peran.ADMIN or self.is_superuser


_KEBIJAKAN_TETAP = """
RAISE EXCEPTION
    'Kebijakan LKM % mulai % tidak boleh diubah atau dihapus; tetapkan kebijakan baru bertanggal.',
    OLD.lkm_id, OLD.berlaku_mulai USING ERRCODE = '23514';
"""


@pghistory.track()
class Kebijakan(models.Model):
    """LKM policy in force from `berlaku_mulai`, set by an LKM decision. Defaults: PNPM-MP/KOTAKU."""

    class Metode(models.TextChoices):
        FLAT = "flat", _("Flat")
        MENURUN = "menurun", _("Menurun")

    class ModeBulat(models.TextChoices):
        HALF_UP = "half_up", _("Setengah ke atas")
        UP = "up", _("Selalu ke atas")

    class Persetujuan(models.TextChoices):
        PENGURUS = "pengurus_lkm", _("Pengurus LKM")
        MANAJER = "manajer_upk", _("Manajer UPK")

    class AturanPerempuan(models.TextChoices):
        PERINGATAN = "peringatan", _("Peringatan")
        BLOKIR = "blokir", _("Blokir")
        MATI = "mati", _("Tidak dipakai")

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="kebijakan")
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    nomor_keputusan = models.CharField(_("nomor keputusan LKM"), max_length=100)
    tanggal_keputusan = models.DateField(_("tanggal keputusan"))
    dibuat_oleh = models.ForeignKey(
        Pengguna, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(default=timezone.now)

    jasa_persen_per_bulan = models.DecimalField(
        _("jasa % per bulan"), max_digits=5, decimal_places=3, default=Decimal("1.5")
    )
    jasa_persen_min = models.DecimalField(
        _("jasa minimum %"), max_digits=5, decimal_places=3, default=Decimal("1.0")
    )
    jasa_persen_maks = models.DecimalField(
        _("jasa maksimum %"), max_digits=5, decimal_places=3, default=Decimal("2.0")
    )
    metode_jasa = models.CharField(
        _("metode jasa"), max_length=10, choices=Metode.choices, default=Metode.FLAT
    )
    satuan_pembulatan = models.PositiveIntegerField(
        _("satuan pembulatan"),
        choices=[(1, "Rp 1"), (100, "Rp 100"), (500, "Rp 500"), (1000, "Rp 1.000")],
        default=100,
    )
    mode_pembulatan = models.CharField(
        _("mode pembulatan"), max_length=10, choices=ModeBulat.choices, default=ModeBulat.HALF_UP
    )
    jangka_min_bulan = models.PositiveSmallIntegerField(_("jangka minimum (bulan)"), default=3)
    jangka_maks_bulan = models.PositiveSmallIntegerField(_("jangka maksimum (bulan)"), default=12)
    batas_siklus_pertama = RupiahField(_("batas per anggota siklus 1"), default=1_000_000)
    batas_per_anggota = RupiahField(_("batas per anggota (semua siklus)"), default=3_000_000)
    siklus_graduasi = models.PositiveSmallIntegerField(_("graduasi setelah pinjaman ke-"), default=4)
    persetujuan_oleh = models.CharField(
        _("persetujuan pinjaman oleh"),
        max_length=20,
        choices=Persetujuan.choices,
        default=Persetujuan.PENGURUS,
    )
    kol2_maks_bulan = models.DecimalField(
        _("Kol 2 sampai (bulan)"), max_digits=5, decimal_places=2, default=Decimal("3")
    )
    kol3_maks_bulan = models.DecimalField(
        _("Kol 3 sampai (bulan)"), max_digits=5, decimal_places=2, default=Decimal("6")
    )
    kol4_maks_bulan = models.DecimalField(
        _("Kol 4 sampai (bulan)"), max_digits=5, decimal_places=2, default=Decimal("9")
    )
    bobot_kol1 = models.DecimalField(
        _("bobot cadangan Kol 1 %"), max_digits=6, decimal_places=3, default=Decimal("0.5")
    )
    bobot_kol2 = models.DecimalField(
        _("bobot cadangan Kol 2 %"), max_digits=6, decimal_places=3, default=Decimal("0.5")
    )
    bobot_kol3 = models.DecimalField(
        _("bobot cadangan Kol 3 %"), max_digits=6, decimal_places=3, default=Decimal("10")
    )
    bobot_kol4 = models.DecimalField(
        _("bobot cadangan Kol 4 %"), max_digits=6, decimal_places=3, default=Decimal("50")
    )
    bobot_kol5 = models.DecimalField(
        _("bobot cadangan Kol 5 %"), max_digits=6, decimal_places=3, default=Decimal("100")
    )
    tahap_tumbuh_min = models.PositiveSmallIntegerField(_("skor minimum Tumbuh"), default=12)
    tahap_kembang_min = models.PositiveSmallIntegerField(_("skor minimum Kembang"), default=22)
    pinjaman_bersamaan = models.BooleanField(
        _("boleh pinjaman kedua selama pinjaman berjalan (tanpa tunggakan)"), default=False
    )
    wajib_tiga_bulan = models.BooleanField(
        _("wajib 3 bulan bertemu dan menabung sebelum pinjaman pertama"), default=True
    )
    perempuan_min_persen = models.DecimalField(
        _("minimum anggota perempuan %"), max_digits=5, decimal_places=2, default=Decimal("30")
    )
    aturan_perempuan = models.CharField(
        _("aturan anggota perempuan"),
        max_length=12,
        choices=AturanPerempuan.choices,
        default=AturanPerempuan.PERINGATAN,
    )

    class Meta:
        verbose_name = "kebijakan LKM"
        verbose_name_plural = "kebijakan LKM"
        ordering = ["lkm", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["lkm", "berlaku_mulai"], name="kebijakan_satu_per_tanggal"),
            models.CheckConstraint(
                condition=Q(jasa_persen_min__lte=models.F("jasa_persen_per_bulan"))
                & Q(jasa_persen_per_bulan__lte=models.F("jasa_persen_maks")),
                name="kebijakan_jasa_dalam_rentang",
            ),
            models.CheckConstraint(
                condition=Q(jangka_min_bulan__gte=1) & Q(jangka_min_bulan__lte=models.F("jangka_maks_bulan")),
                name="kebijakan_jangka_valid",
            ),
            models.CheckConstraint(
                condition=Q(kol2_maks_bulan__gt=0)
                & Q(kol2_maks_bulan__lt=models.F("kol3_maks_bulan"))
                & Q(kol3_maks_bulan__lt=models.F("kol4_maks_bulan")),
                name="kebijakan_batas_kol_naik",
            ),
            models.CheckConstraint(
                condition=Q(batas_siklus_pertama__gt=0)
                & Q(batas_siklus_pertama__lte=models.F("batas_per_anggota")),
                name="kebijakan_batas_anggota_valid",
            ),
            models.CheckConstraint(
                condition=Q(tahap_tumbuh_min__lt=models.F("tahap_kembang_min"))
                & Q(tahap_kembang_min__lte=30),
                name="kebijakan_tahap_valid",
            ),
        ]
        # Append-only: a policy is an LKM decision of its date; a change is a new row with a later date.
        triggers = [
            pgtrigger.Trigger(
                name="kebijakan_tetap",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=_KEBIJAKAN_TETAP,
            ),
        ]

    def __str__(self) -> str:
        return f"Kebijakan {self.lkm} mulai {self.berlaku_mulai}"

    @property
    def batas_kolektibilitas(self) -> tuple[Decimal, Decimal, Decimal]:
        return (self.kol2_maks_bulan, self.kol3_maks_bulan, self.kol4_maks_bulan)

    @property
    def bobot_cadangan(self) -> dict[int, Decimal]:
        return {
            1: self.bobot_kol1,
            2: self.bobot_kol2,
            3: self.bobot_kol3,
            4: self.bobot_kol4,
            5: self.bobot_kol5,
        }


KEBIJAKAN_AWAL_MULAI = date(2009, 1, 1)


@pghistory.track(exclude=["sidik", "sidik_sandi"])
class TokenAPI(models.Model):
    """A bearer token acting as its user; only the SHA-256 of the secret is stored.

    It works only while it is not revoked and not expired, its user is active and not locked out by
    django-axes, and the user's password is the one the token was made under (`sidik_sandi`).
    """

    pengguna = models.ForeignKey(Pengguna, on_delete=models.CASCADE, related_name="token_api")
    sidik = models.CharField(max_length=64, unique=True)
    nama = models.CharField(max_length=100, blank=True)
    dibuat_pada = models.DateTimeField(default=timezone.now)
    terakhir_dipakai = models.DateTimeField(null=True, blank=True)
    dicabut = models.BooleanField(default=False)
    kedaluwarsa_pada = models.DateTimeField()
    # SHA-256 of the user's password hash when the token was made: a new password ends every older token.
    sidik_sandi = models.CharField(max_length=64)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"Token {self.nama or self.pk} milik {self.pengguna_id}"

    @staticmethod
    def sidik_dari(rahasia: str) -> str:
        return hashlib.sha256(rahasia.encode()).hexdigest()

    @staticmethod
    def sidik_sandi_dari(pengguna: Pengguna) -> str:
        return hashlib.sha256(pengguna.password.encode()).hexdigest()

    @classmethod
    def buat(cls, *, pengguna: Pengguna, nama: str = "") -> tuple[TokenAPI, str]:
        """A new token for `pengguna`, valid for API_TOKEN_UMUR_HARI days; the secret is returned once."""
        rahasia = f"ktk_{secrets.token_urlsafe(32)}"
        sekarang = timezone.now()
        token = cls.objects.create(
            pengguna=pengguna,
            sidik=cls.sidik_dari(rahasia),
            nama=nama,
            dibuat_pada=sekarang,
            kedaluwarsa_pada=sekarang + timedelta(days=settings.API_TOKEN_UMUR_HARI),
            sidik_sandi=cls.sidik_sandi_dari(pengguna),
        )
        return token, rahasia

    @classmethod
    def cari_berlaku(cls, rahasia: str) -> TokenAPI | None:
        """The token with this secret if it may act now, with its user; one query (axes lockout as a
        subquery)."""
        token = (
            cls.objects.select_related("pengguna")
            .filter(
                sidik=cls.sidik_dari(rahasia),
                dicabut=False,
                kedaluwarsa_pada__gt=timezone.now(),
                pengguna__is_active=True,
            )
            .annotate(terkunci=Exists(_percobaan_terkunci()))
            .first()
        )
        if token is None or token.terkunci:
            return None
        if not secrets.compare_digest(token.sidik_sandi, cls.sidik_sandi_dari(token.pengguna)):
            return None
        return cast(TokenAPI, token)

    @property
    def status(self) -> str:
        """What the user sees in the token list."""
        if self.dicabut:
            return "dicabut"
        if self.kedaluwarsa_pada <= timezone.now():
            return "kedaluwarsa"
        if self.sidik_sandi != self.sidik_sandi_dari(self.pengguna):
            return "kata sandi diganti"
        return "aktif"


def _percobaan_terkunci() -> QuerySet[Any]:
    """django-axes attempts that lock the token's username out now, from any address.

    Axes locks `username` + `ip_address` pairs (AXES_LOCKOUT_PARAMETERS): a pair is locked when its failures
    since the last success reach the limit within the cool-off. A token is an account credential, so a lockout
    of its username from any address stops it until the cool-off ends or the user signs in successfully.
    The limit and cool-off come from axes' own helpers, so the rule follows the AXES_* settings.
    """
    from axes.helpers import get_cool_off, get_failure_limit
    from axes.models import AccessAttempt

    percobaan = AccessAttempt.objects.filter(username=OuterRef("pengguna__username"))
    jeda = get_cool_off()
    if jeda is not None:
        percobaan = percobaan.filter(attempt_time__gte=timezone.now() - jeda)
    return cast(
        "QuerySet[Any]",
        percobaan.values("ip_address")
        .annotate(gagal=Sum("failures_since_start"))
        .filter(gagal__gte=get_failure_limit(None, {})),
    )
