"""Structured logs: every money action and every task, one JSON object per line on stdout.

`catat("jurnal.diposting", oleh=user, lkm=lkm, kunci=..., jumlah=...)` writes
`{"waktu": ..., "tingkat": "INFO", "peristiwa": "jurnal.diposting", "oleh": "kasir.bukur", "lkm": 3, ...}`:
who, what, which LKM and which idempotency key, so an operator can follow any rupiah through the logs.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger("kotaku.aksi")

_BAWAAN = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class FormatJSON(logging.Formatter):
    """One JSON object per record; the `extra` fields of the record become keys."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "waktu": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "tingkat": record.levelname,
            "logger": record.name,
            "peristiwa": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in _BAWAAN})
        if record.exc_info:
            data["galat"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def _nama(oleh: Any) -> str:
    if oleh is None:
        return "sistem"
    return str(getattr(oleh, "username", oleh))


def catat(
    peristiwa: str, *, oleh: Any = None, lkm: Any = None, kunci: str | None = None, **data: Any
) -> None:
    """Log one business event: who (`oleh`, None = the system), what, which LKM, which key, its figures."""
    logger.info(
        peristiwa,
        extra={"oleh": _nama(oleh), "lkm": getattr(lkm, "pk", lkm), "kunci": kunci, **data},
    )
