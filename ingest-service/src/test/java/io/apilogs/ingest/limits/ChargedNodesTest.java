package io.apilogs.ingest.limits;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.Json;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChargedNodesTest {
    private final ObjectMapper mapper = Json.untrusted(64, 50 << 20, 100_000_000);

    private static String array(int values, String value) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values; i++) {
            json.append(i == 0 ? "" : ",").append(value);
        }
        return json.append("]").toString();
    }

    @Test
    void aTreeStopsGrowingSoonAfterItsChargeIsRefused() throws Exception {
        for (String value : new String[] {"0", "{}", "[]", "\"\"", "true", "null", "1.5", "{\"a\":0}"}) {
            AtomicLong charged = new AtomicLong();
            RuntimeException refused = new IllegalStateException("over budget");
            try (JsonParser parser = mapper.createParser(array(3_000_000, value))) {
                ChargedNodes nodes = new ChargedNodes(parser, values -> {
                    if (charged.addAndGet(values) > 100_000) {
                        throw refused;
                    }
                });
                assertThatThrownBy(() -> mapper.reader().with(nodes).readTree(parser)).as(value).isSameAs(refused);
                assertThat(charged.get()).as(value + ": refused within a batch of nodes past the limit")
                        .isLessThan(100_000 + 5 * ChargedNodes.EVERY);
            }
        }
    }

    @Test
    void withoutATokenLimitNodesAreCharged() throws Exception {
        ObjectMapper uncounted = Json.untrusted(64, 1 << 20, -1);
        AtomicLong charged = new AtomicLong();
        try (JsonParser parser = uncounted.createParser(array(5000, "0"))) {
            ChargedNodes nodes = new ChargedNodes(parser, charged::addAndGet);
            uncounted.reader().with(nodes).readTree(parser);
            nodes.settle();
            assertThat(charged).hasValue(2 * 5001);
        }
    }

    @Test
    void settleChargesEveryTokenOnce() throws Exception {
        AtomicLong charged = new AtomicLong();
        try (JsonParser parser = mapper.createParser("{\"a\":[1,2,{\"b\":null}],\"c\":\"x\"}")) {
            ChargedNodes nodes = new ChargedNodes(parser, charged::addAndGet);
            JsonNode tree = mapper.reader().with(nodes).readTree(parser);
            nodes.settle();
            nodes.settle();
            assertThat(tree.path("a").size()).isEqualTo(3);
            assertThat(charged).hasValue(13);
        }
    }
}
