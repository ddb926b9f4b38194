"""API tokens expire (API_TOKEN_UMUR_HARI) and end when their user's password changes.

Tokens made before this migration get the full term from today, and the fingerprint of their user's current
password, so integrations keep working until the next password change. Old history rows get the expiry their
token was given here (or, for a token no longer there, the time of the event).
"""

import hashlib
from datetime import timedelta

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def isi_token_lama(apps, schema_editor):
    TokenAPI = apps.get_model("kotaku", "TokenAPI")
    TokenAPIEvent = apps.get_model("kotaku", "TokenAPIEvent")
    kedaluwarsa = timezone.now() + timedelta(days=settings.API_TOKEN_UMUR_HARI)
    for token in TokenAPI.objects.select_related("pengguna"):
        token.kedaluwarsa_pada = kedaluwarsa
        token.sidik_sandi = hashlib.sha256(token.pengguna.password.encode()).hexdigest()
        token.save(update_fields=["kedaluwarsa_pada", "sidik_sandi"])
    berlaku = dict(TokenAPI.objects.values_list("pk", "kedaluwarsa_pada"))
    for event in TokenAPIEvent.objects.filter(kedaluwarsa_pada__isnull=True):
        event.kedaluwarsa_pada = berlaku.get(event.pgh_obj_id, event.pgh_created_at)
        event.save(update_fields=["kedaluwarsa_pada"])


class Migration(migrations.Migration):

    dependencies = [
        ("kotaku", "0002_jiwan"),
    ]

    operations = [
        # History triggers come off first, so filling the new columns records no events.
        pgtrigger.migrations.RemoveTrigger(model_name="tokenapi", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="tokenapi", name="update_update"),
        migrations.AddField(model_name="tokenapi", name="kedaluwarsa_pada", field=models.DateTimeField(null=True)),
        migrations.AddField(model_name="tokenapi", name="sidik_sandi", field=models.CharField(default="", max_length=64)),
        migrations.AddField(model_name="tokenapievent", name="kedaluwarsa_pada", field=models.DateTimeField(null=True)),
        migrations.RunPython(isi_token_lama, migrations.RunPython.noop),
        migrations.AlterField(model_name="tokenapi", name="kedaluwarsa_pada", field=models.DateTimeField()),
        migrations.AlterField(model_name="tokenapi", name="sidik_sandi", field=models.CharField(max_length=64)),
        migrations.AlterField(model_name="tokenapievent", name="kedaluwarsa_pada", field=models.DateTimeField()),
        pgtrigger.migrations.AddTrigger(
            model_name="tokenapi",
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "kotaku_tokenapievent" ("dibuat_pada", "dicabut", "id", "kedaluwarsa_pada", "nama", "pengguna_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "terakhir_dipakai") VALUES (NEW."dibuat_pada", NEW."dicabut", NEW."id", NEW."kedaluwarsa_pada", NEW."nama", NEW."pengguna_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."terakhir_dipakai"); RETURN NULL;', hash='ade7a07e9bcf7f96a24c7d4fa13a5293b9fe01ed', operation='INSERT', pgid='pgtrigger_insert_insert_c7f62', table='kotaku_tokenapi', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="tokenapi",
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."dibuat_pada" IS DISTINCT FROM (NEW."dibuat_pada") OR OLD."dicabut" IS DISTINCT FROM (NEW."dicabut") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kedaluwarsa_pada" IS DISTINCT FROM (NEW."kedaluwarsa_pada") OR OLD."nama" IS DISTINCT FROM (NEW."nama") OR OLD."pengguna_id" IS DISTINCT FROM (NEW."pengguna_id") OR OLD."terakhir_dipakai" IS DISTINCT FROM (NEW."terakhir_dipakai"))', func='INSERT INTO "kotaku_tokenapievent" ("dibuat_pada", "dicabut", "id", "kedaluwarsa_pada", "nama", "pengguna_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "terakhir_dipakai") VALUES (NEW."dibuat_pada", NEW."dicabut", NEW."id", NEW."kedaluwarsa_pada", NEW."nama", NEW."pengguna_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."terakhir_dipakai"); RETURN NULL;', hash='3a391e3ffa13a44b5efdc598ccdcb2ea49506aa9', operation='UPDATE', pgid='pgtrigger_update_update_e553c', table='kotaku_tokenapi', when='AFTER')),
        ),
    ]
