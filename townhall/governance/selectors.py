"""Reads of the audit log, newest first, keyset-paginated."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from townhall.governance.models import AuditEntry


def audit_entries(*, action: str = "", before_id: int | None = None) -> QuerySet[AuditEntry]:
    """Audit entries newest first; `before_id` continues a page (keyset on id)."""
    qs = AuditEntry.objects.select_related("actor").order_by("-id")
    if action:
        qs = qs.filter(action=action)
    if before_id is not None:
        qs = qs.filter(Q(id__lt=before_id))
    return qs
