"""segkit from Python: label one page, extract its article, or run a whole corpus.

The three calls here are the command's own steps, so Python and ``segkit split`` agree:
:func:`segment` decides text or HTML and the encoding with the readers' sniffing and
decoders (:mod:`segkit.inputs`), and :func:`split_corpus` runs the readers and the
worker pool of :mod:`segkit.corpus`. docs/api.md shows them in use.
"""

from segkit.api.corpus import RecordError, split_corpus
from segkit.api.single import Extraction, extract, segment

__all__ = ["Extraction", "RecordError", "extract", "segment", "split_corpus"]
