"""The shared test helpers wait for what they are told to, and fail rather than hang."""

from __future__ import annotations

import os
import threading

import pytest

from tests.helpers import StepClock, read_until


def test_read_until_returns_once_the_marker_arrives_in_pieces() -> None:
    read_fd, write_fd = os.pipe()

    def write() -> None:
        for piece in (b"starting\nSiliconDesk: first ", b"paint 80"):
            os.write(write_fd, piece)

    try:
        writer = threading.Thread(target=write)
        writer.start()
        assert read_until(read_fd, b"first paint", timeout=5).endswith(b"first paint 80")
        writer.join()
    finally:
        os.close(read_fd)
        os.close(write_fd)


def test_read_until_fails_when_the_writer_ends_first() -> None:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"Traceback ...\n")
    os.close(write_fd)
    try:
        with pytest.raises(EOFError, match="Traceback"):
            read_until(read_fd, b"first paint", timeout=5)
    finally:
        os.close(read_fd)


def test_read_until_times_out_on_silence() -> None:
    read_fd, write_fd = os.pipe()
    try:
        with pytest.raises(TimeoutError):
            read_until(read_fd, b"first paint", timeout=0.05)
    finally:
        os.close(read_fd)
        os.close(write_fd)


def test_step_clock_readings_always_move_forward() -> None:
    clock = StepClock(now_ms=1000, step_ms=2)
    assert [clock.time_ns() // 1_000_000 for _ in range(3)] == [1002, 1004, 1006]
