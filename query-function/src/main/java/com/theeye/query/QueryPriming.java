package com.theeye.query;

import com.theeye.http.ApiGatewayHandler;
import com.theeye.http.ApiPriming;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * SnapStart priming for the query function: a session query and a sharded time-range query that
 * {@link ApiGatewayHandler} sends through the function's own path before the snapshot, so a
 * restored environment finds its classes loaded, its hot methods compiled and the DynamoDB client's
 * Query path already taken. The live service answers them ({@link QueryService#prime}): it only
 * reads, and the session is random and the range lies in 2000, so both come back empty. The cursor
 * key is read on the way, so a readable secret is in the snapshot; one that cannot be read yet (the
 * role's policy not yet propagated while the version is published) neither fails nor holds up
 * priming: its queries sign with a throwaway key, and the first request reads the secret again.
 * With deletions wired, the status of a random deletion is asked too (a GetItem that finds nothing:
 * 404); a DELETE is never primed, since it writes.
 */
final class QueryPriming {

  /** Each round is a few Queries plus microseconds of work; enough for C1 to compile the path. */
  static final int ROUNDS = 10;

  private QueryPriming() {}

  /**
   * @param primed answers as the function does, its queries through {@link QueryService#prime}
   */
  static ApiPriming of(
      Function<HttpRequest, QueryOutcome> primed, Optional<DeletionRequests> deletions) {
    List<ApiPriming.Exchange> exchanges = new ArrayList<>();
    exchanges.add(
        new ApiPriming.Exchange(get(Map.of("session_id", UUID.randomUUID().toString())), 200));
    exchanges.add(
        new ApiPriming.Exchange(
            get(
                Map.of(
                    "from", "2000-01-01T00:00:00Z", "to", "2000-01-01T00:01:00Z", "limit", "10")),
            200));
    if (deletions.isPresent()) {
      exchanges.add(
          new ApiPriming.Exchange(
              new HttpRequest(
                  "GET",
                  DeletionRequests.statusPath(UUID.randomUUID()),
                  Map.of(),
                  Map.of(),
                  new byte[0]),
              404));
    }
    return new ApiPriming(primed, exchanges, ROUNDS);
  }

  private static HttpRequest get(Map<String, String> parameters) {
    return new HttpRequest(
        "GET", ApiResource.EVENTS.path() + "/", Map.of(), parameters, new byte[0]);
  }
}
