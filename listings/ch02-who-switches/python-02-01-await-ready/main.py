import asyncio


async def already_done(i):
    return i  # never suspends: awaiting it hands nothing back to the loop


async def ready_steps(name):
    for i in range(3):
        n = await already_done(i)
        print(f"{name} step {n}")


async def yielding_steps(name):
    for i in range(3):
        print(f"{name} step {i}")
        await asyncio.sleep(0)  # suspends once: the loop runs another task


async def main():
    print("awaiting coroutines that never suspend:")
    await asyncio.gather(ready_steps("A"), ready_steps("B"))
    print("awaiting asyncio.sleep(0):")
    await asyncio.gather(yielding_steps("A"), yielding_steps("B"))


asyncio.run(main())
