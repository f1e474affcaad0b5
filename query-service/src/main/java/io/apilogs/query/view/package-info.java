/**
 * The response shapes of the query API (API.md sections 2 and 3), as records serialized by Jackson. They are what the
 * OpenAPI document at {@code /q/openapi} describes. Times are RFC 3339 strings in UTC with milliseconds; money is a
 * plain decimal in USD; fields a shape lists are always present, null when unknown.
 */
package io.apilogs.query.view;
