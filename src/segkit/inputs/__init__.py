"""Stage 1, read and decode: records and where they come from, byte sniffing, decoding.

``files`` finds records (files and folders, stdin) and hands each input to its format's
reader, by the table in ``formats`` (``whole`` text and HTML files, ``jsonl``, ``warc``
for WARC/WET; ``streams`` inflates gzip and keeps the first bytes for sniffing; ``options``
holds a run's reading options). ``sniff`` tells HTML from other bytes, ``decode`` and
``charset`` turn text and HTML bytes into ``str``, and ``records.decode_record`` is the one
decoder every command and engine uses. A new input format is one new reader module and one
entry in ``formats.FORMATS``.
"""
