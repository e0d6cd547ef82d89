package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.CompiledRule;
import io.threatstream.detect.rule.ExceptionDefinition;
import io.threatstream.detect.rule.RuleDefinition;
import io.threatstream.detect.rule.RuleLoader;
import io.threatstream.detect.rule.RuleTomlReader;
import io.threatstream.detect.rule.TextPosition;
import io.threatstream.detect.rule.eql.EqlParser;
import io.threatstream.detect.rule.eql.ast.Query;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming fast path ({@link Detector} on raw bytes) against {@link TreeReferenceEvaluator}
 * on a whole-document tree, over thousands of adversarial events per query ({@link
 * AdversarialEvents}, fixed seeds). Every event must get the same verdict from both; a mismatch
 * prints the query and the event.
 */
class DifferentialTest {

    private static final int EVENTS_PER_QUERY = 5_000;
    private static final int MAX_REPORTED_MISMATCHES = 5;

    private static final RuleDefinition SEED_RULE =
            RuleTomlReader.read(resource(RuleLoader.DEFAULT_RULE_RESOURCE), "built-in rule");
    private static final RuleDefinition V216_RULE = RuleTomlReader.read(
            resource("/rules/potential_openssh_backdoor_logging_activity_v216.toml"), "v216 rule");

    /** One differential run: a query, optional exception conditions, and example values for regexes. */
    record Case(String name, String query, List<String> exceptions, Map<String, List<String>> hints) {
        Case(String name, String query) {
            this(name, query, List.of(), Map.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("seed rule v211", SEED_RULE.query()),
                new Case("rule v216", V216_RULE.query()),
                new Case("seed rule with exceptions", SEED_RULE.query(), List.of(
                        "process.parent.name in (\"dpkg\", \"rpm\")",
                        "file.path : \"/usr/share/man/*\" and user.name == \"root\"",
                        "host.name : \"web-*\""), Map.of(
                        "process.parent.name", List.of("bash", "systemd", "sshd", "cron"),
                        "host.name", List.of("host-00001", "db-1", "host-7", "web"))),
                new Case("not over a multi-valued or missing field",
                        "any where not file.name : (\".cache\", \".git*\", \"*~\")"),
                new Case("missing optional field", "any where ?process.parent.name == null"),
                new Case("null in an in list",
                        "any where process.parent.name in (\"bash\", null) and not process.name in (null, \"sshd\")"),
                new Case("present optional field and !=",
                        "any where ?process.parent.name != null and process.name != \"sshd\""),
                new Case("numeric ranges", "any where process.pid > 1000 and process.pid <= 65535"),
                new Case("decimal bounds and a literal on the left",
                        "any where event.sequence >= 10.5 or event.sequence < -1 or 0 > event.risk_score"),
                new Case("number equality", "any where process.pid == 1000 or process.pid in (0, 10.5, \"2\")"),
                new Case("in~ and not in",
                        "process where process.name in~ (\"SSH\", \"sshd\") and process.args not in (\"-D\", \"-i\")"),
                new Case("like and like~",
                        "any where file.path like (\"/tmp/*\", \"/var/tmp/?x*\") and not file.path like~ \"/TMP/KRB5CC*\""),
                new Case("regex and regex~",
                        "any where file.name regex \"\"\"[.][a-z]+1?\"\"\" or file.name regex~ \"\"\"SSH.*[.](log|txt)\"\"\"",
                        List.of(), Map.of("file.name", List.of(".abc", ".abc1", ".ab1", "ssh_x.log", "SSH.TXT", "ssh.logs"))),
                new Case("startsWith, endsWith~, stringContains",
                        "any where startsWith(file.path, \"/usr/\") and endsWith~(file.name, \".SO\")"
                                + " and not stringContains(file.path, \"/lib/\")"),
                new Case("functions of two fields",
                        "any where startsWith~(file.path, process.working_directory) or endsWith(file.name, file.extension)",
                        List.of(), Map.of("process.working_directory", List.of("/usr", "/USR/", "/tmp", ""),
                                "file.extension", List.of("so", "SO", "1", ""))),
                new Case("long case-sensitive lists",
                        "any where file.extension in (\"in\", \"out\", \"ini\", \"h\", \"gz\", \"so\", \"sock\", \"sync\", \"0\", 1)"
                                + " or file.name like (\".a\", \".b\", \".c\", \".d\", \".e\", \".f\", \".g\", \".h\")"),
                new Case("length", "any where length(file.name) == 5 or length(process.name) > 10"),
                new Case("numbers as keywords",
                        "any where file.extension == 1 or file.extension in (2, 3.0) or file.extension : (4, \"5*\")"),
                new Case("!= over a multi-valued field", "any where host.os.type != \"linux\""),
                new Case("question marks and backslashes",
                        "any where user.name : (\"r?ot\", \"C:\\\\Users\\\\*\") and not user.name : \"*\\\\\""),
                new Case("string order by code point", "any where process.title > \"m\" and process.title <= \"zz\"",
                        List.of(), Map.of("process.title", List.of("m", "z", "zz", "zzz", "M", "\uFFFD", "\uD83D\uDE00"))),
                new Case("booleans and numbers against keywords",
                        "any where host.os.type == true or host.os.type == false or host.os.type == 0"),
                new Case("a path below another wanted path",
                        "any where a.b.c.d.e == \"x\" or a.b.c : \"y*\""),
                new Case("case-insensitive functions",
                        "any where startsWith~(process.executable, \"/USR/\") and stringContains~(process.executable, \"SSH\")"),
                new Case("not around an or",
                        "any where not (process.name == \"sshd\" or process.name == \"ssh\") and process.executable : \"*/ssh*\""),
                new Case("non-ASCII patterns",
                        "file where event.type : \"CHANGE\" and file.name : (\"*.k\", \"?\u0131*\", \"\u017F*\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastPathAgreesWithTheReference(Case c) throws Exception {
        Reference reference = Reference.of(c.query(), c.exceptions());
        Detector detector = detector(c.name(), c.query(), c.exceptions());
        AdversarialEvents events = AdversarialEvents.forQueries(reference.allQueries(), c.hints(), c.name().hashCode());

        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        List<String> mismatches = new ArrayList<>();
        int prefiltered = 0;
        for (int i = 0; i < EVENTS_PER_QUERY; i++) {
            byte[] event = events.next();
            Verdict expected = reference.verdict(event);
            Verdict actual = detector.evaluate(event);
            counts.merge(actual, 1, Integer::sum);
            prefiltered += detector.prefiltered() ? 1 : 0;
            if (actual != expected && mismatches.size() < MAX_REPORTED_MISMATCHES) {
                mismatches.add(describe(c.query(), event, expected, actual, detector));
            }
        }
        System.out.println("differential [" + c.name() + "]: " + counts + ", " + prefiltered + " prefiltered");
        assertThat(mismatches).as("mismatches for query %s", c.query()).isEmpty();
        // Guards the generator: a run where (almost) nothing or everything matches proves little.
        assertThat(counts.getOrDefault(Verdict.MATCH, 0)).as("matches").isGreaterThanOrEqualTo(EVENTS_PER_QUERY / 100);
        assertThat(counts.getOrDefault(Verdict.NO_MATCH, 0)).as("non-matches").isGreaterThanOrEqualTo(EVENTS_PER_QUERY / 100);
        if (!c.exceptions().isEmpty()) {
            assertThat(counts.getOrDefault(Verdict.EXCEPTED, 0)).as("excepted").isGreaterThanOrEqualTo(EVENTS_PER_QUERY / 100);
        }
    }

    @Test
    void fleetSimulatorEventsGetTheirLabelFromBothEvaluators() throws Exception {
        FleetSimulator fleet = new FleetSimulator(42, 500, 0.05, 0.01, 1_700_000_000_000L, 1_000);
        Reference reference = Reference.of(SEED_RULE.query(), List.of());
        Detector detector = new Detector(RuleLoader.load(null, null), ParserLimits.defaults());
        int backdoorWrites = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] event = fleet.event(i);
            Verdict label = fleet.isBackdoorWrite(i) ? Verdict.MATCH : Verdict.NO_MATCH;
            Verdict actual = detector.evaluate(event);
            assertThat(actual).as("fast path on fleet event %d: %s", i, json(event)).isEqualTo(label);
            assertThat(reference.verdict(event)).as("reference on fleet event %d: %s", i, json(event)).isEqualTo(label);
            backdoorWrites += label == Verdict.MATCH ? 1 : 0;
        }
        assertThat(backdoorWrites).isBetween(100, 400);
    }

    private static Detector detector(String name, String query, List<String> exceptions) {
        return new Detector(compile(name, query, exceptions), ParserLimits.defaults());
    }

    /** {@code query} with {@code exceptions} as a rule with the seed rule's metadata. */
    static CompiledRule compile(String name, String query, List<String> exceptions) {
        List<ExceptionDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < exceptions.size(); i++) {
            definitions.add(new ExceptionDefinition("exception " + i, exceptions.get(i), TextPosition.START));
        }
        RuleDefinition rule = new RuleDefinition(SEED_RULE.metadata(), query, TextPosition.START, name);
        return RuleLoader.compile(rule, definitions, "exceptions of " + name);
    }

    private static String describe(String query, byte[] event, Verdict expected, Verdict actual, Detector detector) {
        return "query: " + query + "\nevent: " + json(event) + "\nreference: " + expected + ", fast path: " + actual
                + (actual == Verdict.REJECTED ? " (" + detector.rejection() + ")" : "");
    }

    private static String json(byte[] event) {
        return new String(event, StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = DifferentialTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference verdict: the query by the tree evaluator, then each exception as {@code any where}. */
    private record Reference(Query query, List<Query> exceptions) {
        static Reference of(String query, List<String> exceptions) throws Exception {
            List<Query> parsed = new ArrayList<>();
            for (String condition : exceptions) {
                parsed.add(EqlParser.parse("any where " + condition));
            }
            return new Reference(EqlParser.parse(query), parsed);
        }

        List<Query> allQueries() {
            List<Query> all = new ArrayList<>(exceptions);
            all.add(0, query);
            return all;
        }

        Verdict verdict(byte[] event) {
            JsonTree tree = JsonTree.parse(event);
            if (!new TreeReferenceEvaluator(query).matches(tree)) {
                return Verdict.NO_MATCH;
            }
            for (Query exception : exceptions) {
                if (new TreeReferenceEvaluator(exception).matches(tree)) {
                    return Verdict.EXCEPTED;
                }
            }
            return Verdict.MATCH;
        }
    }
}
