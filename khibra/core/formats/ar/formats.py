"""Arabic number and time formats: the project's choice, over Django's defaults for `ar`.

Digits stay Western (0-9), as Saudi government and bank statements print them; the decimal mark is
a point and thousands are grouped by a comma, as in English. Django's `ar` default (decimal comma,
thousands point) made "24,50 ساعة" read as twenty-four thousand fifty to a Saudi reader.
Anything not set here falls back to Django's `ar` formats.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
