import asyncio

current_user = None

async def handle_request(user):
    global current_user
    current_user = user
    await asyncio.sleep(1)
    print(f"Handled by: {current_user}")

async def main():
    await asyncio.gather(
        handle_request("Alice"),
        handle_request("Bob"),
    )

asyncio.run(main())
