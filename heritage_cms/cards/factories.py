import factory
from factory.django import DjangoModelFactory

from heritage_cms.core.money import VND

from .models import Account, Card


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
