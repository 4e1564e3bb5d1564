"""Model text → safe HTML: Markdown, highlighting, math. Pure functions, no widgets."""
