package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Uuids;
import com.theeye.http.ApiResource;
import com.theeye.store.DeletionSubject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a deletion's path and query string into the {@link DeletionSubject} it names, or into every
 * problem with it at once, in DRF's shape ({@code {"application": ["This field is required."]}}). A
 * person's id is read as the queries read {@code user_id}: trimmed, as the ingest trims what it
 * stores, and at most as long as the ingest takes it ({@link QueryParameters#text}); a session's
 * must be a UUID.
 */
final class SubjectParameters {

  static final String PERSON_USAGE = "Delete a person with application alone.";
  static final String SESSION_USAGE = "Delete a session with no parameter: its owner is found.";

  private static final Set<String> PERSON_PARAMETERS = Set.of("application");

  /** What the request named, or why it names nothing. */
  sealed interface Parsed {}

  /** A well-formed request for the deletion of {@code subject}. */
  record Valid(DeletionSubject subject) implements Parsed {}

  /** A bad request, with every problem found, keyed by field. */
  record Invalid(ObjectNode errors) implements Parsed {}

  private SubjectParameters() {}

  /**
   * @param resource {@link ApiResource#USER}, {@link ApiResource#ANONYMOUS} or {@link
   *     ApiResource#SESSION}
   * @param id the id the path names, as {@link ApiResource#id} reads it
   */
  static Parsed read(ApiResource resource, String id, Map<String, String> parameters) {
    QueryParameters.Errors errors = new QueryParameters.Errors();
    if (resource == ApiResource.SESSION) {
      unknown(parameters, Set.of(), SESSION_USAGE, errors);
      Optional<UUID> session = Uuids.parse(id);
      if (session.isEmpty()) {
        errors.add("session_id", QueryParameters.NOT_A_UUID);
      }
      return errors.none()
          ? new Valid(DeletionSubject.session(session.orElseThrow()))
          : new Invalid(errors.json());
    }
    unknown(parameters, PERSON_PARAMETERS, PERSON_USAGE, errors);
    String field = resource == ApiResource.USER ? "user_id" : "anonymous_id";
    String person = QueryParameters.text(Map.of(field, id), field, errors);
    UUID application = QueryParameters.uuid(parameters, "application", errors);
    if (!errors.none()) {
      return new Invalid(errors.json());
    }
    return new Valid(
        resource == ApiResource.USER
            ? DeletionSubject.user(application, person)
            : DeletionSubject.anonymous(application, person));
  }

  /** Every parameter not in {@code known}, paging's too: a deletion has no pages. */
  private static void unknown(
      Map<String, String> parameters,
      Set<String> known,
      String usage,
      QueryParameters.Errors errors) {
    parameters.keySet().stream()
        .filter(name -> !known.contains(name))
        .sorted()
        .forEach(
            name -> errors.add("non_field_errors", "Unknown parameter \"" + name + "\". " + usage));
  }
}
