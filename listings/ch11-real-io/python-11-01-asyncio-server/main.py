import asyncio
import threading

# ANCHOR: shown
CONNECTIONS = 400
served_on = set()  # the threads that answered


def answer(line):  # "add 2 3" -> "5"
    match line.split():
        case ["add", a, b]:
            return f"{int(a) + int(b)}\n"
    return "error: expected `add a b`\n"


async def serve(reader, writer):  # one coroutine per connection
    while line := await reader.readline():
        served_on.add(threading.get_ident())
        writer.write(answer(line.decode()).encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def ask(port, i):  # a client: one connection, one question
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"add {i} {2 * i}\n".encode())
    reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return reply == f"{3 * i}\n".encode()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=CONNECTIONS)
    port = server.sockets[0].getsockname()[1]  # port 0: the OS picked one
    async with server:
        correct = await asyncio.gather(*(ask(port, i) for i in range(CONNECTIONS)))
    assert all(correct), "every answer is right"
    print(f"{len(correct)} connections, {sum(correct)} answers correct, on {len(served_on)} thread")


asyncio.run(main())
# ANCHOR_END: shown
