"""HTML to PDF with WeasyPrint, loading nothing from anywhere.

The fetcher refuses every URL (no images, stylesheets or fonts from outside, not even from this
server), so a link typed into a document cannot make the server call anywhere; templates carry
their own styles and rely on the system's fonts. WeasyPrint is imported on first use: it takes
over a second to load, and only the requests that print need it.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def refusing_fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher

    class RefusingURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(
                f"Documents are rendered without loading anything; refused {url[:200]}"
            )

    return RefusingURLFetcher


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, url_fetcher=refusing_fetcher_class()()).write_pdf())
