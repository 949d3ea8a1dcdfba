package com.theeye.testsupport;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in Docker, through Testcontainers: the same tests against a fuller emulation, where
 * Docker runs.
 */
final class LocalStackBackend implements EmulatorBackend {

  /**
   * Pinned to 4.14.0, the last community release: since March 2026 {@code latest} (and the calendar
   * versions after 4.14) need a LocalStack auth token. Bump deliberately and run {@code make
   * test-localstack} on a machine with Docker.
   */
  static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

  private final LocalStackContainer container;

  private LocalStackBackend(LocalStackContainer container) {
    this.container = container;
  }

  /** Whether a Docker engine answers; Testcontainers asks once and remembers. */
  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static LocalStackBackend start() {
    LocalStackContainer container =
        new LocalStackContainer(IMAGE).withServices(Service.SQS, Service.DYNAMODB);
    container.start();
    return new LocalStackBackend(container);
  }

  @Override
  public String description() {
    return "LocalStack " + IMAGE.getVersionPart() + " at " + container.getEndpoint();
  }

  @Override
  public URI sqsEndpoint() {
    return container.getEndpoint();
  }

  @Override
  public URI dynamoDbEndpoint() {
    return container.getEndpoint();
  }

  @Override
  public void close() {
    container.stop();
  }
}
