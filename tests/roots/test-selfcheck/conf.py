"""A page of self-check questions (tests/test_selfcheck.py)."""
extensions = ["myst_parser", "_ext.selfcheck"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
exclude_patterns = ["_build"]
html_theme = "basic"
