package com.theeye.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How {@code make run} runs The Eye on a developer's machine, read once from the environment.
 *
 * @param host address the local API listens on ({@code EYE_HOST}, default 127.0.0.1)
 * @param port its port ({@code EYE_PORT}, default 8000, as the seed's curl examples use)
 * @param dataDirectory where dynalite keeps the tables across restarts ({@code EYE_DATA_DIR},
 *     default .local-data)
 * @param defaultApplication trusted application registered at start ({@code
 *     EYE_DEFAULT_APPLICATION}; {@code none} registers none)
 * @param queue the events queue's settings, as the template's defaults set them
 * @param drainTimeout how long Ctrl-C waits for the queue to empty before stopping the emulators
 * @param cors what the local gateway answers browsers, as template.yaml's CorsConfiguration; the
 *     origins from {@code EYE_ALLOWED_ORIGINS} (default: the AllowedOrigins parameter's, {@code *})
 */
public record LocalSettings(
    String host,
    int port,
    Path dataDirectory,
    Optional<UUID> defaultApplication,
    QueueSettings queue,
    Duration drainTimeout,
    CorsSettings cors) {

  /** The seed README's application id, so its curl example works verbatim. */
  public static final UUID SEED_APPLICATION =
      UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  /** The queue attributes that shape retries: the same defaults as template.yaml's parameters. */
  public record QueueSettings(Duration visibilityTimeout, int maxReceiveCount, int batchSize) {
    /**
     * template.yaml: ProcessorTimeout 30 s, VisibilityTimeout 6 x 30 s, MaxReceiveCount 5,
     * BatchSize 10.
     */
    public static final QueueSettings TEMPLATE_DEFAULTS =
        new QueueSettings(Duration.ofSeconds(180), 5, 10);
  }

  /** Settings with CORS as the template's defaults set it. */
  public LocalSettings(
      String host,
      int port,
      Path dataDirectory,
      Optional<UUID> defaultApplication,
      QueueSettings queue,
      Duration drainTimeout) {
    this(
        host,
        port,
        dataDirectory,
        defaultApplication,
        queue,
        drainTimeout,
        CorsSettings.TEMPLATE_DEFAULTS);
  }

  /**
   * template.yaml's HttpApi {@code CorsConfiguration}; {@code allowOrigins} is its AllowedOrigins
   * parameter. CorsMatchesTemplateTest keeps the two equal.
   */
  public record CorsSettings(
      List<String> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      int maxAgeSeconds) {

    public static final CorsSettings TEMPLATE_DEFAULTS =
        new CorsSettings(
            List.of("*"),
            List.of("GET", "POST", "OPTIONS"),
            List.of("application", "content-type", "authorization", "x-retry-count"),
            List.of("retry-after"),
            600);

    public CorsSettings {
      allowOrigins = List.copyOf(allowOrigins);
      allowMethods = List.copyOf(allowMethods);
      allowHeaders = List.copyOf(allowHeaders);
      exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** The same settings for other origins: {@code *}, or comma-separated scheme://host[:port]. */
    public CorsSettings withAllowOrigins(String commaSeparated) {
      List<String> origins =
          Arrays.stream(commaSeparated.split(","))
              .map(String::strip)
              .filter(o -> !o.isEmpty())
              .toList();
      for (String origin : origins) {
        if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
          throw new IllegalArgumentException(
              "EYE_ALLOWED_ORIGINS must be * or comma-separated origins like"
                  + " http://localhost:3000, was '"
                  + commaSeparated
                  + "'");
        }
      }
      if (origins.isEmpty()) {
        throw new IllegalArgumentException("EYE_ALLOWED_ORIGINS must name at least one origin");
      }
      return new CorsSettings(origins, allowMethods, allowHeaders, exposeHeaders, maxAgeSeconds);
    }

    private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#\\s]+");
  }

  /** The same settings on another port (0 picks a free one). */
  public LocalSettings withPort(int newPort) {
    return new LocalSettings(
        host, newPort, dataDirectory, defaultApplication, queue, drainTimeout, cors);
  }

  public static LocalSettings fromEnv(Map<String, String> env) {
    String application =
        env.getOrDefault("EYE_DEFAULT_APPLICATION", SEED_APPLICATION.toString()).strip();
    Optional<UUID> defaultApplication;
    try {
      defaultApplication =
          application.equalsIgnoreCase("none")
              ? Optional.empty()
              : Optional.of(UUID.fromString(application));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "EYE_DEFAULT_APPLICATION must be a UUID or 'none', was '" + application + "'", e);
    }
    return new LocalSettings(
        env.getOrDefault("EYE_HOST", "127.0.0.1"),
        port(env.getOrDefault("EYE_PORT", "8000")),
        Path.of(env.getOrDefault("EYE_DATA_DIR", ".local-data")).toAbsolutePath(),
        defaultApplication,
        QueueSettings.TEMPLATE_DEFAULTS,
        Duration.ofSeconds(30),
        CorsSettings.TEMPLATE_DEFAULTS.withAllowOrigins(
            env.getOrDefault(
                "EYE_ALLOWED_ORIGINS",
                String.join(",", CorsSettings.TEMPLATE_DEFAULTS.allowOrigins()))));
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("EYE_PORT must be a port number, was '" + text + "'", e);
    }
  }
}
