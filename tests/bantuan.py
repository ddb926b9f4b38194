"""Small set-up helpers shared by tests of several apps."""

from __future__ import annotations

from typing import Any

import pgtrigger

from kotaku.models import LKM, Kebijakan


def ubah_kebijakan_awal(lkm: LKM, **nilai: Any) -> None:
    """Test set-up only: start the LKM from a policy with `nilai` changed.

    Policies are append-only in PostgreSQL (trigger `kebijakan_tetap`: a change is a new dated row). A test
    that needs different terms from the very start edits the row the Jiwan organisation loaded, setting the
    trigger aside for this one statement (pgtrigger.ignore); application code never does.
    """
    with pgtrigger.ignore("kotaku.Kebijakan:kebijakan_tetap"):
        Kebijakan.objects.filter(lkm=lkm).update(**nilai)
