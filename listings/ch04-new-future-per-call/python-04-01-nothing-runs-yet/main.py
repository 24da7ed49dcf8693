import asyncio


async def greet(name):
    print(f"{name}: body runs")


async def main():
    coro = greet("awaited")
    print("main: coroutine object created, nothing ran")
    await coro
    print("main: after await")

    task = asyncio.create_task(greet("task"))
    print("main: task created")
    await task
    print("main: after awaiting the task")


asyncio.run(main())
