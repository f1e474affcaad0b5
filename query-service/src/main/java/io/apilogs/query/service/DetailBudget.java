package io.apilogs.query.service;

import io.apilogs.model.api.Problem;
import io.apilogs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The bytes that the details being answered at once may hold (docs/deploy.md, "Memory"): the detail of a call, a tool
 * execution or an HTTP request. A read first asks PostgreSQL how many bytes it is about to load (octet_length reads
 * a stored value's size without decompressing it), reserves {@value #FACTOR} times that here, and gives it back once
 * its response has been sent or the client has gone. The factor covers the row as received, its texts decoded (up to
 * two bytes a character) and the response written (JSON columns are copied as they are stored, never parsed into
 * trees; a text's escapes may make it longer).
 * <p>
 * A detail that does not fit what is left is answered 503 with {@code Retry-After}; one that could never fit, even
 * alone, is told so by {@link #fits} and served smaller (a call's linked items without their contents).
 */
@ApplicationScoped
public class DetailBudget implements io.apilogs.query.persistence.read.TextBudget {
    static final long FACTOR = 10;
    static final long OVERHEAD = 16 * 1024;
    static final int RETRY_AFTER_SECONDS = 1;

    private final long budget;
    private long held;

    @Inject
    public DetailBudget(QueryConfig config) {
        this(config.reads().detailBytes());
        long oneRecord = cost(config.writer().maxRecordBytes());
        if (budget < oneRecord) {
            throw new IllegalStateException("APILOGS_READS_DETAIL_BYTES (" + budget + ") must hold the detail of the largest record, "
                    + FACTOR + " x APILOGS_WRITER_MAX_RECORD_BYTES + " + OVERHEAD + " = " + oneRecord + " bytes");
        }
    }

    DetailBudget(long budget) {
        this.budget = budget;
    }

    /** What a detail holding this many stored bytes is charged. */
    public static long cost(long storedBytes) {
        return OVERHEAD + FACTOR * Math.max(0, storedBytes);
    }

    /** Whether a detail of this many stored bytes fits the budget at all (when nothing else is held). */
    public boolean fits(long storedBytes) {
        return cost(storedBytes) <= budget;
    }

    /**
     * Takes the cost of this many stored bytes, or throws the 503 to answer. Every successful call needs one
     * {@link #release} of the returned amount.
     */
    @Override
    public long reserve(long storedBytes) {
        long cost = cost(storedBytes);
        synchronized (this) {
            if (held + cost <= budget) {
                held += cost;
                return cost;
            }
        }
        Problem problem = Problem.of(503, "Service Unavailable", "this server is answering as many large details as its memory "
                + "allows (APILOGS_READS_DETAIL_BYTES); try again in a moment");
        throw new WebApplicationException(Response.status(503).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build());
    }

    /** A request's reservations, given back together once its response is sent or its client has gone. */
    public Claim claim() {
        return new Claim();
    }

    public final class Claim {
        private long cost;
        private boolean closed;

        /** Reserves for this many stored bytes more, or throws the 503 to answer. */
        public synchronized void take(long storedBytes) {
            if (closed) {
                throw new IllegalStateException("the response was already sent or its client has gone");
            }
            cost += reserve(storedBytes);
        }

        public boolean fits(long storedBytes) {
            return DetailBudget.this.fits(storedBytes);
        }

        public synchronized void close() {
            closed = true;
            release(cost);
            cost = 0;
        }
    }

    @Override
    public synchronized void release(long cost) {
        held = Math.max(0, held - cost);
    }

    public synchronized long held() {
        return held;
    }

    public long budget() {
        return budget;
    }
}
