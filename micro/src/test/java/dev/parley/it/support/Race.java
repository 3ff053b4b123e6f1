package dev.parley.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs n calls at once: every thread waits at a barrier, so the requests truly race. */
public final class Race {

    private Race() {}

    public static <T> List<T> run(int n, IntFunction<T> call) {
        CyclicBarrier barrier = new CyclicBarrier(n);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return call.apply(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(3, TimeUnit.MINUTES));
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("race failed: a call threw " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("race failed: " + e, e);
        } finally {
            threads.shutdownNow();
        }
    }
}
