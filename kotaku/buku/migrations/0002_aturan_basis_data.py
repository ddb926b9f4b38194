"""Rules PostgreSQL enforces itself, so no code path (raw SQL included) can go around them.

- Every journal balances (sum debit = sum kredit) and has at least two lines: a DEFERRABLE INITIALLY DEFERRED
  constraint trigger, checked at commit, like django-hordak.
- No line may be dated in a closed month (the year-end closing journal, dated 31 December, excepted).
"""

from django.db import migrations

SQL = r"""
CREATE OR REPLACE FUNCTION buku_cek_jurnal_seimbang() RETURNS trigger AS $$
DECLARE
    jid bigint;
    jd numeric; jk numeric; n integer;
BEGIN
    IF TG_TABLE_NAME = 'buku_jurnal' THEN jid := NEW.id; ELSE jid := NEW.jurnal_id; END IF;
    SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(kredit), 0), COUNT(*) INTO jd, jk, n
      FROM buku_barisjurnal WHERE jurnal_id = jid;
    IF n < 2 THEN
        RAISE EXCEPTION 'Jurnal % harus punya minimal dua baris (ada %).', jid, n USING ERRCODE = '23514';
    END IF;
    IF jd <> jk THEN
        RAISE EXCEPTION 'Jurnal % tidak seimbang: debit % dan kredit %.', jid, jd, jk USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER buku_baris_seimbang
    AFTER INSERT ON buku_barisjurnal DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION buku_cek_jurnal_seimbang();
CREATE CONSTRAINT TRIGGER buku_jurnal_seimbang
    AFTER INSERT ON buku_jurnal DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION buku_cek_jurnal_seimbang();

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

CREATE TRIGGER buku_baris_periode_terbuka
    BEFORE INSERT ON buku_barisjurnal
    FOR EACH ROW EXECUTE FUNCTION buku_cek_periode_terbuka();
"""

SQL_MUNDUR = r"""
DROP TRIGGER IF EXISTS buku_baris_periode_terbuka ON buku_barisjurnal;
DROP FUNCTION IF EXISTS buku_cek_periode_terbuka();
DROP TRIGGER IF EXISTS buku_jurnal_seimbang ON buku_jurnal;
DROP TRIGGER IF EXISTS buku_baris_seimbang ON buku_barisjurnal;
DROP FUNCTION IF EXISTS buku_cek_jurnal_seimbang();
"""


class Migration(migrations.Migration):
    dependencies = [("buku", "0001_awal")]
    operations = [migrations.RunSQL(SQL, SQL_MUNDUR)]
