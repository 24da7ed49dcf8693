import threading

lock = threading.Lock()
balance = 0


def deposit(amount):
    global balance
    with lock:  # released when the block ends, even on an exception
        balance += amount


threads = [threading.Thread(target=deposit, args=(10,)) for _ in range(100)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("balance:", balance)
