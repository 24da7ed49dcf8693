import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

BELOW = 150_000
SHARES = 2


def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def count_primes(share, shares=SHARES):
    # Numbers are dealt out in blocks of 1,000, round-robin, so each share gets small and large ones.
    return sum(1 for n in range(BELOW) if n // 1000 % shares == share and is_prime(n))


def timed(label, run, baseline=None):
    start = time.perf_counter()
    answer = run()
    seconds = time.perf_counter() - start
    speedup = (baseline or seconds) / seconds
    print(f"{label:<22}{answer:>6} primes {seconds * 1000:>6.0f} ms  {speedup:.1f}x")
    return answer, seconds


if __name__ == "__main__":
    answer, sequential = timed("sequential", lambda: count_primes(0, shares=1))
    with ThreadPoolExecutor(SHARES) as pool:
        threads, _ = timed("2 threads", lambda: sum(pool.map(count_primes, range(SHARES))), sequential)
    with ProcessPoolExecutor(SHARES) as pool:
        list(pool.map(abs, range(SHARES)))  # start the workers before the clock does
        processes, _ = timed("2 processes", lambda: sum(pool.map(count_primes, range(SHARES))), sequential)
    assert answer == threads == processes, "every way finds the same primes"
