package com.theeye.operator.smoke;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs the query API's GET requests the way API Gateway's IAM authorizer checks them: SigV4 for
 * service {@code execute-api}, with the SDK's signer and credentials from the default chain
 * (environment, profile, SSO, instance role). Loopback URLs (the local runner) are left unsigned.
 * {@code make tail} signs its reads with it too.
 */
public final class RequestSigner {

  /**
   * java.net.http sets these itself and refuses them from callers; the signed value is the same.
   */
  private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length");

  private final AwsCredentialsProvider credentials;
  private final String region;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  RequestSigner(AwsCredentialsProvider credentials, String region) {
    this.credentials = credentials;
    this.region = region;
  }

  /**
   * A signer for {@code base}, or none when it is loopback. The region comes from an execute-api
   * host name ({@code <api>.execute-api.<region>.amazonaws.com}), else from {@code AWS_REGION}.
   */
  public static RequestSigner forBase(URI base, Map<String, String> env) {
    if (isLoopback(base)) {
      return null;
    }
    return new RequestSigner(DefaultCredentialsProvider.builder().build(), region(base, env));
  }

  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  static String region(URI base, Map<String, String> env) {
    String[] labels = base.getHost().split("\\.");
    for (int i = 0; i + 1 < labels.length; i++) {
      if (labels[i].equals("execute-api")) {
        return labels[i + 1];
      }
    }
    String region = env.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          base.getHost()
              + " is not an execute-api host name: set AWS_REGION to the API's region to sign for it");
    }
    return region.strip();
  }

  /** The same GET with SigV4's headers added. */
  public HttpRequest.Builder signGet(URI uri, HttpRequest.Builder builder) {
    SdkHttpRequest request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.GET).build();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      if (!SET_BY_CLIENT.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
        header.getValue().forEach(value -> builder.header(header.getKey(), value));
      }
    }
    return builder;
  }
}
