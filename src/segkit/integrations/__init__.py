"""segkit inside other tools' pipelines; each module needs that tool's extra and imports
only segkit's public API (``import segkit``), so the stages never depend on it."""
