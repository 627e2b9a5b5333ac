"""Workers are kept a chunk ahead, so none waits for the main process between chunks."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import segkit.corpus.pool as pool
from segkit.corpus.worker import Settings
from segkit.inputs.decode import Source


def _items(n: int) -> list[Source]:
    return [Source(name=f"s{k}", id=f"s{k}", data=f"Page {k}. A line of text.".encode())
            for k in range(n)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_worker_holds_the_next_chunk_while_it_works(monkeypatch, jobs):
    held: list[int] = []
    real_send = pool._Proc.send

    def counting(self, task, retry):
        real_send(self, task, retry)
        held.append(len(self.tasks))

    monkeypatch.setattr(pool._Proc, "send", counting)
    results = list(pool.segment_all(_items(120), Settings(generic=True, model="none"),
                                    jobs=jobs))
    assert [r.id for r in results] == [f"s{k}" for k in range(120)]
    assert max(held) == pool.PIPELINE_DEPTH


def test_one_job_sends_its_worker_several_records_a_message(monkeypatch):
    """One record a message cost a pipe round trip, and on one core two switches between
    the processes, per record."""
    sizes: list[int] = []
    real_send = pool._Proc.send

    def sizing(self, task, retry):
        sizes.append(len(task))
        real_send(self, task, retry)

    monkeypatch.setattr(pool._Proc, "send", sizing)
    results = list(pool.segment_all(_items(20), Settings(generic=True, model="none"), jobs=1))
    assert [r.id for r in results] == [f"s{k}" for k in range(20)]
    assert sizes[0] > 1  # (a retiring worker's unread chunk is sent again: no sum)


def test_a_retiring_worker_s_unread_chunk_is_sent_again_once(monkeypatch):
    """A worker that retires (here after every chunk) leaves its next chunk unread in its
    pipe: that chunk goes to the new worker, every record once, in order."""
    monkeypatch.setattr(pool, "RECYCLE_RSS_BYTES", 1)
    monkeypatch.setattr(pool, "CHUNK_RECORDS", 3)
    results = list(pool.segment_all(_items(40), Settings(generic=True, model="none"),
                                    jobs=2))
    assert [r.id for r in results] == [f"s{k}" for k in range(40)]
    assert all(r.ok for r in results)


def test_worker_pipes_get_a_wide_socket_buffer():
    wmem_max = Path("/proc/sys/net/core/wmem_max")
    if not wmem_max.exists():
        pytest.skip("no /proc/sys/net/core/wmem_max: not Linux, the kernel's cap is unknown")
    wanted = min(pool.PIPE_BUFFER_BYTES, int(wmem_max.read_text()))
    proc = pool._Proc(pool.multiprocessing.get_context(), _FakePool(), 1)
    try:
        with socket.socket(fileno=pool.os.dup(proc.conn.fileno())) as sock:
            # Linux reports twice the size asked for (its bookkeeping overhead).
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) >= wanted
    finally:
        proc.stop()
        proc.process.join(pool.JOIN_SECONDS)
        proc.conn.close()


class _FakePool:
    settings = Settings(generic=True, model="none")
    plugins = None
    timeout = None
    memory = None
