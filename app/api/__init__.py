"""The chat-completions wire protocol over one shared httpx.AsyncClient. No Qt."""
