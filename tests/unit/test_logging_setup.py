"""Operator logging: JSON lines with kopf's object reference, or readable text."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from tornado_operator.logging_setup import configure_logging

REF = {
    "apiVersion": "agenttesting.dev/v1alpha1",
    "kind": "TornadoSession",
    "name": "support-fix",
    "uid": "1234",
    "namespace": "team-a",
}


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.usefixtures("restore_root")
def test_json_lines_have_time_level_logger_message() -> None:
    stream = io.StringIO()
    configure_logging("json", "INFO", stream=stream)
    log = logging.getLogger("tornado_operator.test")
    log.info("hello %s", "world")
    log.debug("hidden at INFO")
    log.warning('quote " and newline\nkept in one line')
    records = lines(stream)
    assert len(stream.getvalue().splitlines()) == 2
    assert records[0]["message"] == "hello world"
    assert records[0]["level"] == "INFO"
    assert records[0]["logger"] == "tornado_operator.test"
    assert records[0]["time"].endswith("Z") and "T" in records[0]["time"]
    assert records[1]["message"] == 'quote " and newline\nkept in one line'
    assert "object" not in records[0]


@pytest.mark.usefixtures("restore_root")
def test_json_carries_kopf_object_reference_and_extras() -> None:
    stream = io.StringIO()
    configure_logging("json", logging.DEBUG, stream=stream)
    log = logging.getLogger("kopf.objects")
    settings = object()
    log.info(
        "iteration %d started",
        2,
        extra={"k8s_ref": REF, "k8s_skip": False, "settings": settings, "iteration": 2},
    )
    (record,) = lines(stream)
    assert record["namespace"] == "team-a"
    assert record["name"] == "support-fix"
    assert record["object"]["kind"] == "TornadoSession"
    assert record["object"]["uid"] == "1234"
    assert record["iteration"] == 2
    assert "settings" not in record and "k8s_skip" not in record and "k8s_ref" not in record


@pytest.mark.usefixtures("restore_root")
def test_json_exception_and_unserialisable_extra() -> None:
    stream = io.StringIO()
    configure_logging("json", "info", stream=stream)
    log = logging.getLogger("tornado_operator.test")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("failed", extra={"thing": {1, 2}})
    (record,) = lines(stream)
    assert record["level"] == "ERROR"
    assert "RuntimeError: boom" in record["exception"]
    assert isinstance(record["thing"], str)


@pytest.mark.usefixtures("restore_root")
def test_kopf_object_logger_adapter() -> None:
    import kopf._cogs.configs.configuration as kopf_config
    import kopf._core.actions.loggers as kopf_loggers
    stream = io.StringIO()
    configure_logging("json", "INFO", stream=stream)
    body = {
        "apiVersion": REF["apiVersion"],
        "kind": REF["kind"],
        "metadata": {"name": "s1", "namespace": "ns1", "uid": "u"},
    }
    logger = kopf_loggers.LocalObjectLogger(body=body, settings=kopf_config.OperatorSettings())
    logger.info("from kopf")
    (record,) = [r for r in lines(stream) if r["message"] == "from kopf"]
    assert (record["namespace"], record["name"]) == ("ns1", "s1")


@pytest.mark.usefixtures("restore_root")
def test_text_format_prefixes_the_object() -> None:
    stream = io.StringIO()
    configure_logging("text", "INFO", stream=stream)
    logging.getLogger("kopf.objects").info("created job", extra={"k8s_ref": REF})
    logging.getLogger("tornado_operator").info("plain")
    text = stream.getvalue().splitlines()
    assert text[0].endswith("kopf.objects: [team-a/support-fix] created job")
    assert " INFO " in text[0]
    assert text[1].endswith("tornado_operator: plain")


@pytest.mark.usefixtures("restore_root")
def test_configure_twice_replaces_only_its_own_handler() -> None:
    other = logging.NullHandler()
    logging.getLogger().addHandler(other)
    first, second = io.StringIO(), io.StringIO()
    configure_logging("json", "INFO", stream=first)
    configure_logging("text", "WARNING", stream=second)
    logging.getLogger("x").warning("once")
    assert first.getvalue() == ""
    assert second.getvalue().count("once") == 1
    assert other in logging.getLogger().handlers
    assert logging.getLogger().level == logging.WARNING


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="log format"):
        configure_logging("xml", "INFO")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="log level"):
        configure_logging("json", "LOUD")


@pytest.mark.usefixtures("restore_root")
def test_retried_kopf_requests_are_not_errors() -> None:
    """kopf's own messages (kopf._cogs.clients.api), as the operator logged them at start."""
    stream = io.StringIO()
    configure_logging("json", "INFO", stream=stream)
    kopf_log = logging.getLogger("kopf._cogs.clients.watching")
    what = "GET https://127.0.0.1:40419/apis/agenttesting.dev/v1alpha1/pathways"
    kopf_log.error(
        f"Request attempt #1/9 failed; will retry: {what} -> "
        "APITooManyRequestsError('storage is (re)initializing', {'reason': 'TooManyRequests'})"
    )
    kopf_log.error(f"Request attempt #2/9 failed; will retry: {what} -> APIServerError('etcdserver: leader changed')")
    kopf_log.error(f"Request attempt #9/9 failed; escalating: {what} -> APIServerError('etcdserver: leader changed')")
    logging.getLogger("tornado_operator.controller").error("Request attempt is our own words; will retry: not kopf")
    assert [record["level"] for record in lines(stream)] == ["INFO", "WARNING", "ERROR", "ERROR"]
