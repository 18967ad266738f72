package dev.llmf.grader.browser;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.devtools.v156.network.model.ResourceType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, for one test class: started once before the
 * class, a screenshot after every test (marked {@code FAILED} with the page's HTML beside it when the test failed),
 * quit after the class. Register it as a {@code static} field with {@code @RegisterExtension}.
 *
 * <p>Both programs are taken from {@code /usr/bin} and nothing else: Selenium Manager, which would try to download a
 * browser and a driver, is never asked, because the driver's path is given. Without them each test is skipped, with
 * the reason, rather than failed; {@code .ci/run} installs them so CI runs these tests.
 */
public final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Surefire runs in the module's folder: grader/target/screenshots. */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int PAGE_WAIT_SECONDS = 15;
    private static final Duration PAGE_WAIT = Duration.ofSeconds(PAGE_WAIT_SECONDS);

    private boolean installed;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path screenshots;
    /** The HTTP status of each page (document) the browser loaded, by URL, as Chromium's DevTools report it. */
    private final Map<String, Integer> documentStatus = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            return;                 // each test is then skipped, with the reason, in beforeEach
        }
        screenshots = Files.createDirectories(SCREENSHOTS.resolve(context.getRequiredTestClass().getSimpleName()));
        try (var old = Files.list(screenshots)) {
            for (Path file : old.toList()) {
                Files.delete(file);     // the folder shows this run only, not a FAILED shot from an earlier one
            }
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1024", "--no-first-run", "--disable-extensions");
        try {
            driver = new ChromeDriver(service, options);
            recordDocumentStatuses(driver.getDevTools());
        } catch (RuntimeException e) {
            afterAll(context);
            throw e;
        }
    }

    private void recordDocumentStatuses(DevTools devTools) {
        devTools.createSession();
        devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        devTools.addListener(Network.responseReceived(), received -> {
            if (received.getType() == ResourceType.DOCUMENT) {
                documentStatus.put(received.getResponse().getUrl(), received.getResponse().getStatus());
            }
        });
    }

    /** Every test starts signed out, on a blank page, whatever the one before it did. */
    @Override
    public void beforeEach(ExtensionContext context) {
        // skipped per test, not per class: Surefire counts and shows a test skipped with its reason, not a class
        assumeTrue(installed, "no " + CHROMIUM + " or " + CHROMEDRIVER + ": install Debian's chromium and"
                + " chromium-driver (apt-get install chromium chromium-driver) to run the browser tests");
        driver.manage().deleteAllCookies();
        driver.get("about:blank");
        documentStatus.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (driver == null) {
            return;                 // skipped: no browser, nothing to show
        }
        boolean failed = context.getExecutionException().isPresent();
        String name = context.getRequiredTestMethod().getName() + (failed ? "-FAILED" : "");
        screenshot(name);
        if (failed) {
            Files.writeString(screenshots.resolve(name + ".html"), driver.getPageSource());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();     // also when quit failed: no chromedriver outlives the class
                service = null;
            }
        }
    }

    /** The driver, for what the helpers here do not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    /** The grader's URL for {@code path} ({@code /login}): the test instance, where {@code @QuarkusTest} points RestAssured. */
    public String url(String path) {
        return RestAssured.baseURI + ":" + RestAssured.port + path;
    }

    /** Loads {@code path} of the grader, as typing its address does. */
    public void open(String path) {
        visit(url(path));
    }

    /** Loads a full address (a link the grader gave out), as typing it does. */
    public void visit(String url) {
        documentStatus.remove(url);       // status() then waits for this visit's, not an earlier one's
        driver.get(url);
    }

    /** The page's path, without host or query. */
    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Waits (at most {@value #PAGE_WAIT_SECONDS} s) until the element is visible, and returns it. */
    public WebElement visible(By locator) {
        return within(PAGE_WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits at most {@code patience} until {@code condition} is neither null nor false. */
    public <T> T waitUntil(Duration patience, Function<ChromeDriver, T> condition) {
        return within(patience).until(d -> condition.apply(driver));
    }

    private WebDriverWait within(Duration patience) {
        WebDriverWait wait = new WebDriverWait(driver, patience, Duration.ofMillis(100));
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    /**
     * GETs {@code url} outside the browser but with its cookies (the session): for what the browser would save as a
     * download instead of showing, such as a CSV export.
     */
    public HttpResponse<String> fetch(String url) throws IOException, InterruptedException {
        String cookies = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The HTTP status the browser got for the page now shown (the document, not its scripts or images). */
    public int status() {
        String url = driver.getCurrentUrl();
        // DevTools events arrive on their own thread, a moment after the page: wait for this page's
        return within(PAGE_WAIT).withMessage("no HTTP status recorded for " + url)
                .until(d -> documentStatus.get(url));
    }

    /** Saves what the browser shows now as {@code <name>.png} in the class's screenshot folder. */
    public void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
