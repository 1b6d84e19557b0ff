"""HTTP for leadership: the leaders corner, onboarding, the coaching board, nudges and drafts."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from townhall.conversations.views import apply_errors
from townhall.groups import selectors as groups
from townhall.groups.models import Group
from townhall.leadership import permissions as leadership_permissions
from townhall.leadership import selectors, services
from townhall.leadership.forms import DraftForm, NudgeForm
from townhall.leadership.models import DraftPost
from townhall.people.models import OrgUnit, Person
from townhall.people.selectors import unit_choices
from townhall.web.rendering import render_page


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _unit(request: HttpRequest) -> OrgUnit | None:
    slug = request.GET.get("unit", "")[:220]
    return OrgUnit.objects.filter(slug=slug).first() if slug else None


# --- Leaders corner -------------------------------------------------------------------------


def leaders_corner(request: HttpRequest) -> HttpResponse:
    """Every leader by org level with their latest post, next open hour and responsiveness."""
    me = _me(request)
    _require(leadership_permissions.can_view_leaders_corner(me))
    unit = _unit(request)
    sections = selectors.leaders_corner(me, unit=unit)
    context = {
        "sections": sections,
        "leader_count": sum(len(s.cards) for s in sections),
        "unit": unit,
        "units": unit_choices(),
        "line_count": len(selectors.leaders_above(me)),
    }
    return render_page(
        request, "leadership/corner.html", context, partial="leadership/_corner_results.html"
    )


@require_POST
def follow_my_line(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    result = services.follow_my_line(person=me)
    if result.followed:
        text = ngettext(
            "You now follow %(count)s more leader of your line.",
            "You now follow %(count)s more leaders of your line.",
            result.newly_followed,
        ) % {"count": result.newly_followed}
    elif result.already:
        text = _("You already follow every leader of your line.")
    else:
        text = _("There are no leaders above you in the organisation chart yet.")
    if getattr(request, "htmx", False):
        return render(request, "leadership/_follow_line.html", {"text": text, "result": result})
    messages.success(request, text)
    return redirect("leaders_corner")


# --- Onboarding -----------------------------------------------------------------------------


def onboarding(request: HttpRequest) -> HttpResponse:
    """The leader's own checklist, with progress."""
    me = _me(request)
    _require(leadership_permissions.can_view_onboarding(me))
    services.start_onboarding(person=me)
    checklist = selectors.onboarding_for(me)
    assert checklist is not None  # noqa: S101 - can_view_onboarding means an active leader
    services.record_progress(onboarding=checklist)
    context = {
        "onboarding": checklist,
        "drafts": list(selectors.pending_drafts_for(me)[:10]),
        "nudges": selectors.nudges_for(me, limit=5),
    }
    return render(request, "leadership/onboarding.html", context)


@require_POST
def dismiss_onboarding(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require(leadership_permissions.can_view_onboarding(me))
    services.dismiss_onboarding(person=me)
    if getattr(request, "htmx", False):
        return HttpResponse("")
    messages.success(request, _("The checklist is hidden from your home page."))
    return redirect("leadership_onboarding")


# --- Coaching board -------------------------------------------------------------------------


def coaching(request: HttpRequest) -> HttpResponse:
    """Every leader's onboarding, activity and responsiveness, for community managers."""
    me = _me(request)
    _require(leadership_permissions.can_coach(me))
    sort = request.GET.get("sort", "progress")
    if sort not in selectors.COACHING_SORTS:
        sort = "progress"
    unit = _unit(request)
    leaders = list(selectors.leaders_queryset())
    services.start_onboarding_for(people=leaders)
    context = {
        "rows": selectors.coaching_board(me, unit=unit, sort=sort),
        "unit": unit,
        "units": unit_choices(),
        "sort": sort,
        "sorts": _sort_labels(),
    }
    return render_page(
        request, "leadership/coaching.html", context, partial="leadership/_coaching_rows.html"
    )


def _sort_labels() -> list[tuple[str, str]]:
    return [
        ("progress", _("Least progress first")),
        ("-progress", _("Most progress first")),
        ("activity", _("Longest inactive first")),
        ("-activity", _("Most recently active first")),
        ("name", _("Name")),
    ]


def nudge(request: HttpRequest, pk: int) -> HttpResponse:
    """The nudge form (GET) and sending it (POST); htmx swaps it inside the board's row."""
    me = _me(request)
    _require(leadership_permissions.can_coach(me))
    leader = selectors.access_leader(me, pk)
    form = NudgeForm(request.POST or None)
    sent = None
    if request.method == "POST" and form.is_valid():
        try:
            message = form.cleaned_data["message"]
            sent = services.send_nudge(actor=me, leader=leader, message=message)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You cannot nudge this person."))
    if sent is not None:
        text = _("Nudge sent to %(name)s.") % {"name": leader.display_name}
        if getattr(request, "htmx", False):
            return render(request, "leadership/_nudge_sent.html", {"text": text, "nudge": sent})
        messages.success(request, text)
        return redirect("leadership_coaching")
    status = 422 if form.errors else 200
    context = {"form": form, "leader": leader}
    return render_page(
        request, "leadership/nudge.html", context, partial="leadership/_nudge.html", status=status
    )


# --- Drafts ---------------------------------------------------------------------------------


def _groups_for(leader: Person, actor: Person) -> QuerySet[Group]:
    """Groups the leader may post in that the person choosing can also see."""
    mine = groups.my_groups(leader)
    if actor.pk == leader.pk:
        return mine
    return mine.filter(pk__in=groups.groups_visible_to(actor).values("pk"))


def prepare_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A community manager writes a draft post for a leader."""
    me = _me(request)
    _require(leadership_permissions.can_coach(me))
    leader = selectors.access_leader(me, pk)
    _require(leadership_permissions.can_prepare_draft(me, leader))
    form = DraftForm(request.POST or None, groups=_groups_for(leader, me))
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.prepare_draft(actor=me, leader=leader, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The draft is waiting for %(name)s to review.") % {"name": leader.display_name},
            )
            return redirect(draft.get_absolute_url())
    status = 422 if form.errors else 200
    return render(
        request, "leadership/draft_prepare.html", {"form": form, "leader": leader}, status=status
    )


def drafts(request: HttpRequest) -> HttpResponse:
    """Drafts the viewer may see: for me (leaders) or prepared (community managers)."""
    me = _me(request)
    rows = list(selectors.drafts_visible_to(me)[:100])
    return render(request, "leadership/drafts.html", {"drafts": rows})


def _draft_initial(draft: DraftPost) -> dict[str, Any]:
    return {"group": draft.group, "kind": draft.kind, "title": draft.title, "body": draft.body}


def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader reviews, edits and publishes (or saves) a draft; others read it."""
    me = _me(request)
    draft = selectors.access_draft(me, pk)
    can_edit = leadership_permissions.can_edit_draft(me, draft)
    form = None
    if can_edit:
        data = request.POST if request.method == "POST" else None
        form = DraftForm(data, groups=_groups_for(me, me), initial=_draft_initial(draft))
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            if publish:
                post = services.publish_draft(actor=me, draft=draft, **form.cleaned_data)
            else:
                services.update_draft(actor=me, draft=draft, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            draft.refresh_from_db()
        else:
            if publish:
                messages.success(request, _("Published. It is your post now."))
                return redirect("post_detail", pk=post.pk)
            messages.success(request, _("Your changes are saved."))
            return redirect(draft.get_absolute_url())
    status = 422 if form is not None and form.errors else 200
    context = {"draft": draft, "form": form, "can_edit": can_edit}
    return render(request, "leadership/draft_detail.html", context, status=status)


@require_POST
def decline_draft(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    draft = selectors.access_draft(me, pk)
    services.decline_draft(actor=me, draft=draft)
    messages.success(request, _("You declined the draft; nothing was published."))
    return redirect("leadership_drafts")
