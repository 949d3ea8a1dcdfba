package com.theeye.query;

import com.theeye.http.ApiGatewayHandler;
import com.theeye.http.ApiPriming;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SnapStart priming for the query function: a session query and a sharded time-range query that
 * {@link ApiGatewayHandler} sends through the function's own path before the snapshot, so a
 * restored environment finds its classes loaded, its hot methods compiled and the DynamoDB client's
 * Query path already taken. The live service answers them ({@link QueryService#prime}): it only
 * reads, and the session is random and the range lies in 2000, so both come back empty. The cursor
 * key is read on the way, so a readable secret is in the snapshot; one that cannot be read yet (the
 * role's policy not yet propagated while the version is published) neither fails nor holds up
 * priming: its queries sign with a throwaway key, and the first request reads the secret again.
 */
final class QueryPriming {

  /** Each round is a few Queries plus microseconds of work; enough for C1 to compile the path. */
  static final int ROUNDS = 10;

  private QueryPriming() {}

  static ApiPriming of(QueryService live) {
    return new ApiPriming(
        live::prime,
        List.of(
            new ApiPriming.Exchange(get(Map.of("session_id", UUID.randomUUID().toString())), 200),
            new ApiPriming.Exchange(
                get(
                    Map.of(
                        "from",
                        "2000-01-01T00:00:00Z",
                        "to",
                        "2000-01-01T00:01:00Z",
                        "limit",
                        "10")),
                200)),
        ROUNDS);
  }

  private static HttpRequest get(Map<String, String> parameters) {
    return new HttpRequest(
        "GET", ApiResource.EVENTS.path() + "/", Map.of(), parameters, new byte[0]);
  }
}
