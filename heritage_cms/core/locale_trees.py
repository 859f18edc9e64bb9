"""Every locale's visitors reach every page: a locale nobody has translated into mirrors another.

The rule: English mirrors Vietnamese (the source); French, Chinese, Japanese and Korean mirror
English. A mirror is a Wagtail alias, so a French visitor sees the English translation once it is
approved, and until then the English alias of the Vietnamese page, which is the source itself.

wagtail-localize mirrors a page when it is created in the admin, but not one it creates itself
(an English translation) nor one made by a script or the seed; ``synchronize_all_locales`` runs
every minute from the scheduler, so every new page reaches every locale within a minute.
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree


def synchronisations_in_order() -> list[LocaleSynchronization]:
    """Sources before the locales that mirror them: English is complete before French copies it."""
    pending = list(LocaleSynchronization.objects.select_related("locale", "sync_from"))
    mirrored = {sync.locale_id for sync in pending}
    done: set[int] = set()
    ordered: list[LocaleSynchronization] = []
    while pending:
        ready = [s for s in pending if s.sync_from_id not in mirrored or s.sync_from_id in done]
        if not ready:  # a loop between locales: no order is right, keep the rest as they are
            ordered.extend(pending)
            break
        for sync in ready:
            ordered.append(sync)
            done.add(sync.locale_id)
            pending.remove(sync)
    return ordered


def synchronize_all_locales() -> int:
    """Mirror every page missing from a synchronised locale; returns how many mirrors were made."""
    before = Page.objects.filter(alias_of__isnull=False).count()
    for sync in synchronisations_in_order():
        # A fresh index each time: the previous locale's new mirrors are pages of this one's source.
        synchronize_tree(
            sync.sync_from,
            sync.locale,
            page_index=PageIndex.from_database().sort_by_tree_position(),
        )
    return Page.objects.filter(alias_of__isnull=False).count() - before


def source_page(page: Page) -> Page:
    """The page whose content ``page`` shows: itself, or the end of its chain of mirrors."""
    seen = {page.pk}
    while page.alias_of_id and page.alias_of_id not in seen:
        seen.add(page.alias_of_id)
        page = page.alias_of
    return page


def shown_language(page: Page) -> Locale:
    """The language a visitor actually reads on ``page`` (a mirror shows its source's)."""
    return source_page(page).locale
