package io.baremetallb.bench.ipam;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The IPAM service as it ships, for the bench: a copy of ipam-service's built Liberty server
 * ({@code ipam-service/target/liberty/wlp/usr/servers/ipam}, made by the module's build or by
 * {@code mvn -pl ipam-service liberty:create liberty:deploy}), started with {@code server run} as a
 * child process pointed at the bench's API server, stopped by its PID.
 *
 * <p>The server's JVM gets the shared {@code jvm.options} plus {@link #JVM_OPTIONS}: by default the heap the
 * chart gives the IPAM container ({@code javaOptions: -XX:MaxRAMPercentage=50} of its 768 MiB limit), so the
 * RSS and GC figures are those of the shipped deployment, not of an unbounded heap on a large machine.
 * {@code BENCH_IPAM_JVM_OPTS} replaces them (space separated), for example to add a flight recording.
 */
final class LibertyIpam implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** The chart's IPAM heap: 50 % of the container's 768 MiB limit. */
    static final String JVM_OPTIONS = System.getenv().getOrDefault("BENCH_IPAM_JVM_OPTS", "-Xmx384m");
    /** The CPUs the server runs on ({@code taskset -c} list, set by bench/run), or null for every CPU. */
    static final String CPUS = System.getProperty("bench.ipam.cpus");
    private final Path wlp;
    private final String name;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private LibertyIpam(Path wlp, String name, int port) {
        this.wlp = wlp;
        this.name = name;
        this.port = port;
    }

    /** Copies the built server to {@code name} and configures it for {@code kubeconfig}. */
    static LibertyIpam create(Path root, String name, Path kubeconfig) throws IOException {
        Path wlp = root.resolve("ipam-service/target/liberty/wlp");
        Path template = wlp.resolve("usr/servers/ipam");
        if (!Files.isDirectory(template)) {
            throw new IOException("no built IPAM server at " + template
                    + ": run 'mvn -B -o -pl ipam-service package liberty:create liberty:deploy -DskipTests' first");
        }
        Path dir = wlp.resolve("usr/servers").resolve(name);
        deleteTree(dir);
        copy(template, dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("configDropins/overrides"));
        Files.writeString(dir.resolve("configDropins/overrides/bench.xml"),
                "<server>\n  <variable name=\"http.port\" value=\"" + port + "\"/>\n</server>\n");
        Files.writeString(dir.resolve("server.env"), "\nBMLB_KUBECONFIG=" + kubeconfig + "\nBMLB_KUBE_NAMESPACE=metallb-system\n"
                + "BMLB_LEADER_ELECTION_ENABLED=false\nBMLB_DNS_ENABLED=false\nBMLB_API_AUTHENTICATION=none\n",
                java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
        Files.writeString(dir.resolve("jvm.options"), "\n# bench/run ipam (BENCH_IPAM_JVM_OPTS)\n"
                + String.join("\n", JVM_OPTIONS.trim().split("\\s+")) + "\n",
                java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.CREATE);
        return new LibertyIpam(wlp, name, port);
    }

    /** Starts the server and waits until {@code /health/ready} is UP (the controller allocates). */
    void start() throws IOException, InterruptedException {
        Path log = wlp.resolve("usr/servers").resolve(name).resolve("bench-console.log");
        List<String> command = new java.util.ArrayList<>();
        if (CPUS != null) {
            command.addAll(List.of("taskset", "-c", CPUS)); // execs the server script, which execs the JVM
        }
        command.addAll(List.of(wlp.resolve("bin/server").toString(), "run", name));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the IPAM server exited: see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the IPAM server is not ready after " + START_TIMEOUT.toSeconds() + " s: see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** Stops the server by its PID (SIGTERM, Liberty's orderly stop) and waits for it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    /** The value of an unlabelled metric on {@code /metrics}, or -1. */
    long metric(String metric) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    /** The server JVM's resident set (MiB); {@code server run} execs the JVM, so the PID is ours. */
    double rssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** CPU time (user + system) the server's JVM has used since it started, in ms. */
    long cpuMillis() throws IOException {
        return cpuMillisOf(process.pid());
    }

    /** User + system CPU of process {@code pid} from {@code /proc/PID/stat}, in ms (clock ticks of 10 ms). */
    static long cpuMillisOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path rel = from.relativize(p);
                if (!rel.toString().isEmpty() && List.of("logs", "workarea", "configDropins").contains(rel.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
