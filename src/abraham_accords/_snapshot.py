"""The membership the data implies, day by day around every event: a reviewable digest.

A data change shows up in a pull request as a diff of this snapshot, i.e. as its
consequences for ``members_as_of``.
"""

from __future__ import annotations

__all__ = ["membership_snapshot"]

import datetime as dt

from ._dataset import Dataset
from ._loading import bundled_dataset
from ._membership import STAGES


def membership_snapshot(dataset: Dataset | None = None) -> dict[str, dict[str, list[str]]]:
    """Return the members at each stage on every event date and on the day before.

    Examples:
        >>> snapshot = membership_snapshot()
        >>> snapshot["2020-08-13"]["announced"]
        ['AE', 'IL']
    """
    ds = dataset or bundled_dataset()
    days: set[dt.date] = set()
    for event in ds.event_records:
        days.update({event.certain_by, event.certain_by - dt.timedelta(days=1)})
    return {
        day.isoformat(): {
            stage: [p.code for p in ds.members_as_of(day, stage=stage)] for stage in STAGES
        }
        for day in sorted(days)
    }
