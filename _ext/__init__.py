"""The book's own Sphinx extensions and build tools.

A package, imported as ``_ext.<module>`` with the book's root folder on ``sys.path``: Jupyter
Book adds it for the ``local_extensions`` of ``_config.yml`` (``_ext.selfcheck: .``), pytest
through ``pythonpath = ["."]`` in ``pyproject.toml``, and ``python -m scripts.<name>`` from the
root folder (the Makefile's way) by itself. Nothing here edits ``sys.path``.

=====================  =================================================================
``offline_assets``     vendored Vega, MathJax, require.js and widget manager; no CDN
``accessibility``      ARIA fixes for docutils and myst-nb markup
``glossary_tips``      a term link shows its glossary definition on hover and focus
``chapter_tools``      the chapter header box and the notebooks copied into the site
``selfcheck``          the ``selfcheck`` directive (a package: parse, nodes, writers, export)
``notebook_export``    a chapter as a plain notebook (``make notebooks``)
``toc``                the table of contents, read once: the chapter list everyone uses
``_assets``            shared plumbing: fingerprints, per-page assets
=====================  =================================================================
"""
