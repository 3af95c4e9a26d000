package dev.consent.spring.web;

import dev.consent.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StreamUtils;

/**
 * A converter for a library value that writes and reads its own text (its {@code toJson()} and
 * {@code fromJson(String)}), in UTF-8. Reads only JSON. A body that is not such a value is rejected as not
 * readable (400), with the library's problem but without the body, which may hold personal data.
 */
abstract class LibraryTextConverter<T> extends AbstractHttpMessageConverter<T> {
    private final Class<T> type;

    LibraryTextConverter(Class<T> type, MediaType... mediaTypes) {
        super(StandardCharsets.UTF_8, mediaTypes);
        this.type = type;
    }

    /** The text of {@code value} for {@code contentType} (JSON when none was negotiated). */
    abstract String text(T value, @Nullable MediaType contentType);

    /** The value of a JSON text. */
    abstract T fromJson(String json);

    @Override
    protected boolean supports(Class<?> clazz) {
        return type == clazz;
    }

    @Override
    protected boolean canRead(@Nullable MediaType mediaType) {
        return mediaType == null || MediaType.APPLICATION_JSON.includes(mediaType) && super.canRead(mediaType);
    }

    @Override
    protected T readInternal(Class<? extends T> clazz, HttpInputMessage input) throws IOException {
        String json = StreamUtils.copyToString(input.getBody(), StandardCharsets.UTF_8);
        try {
            return fromJson(json);
        } catch (InvalidInputException e) {
            throw new HttpMessageNotReadableException(
                    "the body is not " + type.getSimpleName() + " JSON: " + e.field() + ": " + e.problem(), input);
        }
    }

    @Override
    protected void writeInternal(T value, HttpOutputMessage output) throws IOException {
        byte[] bytes = text(value, output.getHeaders().getContentType()).getBytes(StandardCharsets.UTF_8);
        output.getBody().write(bytes);
    }
}
