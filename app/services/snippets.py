"""The request as code to paste (cURL, Python, JavaScript), for the window's Copy buttons:
the api layer writes them, the window asks here."""

from __future__ import annotations

from app.api.snippets import as_curl, as_javascript, as_python

__all__ = ["as_curl", "as_javascript", "as_python"]
