"""HTTP for posts, comments, reactions, bookmarks and topics: parse, call, render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.conversations import services
from townhall.conversations.forms import (
    CommentForm,
    EditPostForm,
    PostForm,
    ReactionForm,
    ShareForm,
)
from townhall.conversations.models import Post, ReactionKind
from townhall.feeds import selectors as feeds
from townhall.groups import selectors as groups
from townhall.groups.models import Group
from townhall.people import permissions
from townhall.people.models import Person
from townhall.people.selectors import access_person
from townhall.web.rendering import render_page

PLAIN_TEXT = "text/plain; charset=utf-8"  # htmx error text, announced by townhall.js


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def apply_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Where a no-script form post returns to: the page it came from, when it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def decorate_posts(viewer: Person, posts: list[Post]) -> list[Post]:
    """What a post card shows beyond the post row: reactions and read receipts, per page."""
    feeds.annotate_reactions(viewer, posts)
    feeds.acknowledgement_status(viewer, posts)
    feeds.attach_shared_visibility(viewer, posts)
    return posts


def card_context(request: HttpRequest) -> dict[str, Any]:
    """Context every page with post cards needs once: the share picker's groups, kinds."""
    me = _me(request)
    return {
        "share_groups": list(groups.my_groups(me)),
        "reaction_kinds": ReactionKind.choices,
    }


def composer_form(
    request: HttpRequest, data: Any = None, group: Group | None = None, files: Any = None
) -> PostForm:
    me = _me(request)
    mine = list(groups.my_groups(me))
    if group is not None:
        mine = [group] + [g for g in mine if g.pk != group.pk]
    return PostForm(data, files, groups=mine, can_announce=permissions.can_post_announcement(me))


def feed_page(
    request: HttpRequest,
    template: str,
    page: feeds.FeedPage,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """A feed page; with ?after= (infinite scroll) only the next posts and the next sentinel."""
    me = _me(request)
    decorate_posts(me, page.posts)
    context = {**card_context(request), **context, "page": page, "feed_url": request.path}
    if request.GET.get("after"):
        return render(request, "conversations/_feed_more.html", context, status=status)
    return render_page(request, template, context, status=status)


@require_POST
def compose(request: HttpRequest) -> HttpResponse:
    """Publish from a composer (home, group page); on bad input the page comes back with 422."""
    me = _me(request)
    form = composer_form(request, request.POST, files=request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        files = services.ComposerFiles(
            attachments=data["attachments"],
            cover=data["cover"] if kind == "article" else None,
            video=data["video"] if kind == "video" else None,
            poster=data["poster"] if kind == "video" else None,
        )
        try:
            post = services.publish_post_with_files(
                author=me,
                files=files,
                transcript=data["transcript"] if kind == "video" else "",
                body=data["body"],
                kind=data["kind"],
                group=data["group"],
                title=data["title"],
                language=data["language"],
                pinned=data["kind"] == "announcement" and bool(request.POST.get("pinned")),
                must_read=data["kind"] == "announcement" and bool(request.POST.get("must_read")),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Posted."))
            if request.POST.get("next", "").startswith("/groups/"):
                return _back(request, reverse("home"))
            return redirect(f"{reverse('home')}#post-{post.pk}")
    group_slug = request.POST.get("from_group", "")
    if group_slug:
        from townhall.groups.views import group_detail

        return group_detail(request, group_slug, composer=form, status=422)
    from townhall.web.views import home

    return home(request, composer=form, status=422)


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    services.record_view(person=me, post=post)
    decorate_posts(me, [post])
    return render(request, "conversations/post_detail.html", _detail_context(request, post))


def _detail_context(request: HttpRequest, post: Post, **extra: Any) -> dict[str, Any]:
    me = _me(request)
    return {
        **card_context(request),
        "post": post,
        "comments": feeds.comments_for(me, post),
        "history": feeds.comment_revisions(me, post),
        "can_edit": permissions.can_edit_post(me, post),
        "can_delete": permissions.can_delete_post(me, post),
        "can_accept": permissions.can_accept_answer(me, post),
        "can_moderate": permissions.can_moderate(me),
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "detail": True,
        **extra,
    }


@require_POST
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = feeds.access_comment(me, form.cleaned_data["parent"])
        try:
            services.add_comment(
                author=me, post=post, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            post = feeds.access_post(me, pk)
            if request.htmx:  # type: ignore[attr-defined]
                return render(
                    request, "conversations/_comments.html", _detail_context(request, post)
                )
            return redirect(reverse("post_detail", args=[pk]) + "#comments")
    context = _detail_context(request, post, comment_form=form)
    decorate_posts(me, [post])
    return render_page(
        request,
        "conversations/post_detail.html",
        context,
        partial="conversations/_comments.html",
        status=422,
    )


@require_POST
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    comment = feeds.access_comment(me, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.edit_comment(actor=me, comment=comment, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("post_detail", args=[comment.post_id]) + f"#comment-{pk}")
    post = feeds.access_post(me, comment.post_id)
    decorate_posts(me, [post])
    messages.error(request, " ".join(str(e) for e in form.errors.get("body", [])))
    return render(
        request,
        "conversations/post_detail.html",
        _detail_context(request, post, editing=pk),
        status=422,
    )


@require_POST
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    comment = feeds.access_comment(me, pk)
    services.delete_comment(actor=me, comment=comment)
    messages.success(request, _("Comment deleted."))
    return redirect(reverse("post_detail", args=[comment.post_id]) + "#comments")


@require_POST
def accept_answer(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    raw = request.POST.get("comment", "")
    comment = feeds.access_comment(me, int(raw)) if raw.isdigit() else None
    services.accept_answer(actor=me, post=post, comment=comment)
    return redirect(reverse("post_detail", args=[pk]) + "#comments")


def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    if not permissions.can_edit_post(me, post):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    initial = {"title": post.title, "body": post.body, "language": post.language}
    form = EditPostForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_post(
                    actor=me,
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data["title"]
                    if post.kind == "article" or post.title
                    else None,
                    language=form.cleaned_data["language"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your post was updated."))
                return redirect("post_detail", pk=pk)
        status = 422
    return render(
        request, "conversations/post_edit.html", {"post": post, "form": form}, status=status
    )


@require_POST
def delete_post(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    services.delete_post(actor=me, post=post)
    messages.success(request, _("The post was deleted."))
    return redirect("home")


@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    """Toggle a reaction; htmx gets the updated reaction bar back."""
    me = _me(request)
    post = feeds.access_post(me, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown reaction."), status=400, content_type=PLAIN_TEXT)
    try:
        services.toggle_reaction(person=me, post=post, kind=form.cleaned_data["kind"])
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=429, content_type=PLAIN_TEXT)
    if not request.htmx:  # type: ignore[attr-defined]
        return _back(request, reverse("post_detail", args=[pk]))
    post.reaction_count = Post.objects.filter(pk=pk).values_list("reaction_count", flat=True)[0]
    feeds.annotate_reactions(me, [post])
    return render(
        request,
        "conversations/_reactions.html",
        {"post": post, "reaction_kinds": ReactionKind.choices},
    )


@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    post.is_saved = services.toggle_bookmark(person=me, post=post)  # type: ignore[attr-defined]
    if not request.htmx:  # type: ignore[attr-defined]
        return _back(request, reverse("post_detail", args=[pk]))
    return render(request, "conversations/_bookmark.html", {"post": post})


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    services.acknowledge(person=me, post=post)
    if not request.htmx:  # type: ignore[attr-defined]
        return _back(request, reverse("post_detail", args=[pk]))
    feeds.acknowledgement_status(me, [post])
    return render(request, "conversations/_acknowledge.html", {"post": post})


@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    post = feeds.access_post(me, pk)
    form = ShareForm(request.POST, groups=list(groups.my_groups(me)))
    if form.is_valid():
        try:
            services.share_post(
                person=me,
                post=post,
                group=form.cleaned_data["group"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _back(request, reverse("post_detail", args=[pk]))
        messages.success(
            request, _("Shared into %(group)s.") % {"group": form.cleaned_data["group"].name}
        )
        return _back(request, reverse("post_detail", args=[pk]))
    messages.error(request, _("Choose a group of yours to share into."))
    response = _back(request, reverse("post_detail", args=[pk]))
    return response


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    me = _me(request)
    topic = feeds.access_topic(slug)
    page = feeds.topic_feed(me, topic, after=request.GET.get("after", ""))
    context = {
        "topic": topic,
        "following": feeds.is_following(me, topic=topic),
        "title": f"#{topic.name}",
    }
    return feed_page(request, "conversations/topic.html", page, context)


@require_POST
def follow_topic(request: HttpRequest, slug: str) -> HttpResponse:
    me = _me(request)
    topic = feeds.access_topic(slug)
    if request.POST.get("action") == "unfollow":
        services.unfollow(follower=me, topic=topic)
    else:
        services.follow_topic(follower=me, topic=topic)
    return redirect("topic_detail", slug=topic.slug)


@require_POST
def follow_person(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    person = access_person(me, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow(follower=me, person=person)
    else:
        try:
            services.follow_person(follower=me, person=person)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("profile", pk=person.pk)
