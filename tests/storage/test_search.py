from __future__ import annotations

from app.domain.chat import Role
from app.storage.history import HistoryStore


def fill(store: HistoryStore) -> dict[str, str]:
    ids = {}
    for title, text in [
        ("旅行计划", "我们下个月去北京旅游，顺便看看长城。"),
        ("Deploy notes", "Run the service with docker compose up -d and check the logs."),
        ("杂项", "上海的天气很好。Dockerfile 在仓库根目录。"),
    ]:
        conv = store.create_conversation(title=title)
        store.add_message(conv.id, None, Role.USER, text)
        ids[title] = conv.id
    return ids


def test_chinese_substrings_are_found(store: HistoryStore) -> None:
    ids = fill(store)
    hits = store.search("北京")
    assert [h.conversation_id for h in hits] == [ids["旅行计划"]]
    assert "«北京»" in hits[0].snippet
    assert [h.conversation_id for h in store.search("京旅游")] == [ids["旅行计划"]]
    assert {h.conversation_id for h in store.search("海")} == {ids["杂项"]}
    assert store.search("南京") == []


def test_english_words_and_prefixes_ignore_case(store: HistoryStore) -> None:
    ids = fill(store)
    assert {h.conversation_id for h in store.search("docker")} == {ids["Deploy notes"],
                                                                    ids["杂项"]}
    assert {h.conversation_id for h in store.search("COMPOSE")} == {ids["Deploy notes"]}
    assert {h.conversation_id for h in store.search("docker 仓库")} == {ids["杂项"]}


def test_titles_are_searched_and_deleted_chats_are_not(store: HistoryStore) -> None:
    ids = fill(store)
    (hit,) = store.search("计划")
    assert hit.message_id is None and hit.snippet == "旅行«计划»"
    store.delete_conversation(ids["旅行计划"])
    assert store.search("北京") == []


def test_odd_queries_find_nothing_without_error(store: HistoryStore) -> None:
    fill(store)
    for query in ("", "   ", '"', "AND", "*", "NEAR(", "-", "'; DROP TABLE messages; --"):
        assert isinstance(store.search(query), list)


def test_finished_answers_are_indexed_with_their_final_text(store: HistoryStore) -> None:
    from app.domain.history import Status

    conv = store.create_conversation(title="x")
    answer = store.add_message(conv.id, None, Role.ASSISTANT, status=Status.STREAMING)
    store.finish_message(answer.id, status=Status.COMPLETE, content="深度学习框架",
                         reasoning_content="")
    assert [h.message_id for h in store.search("学习")] == [answer.id]
