import asyncio
import time

ticks = 0


async def ticker():
    global ticks
    while True:
        ticks += 1
        await asyncio.sleep(0.01)  # every 10 ms, if the loop gets to run it


def compute_for(seconds):
    # Stands in for CPU work: a loop with no await in it.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


async def main():
    task = asyncio.create_task(ticker())
    before = ticks
    await asyncio.sleep(0.1)
    print(f"while main awaited asyncio.sleep(0.1): {ticks - before} ticks")
    before = ticks
    time.sleep(0.1)
    print(f"while main called time.sleep(0.1):     {ticks - before} ticks")
    before = ticks
    compute_for(0.1)
    print(f"while main computed for 0.1 s:         {ticks - before} ticks")
    task.cancel()


asyncio.run(main())
