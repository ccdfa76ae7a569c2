"""A glossary and a chapter that links its terms (tests/test_glossary_popups.py)."""
extensions = ['myst_parser', '_ext.glossary_tips']
myst_enable_extensions = ['colon_fence']
root_doc = 'index'
html_theme = 'basic'
