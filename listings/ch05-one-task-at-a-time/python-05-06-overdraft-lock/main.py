import asyncio

balance = 100
account_lock = asyncio.Lock()  # the notes say "no need for Lock()"; asyncio ships one for this


async def withdraw(who, amount):
    global balance
    async with account_lock:  # held across the await: nobody else checks meanwhile
        if balance >= amount:
            print(f"{who}: balance {balance} covers {amount}")
            await asyncio.sleep(0.01)
            balance -= amount
            print(f"{who}: took {amount}, balance now {balance}")
        else:
            print(f"{who}: refused, balance {balance}")


async def main():
    await asyncio.gather(withdraw("Alice", 80), withdraw("Bob", 80))
    print(f"final balance: {balance}")


asyncio.run(main())
