"""Stage 1, read and decode: records and where they come from, byte sniffing, decoding.

``sources`` finds records (files and folders, stdin, JSONL, WARC/WET, gzip), ``sniff``
tells what bytes hold, ``decode`` and ``charset`` turn text and HTML bytes into ``str``,
and ``records.decode_record`` is the one decoder every command and engine uses.
"""
