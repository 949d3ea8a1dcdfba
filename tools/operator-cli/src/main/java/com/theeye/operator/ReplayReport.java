package com.theeye.operator;

import java.util.Optional;

/**
 * What a replay found and did.
 *
 * @param found invalid events in the window that match the filters
 * @param alreadyStored of those, stored by an earlier replay: not sent again
 * @param resent sent back to the queue (in a dry run: would have been)
 * @param outcomes once the queue drained, what the processor decided; empty when the replay could
 *     not tell (a dry run, nothing sent, or the queue did not drain in time)
 */
public record ReplayReport(
    long found, long alreadyStored, long resent, boolean dryRun, Optional<Outcomes> outcomes) {

  /** What the processor decided on the re-sent events. */
  public record Outcomes(long stored, long stillInvalid) {}

  /** The lines {@code make replay} prints. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("found ")
        .append(found)
        .append(" invalid event(s); ")
        .append(alreadyStored)
        .append(" already stored by an earlier replay\n");
    if (dryRun) {
      text.append("dry run: would re-send ").append(resent).append("; nothing sent or changed\n");
      return text.toString();
    }
    text.append("re-sent ").append(resent).append('\n');
    outcomes.ifPresentOrElse(
        o ->
            text.append("queue drained: ")
                .append(o.stored())
                .append(" stored, ")
                .append(o.stillInvalid())
                .append(" still invalid\n"),
        () -> {
          if (resent > 0) {
            text.append(
                "the queue did not drain in time: run again with --dry-run later to see the"
                    + " outcomes\n");
          }
        });
    return text.toString();
  }
}
