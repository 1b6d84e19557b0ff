"""HTTP for groups: the list with discovery and creation, and a group's own page."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.conversations.forms import PostForm
from townhall.conversations.views import apply_errors, composer_form, feed_page
from townhall.feeds import selectors as feeds
from townhall.groups import selectors, services
from townhall.groups.forms import GroupForm, InviteForm
from townhall.people import permissions
from townhall.people.models import Person


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def group_list(request: HttpRequest) -> HttpResponse:
    """My groups, groups to discover, and (POST) creating a new one."""
    me = _me(request)
    form = GroupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                group = services.create_group(actor=me, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your group %(name)s is ready.") % {"name": group.name})
                return redirect("group_detail", slug=group.slug)
        status = 422
    context = {
        "mine": list(selectors.my_groups(me)),
        "discover": list(selectors.discover_groups(me)),
        "form": form,
        "can_create": permissions.can_create_group(me),
    }
    return render(request, "groups/list.html", context, status=status)


def group_detail(
    request: HttpRequest,
    slug: str,
    *,
    composer: PostForm | None = None,
    invite_form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    me = _me(request)
    group = selectors.access_group(me, slug)
    is_member = permissions.is_group_member(me, group)
    can_read = permissions.can_read_group(me, group)
    page = feeds.group_feed(me, group, after=request.GET.get("after", ""))
    context: dict[str, Any] = {
        "group": group,
        "is_member": is_member,
        "can_read": can_read,
        "can_post": permissions.can_post_in_group(me, group),
        "can_join": permissions.can_join_group(me, group),
        "can_request": permissions.can_request_to_join(me, group),
        "can_manage": permissions.can_manage_group(me, group),
        "can_invite": not group.is_auto_managed
        and (permissions.can_manage_group(me, group) or is_member),
        "pending": selectors.has_pending_request(me, group),
        "invitation": None if is_member else selectors.open_invitation(me, group),
        "feed_url": request.path,
    }
    if not request.GET.get("after"):
        context.update(
            members=selectors.group_members(group) if can_read or is_member else [],
            requests=list(selectors.pending_join_requests(me, group)),
            composer=composer
            or (composer_form(request, group=group) if context["can_post"] else None),
            invite_form=invite_form or InviteForm(),
            following=feeds.is_following(me, group=group),
        )
    return feed_page(request, "groups/detail.html", page, context, status=status)


def _group_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    me = _me(request)
    group = selectors.access_group(me, slug)
    try:
        if action == "join":
            services.join_group(person=me, group=group)
            messages.success(request, _("Welcome to %(name)s.") % {"name": group.name})
        elif action == "leave":
            services.leave_group(person=me, group=group)
            messages.success(request, _("You left %(name)s.") % {"name": group.name})
        else:
            services.request_to_join(
                person=me, group=group, message=request.POST.get("message", "")[:500]
            )
            messages.success(request, _("Your request was sent to the group's admins."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You cannot do that in this group."))
    if action == "leave" and not permissions.can_see_group_exists(me, group):
        return redirect("group_list")
    return redirect("group_detail", slug=group.slug)


@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    return _group_action(request, slug, "join")


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    return _group_action(request, slug, "leave")


@require_POST
def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    return _group_action(request, slug, "request")


@require_POST
def answer_invitation(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept or decline the invitation into a group shown on its page."""
    me = _me(request)
    group = selectors.access_group(me, slug)
    invitation = selectors.open_invitation(me, group)
    if invitation is None:
        messages.info(request, _("This invitation was already answered."))
        return redirect("group_detail", slug=group.slug)
    accept = request.POST.get("decision") == "accept"
    services.answer_group_invitation(person=me, invitation=invitation, accept=accept)
    if accept:
        messages.success(request, _("Welcome to %(name)s.") % {"name": group.name})
        return redirect("group_detail", slug=group.slug)
    messages.success(request, _("You declined the invitation."))
    if not permissions.can_see_group_exists(me, group):
        return redirect("group_list")
    return redirect("group_detail", slug=group.slug)


@require_POST
def decide_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    me = _me(request)
    group = selectors.access_group(me, slug)
    join_request = selectors.access_join_request(me, group, pk)
    approve = request.POST.get("decision") == "approve"
    services.decide_join_request(actor=me, request=join_request, approve=approve)
    name = join_request.person.display_name  # type: ignore[union-attr]
    if approve:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("You declined %(name)s's request.") % {"name": name})
    return redirect("group_detail", slug=group.slug)


@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    me = _me(request)
    group = selectors.access_group(me, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        person = selectors.find_invitee(me, form.cleaned_data["who"])
        if person is None:
            form.add_error("who", _("We couldn't find a colleague with that email or handle."))
        else:
            try:
                services.invite_to_group(actor=me, group=group, person=person)
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied:
                form.add_error(None, _("Only members can invite colleagues."))
            else:
                messages.success(
                    request, _("%(name)s was invited.") % {"name": person.display_name}
                )
                return redirect("group_detail", slug=group.slug)
    return group_detail(request, slug, invite_form=form, status=422)
