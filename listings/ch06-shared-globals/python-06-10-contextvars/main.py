import asyncio
import contextvars

current_user = contextvars.ContextVar("current_user")

async def handle_request(user):
    current_user.set(user)
    await asyncio.sleep(0.1)
    print(f"Handled by: {current_user.get()}")

async def main():
    # gather wraps each coroutine in a task, and each task runs in its own copy of the context.
    await asyncio.gather(
        handle_request("Alice"),
        handle_request("Bob"),
    )

asyncio.run(main())
