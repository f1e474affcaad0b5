package io.apilogs.model.cost;

import io.apilogs.model.event.LlmCallEvent;

/**
 * Prices a call. A client-supplied {@code costUsd} is used as is. Without a price table every other call is
 * {@code unknown-model}: its cost is null, never 0.
 */
public final class CostCalculator {
    public CostBreakdown cost(LlmCallEvent call) {
        if (call.costUsd() != null) {
            return CostBreakdown.client(call.costUsd());
        }
        return CostBreakdown.unknownModel();
    }
}
