import asyncio
import sqlite3
import time

ROWS = 200_000
COUNT_TO = """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
              SELECT count(*) FROM n"""
# ANCHOR: shown
ticks = []  # when the ticker ticked


async def ticker():
    while True:
        ticks.append(time.monotonic())
        await asyncio.sleep(0.01)  # every 10 ms, if it gets the thread


def timed_count_to(db, n):  # a query that takes a while on purpose; when it started and ended
    start = time.monotonic()
    rows = db.execute(COUNT_TO, (n,)).fetchone()[0]
    return rows, start, time.monotonic()


def ticks_during(start, end):  # the ticks that fell strictly inside the query's run
    return sum(1 for t in ticks if start < t < end)


async def main():
    asyncio.create_task(ticker())  # stands in for every other task of a server
    await asyncio.sleep(0)  # lets it start
    # to_thread runs the query on another thread: without this, sqlite3 refuses
    db = sqlite3.connect(":memory:", check_same_thread=False)

    rows, start, end = timed_count_to(db, ROWS)  # on the event loop's thread
    blocked = ticks_during(start, end)
    print(f"query called in the task:    {rows} rows, {blocked} ticks while it ran")

    rows, start, end = await asyncio.to_thread(timed_count_to, db, ROWS)  # the loop is free
    freed = ticks_during(start, end)
    print(f"query in asyncio.to_thread:  {rows} rows, {freed} ticks while it ran")

    assert blocked == 0 and freed >= 1


asyncio.run(main())
# ANCHOR_END: shown
