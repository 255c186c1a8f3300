"""Stage one, documents: an attached file into blocks, one reader per format (Word, Word 97,
OpenDocument, RTF, PDF), with the table layouts and the zip guard they share.

:func:`parsers.documents.formats.read_document` picks the reader.
"""
