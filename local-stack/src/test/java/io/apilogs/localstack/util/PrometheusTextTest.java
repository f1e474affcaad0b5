package io.apilogs.localstack.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP apilogs_writer_events_written_total Events stored, by type
            # TYPE apilogs_writer_events_written_total counter
            apilogs_writer_events_written_total{type="llm_call"} 12.0
            apilogs_writer_events_written_total{type="tool_execution"} 3.0
            apilogs_writer_consumer_lag{partition="0",topic="apilogs.events"} 7.0
            apilogs_writer_consumer_lag{partition="1",topic="apilogs.events"} 5.0
            http_server_requests_seconds_count{method="GET",uri="/v1/{x}",label="a \\"quoted\\", b"} 2
            process_uptime_seconds 41.5
            jvm_gc_pause_seconds_max NaN
            """;

    @Test
    void sumsSamplesByNameAndLabels() {
        PrometheusText text = PrometheusText.parse(SCRAPE);
        assertEquals(15.0, text.sum("apilogs_writer_events_written_total"));
        assertEquals(12.0, text.sum("apilogs_writer_events_written_total", "type", "llm_call"));
        assertEquals(12.0, text.sum("apilogs_writer_consumer_lag", "topic", "apilogs.events"));
        assertEquals(5.0, text.sum("apilogs_writer_consumer_lag", "partition", "1"));
        assertEquals(41.5, text.sum("process_uptime_seconds"));
        assertEquals(0.0, text.sum("no_such_metric"));
        assertTrue(text.has("jvm_gc_pause_seconds_max"));
    }

    @Test
    void readsQuotedLabelValuesWithEscapesAndCommas() {
        PrometheusText text = PrometheusText.parse(SCRAPE);
        assertEquals(2.0, text.sum("http_server_requests_seconds_count", "label", "a \"quoted\", b", "uri", "/v1/{x}"));
    }
}
