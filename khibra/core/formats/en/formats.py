"""English number formats: grouping by three, as the Arabic pages do (khibra/core/formats/ar)."""

NUMBER_GROUPING = 3
