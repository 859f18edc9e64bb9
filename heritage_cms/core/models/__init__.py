"""Core models: one module per concern, re-exported so Django finds them."""

from .images import CaptionedPageImage, HeritageImage, HeritageRendition
from .mixins import HeritagePageMixin, ProcessingStatus
from .pages import HomePage

__all__ = [
    "CaptionedPageImage",
    "HeritageImage",
    "HeritagePageMixin",
    "HeritageRendition",
    "HomePage",
    "ProcessingStatus",
]
