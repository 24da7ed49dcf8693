import concurrent.futures as cf
import multiprocessing as mp
import os


def count_primes(below):
    if below < 0:
        os._exit(1)  # the worker dies, as it would from a crash in C code or the OOM killer
    return sum(1 for n in range(2, below) if all(n % d for d in range(2, int(n**0.5) + 1)))


JOBS = [1_000, -1, 2_000, 3_000]  # job 1 kills its worker


def with_pool(spawn):
    print("multiprocessing.Pool:")
    with spawn.Pool(processes=1) as pool:  # one worker, so the jobs run in order
        pending = [pool.apply_async(count_primes, (below,)) for below in JOBS]
        pending[-1].wait()  # the last job is done, so every job before it has had its turn
        for job_id, result in enumerate(pending):
            if result.ready():
                print(f"  job {job_id}: done, {result.get()} primes")
            else:
                print(f"  job {job_id}: no answer, and none will come (the pool says nothing)")


def with_executor(spawn):
    print("concurrent.futures.ProcessPoolExecutor:")
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=spawn) as executor:
        futures = [executor.submit(count_primes, below) for below in JOBS]
        for job_id, future in enumerate(futures):
            try:
                print(f"  job {job_id}: done, {future.result()} primes")
            except cf.process.BrokenProcessPool as e:
                print(f"  job {job_id}: failed: {type(e).__name__}")


if __name__ == "__main__":
    spawn = mp.get_context("spawn")  # a fresh interpreter per worker, like Listing 7-3's workers
    with_pool(spawn)
    with_executor(spawn)
