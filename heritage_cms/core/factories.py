"""Test data builders (wagtail-factories); only the test suite imports these."""

import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory import LazyAttribute, PostGenerationMethodCall, Sequence, post_generation
from factory.django import DjangoModelFactory
from wagtail.models import Locale, Page, Site

from .models import HomePage


class UserFactory(DjangoModelFactory):
    username = Sequence(lambda n: f"staff{n}")
    email = LazyAttribute(lambda user: f"{user.username}@example.org")
    password = PostGenerationMethodCall("set_password", "correct horse battery staple")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*(Group.objects.get(name=name) for name in names))
        self.save()


class SourceLocalePageFactory(wagtail_factories.PageFactory):
    """Pages are written in the default (source) locale; translations are made from them."""

    locale = LazyAttribute(lambda _page: Locale.get_default())

    class Meta:
        abstract = True


class HomePageFactory(SourceLocalePageFactory):
    title = "Di sản Cố đô Huế"
    slug = Sequence(lambda n: f"home-{n}")
    intro = "Cổng thông tin di sản Cố đô Huế."

    class Meta:
        model = HomePage


def default_site_home(locale: Locale) -> HomePage:
    """A home page as the default site's root, replacing Wagtail's placeholder."""
    # A transactional test's flush removes the root page and site Wagtail's migrations made.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePageFactory(parent=root, locale=locale, slug=f"home-{locale.language_code}")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home
