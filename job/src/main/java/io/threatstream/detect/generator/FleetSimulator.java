package io.threatstream.detect.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Simulates a fleet of Linux hosts whose endpoint agents (Elastic Defend, Auditbeat, SentinelOne,
 * Endgame) report file events as ECS JSON, each agent in its own shape. Most events are ordinary
 * file activity; a configurable share comes from {@code ssh}/{@code sshd} doing ordinary things;
 * and now and then an infected host's patched {@code sshd} writes a backdoor log, which the default
 * rule must detect.
 *
 * <p>Event {@code i} is a pure function of the seed and {@code i}, so a replay from a checkpoint
 * regenerates exactly the same events and {@link #isBackdoorWrite(long)} labels them for tests.
 * The one exception is a {@linkplain #live live} simulator, whose events carry the wall-clock time
 * at which they are generated, as a real fleet's would.
 */
public final class FleetSimulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final JsonFactory JSON = new JsonFactory();

    private static final String[][] ORDINARY_WRITES = {
        {"/usr/sbin/rsyslogd", "/var/log/syslog"},
        {"/usr/sbin/rsyslogd", "/var/log/auth.log"},
        {"/usr/bin/python3.11", "/opt/app/cache/session.json"},
        {"/usr/sbin/nginx", "/var/log/nginx/access.log"},
        {"/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "/var/lib/kafka/data/events-3/00000000000000042.log"},
        {"/usr/bin/dpkg", "/usr/share/doc/openssh-server/changelog.Debian.gz"},
        {"/usr/bin/vim.basic", "/home/alice/.viminfo"},
        {"/usr/bin/bash", "/home/bob/.bash_history"},
        {"/usr/lib/postgresql/15/bin/postgres", "/var/lib/postgresql/15/main/pg_wal/000000010000000000000007"},
        {"/usr/sbin/cron", "/var/spool/cron/crontabs/root"},
        {"/usr/bin/containerd", "/run/containerd/io.containerd.runtime.v2.task/k8s.io/1a2b/rootfs/tmp/x"},
        {"/usr/bin/git", "/home/alice/src/app/.git/index"},
    };

    /** Ordinary things ssh and sshd write: near misses that must not match the rule. */
    private static final String[][] SSH_ORDINARY_WRITES = {
        {"/usr/sbin/sshd", "/var/log/btmp"},
        {"/usr/sbin/sshd", "/var/log/wtmp"},
        {"/usr/sbin/sshd", "/run/sshd.pid"},
        {"/usr/sbin/sshd", "/home/alice/.cache"},
        {"/usr/bin/ssh", "/home/alice/.ssh/known_hosts"},
        {"/usr/bin/ssh", "/home/bob/.bash_history"},
        {"/usr/bin/ssh", "/home/bob/.viminfo"},
        {"/usr/bin/ssh", "/tmp/ssh-XXXXq3Zk/agent.4711"},
    };

    /** Backdoor log writes by a patched sshd or ssh, after the sshdoor and Kobalos reports. */
    private static final String[][] BACKDOOR_WRITES = {
        {"/usr/sbin/sshd", "/usr/include/ncurses.h"},
        {"/usr/sbin/sshd", "/var/tmp/.ilog"},
        {"/usr/sbin/sshd", "/usr/lib/libcurl.so.3"},
        {"/usr/sbin/sshd", "/usr/share/man/man5/ttyS0.5"},
        {"/usr/sbin/sshd", "/var/run/udev/ud.pid"},
        {"/usr/bin/ssh", "/usr/local/share/.sshrc~"},
        {"/usr/bin/ssh", "/usr/local/include/pam.sock"},
        {"/usr/sbin/sshd", "/var/run/sshd/sshd.pid"},
    };

    private static final String[] USERS = {"root", "alice", "bob", "deploy", "postgres", "www-data"};
    private static final String[] AGENTS = {"endpoint", "auditbeat", "sentinel_one", "endgame"};

    private final long seed;
    private final int hosts;
    private final double sshRatio;
    private final double matchRatio;
    private final long startMillis;
    private final double eventsPerSecond;
    private final boolean live;

    /**
     * @param hosts size of the fleet
     * @param sshRatio share of events from ssh/sshd (ordinary or backdoor)
     * @param matchRatio share of events that are backdoor writes (part of the ssh share)
     * @param startMillis event time of event 0
     * @param eventsPerSecond spacing of event times (event {@code i} happens at start + i / rate)
     */
    public FleetSimulator(
            long seed, int hosts, double sshRatio, double matchRatio, long startMillis, double eventsPerSecond) {
        this(seed, hosts, sshRatio, matchRatio, startMillis, eventsPerSecond, false);
    }

    private FleetSimulator(
            long seed,
            int hosts,
            double sshRatio,
            double matchRatio,
            long startMillis,
            double eventsPerSecond,
            boolean live) {
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts must be at least 1");
        }
        if (!(matchRatio >= 0 && matchRatio <= sshRatio && sshRatio <= 1)) {
            throw new IllegalArgumentException("need 0 <= match ratio <= ssh ratio <= 1");
        }
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("events per second must be positive");
        }
        this.seed = seed;
        this.hosts = hosts;
        this.sshRatio = sshRatio;
        this.matchRatio = matchRatio;
        this.startMillis = startMillis;
        this.eventsPerSecond = eventsPerSecond;
        this.live = live;
    }

    /** A simulator whose events happen when they are generated (for the unbounded live demo). */
    public static FleetSimulator live(long seed, int hosts, double sshRatio, double matchRatio) {
        return new FleetSimulator(seed, hosts, sshRatio, matchRatio, 0, 1, true);
    }

    /** Whether event {@code index} is a backdoor write (the default rule matches it). */
    public boolean isBackdoorWrite(long index) {
        return random(index).nextDouble() < matchRatio;
    }

    /** Event {@code index} as UTF-8 ECS JSON. */
    public byte[] event(long index) {
        SplittableRandom r = random(index);
        double kind = r.nextDouble();
        String[] write;
        int host;
        String changeType;
        if (kind < matchRatio) {
            write = BACKDOOR_WRITES[r.nextInt(BACKDOOR_WRITES.length)];
            host = infectedHost(r);
            changeType = "change";
        } else if (kind < sshRatio) {
            write = SSH_ORDINARY_WRITES[r.nextInt(SSH_ORDINARY_WRITES.length)];
            host = r.nextInt(hosts);
            changeType = r.nextBoolean() ? "change" : "creation";
        } else {
            write = ORDINARY_WRITES[r.nextInt(ORDINARY_WRITES.length)];
            host = r.nextInt(hosts);
            changeType = r.nextInt(4) == 0 ? "creation" : "change";
        }
        long time = live ? System.currentTimeMillis() : startMillis + (long) (index * 1000.0 / eventsPerSecond);
        Sample s = new Sample(index, host, write[0], write[1], USERS[r.nextInt(USERS.length)], changeType, time, r);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            switch (AGENTS[host % AGENTS.length]) {
                case "endpoint":
                    writeElasticDefend(g, s);
                    break;
                case "auditbeat":
                    writeAuditbeat(g, s);
                    break;
                case "sentinel_one":
                    writeSentinelOne(g, s);
                    break;
                default:
                    writeEndgame(g, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One in 97 hosts is infected (at least one). */
    private int infectedHost(SplittableRandom r) {
        int infected = Math.max(1, hosts / 97);
        return (r.nextInt(infected) * 97) % hosts;
    }

    private SplittableRandom random(long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    /** The facts of one event, before an agent gives it its shape. */
    private static final class Sample {
        final long index;
        final int host;
        final String executable;
        final String path;
        final String user;
        final String changeType;
        final String time;
        final String ingested;
        final int pid;
        final String eventId;

        Sample(long index, int host, String executable, String path, String user, String changeType, long time,
                SplittableRandom r) {
            this.index = index;
            this.host = host;
            this.executable = executable;
            this.path = path;
            this.user = user;
            this.changeType = changeType;
            this.time = Instant.ofEpochMilli(time).toString();
            this.ingested = Instant.ofEpochMilli(time + 300 + r.nextInt(700)).toString();
            this.pid = 300 + r.nextInt(60000);
            this.eventId = Long.toHexString(r.nextLong());
        }

        String processName() {
            return path(executable).name;
        }

        String hostName() {
            return "host-" + String.format("%05d", host);
        }

        String hostId() {
            return String.format("%08x-%04x-4%03x-8%03x-%012x", host * 2654435761L & 0xffffffffL, host & 0xffff,
                    host & 0xfff, (host >> 3) & 0xfff, host * 0x9E3779B97F4A7C15L & 0xffffffffffffL);
        }

        PathParts file() {
            return path(path);
        }
    }

    /** A file path split the way ECS does: {@code name} and {@code extension}. */
    private static final class PathParts {
        final String name;
        final String extension;

        PathParts(String name, String extension) {
            this.name = name;
            this.extension = extension;
        }
    }

    private static PathParts path(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return new PathParts(name, dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1) : null);
    }

    private static void writeFile(JsonGenerator g, Sample s) throws IOException {
        PathParts f = s.file();
        g.writeObjectFieldStart("file");
        g.writeStringField("path", s.path);
        g.writeStringField("name", f.name);
        if (f.extension != null) {
            g.writeStringField("extension", f.extension);
        }
        g.writeEndObject();
    }

    private static void writeOs(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("os");
        g.writeStringField("family", "debian");
        g.writeStringField("full", "Debian GNU/Linux 12 (bookworm)");
        g.writeStringField("kernel", "6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1");
        g.writeStringField("name", "Debian GNU/Linux");
        g.writeStringField("platform", "debian");
        g.writeStringField("type", "linux");
        g.writeStringField("version", "12");
        g.writeEndObject();
    }

    /** Elastic Defend: nested objects, {@code event.category}/{@code event.type} arrays. */
    private static void writeElasticDefend(JsonGenerator g, Sample s) throws IOException {
        g.writeStartObject();
        g.writeStringField("@timestamp", s.time);
        g.writeObjectFieldStart("agent");
        g.writeStringField("id", "c7a1f0e2-6b1d-4f4e-9f5a-" + s.hostId().substring(24));
        g.writeStringField("type", "endpoint");
        g.writeStringField("version", "8.15.3");
        g.writeEndObject();
        g.writeObjectFieldStart("data_stream");
        g.writeStringField("dataset", "endpoint.events.file");
        g.writeStringField("namespace", "default");
        g.writeStringField("type", "logs");
        g.writeEndObject();
        g.writeObjectFieldStart("ecs");
        g.writeStringField("version", "8.10.0");
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("action", "creation".equals(s.changeType) ? "creation" : "overwrite");
        g.writeArrayFieldStart("category");
        g.writeString("file");
        g.writeEndArray();
        g.writeStringField("created", s.time);
        g.writeStringField("dataset", "endpoint.events.file");
        g.writeStringField("id", "NMq" + s.eventId + "++" + s.index);
        g.writeStringField("ingested", s.ingested);
        g.writeStringField("kind", "event");
        g.writeStringField("module", "endpoint");
        g.writeNumberField("sequence", 1000 + (s.index & 0xFFFFFFFL));
        g.writeArrayFieldStart("type");
        g.writeString(s.changeType);
        g.writeEndArray();
        g.writeEndObject();
        writeFile(g, s);
        g.writeObjectFieldStart("host");
        g.writeStringField("architecture", "x86_64");
        g.writeStringField("hostname", s.hostName());
        g.writeStringField("id", s.hostId());
        g.writeArrayFieldStart("ip");
        g.writeString("10." + (s.host >> 16 & 255) + "." + (s.host >> 8 & 255) + "." + (s.host & 255));
        g.writeString("fe80::" + Integer.toHexString(s.host) + ":1");
        g.writeEndArray();
        g.writeStringField("name", s.hostName());
        writeOs(g);
        g.writeEndObject();
        g.writeStringField("message", "Endpoint file event");
        g.writeObjectFieldStart("process");
        g.writeStringField("entity_id", "MDU1Y2E0" + s.eventId);
        g.writeStringField("executable", s.executable);
        g.writeStringField("name", s.processName());
        g.writeNumberField("pid", s.pid);
        g.writeEndObject();
        g.writeObjectFieldStart("user");
        g.writeStringField("id", "root".equals(s.user) ? "0" : "1000");
        g.writeStringField("name", s.user);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Auditbeat (auditd module): multi-valued {@code event.type}, no {@code file.name}. */
    private static void writeAuditbeat(JsonGenerator g, Sample s) throws IOException {
        g.writeStartObject();
        g.writeStringField("@timestamp", s.time);
        g.writeObjectFieldStart("agent");
        g.writeStringField("type", "auditbeat");
        g.writeStringField("version", "8.15.3");
        g.writeStringField("hostname", s.hostName());
        g.writeEndObject();
        g.writeObjectFieldStart("auditd");
        g.writeStringField("result", "success");
        g.writeNumberField("sequence", 88000 + (s.index & 0xFFFFFFFL));
        g.writeObjectFieldStart("summary");
        g.writeObjectFieldStart("actor");
        g.writeStringField("primary", s.user);
        g.writeStringField("secondary", s.user);
        g.writeEndObject();
        g.writeStringField("how", s.executable);
        g.writeObjectFieldStart("object");
        g.writeStringField("primary", s.path);
        g.writeStringField("type", "file");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("action", "opened-file");
        g.writeArrayFieldStart("category");
        g.writeString("file");
        g.writeEndArray();
        g.writeStringField("ingested", s.ingested);
        g.writeStringField("kind", "event");
        g.writeStringField("module", "auditd");
        g.writeStringField("outcome", "success");
        g.writeArrayFieldStart("type");
        if ("creation".equals(s.changeType)) {
            g.writeString("creation");
        }
        g.writeString("change");
        g.writeEndArray();
        g.writeEndObject();
        PathParts f = s.file();
        g.writeObjectFieldStart("file");
        g.writeStringField("path", s.path);
        g.writeStringField("name", f.name);
        if (f.extension != null) {
            g.writeStringField("extension", f.extension);
        }
        g.writeStringField("mode", "0644");
        g.writeStringField("owner", s.user);
        g.writeEndObject();
        g.writeObjectFieldStart("host");
        g.writeStringField("name", s.hostName());
        g.writeStringField("hostname", s.hostName());
        g.writeStringField("id", s.hostId());
        g.writeStringField("architecture", "x86_64");
        writeOs(g);
        g.writeEndObject();
        g.writeObjectFieldStart("process");
        g.writeStringField("executable", s.executable);
        g.writeStringField("name", s.processName());
        g.writeNumberField("pid", s.pid);
        g.writeNumberField("ppid", 1);
        g.writeStringField("working_directory", "/");
        g.writeEndObject();
        g.writeObjectFieldStart("user");
        g.writeStringField("name", s.user);
        g.writeStringField("id", "root".equals(s.user) ? "0" : "1000");
        g.writeEndObject();
        g.writeObjectFieldStart("service");
        g.writeStringField("type", "auditd");
        g.writeEndObject();
        g.writeEndObject();
    }

    /** SentinelOne Cloud Funnel: flat dotted keys. */
    private static void writeSentinelOne(JsonGenerator g, Sample s) throws IOException {
        PathParts f = s.file();
        g.writeStartObject();
        g.writeStringField("@timestamp", s.time);
        g.writeStringField("event.ingested", s.ingested);
        g.writeStringField("event.kind", "event");
        g.writeStringField("event.category", "file");
        g.writeStringField("event.type", s.changeType);
        g.writeStringField("event.action", "File Modification");
        g.writeStringField("event.dataset", "sentinel_one_cloud_funnel.event");
        g.writeStringField("host.name", s.hostName());
        g.writeStringField("host.id", s.hostId());
        g.writeStringField("host.os.type", "linux");
        g.writeStringField("host.os.name", "Linux");
        g.writeStringField("host.os.version", "Debian GNU/Linux 12");
        g.writeStringField("process.executable", s.executable);
        g.writeStringField("process.name", s.processName());
        g.writeNumberField("process.pid", s.pid);
        g.writeStringField("process.entity_id", s.eventId + "-" + s.pid);
        g.writeStringField("user.name", s.user);
        g.writeStringField("file.path", s.path);
        g.writeStringField("file.name", f.name);
        if (f.extension != null) {
            g.writeStringField("file.extension", f.extension);
        }
        g.writeStringField("sentinel_one_cloud_funnel.event.type", "File Modification");
        g.writeStringField("sentinel_one_cloud_funnel.event.agent.uuid", "s1-" + s.hostId());
        g.writeStringField("sentinel_one_cloud_funnel.event.site.name", "Default site");
        g.writeStringField("sentinel_one_cloud_funnel.event.account.name", "Example Corp");
        g.writeEndObject();
    }

    /** Endgame: scalar {@code event.category}/{@code event.type}, a mix of nested and dotted keys. */
    private static void writeEndgame(JsonGenerator g, Sample s) throws IOException {
        g.writeStartObject();
        g.writeStringField("@timestamp", s.time);
        g.writeObjectFieldStart("agent");
        g.writeStringField("type", "endgame");
        g.writeStringField("version", "3.60.0");
        g.writeEndObject();
        g.writeObjectFieldStart("endgame");
        g.writeStringField("event_type_full", "file_event");
        g.writeStringField("event_subtype_full", "creation".equals(s.changeType) ? "file_create_event" : "file_modify_event");
        g.writeNumberField("pid", s.pid);
        g.writeStringField("unique_pid", Long.toString(s.pid * 7919L));
        g.writeStringField("user_name", s.user);
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("category", "file");
        g.writeStringField("type", s.changeType);
        g.writeStringField("kind", "event");
        g.writeStringField("module", "endgame");
        g.writeStringField("dataset", "endgame.file");
        g.writeStringField("ingested", s.ingested);
        g.writeEndObject();
        writeFile(g, s);
        g.writeObjectFieldStart("host");
        g.writeStringField("hostname", s.hostName());
        g.writeStringField("name", s.hostName());
        g.writeStringField("os.type", "linux");
        g.writeStringField("os.name", "Linux");
        g.writeStringField("os.kernel", "5.15.0-1051-aws");
        g.writeEndObject();
        g.writeObjectFieldStart("process");
        g.writeStringField("executable", s.executable);
        g.writeStringField("name", s.processName());
        g.writeNumberField("pid", s.pid);
        g.writeEndObject();
        g.writeObjectFieldStart("user");
        g.writeStringField("name", s.user);
        g.writeEndObject();
        g.writeEndObject();
    }
}
