package io.apilogs.ingest.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyBudgetTest {
    @Test
    void requestsShareTheBudgetAndOneThatWouldPassItGetsNothing() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Reservation a = budget.reserve();
        BodyBudget.Reservation b = budget.reserve();
        assertThat(a.grow(60)).isTrue();
        assertThat(b.grow(30)).isTrue();
        assertThat(b.grow(20)).as("60 + 50 > 100").isFalse();
        assertThat(b.held()).isEqualTo(30);
        assertThat(budget.used()).isEqualTo(90);
        a.leave();
        assertThat(budget.used()).isEqualTo(30);
        assertThat(b.grow(70)).isTrue();
        assertThat(budget.used()).isEqualTo(100);
    }

    @Test
    void aClientThatLeavesWhileItsBodyIsParsedGivesNothingBackUntilTheWorkerIsDone() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Reservation request = budget.reserve();
        assertThat(request.grow(50)).isTrue();
        assertThat(request.join()).as("the worker takes its share").isTrue();
        request.leave(); // the connection dropped
        assertThat(budget.used()).as("the worker still holds the body").isEqualTo(50);
        assertThat(request.grow(20)).as("inflating goes on within the budget").isTrue();
        request.leave(); // the worker is done
        assertThat(budget.used()).isZero();
        assertThat(request.grow(10)).as("given back: takes nothing more").isFalse();
        assertThat(request.join()).as("no worker starts for a dropped request").isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void releasingTwiceGivesBackOnce() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Reservation a = budget.reserve();
        BodyBudget.Reservation b = budget.reserve();
        a.grow(40);
        b.grow(40);
        a.leave();
        a.leave();
        assertThat(budget.used()).isEqualTo(40);
    }

    @Test
    void concurrentRequestsNeverTakeMoreThanTheBudget() throws Exception {
        BodyBudget budget = new BodyBudget(10_000);
        Thread[] threads = new Thread[4];
        long[] peak = new long[1];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    BodyBudget.Reservation r = budget.reserve();
                    r.grow(3_000);
                    r.grow(1_000);
                    synchronized (peak) {
                        peak[0] = Math.max(peak[0], budget.used());
                    }
                    r.leave();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(peak[0]).isPositive().isLessThanOrEqualTo(10_000);
        assertThat(budget.used()).isZero();
    }
}
