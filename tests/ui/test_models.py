"""Models, endpoints and context in the window, against loopback endpoints with their own
model lists: the default model is one the endpoint has, a context overflow resends with
fewer messages, "More fields" reach the posted body and the preview exactly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from app.domain.history import Status
from app.services.snippets import as_curl
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
LOCAL_MODEL = "Qwen3-0.6B-Q8_0.gguf"
# llama.cpp's /v1/models: the OpenAI list with metadata, and an Ollama-shaped list beside it.
LLAMA_MODELS = {
    "models": [{"name": LOCAL_MODEL, "model": LOCAL_MODEL, "capabilities": ["completion"]}],
    "object": "list",
    "data": [{"id": LOCAL_MODEL, "object": "model", "created": 1764633600,
              "owned_by": "llamacpp",
              "meta": {"vocab_type": 2, "n_vocab": 151936, "n_ctx_train": 40960,
                       "n_ctx": 8192, "n_embd": 1024, "n_params": 751632384}}]}


def answer(text: str, prompt_tokens: int | None = None) -> Reply:
    chunk: dict[str, object] = {"choices": [{"index": 0, "delta": {"content": text},
                                             "finish_reason": "stop"}]}
    if prompt_tokens is not None:
        chunk["usage"] = {"prompt_tokens": prompt_tokens, "completion_tokens": 3,
                          "total_tokens": prompt_tokens + 3}
    return Reply(pieces=[sse(chunk)])


def local_app(make_app: AppFactory, server: LoopbackServer) -> App:
    app = make_app(command_line=False, env_key=None,
                   endpoints=[{"id": "local", "name": "llama.cpp", "base_url": server.url}],
                   active_endpoint="local")
    app.run(app.parts.endpoints.save_key("local", "sk-local", session_only=True))
    return app


def chat_requests(server: LoopbackServer) -> list[dict[str, object]]:
    return [r.json() for r in server.requests if r.path.endswith("/chat/completions")]


def test_a_new_chat_posts_a_model_the_local_server_has(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = local_app(make_app, server)
    panel = app.window.panel
    assert panel.model_box.currentText() == "Qwen/Qwen3-8B"  # the list is not known yet
    server.queue(Reply.json(200, LLAMA_MODELS))
    app.run(app.window.models.refresh())
    models = next(r for r in server.requests if r.path == "/v1/models")
    assert models.query == {}  # only SiliconFlow gets type=text&sub_type=chat
    assert panel.model_box.currentText() == LOCAL_MODEL
    assert [panel.model_box.itemData(i) for i in range(panel.model_box.count())] == [
        LOCAL_MODEL]
    assert "context 8,192 tokens" in panel.model_note.text()
    assert "thinking can be switched" not in panel.model_note.text()
    assert not panel.fields.enable_thinking.isEnabled()  # llama.cpp takes no enable_thinking
    assert panel.model_strip.fetched.text().startswith("Models fetched")
    assert "/ 8,192 tokens" in app.window.pane.token_estimate.text()
    server.queue(answer("hi"))
    app.send("hello")
    app.wait_turn()
    assert chat_requests(server)[-1]["model"] == LOCAL_MODEL


def test_the_list_is_cached_and_a_foreign_model_is_named(
    make_app: AppFactory, server: LoopbackServer, tmp_path: Path
) -> None:
    app = local_app(make_app, server)
    server.queue(Reply.json(200, LLAMA_MODELS))
    app.run(app.window.models.refresh())
    # A conversation kept from before names a model this server does not have.
    conv = app.parts.conversations.create({"model": "Qwen/Qwen3-8B"}, "local")
    app.window.navigator.open(conv.id)
    assert "this endpoint does not list this model" in app.window.panel.model_note.text()
    # The next start knows the list without asking the network.
    cache = json.loads((tmp_path / "models.json").read_text())
    assert [m["id"] for entry in cache.values() for m in entry["models"]] == [LOCAL_MODEL]
    from app.storage.model_cache import ModelCache, model_cache_path

    again = ModelCache(model_cache_path(tmp_path))
    assert [m.id for e in again.endpoints.values() for m in e.models] == [LOCAL_MODEL]


def test_overflow_resends_with_fewer_earlier_messages(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    app.window.panel.system_prompt.setPlainText("Be brief.")
    app.window.panel.flush()
    for i in range(4):
        server.queue(answer(f"answer {i} " + "x" * 400))
        app.send(f"question {i} " + "y" * 400)
        app.wait_turn()
    sent = chat_requests(server)[-1]["messages"]
    assert isinstance(sent, list) and len(sent) == 8  # system + 7 earlier turns' messages
    server.queue(Reply.json(400, {"code": 20015, "message": "length of prompt_tokens (2600) "
                                  "must be less than max_seq_len (1200).", "data": None}))
    app.send("the last question")
    app.wait_turn()
    cid = app.window.navigator.current
    failed = [m for m in app.parts.store.messages(cid) if m.status is Status.ERROR][-1]
    assert (failed.error or {})["type"] == "ContextOverflow"
    widget = app.window.view.widgets[failed.id]
    button = widget.findChild(object, "status_send_fewer")
    assert button is not None
    server.queue(answer("fits now"))
    button.click()  # type: ignore[attr-defined]
    app.wait_turn()
    resent = chat_requests(server)[-1]["messages"]
    assert isinstance(resent, list)
    assert resent[0] == {"role": "system", "content": "Be brief."}  # the system prompt kept
    assert resent[-1] == {"role": "user", "content": "the last question"}
    assert 2 <= len(resent) < 10
    left_out = 9 - (len(resent) - 1)
    assert str(left_out) in app.window.statusBar().currentMessage()
    assert app.window.panel.fields.history.text() == str(len(resent) - 1)  # Messages sent
    answers = [m for m in app.parts.store.messages(cid) if m.content == "fits now"]
    assert answers and answers[0].status is Status.COMPLETE


def test_more_fields_reach_the_body_and_the_preview_exactly(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    panel = app.window.panel
    extra = {"repetition_penalty": 1.05, "chat_template_kwargs": {"enable_thinking": False},
             "logit_bias": {"1234": -100}}
    panel.extra.editor.setPlainText(json.dumps(extra))
    panel.flush()
    app.run(app.window.params.refresh_preview())
    preview = json.loads(panel.preview.toPlainText())
    assert {k: preview[k] for k in extra} == extra
    assert "repetition_penalty" in as_curl(panel.url, panel.body)
    server.queue(answer("ok"))
    app.send("hi")
    app.wait_turn()
    body = chat_requests(server)[-1]
    assert {k: v for k, v in body.items() if k not in ("model", "messages", "stream")} == extra
    assert {k: v for k, v in body.items() if k != "messages"} == {
        k: v for k, v in preview.items() if k != "messages"}


def test_more_fields_may_not_set_the_request_itself(make_app: AppFactory) -> None:
    app = make_app()
    panel = app.window.panel
    panel.extra.editor.setPlainText('{"model": "other", "stream": false}')
    panel.flush()
    assert panel.extra.error.isVisible()
    assert "“model”" in panel.extra.error.text() and "“stream”" in panel.extra.error.text()
    assert not app.window.pane.send_button.isEnabled()  # Send says why it is blocked
    panel.extra.editor.setPlainText("[1, 2]")
    panel.flush()
    assert "JSON object" in panel.extra.error.text()
    panel.extra.editor.setPlainText("")
    panel.flush()
    assert not panel.extra.error.isVisible() and app.window.pane.send_button.isEnabled()


def test_a_rejected_parameter_is_learned_for_the_model(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    panel = app.window.panel
    panel.fields.response_format.setCurrentIndex(panel.fields.response_format.findData(
        "json_object"))
    server.queue(Reply.json(400, {"code": 20015, "message": "Value error, current model "
                                  "does not support parameter `response_format`.",
                                  "data": None}))
    app.send("hi")
    app.wait_turn()
    model = panel.model_box.currentText()
    caps = app.parts.account.catalog.capabilities(None, model)
    assert caps.json_mode is False
    assert "response_format" in panel.model_note.text()  # set, and the model does not take it


def test_model_details_edit_the_table_the_panel_uses(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = local_app(make_app, server)
    panel = app.window.panel
    server.queue(Reply.json(200, LLAMA_MODELS))
    app.run(app.window.models.refresh())
    assert not panel.extra.seed.isHidden()  # llama.cpp honours seed: it gets its field
    panel.model_strip.details.click()
    dialog = app.window.models.details_dialog
    from app.ui.model_details import ModelDetails

    assert isinstance(dialog, ModelDetails)
    assert "8,192" in dialog.numbers["context_length"].placeholderText()  # the endpoint's
    dialog.numbers["context_length"].setText("lots")
    dialog.save()
    assert dialog.error.isVisible() and dialog.isVisible()  # not a number: not saved
    dialog.numbers["context_length"].setText("4096")
    vision = dialog.flags["vision"]
    vision.setCurrentIndex(vision.findData(True))
    dialog.save()
    assert not dialog.isVisible()
    assert "context 4,096 tokens" in panel.model_note.text()
    assert "sees images" in panel.model_note.text()
    app.until(lambda: "/ 4,096 tokens" in app.window.pane.token_estimate.text())


def test_siliconflow_models_show_no_seed_field(make_app: AppFactory) -> None:
    app = make_app()
    assert app.window.panel.extra.seed.isHidden()  # SiliconFlow does not document seed


def test_the_estimate_follows_typing_and_the_servers_count(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    label = app.window.pane.token_estimate

    def shown() -> int:
        return int(label.text().split()[1].replace(",", ""))

    app.window.composer.setPlainText("word " * 400)
    app.until(lambda: label.isVisible() and shown() > 400)
    typed = shown()
    server.queue(answer("ok", prompt_tokens=900))  # the server counts more than we guess
    app.send("word " * 400)
    app.wait_turn()
    model = app.window.panel.model_box.currentText()
    scale = app.parts.account.catalog.token_scale(None, model)
    assert scale is not None and scale > 1.5
    app.window.composer.setPlainText("word " * 400)
    # Now the history (question and answer) and the same text again, at the server's scale.
    app.until(lambda: shown() > 2 * typed * 1.5)
    assert "/ 131,072 tokens" in label.text()  # Qwen3-8B's context, from the known list


def test_a_max_tokens_past_the_models_longest_answer_is_warned(make_app: AppFactory) -> None:
    app = make_app()
    panel = app.window.panel
    panel.fields.edits["max_tokens"].setText("12000")
    assert "max_tokens" in panel.model_note.text() and "8,192" in panel.model_note.text()
    panel.fields.edits["max_tokens"].setText("4000")
    assert "max_tokens" not in panel.model_note.text()
