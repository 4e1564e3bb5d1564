"""Every error status with the body real servers send becomes a typed, readable error."""

from __future__ import annotations

import pytest

from app.api import errors as e
from app.api.client import ApiClient
from app.domain.chat import ChatMessage, Role
from app.domain.params import ChatParams
from tests.loopback import LoopbackServer, Reply

MESSAGES = [ChatMessage(Role.USER, "hi")]

CASES = [
    (Reply.json(400, {"code": 20012, "message": "Model does not exist. Please check it carefully.",
                      "data": None}), e.ModelNotFound, e.Action.PICK_MODEL, "Model does not exist"),
    (Reply.json(400, {"code": 20015, "message": "length of prompt_tokens (68957) must be less "
                      "than max_seq_len (65536).", "data": None}),
     e.ContextOverflow, e.Action.SEND_FEWER, "max_seq_len"),
    (Reply.json(401, "Invalid token"), e.AuthenticationFailed, e.Action.ENTER_KEY, "Invalid token"),
    (Reply.json(401, "Api key is invalid"), e.AuthenticationFailed, e.Action.ENTER_KEY,
     "Api key is invalid"),
    (Reply.json(403, {"code": 30011, "message": "The selected model requires paid balance."}),
     e.ModelRequiresPaidBalance, e.Action.PICK_MODEL, "paid balance"),
    (Reply.json(403, {"code": 30001, "message": "Sorry, your account balance is insufficient"}),
     e.InsufficientBalance, e.Action.TOP_UP, "insufficient"),
    (Reply.json(402, {"code": 30001, "message": "Sorry, your account balance is insufficient"}),
     e.InsufficientBalance, e.Action.TOP_UP, "insufficient"),
    (Reply.text(404, "404 page not found"), e.NotFound, e.Action.CHECK_ENDPOINT, "404"),
    (Reply.json(504, "upstream timed out"), e.GatewayTimeout, e.Action.RETRY, "timed out"),
    (Reply.text(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                "text/html"), e.UnexpectedResponse, e.Action.CHECK_ENDPOINT, "web page"),
    (Reply.text(500, ""), e.ServerError, e.Action.RETRY, "HTTP 500"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("reply", "kind", "action", "shown"), CASES)
async def test_error_status_maps_to_typed_error(
    client: ApiClient, server: LoopbackServer, reply: Reply, kind: type, action: e.Action,
    shown: str,
) -> None:
    tries = 4 if kind.retryable else 1  # 504 is retried three times, the rest never
    server.queue(*[reply] * tries)
    with pytest.raises(e.ApiError) as info:
        await client.complete(ChatParams(model="m"), MESSAGES)
    err = info.value
    assert type(err) is kind
    assert err.action is action
    assert shown in err.message
    assert err.status == reply.status
    assert len(server.requests) == tries


@pytest.mark.asyncio
async def test_rate_limit_names_the_limit(client: ApiClient, server: LoopbackServer) -> None:
    body = {"message": "Request was rejected due to rate limiting. Details: TPM limit reached.",
            "data": None}
    server.queue(*[Reply.json(429, body, {"Retry-After": "0"})] * 4)
    with pytest.raises(e.RateLimited) as info:
        await client.complete(ChatParams(model="m"), MESSAGES)
    assert info.value.limit == "TPM"
    assert info.value.message.startswith("Rate limited (TPM)")
    assert len(server.requests) == 4  # first try and three retries


@pytest.mark.asyncio
async def test_thinking_not_supported_is_remembered_per_model(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(Reply.json(400, {"code": 20015, "message": "Value error, current model does not "
                                  "support parameter `enable_thinking`.", "data": None}))
    with pytest.raises(e.ThinkingNotSupported) as info:
        await client.complete(ChatParams(model="deepseek-ai/DeepSeek-V3", enable_thinking=False),
                              MESSAGES)
    assert "enable_thinking" in info.value.message
    assert client.thinking_unsupported == {"deepseek-ai/DeepSeek-V3"}


@pytest.mark.asyncio
async def test_connection_refused_is_a_network_error(server: LoopbackServer) -> None:
    import httpx

    from app.api.client import RetryPolicy

    port = server.port
    server.stop()
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, f"http://127.0.0.1:{port}/v1", lambda: None,
                           retry=RetryPolicy(max_retries=1, base_delay=0.01))
        with pytest.raises(e.ConnectionFailed) as info:
            await client.complete(ChatParams(model="m"), MESSAGES)
    assert info.value.action is e.Action.CHECK_NETWORK
    assert "connect" in info.value.message


def test_every_error_has_a_message() -> None:
    for status in (400, 401, 402, 403, 404, 409, 418, 429, 500, 503, 504, 307):
        for body in (b"", b"null", b"[]", b"{}", b'"x"', b"\xff\xfe", b"<html>x</html>"):
            err = e.error_from_response(status, {}, body)
            assert err.message.strip()
            assert str(err) == err.message


def test_retry_after_as_http_date() -> None:
    assert e.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert e.parse_retry_after("2.5") == 2.5
    assert e.parse_retry_after("soon") is None
