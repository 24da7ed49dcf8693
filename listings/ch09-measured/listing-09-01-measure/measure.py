"""The Python column of the book's measurements (chapter 9).

Run by listing-09-01-measure with its configuration as JSON in argv[1]; prints the figures as JSON,
every key always (null where this machine cannot measure a figure): the tool reads them into the
types of its python.rs, and a key missing or unknown there stops it. The same five measurements
as the Rust side: asyncio for tasks, threading for threads, multiprocessing (and subprocess) for
processes. Standard library only.
"""

import asyncio
import json
import multiprocessing as mp
import os
import queue
import resource
import socket
import socketserver
import subprocess
import sys
import threading
import time


def noop():
    pass


CFG = {}  # the Rust tool's configuration: counts, and the watch's rules


def busy_cpu_seconds():
    """All the cores' busy time since boot (/proc/stat: user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    busy = sum(v for i, v in enumerate(fields) if i not in (3, 4))
    return busy / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """CPU time of this interpreter and of the children it has waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        u = resource.getrusage(who)
        total += u.ru_utime + u.ru_stime
    return total


def measure(runs, f):
    """One warm-up run, then `runs` timed ones, watched like the Rust side's: a try during which
    other programs used the CPU is repeated, up to CFG["tries"]; the least disturbed is kept.
    The tool checks that every value is positive."""
    kept, tries = None, 0
    for tries in range(1, CFG["tries"] + 1):
        busy, own, wall = busy_cpu_seconds(), own_cpu_seconds(), time.perf_counter()
        f()
        values = [f() for _ in range(runs)]
        foreign = max(0.0, (busy_cpu_seconds() - busy) - (own_cpu_seconds() - own))
        wall = time.perf_counter() - wall
        limit = max(CFG["foreign_share"] * wall, CFG["foreign_ticks"] / os.sysconf("SC_CLK_TCK"))
        figure = {"values": values, "foreign": foreign / wall, "disturbed": foreign > limit}
        if kept is None or figure["foreign"] < kept["foreign"]:
            kept = figure
        if not figure["disturbed"]:
            break
    kept["tries"] = tries
    return kept


def measure_pairs(runs, sequential, parallel):
    """A model against sequential, as the Rust side measures it: the runs alternate, sequential
    then the model, and the speed-up is taken per pair, so a drift of the machine moves both
    halves alike. Both figures share the pairs' watch."""

    def pair():
        before = sequential()
        after = parallel()
        return after, before / after

    pairs = measure(runs, pair)
    return {
        "time": dict(pairs, values=[time for time, _ in pairs["values"]]),
        "speedup": dict(pairs, values=[ratio for _, ratio in pairs["values"]]),
    }


# 1. Spawn + join ------------------------------------------------------------------------------

def spawn_asyncio(n):
    async def nothing(i):
        return i

    async def main():
        start = time.perf_counter()
        tasks = [asyncio.create_task(nothing(i)) for i in range(n)]
        results = await asyncio.gather(*tasks)
        assert results == list(range(n))
        return (time.perf_counter() - start) / n

    return asyncio.run(main())


def spawn_threads(n):
    start = time.perf_counter()
    threads = [threading.Thread(target=noop) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (time.perf_counter() - start) / n


def spawn_processes(n, method):
    ctx = mp.get_context(method)
    start = time.perf_counter()
    procs = [ctx.Process(target=noop) for _ in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    return (time.perf_counter() - start) / n


def spawn_true(n):
    start = time.perf_counter()
    procs = [subprocess.Popen(["/bin/true"]) for _ in range(n)]
    for p in procs:
        assert p.wait() == 0
    return (time.perf_counter() - start) / n


# 2. Idle memory -------------------------------------------------------------------------------

def field_bytes(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    return 0.0


def readings():
    return (
        field_bytes("/proc/self/status", "VmRSS"),
        field_bytes("/proc/self/status", "VmSize"),
        field_bytes("/proc/meminfo", "KernelStack") + field_bytes("/proc/meminfo", "PageTables"),
    )


def sample(count, alive, before, error=None, pss=None):
    after = readings()
    return {
        "count": count,
        "alive": alive,
        "rss": after[0] - before[0],
        "virt": after[1] - before[1],
        "kernel": after[2] - before[2],
        "pss": pss,
        "error": error,
    }


def idle_asyncio(n):
    async def main():
        before = readings()
        for _ in range(n):
            tasks.append(asyncio.create_task(asyncio.sleep(3600)))
        await asyncio.sleep(0.05)  # every task runs once and schedules its timer
        return sample(n, n, before)

    tasks = []  # asyncio keeps only weak references to tasks: hold them (8 bytes each)
    # Not asyncio.run: it would cancel the sleepers; they die with this process instead.
    return asyncio.new_event_loop().run_until_complete(main())


def idle_threads(n):
    stop = threading.Event()
    started = threading.Semaphore(0)

    def sleeper():
        started.release()
        stop.wait()

    before = readings()
    alive, error = 0, None
    for _ in range(n):
        try:
            threading.Thread(target=sleeper, daemon=True).start()
        except RuntimeError as e:
            error = f"only {alive} of {n} threads: {e}"
            break
        alive += 1
    for _ in range(alive):
        started.acquire()
    time.sleep(0.05)
    return sample(n, alive, before, error)


def fork_sleeper(ready, stop):
    ready.release()
    stop.wait()


def idle_forks(n):
    ctx = mp.get_context("fork")
    ready, stop = ctx.Semaphore(0), ctx.Event()
    before = readings()
    procs = [ctx.Process(target=fork_sleeper, args=(ready, stop)) for _ in range(n)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    time.sleep(0.05)
    rss = pss = virt = 0.0
    for p in procs:
        rss += field_bytes(f"/proc/{p.pid}/smaps_rollup", "Rss")
        pss += field_bytes(f"/proc/{p.pid}/smaps_rollup", "Pss")
        virt += field_bytes(f"/proc/{p.pid}/status", "VmSize")
    kernel = readings()[2] - before[2]
    stop.set()
    for p in procs:
        p.join()
    return {"count": n, "alive": n, "rss": rss, "virt": virt, "kernel": kernel, "pss": pss, "error": None}


def fresh(role, n):
    """Measure in a fresh interpreter, so no memory freed earlier is reused."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", role, str(n)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


# 3. Hand-off round trip -----------------------------------------------------------------------

def handoff_asyncio(n):
    async def main():
        to_pong, to_ping = asyncio.Queue(1), asyncio.Queue(1)

        async def pong():
            while (v := await to_pong.get()) is not None:
                await to_ping.put(v + 1)

        async def ping():
            start = time.perf_counter()
            for i in range(n):
                await to_pong.put(i)
                assert await to_ping.get() == i + 1
            per = (time.perf_counter() - start) / n
            await to_pong.put(None)
            return per

        per, _ = await asyncio.gather(ping(), pong())
        return per

    return asyncio.run(main())


def pin_this_thread(cpu):
    """Pins the calling thread (not the whole process) to one CPU."""
    os.sched_setaffinity(threading.get_native_id(), {cpu})


def handoff_threads(n, ping_cpu, pong_cpu):
    to_pong, to_ping = queue.Queue(), queue.Queue()
    result = []

    def pong():
        pin_this_thread(pong_cpu)
        while (v := to_pong.get()) is not None:
            to_ping.put(v + 1)

    def ping():
        pin_this_thread(ping_cpu)
        to_pong.put(0)  # one round trip first: pong is running and pinned
        assert to_ping.get() == 1
        start = time.perf_counter()
        for i in range(n):
            to_pong.put(i)
            assert to_ping.get() == i + 1
        result.append((time.perf_counter() - start) / n)
        to_pong.put(None)

    threads = [threading.Thread(target=pong), threading.Thread(target=ping)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result[0]


def echo(conn):
    while (b := conn.recv_bytes()) != b"":
        conn.send_bytes(b)


def handoff_pipe(n):
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe()
    p = ctx.Process(target=echo, args=(there,))
    p.start()
    here.send_bytes(b"w")  # one round trip first: the child's start-up is not timed
    here.recv_bytes()
    start = time.perf_counter()
    for i in range(n):
        sent = bytes([i % 251])
        here.send_bytes(sent)
        assert here.recv_bytes() == sent
    per = (time.perf_counter() - start) / n
    here.send_bytes(b"")
    p.join()
    return per


# 4. CPU-bound speed-up ------------------------------------------------------------------------

def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def collatz_range(lo_hi):
    lo, hi = lo_hi
    return sum(collatz_steps(n) for n in range(lo, hi + 1))


def chunks(count, limit):
    """`count` equal slices of 1..=limit, as (lo, hi): dealt to whichever worker is free."""
    size = -(-limit // count)
    return [(lo, min(lo + size - 1, limit)) for lo in range(1, limit + 1, size)]


def timed(expected, f):
    start = time.perf_counter()
    result = f()
    secs = time.perf_counter() - start
    assert result == expected, "every model must compute the same total"
    return secs


def cpu_threads(ways, work):
    pending, results = queue.SimpleQueue(), []
    for c in work:
        pending.put(c)

    def worker():
        total = 0
        while True:
            try:
                total += collatz_range(pending.get_nowait())
            except queue.Empty:
                break
        results.append(total)

    threads = [threading.Thread(target=worker) for _ in range(ways)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def cpu_pool(ways, work):
    with mp.get_context("fork").Pool(ways) as pool:
        return sum(pool.imap_unordered(collatz_range, work))


def cpu_asyncio(ways, work):
    async def main():
        pending = iter(work)

        async def worker():
            return sum(collatz_range(c) for c in pending)

        return sum(await asyncio.gather(*(worker() for _ in range(ways))))

    return asyncio.run(main())


# 5. Ten thousand waits ------------------------------------------------------------------------

def waits_asyncio(n, wait):
    async def main():
        start = time.perf_counter()
        await asyncio.gather(*(asyncio.sleep(wait) for _ in range(n)))
        return time.perf_counter() - start

    return asyncio.run(main())


def waits_threads(n, wait, errors):
    start = time.perf_counter()
    threads = []
    for _ in range(n):
        t = threading.Thread(target=time.sleep, args=(wait,))
        try:
            t.start()
        except RuntimeError as e:
            errors.append(f"only {len(threads)} of {n} threads could start: {e}")
            break
        threads.append(t)
    for t in threads:
        t.join()
    return time.perf_counter() - start


# 6. Many connections: the servers (the Rust tool is the client, the same for every server) ---

def announce(port):
    print(json.dumps({"port": port}), flush=True)


def serve_asyncio():
    async def echo(reader, writer):
        try:
            while data := await reader.read(4096):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass  # the client hangs up mid-echo at the end of a run
        writer.close()

    async def main():
        server = await asyncio.start_server(echo, "127.0.0.1", 0)  # TCP_NODELAY is asyncio's default
        announce(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while data := self.request.recv(4096):
            self.request.sendall(data)


class ThreadingEchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog; socketserver's default is 5

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a hang-up mid-echo is expected
            super().handle_error(request, client_address)


def serve_threads():
    with ThreadingEchoServer(("127.0.0.1", 0), Echo) as server:
        announce(server.server_address[1])
        server.serve_forever()


def serve(kind):
    """An echo server on 127.0.0.1, port 0, until the tool closes our stdin."""

    def exit_on_eof():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=exit_on_eof, daemon=True).start()
    {"asyncio": serve_asyncio, "threads": serve_threads}[kind]()


def main(cfg):
    runs, ways = cfg["runs"], cfg["cores"]
    out = {"version": sys.version.split()[0]}
    began = time.perf_counter()

    def progress(step):
        if not cfg["quick"]:
            print(f"  [python {time.perf_counter() - began:5.1f} s] {step}", file=sys.stderr)

    progress("spawn + join")

    out["spawn"] = {
        "asyncio": measure(runs, lambda: spawn_asyncio(cfg["python_spawn_tasks"])),
        "threading": measure(runs, lambda: spawn_threads(cfg["spawn_threads"])),
        "mp_fork": measure(runs, lambda: spawn_processes(cfg["python_spawn_forks"], "fork")),
        "mp_spawn": measure(runs, lambda: spawn_processes(cfg["spawn_python_spawns"], "spawn")),
        "subprocess_true": None,
    }
    if os.path.exists("/bin/true"):
        out["spawn"]["subprocess_true"] = measure(runs, lambda: spawn_true(cfg["spawn_processes"]))

    progress("idle memory")
    mem_runs = range(cfg["memory_runs"])
    out["memory"] = {
        "asyncio": [fresh("mem-asyncio", cfg["idle_tasks"]) for _ in mem_runs],
        "threading": [fresh("mem-threads", cfg["idle_threads"]) for _ in mem_runs],
        "mp_fork": [idle_forks(cfg["idle_processes"]) for _ in mem_runs],
    }

    progress("hand-off round trip")
    cpus = sorted(os.sched_getaffinity(0))
    out["handoff"] = {
        "asyncio": measure(runs, lambda: handoff_asyncio(cfg["python_handoff_tasks"])),
        "threading_same_core": measure(
            runs, lambda: handoff_threads(cfg["python_handoff_others"], cpus[0], cpus[0])
        ),
        "threading_two_cores": None,
        "mp_pipe": measure(runs, lambda: handoff_pipe(cfg["python_handoff_others"])),
    }
    if len(cpus) > 1:
        out["handoff"]["threading_two_cores"] = measure(
            runs, lambda: handoff_threads(cfg["python_handoff_others"], cpus[0], cpus[1])
        )

    progress("CPU-bound speed-up")
    limit = cfg["python_cpu_limit"]
    work = chunks(ways * cfg["python_chunks_per_core"], limit)
    expected = collatz_range((1, limit))

    def sequential():
        return timed(expected, lambda: collatz_range((1, limit)))

    def against_sequential(parallel):
        return measure_pairs(runs, sequential, lambda: timed(expected, parallel))

    out["speedup"] = {
        "limit": limit,
        "result": expected,
        "chunks": len(work),
        "sequential": measure_pairs(runs, sequential, sequential),
        "threading": against_sequential(lambda: cpu_threads(ways, work)),
        "multiprocessing": against_sequential(lambda: cpu_pool(ways, work)),
        "asyncio": against_sequential(lambda: cpu_asyncio(ways, work)),
    }

    progress("ten thousand waits")
    wait, n, errors = cfg["wait_ms"] / 1000, cfg["waits"], []
    wait_runs = min(runs, 5)
    out["waits"] = {
        "asyncio": measure(wait_runs, lambda: waits_asyncio(n, wait)),
        "threading": measure(wait_runs, lambda: waits_threads(n, wait, errors)),
        "threading_error": errors[0] if errors else None,
    }
    progress("done")
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve(sys.argv[2])
        sys.exit(1)  # a server returns only if it failed
    if sys.argv[1] == "--child":
        role, n = sys.argv[2], int(sys.argv[3])
        result = idle_asyncio(n) if role == "mem-asyncio" else idle_threads(n)
        print(json.dumps(result))
        sys.stdout.flush()
        os._exit(0)  # don't wait for the sleepers
    CFG.update(json.loads(sys.argv[1]))
    main(CFG)
