package io.wattward.cockpit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wattward serve}: the web cockpit. Reads ClickHouse only (the roll-ups, node attributes, quota status,
 * anomalies) through the project's connector, and writes one thing: an operator's acknowledgement or
 * silence of an anomaly ({@link AnomalyActions}).
 *
 * <p>Pages: {@code /node?id=<node id>} for any node (hospital, building, department, floor, room, system,
 * device), drawn in the browser by {@code cockpit.js} from the JSON endpoints under {@code /api/}; ECharts is
 * served from its WebJar at {@code /webjars/}. Every page and endpoint needs a signed-in user
 * ({@link CockpitUsers}); acknowledging and silencing need the operator role, and a header a cross-site form
 * cannot send. The session cookie is HttpOnly and SameSite=Strict.
 */
public final class CockpitServer implements AutoCloseable {

  /** How the cockpit is started: where it listens, what it reads, in which language, who may sign in. */
  public record Settings(String host, int port, ClickHouseEndpoint clickhouse, ZoneId zone, Language language,
      CockpitUsers users, Supplier<Instant> fixedAsOf, boolean secureCookie,
      Map<String, Map<String, WattwardConfig.Range>> rangeProfiles) {}

  static final String COOKIE = "wattward_cockpit";
  static final String ACTION_HEADER = "X-WattWard-Action";
  private static final Logger LOG = LoggerFactory.getLogger(CockpitServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final CockpitData data;
  private final AnomalyActions actions;
  private final Phrases text;
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final Javalin app;

  private interface Api {
    Object answer(Context x, CockpitUsers.User user) throws Exception;
  }

  public CockpitServer(Settings settings) {
    this.settings = settings;
    ClickHouseRows rows = new ClickHouseRows(settings.clickhouse());
    this.text = new Phrases(settings.language(), "wattward/cockpit/text");
    this.data = new CockpitData(rows, new CockpitQueries(settings.zone()), Terms.of(settings.language()), text,
        settings.fixedAsOf(), settings.rangeProfiles());
    this.actions = new AnomalyActions(rows);
    ResourceBundle bundle = settings.language().bundle("wattward/cockpit/text");
    for (Enumeration<String> keys = bundle.getKeys(); keys.hasMoreElements(); ) {
      String k = keys.nextElement();
      texts.put(k, bundle.getString(k));
    }
    this.app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.startup.startupWatcherEnabled = false;
      QueuedThreadPool threads = new QueuedThreadPool(16, 2);
      threads.setName("cockpit-http");
      c.jetty.threadPool = threads;
      c.staticFiles.enableWebjars();
      c.routes.get("/", this::start);
      c.routes.get("/login", x -> html(x, 200, loginPage(x.queryParam("next"), false)));
      c.routes.post("/login", this::signIn);
      c.routes.post("/logout", this::signOut);
      c.routes.get("/node", this::nodePage);
      c.routes.get("/static/cockpit.js", x -> resource(x, "cockpit.js", "text/javascript; charset=utf-8"));
      c.routes.get("/static/cockpit.css", x -> resource(x, "cockpit.css", "text/css; charset=utf-8"));
      api(c, "/api/text", (x, u) -> Map.of("lang", settings.language().tag(), "text", texts,
          "user", u.name(), "role", u.role().code()));
      api(c, "/api/node", (x, u) -> data.node(id(x)));
      api(c, "/api/trend", (x, u) -> data.trend(id(x), energy(x), param(x, "res", "1h")));
      api(c, "/api/months", (x, u) -> data.months(id(x), energy(x)));
      api(c, "/api/heatmap", (x, u) -> data.heatmap(id(x), energy(x)));
      api(c, "/api/rankings", (x, u) -> data.rankings());
      api(c, "/api/quotas", (x, u) -> data.quotas());
      api(c, "/api/anomalies", (x, u) -> data.anomalies(id(x)));
      api(c, "/api/environment", (x, u) -> data.environment(id(x)));
      c.routes.post("/api/anomalies/acknowledge", x -> act(x, false));
      c.routes.post("/api/anomalies/silence", x -> act(x, true));
    });
  }

  /** Starts listening; returns the port (useful when 0 was asked for). */
  public int start() {
    app.start(settings.host(), settings.port());
    int port = app.port();
    LOG.info("cockpit on http://{}:{}/ reading {}", settings.host(), port, settings.clickhouse());
    return port;
  }

  @Override
  public void close() {
    app.stop();
  }

  private void start(Context x) throws Exception {
    if (user(x) == null) {
      x.redirect("/login");
      return;
    }
    String hospital = data.hospital();
    if (hospital == null) {
      html(x, 200, shell(text.get("empty.title"), "<p class=\"empty\">" + esc(text.get("empty.noData")) + "</p>"));
      return;
    }
    x.redirect("/node?id=" + URLEncoder.encode(hospital, StandardCharsets.UTF_8));
  }

  private void nodePage(Context x) {
    if (user(x) == null) {
      String next = "/node?id=" + URLEncoder.encode(param(x, "id", ""), StandardCharsets.UTF_8);
      x.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      return;
    }
    html(x, 200, shell(text.get("title"), "<div id=\"app\" data-node=\"" + esc(id(x)) + "\"></div>"
        + "<script src=\"/webjars/echarts/5.3.1/dist/echarts.min.js\"></script>"
        + "<script src=\"/static/cockpit.js\"></script>"));
  }

  private void signIn(Context x) {
    String name = x.formParam("user");
    String password = x.formParam("password");
    String from = x.req().getRemoteAddr();
    String token = settings.users().signIn(name, password == null ? new char[0] : password.toCharArray(), from);
    String next = x.formParam("next");
    if (token == null) {
      long locked = settings.users().lockedForMs(name, from);
      LOG.warn("cockpit: sign-in refused for {} from {}{}", printable(name), from,
          locked > 0 ? " (locked out after " + CockpitUsers.MAX_FAILURES + " failures)" : "");
      html(x, locked > 0 ? 429 : 401, loginPage(next, true, locked));
      return;
    }
    LOG.info("cockpit: {} signed in from {}", printable(name), x.req().getRemoteAddr());
    x.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
        + (settings.secureCookie() ? "; Secure" : ""));
    // only a local path: never an open redirect to another site
    x.redirect(next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/");
  }

  private void signOut(Context x) {
    settings.users().signOut(x.cookie(COOKIE));
    x.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    x.redirect("/login");
  }

  private void api(io.javalin.config.JavalinConfig c, String path, Api api) {
    c.routes.get(path, x -> {
      CockpitUsers.User u = user(x);
      if (u == null) {
        json(x, 401, Map.of("error", text.get("error.signIn")));
        return;
      }
      try {
        json(x, 200, api.answer(x, u));
      } catch (IllegalArgumentException e) {
        json(x, 400, Map.of("error", e.getMessage()));
      } catch (Exception e) {
        LOG.error("cockpit: {} failed: {}", path, e.toString());
        json(x, 503, Map.of("error", text.get("error.clickhouse")));
      }
    });
  }

  private void act(Context x, boolean silence) throws IOException {
    CockpitUsers.User u = user(x);
    if (u == null) {
      json(x, 401, Map.of("error", text.get("error.signIn")));
      return;
    }
    if (u.role() != CockpitUsers.Role.OPERATOR) {
      LOG.warn("cockpit: viewer {} tried to {} anomaly {}", u.name(), silence ? "silence" : "acknowledge",
          printable(x.formParam("id")));
      json(x, 403, Map.of("error", text.get("error.operatorOnly")));
      return;
    }
    if (!"1".equals(x.header(ACTION_HEADER))) {
      json(x, 403, Map.of("error", "missing " + ACTION_HEADER));
      return;
    }
    String id = x.formParam("id");
    if (id == null || id.isBlank() || id.length() > 512) {
      json(x, 400, Map.of("error", "id"));
      return;
    }
    try {
      AnomalyActions.Outcome outcome;
      if (silence) {
        int hours = Integer.parseInt(param(x, "hours", x.formParam("hours") == null ? "24" : x.formParam("hours")));
        outcome = actions.silence(id, u.name(), Instant.now(), Duration.ofHours(hours));
      } else {
        outcome = actions.acknowledge(id, u.name(), Instant.now());
      }
      if (outcome == AnomalyActions.Outcome.NO_SUCH_ANOMALY) {
        json(x, 404, Map.of("error", text.get("error.noAnomaly")));
        return;
      }
      LOG.info("cockpit: {} {} anomaly {}", u.name(), silence ? "silenced" : "acknowledged", printable(id));
      json(x, 200, Map.of("done", true, "id", id, "by", u.name()));
    } catch (NumberFormatException e) {
      json(x, 400, Map.of("error", "hours"));
    } catch (IllegalArgumentException e) {
      json(x, 400, Map.of("error", e.getMessage()));
    } catch (Exception e) {
      LOG.error("cockpit: the action on {} could not be stored: {}", printable(id), e.toString());
      json(x, 503, Map.of("error", text.get("error.clickhouse")));
    }
  }

  private CockpitUsers.User user(Context x) {
    return settings.users().session(x.cookie(COOKIE));
  }

  private static String id(Context x) {
    String id = x.queryParam("id");
    if (id == null || id.isBlank() || id.length() > 300 || !id.matches("[\\p{L}\\p{N}_./ -]+")) {
      throw new IllegalArgumentException("id must be a node id such as PPH/MAIN/IP2");
    }
    return id;
  }

  private static String energy(Context x) {
    return CockpitQueries.energyType(param(x, "energy", "ELECTRICITY"));
  }

  private static String param(Context x, String name, String fallback) {
    String v = x.queryParam(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private String loginPage(String next, boolean failed) {
    return loginPage(next, failed, 0);
  }

  private String loginPage(String next, boolean failed, long lockedForMs) {
    String form = "<form class=\"login\" method=\"post\" action=\"/login\">"
        + "<h1>" + esc(text.get("login.title")) + "</h1>"
        + (failed ? "<p class=\"error\" id=\"login-error\">" + esc(lockedForMs > 0
            ? text.get("login.locked", String.valueOf((lockedForMs + 59_999) / 60_000)) : text.get("login.failed"))
            + "</p>" : "")
        + "<label>" + esc(text.get("login.user")) + " <input name=\"user\" id=\"user\" autocomplete=\"username\"></label>"
        + "<label>" + esc(text.get("login.password")) + " <input name=\"password\" id=\"password\" type=\"password\""
        + " autocomplete=\"current-password\"></label>"
        + "<input type=\"hidden\" name=\"next\" value=\"" + esc(next == null ? "/" : next) + "\">"
        + "<button type=\"submit\" id=\"sign-in\">" + esc(text.get("login.submit")) + "</button></form>";
    return shell(text.get("login.title"), form);
  }

  private String shell(String title, String body) {
    return "<!DOCTYPE html><html lang=\"" + settings.language().tag() + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title)
        + "</title><link rel=\"stylesheet\" href=\"/static/cockpit.css\"></head><body>" + body + "</body></html>";
  }

  private static void resource(Context x, String name, String type) throws IOException {
    try (InputStream in = CockpitServer.class.getResourceAsStream("/wattward/cockpit/static/" + name)) {
      if (in == null) {
        x.status(404);
        return;
      }
      x.contentType(type);
      x.header("Cache-Control", "no-cache");
      x.result(in.readAllBytes());
    }
  }

  private static void html(Context x, int status, String page) {
    headers(x);
    x.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    x.contentType("text/html; charset=utf-8");
    x.status(status).result(page.getBytes(StandardCharsets.UTF_8));
  }

  private static void json(Context x, int status, Object body) throws IOException {
    headers(x);
    x.contentType("application/json; charset=utf-8");
    x.status(status).result(JSON.writeValueAsBytes(body));
  }

  private static void headers(Context x) {
    x.header("Cache-Control", "no-store");
    x.header("X-Content-Type-Options", "nosniff");
    x.header("X-Frame-Options", "DENY");
    x.header("Referrer-Policy", "same-origin");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String printable(String s) {
    if (s == null) {
      return "-";
    }
    String p = s.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }
}
