package io.apilogs.model.cost;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bundled price table, {@code prices/default-prices.json}, read once. Each entry names the page it was
 * checked against and when; entries whose start date is unknown are effective from 2024-01-01.
 */
public final class DefaultPrices {
    static final String RESOURCE = "prices/default-prices.json";

    private DefaultPrices() {
    }

    public static PriceTable table() {
        return Holder.TABLE;
    }

    /** Lazy holder: the file is parsed on first use, once, without locking afterwards. */
    private static final class Holder {
        static final PriceTable TABLE = load();
    }

    private static PriceTable load() {
        // Strict on purpose: a misspelt field in the bundled file must fail the build's tests, not price at 0.
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        try (InputStream in = DefaultPrices.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            List<Price> entries = mapper.readValue(in, new TypeReference<List<Price>>() { });
            return PriceTable.of(entries.stream().map(p -> p.withSource(CostBreakdown.DEFAULT)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
