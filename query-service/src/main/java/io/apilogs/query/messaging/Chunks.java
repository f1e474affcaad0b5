package io.apilogs.query.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a polled batch into chunks of at most {@code maxBytes} of record values (a record larger than that is a chunk
 * of its own), in order. The writer decodes and stores one chunk at a time, so the decoded events, SQL parameters and
 * protocol buffers of a batch of large events never exceed one chunk's worth, however many records one poll returned.
 */
final class Chunks {
    private Chunks() {
    }

    static List<List<ConsumerRecord<String, byte[]>>> byBytes(Iterable<ConsumerRecord<String, byte[]>> records, long maxBytes) {
        List<List<ConsumerRecord<String, byte[]>>> chunks = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> current = new ArrayList<>();
        long bytes = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            long size = bytes(record);
            if (!current.isEmpty() && bytes + size > maxBytes) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(record);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    static long bytes(ConsumerRecord<String, byte[]> record) {
        return (record.value() == null ? 0 : record.value().length) + (record.key() == null ? 0 : record.key().length());
    }
}
