package com.theeye.query;

import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The arrivals of a deployed stack: the INSERT records of the DynamoDB Streams (view type {@code
 * NEW_IMAGE}) of the Events table, each an event stored, and of the InvalidEvents table, each an
 * event kept as invalid. Nothing is written per event to make them: the stream holds each item
 * DynamoDB wrote, for 24 hours, and is billed per GetRecords request, not per record. Events still
 * queued and duplicates (a put that wrote nothing) are in no stream, so this feed records neither.
 *
 * <p>A position ({@link StreamPosition}) holds, per shard, the last sequence number read, or, for a
 * shard nothing was read from yet, a shard iterator while it is fresh (they expire after 15
 * minutes: "GetShardIterator", DynamoDB Streams API reference). A new position starts at the open
 * shards' latest records, or, when asked for arrivals from an earlier time, at their oldest records
 * with the older ones skipped: shards closed before the position was made are not read, so {@code
 * from} reaches back only to the start of the open shards. A shard that closes is read to its end
 * and replaced by its children ("DynamoDB Streams: shards", developer guide: a parent's records
 * come before its children's). A sequence number trimmed after 24 hours sends the reader to the
 * oldest record still there, and the answer says arrivals may be missing.
 *
 * <p>Each read makes one GetRecords call per followed shard; {@link #await} waits {@link
 * #POLL_INTERVAL}, so a waiting reader costs about one request per shard per second. AWS advises at
 * most two readers per shard at a time ("DynamoDB Streams" quotas): more inspectors than that may
 * be throttled, which a read takes as nothing new yet.
 */
public final class StreamArrivals implements ArrivalFeed {

  /** How often a waiting reader reads the streams again. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** Iterators expire 15 minutes after they are issued; a minute less leaves room for clocks. */
  static final Duration ITERATOR_FRESH_FOR = Duration.ofMinutes(14);

  /** GetRecords returns at most 1,000 records (or 1 MB) a call. */
  static final int MAX_RECORDS = 1000;

  /** A position asking for arrivals from no earlier than this before now starts at the latest. */
  static final Duration LIVE = Duration.ofSeconds(1);

  static final String EVENTS = "e";
  static final String INVALID_EVENTS = "i";

  private static final String TRIMMED =
      "Some arrivals may be missing: DynamoDB Streams keeps records for 24 hours, and some this"
          + " cursor had not read yet were trimmed. Reading goes on from the oldest records left.";

  private final DynamoDbStreamsClient streams;
  private final Map<String, String> arns = new LinkedHashMap<>();
  private final Clock clock;

  public StreamArrivals(
      DynamoDbStreamsClient streams,
      String eventsStreamArn,
      String invalidEventsStreamArn,
      Clock clock) {
    this.streams = streams;
    this.arns.put(EVENTS, eventsStreamArn);
    this.arns.put(INVALID_EVENTS, invalidEventsStreamArn);
    this.clock = clock;
  }

  @Override
  public List<Outcome> outcomes() {
    return List.of(Outcome.STORED, Outcome.INVALID);
  }

  @Override
  public String start(Instant from) {
    Instant now = clock.instant();
    boolean live = !from.isBefore(now.minus(LIVE));
    Map<String, Map<String, StreamPosition.Mark>> marks = new LinkedHashMap<>();
    arns.forEach(
        (stream, arn) -> {
          Map<String, StreamPosition.Mark> shards = new LinkedHashMap<>();
          for (Shard shard : describe(arn)) {
            if (shard.sequenceNumberRange().endingSequenceNumber() == null) {
              shards.put(
                  shard.shardId(),
                  live
                      ? new StreamPosition.Iterator(
                          iterator(arn, shard.shardId(), ShardIteratorType.LATEST, null), now)
                      : new StreamPosition.Horizon());
            }
          }
          marks.put(stream, shards);
        });
    return new StreamPosition(from, marks).encode();
  }

  @Override
  public Read read(String encoded, int max) {
    StreamPosition position = StreamPosition.decode(encoded);
    if (!position.streams().keySet().equals(arns.keySet())) {
      throw new IllegalArgumentException("not a position of these streams");
    }
    Map<String, Map<String, StreamPosition.Mark>> marks = position.streams();
    List<Step> steps = new ArrayList<>();
    boolean more = false;
    boolean trimmed = false;
    int limit = Math.max(1, Math.min(max, MAX_RECORDS));
    for (Map.Entry<String, String> stream : arns.entrySet()) {
      Map<String, StreamPosition.Mark> shards = marks.get(stream.getKey());
      Optional<List<Shard>> description = Optional.empty();
      for (String shardId : List.copyOf(shards.keySet())) {
        ShardRead read = readShard(stream.getValue(), shardId, shards.get(shardId), limit);
        trimmed |= read.trimmed();
        more |= read.records().size() >= limit;
        for (Record record : read.records()) {
          shards.put(shardId, new StreamPosition.After(record.dynamodb().sequenceNumber()));
          Optional<Arrival> arrival = arrival(stream.getKey(), record, position.from());
          if (arrival.isPresent()) {
            steps.add(new Step(arrival.get(), new StreamPosition(position.from(), marks).encode()));
          }
        }
        shards.put(shardId, read.next());
        if (read.next() instanceof StreamPosition.Finished) {
          if (description.isEmpty()) {
            description = Optional.of(describe(stream.getValue()));
          }
          adoptChildren(shards, shardId, description.get());
        }
      }
    }
    return new Read(
        steps,
        new StreamPosition(position.from(), marks).encode(),
        more,
        trimmed ? Optional.of(new Resumed("trimmed", TRIMMED)) : Optional.empty());
  }

  @Override
  public void await(String position, Instant until) throws InterruptedException {
    Duration left = Duration.between(clock.instant(), until);
    if (!left.isNegative()) {
      Thread.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
    }
  }

  /**
   * What one shard's read gave: its records in order, its mark after them ({@link
   * StreamPosition.Finished} once it is closed and read to its end), and whether records the mark
   * pointed at had been trimmed.
   */
  private record ShardRead(List<Record> records, StreamPosition.Mark next, boolean trimmed) {}

  private ShardRead readShard(String arn, String shardId, StreamPosition.Mark mark, int limit) {
    if (mark instanceof StreamPosition.Finished) {
      return new ShardRead(List.of(), mark, false);
    }
    boolean trimmed = false;
    String iterator;
    try {
      iterator = iteratorFor(arn, shardId, mark);
    } catch (TrimmedDataAccessException e) {
      trimmed = true;
      iterator = iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
    } catch (ResourceNotFoundException e) {
      // The shard itself is gone: more than 24 hours old. Its children take over.
      return new ShardRead(List.of(), new StreamPosition.Finished(), true);
    }
    GetRecordsResponse response;
    try {
      response = getRecords(iterator, limit);
    } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
      // An expired iterator means nothing was read since: the oldest record on is what follows
      // (the position's from skips the older ones). A trimmed one lost records.
      trimmed |= e instanceof TrimmedDataAccessException || mark instanceof StreamPosition.After;
      response = getRecords(iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null), limit);
    } catch (LimitExceededException e) {
      // Throttled (more readers of the shard than it serves at once): nothing new this time.
      return new ShardRead(List.of(), mark, false);
    }
    List<Record> records = response.records();
    StreamPosition.Mark next;
    if (response.nextShardIterator() == null) {
      next = new StreamPosition.Finished();
    } else if (!records.isEmpty()) {
      next = new StreamPosition.After(records.getLast().dynamodb().sequenceNumber());
    } else if (mark instanceof StreamPosition.After) {
      next = mark;
    } else {
      // Still nothing read: keep where this read ended, so an idle shard is not read from its
      // oldest record again next time.
      next = new StreamPosition.Iterator(response.nextShardIterator(), clock.instant());
    }
    return new ShardRead(records, next, trimmed);
  }

  private String iteratorFor(String arn, String shardId, StreamPosition.Mark mark) {
    return switch (mark) {
      case StreamPosition.Iterator fresh
          when clock.instant().isBefore(fresh.issued().plus(ITERATOR_FRESH_FOR)) ->
          fresh.iterator();
      case StreamPosition.After after ->
          iterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after.sequenceNumber());
      default -> iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
    };
  }

  private String iterator(String arn, String shardId, ShardIteratorType type, String after) {
    return streams
        .getShardIterator(
            b -> b.streamArn(arn).shardId(shardId).shardIteratorType(type).sequenceNumber(after))
        .shardIterator();
  }

  private GetRecordsResponse getRecords(String iterator, int limit) {
    return streams.getRecords(b -> b.shardIterator(iterator).limit(limit));
  }

  /** Every shard of the stream, following DescribeStream's pages. */
  private List<Shard> describe(String arn) {
    List<Shard> shards = new ArrayList<>();
    String after = null;
    do {
      String exclusiveStart = after;
      var description =
          streams
              .describeStream(b -> b.streamArn(arn).exclusiveStartShardId(exclusiveStart))
              .streamDescription();
      shards.addAll(description.shards());
      after = description.lastEvaluatedShardId();
    } while (after != null);
    return shards;
  }

  /**
   * Follows the children of a shard read to its end, from their oldest records; the shard is
   * dropped once it has one. Without children yet it stays, finished, and is looked at again.
   */
  private static void adoptChildren(
      Map<String, StreamPosition.Mark> shards, String parent, List<Shard> description) {
    boolean adopted = false;
    for (Shard shard : description) {
      if (parent.equals(shard.parentShardId()) && !shards.containsKey(shard.shardId())) {
        shards.put(shard.shardId(), new StreamPosition.Horizon());
        adopted = true;
      }
    }
    if (adopted || description.stream().noneMatch(s -> s.shardId().equals(parent))) {
      shards.remove(parent);
    }
  }

  /**
   * The arrival a record is, if any: an INSERT of an event (not the category list) or of an invalid
   * event, received at or after {@code from}. A replay's update of an invalid event is a MODIFY,
   * and no arrival.
   */
  private static Optional<Arrival> arrival(String stream, Record record, Instant from) {
    if (record.eventName() != OperationType.INSERT || record.dynamodb().newImage() == null) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = record.dynamodb().newImage();
    Instant at = record.dynamodb().approximateCreationDateTime();
    Arrival arrival;
    if (stream.equals(EVENTS)) {
      AttributeValue partition = item.get(TableLayout.SESSION_ID);
      if (partition == null || TableLayout.CATEGORY_LIST.equals(partition.s())) {
        return Optional.empty();
      }
      arrival = Arrival.stored(EventItems.fromItem(item), at);
    } else {
      arrival = Arrival.invalid(InvalidEventItems.fromItem(item), at);
    }
    return arrival.receivedAt().isBefore(from) ? Optional.empty() : Optional.of(arrival);
  }
}
