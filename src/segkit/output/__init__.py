"""Stage 5, write: output formats, the HTML report, and atomic, resumable output files."""
