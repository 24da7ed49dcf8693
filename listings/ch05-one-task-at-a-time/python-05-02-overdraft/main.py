import asyncio

balance = 100


async def withdraw(who, amount):
    global balance
    if balance >= amount:
        print(f"{who}: balance {balance} covers {amount}")
        await asyncio.sleep(0.01)  # ask the fraud check; another task runs meanwhile
        balance -= amount
        print(f"{who}: took {amount}, balance now {balance}")
    else:
        print(f"{who}: refused, balance {balance}")


async def main():
    await asyncio.gather(withdraw("Alice", 80), withdraw("Bob", 80))
    print(f"final balance: {balance}")


asyncio.run(main())
