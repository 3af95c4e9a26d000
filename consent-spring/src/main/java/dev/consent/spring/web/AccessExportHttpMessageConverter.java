package dev.consent.spring.web;

import dev.consent.AccessExport;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * Writes an {@link AccessExport} as {@code application/json} in the library's documented format (the bytes of
 * {@link AccessExport#toJson()}, UTF-8; see docs/export-format.md), and reads one back
 * ({@link AccessExport#fromJson(String)}), so that a controller can return or accept it as it is. Thread-safe.
 */
public final class AccessExportHttpMessageConverter extends LibraryTextConverter<AccessExport> {
    /** A converter for {@code application/json}. */
    public AccessExportHttpMessageConverter() {
        super(AccessExport.class, MediaType.APPLICATION_JSON);
    }

    @Override
    String text(AccessExport value, @Nullable MediaType contentType) {
        return value.toJson();
    }

    @Override
    AccessExport fromJson(String json) {
        return AccessExport.fromJson(json);
    }
}
