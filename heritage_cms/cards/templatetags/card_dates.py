"""Dates on the tourist's card page that no reader can take for another day.

Django's short formats follow each locale's habit, which for English is the US month-first
``12/07/2026``: a visitor from anywhere else reads 12 July. So each language gets a format whose
day and month cannot be swapped — a month name, or the order its readers always use — and any
other language the ISO order.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import get_language

register = template.Library()

DATE_FORMATS = {
    "en": "j M Y",  # 7 Dec 2026
    "fr": "j N Y",  # 7 déc. 2026
    "vi": "j/n/Y",  # 7/12/2026: day first is the only order Vietnamese uses
    "zh-hans": "Y年n月j日",  # 2026年12月7日
    "ja": "Y年n月j日",  # 2026年12月7日
    "ko": "Y년 n월 j일",  # 2026년 12월 7일
}
ISO = "Y-m-d"


def date_format(language: str | None) -> str:
    return DATE_FORMATS.get((language or "").lower(), ISO)


@register.filter
def card_date(value: date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_date(value, date_format(get_language()))


@register.filter
def card_datetime(value: datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local, date_format(get_language()))} {format_date(local, 'H:i')}"
