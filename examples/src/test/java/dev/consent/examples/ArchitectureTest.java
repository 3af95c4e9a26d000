package dev.consent.examples;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.consent.ConsentSystem;
import dev.consent.imports.QuerySource;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.testkit.ConsentStoreKit;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tiers of the library, checked on the compiled main classes of every module (this module's tests see
 * them all):
 *
 * <ol>
 *   <li><b>API</b>: {@code dev.consent}, entered through {@code ConsentSystem.builder()}; and built on top of
 *       it, {@code dev.consent.relay} (the outbound relay), {@code dev.consent.requests} (data-subject requests,
 *       with their own storage interface {@code RequestStore}), {@code dev.consent.retention} and
 *       {@code dev.consent.imports} (the import of legacy consent data), {@code dev.consent.reporting} (reports
 *       rendered as HTML), {@code dev.consent.merkle} (the Merkle tree, its proofs and signed checkpoints: values
 *       over the API's {@code Hash}, which the SPI's {@code MerkleStore} uses).
 *   <li><b>SPI</b>: {@code dev.consent.spi}, what a store implements.
 *   <li><b>Implementation</b>: {@code dev.consent.internal}, not API. Only the API package reaches it, and
 *       only through a few named seams.
 *   <li><b>Stores</b>: {@code dev.consent.memory} and {@code dev.consent.jdbc}, built on the API and the SPI
 *       only, and independent of each other.
 *   <li><b>Examples</b>: {@code dev.consent.examples}, code as a user writes it: public API only.
 *   <li><b>Test kit</b>: {@code dev.consent.testkit}, the suites a store author runs: API and SPI only, so a
 *       store that passes it passes against what the library promises, not against its implementation.
 * </ol>
 *
 * <p>Three package cycles are there by design and are the only ones allowed: API and SPI refer to each other
 * (the builder takes a {@code ConsentStore}; the SPI carries the API's values), API and {@code dev.consent.merkle}
 * refer to each other (the ledger answers checkpoints and proofs, which are values over the API's {@code Hash}),
 * and API and implementation
 * refer to each other (the implementation implements the API; {@code ConsentSystem} builds it, and value
 * types check their arguments with {@code internal.Checks}). No class, though, may sit in a cycle across
 * the API/implementation line ({@link #noClassCycleCrossesTheLineBetweenApiAndImplementation}).
 */
@AnalyzeClasses(locations = ArchitectureTest.LibraryModules.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String API = "dev.consent";
    private static final String SPI = "dev.consent.spi..";
    private static final String RELAY = "dev.consent.relay..";
    private static final String REQUESTS = "dev.consent.requests..";
    private static final String RETENTION = "dev.consent.retention..";
    private static final String IMPORTS = "dev.consent.imports..";
    private static final String REPORTING = "dev.consent.reporting..";
    private static final String AUDIT = "dev.consent.audit..";
    private static final String MERKLE = "dev.consent.merkle..";
    private static final String INTERNAL = "dev.consent.internal..";
    private static final String MEMORY = "dev.consent.memory..";
    private static final String JDBC = "dev.consent.jdbc..";
    private static final String EXAMPLES = "dev.consent.examples..";
    private static final String TESTKIT = "dev.consent.testkit..";
    private static final String[] CORE = {
        API, INTERNAL, SPI, RELAY, REQUESTS, RETENTION, IMPORTS, REPORTING, AUDIT, MERKLE
    };

    /**
     * The classes of {@code dev.consent.internal} the API package may use: {@code Components} and
     * {@code Settings} (the wiring {@code ConsentSystem} builds), {@code Checks} and {@code ValueText}
     * (argument checks and how values show in messages), {@code Json} and {@code ReceiptWriter} (the
     * renderers of exports and receipts).
     */
    private static final Set<String> SEAMS =
            Set.of("Components", "Settings", "Checks", "ValueText", "Json", "ReceiptWriter");

    /** One slice per package below dev.consent, and one for dev.consent itself. */
    private static final SliceAssignment PACKAGES_BELOW_DEV_CONSENT = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            if (p.equals(API)) {
                return SliceIdentifier.of("dev.consent");
            }
            if (p.startsWith(API + ".")) {
                return SliceIdentifier.of(
                        API + "." + p.substring(API.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of dev.consent";
        }
    };

    @ArchTest
    static final ArchRule spiRelayAndStores_neverDependOnInternal = noClasses()
            .that()
            .resideInAnyPackage(SPI, RELAY, REPORTING, MEMORY, JDBC)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(INTERNAL)
            .because("a store or a relay is written against the SPI and the API, which stay stable; "
                    + "dev.consent.internal may change in any release");

    @ArchTest
    static final ArchRule testKit_usesOnlyPublicApiAndSpi = classes()
            .that()
            .resideInAPackage(TESTKIT)
            .should()
            .onlyDependOnClassesThat(resideOutsideOfPackage("dev.consent..")
                    .or(resideInAPackage(TESTKIT))
                    .or(resideOutsideOfPackage(INTERNAL).and(isPublic())))
            .because("the test kit states the contract of a store; a store author runs it against the published "
                    + "API and SPI");

    @ArchTest
    static final ArchRule examples_useOnlyPublicApi = classes()
            .that()
            .resideInAPackage(EXAMPLES)
            .should()
            .onlyDependOnClassesThat(resideOutsideOfPackage("dev.consent..")
                    .or(resideInAPackage(EXAMPLES))
                    .or(resideOutsideOfPackage(INTERNAL).and(isPublic())))
            .because("the examples are what a user copies: public API only");

    @ArchTest
    static final ArchRule core_usesNoJdbc = noClasses()
            .that(resideInAnyPackage(CORE)
                    .and(not(belongToAnyOf(QuerySource.class)))
                    .and(not(resideInAPackage(AUDIT))))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..")
            .because("JDBC lives in consent-jdbc only, but for QuerySource (the import's reader of a caller's legacy"
                    + " table) and dev.consent.audit (the drift audit's reader of a processing log): through the"
                    + " JDK's own java.sql interfaces, no driver, no Jdbi");

    @ArchTest
    static final ArchRule core_dependsOnlyOnTheJdkSlf4jCaffeineAndJackson = classes()
            .that(resideInAnyPackage(CORE)
                    .and(not(belongToAnyOf(QuerySource.class)))
                    .and(not(resideInAPackage(AUDIT))))
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage(CORE)
                    .or(resideInAnyPackage(
                            "java..",
                            "javax.crypto..",
                            "org.slf4j..",
                            "com.github.benmanes.caffeine..",
                            "com.fasterxml.jackson..",
                            "org.jspecify..")))
            .because("core needs the JDK, slf4j-api, Caffeine and Jackson; nothing else");

    @ArchTest
    static final ArchRule querySource_usesOnlyTheJdksJdbcInterfaces = classes()
            .that(belongToAnyOf(QuerySource.class).or(resideInAPackage(AUDIT)))
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage(CORE)
                    .or(resideInAnyPackage("java..", "javax.sql..", "org.slf4j..", "org.jspecify..")))
            .because("the core classes with JDBC read a caller's DataSource through java.sql and javax.sql only:"
                    + " no driver, no Jdbi");

    @ArchTest
    static final ArchRule core_knowsNoStoreAndNoExample = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(MEMORY, JDBC, EXAMPLES)
            .because("stores are handed to the builder, never looked up by core");

    @ArchTest
    static final ArchRule apiAndImplementation_doNotDependOnTheRelay = noClasses()
            .that()
            .resideInAnyPackage(API, INTERNAL)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(RELAY)
            .because("the relay is built on the API, not part of what a check or a write needs");

    @ArchTest
    static final ArchRule stores_areIndependentOfEachOther = noClasses()
            .that()
            .resideInAPackage(MEMORY)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(JDBC, EXAMPLES)
            .as("the in-memory store depends on no other store and no example");

    @ArchTest
    static final ArchRule jdbcStore_isIndependentOfTheMemoryStore = noClasses()
            .that()
            .resideInAPackage(JDBC)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(MEMORY, EXAMPLES)
            .as("the JDBC store depends on no other store and no example");

    @ArchTest
    static final ArchRule api_reachesTheImplementationOnlyThroughItsSeams = noClasses()
            .that()
            .resideInAPackage(API)
            .should()
            .dependOnClassesThat(resideInAPackage(INTERNAL).and(not(inTopLevelClassNamed(SEAMS))))
            .because("the API's coupling to dev.consent.internal is kept to " + new TreeSet<>(SEAMS));

    @ArchTest
    static final ArchRule onlyConsentSystem_buildsTheImplementation = noClasses()
            .that()
            .resideInAPackage(API)
            .and(not(inTopLevelClassNamed(Set.of("ConsentSystem"))))
            .should()
            .dependOnClassesThat(resideInAPackage(INTERNAL).and(inTopLevelClassNamed(Set.of("Components", "Settings"))))
            .because("ConsentSystem.builder() is the one entry point");

    /**
     * No package cycle, once the three designed ones are set aside: the API's own dependencies on the SPI, on the
     * Merkle log's values and on the implementation (limited by the two rules above). What is left must be acyclic: the
     * implementation, SPI, relay, stores and examples build on the API, each in one direction.
     *
     * <p>One exception, to be removed when it is fixed: the relay's two extension points in the SPI,
     * {@code ChangeSink} and {@code RelayState} (with {@code InMemoryRelayState}), carry the relay's
     * {@code ChangeMessage} and {@code DeadLetter}, while the relay uses them; so {@code spi} and
     * {@code relay} refer to each other. Moving those SPI types into {@code dev.consent.relay} (or the two
     * values into {@code dev.consent.spi}) ends it.
     */
    @ArchTest
    static final ArchRule packages_areFreeOfCyclesBesideTheDesignedOnes = slices().assignedFrom(
                    PACKAGES_BELOW_DEV_CONSENT)
            .should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage(API), resideInAnyPackage(SPI, INTERNAL, MERKLE))
            .ignoreDependency(
                    resideInAPackage(SPI)
                            .and(inTopLevelClassNamed(Set.of("ChangeSink", "RelayState", "InMemoryRelayState"))),
                    resideInAPackage(RELAY).and(inTopLevelClassNamed(Set.of("ChangeMessage", "DeadLetter"))));

    /**
     * No class of the API takes part in a dependency cycle with classes of the implementation: the
     * implementation builds on the API, and what the API uses of it (the seams) does not lead back. This is
     * the class-level form of the package rule: {@code InvalidInputException} and {@code internal.Checks},
     * which formatted its message while throwing it, were such a cycle.
     *
     * <p>Set aside: {@code FeedFollower} logs under {@code ConsentSystem}'s logger name, a class literal that
     * uses nothing of the class.
     */
    @ArchTest
    static void noClassCycleCrossesTheLineBetweenApiAndImplementation(JavaClasses classes) {
        Map<String, Set<String>> graph = topLevelGraph(classes, API, "dev.consent.internal");
        graph.get("dev.consent.internal.FeedFollower").remove("dev.consent.ConsentSystem");
        List<String> cycles = new ArrayList<>();
        for (String api : graph.keySet()) {
            if (!packageOf(api).equals(API)) {
                continue;
            }
            for (String target : graph.get(api)) {
                if (packageOf(target).equals(API)) {
                    continue;
                }
                List<String> back = path(graph, target, api);
                if (back != null) {
                    cycles.add(api + " -> " + String.join(" -> ", back));
                }
            }
        }
        assertThat(cycles)
                .as("cycles across dev.consent and dev.consent.internal")
                .isEmpty();
    }

    /**
     * No public or protected member of a public type outside {@code dev.consent.internal} names an internal
     * type (parameter, return, field, thrown type, type argument, supertype): a user never sees one.
     */
    @ArchTest
    static void publicSignatures_neverExposeInternalTypes(JavaClasses classes) {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("dev.consent") || isInternal(c) || !isVisible(c)) {
                continue;
            }
            Stream.concat(c.getRawSuperclass().stream(), c.getRawInterfaces().stream())
                    .filter(ArchitectureTest::isInternal)
                    .forEach(t -> leaks.add(c.getName() + " extends " + t.getName()));
            for (JavaMember m : c.getMembers()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC)
                        && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                for (JavaClass t : signatureTypes(m)) {
                    if (isInternal(t)) {
                        leaks.add(m.getFullName() + " names " + t.getName());
                    }
                }
            }
        }
        assertThat(leaks)
                .as("public signatures naming dev.consent.internal types")
                .isEmpty();
    }

    /** The main classes of the library modules and of this one, wherever the build put them (jar or folder). */
    static final class LibraryModules implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Stream.of(
                            ConsentSystem.class,
                            InMemoryConsentStore.class,
                            JdbcConsentStore.class,
                            ConsentStoreKit.class,
                            NewsletterExample.class)
                    .map(type -> locationOf(
                            type.getProtectionDomain().getCodeSource().getLocation()))
                    .collect(Collectors.toSet());
        }

        private static Location locationOf(URL url) {
            try {
                Path path = Path.of(url.toURI());
                return Files.isDirectory(path)
                        ? Location.of(path)
                        : Location.of(URI.create("jar:" + path.toUri() + "!/"));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(url.toString(), e);
            }
        }
    }

    private static DescribedPredicate<JavaClass> isPublic() {
        return DescribedPredicate.describe("public", ArchitectureTest::isVisible);
    }

    private static DescribedPredicate<JavaClass> inTopLevelClassNamed(Set<String> simpleNames) {
        return DescribedPredicate.describe(
                "in a class named one of " + new TreeSet<>(simpleNames),
                c -> simpleNames.contains(simpleName(topLevel(c.getName()))));
    }

    /** Public itself and inside public classes only (arrays: their component type). */
    private static boolean isVisible(JavaClass c) {
        JavaClass t = c.isArray() ? c.getBaseComponentType() : c;
        for (JavaClass k = t; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInternal(JavaClass c) {
        JavaClass t = c.isArray() ? c.getBaseComponentType() : c;
        return t.getPackageName().equals("dev.consent.internal")
                || t.getPackageName().startsWith("dev.consent.internal.");
    }

    private static Set<JavaClass> signatureTypes(JavaMember member) {
        Set<JavaClass> types = new java.util.HashSet<>();
        if (member instanceof JavaField field) {
            types.addAll(field.getType().getAllInvolvedRawTypes());
        } else if (member instanceof JavaCodeUnit unit) {
            types.addAll(unit.getReturnType().getAllInvolvedRawTypes());
            for (JavaType p : unit.getParameterTypes()) {
                types.addAll(p.getAllInvolvedRawTypes());
            }
            unit.getThrowsClause().getTypes().forEach(types::add);
        }
        return types;
    }

    /** Dependencies between top-level classes of the given packages (nested classes count as their outer one). */
    private static Map<String, Set<String>> topLevelGraph(JavaClasses classes, String... packages) {
        Set<String> wanted = Set.of(packages);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass c : classes) {
            if (!wanted.contains(c.getPackageName())) {
                continue;
            }
            Set<String> out = graph.computeIfAbsent(topLevel(c.getName()), k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass t =
                        d.getTargetClass().isArray() ? d.getTargetClass().getBaseComponentType() : d.getTargetClass();
                if (wanted.contains(t.getPackageName())
                        && !topLevel(t.getName()).equals(topLevel(c.getName()))) {
                    out.add(topLevel(t.getName()));
                }
            }
        }
        return graph;
    }

    /** A shortest path from {@code from} to {@code to}, both included, or null. */
    private static List<String> path(Map<String, Set<String>> graph, String from, String to) {
        Map<String, String> cameFrom = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        cameFrom.put(from, from);
        while (!queue.isEmpty()) {
            String v = queue.removeFirst();
            if (v.equals(to)) {
                List<String> path = new ArrayList<>();
                for (String s = to; ; s = cameFrom.get(s)) {
                    path.add(0, simpleName(s));
                    if (s.equals(from)) {
                        return path;
                    }
                }
            }
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (cameFrom.putIfAbsent(w, v) == null) {
                    queue.addLast(w);
                }
            }
        }
        return null;
    }

    private static String topLevel(String name) {
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static String packageOf(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
