"""The Celery application; tasks live in each app's tasks.py."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")

app = Celery("kotaku")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule["cadangan-akhir-bulan"]["schedule"] = crontab(minute=0, hour=1, day_of_month=1)


@app.task(name="kotaku.ping")
def ping(x: int) -> int:
    """Round trip used by /healthz and the tests: proves a worker is consuming."""
    return x + 1
