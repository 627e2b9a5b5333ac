"""segkit: label every line of a web document as headline, byline, timestamp, body,
caption, nav or related."""

from .document import Document, Line
from .hookspecs import hookimpl
from .labels import LABELS
from .pipeline import Segmenter, segment
from .site import Block, Site

__all__ = ["LABELS", "Block", "Document", "Line", "Segmenter", "Site", "hookimpl", "segment"]
__version__ = "0.1.0"
