"""The demo world loaded by `manage.py load_demo`: content in `data`, loading in `loader`."""
