"""A small in-process cache for query results, keyed by the viewer's whole scope, the
filters and the data's version, so two viewers never share an answer one of them may not
see, and an import is visible at once.

One instance lives on each app (not in a module global); across app instances, a shared
cache such as Redis would take the same keys (docs/deploy.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queries.db import rows_of
from queries.models import AuditEvent, Submission

# Changes to the partners that change what pages show: names, and who reports for whom.
PARTNER_ACTIONS = ("organisation_add", "organisation_rename", "partnership_add",
                   "partnership_end")


# Reviews of submissions, each audited with the change it makes (queries.review).
REVIEW_ACTIONS = ("submission_check", "submission_approve")


def data_version(session: Session) -> tuple[int, int, int, int]:
    """Changes whenever a submission is imported or replaced (demo data counts as one), when
    one is checked or approved (the data status page shows the review), and when an
    organisation is added or renamed or a partnership begins or ends.

    Asked on every request, so it reads indexes only: the submissions' newest id and count
    (a count, because ids are not committed in order), and the audit log's reviews and
    partner changes through its index on the action. Counting the reviewed submissions
    instead read every submission, 2.5 ms a request at scale 10 and growing."""
    # One statement of separate scalar reads: SQLite answers max(id) and count(*) from an
    # index alone only when each stands on its own (together they scanned the table).
    newest, count, reviews, partners = rows_of(session, select(
        select(func.max(Submission.id)).scalar_subquery(),
        select(func.count()).select_from(Submission).scalar_subquery(),
        select(func.count()).select_from(AuditEvent)
        .where(AuditEvent.action.in_(REVIEW_ACTIONS)).scalar_subquery(),
        select(func.max(AuditEvent.id)).where(AuditEvent.action.in_(PARTNER_ACTIONS))
        .scalar_subquery(),
    ))[0]
    return int(newest or 0), int(count), int(reviews), int(partners or 0)


class QueryCache:
    """Least-recently-used entries with a time to live; safe for threaded workers."""

    def __init__(self, max_entries: int = 512, ttl_seconds: float = 600.0) -> None:
        self.max_entries, self.ttl = max_entries, ttl_seconds
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry[0] < self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1]
        value = compute()
        with self._lock:
            self.misses += 1
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
