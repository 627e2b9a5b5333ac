"""segkit: label every line of a web document as headline, byline, timestamp, body,
caption, nav or related."""

from segkit.document import Document, Line
from segkit.hookspecs import hookimpl
from segkit.labels import LABELS
from segkit.pipeline import Segmenter, segment
from segkit.sites.site import Block, Site

__all__ = ["LABELS", "Block", "Document", "Line", "Segmenter", "Site", "hookimpl", "segment"]
__version__ = "0.1.0"
