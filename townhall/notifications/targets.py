"""How notifications about other apps' objects read: each app registers a describer for its
target type ("openhours.question", "problems.problem", ...) in its AppConfig.ready().

A describer gets the notification and the person reading it, asks the permission layer, and
returns what to show; notifications never learn those apps' models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from townhall.notifications.models import Notification
    from townhall.people.models import Person


@dataclass(frozen=True)
class TargetView:
    """A target as the recipient may see it now; `accessible=False` hides text and link."""

    text: str
    url: str
    snippet: str = ""
    accessible: bool = True


Describer = Callable[["Notification", "Person"], TargetView]
_describers: dict[str, Describer] = {}


def register_target(target_type: str, describer: Describer) -> None:
    """Teach notifications how a target type reads (call from AppConfig.ready)."""
    _describers[target_type] = describer


def describer_for(target_type: str) -> Describer | None:
    return _describers.get(target_type)
