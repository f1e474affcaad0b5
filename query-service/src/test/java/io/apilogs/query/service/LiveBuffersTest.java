package io.apilogs.query.service;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveBuffersTest {
    private static LiveFeeds.Update update(long bytes) {
        return new LiveFeeds.Update("item", "1", "x", bytes);
    }

    @Test
    void aSlowClientIsEndedAtItsByteBoundAndWhatItHeldIsGivenBack() {
        LiveBuffers buffers = new LiveBuffers(1000, 10_000, 1_000_000);
        LiveBuffers.Buffer[] buffer = new LiveBuffers.Buffer[1];
        AssertSubscriber<LiveFeeds.Update> client = buffers.bounded(b -> buffer[0] = b).subscribe().withSubscriber(AssertSubscriber.create(0));
        assertThat(buffer[0].emit(update(6_000))).isTrue();
        assertThat(buffer[0].emit(update(3_000))).isTrue();
        assertThat(buffers.totalHeld()).isEqualTo(9_000);
        client.request(1);
        assertThat(buffers.totalHeld()).isEqualTo(3_000);
        assertThat(buffer[0].emit(update(6_000))).isTrue();
        assertThat(buffer[0].emit(update(2_000))).as("3,000 + 6,000 + 2,000 > 10,000").isFalse();
        client.assertFailedWith(BackPressureFailure.class);
        assertThat(buffers.totalHeld()).isZero();
    }

    @Test
    void oneLargeUpdateAlwaysGoesToAClientHoldingNothing() {
        LiveBuffers buffers = new LiveBuffers(1000, 10_000, 20_000);
        LiveBuffers.Buffer[] buffer = new LiveBuffers.Buffer[1];
        AssertSubscriber<LiveFeeds.Update> client = buffers.bounded(b -> buffer[0] = b).subscribe().withSubscriber(AssertSubscriber.create(0));
        assertThat(buffer[0].emit(update(500_000))).isTrue();
        client.request(1);
        assertThat(client.getItems()).hasSize(1);
        assertThat(buffers.totalHeld()).isZero();
    }

    @Test
    void theTotalAcrossClientsIsBoundedToo() {
        LiveBuffers buffers = new LiveBuffers(1000, 10_000, 15_000);
        LiveBuffers.Buffer[] a = new LiveBuffers.Buffer[1];
        LiveBuffers.Buffer[] b = new LiveBuffers.Buffer[1];
        AssertSubscriber<LiveFeeds.Update> first = buffers.bounded(x -> a[0] = x).subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<LiveFeeds.Update> second = buffers.bounded(x -> b[0] = x).subscribe().withSubscriber(AssertSubscriber.create(0));
        assertThat(a[0].emit(update(8_000))).isTrue();
        assertThat(b[0].emit(update(6_000))).isTrue();
        assertThat(b[0].emit(update(2_000))).as("14,000 + 2,000 > 15,000 in all").isFalse();
        second.assertFailedWith(BackPressureFailure.class);
        first.assertNotTerminated();
        assertThat(buffers.totalHeld()).isEqualTo(8_000);
    }

    @Test
    void anEmptyBufferTakesNothingWhenOtherStreamsHoldTheWholeTotal() {
        LiveBuffers buffers = new LiveBuffers(1000, 10_000, 10_000);
        LiveBuffers.Buffer[] a = new LiveBuffers.Buffer[1];
        LiveBuffers.Buffer[] b = new LiveBuffers.Buffer[1];
        buffers.bounded(x -> a[0] = x).subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<LiveFeeds.Update> second = buffers.bounded(x -> b[0] = x).subscribe().withSubscriber(AssertSubscriber.create(0));
        assertThat(a[0].emit(update(8_000))).isTrue();
        assertThat(b[0].emit(update(5_000))).isFalse();
        second.assertFailedWith(BackPressureFailure.class);
        assertThat(buffers.totalHeld()).isEqualTo(8_000);
    }

    @Test
    void aCancelledStreamGivesBackWhatItHeldAndTakesNothingMore() {
        LiveBuffers buffers = new LiveBuffers(1000, 10_000, 100_000);
        LiveBuffers.Buffer[] buffer = new LiveBuffers.Buffer[1];
        AssertSubscriber<LiveFeeds.Update> client = buffers.bounded(b -> buffer[0] = b).subscribe().withSubscriber(AssertSubscriber.create(0));
        assertThat(buffer[0].emit(update(3_000))).isTrue();
        client.cancel();
        assertThat(buffers.totalHeld()).isZero();
        assertThat(buffer[0].emit(update(3_000))).isFalse();
        assertThat(buffers.totalHeld()).isZero();
    }

    @Test
    void itemsAreCountedAsBefore() {
        LiveBuffers buffers = new LiveBuffers(3, 1_000_000, 1_000_000);
        LiveBuffers.Buffer[] buffer = new LiveBuffers.Buffer[1];
        AssertSubscriber<LiveFeeds.Update> client = buffers.bounded(b -> buffer[0] = b).subscribe().withSubscriber(AssertSubscriber.create(0));
        for (int i = 0; i < 3; i++) {
            assertThat(buffer[0].emit(update(10))).isTrue();
        }
        assertThat(buffer[0].emit(update(10))).isFalse();
        client.assertFailedWith(BackPressureFailure.class);
    }

    @Test
    void estimatesGrowWithTheTextsAnItemCarries() {
        var small = new io.apilogs.query.view.TimelineItem.HttpRequest(1, "http_request", "e", "2026-12-01T00:00:00Z", 1L, "t",
                "GET", "https://example.test/a", 200, null);
        var large = new io.apilogs.query.view.TimelineItem.HttpRequest(1, "http_request", "e", "2026-12-01T00:00:00Z", 1L, "t",
                "GET", "https://example.test/" + "a".repeat(60_000), 200, null);
        assertThat(LiveBuffers.estimate(large) - LiveBuffers.estimate(small)).isGreaterThanOrEqualTo(60_000);
    }
}
