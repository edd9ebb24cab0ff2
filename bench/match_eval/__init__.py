"""The labelled evaluation set of matching (see README.md in this folder)."""
