package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The files applications hand to their own migration tool stay in step with the store's schema: every script
 * folder holds V1 to {@link Schema#LATEST} as {@link Schema#DESCRIPTIONS} names them, the Liquibase changelogs
 * name each script of each dialect once and in order, the MySQL scripts are the MariaDB ones with MySQL's
 * collation, and the only placeholder is {@code ${prefix}}. A script added to a folder, or a version added to
 * {@link Schema}, fails here until every folder and changelog has it.
 */
class SchemaScriptFilesTest {
    private static final String ROOT = "dev/consent/jdbc/schema/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    /** Each folder with the Liquibase changelog naming it and the database type it names there. */
    private static final List<List<String>> FOLDERS = List.of(
            List.of("h2", "changelog.xml", "h2"),
            List.of("postgresql", "changelog.xml", "postgresql"),
            List.of("mariadb", "changelog.xml", "mariadb"),
            List.of("mysql", "changelog.xml", "mysql"),
            List.of("postgresql-partitioned", "changelog-postgresql-partitioned.xml", "postgresql"));

    private static List<String> scriptNames() {
        List<String> names = new ArrayList<>();
        for (int v = 1; v <= Schema.LATEST; v++) {
            names.add("V" + v + "__" + Schema.DESCRIPTIONS[v] + ".sql");
        }
        return names;
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = SchemaScriptFilesTest.class.getClassLoader().getResource(name);
        assertThat(url).as("%s on the class path", name).isNotNull();
        return Path.of(url.toURI());
    }

    private static String text(String name) throws IOException {
        try (InputStream in = SchemaScriptFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("%s on the class path", name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theSchemaFolder_holdsTheDialectFolders_andTheTwoChangelogs() throws Exception {
        assertThat(list(resource(ROOT)))
                .containsExactlyInAnyOrder(
                        "h2",
                        "postgresql",
                        "postgresql-partitioned",
                        "append-only",
                        "mariadb",
                        "mysql",
                        "changelog.xml",
                        "changelog-postgresql-partitioned.xml");
    }

    @Test
    void theAppendOnlyFolder_holdsOneScriptPerDialect_creatingTheTriggersTheStoreLooksFor() throws Exception {
        List<String> names = new ArrayList<>();
        for (Dialect d : Dialect.values()) {
            AppendOnlyTables tables = new AppendOnlyTables(d, "x_");
            names.add(tables.scriptName().substring(AppendOnlyTables.FOLDER.length()));
            List<String> created = new ArrayList<>();
            for (String sql : Schema.statements(Schema.text(tables.scriptName(), "x_"))) {
                java.util.regex.Matcher m =
                        Pattern.compile("^CREATE TRIGGER (\\w+)").matcher(sql);
                if (m.find()) {
                    created.add(m.group(1));
                }
            }
            assertThat(created).as(d.toString()).containsExactlyInAnyOrderElementsOf(tables.triggers());
        }
        assertThat(list(resource(AppendOnlyTables.FOLDER))).containsExactlyInAnyOrderElementsOf(names);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "postgresql-partitioned", "mariadb", "mysql"})
    void everyFolder_holdsTheScriptsV1ToLatest_namedAsTheStoreNamesThem(String folder) throws Exception {
        assertThat(list(resource(ROOT + folder))).containsExactlyInAnyOrderElementsOf(scriptNames());
    }

    @Test
    void theChangelogs_haveOneChangeSetPerScriptOfEachFolder_inVersionOrder() throws Exception {
        for (String changelog : List.of("changelog.xml", "changelog-postgresql-partitioned.xml")) {
            List<String> expected = new ArrayList<>();
            for (List<String> folder : FOLDERS) {
                if (folder.get(1).equals(changelog)) {
                    for (String script : scriptNames()) {
                        expected.add(changeSet(folder.get(0), folder.get(2), script));
                    }
                }
            }

            assertThat(changeSets(changelog)).as(changelog).containsExactlyElementsOf(expected);
        }
    }

    /** A change set as the test expects it, in the form {@link #changeSets} reads it. */
    private static String changeSet(String folder, String dbms, String script) throws IOException {
        String version = script.substring(1, script.indexOf("__"));
        String id = folder + "/" + script.substring(0, script.length() - ".sql".length());
        String precondition = version.equals("1")
                ? "not tableExists ${prefix}ledger_head"
                : "sqlCheck 0 SELECT COUNT(*) FROM ${prefix}schema_version WHERE version = " + version;
        // Liquibase splits a script at every semicolon, also inside a dollar-quoted function body
        boolean split = !text(ROOT + folder + "/" + script).contains("$$");
        return id + " by consent-jdbc on " + dbms + " if " + precondition + " else MARK_RAN: " + folder + "/" + script
                + " relative UTF-8" + (split ? "" : " unsplit");
    }

    private static List<String> changeSets(String changelog) throws Exception {
        Document doc;
        try (InputStream in = SchemaScriptFilesTest.class.getClassLoader().getResourceAsStream(ROOT + changelog)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            doc = factory.newDocumentBuilder().parse(in);
        }
        List<String> found = new ArrayList<>();
        NodeList sets = doc.getElementsByTagNameNS("*", "changeSet");
        for (int i = 0; i < sets.getLength(); i++) {
            Element set = (Element) sets.item(i);
            Element pre = only(set, "preConditions");
            Element sqlFile = only(set, "sqlFile");
            String check = pre.getElementsByTagNameNS("*", "tableExists").getLength() == 1
                    ? "not tableExists " + only(pre, "tableExists").getAttribute("tableName")
                    : "sqlCheck " + only(pre, "sqlCheck").getAttribute("expectedResult") + " "
                            + only(pre, "sqlCheck").getTextContent().strip();
            found.add(set.getAttribute("id") + " by " + set.getAttribute("author") + " on " + set.getAttribute("dbms")
                    + " if " + check + " else " + pre.getAttribute("onFail") + ": " + sqlFile.getAttribute("path")
                    + (sqlFile.getAttribute("relativeToChangelogFile").equals("true") ? " relative" : "") + " "
                    + sqlFile.getAttribute("encoding")
                    + (sqlFile.getAttribute("splitStatements").equals("false") ? " unsplit" : ""));
        }
        return found;
    }

    private static Element only(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        assertThat(nodes.getLength())
                .as("<%s> in %s", name, parent.getAttribute("id"))
                .isOne();
        return (Element) nodes.item(0);
    }

    @Test
    void theChangelogs_defaultThePrefixToTheStoresDefault() throws Exception {
        for (String changelog : List.of("changelog.xml", "changelog-postgresql-partitioned.xml")) {
            assertThat(text(ROOT + changelog))
                    .as(changelog)
                    .contains("<property name=\"prefix\" value=\"consent_\" global=\"false\"/>");
        }
    }

    /**
     * MySQL 8 has no utf8mb4_nopad_bin: its scripts are the MariaDB ones with utf8mb4_0900_bin, statement for
     * statement (their comments may differ), so a change to a MariaDB script fails here until MySQL's has it.
     */
    @Test
    void theMysqlScripts_areTheMariadbScripts_withMysqlsBinaryNoPadCollation() throws Exception {
        for (String script : scriptNames()) {
            List<String> mariadb = Schema.statements(text(ROOT + "mariadb/" + script));
            List<String> mysql = Schema.statements(text(ROOT + "mysql/" + script));

            assertThat(mysql)
                    .as(script)
                    .containsExactlyElementsOf(mariadb.stream()
                            .map(s -> s.replace("utf8mb4_nopad_bin", "utf8mb4_0900_bin"))
                            .toList());
        }
    }

    /** Flyway fails on a placeholder it has no value for, and Liquibase leaves one in the SQL. */
    @Test
    void everyPlaceholder_inTheScriptsAndChangelogs_isThePrefix() throws Exception {
        Map<String, Integer> counted = new java.util.TreeMap<>();
        List<String> files = new ArrayList<>(List.of("changelog.xml", "changelog-postgresql-partitioned.xml"));
        for (List<String> folder : FOLDERS) {
            for (String script : scriptNames()) {
                files.add(folder.get(0) + "/" + script);
            }
        }
        for (String file : files) {
            Matcher m = PLACEHOLDER.matcher(text(ROOT + file));
            while (m.find()) {
                counted.merge(m.group(1), 1, Integer::sum);
            }
        }

        assertThat(counted.keySet()).containsExactly("prefix");
    }
}
