"""The first deployment: Kecamatan Jiwan, Kabupaten Madiun, Jawa Timur, 14 desa each with its LKM.

Facts copied from the project brief (data/jiwan.json); the project never reads that file at run time.
LKM names not published are `LKM <desa>` and editable in the admin.
"""

from datetime import date

from django.db import migrations

DESA = [
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


def tambah(apps, schema_editor):
    Provinsi = apps.get_model("kotaku", "Provinsi")
    Kabupaten = apps.get_model("kotaku", "Kabupaten")
    Kecamatan = apps.get_model("kotaku", "Kecamatan")
    Desa = apps.get_model("kotaku", "Desa")
    LKM = apps.get_model("kotaku", "LKM")
    Kebijakan = apps.get_model("kotaku", "Kebijakan")
    provinsi, _ = Provinsi.objects.get_or_create(nama="Jawa Timur")
    kabupaten, _ = Kabupaten.objects.get_or_create(provinsi=provinsi, nama="Madiun")
    kecamatan, _ = Kecamatan.objects.get_or_create(kabupaten=kabupaten, nama="Jiwan")
    for nama_desa, nama_lkm in DESA:
        desa, _ = Desa.objects.get_or_create(kecamatan=kecamatan, nama=nama_desa)
        lkm, _ = LKM.objects.get_or_create(desa=desa, defaults={"nama": nama_lkm or f"LKM {nama_desa}"})
        Kebijakan.objects.get_or_create(
            lkm=lkm,
            berlaku_mulai=date(2009, 1, 1),
            defaults={"nomor_keputusan": "Bawaan PNPM-MP/KOTAKU", "tanggal_keputusan": date(2009, 1, 1)},
        )


def hapus(apps, schema_editor):
    Kecamatan = apps.get_model("kotaku", "Kecamatan")
    Kebijakan = apps.get_model("kotaku", "Kebijakan")
    LKM = apps.get_model("kotaku", "LKM")
    Desa = apps.get_model("kotaku", "Desa")
    kecamatan = Kecamatan.objects.filter(nama="Jiwan", kabupaten__nama="Madiun").first()
    if kecamatan is None:
        return
    Kebijakan.objects.filter(lkm__desa__kecamatan=kecamatan).delete()
    LKM.objects.filter(desa__kecamatan=kecamatan).delete()
    Desa.objects.filter(kecamatan=kecamatan).delete()
    kecamatan.delete()


class Migration(migrations.Migration):
    dependencies = [("kotaku", "0001_awal")]
    operations = [migrations.RunPython(tambah, hapus)]
