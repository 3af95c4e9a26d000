package dev.consent.testkit.behaviour;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/** A listener executor that only queues; the test runs the deliveries when it chooses. */
final class Deliveries implements Executor {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    int pending() {
        return tasks.size();
    }

    void runAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }
}
