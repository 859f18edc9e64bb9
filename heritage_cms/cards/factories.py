import factory
from factory.django import DjangoModelFactory

from heritage_cms.core.money import VND
from heritage_cms.sites.factories import SiteFactory

from .models import Account, Card, Product


class AccountFactory(DjangoModelFactory):
    kind = Account.Kind.PAYMENTS
    name = factory.Sequence(lambda n: f"account-{n}")

    class Meta:
        model = Account


class CardAccountFactory(AccountFactory):
    kind = Account.Kind.CARD
    floor = VND(0)


class CardFactory(DjangoModelFactory):
    number = factory.Sequence(lambda n: f"9704{n:012d}")
    uid = factory.Sequence(lambda n: f"04{n:012X}")
    account = factory.SubFactory(CardAccountFactory)

    class Meta:
        model = Card


class ProductFactory(DjangoModelFactory):
    """``ProductFactory(sites=["dai-noi", "lang-tu-duc"])``: the sites by code, as on tickets."""

    code = factory.Sequence(lambda n: f"product-{n}")
    name = factory.Sequence(lambda n: f"Product {n}")
    kind = Product.Kind.SINGLE_SITE
    price = VND(200_000)

    class Meta:
        model = Product

    @factory.post_generation
    def sites(self, create, codes, **kwargs):
        if create and codes:
            self.sites.set([SiteFactory(code=code) for code in codes])
