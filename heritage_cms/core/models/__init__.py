"""Core models: one module per concern, re-exported so Django finds them."""

from .images import CaptionedPageImage, HeritageImage, HeritageRendition
from .jobs import ProcessingJob, ProcessingStatus
from .mixins import HeritagePageMixin
from .pages import HomePage

__all__ = [
    "CaptionedPageImage",
    "HeritageImage",
    "HeritagePageMixin",
    "HeritageRendition",
    "HomePage",
    "ProcessingJob",
    "ProcessingStatus",
]
