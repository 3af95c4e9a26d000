package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java snippets of {@code README.md} and {@code docs/*.md} compile against the library as it is, and
 * do what the text says: this test reads them from the Markdown, compiles each with the JDK's compiler and
 * this module's test class path (which holds every library module), and runs those that can run. A failure
 * names the Markdown file and the line of the snippet's line in it.
 *
 * <p>The convention: the line before every {@code ```java} fence is an HTML comment (invisible when the
 * Markdown is rendered) that says what the block is.
 *
 * <ul>
 *   <li>{@code <!-- snippet: main -->}: a complete program, imports included; compiled as written (in a
 *       package of its own) and its {@code main} run. A line {@code <!-- output: LINE | LINE -->} right after
 *       the closing fence is what it must print, line by line.
 *   <li>{@code <!-- snippet: class -->}: type declarations, such as a test class a store author writes;
 *       compiled with the default imports below, not run.
 *   <li>{@code <!-- snippet: run GIVEN -->}: statements; compiled as the body of a method of a subclass of
 *       {@link SnippetGivens}, with the default imports, and run after the given named {@code GIVEN} set up
 *       the names the snippet takes as known ({@code consent}, {@code signup}, {@code dataSource}, ...; see
 *       {@link SnippetGivens#GIVENS}). A line {@code <!-- then: STATEMENTS -->} right after the closing fence
 *       is appended to the snippet, in its scope: AssertJ checks that it did what the text says.
 *   <li>{@code <!-- snippet: compile GIVEN -->}: as {@code run}, compiled but not run, for a snippet that
 *       needs something outside this process.
 * </ul>
 *
 * A {@code ```java} block without the comment fails, so no snippet goes unchecked. Other blocks (XML,
 * JSON, shell commands) are not read. Default imports: {@value #IMPORTS}
 */
class DocSnippetsTest {
    static final String IMPORTS = "import dev.consent.*; import dev.consent.spi.*; import dev.consent.relay.*;"
            + " import dev.consent.memory.*; import dev.consent.jdbc.*; import java.time.*; import java.util.*;"
            + " import java.util.concurrent.TimeUnit; import java.net.URI; import java.sql.Connection;"
            + " import javax.sql.DataSource; import org.jdbi.v3.core.Jdbi;"
            + " import static org.assertj.core.api.Assertions.*;";

    private static final Pattern KIND =
            Pattern.compile("<!--\\s*snippet:\\s*(main|class|run|compile)\\s*([a-z0-9-]*)\\s*-->");
    private static final Pattern THEN = Pattern.compile("<!--\\s*(then|output):(.*)-->");
    private static final JavaCompiler COMPILER = ToolProvider.getSystemJavaCompiler();
    private static final StandardJavaFileManager FILES =
            COMPILER.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);

    /** One ```java block: where it is, what kind, and its lines. */
    record Snippet(String file, int line, String kind, String given, List<String> code, String then) {
        String where() {
            return file + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippet_compiles_andRunsWhereItCan() throws IOException {
        List<Snippet> snippets = snippets();
        int[] counter = {0};
        return snippets.stream()
                .map(s -> DynamicTest.dynamicTest(
                        s.where() + " (" + s.kind() + (s.given().isEmpty() ? "" : " " + s.given()) + ")",
                        () -> check(s, "s" + counter[0]++)));
    }

    @Test
    void theDocumentation_hasSnippets_inTheReadmeAndTheDocs() throws IOException {
        List<Snippet> snippets = snippets();
        assertThat(snippets).extracting(Snippet::file).contains("README.md", "docs/proof-and-rights.md");
        assertThat(snippets).filteredOn(s -> s.kind().equals("run")).hasSizeGreaterThan(15);
    }

    @Test
    void aJavaBlock_withoutItsSnippetComment_failsNamingItsLine() {
        assertThatThrownBy(() -> read("x.md", List.of("text", "```java", "int a = 1;", "```")))
                .hasMessageContaining("x.md:2: a ```java block without a snippet comment");
    }

    @Test
    void aRunSnippet_readsItsGivenAndItsChecks_andNamesTheLineOfItsCode() {
        List<Snippet> read = read(
                "x.md",
                List.of(
                        "<!-- snippet: run rights -->",
                        "```java",
                        "int a = 1;",
                        "```",
                        "<!-- then: assertThat(a).isOne(); -->"));

        assertThat(read)
                .containsExactly(
                        new Snippet("x.md", 3, "run", "rights", List.of("int a = 1;"), "assertThat(a).isOne();"));
    }

    // ---------------------------------------------------------------- reading the Markdown

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no README.md with a docs directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static List<Snippet> snippets() throws IOException {
        Path root = root();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Snippet> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(read(root.relativize(file).toString().replace('\\', '/'), Files.readAllLines(file)));
        }
        return all;
    }

    static List<Snippet> read(String file, List<String> lines) {
        List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            Matcher kind = i == 0 ? null : KIND.matcher(lines.get(i - 1).strip());
            if (kind == null || !kind.matches()) {
                fail(file + ":" + (i + 1) + ": a ```java block without a snippet comment on the line before it"
                        + " (<!-- snippet: main | class | run GIVEN | compile GIVEN -->)");
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                fail(file + ":" + (i + 1) + ": a ```java block that is never closed");
            }
            String then = "";
            if (end + 1 < lines.size()) {
                Matcher m = THEN.matcher(lines.get(end + 1).strip());
                if (m.matches()) {
                    then = m.group(2).strip();
                    String expected = kind.group(1).equals("main") ? "output" : "then";
                    if (!m.group(1).equals(expected)) {
                        fail(file + ":" + (end + 2) + ": after a '" + kind.group(1) + "' snippet, write <!-- "
                                + expected + ": ... -->");
                    }
                }
            }
            String k = kind.group(1);
            String given = kind.group(2);
            boolean needsGiven = k.equals("run") || k.equals("compile");
            if (needsGiven != !given.isEmpty()) {
                fail(file + ":" + i + ": "
                        + (needsGiven
                                ? "'" + k + "' needs a given, one of " + SnippetGivens.GIVENS.keySet()
                                : "'" + k + "' takes no given"));
            }
            if (!then.isEmpty() && !k.equals("run") && !k.equals("main")) {
                fail(file + ":" + (end + 2) + ": a then-comment after a '" + k + "' snippet, which does not run");
            }
            found.add(new Snippet(file, i + 2, k, given, List.copyOf(lines.subList(i + 1, end)), then));
            i = end;
        }
        return found;
    }

    // ---------------------------------------------------------------- compiling and running

    private static void check(Snippet s, String pkg) throws Exception {
        String code = String.join("\n", s.code());
        String source;
        int offset; // generated line = snippet line + offset
        String mainClass;
        switch (s.kind()) {
            case "main" -> {
                source = "package snippet." + pkg + "; " + code + "\n";
                offset = 0;
                Matcher m = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)")
                        .matcher(code);
                assertThat(m.find())
                        .as(s.where() + ": a 'main' snippet declares a public class")
                        .isTrue();
                mainClass = "snippet." + pkg + "." + m.group(1);
            }
            case "class" -> {
                source = "package snippet." + pkg + "; " + IMPORTS + "\n" + code + "\n";
                offset = 1;
                mainClass = null;
            }
            default -> {
                source = "package snippet." + pkg + "; " + IMPORTS + "\n"
                        + "public class Snippet extends " + SnippetGivens.class.getName() + " {\n"
                        + "@Override protected void body() throws Exception {\n"
                        + code + "\n" + s.then() + "\n}}\n";
                offset = 3;
                mainClass = "snippet." + pkg + ".Snippet";
            }
        }
        String fileName = mainClass == null ? "Snippets" : mainClass.substring(mainClass.lastIndexOf('.') + 1);
        Map<String, byte[]> classes = compile(s, source, offset, "snippet/" + pkg + "/" + fileName + ".java");
        if (s.kind().equals("class") || s.kind().equals("compile")) {
            return;
        }
        ClassLoader loader = new ClassLoader(DocSnippetsTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Class<?> type = loader.loadClass(mainClass);
        try {
            if (s.kind().equals("main")) {
                String printed = runMain(type);
                if (!s.then().isEmpty()) {
                    assertThat(printed.lines().toList())
                            .as(s.where() + ": what the program prints")
                            .containsExactly(s.then().split("\\s*\\|\\s*"));
                }
            } else {
                SnippetGivens snippet = (SnippetGivens) type.getConstructor().newInstance();
                try {
                    snippet.given(s.given());
                    snippet.body();
                } finally {
                    snippet.close();
                }
            }
        } catch (InvocationTargetException e) {
            throw new AssertionError(s.where() + ": the snippet threw " + e.getCause(), e.getCause());
        } catch (Exception | AssertionError e) {
            throw new AssertionError(s.where() + ": " + e, e);
        }
    }

    private static String runMain(Class<?> type) throws Exception {
        java.io.PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            type.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private static Map<String, byte[]> compile(Snippet s, String source, int offset, String path) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaFileManager inMemory = new ForwardingJavaFileManager<>(FILES) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(
                        URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-proc:none",
                "-Xlint:-options");
        boolean ok = COMPILER.getTask(null, inMemory, diagnostics, options, null, List.of(unit))
                .call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                long line = d.getLineNumber() - 1 - offset; // 0-based line within the snippet
                long markdownLine = line < s.code().size()
                        ? s.line() + line
                        : s.line() + s.code().size() + 1;
                errors.add(s.file() + ":" + markdownLine + ": " + d.getMessage(Locale.ROOT));
            }
        }
        if (!ok || !errors.isEmpty()) {
            fail("the snippet at " + s.where() + " does not compile:\n" + String.join("\n", errors));
        }
        return classes;
    }
}
