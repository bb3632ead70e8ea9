"""Text as it comes in: source bytes decoded, mojibake repaired, dates as written.

The lowest layer of the plugin: ``source`` decodes a file's bytes strictly and
says where it fails (an archived copy's control characters are cleaned
instead), ``font_shift`` decodes text written in a shifted PDF font,
``positions`` turns offsets into lines and columns, ``mojibake`` repairs
decoding mistakes and explains each one (``codepages`` judges legacy code
pages by language, ``mentions`` spots quoted examples), and ``written_dates``
knows calendar dates in digits and in words. Pure functions of text; they
import nothing from the rooms above.
"""
