import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the instructor's pages of a running grader: signs in through the sign-in form (the session cookie then
 * signs in every request, pages and API alike), warms each page up, then requests it {@code --requests} times from
 * {@code --concurrency} clients and prints p50 / p95 / max per page as a Markdown table. Run by dashboard-load.sh;
 * by hand: {@code java DashboardLoad.java --base http://127.0.0.1:8080 --user instructor --password … --pages pages.txt}.
 */
public final class DashboardLoad {

    private static final long TARGET_MS = 150;

    record Timing(String page, int status, int requests, int errors, double p50, double p95, double max) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String base = o.getOrDefault("base", "http://127.0.0.1:8080");
        int requests = Integer.parseInt(o.getOrDefault("requests", "200"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "20"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "2"));
        String learner = o.getOrDefault("learner", "demo-0042");
        List<String> pages = Files.readAllLines(Path.of(o.getOrDefault("pages", "pages.txt"))).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.replace("{learner}", learner)).toList();

        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        signIn(http, base, o.getOrDefault("user", "instructor"), o.get("password"));

        List<Timing> timings = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            for (String page : pages) {
                int status = get(http, base + page);
                if (status == 404) {
                    timings.add(new Timing(page, 404, 0, 0, 0, 0, 0));
                    System.out.printf("%-45s missing (404)%n", page);
                    continue;
                }
                run(clients, http, base + page, warmup, concurrency);
                Timing t = measure(clients, http, page, base + page, requests, concurrency, status);
                timings.add(t);
                System.out.printf("%-45s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  errors %d%n", page, t.p50(), t.p95(),
                        t.max(), t.errors());
            }
        }
        String table = table(timings, requests, concurrency, o.getOrDefault("note", ""));
        System.out.println();
        System.out.println(table);
        if (o.containsKey("out")) {
            Path out = Path.of(o.get("out"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
            System.out.println("written to " + out);
        }
    }

    private static void signIn(HttpClient http, String base, String user, String password) throws Exception {
        if (password == null) {
            throw new IllegalArgumentException("--password is required");
        }
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303 || r.headers().firstValue("Location").orElse("").contains("login")) {
            throw new IllegalStateException("sign-in as " + user + " failed: HTTP " + r.statusCode());
        }
    }

    private static int get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Timing measure(ExecutorService clients, HttpClient http, String page, String url, int requests,
                                  int concurrency, int status) throws Exception {
        long[] nanos = run(clients, http, url, requests, concurrency);
        int errors = (int) Arrays.stream(nanos).filter(n -> n < 0).count();
        double[] ms = Arrays.stream(nanos).filter(n -> n >= 0).mapToDouble(n -> n / 1e6).sorted().toArray();
        return new Timing(page, status, requests, errors, percentile(ms, 50), percentile(ms, 95),
                ms.length == 0 ? 0 : ms[ms.length - 1]);
    }

    /** {@code count} requests from {@code concurrency} clients; each entry its time in ns, negative for a non-2xx. */
    private static long[] run(ExecutorService clients, HttpClient http, String url, int count, int concurrency)
            throws Exception {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            running.add(clients.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    long start = System.nanoTime();
                    int status = get(http, url);
                    long took = System.nanoTime() - start;
                    nanos[i] = status / 100 == 2 ? took : -1;
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        return nanos;
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String table(List<Timing> timings, int requests, int concurrency, String note) {
        StringBuilder b = new StringBuilder("# Dashboard load\n\n");
        b.append(Instant.now()).append(" · ").append(requests).append(" requests per page, ").append(concurrency)
                .append(" concurrent · ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs")
                .append(note.isEmpty() ? "" : " · " + note).append("\n\n");
        b.append("| page | requests | errors | p50 ms | p95 ms | max ms | p95 < ").append(TARGET_MS).append(" ms |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Timing t : timings) {
            if (t.status() == 404) {
                b.append("| `").append(t.page()).append("` | – | – | – | – | – | missing (404) |\n");
                continue;
            }
            b.append(String.format("| `%s` | %d | %d | %.1f | %.1f | %.1f | %s |%n", t.page(), t.requests(), t.errors(),
                    t.p50(), t.p95(), t.max(), t.errors() == 0 && t.p95() < TARGET_MS ? "yes" : "**no**"));
        }
        return b.toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("options are --name value pairs; got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
