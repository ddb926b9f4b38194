"""The year-end close posts into 31030 Surplus Ditahan (DOMAIN.md §5), so 31040 leaves the standard chart; the
closing journal is dated 31 December and may land in a December the Pembuku has already closed."""

from django.db import migrations, models

SQL = r"""
CREATE OR REPLACE FUNCTION buku_cek_periode_terbuka() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM buku_periodetutup
               WHERE lkm_id = NEW.lkm_id AND dibuka_pada IS NULL
                 AND tahun = EXTRACT(YEAR FROM NEW.tanggal) AND bulan = EXTRACT(MONTH FROM NEW.tanggal))
       AND NOT EXISTS (SELECT 1 FROM buku_jurnal WHERE id = NEW.jurnal_id AND jenis = 'penutup') THEN
        RAISE EXCEPTION 'Bulan %/% sudah ditutup untuk LKM %.', EXTRACT(MONTH FROM NEW.tanggal),
            EXTRACT(YEAR FROM NEW.tanggal), NEW.lkm_id USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

SQL_MUNDUR = r"""
CREATE OR REPLACE FUNCTION buku_cek_periode_terbuka() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM buku_periodetutup
               WHERE lkm_id = NEW.lkm_id AND dibuka_pada IS NULL
                 AND tahun = EXTRACT(YEAR FROM NEW.tanggal) AND bulan = EXTRACT(MONTH FROM NEW.tanggal)) THEN
        RAISE EXCEPTION 'Bulan %/% sudah ditutup untuk LKM %.', EXTRACT(MONTH FROM NEW.tanggal),
            EXTRACT(YEAR FROM NEW.tanggal), NEW.lkm_id USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def tanpa_31040(apps, schema_editor):
    """Remove the unused 31040 account (an account that already carries lines stays)."""
    Akun = apps.get_model("buku", "Akun")
    Akun.objects.filter(kode="31040", baris__isnull=True).delete()


def dengan_31040(apps, schema_editor):
    LKM = apps.get_model("kotaku", "LKM")
    Akun = apps.get_model("buku", "Akun")
    for lkm in LKM.objects.all():
        Akun.objects.get_or_create(
            lkm=lkm,
            kode="31040",
            defaults={"nama": "Surplus Tahun Lalu Belum Dialokasikan", "jenis": "modal"},
        )


class Migration(migrations.Migration):
    dependencies = [("buku", "0002_aturan_basis_data")]
    operations = [
        migrations.RunSQL(SQL, SQL_MUNDUR),
        migrations.RunPython(tanpa_31040, dengan_31040),
        migrations.AddConstraint(
            model_name="jurnal",
            constraint=models.UniqueConstraint(
                condition=models.Q(jenis="penutup"),
                fields=("lkm", "tahun"),
                name="jurnal_satu_penutup_per_tahun",
            ),
        ),
    ]
