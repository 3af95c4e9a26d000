package dev.consent.testkit.behaviour;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures everything written to standard output and error while it is open, with every slf4j-simple logger
 * (the tests' binding) turned down to TRACE, so that a test sees every line the library could log. Restores
 * both streams and levels on close. For tests only: it reaches into slf4j-simple by reflection.
 */
final class LogCapture implements AutoCloseable {
    /** The library's loggers, created here so that their levels can be lowered before they first log. */
    private static final List<String> LIBRARY_LOGGERS = List.of(
            "dev.consent.Enforcer",
            "dev.consent.ConsentSystem",
            "dev.consent.internal.ListenerHub",
            "dev.consent.internal.DefaultPurposeRegistry",
            "dev.consent.relay.Relay",
            "dev.consent.jdbc.JdbcConsentStore",
            "dev.consent.jdbc.HandleTransaction");

    private static final int TRACE = 0;

    private final Buffer captured = new Buffer();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Map<Object, Integer> levels = new HashMap<>();

    LogCapture() {
        LIBRARY_LOGGERS.forEach(LoggerFactory::getLogger);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("org.slf4j.simple.SimpleLoggerFactory")) {
            throw new IllegalStateException("the canary test captures slf4j-simple's output; the binding on the test"
                    + " class path is " + factory.getClass().getName());
        }
        try {
            Field map = factory.getClass().getDeclaredField("loggerMap");
            map.setAccessible(true);
            Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
            level.setAccessible(true);
            for (Object logger : ((Map<?, ?>) map.get(factory)).values()) {
                levels.put(logger, level.getInt(logger));
                level.setInt(logger, TRACE);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not lower slf4j-simple's levels", e);
        }
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        Logger self = LoggerFactory.getLogger(LogCapture.class);
        self.trace("log capture started");
    }

    /** Everything written so far, as UTF-8 text. */
    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Forgets what was captured, overwriting the buffer, so that no copy of it stays in the heap. */
    void clear() {
        synchronized (captured) {
            captured.wipe();
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        void wipe() {
            java.util.Arrays.fill(buf, (byte) 0);
            reset();
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        try {
            Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
            level.setAccessible(true);
            for (Map.Entry<Object, Integer> e : levels.entrySet()) {
                level.setInt(e.getKey(), e.getValue());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not restore slf4j-simple's levels", e);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
