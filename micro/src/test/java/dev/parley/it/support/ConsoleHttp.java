package dev.parley.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console over plain HTTP, logged in as the admin through its login form: for tests that read what a
 * console page says (or what it makes the database do) without a browser's cost.
 */
public final class ConsoleHttp {

    private static final Pattern VIEW_STATE =
            Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http;
    private final URI base;

    private ConsoleHttp(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    public static ConsoleHttp loggedIn(Parley parley) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        ConsoleHttp console = new ConsoleHttp(http, parley.base());
        String form = console.send(HttpRequest.newBuilder(parley.base().resolve("admin/login.xhtml")))
                .body();
        Matcher viewState = VIEW_STATE.matcher(form);
        assertThat(viewState.find()).as("login form").isTrue();
        String body = Map.of(
                        "login",
                        "login",
                        "login:username",
                        ParleyServer.ADMIN_USER,
                        "login:password",
                        ParleyServer.ADMIN_PASSWORD,
                        "login:submit",
                        "Log in",
                        "jakarta.faces.ViewState",
                        viewState.group(1))
                .entrySet()
                .stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        console.send(HttpRequest.newBuilder(parley.base().resolve("admin/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return console;
    }

    /** A console page ({@code admin/…}), checked to be the page asked for and not the login form. */
    public String page(String path) throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(base.resolve(path)));
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        assertThat(page.uri().getPath()).as(path + " (not the login page)").doesNotContain("login");
        return page.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
