import asyncio
import contextvars

current_user = contextvars.ContextVar("current_user", default="nobody")

async def send_receipt():
    print(f"receipt task sees: {current_user.get()}")

async def handle_request(user):
    current_user.set(user)
    # create_task copies the current context into the new task.
    await asyncio.create_task(send_receipt())

asyncio.run(handle_request("Alice"))
