"""Vietnamese đồng as a type of its own: whole numbers only (VND has no minor unit), never floats.

Stripe treats VND as zero-decimal too, so an amount here is the amount everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def format_vnd(amount: int) -> str:
    """150000 → '150.000 ₫'."""
    return f"{amount:,} ₫".replace(",", ".")


@dataclass(frozen=True, order=True, slots=True)
class VND:
    amount: int

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(
                f"VND amounts are whole đồng as int, not {type(self.amount).__name__} "
                f"({self.amount!r}): convert explicitly where the value comes from."
            )

    @classmethod
    def zero(cls) -> VND:
        return cls(0)

    def __add__(self, other: VND) -> VND:
        if not isinstance(other, VND):
            return NotImplemented
        return VND(self.amount + other.amount)

    def __sub__(self, other: VND) -> VND:
        if not isinstance(other, VND):
            return NotImplemented
        return VND(self.amount - other.amount)

    def __neg__(self) -> VND:
        return VND(-self.amount)

    def __str__(self) -> str:
        return format_vnd(self.amount)


class VNDFormField(forms.IntegerField):
    """Shows a stored amount as the number it is (``str(VND)`` is the formatted '150.000 ₫')."""

    def prepare_value(self, value):
        return value.amount if isinstance(value, VND) else value


class VNDField(models.BigIntegerField):
    """A BigIntegerField that reads and writes :class:`VND` (and refuses floats)."""

    description = "Amount in Vietnamese đồng"

    def from_db_value(self, value, expression, connection):
        return None if value is None else VND(int(value))

    def to_python(self, value):
        if value is None or isinstance(value, VND):
            return value
        if isinstance(value, float):
            raise ValidationError("Amounts are whole đồng, not decimals.")
        return VND(int(super().to_python(value)))

    def get_prep_value(self, value):
        if isinstance(value, VND):
            return value.amount
        if isinstance(value, float):
            raise TypeError("Amounts are whole đồng: pass VND or int, not float.")
        return super().get_prep_value(value)

    def run_validators(self, value):
        # The integer range validators compare numbers, not VND.
        super().run_validators(value.amount if isinstance(value, VND) else value)

    def value_to_string(self, obj):
        """As a plain number, for serialised copies (page revisions, fixtures)."""
        value = self.value_from_object(obj)
        return "" if value is None else str(value.amount if isinstance(value, VND) else value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": VNDFormField, **kwargs})
