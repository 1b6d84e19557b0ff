"""django-allauth hooks: sign-up only through invitations, mail through background tasks."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from townhall.notifications import tasks


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations, the org import or SSO, never open sign-up.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message in the recipient's language and deliver it in the background."""
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language() or "en"
        with translation.override(language):
            msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        html = ""
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        tasks.deliver_email.enqueue(to=[email], subject=str(msg.subject), body=body, html=html)


__all__ = ["AccountAdapter"]
