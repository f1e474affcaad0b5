package io.apilogs.query.persistence.write;

import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * What the value filters of issue 25 find in one event, one text each: its labels' {@code u:}, {@code t:} and
 * {@code m:} values ({@link Labels#filterValues}), and its outcome: {@code e:<error type>}, {@code h:<HTTP status>}
 * (a call's or tool's error status, an HTTP request's status code) and {@code s:<stop reason>}. Items keep them in
 * {@code label_values}, conversations the union of their events' in {@code labels}; one filter reads both
 * ({@code LabelFilter}).
 */
public final class ItemValues {
    private ItemValues() {
    }

    public static List<String> of(Event event) {
        List<String> values = new ArrayList<>();
        Labels labels = event.labels();
        if (labels != null) {
            values.addAll(labels.filterValues());
        }
        if (event instanceof LlmCallEvent call) {
            error(values, call.error());
            if (call.stopReason() != null) {
                values.add(stopReason(call.stopReason()));
            }
        } else if (event instanceof ToolExecutionEvent tool) {
            error(values, tool.error());
        } else if (event instanceof HttpRequestEvent http) {
            error(values, http.error());
            if (http.statusCode() != null && (http.error() == null || !http.statusCode().equals(http.error().httpStatus()))) {
                values.add(httpStatus(http.statusCode()));
            }
        }
        return values;
    }

    private static void error(List<String> values, ErrorInfo error) {
        if (error == null) {
            return;
        }
        if (error.type() != null) {
            values.add(errorType(error.type()));
        }
        if (error.httpStatus() != null) {
            values.add(httpStatus(error.httpStatus()));
        }
    }

    public static String errorType(String type) {
        return "e:" + type;
    }

    public static String httpStatus(int status) {
        return "h:" + status;
    }

    public static String stopReason(String reason) {
        return "s:" + reason;
    }
}
