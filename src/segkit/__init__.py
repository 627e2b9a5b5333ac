"""segkit: label every line of a web document as headline, byline, timestamp, body,
caption, nav or related."""

from segkit.api import Extraction, RecordError, extract, segment, split_corpus
from segkit.classify.trees import ModelError
from segkit.document import Document, Line
from segkit.hookspecs import hookimpl
from segkit.inputs.decode import InputError
from segkit.labels import LABELS
from segkit.pipeline import Segmenter
from segkit.sites.site import Block, Site

__all__ = ["LABELS", "Block", "Document", "Extraction", "InputError", "Line", "ModelError",
           "RecordError", "Segmenter", "Site", "extract", "hookimpl", "segment",
           "split_corpus"]
__version__ = "0.1.0"
