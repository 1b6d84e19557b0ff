"""Writes for governance: recording audit entries."""

from __future__ import annotations

from typing import Any

from django.db import models

from townhall.governance.models import AuditEntry


def record_audit(
    *,
    actor: models.Model | None,
    action: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log; called inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor,  # type: ignore[misc]
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        details=details or {},
    )
