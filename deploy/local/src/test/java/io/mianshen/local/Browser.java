package io.mianshen.local;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium, as a person uses the console through the gateway. The browser is Debian's
 * {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them; {@code CHROME_BIN} and
 * {@code CHROMEDRIVER} point elsewhere): without them the test fails, naming what to install, rather than skipping.
 */
final class Browser implements AutoCloseable {

    static final String DEVELOPMENT_PASSWORD = "mianshen-local";

    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;

    Browser(String base, Path screenshots) throws IOException {
        this.base = base;
        this.screenshots = Files.createDirectories(screenshots);
        String chromium =
                find("CHROME_BIN", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        String chromedriver = find("CHROMEDRIVER", List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1000",
                "--lang=zh-CN");
        driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(chromedriver))
                        .build(),
                options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    private static String find(String variable, List<String> candidates) {
        String given = System.getenv(variable);
        if (given != null && new File(given).canExecute()) {
            return given;
        }
        return candidates.stream()
                .filter(path -> new File(path).canExecute())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + candidates.get(0)
                        + ": the console's browser tests need Chromium and its driver (apt-get install chromium"
                        + " chromium-driver; .ci/run does it), or " + variable + " naming them"));
    }

    /** Opens a console page ({@code /console...}). */
    Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    /** Logs in at the identity provider's page through the console's log-in link, as {@code username}. */
    Browser logIn(String username) {
        driver.manage().deleteAllCookies();
        open("/console/");
        driver.findElement(By.id("login")).click();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> driver.findElements(By.id("username")).size() == 1);
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(DEVELOPMENT_PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> driver.getCurrentUrl().startsWith(base + "/console")
                        && !driver.findElements(By.id("logout")).isEmpty());
        return this;
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Optional<WebElement> maybe(String css) {
        return all(css).stream().findFirst();
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Sets a form field's value at once (a whole policy file, say), as pasting does. */
    void fill(String css, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", find(css), value);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * What keeps a person who cannot use a mouse or sees poorly from using this page: a form field without a label, an
     * image without a text, a control taken out of the Tab order or put in a positive one, something clickable that a
     * keyboard cannot reach (a handler on an element that is not a link, button or field), and text whose contrast with
     * its background is under WCAG AA (4.5:1; 3:1 for large text). Empty when there is nothing.
     */
    @SuppressWarnings("unchecked")
    List<String> accessibilityProblems() {
        return (List<String>) script("""
                const problems = [];
                const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '');
                document.querySelectorAll('input, select, textarea').forEach(el => {
                    if (el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label')) problems.push('no label: ' + name(el));
                });
                document.querySelectorAll('img').forEach(el => { if (!el.hasAttribute('alt')) problems.push('no alt: ' + name(el)); });
                document.querySelectorAll('[tabindex]').forEach(el => {
                    const t = parseInt(el.getAttribute('tabindex'));
                    if (t !== 0 && !(t === -1 && el.id === 'main')) problems.push('tabindex ' + t + ': ' + name(el));
                });
                document.querySelectorAll('[onclick]').forEach(el => {
                    if (!el.matches('a[href], button, input, select, textarea, summary')) problems.push('not keyboard reachable: ' + name(el));
                });
                const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
                const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                                   return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
                const background = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor; const a = rgb(c);
                                   if (a.length === 3 || (a.length === 4 && a[3] > 0)) return c; } return 'rgb(255, 255, 255)'; };
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                const seen = new Set();
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    const el = node.parentElement;
                    if (!node.textContent.trim() || seen.has(el) || el.closest('script, style, .skip')) continue;
                    seen.add(el);
                    const style = getComputedStyle(el);
                    if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
                    const l1 = lum(style.color), l2 = lum(background(el));
                    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && parseInt(style.fontWeight) >= 700);
                    if (ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ': ' + name(el) + ' "' + node.textContent.trim().slice(0, 30) + '"');
                }
                return problems;""");
    }

    /** The driver, for keyboard actions. */
    org.openqa.selenium.WebDriver driver() {
        return driver;
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String page() {
        return driver.getPageSource();
    }

    void refresh() {
        driver.navigate().refresh();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The console's session cookie, to fetch a download as this person would. */
    String sessionCookie() {
        Cookie session = driver.manage().getCookieNamed("MIANSHEN_CONSOLE");
        return session == null ? "" : "MIANSHEN_CONSOLE=" + session.getValue();
    }

    /** Saves the page as it looks now, under target/ ({@code name}.png). */
    Path screenshot(String name) throws IOException {
        Path shot = screenshots.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        return shot;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
