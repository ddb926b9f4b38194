"""The Celery application; tasks live in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")

app = Celery("kotaku")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="kotaku.ping")
def ping(x: int) -> int:
    """Round trip used by /healthz and the tests: proves a worker is consuming."""
    return x + 1
