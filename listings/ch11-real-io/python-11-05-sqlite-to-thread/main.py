import asyncio
import sqlite3

ROWS = 200_000
COUNT_TO = """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
              SELECT count(*) FROM n"""
ticks = 0


async def ticker():
    global ticks
    while True:
        ticks += 1
        await asyncio.sleep(0.01)  # every 10 ms, if it gets the thread


def count_to(db, n):  # a query that takes a while on purpose
    return db.execute(COUNT_TO, (n,)).fetchone()[0]


async def main():
    asyncio.create_task(ticker())  # stands in for every other task of a server
    await asyncio.sleep(0)  # lets it start
    # to_thread runs the query on another thread: without this, sqlite3 refuses
    db = sqlite3.connect(":memory:", check_same_thread=False)

    before = ticks
    rows = count_to(db, ROWS)  # on the event loop's thread
    blocked = ticks - before
    print(f"query called in the task:     {rows} rows, {blocked} ticks meanwhile")

    before = ticks
    rows = await asyncio.to_thread(count_to, db, ROWS)  # the task waits, the loop is free
    freed = ticks - before
    print(f"query in asyncio.to_thread:   {rows} rows, {freed} ticks meanwhile")

    assert blocked == 0 and freed > 0


asyncio.run(main())
