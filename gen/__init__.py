"""xlidl: read the Xen libxl IDL with a real grammar and write the C libxl is built from.

The pipeline, one subpackage per stage (docs/architecture.md):
frontend (IDL text to syntax tree) -> model (the checked, typed model) -> backend
(templates to files) -> tools (build, diff, format, API report) -> cli (the commands).
errors.py (diagnostics, exit statuses) and api.py (the Python interface) serve them all.
"""

__version__ = "0.2.0"
