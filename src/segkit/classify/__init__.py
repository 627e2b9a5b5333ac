"""Stage 3, classify: the site-agnostic classifier, one module per stage, as in jusText.

1. ``features``: what each line says about itself (with the cue words of ``wordlists``);
2. ``classes``: a first, context-free class per line from its features (and markup);
3. ``region``: the article region, the run after the title with the most paragraph text;
4. ``revise``: labels from the classes, revised by the document's shape (the head of the
   article, the title, related blocks, captions beside credits, live-blog entries).

``pipeline.classify_lines`` runs them in that order.
"""

from segkit.classify.pipeline import classify_lines, label_lines
from segkit.classify.revise import Trace

__all__ = ["Trace", "classify_lines", "label_lines"]
