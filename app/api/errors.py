"""One typed error hierarchy for everything that can go wrong talking to the endpoint.

HTTP statuses and bodies are mapped to these types in one place,
:func:`error_from_response`; transport failures in :func:`error_from_transport`.
Every error carries a message a person understands (never empty) and what to do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.domain.redact import redact
from app.domain.text import Text, plain, translate
from app.domain.unicode import scrub

if TYPE_CHECKING:  # httpx is imported where transport errors are mapped (start-up cost)
    import httpx


MAX_DETAIL = 1000  # characters of the server's own words kept in an error
MAX_CODE = 64


def _clean(value: Any, secrets: tuple[str, ...], limit: int | None = None) -> Any:
    """A value from outside, safe to store and show: no secrets, no lone surrogates."""
    if isinstance(value, Text):
        return Text(value.context, value.source,
                    tuple((k, _clean(v, secrets, limit)) for k, v in value.args))
    if not isinstance(value, str):
        return value
    value = redact(scrub(value), secrets)
    return value if limit is None or len(value) <= limit else value[:limit] + "…"


def _clean_code(code: int | str | None, secrets: tuple[str, ...]) -> int | str | None:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code if abs(code) < 2**53 else None  # JSON readers elsewhere lose bigger ones
    if isinstance(code, str):
        return _clean(code, secrets, MAX_CODE) or None
    return None


class Action(StrEnum):
    """What the user can do about an error; the UI offers the matching button."""

    NONE = "none"
    RETRY = "retry"
    FIX_PARAMETERS = "fix_parameters"
    ENTER_KEY = "enter_key"
    PICK_MODEL = "pick_model"
    TOP_UP = "top_up"
    CHECK_ENDPOINT = "check_endpoint"
    CHECK_NETWORK = "check_network"
    WAIT = "wait"
    CONTINUE = "continue"
    SEND_FEWER = "send_fewer"  # resend with the oldest messages left out


class ApiError(Exception):
    """Base of every error the api layer raises."""

    action: Action = Action.RETRY
    retryable: bool = False

    def __init__(
        self,
        text: Text | str,
        *,
        status: int | None = None,
        code: int | str | None = None,
        detail: str | None = None,
        retry_after: float | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        # Servers echo keys back (a 401 quoting the Authorization header): everything from
        # outside is masked and cut to size here, before it is stored or shown.
        secrets = tuple(secrets)
        if isinstance(text, str):
            text = plain(text) if text else translate("ApiError", "The request failed.")
        self.text = _clean(text, secrets, MAX_DETAIL)
        self.status = status
        self.code = _clean_code(code, secrets)
        self.detail = _clean(detail, secrets, MAX_DETAIL) or None if detail else None
        self.retry_after = retry_after
        self.message = str(self.text) + (f" The server said: “{self.detail}”"
                                         if self.detail else "")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "type": type(self).__name__,
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "action": str(self.action),
            "text": self.text.to_json(),
            "detail": self.detail,
        }


class BadRequest(ApiError):
    action = Action.FIX_PARAMETERS


class ParameterNotSupported(BadRequest):
    """The model rejects one request field (400, code 20015, naming it)."""

    parameter = ""

    def __init__(self, text: Text | str, *, parameter: str = "", **kw: Any) -> None:
        super().__init__(text, **kw)
        self.parameter = parameter or type(self).parameter

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "parameter": self.parameter}


class ThinkingNotSupported(ParameterNotSupported):
    """The model rejects ``enable_thinking`` (400, code 20015)."""

    parameter = "enable_thinking"


class ImagesNotSupported(ParameterNotSupported):
    """The model does not take images: SiliconFlow's "Image url should be a valid url or
    should like data:image/TYPE;base64", OpenAI's "image_url is only supported by certain
    models", llama.cpp without a projector ("image input is not supported"), vLLM's "is
    not a multimodal model". What it teaches: ``vision`` is off for the model."""

    action = Action.PICK_MODEL
    parameter = "images"


class ContextOverflow(BadRequest):
    """The prompt is longer than the model's context (SiliconFlow: 400/20015 "prompt_tokens
    (68957) must be less than max_seq_len (65536)"; vLLM and OpenAI: "maximum context
    length is N tokens"; llama.cpp: ``exceed_context_size_error``). ``prompt_tokens`` and
    ``limit`` are the server's counts where it said them."""

    action = Action.SEND_FEWER

    def __init__(self, text: Text | str, *, prompt_tokens: int | None = None,
                 limit: int | None = None, **kw: Any) -> None:
        super().__init__(text, **kw)
        self.prompt_tokens = prompt_tokens
        self.limit = limit

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "prompt_tokens": self.prompt_tokens, "limit": self.limit}


class ModelNotFound(BadRequest):
    action = Action.PICK_MODEL


class AuthenticationFailed(ApiError):
    action = Action.ENTER_KEY


class InsufficientBalance(ApiError):
    action = Action.TOP_UP


class ModelRequiresPaidBalance(InsufficientBalance):
    action = Action.PICK_MODEL


class PermissionDenied(ApiError):
    action = Action.CHECK_ENDPOINT


class NotFound(ApiError):
    action = Action.CHECK_ENDPOINT


class RedirectRefused(ApiError):
    action = Action.CHECK_ENDPOINT


class RateLimited(ApiError):
    action = Action.WAIT
    retryable = True

    def __init__(self, text: Text | str, *, limit: str | None = None, **kw: Any) -> None:
        super().__init__(text, **kw)
        self.limit = limit


class Overloaded(ApiError):
    action = Action.WAIT
    retryable = True


class GatewayTimeout(ApiError):
    action = Action.RETRY
    retryable = True


class ServerError(ApiError):
    action = Action.RETRY


class UnexpectedResponse(ApiError):
    """A body that is not the API's (an HTML page from a proxy, say)."""

    action = Action.CHECK_ENDPOINT


class MalformedResponse(ApiError):
    """The server's answer could not be understood."""


class ConnectionFailed(ApiError):
    action = Action.CHECK_NETWORK
    retryable = True


class ApiTimeout(ApiError):
    action = Action.RETRY


class StreamInterrupted(ApiError):
    """The answer stopped before the server said it was complete; what came is kept."""

    action = Action.CONTINUE


class AnswerLimitReached(StreamInterrupted):
    """The answer went past one of :class:`~app.api.limits.Limits`; the client stopped
    reading there. Everything up to the limit has been delivered as events."""

    action = Action.NONE


class AnswerTooLarge(AnswerLimitReached):
    """More text than ``max_text_chars``, or one event bigger than ``max_event_bytes``."""


class TooManyChoices(AnswerLimitReached):
    """A choice ``index`` at or beyond the ``n`` that was asked for."""


class TooManyToolCalls(AnswerLimitReached):
    """A tool call ``index`` at or beyond ``max_tool_calls``."""


class IdleTimeout(StreamInterrupted):
    """No text for ``idle_deadline`` seconds, though the connection stayed open."""

    action = Action.RETRY


class ResponseTooLarge(ApiError):
    """A non-streamed answer or model list bigger than ``max_body_bytes``: not read."""

    action = Action.CHECK_ENDPOINT


LIMIT_KINDS = ("RPM", "RPD", "TPM", "TPD", "IPM", "IPD")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _body_parts(body: bytes) -> tuple[int | str | None, str | None, bool]:
    """(code, message, looks_like_html) from an error body of any of the shapes seen."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return None, None, False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested past the stack
        lowered = text[:512].lower()
        html = lowered.startswith("<") and ("<html" in lowered or "<!doctype" in lowered
                                            or "<body" in lowered or "<head" in lowered)
        return None, (None if html else text), html
    if isinstance(data, str):
        return None, data, False
    if isinstance(data, dict):
        code = data.get("code")
        message = data.get("message")
        error = data.get("error")
        if isinstance(error, dict):  # OpenAI's shape
            message = message or error.get("message")
            code = code if code is not None else error.get("code") or error.get("type")
        elif isinstance(error, str) and not message:
            message = error
        if not isinstance(code, int | str) or isinstance(code, bool):
            code = None
        return code, (str(message) if message else None), False
    return None, None, False


_OVERFLOW = re.compile(
    r"max_seq_len|maximum context length|context length exceeded|context_length_exceeded"
    r"|exceed_context_size|exceeds the available context size|context window")
_NO_IMAGES = re.compile(
    r"image url should be|image_url is only supported|image input is not supported"
    r"|not a multimodal model|does not support (?:image|vision|multimodal)"
    r"|(?:images?|vision|multimodal input) (?:is|are) not supported|unsupported content type"
    r"|invalid content type|support image input|image_url.{0,40}not supported")
# The parameters a 20015 "does not support" answer is learned for (the panel's fields).
_REJECTABLE = ("thinking_budget", "response_format", "tools", "seed", "stop", "top_k",
               "min_p", "frequency_penalty", "n")


def _overflow_counts(said: str, body: bytes) -> tuple[int | None, int | None]:
    """(prompt tokens, context limit) as the server said them, where it did."""
    prompt = (re.search(r"prompt_tokens\D{0,4}(\d+)|(\d+) (?:tokens )?in the messages", said)
              or re.search(r"requested (\d+) tokens|resulted in (\d+) tokens", said))
    limit = re.search(r"max_seq_len\D{0,4}(\d+)|context length is (\d+)|n_ctx\D{0,4}(\d+)",
                      said)
    numbers = [_first(prompt), _first(limit)]
    if numbers[0] is None or numbers[1] is None:  # llama.cpp puts them beside the message
        try:
            data = json.loads(body.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):
            data = None
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            for i, key in enumerate(("n_prompt_tokens", "n_ctx")):
                value = error.get(key)
                if numbers[i] is None and isinstance(value, int) and not isinstance(value, bool):
                    numbers[i] = value
    return numbers[0], numbers[1]


def _first(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    found = next((g for g in match.groups() if g), None)
    return int(found) if found and len(found) < 12 else None


def _code_number(code: int | str | None) -> int | None:
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    return None


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes, secrets: Iterable[str] = ()
) -> ApiError:
    """The one place an HTTP error status and body become a typed error.

    The sentence is ours (translated in the window); the server's own words go in
    ``detail`` and are shown as it said them, except for ``secrets`` (the key in use)
    and anything key-shaped, which are masked.
    """
    code, server_message, html = _body_parts(body)
    number = _code_number(code)
    retry_after = parse_retry_after(headers.get("retry-after"))
    kw: dict[str, Any] = {"status": status, "code": code, "detail": server_message,
                          "secrets": tuple(secrets)}

    if 300 <= status < 400:
        location = headers.get("location")
        text = translate("ApiError", "The endpoint redirected the request to {location}. "
                                     "SiliconDesk does not follow redirects with your key; "
                                     "check the base URL in the endpoint settings.")
        where = location or translate("ApiError", "another address")
        return RedirectRefused(text.format(location=where), **kw)
    if html:
        text = translate("ApiError", "Something between you and the endpoint answered with a "
                                     "web page (HTTP {status}) instead of the API. Check the "
                                     "base URL and any proxy.")
        return UnexpectedResponse(text.format(status=status), **kw)
    if status in (400, 413) and (_OVERFLOW.search((server_message or "").lower())
                                 or _OVERFLOW.search(str(code or "").lower())):
        counted, most = _overflow_counts((server_message or "").lower(), body)
        return ContextOverflow(
            translate("ApiError", "The conversation is longer than this model's context. "
                                  "Send fewer earlier messages, or start a new chat."),
            prompt_tokens=counted, limit=most, **kw)
    if status in (400, 422, 500) and _NO_IMAGES.search((server_message or "").lower()):
        return ImagesNotSupported(
            translate("ApiError", "This model does not take images. Pick a model that sees "
                                  "images (a vision model), or remove the images and send "
                                  "again."), **kw)
    if status == 400:
        said = (server_message or "").lower()
        if number == 20015 and "thinking" in said:
            return ThinkingNotSupported(
                translate("ApiError", "This model does not support switching thinking on or "
                                      "off. Unset “enable_thinking” for it and send again."),
                **kw)
        rejected = next((p for p in _REJECTABLE if p in said), None) \
            if number == 20015 and "support" in said else None
        if rejected is not None:
            return ParameterNotSupported(
                translate("ApiError", "This model does not take “{parameter}”. Unset it and "
                                      "send again.").format(parameter=rejected),
                parameter=rejected, **kw)
        if number == 20012 or "model does not exist" in said:
            return ModelNotFound(
                translate("ApiError", "The endpoint does not know this model. "
                                      "Pick another model."), **kw)
        return BadRequest(
            translate("ApiError", "The endpoint rejected the request's parameters."), **kw)
    if status == 401:
        return AuthenticationFailed(
            translate("ApiError", "The API key was not accepted. Enter a valid key."), **kw)
    if status in (402, 403):
        if number == 30011:
            return ModelRequiresPaidBalance(
                translate("ApiError", "This model needs a paid balance. "
                                      "Top up or pick a free model."), **kw)
        if number == 30001 or status == 402 or "balance" in (server_message or "").lower():
            return InsufficientBalance(
                translate("ApiError", "Your account balance is not enough for this request. "
                                      "Top up and retry."), **kw)
        text = translate("ApiError", "The endpoint refused access (HTTP {status}).")
        return PermissionDenied(text.format(status=status), **kw)
    if status == 404:
        return NotFound(
            translate("ApiError", "The endpoint has no chat-completions API at this address "
                                  "(HTTP 404). Check the base URL."), **kw)
    if status == 429:
        limit = next((k for k in LIMIT_KINDS if re.search(rf"\b{k}\b", server_message or "")),
                     None)
        if limit:
            text = translate("ApiError", "Rate limited ({limit}): the endpoint asks you to "
                                         "slow down.").format(limit=limit)
        else:
            text = translate("ApiError", "Rate limited: the endpoint asks you to slow down.")
        return RateLimited(text, limit=limit, retry_after=retry_after, **kw)
    if status == 503:
        return Overloaded(
            translate("ApiError", "The model service is overloaded right now. "
                                  "Try again shortly."), retry_after=retry_after, **kw)
    if status == 504:
        return GatewayTimeout(
            translate("ApiError", "The endpoint timed out waiting for the model (HTTP 504)."),
            retry_after=retry_after, **kw)
    if status >= 500:
        text = translate("ApiError", "The endpoint had an internal error (HTTP {status}).")
        return ServerError(text.format(status=status), **kw)
    text = translate("ApiError", "The endpoint answered with HTTP {status}.")
    return UnexpectedResponse(text.format(status=status), **kw)


def error_from_transport(exc: httpx.TransportError, *, started: bool = False) -> ApiError:
    """A typed error for a transport failure; ``started`` once output has arrived."""
    import httpx
    if isinstance(exc, httpx.TimeoutException):
        if isinstance(exc, httpx.ConnectTimeout):
            return ConnectionFailed(translate(
                "ApiError", "Could not reach the endpoint in time. Check your network or proxy."))
        if isinstance(exc, httpx.ReadTimeout):
            # httpx's ReadTimeout has an empty str() (DESIGN.md, "Dependency traps").
            if started:
                return StreamInterrupted(translate(
                    "ApiError", "The answer stalled: the endpoint sent nothing for too long. "
                                "What arrived is kept; you can continue or retry."))
            return ApiTimeout(translate(
                "ApiError", "The endpoint did not answer in time. The model may be busy; "
                            "retry, or raise the read timeout in settings."))
        return ApiTimeout(translate("ApiError", "The request timed out. Retry in a moment."))
    if started:
        return StreamInterrupted(translate(
            "ApiError", "The connection dropped before the answer was complete. "
                        "What arrived is kept; you can continue or retry."))
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailed(translate(
            "ApiError", "Could not connect to the endpoint. Check your network, the base URL "
                        "and any proxy."))
    if isinstance(exc, httpx.UnsupportedProtocol):
        return UnexpectedResponse(translate(
            "ApiError", "The base URL is not an http:// or https:// address. "
                        "Check the endpoint settings."))
    return ConnectionFailed(translate(
        "ApiError", "The connection to the endpoint failed before an answer arrived. "
                    "Check your network."))
