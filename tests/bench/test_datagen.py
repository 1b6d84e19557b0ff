"""The benchmark data generator: a tiny scaled run yields consistent, app-shaped rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models import Count

from bench.datagen import HEAVY_EMAIL, PROFILES, generate
from townhall.conversations.models import Comment, Post, Reaction
from townhall.groups.models import Group, Membership
from townhall.people.models import Person
from townhall.search.models import SearchEntry
from townhall.search.services import _post_fields

pytestmark = pytest.mark.django_db

FIXED_NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def stats():
    return generate(PROFILES["sqlite-10k"], scale=0.002, log=lambda _m: None, now=FIXED_NOW)


def test_counts_follow_the_scaled_profile(stats):
    assert Person.objects.count() == stats.rows["people_person"] == 60
    assert Post.objects.count() == 2000
    assert Reaction.objects.count() == stats.rows["conversations_reaction"] > 0


def test_every_post_belongs_to_an_existing_group_and_author(stats):
    assert not Post.objects.exclude(group_id__in=Group.objects.values("pk")).exists()
    assert not Post.objects.exclude(author_id__in=Person.objects.values("pk")).exists()


def test_reactions_are_unique_and_match_post_counters(stats):
    duplicates = (
        Reaction.objects.values("post_id", "person_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    counted = dict(Reaction.objects.values_list("post").annotate(n=Count("id")).order_by())
    for post_id, reaction_count in Post.objects.values_list("pk", "reaction_count"):
        assert counted.get(post_id, 0) == reaction_count


def test_company_group_has_no_membership_rows_and_unit_groups_follow_units(stats):
    company = Group.objects.get(is_company=True)
    assert not Membership.objects.filter(group=company).exists()
    person = Person.objects.select_related("primary_unit").get(email=HEAVY_EMAIL)
    unit_groups = set(
        Membership.objects.filter(person=person, group__unit__isnull=False).values_list(
            "group__unit__path", flat=True
        )
    )
    assert unit_groups and all(person.primary_unit.path.startswith(p) for p in unit_groups)


def test_heavy_person_has_forty_groups(stats):
    assert Membership.objects.filter(person__email=HEAVY_EMAIL).count() == 40


def test_search_entries_are_what_the_app_would_index(stats):
    assert SearchEntry.objects.filter(comment__isnull=True).count() == Post.objects.count()
    assert SearchEntry.objects.filter(comment__isnull=False).count() == Comment.objects.count()
    for post in Post.objects.order_by("?")[:20]:
        entry = SearchEntry.objects.get(post=post, comment__isnull=True)
        for name, value in _post_fields(post).items():
            assert getattr(entry, name) == value, name
