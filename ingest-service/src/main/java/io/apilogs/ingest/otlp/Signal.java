package io.apilogs.ingest.otlp;

/** The two OTLP signals ingest takes, with the names their exports use. */
enum Signal {
    TRACES("ExportTraceServiceRequest", "resourceSpans", "scopeSpans", "spans", "spans"),
    LOGS("ExportLogsServiceRequest", "resourceLogs", "scopeLogs", "logRecords", "log records");

    final String request;
    final String resources;
    final String scopes;
    final String records;
    final String recordsInWords;

    Signal(String request, String resources, String scopes, String records, String recordsInWords) {
        this.request = request;
        this.resources = resources;
        this.scopes = scopes;
        this.records = records;
        this.recordsInWords = recordsInWords;
    }

    String tooMany(int max) {
        return "the export holds more than " + max + " " + recordsInWords + "; at most " + max + " per request";
    }
}
