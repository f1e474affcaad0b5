package io.apilogs.model.event;

public record ErrorInfo(String type, String message, Integer httpStatus) {
}
