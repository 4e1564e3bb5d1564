"""SiliconDesk: a desktop chat application for OpenAI-compatible chat-completions APIs."""

__version__ = "0.1.0"
