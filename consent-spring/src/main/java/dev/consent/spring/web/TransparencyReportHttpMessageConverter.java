package dev.consent.spring.web;

import dev.consent.TransparencyReport;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * Writes a {@link TransparencyReport} as {@code application/json} in the library's format (the bytes of
 * {@link TransparencyReport#toJson()}, UTF-8) or, when the client asks for {@code text/plain}, as its text
 * table ({@link TransparencyReport#toTable()}); reads the JSON back ({@link TransparencyReport#fromJson(String)}).
 * A controller can return a report as it is. Thread-safe.
 */
public final class TransparencyReportHttpMessageConverter extends LibraryTextConverter<TransparencyReport> {
    /** A converter for {@code application/json} and {@code text/plain}. */
    public TransparencyReportHttpMessageConverter() {
        super(TransparencyReport.class, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN);
    }

    @Override
    String text(TransparencyReport value, @Nullable MediaType contentType) {
        return contentType != null && MediaType.TEXT_PLAIN.isCompatibleWith(contentType)
                ? value.toTable()
                : value.toJson();
    }

    @Override
    TransparencyReport fromJson(String json) {
        return TransparencyReport.fromJson(json);
    }
}
