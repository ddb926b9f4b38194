"""The Celery application; tasks live in each app's tasks.py."""

import os
from typing import Any

from celery import Celery, signals
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")

app = Celery("kotaku")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule["cadangan-akhir-bulan"]["schedule"] = crontab(minute=0, hour=1, day_of_month=1)
app.conf.beat_schedule["snapshot-akhir-bulan"]["schedule"] = crontab(minute=0, hour=2, day_of_month=1)
app.conf.beat_schedule["usulan-tahap-bulanan"]["schedule"] = crontab(minute=0, hour=2, day_of_month=1)


@app.task(name="kotaku.ping")
def ping(x: int) -> int:
    """Round trip used by /healthz and the tests: proves a worker is consuming."""
    return x + 1


@signals.task_prerun.connect
def _tugas_mulai(task_id: str, task: Any, args: Any, kwargs: Any, **_: Any) -> None:
    from kotaku.log import catat

    catat("tugas.mulai", tugas=task.name, id_tugas=task_id, argumen=list(args or []), opsi=dict(kwargs or {}))


@signals.task_postrun.connect
def _tugas_selesai(task_id: str, task: Any, state: str | None = None, **_: Any) -> None:
    from kotaku.log import catat

    catat("tugas.selesai", tugas=task.name, id_tugas=task_id, status=state)


@signals.task_failure.connect
def _tugas_gagal(task_id: str, exception: BaseException, sender: Any = None, **_: Any) -> None:
    from kotaku.log import catat

    catat("tugas.gagal", tugas=getattr(sender, "name", None), id_tugas=task_id, galat=repr(exception))
