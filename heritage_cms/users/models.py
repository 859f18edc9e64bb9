from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The platform's user, swappable from day one (museum staff, finance, gate operators)."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
