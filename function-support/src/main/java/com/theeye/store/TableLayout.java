package com.theeye.store;

/**
 * The keys and indexes of The Eye's tables: the one definition that the functions, the emulators'
 * table creation ({@code com.theeye.emulators.Tables}) and the template checks share, so they
 * cannot drift apart. Attribute names are the stored names.
 *
 * <p>Events: partition {@code session_id}, sort {@code occurred_at_id} ({@code <timestamp>#<id>}),
 * so one session's events come back in the order they happened. Index {@code by-category}:
 * partition {@code category_shard} ({@code <category>#<shard>}), sorted by {@code occurred_at_id};
 * the shard spreads a busy category over several partitions; queries fan out over every shard and
 * merge by time. Every event in a time range is every category's: the partition {@link
 * #CATEGORY_LIST} of the same table lists the categories ever stored ({@link CategoryItems}), so
 * one index serves both queries and an event costs two writes, not three.
 *
 * <p>InvalidEvents: partition {@code id}, so a redelivered invalid event is stored once; index
 * {@code by-application} with partition {@code application_shard} and sort {@code received_at_id}.
 * Sessions: partition {@code session_id}. Applications: partition {@code application_id}.
 *
 * <p>Identities: partition {@code identity} ({@code user#<user_id>} or {@code
 * anon#<anonymous_id>}), sort {@code application_session} ({@code <application>#<session_id>}): the
 * sessions a person's events are in, so a query by person reads those sessions and no index is
 * written per event ({@link IdentityItems}).
 *
 * <p>Deletions: partition {@code deletion_key}: a deletion's job and audit record ({@code
 * deletion#<id>}) and a deleted subject's standing, suppression included ({@code
 * subject#<kind>#<application>#<hash>}): {@link DeletionItems}.
 *
 * <p>The other attributes of each table's items are named by its codec, beside this class: {@link
 * EventItems}, {@link InvalidEventItems}, {@link SessionItems}, {@link ApplicationItems}.
 */
public final class TableLayout {

  public static final String APPLICATION_ID = "application_id";

  public static final String SESSION_ID = "session_id";
  public static final String OCCURRED_AT_ID = "occurred_at_id";
  public static final String CATEGORY_SHARD = "category_shard";
  public static final String BY_CATEGORY_INDEX = "by-category";

  /**
   * The Events partition ({@code session_id}) of the category list: one item per category, its name
   * as the sort key. Never a session id (those are UUIDs), and without {@code category_shard} so it
   * stays out of the index.
   */
  public static final String CATEGORY_LIST = "#categories";

  public static final String INVALID_ID = "id";
  public static final String APPLICATION_SHARD = "application_shard";
  public static final String RECEIVED_AT_ID = "received_at_id";
  public static final String BY_APPLICATION_INDEX = "by-application";

  public static final String IDENTITY = "identity";
  public static final String APPLICATION_SESSION = "application_session";

  public static final String DELETION_KEY = "deletion_key";

  /**
   * Epoch seconds after which DynamoDB TTL may delete the item (only when retention is configured).
   */
  public static final String EXPIRES_AT = "expires_at";

  private TableLayout() {}

  /** A sort key: {@code <timestamp>#<id>}, unique, ordered by time (timestamps are fixed width). */
  public static String sortKey(String formattedTimestamp, String id) {
    return formattedTimestamp + "#" + id;
  }

  /** The {@code by-category} partition of {@code category}'s events in {@code shard}. */
  public static String categoryShard(String category, int shard) {
    return category + "#" + shard;
  }

  /** The Identities partition of a user id. */
  public static String userIdentity(String userId) {
    return "user#" + userId;
  }

  /** The Identities partition of an anonymous id. */
  public static String anonymousIdentity(String anonymousId) {
    return "anon#" + anonymousId;
  }

  /**
   * The Identities sort key of a session: its application first, so one application's are a prefix.
   */
  public static String applicationSession(String application, String session) {
    return application + "#" + session;
  }

  /** The {@code by-application} partition of an application's invalid events in {@code shard}. */
  public static String applicationShard(String application, int shard) {
    return application + "#" + shard;
  }
}
