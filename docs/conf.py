"""Sphinx configuration for the integrity-toolkit reference (``make docs``)."""

project = "integrity-toolkit"
author = "integrity-toolkit developers"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "matplotlib.sphinxext.plot_directive",
]
autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
html_theme = "alabaster"
exclude_patterns = ["_build"]
nitpicky = False
suppress_warnings = ["config.cache"]
autosummary_ignore_module_all = False
templates_path = ["_templates"]
