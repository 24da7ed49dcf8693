import asyncio
import os
import threading
import time


async def fetch(record):
    await asyncio.sleep(0.05)  # a stand-in for a network call: 50 ms of waiting, no CPU
    return record, threading.get_ident(), os.getpid()


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(*(fetch(record) for record in range(100)))
    elapsed_ms = round((time.perf_counter() - start) * 1000)

    records = [record for record, _, _ in results]
    threads = {thread for _, thread, _ in results}
    processes = {pid for _, _, pid in results}
    assert records == list(range(100)), "every record arrived, in order"
    print(f"{len(records)} records fetched in {elapsed_ms} ms")
    print(f"OS threads used: {len(threads)} ({threading.current_thread().name})")
    print(f"processes used:  {len(processes)}")


asyncio.run(main())
